/**
 * A working group's decision re-projects crash-safely, like an import (docs/coordination.md),
 * in the in-memory store: recording a decision
 * and ending it are stopped at every write, one case per write (the store fails from that write
 * on, as a process that died). Readers see exactly the previous projection until the commit (and
 * the decision is not in force for anybody); after the sweep the store equals, item by item, a
 * fresh rebuild of the same uploads with the same decisions. Then the concurrent cases: a
 * decision recorded while an import holds the lease waits and is finished by the sweep; a
 * decision stopped half-way is finished first by the next import, or by the next decision.
 */
import { describe, expect, it } from 'vitest';
import { coordinationOf } from '#adapters/coordination-items';
import { type Item, type ItemKey, isProjected } from '#adapters/dynamodb-items';
import { createMemoryStore, type MemoryStore } from '#adapters/memory-store';
import { MemoryObjects } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import type { DecisionInput } from '#domain/decisions';
import { POLICIES } from '#domain/policy/index';
import type { ImportRecord } from '#domain/ports';
import { assignmentAt } from '#domain/timeline';
import type { Month } from '#domain/types';
import { UNITS } from '#domain/units';
import { endDecision, LEASE_RETRY_MS, recordDecision } from '#functions/coordination/decide';
import { rulesInForce } from '#functions/coordination/rules-in-force';
import { createIngestHandler } from '#functions/ingest/handler';
import { APPLY_LEASE_MS, releaseApplyLease } from '#functions/ingest/lease';
import { rebuildProjection } from '#functions/ingest/rebuild';
import { rejudgerOf } from '#functions/ingest/replay';
import { resumeUnfinishedImports } from '#functions/ingest/resume';
import { writerRecord } from '#functions/ingest/writer';
import { uscc } from '../../corpus/build.ts';
import { takeApplyLease } from '../../support/claims.ts';
import { committedItems, s3Event } from '../../support/ingest.ts';
import { type Rows, workbookBytes } from '../../support/workbooks.ts';

const BUCKET = 'lkg-territory';
const N = 24;
const STREETS = UNITS.filter((u) => u.kind === 'street').map((u) => u.name);
const OFFICES = UNITS.filter((u) => u.kind === 'office').map((u) => u.name);
const BY = { subject: 'bureau-test', unit: 'bureau' };

/** A register of N built enterprises for a month (`shift`: a third of them moved to another street). */
function register(month: string, shift: number): Uint8Array {
  const rows: Rows = [
    [
      '统一社会信用代码',
      '企业（项目）名称',
      '项目状态',
      '招商单位',
      '所在街道',
      '规上工业',
      '建成投产日期',
      '报送月份',
    ],
  ];
  for (let i = 0; i < N; i++)
    rows.push([
      uscc(9000 + i),
      `武汉专班测试${i}号企业有限公司`,
      '已建成投产',
      i % 4 === 0 ? (OFFICES[i % OFFICES.length] as string) : null,
      STREETS[(i + (i % 3 === 0 ? shift : 0)) % STREETS.length] as string,
      i % 2 === 0 ? '是' : '否',
      '2019-05-15',
      month,
    ]);
  return workbookBytes({ 企业项目台账: rows });
}

const UPLOADS = {
  base: {
    key: 'uploads/bureau/2026-03-台账.xlsx',
    eventTime: '2026-04-01T00:00:00.000Z',
    bytes: register('2026-03', 0),
  },
  later: {
    key: 'uploads/bureau/2026-07-台账.xlsx',
    eventTime: '2026-08-01T00:00:00.000Z',
    bytes: register('2026-07', 1),
  },
};
type Name = keyof typeof UPLOADS;

/** Ten enterprises to 走马岭街 from 2026-06 (service and indicators); ended from 2026-09. */
const DECISION: DecisionInput = {
  keys: Array.from({ length: 10 }, (_, i) => uscc(9000 + i)),
  from: '2026-06',
  service: 'zoumaling',
  indicators: 'zoumaling',
  reason: '专班裁定：由走马岭街服务',
  documentNo: '武临开专〔2026〕7号',
};
const END = { from: '2026-09' as Month, reason: '专班复议', documentNo: '武临开专〔2026〕9号' };
/** A second decision overlapping the first (keys 5..14, 长青街 from 2026-08). */
const SECOND: DecisionInput = {
  keys: Array.from({ length: 10 }, (_, i) => uscc(9005 + i)),
  from: '2026-08',
  service: 'changqing',
  indicators: 'changqing',
  reason: '专班裁定：由长青街服务',
  documentNo: '武临开专〔2026〕8号',
};
const WATCHED = [uscc(9000), uscc(9003), uscc(9007), uscc(9012)];

