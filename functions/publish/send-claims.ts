/**
 * The claims of the e-mails sent once per month and unit — the monthly summary and the
 * reminder (催报): a run claims a unit's e-mail before sending it (a claim, domain/claims.ts,
 * kind `send` or `reminder`), completes the claim once the send is recorded, gives it back when
 * the send failed. Two concurrent runs never both send a unit's e-mail; a claim whose run is
 * gone (its time ran out) is taken by the next run; a sent one only by force.
 *
 * @module
 */
import type { ClaimKind, SendClaim, Store } from '#domain/ports';
import { type ClaimBudget, claimTerm } from '#functions/ingest/claim';

/**
 * How long a unit's e-mail stays claimed by a run whose time left is unknown (the default
 * term: the publish Lambda's timeout and a minute). With a budget (the Lambda's remaining
 * time) the claim lasts that long and a margin.
 */
export const SEND_CLAIM_TTL_MS = 6 * 60_000;

/** What claiming needs: the store's claims and the run's time. */
export interface SendClaimDeps extends ClaimBudget {
  store: Pick<Store, 'claims'>;
}

function claimOf(claim: SendClaim): { kind: ClaimKind; id: string } {
  return { kind: claim.kind === 'reminder' ? 'reminder' : 'send', id: `${claim.month}#${claim.unit}` };
}

/**
 * Claims the right to send a unit's e-mail of the month for `claim.run`: true when taken —
 * unclaimed, or claimed by a run that is gone (expired), or already this run's; false while
 * another run holds it or once the e-mail was sent. `force` takes it in every case.
 */
export async function claimSend(deps: SendClaimDeps, claim: SendClaim, force = false): Promise<boolean> {
  const { kind, id } = claimOf(claim);
  const term = claimTerm(deps, SEND_CLAIM_TTL_MS);
  return (await deps.store.claims.acquire(kind, id, claim.run, term, { force })).held;
}

/**
 * Marks the run's claim as sent: nobody claims it again (but by force).
 *
 * @throws ClaimLostError when another run took it over meanwhile (this run's time ran out):
 *   nothing written over that run's claim
 */
export async function completeSendClaim(deps: SendClaimDeps, claim: SendClaim): Promise<void> {
  const { kind, id } = claimOf(claim);
  await deps.store.claims.complete(kind, id, claim.run);
}

/** Gives the run's claim back (the send failed: the next run may try); no effect when not its own. */
export async function releaseSendClaim(deps: SendClaimDeps, claim: SendClaim): Promise<void> {
  const { kind, id } = claimOf(claim);
  await deps.store.claims.release(kind, id, claim.run);
}
