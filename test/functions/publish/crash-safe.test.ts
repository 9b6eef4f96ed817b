/**
 * Crash-safe publishing over the in-memory store: a publication stopped after
 * k of n sends is finished by the next run, which sends the n − k missing emails and records
 * the publication; two concurrent runs never both send a unit's email. End states are asserted
 * item by item: one send record per unit, one delivered email per unit, the claims, the
 * publication record and the published summary.
 */
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { createMemoryStore, type MemoryStore } from '#adapters/memory-store';
import type { SheetSpec } from '#domain/email/index';
import type { Mailer, MailMessage } from '#domain/ports';
import { SUMMARY_UNITS } from '#domain/summaries';
import type { ContactRow } from '#domain/types';
import type { UnitId } from '#domain/units';
import { type PublishDeps, publishMonth } from '#functions/publish/publish';
import { SEND_CLAIM_TTL_MS } from '#functions/publish/send-claims';
import { rec, row } from '../../domain/summaries-support.ts';

const writeWorkbook = (sheets: SheetSpec[]): Uint8Array => {
  const wb = XLSX.utils.book_new();
  for (const s of sheets) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(s.rows), s.name);
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array;
};

const MONTH = '2026-10';
/** Every unit has a contact: n = every summary unit and the bureau's overview. */
const UNITS: UnitId[] = [...SUMMARY_UNITS, 'bureau'];
const N = UNITS.length;
const emailOf = (unit: UnitId) => `${unit}@example.com`;

async function seeded(): Promise<MemoryStore> {
  const store = createMemoryStore();
  const contacts: ContactRow[] = SUMMARY_UNITS.map((unit) => ({
    unit,
    name: '联络员',
    email: emailOf(unit),
    receives: true,
  }));
  await store.seed(
    {
      register: [rec({ key: 'A', month: MONTH })],
      indicators: [row('A', MONTH, { revenue: '30' })],
      contacts,
    },
    { eventTime: '2026-11-01T00:00:00Z' },
  );
  return store;
}

/** Every email delivered, in order; `hangOn`: the n-th call (1-based) never returns (the run dies there). */
function mailbox(hangOn?: number) {
  const delivered: MailMessage[] = [];
  let calls = 0;
  let reached: () => void = () => undefined;
  /** Resolves when the run reaches the send it dies in (no fixed wait: the machine may be slow). */
  const hung = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const mailer: Mailer = {
    async send(message) {
      calls += 1;
      if (calls === hangOn) {
        reached();
        return new Promise<string>(() => undefined);
      }
      await new Promise((r) => setTimeout(r, 0));
      delivered.push(message);
      return `msg-${delivered.length}-${message.to[0]}`;
    },
  };
  return { mailer, delivered, hung };
}

/** The unit an email went to (its first recipient; the bureau's overview goes to bureau@…). */
const unitOf = (m: MailMessage): UnitId =>
  m.to[0] === 'bureau@example.com' ? 'bureau' : (m.to[0]?.split('@')[0] as UnitId);

function deps(store: MemoryStore, mailer: Mailer, at: string, run: string): PublishDeps {
  return {
    store,
    mailer,
    clock: { now: () => new Date(at) },
    sender: 'lkg@example.com',
    bureauEmail: 'bureau@example.com',
    workbooks: { write: writeWorkbook },
    runId: () => run,
  };
}

/** A store method that throws once, on its `nth` call: the run crashes there. */
function crashOn(store: MemoryStore, method: 'claimSend' | 'recordSend' | 'saveSummary', nth: number): void {
  // A unit's e-mail is claimed through the store's claims (functions/publish/send-claims.ts).
  const target = (method === 'claimSend' ? store.claims : store) as unknown as Record<string, unknown>;
  const name = method === 'claimSend' ? 'acquire' : method;
  const original = (target[name] as (...args: unknown[]) => Promise<unknown>).bind(target);
  let calls = 0;
  target[name] = async (...args: unknown[]) => {
    calls += 1;
    if (calls === nth) throw new Error(`simulated crash in ${method}`);
    return original(...args);
  };
}

