/**
 * Claims in tests: a stand-in for a running writer's apply lease, and (below) the claim
 * primitive's fault cases shared by its users.
 *
 * @module
 */
import { describe, expect, it } from 'vitest';
import type { IngestStore } from '#adapters/dynamodb-items';
import { CLAIM_MARGIN_MS, ClaimLostError } from '#domain/claims';
import { openDecisionWriter } from '#functions/coordination/project-decision';
import type { HeldClaim } from '#functions/ingest/claim';
import {
  APPLY_LEASE_MS,
  acquireApplyLease,
  type HeldLease,
  holdApplyLease,
  holdImportClaim,
  ImportBusyError,
  LeaseLostError,
} from '#functions/ingest/lease';
import { writerRecord } from '#functions/ingest/writer';
import { claimSend, completeSendClaim, SEND_CLAIM_TTL_MS } from '#functions/publish/send-claims';

/** Takes the apply lease for `holder` at `now` for `ttlMs` (no budget: the term given), as a running writer would. */
export function takeApplyLease(
  store: Pick<IngestStore, 'claims' | 'getImport'>,
  holder: string,
  now: Date,
  ttlMs: number,
): Promise<boolean> {
  return acquireApplyLease({ store, clock: { now: () => now } }, holder, ttlMs);
}

// ───────────────────────────── the fault cases, shared by the claim's users ─────────────────────────────

/** Two owners of one claim. */
type Who = 'A' | 'B';

/** A claim's user, driven through its own entry. */
interface ClaimUser {
  name: string;
  /** Its term when no budget is known. */
  defaultMs: number;
  /** `who` takes the claim `at` ms after t0 (with `remainingMs` its budget): true when held. */
  take(who: Who, at: number, remainingMs?: number): Promise<boolean>;
  /** `who` renews (or, for an e-mail, completes) its claim `at` ms after t0: kept, or lost (a clear failure). */
  renew(who: Who, at: number): Promise<'kept' | 'lost'>;
}

type Step =
  | { take: Who; at: number | 'expired'; remainingMs?: number; held: boolean }
  | { renew: Who; at: number | 'expired'; outcome: 'kept' | 'lost' };

/** The fault cases: written once, run for every user against every store. */
export const CLAIM_CASES: ReadonlyArray<{ name: string; steps: Step[] }> = [
  {
    name: 'takeover: a second owner cannot take a live claim; its holder keeps it',
    steps: [
      { take: 'A', at: 0, held: true },
      { take: 'B', at: 10, held: false },
      { renew: 'A', at: 20, outcome: 'kept' },
    ],
  },
  {
    name: 'expiry: a claim whose holder’s time ran out is taken over',
    steps: [
      { take: 'A', at: 0, held: true },
      { take: 'B', at: 'expired', held: true },
      { renew: 'B', at: 'expired', outcome: 'kept' },
    ],
  },
  {
    name: 'renew after loss: the old holder gets a clear failure and does not overwrite the new one',
    steps: [
      { take: 'A', at: 0, held: true },
      { take: 'B', at: 'expired', held: true },
      { renew: 'A', at: 'expired', outcome: 'lost' },
      { take: 'A', at: 'expired', held: false },
      { renew: 'B', at: 'expired', outcome: 'kept' },
    ],
  },
  {
    name: 'expiry from the time left: a claim lasts the holder’s budget and a margin, then is taken over',
    steps: [
      { take: 'A', at: 0, remainingMs: 300_000, held: true },
      { take: 'B', at: 300_000, held: false },
      { take: 'B', at: 300_000 + CLAIM_MARGIN_MS + 1, held: true },
    ],
  },
];

const T0 = Date.parse('2026-11-10T01:00:00.000Z');

function clockAt(at: number, remainingMs?: number) {
  return {
    clock: { now: () => new Date(T0 + at) },
    ...(remainingMs === undefined ? {} : { remainingMs: () => remainingMs }),
  };
}

/** A renewal's clear failure (the claim's, or the apply lease's own) as `lost`; any other error thrown. */
async function keptOrLost(renew: () => Promise<unknown>): Promise<'kept' | 'lost'> {
  try {
    await renew();
    return 'kept';
  } catch (error) {
    if (error instanceof ClaimLostError || error instanceof LeaseLostError) return 'lost';
    throw error;
  }
}

