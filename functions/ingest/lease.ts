/**
 * The apply lease: one writer of the projection at a time — an import, a
 * rebuild, a working group's decision. The store's `META`/`APPLY-LEASE` item names the holder
 * and an expiry; a running writer renews it, a lease whose holder stopped expires, and one whose
 * holder's record is no longer running is taken over at once (`ItemStore.acquireApplyLease`).
 *
 * @module
 */

import type { IngestStore } from '#adapters/dynamodb-items';
import { LkgError } from '#domain/errors';
import type { Clock } from '#domain/ports';

/**
 * How long the apply lease lasts without a heartbeat. A running import renews it every
 * {@link LEASE_HEARTBEAT_MS}; a lease whose holder stopped (a crash, a timeout) expires after
 * this, and one whose holder's import is no longer running is taken over at once.
 */
export const APPLY_LEASE_MS = 60_000;
/** How often a running import renews its lease. */
export const LEASE_HEARTBEAT_MS = 15_000;

/** Another import is planning or writing: this one is retried later (the event fails). */
export class ImportBusyError extends LkgError {}

/** The lease was taken over while this import ran (it looked dead): it stops before writing more. */
export class LeaseLostError extends LkgError {}

/** A lease held: renewed in the background until released. */
export interface HeldLease {
  /** True when a renewal found the lease taken over (stop before writing more). */
  lost(): boolean;
  /** Stops renewing and gives the lease back (never throws: an unreleased lease expires). */
  release(): Promise<void>;
}

/**
 * Takes the apply lease for `holder` and renews it every {@link LEASE_HEARTBEAT_MS}.
 *
 * @throws ImportBusyError (with `busyMessage`) when another running writer holds it
 */
export async function holdApplyLease(
  store: Pick<IngestStore, 'acquireApplyLease' | 'releaseApplyLease'>,
  holder: string,
  clock: Clock,
  busyMessage: string,
): Promise<HeldLease> {
  if (!(await store.acquireApplyLease(holder, clock.now(), APPLY_LEASE_MS)))
    throw new ImportBusyError(busyMessage);
  let lost = false;
  const heartbeat = setInterval(() => {
    store.acquireApplyLease(holder, clock.now(), APPLY_LEASE_MS).then(
      (kept) => {
        if (!kept) lost = true;
      },
      () => undefined,
    );
  }, LEASE_HEARTBEAT_MS);
  heartbeat.unref?.();
  return {
    lost: () => lost,
    release: async () => {
      clearInterval(heartbeat);
      await store.releaseApplyLease(holder).catch(() => undefined);
    },
  };
}
