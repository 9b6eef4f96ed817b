/**
 * Claims: who may do one piece of work now. One primitive serves every writer that must not
 * run twice at once — the apply lease (one writer of the projection), an import on its record,
 * a working group's decision on its writer, a unit's e-mail of a month. A claim names its
 * holder and an expiry; a holder whose time ran out is taken over, a live holder is not, and
 * a holder that lost its claim learns it on its next renewal or completion
 * ({@link ClaimLostError}) without overwriting the new holder. The port is `Claims`
 * (./ports.ts); its one implementation writes conditional puts (functions/adapters/claim-items.ts).
 *
 * How long a claim lasts: the time the function has left (a Lambda's
 * `context.getRemainingTimeInMillis()`) and a margin — a holder cannot outlive its invocation,
 * so a claim never outlives its holder by more than the margin. Only when no budget is known
 * (a process without a deadline: the local stack, the CLI) does a user's fixed term apply,
 * renewed while the holder runs.
 *
 * @module
 */
import { LkgError } from './errors.ts';

/**
 * Added to the time left: the clocks of two invocations and the latency of the write that
 * takes a claim over are not exact; a holder renewing its claim does so well within it.
 */
export const CLAIM_MARGIN_MS = 30_000;

/** The id of the apply lease's claim (kind `apply`): one per store, the writer of the projection. */
export const APPLY_LEASE_ID = 'projection';

/** A claim was taken over by another owner (its holder's time ran out): stop before writing more. */
export class ClaimLostError extends LkgError {}

/**
 * When a claim taken (or renewed) at `now` expires: `now` + the time the function has left +
 * {@link CLAIM_MARGIN_MS}; with no budget known (`remainingMs` absent or not finite), `now` +
 * `defaultMs`, the user's fixed term.
 *
 * @example
 * ```ts
 * claimExpiry(new Date('2026-10-20T03:00:00Z'), 120_000, 60_000); // 03:02:30
 * claimExpiry(new Date('2026-10-20T03:00:00Z'), undefined, 60_000); // 03:01:00
 * ```
 */
export function claimExpiry(now: Date, remainingMs: number | undefined, defaultMs: number): Date {
  const known = remainingMs !== undefined && Number.isFinite(remainingMs);
  const term = known ? Math.max(0, remainingMs) + CLAIM_MARGIN_MS : defaultMs;
  return new Date(now.getTime() + term);
}
