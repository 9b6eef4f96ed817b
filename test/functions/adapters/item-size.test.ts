/**
 * DynamoDB's item-size rule in the memory table, and items that do not grow with the district:
 * the same month computed, stored and published at two sizes, the largest item of each kind
 * compared.
 */
import { describe, expect, it } from 'vitest';
import { emptyWorkbook, SOURCE_PAGE, STATE_PAGE } from '#adapters/dynamodb-items';
import { ITEM_SIZE_LIMIT, ItemTooLargeError, itemSize } from '#adapters/item-size';
import { createMemoryStore, MemoryTable } from '#adapters/memory-store';
import { rulesOf } from '#domain/decisions';
import { addMonths } from '#domain/months';
import { POLICIES } from '#domain/policy/index';
import type { Mailer } from '#domain/ports';
import { EVERY_MONTH, SUMMARY_UNITS } from '#domain/summaries';
import { recordState } from '#domain/timeline';
import type { ContactRow, IndicatorRow, RegisterRecord } from '#domain/types';
import { publishMonth } from '#functions/publish/publish';
import { refreshSummaries } from '#functions/publish/summaries';
import { rec } from '../../domain/summaries-support.ts';

describe('itemSize counts as DynamoDB does', () => {
  const cases: Array<{ name: string; item: Record<string, unknown>; size: number }> = [
    { name: 'names and ASCII strings', item: { pk: 'ab', sk: 'c' }, size: 2 + 2 + 2 + 1 },
    { name: 'a Chinese string: 3 bytes a character', item: { n: '长青街' }, size: 1 + 9 },
    { name: 'a number: one byte per two significant digits, plus one', item: { n: 12345 }, size: 1 + 4 },
    { name: 'a number with zeros around its digits', item: { n: 1200 }, size: 1 + 2 },
    { name: 'null and booleans: 1 byte', item: { a: null, b: true }, size: 2 + 2 },
    { name: 'a list: 3 bytes, 1 per element, the elements', item: { l: ['ab', 'c'] }, size: 1 + 3 + 3 + 2 },
    { name: 'a map: 3 bytes, per entry 1 + key + value', item: { m: { ab: 'c' } }, size: 1 + 3 + 1 + 2 + 1 },
    { name: 'binary: its length', item: { b: new Uint8Array(10) }, size: 1 + 10 },
    { name: 'undefined attributes are not stored', item: { a: undefined, b: 'x' }, size: 2 },
  ];
  it.each(cases)('$name', ({ item, size }) => {
    expect(itemSize(item)).toBe(size);
  });
});

describe('the memory table refuses an item over 350 KB, as DynamoDB over 400 KB', () => {
  const base = { pk: 'P', sk: 'S', v: '' };
  const filler = ITEM_SIZE_LIMIT - itemSize(base);
  it.each([
    { name: 'at the bound: stored', extra: filler, stored: true },
    { name: 'one byte over: refused', extra: filler + 1, stored: false },
  ])('$name (put and batch write)', async ({ extra, stored }) => {
    const table = new MemoryTable();
    const item = { ...base, v: 'x'.repeat(extra) };
    if (stored) {
      await expect(table.putIf(item, { kind: 'always' })).resolves.toBe(true);
      await expect(table.batchWrite([item], [])).resolves.toMatchObject({ items: 1 });
    } else {
      await expect(table.putIf(item, { kind: 'always' })).rejects.toBeInstanceOf(ItemTooLargeError);
      await expect(table.batchWrite([item], [])).rejects.toThrow(/超过上限/);
      expect(await table.get(item)).toBeNull();
    }
  });
});

const MONTH = '2026-10';

/**
 * A district of n enterprises over two 报送月份, in two streets so that every list of the summary
 * is over its cap already at the smaller size: a third move from 长青街 to 金银湖街 (transfers),
 * a third are new in M, a third complete in M, a quarter of 长青街's and all of 金银湖街's do not report
 * in M (every enterprise reports in M − 1, so the upload's rows fill more than one item).
 */
function district(n: number): { register: RegisterRecord[]; indicators: IndicatorRow[] } {
  const register: RegisterRecord[] = [];
  const indicators: IndicatorRow[] = [];
  for (let i = 0; i < n; i += 1) {
    const key = `P${String(i).padStart(7, '0')}`;
    const base = { key, name: `武汉临空港测试企业${i}有限公司`, street: 'changqing' as const };
    if (i % 3 !== 1) register.push(rec({ ...base, month: '2026-09' }));
    register.push(
      rec({
        ...base,
        month: MONTH,
        ...(i % 3 === 0 ? { street: 'jinyinhu' as const } : {}),
        ...(i % 3 === 2 ? { stage: 'built' as const, completedOn: '2026-10-15' } : {}),
      }),
    );
    if (i % 3 !== 1) indicators.push({ key, month: '2026-09', values: { revenue: '900', tax: '10' } });
    if (i % 4 !== 0 && i % 3 !== 0)
      indicators.push({ key, month: MONTH, values: { revenue: String(1000 + i), tax: '12.5' } });
  }
  return { register, indicators };
}

