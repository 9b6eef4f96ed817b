/**
 * The apply lease: one writer of the projection at a time — an import, a rebuild, a working
 * group's decision. It is a claim (domain/claims.ts, kind `apply`, the store's
 * `META`/`APPLY-LEASE` item) held by the writer's import id: taken until the writer's function
 * runs out of time (and a margin), renewed while it writes, released after its commit; a
 * lease whose holder stopped expires, and one whose holder's record is no longer running is
 * taken over at once.
 *
 * @module
 */

import { randomUUID } from 'node:crypto';
import { APPLY_LEASE_ID, ClaimLostError } from '#domain/claims';
import { LkgError } from '#domain/errors';
import type { ImportRecord } from '#domain/ports';
import type { IngestStore } from '#domain/projection-store';
import {
  type ClaimBudget,
  claimTerm,
  fixedBudget,
  type HeldClaim,
  heldClaim,
  holdClaim,
  notHeld,
} from './claim.ts';

/**
 * How long the apply lease lasts when the writer's time left is unknown (the default term): a
 * running writer renews it every {@link LEASE_HEARTBEAT_MS}; a lease whose holder stopped (a
 * crash) expires after this, and one whose holder's import is no longer running is taken over
 * at once. With a budget (a Lambda's remaining time) the lease lasts that long and a margin.
 */
export const APPLY_LEASE_MS = 60_000;
/** How often a running writer renews its lease. */
export const LEASE_HEARTBEAT_MS = 15_000;

/** Another import is planning or writing: this one is retried later (the event fails). */
export class ImportBusyError extends LkgError {}

/** The lease was taken over while this import ran (it looked dead): it stops before writing more. */
export class LeaseLostError extends LkgError {}

/** What the apply lease needs: the store's claims and import records, and the writer's time. */
export interface LeaseDeps extends ClaimBudget {
  store: Pick<IngestStore, 'claims' | 'getImport'>;
}

/** A lease held: renewed in the background until released. */
export interface HeldLease {
  /** True when a renewal found the lease taken over (stop before writing more). */
  lost(): boolean;
  /**
   * Renews it now.
   *
   * @throws LeaseLostError when it was taken over
   */
  renew(): Promise<void>;
  /** Stops renewing and gives the lease back (never throws: an unreleased lease expires). */
  release(): Promise<void>;
}

function running(record: ImportRecord | null): boolean {
  return record !== null && (record.status === 'applying' || record.status === 'received');
}

/**
 * Takes the apply lease for `holder` and renews it every {@link LEASE_HEARTBEAT_MS}: free,
 * expired, already `holder`'s, or held by a writer whose record is no longer running (finished,
 * failed or gone: taken over whatever its expiry; the write names the holder seen, so two
 * takers cannot both win).
 *
 * @throws ImportBusyError (with `busyMessage`) when another running writer holds it
 */
export async function holdApplyLease(
  deps: LeaseDeps,
  holder: string,
  busyMessage: string,
): Promise<HeldLease> {
  const budget = fixedBudget(deps);
  if (!(await acquireApplyLease({ ...budget, store: deps.store }, holder)))
    throw new ImportBusyError(busyMessage);
  const lease = { kind: 'apply', id: APPLY_LEASE_ID, owner: holder } as const;
  return leaseOf(
    heldClaim(deps.store.claims, budget, lease, {
      defaultMs: APPLY_LEASE_MS,
      heartbeatMs: LEASE_HEARTBEAT_MS,
    }),
  );
}

function leaseOf(claim: HeldClaim): HeldLease {
  return {
    lost: claim.lost,
    renew: async () => {
      await claim.renew().catch((error: unknown) => {
        if (error instanceof ClaimLostError)
          throw new LeaseLostError('写入许可已被另一个写入接管', { cause: error });
        throw error;
      });
    },
    release: claim.release,
  };
}

/**
 * Takes the apply lease for `holder` once, without renewing it (what {@link holdApplyLease}
 * takes; tests stand in for a running writer with it): true when taken.
 */
export async function acquireApplyLease(
  deps: LeaseDeps,
  holder: string,
  defaultMs = APPLY_LEASE_MS,
): Promise<boolean> {
  const term = claimTerm(deps, defaultMs);
  const take = (takeOver?: string) =>
    deps.store.claims.acquire('apply', APPLY_LEASE_ID, holder, term, {
      ...(takeOver ? { takeOver } : {}),
    });
  const outcome = await take();
  if (outcome.held) return true;
  if (!outcome.by || outcome.done || running(await deps.store.getImport(outcome.by))) return false;
  return (await take(outcome.by)).held;
}

/** Gives `holder`'s apply lease back (no effect when another holds it). */
export async function releaseApplyLease(store: Pick<IngestStore, 'claims'>, holder: string): Promise<void> {
  await store.claims.release('apply', APPLY_LEASE_ID, holder);
}

/** The writer holding a live apply lease at `now`, else null. */
export async function applyLeaseHolder(
  store: Pick<IngestStore, 'claims'>,
  now: Date,
): Promise<string | null> {
  return await store.claims.holder('apply', APPLY_LEASE_ID, now);
}

// ── an import's claim on its record ──

/** What an import's claim needs: the store's claims and the invocation's time. */
export interface ImportClaimDeps extends ClaimBudget {
  store: Pick<IngestStore, 'claims'>;
  /** The claim's owner (default: a new id per run; see `IngestDeps.claimOwner`). */
  claimOwner?: string;
}

/**
 * Takes the import's claim on its record for this invocation (kind `import`, owner: a new id
 * per run, or the process's name), renewed every {@link LEASE_HEARTBEAT_MS}: one invocation runs an import at a
 * time — a redelivered event, or the sweep, while another runs it waits; one whose invocation
 * stopped (its time ran out) is taken over. The invocation releases it when it ends, whatever
 * the outcome (a final import is never run again: its redelivery is a duplicate before it
 * claims; a failed or unfinished one is resumed at once by the next run).
 *
 * @throws ImportBusyError when another invocation holds it
 */
export async function holdImportClaim(deps: ImportClaimDeps, importId: string): Promise<HeldClaim> {
  const claim = { kind: 'import', id: importId, owner: deps.claimOwner ?? randomUUID() } as const;
  const terms = { defaultMs: APPLY_LEASE_MS, heartbeatMs: LEASE_HEARTBEAT_MS };
  const held = await holdClaim(deps.store.claims, deps, claim, terms);
  if (notHeld(held)) throw new ImportBusyError('该文件的导入正在另一处进行，稍后自动重试');
  return held;
}
