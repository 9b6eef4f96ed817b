/**
 * Local tokens: signing and verification for the local stack (jose, HS256 with a secret kept
 * in `.data/`). In AWS the HTTP API's JWT authorizer checks Cognito ID tokens instead; local
 * tokens carry the same claim names (`custom:unit`, `custom:role`), so the API handler reads
 * both alike (docs/api.md).
 *
 * @example
 * ```ts
 * import { loadOrCreateSecret, signLocalToken, verifyLocalToken } from '#adapters/jwt';
 * const secret = await loadOrCreateSecret('.data/jwt-secret');
 * const token = await signLocalToken(secret, { unit: 'changqing', role: 'unit' });
 * const claims = await verifyLocalToken(secret, token); // { 'custom:unit': 'changqing', ... }
 * ```
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { decodeJwt, errors, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { LkgError, ValidationError } from '#domain/errors';
import { tokenTimesProblem } from '#domain/token-times';
import { isOffice, isStreet, unitName } from '#domain/units';

/** The issuer of local tokens. */
export const LOCAL_ISSUER = 'lkg-local';
/** The audience of local tokens (the API). */
export const LOCAL_AUDIENCE = 'lkg-api';
/** Where the local stack keeps its signing secret, relative to the repository root. */
export const DEFAULT_SECRET_FILE = '.data/jwt-secret';

export type TokenRole = 'bureau' | 'unit';

/** The reason a token was refused, as the local API answers it (Chinese). */
export class InvalidTokenError extends LkgError {
  override readonly statusCode = 401;
  override readonly code = 'UNAUTHORIZED';
  constructor(
    message: string,
    readonly reason: 'missing' | 'expired' | 'signature' | 'malformed' | 'lifetime',
  ) {
    super(message);
  }
}

/**
 * Reads the local signing secret, creating it (32 random bytes, base64url, mode 0600) when the
 * file does not exist yet.
 */
export async function loadOrCreateSecret(file: string = DEFAULT_SECRET_FILE): Promise<Uint8Array> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    if (text.length >= 32) return new TextEncoder().encode(text);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const text = randomBytes(32).toString('base64url');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${text}\n`, { mode: 0o600 });
  await chmod(file, 0o600).catch(() => undefined);
  return new TextEncoder().encode(text);
}

/**
 * The role a token for this unit gets when none is asked: `bureau` for the bureau, else `unit`.
 */
export function defaultRole(unit: string): TokenRole {
  return unit === 'bureau' ? 'bureau' : 'unit';
}

/**
 * Checks a unit/role pair as docs/api.md requires: `bureau` goes with the unit `bureau`
 * only; `unit` with a street or an office id.
 *
 * @throws ValidationError (Chinese) naming what would be right.
 */
export function assertUnitRole(unit: string, role: string): asserts role is TokenRole {
  if (role === 'bureau') {
    if (unit !== 'bureau') {
      throw new ValidationError(
        `角色 bureau 只能配单位 bureau（${unitName('bureau')}），不能配“${unit}”；街道或产业办请用 --role unit。`,
      );
    }
    return;
  }
  if (role === 'unit') {
    if (!isStreet(unit) && !isOffice(unit)) {
      throw new ValidationError(
        unit === 'bureau'
          ? '单位 bureau 的角色只能是 bureau；请去掉 --role unit 或改为 --role bureau。'
          : `单位“${unit}”不是街道或产业办的编号：可填写 wujiashan、changqing、jidian 等（见 docs/policy.md），区商务局用 bureau。`,
      );
    }
    return;
  }
  throw new ValidationError(`角色“${role}”无效：应为 bureau 或 unit。`);
}

/**
 * Signs a local ID-like token (HS256) for a unit.
 *
 * @param options.expiresIn jose duration (default `7d`), or seconds since the epoch.
 * @throws ValidationError for an invalid unit/role pair, or times `tokenTimesProblem` refuses.
 */
export async function signLocalToken(
  secret: Uint8Array,
  options: { unit: string; role?: string; expiresIn?: string | number; issuedAt?: number },
): Promise<string> {
  const role = options.role ?? defaultRole(options.unit);
  assertUnitRole(options.unit, role);
  const jwt = new SignJWT({ 'custom:unit': options.unit, 'custom:role': role, token_use: 'id' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(`local:${options.unit}`)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt(options.issuedAt)
    .setExpirationTime(options.expiresIn ?? '7d');
  const token = await jwt.sign(secret);
  // A token the API would refuse is not issued (an already expired one is, for tests of expiry).
  const claims = decodeJwt(token);
  const now = Math.floor(Date.now() / 1000);
  const problem = (claims.exp ?? 0) > now ? tokenTimesProblem(claims, now) : null;
  if (problem) throw new ValidationError(problem.replace('访问令牌的', '要签发的令牌的'));
  return token;
}

/**
 * Signs arbitrary claims (HS256, local issuer and audience) — for tests that need a token
 * with a combination {@link signLocalToken} refuses.
 */
export async function signRawToken(
  secret: Uint8Array,
  claims: JWTPayload,
  expiresIn: string | number = '1h',
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(secret);
}

/**
 * Verifies a local token (signature, `exp` — required —, issuer, audience; HS256 only) and answers its
 * claims, as API Gateway's JWT authorizer would pass them on. The claims are not judged here
 * (the API handler decides what a unit/role pair may see).
 *
 * @throws InvalidTokenError (Chinese message) when the token is expired, badly signed or malformed.
 */
export async function verifyLocalToken(secret: Uint8Array, token: string): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      algorithms: ['HS256'],
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
      requiredClaims: ['exp'],
    });
    const problem = tokenTimesProblem(payload, Math.floor(Date.now() / 1000));
    if (problem) throw new InvalidTokenError(problem, 'lifetime');
    return payload;
  } catch (error) {
    if (error instanceof InvalidTokenError) throw error;
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'exp') {
      throw new InvalidTokenError(
        '访问令牌没有有效期（exp）：本地环境只接受有有效期的令牌，请用 lkg token --unit <单位编号> 重新生成。',
        'malformed',
      );
    }
    if (error instanceof errors.JWTExpired) {
      throw new InvalidTokenError('访问令牌已过期：请用 lkg token --unit <单位编号> 重新生成。', 'expired');
    }
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      throw new InvalidTokenError(
        '访问令牌签名无效：它不是本地环境签发的（或 .data/jwt-secret 已更换）；请用 lkg token 重新生成。',
        'signature',
      );
    }
    throw new InvalidTokenError(
      '访问令牌格式无效：应为 Authorization: Bearer <lkg token 生成的令牌>。',
      'malformed',
    );
  }
}

/** The bearer token of an Authorization header value, else null. */
export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