/** The users of the claim, each through its own entry, over one store (`held`: the handles taken). */
function users(store: IngestStore, held = new Map<string, HeldLease | HeldClaim>()): ClaimUser[] {
  const renewHeld = (user: string, who: Who, at: number) =>
    keptOrLost(async () => {
      const claim = held.get(`${user}${who}`);
      if (!claim) throw new Error(`${who} never held the ${user} claim`);
      // The renewal reads the holder's clock: the test moves it.
      clock.at = at;
      await claim.renew();
    });
  // One clock per store, moved by each step (held claims read it when they renew).
  const clock = { at: 0, remainingMs: undefined as number | undefined };
  const budget = () => ({
    clock: { now: () => new Date(T0 + clock.at) },
    ...(clock.remainingMs === undefined ? {} : { remainingMs: () => clock.remainingMs as number }),
  });
  const keep = async <T extends HeldLease | HeldClaim>(user: string, who: Who, take: () => Promise<T>) => {
    try {
      const claim = await take();
      held.set(`${user}${who}`, claim);
      return true;
    } catch (error) {
      if (error instanceof ImportBusyError) return false;
      throw error;
    }
  };
  const at = (step: number, remainingMs?: number) => {
    clock.at = step;
    clock.remainingMs = remainingMs;
  };
  return [
    {
      name: 'the apply lease (holdApplyLease)',
      defaultMs: APPLY_LEASE_MS,
      take: (who, t, remainingMs) => {
        at(t, remainingMs);
        return keep('apply', who, () => holdApplyLease({ store, ...budget() }, `writer-${who}`, '忙'));
      },
      renew: (who, t) => renewHeld('apply', who, t),
    },
    {
      name: 'an import on its record (holdImportClaim)',
      defaultMs: APPLY_LEASE_MS,
      take: (who, t, remainingMs) => {
        at(t, remainingMs);
        return keep('import', who, () => holdImportClaim({ store, ...budget() }, 'imp-claimed'));
      },
      renew: (who, t) => renewHeld('import', who, t),
    },
    {
      name: 'a decision’s writer (openDecisionWriter)',
      defaultMs: APPLY_LEASE_MS,
      take: async (who, t, remainingMs) => {
        at(t, remainingMs);
        const opened = await openDecisionWriter({ store, ...budget() }, 'd-claimed', false);
        if (opened.claim) held.set(`decision${who}`, opened.claim);
        return opened.claim !== null;
      },
      renew: (who, t) => renewHeld('decision', who, t),
    },
    {
      name: 'a unit’s e-mail of a month (claimSend, completeSendClaim)',
      defaultMs: SEND_CLAIM_TTL_MS,
      take: (who, t, remainingMs) =>
        claimSend(
          { store, ...clockAt(t, remainingMs) },
          { month: '2026-10', unit: 'changqing', run: `run-${who}` },
        ),
      // An e-mail's claim is not renewed: its run completes it once the send is recorded.
      renew: (who, t) =>
        keptOrLost(() =>
          completeSendClaim(
            { store, ...clockAt(t) },
            { month: '2026-10', unit: 'changqing', run: `run-${who}` },
          ),
        ),
    },
  ];
}

/**
 * Runs {@link CLAIM_CASES} for every user of the claim, through its own entry, on stores
 * `make` builds (the memory table, DynamoDB on dynalite).
 */
export function claimContract(name: string, make: () => Promise<IngestStore>): void {
  describe(`${name}: the claim's fault cases, for each of its users`, () => {
    const names = users(null as unknown as IngestStore).map((u) => u.name);
    describe.each(names)('%s', (userName) => {
      it.each(CLAIM_CASES.map((c) => [c.name, c] as const))('%s', async (_name, { steps }) => {
        const store = await make();
        // The apply lease's holders are running writers (a stopped one's lease is taken at once).
        for (const who of ['A', 'B'])
          await store.createImport(writerRecord(`writer-${who}`, `uploads/bureau/${who}.xlsx`, new Date(T0)));
        const held = new Map<string, HeldLease | HeldClaim>();
        const user = users(store, held).find((u) => u.name === userName) as ClaimUser;
        const expired = user.defaultMs + 1000;
        try {
          for (const step of steps) {
            const t = step.at === 'expired' ? expired : step.at;
            const outcome =
              'take' in step
                ? await user.take(step.take, t, step.remainingMs)
                : await user.renew(step.renew, t);
            expect(outcome, JSON.stringify(step)).toBe('take' in step ? step.held : step.outcome);
          }
        } finally {
          // Their heartbeats stop (a lost claim's release writes nothing).
          for (const claim of held.values()) await claim.release();
        }
      });
    });
  });
}
