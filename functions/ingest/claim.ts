/**
 * Holding a claim (domain/claims.ts) for a piece of work: taken with an expiry from the time
 * the function has left (else the user's fixed term), renewed in the background while the
 * work runs, then completed or released. The apply lease (./lease.ts), an import on its record
 * (./import-upload.ts), a decision's writer (../coordination/project-decision.ts) hold their
 * claims so; the e-mails (../publish/send-claims.ts) take theirs for one send.
 *
 * @module
 */
import { ClaimLostError, claimExpiry } from '#domain/claims';
import type { ClaimKind, ClaimOutcome, Claims, Clock } from '#domain/ports';

/**
 * The time the running function has left. A Lambda passes its context's; a process without a
 * deadline (the local stack, the CLI) passes none — unknown, its claims take the user's default
 * term and the heartbeat renews them while it lives: the equivalent of a budget that lasts as
 * long as the process, which loses them within the term once it dies.
 */
export interface ClaimBudget {
  clock: Clock;
  /** Milliseconds this invocation has left (`context.getRemainingTimeInMillis`); absent: unknown. */
  remainingMs?: () => number;
}

/**
 * The budget as a deadline: the time left read once (an invocation's end does not move), so
 * the renewals of a claim never outlast the invocation either.
 */
export function fixedBudget(budget: ClaimBudget): ClaimBudget {
  const remaining = budget.remainingMs?.();
  if (remaining === undefined || !Number.isFinite(remaining)) return { clock: budget.clock };
  const deadline = budget.clock.now().getTime() + remaining;
  return { clock: budget.clock, remainingMs: () => deadline - budget.clock.now().getTime() };
}

/** A claim's term taken now: until the budget runs out and a margin (else `defaultMs` from now). */
export function claimTerm(budget: ClaimBudget, defaultMs: number): { now: Date; expiresAt: Date } {
  const now = budget.clock.now();
  return { now, expiresAt: claimExpiry(now, budget.remainingMs?.(), defaultMs) };
}

/** How a claim is held. */
export interface ClaimTerms {
  /** The term when no budget is known. */
  defaultMs: number;
  /** How often it is renewed while held (none: never, e.g. a single send). */
  heartbeatMs?: number;
}

/** A claim held: renewed in the background until completed or released. */
export interface HeldClaim {
  /** True once a renewal found the claim taken over (stop before writing more). */
  lost(): boolean;
  /**
   * Renews it now.
   *
   * @throws ClaimLostError when it was taken over (marked lost; nothing written)
   */
  renew(): Promise<void>;
  /**
   * Stops renewing and marks the work done.
   *
   * @throws ClaimLostError when it was taken over (nothing written)
   */
  complete(): Promise<void>;
  /** Stops renewing and gives it back (never throws: an unreleased claim expires). */
  release(): Promise<void>;
}

/**
 * Takes a claim for `owner` and holds it (renewed every `terms.heartbeatMs`); what was found
 * instead when another owner holds it (or completed it).
 */
export async function holdClaim(
  claims: Claims,
  budget: ClaimBudget,
  claim: { kind: ClaimKind; id: string; owner: string },
  terms: ClaimTerms,
): Promise<HeldClaim | Extract<ClaimOutcome, { held: false }>> {
  const fixed = fixedBudget(budget);
  const outcome = await claims.acquire(claim.kind, claim.id, claim.owner, claimTerm(fixed, terms.defaultMs));
  return outcome.held ? heldClaim(claims, fixed, claim, terms) : outcome;
}

/**
 * Holds a claim `owner` has just taken: renewed every `terms.heartbeatMs` until completed or
 * released (`budget`: as the claim was taken with, {@link fixedBudget}).
 */
export function heldClaim(
  claims: Claims,
  budget: ClaimBudget,
  claim: { kind: ClaimKind; id: string; owner: string },
  terms: ClaimTerms,
): HeldClaim {
  const { kind, id, owner } = claim;
  let lost = false;
  const renew = async () => {
    try {
      await claims.renew(kind, id, owner, claimTerm(budget, terms.defaultMs).expiresAt);
    } catch (error) {
      if (error instanceof ClaimLostError) lost = true;
      throw error;
    }
  };
  const heartbeat = terms.heartbeatMs
    ? setInterval(() => renew().catch(() => undefined), terms.heartbeatMs)
    : null;
  heartbeat?.unref?.();
  const stop = () => {
    if (heartbeat) clearInterval(heartbeat);
  };
  return {
    lost: () => lost,
    renew,
    complete: async () => {
      stop();
      await claims.complete(kind, id, owner);
    },
    release: async () => {
      stop();
      await claims.release(kind, id, owner).catch(() => false);
    },
  };
}

/** Is this what {@link holdClaim} found instead of the claim? */
export function notHeld(
  held: HeldClaim | Extract<ClaimOutcome, { held: false }>,
): held is Extract<ClaimOutcome, { held: false }> {
  return 'held' in held;
}