/** The end state of a finished publication, item by item. */
async function expectPublished(store: MemoryStore, delivered: MailMessage[]): Promise<void> {
  const sends = await store.sends(MONTH);
  for (const unit of UNITS) {
    expect(
      sends.filter((s) => s.unit === unit),
      `send records of ${unit}`,
    ).toHaveLength(1);
    expect(
      delivered.filter((m) => unitOf(m) === unit),
      `emails to ${unit}`,
    ).toHaveLength(1);
  }
  expect(sends).toHaveLength(N);
  expect(delivered).toHaveLength(N);
  const publication = await store.getPublication(MONTH);
  expect(publication).toMatchObject({ month: MONTH, status: 'published', units: UNITS });
  expect(publication?.publishedAt).toEqual(expect.any(String));
  expect((await store.getSummary(MONTH))?.publishedAt).toBe(publication?.publishedAt);
  const claims = store.table.snapshot().filter((i) => i.pk === `S#${MONTH}` && i.sk.startsWith('CLAIM#'));
  expect(claims.map((c) => c.sk).sort()).toEqual(UNITS.map((u) => `CLAIM#${u}`).sort());
  for (const claim of claims) expect(claim.expiresAt, claim.sk).toBe('~sent');
}

describe('a publication stopped after k of n sends is finished by the next run', () => {
  const T0 = '2026-11-10T01:00:00.000Z';
  const ks = [0, 1, 7, N - 1];
  /** Every send. */
  const every = Array.from({ length: N }, (_, k) => k);

  it.each(every)(
    'the store fails before send %i + 1: the rerun sends n − k and records the publication',
    async (k) => {
      const store = await seeded();
      const { mailer, delivered } = mailbox();
      crashOn(store, 'claimSend', k + 1);
      await expect(publishMonth(deps(store, mailer, T0, 'run-1'), { month: MONTH })).rejects.toThrow(
        'simulated crash',
      );
      expect(delivered).toHaveLength(k);
      expect(await store.getSummary(MONTH)).toBeNull();
      expect((await store.getPublication(MONTH))?.status).toBe('sending');

      const rerun = await publishMonth(deps(store, mailer, T0, 'run-2'), { month: MONTH });
      expect(rerun.sent).toHaveLength(N - k);
      expect(rerun.skipped.filter((s) => s.reason === 'already-sent')).toHaveLength(k);
      expect(rerun.complete).toBe(true);
      await expectPublished(store, delivered);
    },
  );

  it.each(ks)('the run dies inside send %i + 1: the rerun after its claim expired sends n − k', async (k) => {
    const store = await seeded();
    const { mailer, delivered, hung } = mailbox(k + 1);
    void publishMonth(deps(store, mailer, T0, 'run-1'), { month: MONTH }); // never returns
    await hung;
    expect(delivered).toHaveLength(k);

    const late = new Date(Date.parse(T0) + SEND_CLAIM_TTL_MS + 60_000).toISOString();
    const after = mailbox();
    const rerun = await publishMonth(deps(store, after.mailer, late, 'run-2'), { month: MONTH });
    expect(rerun.sent).toHaveLength(N - k);
    expect(rerun.complete).toBe(true);
    await expectPublished(store, [...delivered, ...after.delivered]);
  });

  it('a rerun while the dead run’s claim still holds sends the rest, says the claimed unit is in progress, and is not complete', async () => {
    const store = await seeded();
    const dying = mailbox(4);
    void publishMonth(deps(store, dying.mailer, T0, 'run-1'), { month: MONTH });
    await dying.hung;
    const soon = await publishMonth(deps(store, mailbox().mailer, '2026-11-10T01:01:00.000Z', 'run-2'), {
      month: MONTH,
    });
    expect(soon.sent).toHaveLength(N - 4);
    expect(soon.skipped.filter((s) => s.reason === 'in-progress').map((s) => s.unit)).toEqual([UNITS[3]]);
    expect(soon.complete).toBe(false);
    expect(await store.getSummary(MONTH)).toBeNull();
    expect((await store.getPublication(MONTH))?.status).toBe('sending');
  });

  it('stopped after all n sends, before the publication was recorded: the rerun sends nothing and records it', async () => {
    const store = await seeded();
    const { mailer, delivered } = mailbox();
    crashOn(store, 'saveSummary', 1);
    await expect(publishMonth(deps(store, mailer, T0, 'run-1'), { month: MONTH })).rejects.toThrow(
      'simulated crash',
    );
    expect(delivered).toHaveLength(N);
    expect(await store.getSummary(MONTH)).toBeNull();
    const rerun = await publishMonth(deps(store, mailer, T0, 'run-2'), { month: MONTH });
    expect(rerun.sent).toEqual([]);
    expect(rerun.complete).toBe(true);
    expect(rerun.publishedAt).toEqual(expect.any(String));
    await expectPublished(store, delivered);
    // Once more: nothing sent, the publication time kept.
    const third = await publishMonth(deps(store, mailer, '2026-11-11T00:00:00.000Z', 'run-3'), {
      month: MONTH,
    });
    expect(third.sent).toEqual([]);
    expect(third.publishedAt).toBe(rerun.publishedAt);
  });

  // The record: the published rows (one per unit and the district's), the document's head,
  // then the publication record; stopped at each, the rerun (no force) sends nothing and records it.
  const ROWS = SUMMARY_UNITS.length + 1;
  it.each([
    { at: 'the first published row', type: 'summary-row', nth: 1 },
    { at: 'a middle published row', type: 'summary-row', nth: 10 },
    { at: 'the last published row', type: 'summary-row', nth: ROWS },
    { at: 'the document’s head', type: 'summary', nth: 1 },
    { at: 'the publication record', type: 'publication', nth: 2 },
  ])(
    'stopped writing the record at $at: the rerun without force sends nothing and records the month',
    async ({ type, nth }) => {
      const store = await seeded();
      const { mailer, delivered } = mailbox();
      let seen = 0;
      store.table.beforeWrite = (item) => {
        if ((item as { type?: string }).type === type && ++seen === nth)
          throw new Error('simulated crash in the record');
      };
      await expect(publishMonth(deps(store, mailer, T0, 'run-1'), { month: MONTH })).rejects.toThrow(
        'simulated crash',
      );
      store.table.beforeWrite = null;
      expect(delivered).toHaveLength(N);
      const rerun = await publishMonth(deps(store, mailer, T0, 'run-2'), { month: MONTH });
      expect(rerun.sent).toEqual([]);
      expect(rerun.complete).toBe(true);
      await expectPublished(store, delivered);
      expect((await store.getSummary(MONTH))?.document).toMatchObject({
        month: MONTH,
        total: { unit: 'district' },
      });
    },
  );

  it('the one window left: a crash between SES accepting an email and its send record resends that email once', async () => {
    const store = await seeded();
    const { mailer, delivered } = mailbox();
    crashOn(store, 'recordSend', 3);
    await expect(publishMonth(deps(store, mailer, T0, 'run-1'), { month: MONTH })).rejects.toThrow(
      'simulated crash',
    );
    expect(delivered).toHaveLength(3);
    const late = new Date(Date.parse(T0) + SEND_CLAIM_TTL_MS + 60_000).toISOString();
    const rerun = await publishMonth(deps(store, mailer, late, 'run-2'), { month: MONTH });
    expect(rerun.sent).toHaveLength(N - 2);
    expect(delivered.filter((m) => unitOf(m) === UNITS[2])).toHaveLength(2);
    expect((await store.getPublication(MONTH))?.status).toBe('published');
  });
});

describe('two concurrent publications of the same month', () => {
  it('never both send a unit’s email; together they publish each unit once', async () => {
    const store = await seeded();
    const { mailer, delivered } = mailbox();
    const at = '2026-11-10T01:00:00.000Z';
    const [a, b] = await Promise.all([
      publishMonth(deps(store, mailer, at, 'run-a'), { month: MONTH }),
      publishMonth(deps(store, mailer, at, 'run-b'), { month: MONTH }),
    ]);
    const sentBy = [...a.sent, ...b.sent].map((s) => s.unit).sort();
    expect(sentBy).toEqual([...UNITS].sort());
    expect(a.complete || b.complete).toBe(true);
    await expectPublished(store, delivered);
    const again = await publishMonth(deps(store, mailer, at, 'run-c'), { month: MONTH });
    expect(again.sent).toEqual([]);
    expect(again.complete).toBe(true);
    expect(delivered).toHaveLength(N);
  });
});