/** A store (from a saved state), its objects (the uploads), a clock the test moves, and the writers. */
function setup(saved: readonly Item[] = []) {
  const store = createMemoryStore();
  store.table.load(saved);
  const objects = new MemoryObjects();
  for (const u of Object.values(UPLOADS))
    void objects.put(BUCKET, u.key, u.bytes, 'application/octet-stream');
  const clock = { time: Date.parse('2026-12-02T00:00:00.000Z'), now: () => new Date(clock.time) };
  const ingest = createIngestHandler({ store, objects, clock, workbooks: sheetJsWorkbooks });
  let sleeps = 0;
  const waits = { onSleep: (_n: number): Promise<void> | void => undefined };
  const decideDeps = () => ({
    store,
    rejudge: rejudgerOf({ store, objects, clock, workbooks: sheetJsWorkbooks }),
    coordination: coordinationOf(store)!,
    now: clock.now(),
    clock,
    sleep: async () => {
      sleeps++;
      await waits.onSleep(sleeps);
    },
  });
  return {
    store,
    objects,
    clock,
    sleeps: () => sleeps,
    waits,
    deliver: async (name: Name) => {
      const u = UPLOADS[name];
      return await ingest(s3Event(u.key, { eventTime: u.eventTime, sequencer: '01' }));
    },
    decide: (input: DecisionInput = DECISION) => recordDecision(decideDeps(), input, BY),
    end: (id: string) => endDecision(decideDeps(), id, END, BY),
    sweep: () => resumeUnfinishedImports({ store, objects, clock, workbooks: sheetJsWorkbooks }),
  };
}

/** The decision ids of a store, oldest first (to compare runs whose ids differ). */
function decisionIds(items: readonly Item[]): string[] {
  return items
    .filter((i) => i.pk === 'DECISIONS' && i.type === 'decision')
    .map((i) => i.decision as { id: string; recordedAt: string })
    .sort((a, b) => a.recordedAt.localeCompare(b.recordedAt) || a.id.localeCompare(b.id))
    .map((d) => d.id);
}

/** Replaces the decision ids by their rank (`D0`, `D1`, …). */
function normalized<T>(value: T, ids: readonly string[]): T {
  let text = JSON.stringify(value);
  for (const [n, id] of ids.entries()) text = text.replaceAll(id, `D${n}`);
  return JSON.parse(text) as T;
}

/** The projection as readers see it (no provenance), decision ids normalized. */
function projection(store: MemoryStore): Item[] {
  const items = store.table.snapshot();
  return normalized(committedItems(items).filter(isProjected), decisionIds(items));
}

/** What readers are answered: listings, history, the month's transfers and the live answers. */
async function answers(store: MemoryStore): Promise<unknown> {
  const listed: Record<string, string[]> = {};
  for (const unit of ['zoumaling', 'changqing', 'jinghe'] as const)
    for (const month of ['2026-05', '2026-07', '2026-10'] as const)
      listed[`${unit} ${month}`] = (
        await store.listByUnit(unit, 'indicators', month, { limit: 100, cursor: null })
      ).items.map((i) => i.key);
  const rules = await rulesInForce(store, POLICIES);
  const versions = await store.getVersions(WATCHED);
  const live = WATCHED.map((k) =>
    (['2026-05', '2026-07', '2026-10'] as const).map((m) =>
      assignmentAt(
        (versions.get(k) ?? []).map((v) => v.record),
        m,
        rules,
      ),
    ),
  );
  const value = {
    listed,
    history: await Promise.all(WATCHED.map((k) => store.assignmentHistory(k))),
    transfers: await Promise.all(
      (['2026-06', '2026-08', '2026-09'] as const).map((m) => store.transfersInMonth(m)),
    ),
    live,
  };
  return normalized(value, decisionIds(store.table.snapshot()));
}

