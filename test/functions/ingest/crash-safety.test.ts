/**
 * Crash-safe imports on about 2,000 rows, in the in-memory store: the
 * ingest is stopped after a set number of writes of each kind — the first version, some
 * heads, all heads (at the commit: the import record), after the import record (at the
 * report) — and the store is checked item by item while it runs: nobody ever sees half the
 * import. Then the same upload is delivered again, and separately a different upload: the
 * end state equals an uninterrupted run, item by item.
 */
import { describe, expect, it } from 'vitest';
import type { Item, ItemKey } from '#adapters/dynamodb-items';
import { createMemoryStore, type MemoryStore } from '#adapters/memory-store';
import { MemoryObjects } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import type { ImportRecord } from '#domain/ports';
import { UNITS } from '#domain/units';
import { createIngestHandler } from '#functions/ingest/handler';
import { reportKeys } from '#functions/ingest/uploads';
import { committedItems, isDataKey, s3Event } from '../../support/ingest.ts';
import { type Rows, workbookBytes } from '../../support/workbooks.ts';

const BUCKET = 'lkg-territory';
const N = 2000;
const STREETS = UNITS.filter((u) => u.kind === 'street').map((u) => u.name);
const OFFICES = UNITS.filter((u) => u.kind === 'office').map((u) => u.name);

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function uscc(i: number): string {
  let body = '';
  let n = i;
  for (let k = 0; k < 7; k++) {
    body = USCC_CHARS[n % 31] + body;
    n = Math.floor(n / 31);
  }
  const first17 = `91420112MA${body}`;
  let sum = 0;
  for (let p = 0; p < 17; p++) sum += USCC_CHARS.indexOf(first17[p] as string) * (3 ** p % 31);
  return first17 + USCC_CHARS[(31 - (sum % 31)) % 31];
}

/**
 * A register of N enterprises for a month (with `shift`, a third of them in another street
 * and a fifth renamed: role entries move and name entries go) and one indicator row each.
 */
