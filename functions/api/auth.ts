/**
 * Who is calling: the claims API Gateway's JWT authorizer passes on (Cognito ID token custom
 * attributes `custom:unit` and `custom:role`; the local stack's tokens carry the same names).
 * The token itself was checked before the handler runs; here the claims are judged
 * (docs/api.md): `role=bureau` requires `unit=bureau`; `role=unit` requires a street or
 * an office id; anything else is an invalid token (401). A token living longer than 30 days, or
 * issued more than 5 minutes ahead, is refused too (`tokenTimesProblem`, domain/token-times.ts).
 *
 * @module
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { UnauthorizedError } from '#domain/errors';
import { tokenTimesProblem } from '#domain/token-times';
import { isOffice, isStreet, type OfficeId, type StreetId, type UnitId } from '#domain/units';

/** The caller: the bureau (sees everything) or one street or office. */
export type Caller = { kind: 'bureau'; unit: 'bureau' } | { kind: 'unit'; unit: StreetId | OfficeId };

type ClaimValue = string | number | boolean | string[] | undefined;

/** The claims of an API Gateway v2 event with a JWT authorizer, else null. */
export function claimsOf(event: APIGatewayProxyEventV2): Record<string, ClaimValue> | null {
  const context = event.requestContext as unknown as {
    authorizer?: { jwt?: { claims?: Record<string, ClaimValue> } };
  };
  const claims = context?.authorizer?.jwt?.claims;
  return claims && typeof claims === 'object' ? claims : null;
}

/**
 * The caller the claims describe.
 *
 * @throws UnauthorizedError when the claims are missing or name an invalid unit/role pair.
 */
export function callerFromClaims(
  claims: Record<string, ClaimValue> | null,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): Caller {
  if (!claims) {
    throw new UnauthorizedError('缺少访问令牌：请在请求头中提供 Authorization: Bearer <令牌>。');
  }
  const times = tokenTimesProblem(claims, nowSeconds);
  if (times) throw new UnauthorizedError(times);
  const unit = claims['custom:unit'];
  const role = claims['custom:role'];
  if (role === 'bureau' && unit === 'bureau') return { kind: 'bureau', unit: 'bureau' };
  if (role === 'unit' && typeof unit === 'string' && (isStreet(unit) || isOffice(unit))) {
    return { kind: 'unit', unit };
  }
  throw new UnauthorizedError(
    '访问令牌无效：custom:role 为 bureau 时 custom:unit 必须为 bureau；custom:role 为 unit 时 custom:unit 必须是街道或产业办编号。',
  );
}

/** The caller of an event (see {@link callerFromClaims}). */
export function callerOf(event: APIGatewayProxyEventV2): Caller {
  return callerFromClaims(claimsOf(event));
}

/** True when the caller may see what belongs to the unit (the bureau sees every unit). */
export function mayActFor(caller: Caller, unit: UnitId): boolean {
  return caller.kind === 'bureau' || caller.unit === unit;
}