/** The fresh rebuild of these uploads with the decisions (and ends) held by `facts`, as readers see it. */
async function freshRebuild(uploads: readonly Name[], facts: readonly Item[]): Promise<Item[]> {
  const fresh = setup();
  for (const name of uploads) expect((await fresh.deliver(name))[0]?.status).toBe('applied');
  fresh.store.table.load(facts.filter((i) => i.pk === 'DECISIONS'));
  await rebuildProjection(
    { store: fresh.store, objects: fresh.objects, clock: fresh.clock, workbooks: sheetJsWorkbooks },
    { runId: 'fresh' },
  );
  return projection(fresh.store);
}

/** Is this write the commit of a decision's writer? */
function isDecisionCommit(item: Item | ItemKey): boolean {
  const record = (item as Item).record as ImportRecord | undefined;
  return item.sk === 'IMP' && record?.id.startsWith('decision-') === true && record.status === 'applied';
}

/**
 * Runs `act` once uninterrupted, checking readers at every write before the commit: returns the
 * writes it made and the position of the commit.
 */
async function uninterrupted(
  saved: readonly Item[],
  before: { items: Item[]; answers: unknown },
  act: (run: ReturnType<typeof setup>) => Promise<unknown>,
) {
  const run = setup(saved);
  let writes = 0;
  let commitAt = 0;
  let factAt = 0;
  const seen: Array<{ items: Item[] }> = [];
  run.store.table.beforeWrite = (item) => {
    writes++;
    if (item.pk === 'DECISIONS' && factAt === 0) factAt = writes;
    if (isDecisionCommit(item) && commitAt === 0) commitAt = writes;
    if (commitAt === 0) seen.push({ items: projection(run.store) });
  };
  await act(run);
  run.store.table.beforeWrite = null;
  for (const s of seen) expect(s.items).toEqual(before.items);
  return { run, writes, commitAt, factAt };
}

const reference = await (async () => {
  const base = setup();
  await base.deliver('base');
  const saved = base.store.table.snapshot();
  const before = { items: projection(base.store), answers: await answers(base.store) };
  // Recording, uninterrupted.
  const recorded = await uninterrupted(saved, before, (run) => run.decide());
  const withDecision = {
    items: projection(recorded.run.store),
    answers: await answers(recorded.run.store),
    saved: recorded.run.store.table.snapshot(),
  };
  const decisionId = decisionIds(withDecision.saved)[0] as string;
  // Ending, uninterrupted.
  const ended = await uninterrupted(withDecision.saved, withDecision, (run) => run.end(decisionId));
  const withEnd = { items: projection(ended.run.store), answers: await answers(ended.run.store) };
  return {
    saved,
    before,
    recorded: { writes: recorded.writes, commitAt: recorded.commitAt, factAt: recorded.factAt },
    withDecision,
    decisionId,
    ended: { writes: ended.writes, commitAt: ended.commitAt, factAt: ended.factAt },
    withEnd,
    rebuilt: {
      without: await freshRebuild(['base'], []),
      withDecision: await freshRebuild(['base'], withDecision.saved),
      withEnd: await freshRebuild(['base'], ended.run.store.table.snapshot()),
    },
  };
})();

/** The store fails from the k-th write on (a process that died at that write). */
function crashAt(store: MemoryStore, k: number): void {
  let writes = 0;
  store.table.beforeWrite = () => {
    writes++;
    if (writes >= k) throw new Error(`simulated crash at write ${k}`);
  };
}

describe('the uninterrupted runs (the references)', () => {
  it('recording and ending each write their fact, their writer and the projection, committed by one write', () => {
    // the writer's record (with the pending hint) before the fact, the fact before the projection
    expect(reference.recorded.factAt).toBeGreaterThan(1);
    expect(reference.recorded.factAt).toBeLessThan(5);
    expect(reference.ended.factAt).toBeGreaterThan(1);
    expect(reference.ended.factAt).toBeLessThan(5);
    expect(reference.recorded.commitAt).toBeGreaterThan(20);
    expect(reference.recorded.writes).toBeGreaterThan(reference.recorded.commitAt);
    expect(reference.ended.commitAt).toBeGreaterThan(10);
  });

  it.each([
    ['a fresh import without the decision', 'before', 'without'],
    ['recording the decision', 'withDecision', 'withDecision'],
    ['ending it', 'withEnd', 'withEnd'],
  ] as const)('after %s the store equals a fresh rebuild, item by item', (_name, state, rebuilt) => {
    expect(reference[state].items).toEqual(reference.rebuilt[rebuilt]);
    expect(reference.withDecision.items).not.toEqual(reference.before.items);
    expect(reference.withEnd.items).not.toEqual(reference.withDecision.items);
  });
});