function workbook(month: string, shift: number): Uint8Array {
  const register: Rows = [
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
  const indicators: Rows = [['统一社会信用代码', '月份', '营业收入（万元）']];
  for (let i = 0; i < N; i++) {
    const moved = shift > 0 && i % 3 === 0 ? shift : 0;
    const renamed = shift > 0 && i % 5 === 0 ? `新${shift}` : '';
    register.push([
      uscc(i),
      `武汉${renamed}测试${i}号企业有限公司`,
      '已建成投产',
      i % 4 === 0 ? (OFFICES[i % OFFICES.length] as string) : null,
      STREETS[(i + moved) % STREETS.length] as string,
      i % 2 === 0 ? '是' : '否',
      '2018-05-15',
      month,
    ]);
    indicators.push([uscc(i), month, (i * 7 + shift) % 1000]);
  }
  return workbookBytes({ 企业项目台账: register, 月度经济指标: indicators });
}

const UPLOADS = {
  base: {
    key: 'uploads/bureau/2026-09-台账.xlsx',
    eventTime: '2026-10-01T00:00:00.000Z',
    bytes: workbook('2026-09', 0),
  },
  a: {
    key: 'uploads/bureau/2026-10-台账.xlsx',
    eventTime: '2026-11-01T00:00:00.000Z',
    bytes: workbook('2026-10', 1),
  },
  b: {
    key: 'uploads/bureau/2026-11-台账.xlsx',
    eventTime: '2026-12-01T00:00:00.000Z',
    bytes: workbook('2026-11', 2),
  },
};
type Name = keyof typeof UPLOADS;

/** Object storage whose report writes can be made to fail. */
class FlakyObjects extends MemoryObjects {
  failReports = false;
  override async put(bucket: string, key: string, body: Uint8Array | string, type: string): Promise<void> {
    if (this.failReports && key.startsWith('reports/'))
      throw new Error('simulated crash after the import record');
    await super.put(bucket, key, body, type);
  }
}

/** A store (from a saved state) and an ingest whose clock the test moves. */
function setup(saved: readonly Item[] = []) {
  const store = createMemoryStore();
  store.table.load(saved);
  const objects = new FlakyObjects();
  const clock = { time: Date.parse('2026-12-02T00:00:00.000Z'), now: () => new Date(clock.time) };
  const ingest = createIngestHandler({ store, objects, clock, workbooks: sheetJsWorkbooks });
  const deliver = async (name: Name) => {
    const u = UPLOADS[name];
    await objects.put(BUCKET, u.key, u.bytes, 'application/octet-stream');
    return await ingest(s3Event(u.key, { eventTime: u.eventTime, sequencer: '01' }));
  };
  return { store, objects, clock, deliver };
}

/** The data as readers see it (import records and uploaded contents aside). */
function visibleData(store: MemoryStore): Item[] {
  return committedItems(store.table.snapshot()).filter((i) => isDataKey(i.pk));
}

/** A few reads through the store's API: what listings, GET, search and indicators answer. */
async function answers(store: MemoryStore): Promise<unknown> {
  const listed: Record<string, number> = {};
  for (const street of ['changqing', 'jinghe', 'baiquan'] as const) {
    let count = 0;
    let cursor: string | null = null;
    do {
      const page = await store.listByUnit(street, 'service', '2026-10', { limit: 500, cursor });
      count += page.items.length;
      cursor = page.cursor;
    } while (cursor);
    listed[street] = count;
  }
  const keys = [uscc(0), uscc(3), uscc(10)];
  return {
    listed,
    versions: [...(await store.getVersions(keys)).entries()],
    history: await Promise.all(keys.map((k) => store.assignmentHistory(k))),
    search: (await store.search('新1测试', { limit: 5 })).items,
    indicators: (await store.indicatorsByMonth('2026-10')).length,
    latest: await store.latestMonth(),
  };
}

/** The end states of uninterrupted runs. */
const reference = await (async () => {
  const ab = setup();
  await ab.deliver('base');
  const saved = ab.store.table.snapshot();
  const before = { items: visibleData(ab.store), answers: await answers(ab.store), saved };
  await ab.deliver('a');
  const afterA = { items: visibleData(ab.store), answers: await answers(ab.store) };
  await ab.deliver('b');
  return { before, afterA, afterB: visibleData(ab.store) };
})();

type Fault = 'first version' | 'some heads' | 'all heads' | 'import record';

/** Data writes after which readers' view is checked while A runs. */
const CHECKS = new Set([1, 2500, 7000]);

/** Delivers A with a crash at the fault, checking along the way that readers see the state before A. */
async function crashDuring(fault: Fault) {
  const run = setup(reference.before.saved);
  const counts = { versions: 0, heads: 0, data: 0 };
  let checks = 0;
  run.store.table.beforeWrite = (item: Item | ItemKey) => {
    const full = item as Item;
    if (isDataKey(item.pk)) {
      counts.data++;
      if (item.sk.startsWith('V#')) counts.versions++;
      if (item.sk === 'HEAD') counts.heads++;
      if (CHECKS.has(counts.data)) {
        expect(visibleData(run.store)).toEqual(reference.before.items);
        checks++;
      }
    }
    if (fault === 'first version' && counts.versions === 1) throw new Error('simulated crash');
    if (fault === 'some heads' && counts.heads === 700) throw new Error('simulated crash');
    const committing = item.sk === 'IMP' && (full.record as ImportRecord | undefined)?.status === 'applied';
    if (fault === 'all heads' && committing) throw new Error('simulated crash');
  };
  if (fault === 'import record') run.objects.failReports = true;
  await expect(run.deliver('a')).rejects.toThrow('simulated crash');
  run.store.table.beforeWrite = null;
  run.objects.failReports = false;
  return { ...run, checks };
}

describe('an import stopped at any point', () => {
  it.each<Fault>(['first version', 'some heads', 'all heads'])(
    'stopped at %s: nothing of it is visible; delivered again it ends as an uninterrupted run',
    async (fault) => {
      const run = await crashDuring(fault);
      if (fault !== 'first version') expect(run.checks).toBeGreaterThan(0);
      expect(visibleData(run.store)).toEqual(reference.before.items);
      expect(await answers(run.store)).toEqual(reference.before.answers);
      // Later than the stopped run's claim on the import (60 s without a budget): a process that
      // died could not give it back, and a redelivery before it expires waits.
      run.clock.time += 5 * 60_000;
      const [outcome] = await run.deliver('a');
      expect(outcome?.status).toBe('applied');
      expect(visibleData(run.store)).toEqual(reference.afterA.items);
      expect(await answers(run.store)).toEqual(reference.afterA.answers);
      expect(await run.store.importsToResume()).toEqual([]);
    },
  );

  it.each<Fault>(['first version', 'some heads', 'all heads'])(
    'stopped at %s, then a different upload: it finishes the stopped one first, and ends as both uninterrupted',
    async (fault) => {
      const run = await crashDuring(fault);
      // Later than the stopped run's lease (60 s): B takes over and finishes A first.
      run.clock.time += 5 * 60_000;
      const [outcome] = await run.deliver('b');
      expect(outcome?.status).toBe('applied');
      expect(visibleData(run.store)).toEqual(reference.afterB);
      expect(await run.store.importsToResume()).toEqual([]);
    },
  );

  it('stopped after its import record (before its report): applied and visible; delivered again it writes the report', async () => {
    const run = await crashDuring('import record');
    expect(visibleData(run.store)).toEqual(reference.afterA.items);
    expect(await run.objects.head(BUCKET, reportKeys(UPLOADS.a.key).json)).toBeNull();
    const [outcome] = await run.deliver('a');
    expect(outcome).toMatchObject({ status: 'applied', duplicate: true });
    expect(await run.objects.head(BUCKET, reportKeys(UPLOADS.a.key).json)).not.toBeNull();
    expect(visibleData(run.store)).toEqual(reference.afterA.items);
  });
});