async function largestItems(n: number): Promise<Map<string, number>> {
  const store = createMemoryStore();
  const contacts: ContactRow[] = SUMMARY_UNITS.map((unit) => ({
    unit,
    name: '联络员',
    email: `${unit}@example.com`,
    receives: true,
  }));
  await store.seed({ ...district(n), contacts }, { eventTime: '2026-11-01T00:00:00Z' });
  await refreshSummaries(store, EVERY_MONTH, rulesOf(POLICIES), new Date('2026-11-02T00:00:00Z'));
  let sent = 0;
  const mailer: Mailer = {
    async send() {
      sent += 1;
      return `m-${sent}`;
    },
  };
  const result = await publishMonth(
    {
      store,
      mailer,
      clock: { now: () => new Date('2026-11-03T00:00:00Z') },
      sender: 'lkg@example.com',
      bureauEmail: 'bureau@example.com',
      workbooks: { write: () => new Uint8Array(8) },
    },
    { month: MONTH },
  );
  expect(result.complete).toBe(true);
  expect((await store.getSummary(MONTH))?.document).toMatchObject({ month: MONTH });
  return new Map([...store.table.largest].map(([kind, { size }]) => [kind, size]));
}

describe('the largest item of each kind does not grow with the district', () => {
  it('1,500 and 3,000 enterprises: every kind within 5 % (and 2 KB) of its size at 1,500', async () => {
    const small = await largestItems(1500);
    const large = await largestItems(3000);
    expect([...large.keys()].sort()).toEqual([...small.keys()].sort());
    const grown = [...large].filter(([kind, size]) => size > (small.get(kind) ?? 0) * 1.05 + 2048);
    expect(grown).toEqual([]);
  }, 300_000);
});

describe("a record's sources are paged: the head stays bounded, every source stays readable", () => {
  it.each([
    { uploads: SOURCE_PAGE - 1, pages: 0 },
    { uploads: SOURCE_PAGE, pages: 1 },
    { uploads: 2 * SOURCE_PAGE + 50, pages: 2 },
  ])(
    '$uploads uploads naming the record: $pages full pages, the rest in the head',
    async ({ uploads, pages }) => {
      const store = createMemoryStore();
      const key = 'P0000001';
      for (let i = 0; i < uploads; i += 1)
        await store.seed(
          { register: [rec({ key, month: MONTH, note: `第${i}次报送` })] },
          { eventTime: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(), importId: `u-${i}` },
        );
      const head = await store.table.get({ pk: `R#${key}`, sk: 'HEAD' });
      expect((head?.sources as string[] | undefined)?.length).toBe(uploads - pages * SOURCE_PAGE);
      expect(head?.sourcePages ?? 0).toBe(pages);
      expect(itemSize(head ?? {})).toBeLessThan(SOURCE_PAGE * 100 + 4096);
      // Every source (in the planner's order), and every upload's rows read back through them.
      const next = emptyWorkbook({
        registerMonth: MONTH,
        register: [{ sheet: 'seed', row: 2, record: rec({ key, month: MONTH }), present: ['key'] }],
      });
      const state = await store.storedStateFor(next, 'next');
      const sources = state.records.get(key)?.sources ?? [];
      expect(sources).toHaveLength(uploads);
      expect(new Set(sources).size).toBe(uploads);
      expect(sources).toEqual([...sources].sort());
      const notes = new Set((state.uploaded.get(key) ?? []).map((r) => r.record.note));
      expect(notes).toEqual(new Set(Array.from({ length: uploads }, (_, i) => `第${i}次报送`)));
      expect((await store.recordState(key))?.latest?.note).toBe(`第${uploads - 1}次报送`);
    },
    120_000,
  );
});

describe("a record's periods and transfers are paged: the head stays bounded, the state reads back whole", () => {
  // A record that changes street every month: one assignment period a month, and a transfer
  // (划转) at each change.
  const streets = ['changqing', 'jinyinhu', 'jiangjunlu'] as const;
  it.each([
    { months: STATE_PAGE - 1, periodPages: 0 },
    { months: STATE_PAGE, periodPages: 1 },
    { months: 2 * STATE_PAGE + 30, periodPages: 2 },
  ])(
    '$months months, each with another street: $periodPages full pages of periods',
    async ({ months, periodPages }) => {
      const store = createMemoryStore();
      const key = 'M0000001';
      const versions = Array.from({ length: months }, (_, i) =>
        rec({ key, month: addMonths('2020-04', i), street: streets[i % streets.length] }),
      );
      await store.seed({ register: versions }, { eventTime: '2026-11-01T00:00:00Z', importId: 'moves' });
      const expected = recordState(key, versions, rulesOf(POLICIES));
      expect(expected?.periods).toHaveLength(months);
      const head = await store.table.get({ pk: `R#${key}`, sk: 'HEAD' });
      expect(head?.periodPages ?? 0).toBe(periodPages);
      expect(head?.transferPages ?? 0).toBe(Math.floor((expected?.transfers.length ?? 0) / STATE_PAGE));
      expect(itemSize(head ?? {})).toBeLessThan(STATE_PAGE * 1500);
      // Read back whole by every reader: the record's state, its history and its transfers.
      expect(await store.recordState(key)).toEqual(expected);
      expect(await store.transfers(key)).toEqual(expected?.transfers);
      // A later version re-projects it: the pages are rewritten and read back whole again.
      const later = rec({ key, month: addMonths('2020-04', months), street: 'changqing' });
      await store.seed({ register: [later] }, { eventTime: '2026-11-02T00:00:00Z', importId: 'later' });
      expect(await store.recordState(key)).toEqual(recordState(key, [...versions, later], rulesOf(POLICIES)));
    },
    120_000,
  );
});