describe('recording a decision stopped at every write', () => {
  const cases = Array.from({ length: reference.recorded.writes }, (_, i) => i + 1);
  it.each(cases)(
    'stopped at write %i: readers see the projection before it until the commit; after the sweep the store equals a fresh rebuild',
    async (k) => {
      const run = setup(reference.saved);
      crashAt(run.store, k);
      const answered = await run.decide().then(
        () => true,
        () => false,
      );
      run.store.table.beforeWrite = null;
      const committed = k > reference.recorded.commitAt;
      const state = committed ? reference.withDecision : reference.before;
      expect(projection(run.store)).toEqual(state.items);
      expect(await answers(run.store)).toEqual(state.answers);
      // The 201 comes once the decision is recorded (its fact is written after its writer's
      // record and the pending hint).
      expect(answered).toBe(k > reference.recorded.factAt);
      // The sweep, once the stopped writer's lease has expired.
      run.clock.time += 5 * 60_000;
      const swept = await run.sweep();
      expect(swept.failed).toEqual([]);
      const recorded = decisionIds(run.store.table.snapshot()).length === 1;
      expect(recorded).toBe(k > reference.recorded.factAt);
      expect(projection(run.store)).toEqual(
        recorded ? reference.rebuilt.withDecision : reference.rebuilt.without,
      );
      expect(await answers(run.store)).toEqual(
        recorded ? reference.withDecision.answers : reference.before.answers,
      );
      expect(await run.store.importsToResume()).toEqual([]);
    },
  );
});

describe('ending a decision stopped at every write', () => {
  const cases = Array.from({ length: reference.ended.writes }, (_, i) => i + 1);
  it.each(cases)(
    'stopped at write %i: readers see the decision in force until the commit; after the sweep the store equals a fresh rebuild',
    async (k) => {
      const run = setup(reference.withDecision.saved);
      crashAt(run.store, k);
      const answered = await run.end(reference.decisionId).then(
        () => true,
        () => false,
      );
      run.store.table.beforeWrite = null;
      const committed = k > reference.ended.commitAt;
      const state = committed ? reference.withEnd : reference.withDecision;
      expect(projection(run.store)).toEqual(state.items);
      expect(await answers(run.store)).toEqual(state.answers);
      expect(answered).toBe(k > reference.ended.factAt);
      run.clock.time += 5 * 60_000;
      expect((await run.sweep()).failed).toEqual([]);
      const ended = (await coordinationOf(run.store)!.decisions.all())[0]?.to !== null;
      expect(ended).toBe(k > reference.ended.factAt);
      expect(projection(run.store)).toEqual(
        ended ? reference.rebuilt.withEnd : reference.rebuilt.withDecision,
      );
      expect(await run.store.importsToResume()).toEqual([]);
    },
  );
});

describe('asked again after a stop before the fact', () => {
  it('an end stopped before its fact (its writer closed by the sweep) asked again ends and projects it', async () => {
    const run = setup(reference.withDecision.saved);
    crashAt(run.store, reference.ended.factAt); // its writer opened, its fact not written
    await expect(run.end(reference.decisionId)).rejects.toThrow('simulated crash');
    run.store.table.beforeWrite = null;
    run.clock.time += 5 * 60_000;
    expect((await run.sweep()).failed).toEqual([]);
    expect((await run.store.getImport(`decision-end-${reference.decisionId}`))?.status).toBe('unchanged');
    expect(projection(run.store)).toEqual(reference.withDecision.items);
    await run.end(reference.decisionId);
    expect((await run.store.getImport(`decision-end-${reference.decisionId}`))?.status).toBe('applied');
    expect(projection(run.store)).toEqual(reference.rebuilt.withEnd);
    expect(await answers(run.store)).toEqual(reference.withEnd.answers);
  });
});

