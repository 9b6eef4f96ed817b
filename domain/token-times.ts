/**
 * The one rule of token lifetimes (docs/api.md): a token may live at most 30 days and be
 * issued at most 5 minutes ahead of the verifier's clock. The local token verifier
 * (functions/adapters/jwt.ts) and the API's claims (functions/api/auth.ts) both apply it.
 *
 * Pure: the clock is a parameter.
 *
 * @module
 */

/** The longest a token may live: 30 days from its `iat` (or from now when it has none). */
export const MAX_TOKEN_LIFETIME_SECONDS = 30 * 24 * 3600;
/** How far ahead of the verifier's clock a token's `iat` may be (clock skew): 5 minutes. */
export const MAX_ISSUED_AHEAD_SECONDS = 5 * 60;

function secondsClaim(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/**
 * What is wrong with a token's times, in Chinese, else null: `exp` more than 30 days after
 * `iat` (or after now), or `iat` more than 5 minutes ahead of now. The local verifier and the
 * API handler (whose claims come from API Gateway's JWT authorizer, numbers as strings) both
 * apply it.
 *
 * @param nowSeconds the verifier's clock, seconds since the epoch
 */
export function tokenTimesProblem(
  claims: { iat?: unknown; exp?: unknown },
  nowSeconds: number,
): string | null {
  const iat = secondsClaim(claims.iat);
  const exp = secondsClaim(claims.exp);
  if (iat !== null && iat > nowSeconds + MAX_ISSUED_AHEAD_SECONDS) {
    const ahead = iat - nowSeconds;
    const said = ahead < 86_400 ? `${Math.ceil(ahead / 60)} 分钟` : `${Math.round(ahead / 86_400)} 天`;
    return `访问令牌的签发时间（iat）比当前时间晚 ${said}：签发时间最多可比当前时间晚 5 分钟（时钟误差）；请用 lkg token --unit <单位编号> 重新生成。`;
  }
  if (exp === null) return null;
  const lifetime = Math.max(exp - (iat ?? nowSeconds), exp - nowSeconds);
  if (lifetime > MAX_TOKEN_LIFETIME_SECONDS) {
    const days = Math.round((lifetime / 86_400) * 10) / 10;
    return `访问令牌的有效期为 ${days} 天，超过 30 天的上限：请用 lkg token --unit <单位编号> 重新生成（--expires 最长 30d）。`;
  }
  return null;
}