describe('never two writers at once', () => {
  /** Delivers the later upload and stops it half-way (its lease still live, its record applying): a running import, as far as anyone can tell. */
  async function importStoppedHalfWay(run: ReturnType<typeof setup>): Promise<void> {
    let data = 0;
    run.store.table.beforeWrite = (item) => {
      // From the 15th record item on every write fails (a process that died: its lease stays).
      if (item.pk.startsWith('R#')) data++;
      if (data >= 15) throw new Error('simulated crash');
    };
    await expect(run.deliver('later')).rejects.toThrow('simulated crash');
    run.store.table.beforeWrite = null;
  }

  it('a decision recorded while an import holds the lease waits, then is left to the sweep, which finishes the import first', async () => {
    const run = setup(reference.saved);
    await importStoppedHalfWay(run);
    const decision = await run.decide();
    expect(decision).toMatchObject({ keys: DECISION.keys, to: null });
    expect(run.sleeps()).toBe(LEASE_RETRY_MS.length);
    // Recorded, not in force: readers see the projection before the import and the decision.
    expect(projection(run.store)).toEqual(reference.before.items);
    expect(await answers(run.store)).toEqual(reference.before.answers);
    expect((await coordinationOf(run.store)!.decisions.all()).map((d) => d.id)).toEqual([decision.id]);
    expect((await run.store.getImport(`decision-${decision.id}`))?.status).toBe('applying');
    run.clock.time += 5 * 60_000;
    const swept = await run.sweep();
    expect(swept.failed).toEqual([]);
    expect(swept.resumed.map((o) => o.key)).toEqual([UPLOADS.later.key, `decisions/${decision.id}`]);
    expect(projection(run.store)).toEqual(await freshRebuild(['base', 'later'], run.store.table.snapshot()));
    expect(await run.store.importsToResume()).toEqual([]);
  });

  it.each([
    ['after the first wait', 1, 'applied'],
    ['after the second wait', 2, 'applied'],
    ['after the third wait', 3, 'applied'],
    ['only after the request', null, 'applying'],
  ] as const)(
    'a decision recorded while a running import holds the lease, which it gives back %s: %s when the request answers',
    async (_when, after, status) => {
      const run = setup(reference.saved);
      const running = writerRecord('running-import', 'uploads/bureau/running.xlsx', run.clock.now());
      await run.store.createImport(running);
      expect(await takeApplyLease(run.store, running.id, run.clock.now(), APPLY_LEASE_MS)).toBe(true);
      run.waits.onSleep = async (n) => {
        if (n !== after) return;
        await run.store.saveImport({ ...running, status: 'unchanged' });
        await releaseApplyLease(run.store, running.id);
      };
      const decision = await run.decide();
      expect(run.sleeps()).toBe(after ?? LEASE_RETRY_MS.length);
      expect((await run.store.getImport(`decision-${decision.id}`))?.status).toBe(status);
      expect(projection(run.store)).toEqual(
        status === 'applied' ? reference.withDecision.items : reference.before.items,
      );
      if (status === 'applying') {
        await run.store.saveImport({ ...running, status: 'unchanged' });
        run.clock.time += 5 * 60_000;
        expect((await run.sweep()).failed).toEqual([]);
      }
      expect(projection(run.store)).toEqual(await freshRebuild(['base'], run.store.table.snapshot()));
      expect(await answers(run.store)).toEqual(reference.withDecision.answers);
    },
  );

  it('a decision stopped half-way is finished first by the next import', async () => {
    const run = setup(reference.saved);
    crashAt(run.store, Math.floor((reference.recorded.commitAt + 4) / 2));
    await run.decide();
    run.store.table.beforeWrite = null;
    expect(projection(run.store)).toEqual(reference.before.items);
    run.clock.time += 5 * 60_000;
    const [outcome] = await run.deliver('later');
    expect(outcome?.status).toBe('applied');
    expect(await run.store.importsToResume()).toEqual([]);
    expect(projection(run.store)).toEqual(await freshRebuild(['base', 'later'], run.store.table.snapshot()));
  });

  it('a decision stopped half-way is finished first by the next decision', async () => {
    const run = setup(reference.saved);
    crashAt(run.store, Math.floor((reference.recorded.commitAt + 4) / 2));
    await run.decide();
    run.store.table.beforeWrite = null;
    run.clock.time += 5 * 60_000;
    await run.decide(SECOND);
    expect(decisionIds(run.store.table.snapshot())).toHaveLength(2);
    expect(await run.store.importsToResume()).toEqual([]);
    expect(projection(run.store)).toEqual(await freshRebuild(['base'], run.store.table.snapshot()));
    expect(projection(run.store)).not.toEqual(reference.rebuilt.withDecision);
  });
});
