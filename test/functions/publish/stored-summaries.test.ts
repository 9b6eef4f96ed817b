/**
 * Stored summaries: computed once after each import, read per request.
 * The example (register 2026-10, indicators 2025-01..2026-10, targets) imported through the
 * ingest handler, then one month's indicators changed: the stored summaries of every month
 * equal the full recomputation; only the months the change can alter are recomputed; the
 * published document is never overwritten; a crash between an import's commit and its
 * refresh leaves the months due (reads recompute live) until the sweep refreshes them.
 */

import { describe, expect, it } from 'vitest';
import { createMemoryStore, type MemoryStore } from '#adapters/memory-store';
import { MemoryObjects } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { rulesOf } from '#domain/decisions';
import { monthRange } from '#domain/months';
import { POLICIES } from '#domain/policy/index';
import { changeAffects, EVERY_MONTH, summaryChangeOf } from '#domain/summaries';
import type { Month } from '#domain/types';
import { storeSummaries } from '#functions/api/summaries';
import { createIngestHandler, resumeUnfinishedImports } from '#functions/ingest/handler';
import { loadSummaries, readSummaries, refreshSummaries } from '#functions/publish/summaries';
import { s3Event } from '../../support/ingest.ts';
import { exampleBytes, exampleSheets, type Rows, workbookBytes } from '../../support/workbooks.ts';

const BUCKET = 'lkg-territory';
const CLOCK = { now: () => new Date('2026-11-20T00:00:00.000Z') };
const WINDOW = monthRange('2025-01', '2026-10');

async function setUp(): Promise<{
  store: MemoryStore;
  upload: (key: string, bytes: Uint8Array, t: string) => Promise<string>;
}> {
  const store = createMemoryStore();
  const objects = new MemoryObjects();
  const ingest = createIngestHandler({ store, objects, clock: CLOCK, workbooks: sheetJsWorkbooks });
  const upload = async (key: string, bytes: Uint8Array, eventTime: string) => {
    await objects.put(BUCKET, key, bytes, 'application/octet-stream');
    const [outcome] = await ingest(s3Event(key, { eventTime, sequencer: '01' }));
    return outcome?.status ?? 'none';
  };
  return { store, upload };
}

/** The example's indicator rows of one month, every value raised by one. */
function indicatorsOf(month: Month): Uint8Array {
  const rows = exampleSheets().get('月度经济指标') as Rows;
  const changed = rows
    .filter((row, i) => i === 0 || row[3] === month)
    .map((row, i) => (i === 0 ? row : row.map((v, j) => (j >= 4 && typeof v === 'number' ? v + 1 : v))));
  return workbookBytes(new Map([['月度经济指标', changed]]));
}

async function expectStoredEqualFull(store: MemoryStore, months: readonly Month[]): Promise<void> {
  for (const month of months) {
    const stored = await store.computedSummaries(month, true);
    expect(stored, month).not.toBeNull();
    expect(stored?.summaries, month).toEqual(await loadSummaries(store, month, rulesOf(POLICIES)));
  }
}

describe('which months a change can alter', () => {
  const cases: Array<[string, Parameters<typeof summaryChangeOf>[0], Month, boolean]> = [
    ['a register row: every month', { register: [{}], indicators: [], targets: [] }, '2020-04', true],
    [
      'indicators of M: M itself',
      { register: [], indicators: [{ month: '2026-03' }], targets: [] },
      '2026-03',
      true,
    ],
    [
      'indicators of M: the month before is not',
      { register: [], indicators: [{ month: '2026-03' }], targets: [] },
      '2026-02',
      false,
    ],
    [
      'indicators of M: December (本年累计)',
      { register: [], indicators: [{ month: '2026-03' }], targets: [] },
      '2026-12',
      true,
    ],
    [
      'indicators of M: M+12 (同比)',
      { register: [], indicators: [{ month: '2026-03' }], targets: [] },
      '2027-03',
      true,
    ],
    [
      'indicators of M: M+11 (a summary reads all of last year from January)',
      { register: [], indicators: [{ month: '2026-03' }], targets: [] },
      '2027-02',
      true,
    ],
    [
      'indicators of M: December of next year',
      { register: [], indicators: [{ month: '2026-03' }], targets: [] },
      '2027-12',
      true,
    ],
    [
      'indicators of M: two years on',
      { register: [], indicators: [{ month: '2026-03' }], targets: [] },
      '2028-03',
      false,
    ],
    [
      'targets of a year: its months',
      { register: [], indicators: [], targets: [{ year: 2026 }] },
      '2026-01',
      true,
    ],
    [
      'targets of a year: not the next',
      { register: [], indicators: [], targets: [{ year: 2026 }] },
      '2027-01',
      false,
    ],
    ['contacts only: nothing', { register: [], indicators: [], targets: [] }, '2026-10', false],
  ];
  it.each(cases)('%s', (_name, rows, month, affected) => {
    expect(changeAffects(summaryChangeOf(rows), month)).toBe(affected);
  });
});

describe('summaries stored after each import', async () => {
  const { store, upload } = await setUp();
  expect(await upload('uploads/bureau/example.xlsx', exampleBytes(), '2026-11-05T00:00:00.000Z')).toBe(
    'applied',
  );
  const published = (await store.computedSummaries('2026-10', false))?.summaries.document;
  await store.saveSummary('2026-10', published, '2026-11-10T01:00:00.000Z');
  const stampOf = async (m: Month) => (await store.computedSummaries(m, false))?.stamp;
  const before = new Map<Month, string | undefined>();
  for (const m of WINDOW) before.set(m, await stampOf(m));

  it('after the first import: every month with data equals the full recomputation', async () => {
    expect(await store.summaryWindow()).toEqual({ first: '2025-01', last: '2026-10' });
    expect(await store.summariesDue()).toEqual([]);
    await expectStoredEqualFull(store, WINDOW);
  });

  it('after one month of indicators: that month and the later ones recomputed, the earlier kept', async () => {
    expect(
      await upload('uploads/bureau/2026-03.xlsx', indicatorsOf('2026-03'), '2026-11-06T00:00:00.000Z'),
    ).toBe('applied');
    for (const m of WINDOW) {
      if (m < '2026-03') expect(await stampOf(m), m).toBe(before.get(m));
      else expect(await stampOf(m), m).not.toBe(before.get(m));
    }
    await expectStoredEqualFull(store, WINDOW);
    const march = await store.computedSummaries('2026-03', false);
    expect(march?.summaries.document.total.indicators.revenue?.month).not.toEqual(
      (await loadSummaries(store, '2025-03', rulesOf(POLICIES))).document.total.indicators.revenue?.month,
    );
  });

  it('the published document is kept apart, and the API says the figures changed since', async () => {
    expect((await store.getSummary('2026-10'))?.document).toEqual(published);
    const port = storeSummaries(store);
    expect(await port.document('2026-10')).toEqual(
      (await loadSummaries(store, '2026-10', rulesOf(POLICIES))).document,
    );
    expect(await port.document('2026-10')).not.toEqual(published);
    expect(await port.unitRow?.('2026-10', 'changqing')).toEqual(
      (await loadSummaries(store, '2026-10', rulesOf(POLICIES))).document.units.find(
        (u) => u.unit === 'changqing',
      ),
    );
  });

  it('a crash between the commit and the refresh: reads recompute live, the sweep refreshes', async () => {
    // What an import does up to its commit, without its refresh: due, then the data changed.
    const change = { register: false, indicatorMonths: ['2026-05' as Month], targetYears: [] };
    await store.markSummariesDue('crashed-import', change);
    const rows = (await store.indicatorsByMonth('2026-05')).map((r) => ({
      ...r,
      values: { ...r.values, revenue: '1' },
    }));
    await store.seed({ indicators: rows }, { eventTime: '2026-11-07T00:00:00.000Z' });
    const live = await loadSummaries(store, '2026-07', rulesOf(POLICIES));
    expect((await store.computedSummaries('2026-07', true))?.summaries).not.toEqual(live);
    expect(await readSummaries(store, '2026-07', rulesOf(POLICIES))).toEqual(live);
    // Months the change cannot alter are still read from the store.
    expect(await readSummaries(store, '2026-04', rulesOf(POLICIES))).toEqual(
      (await store.computedSummaries('2026-04', true))?.summaries,
    );
    await resumeUnfinishedImports({
      store,
      objects: new MemoryObjects(),
      clock: CLOCK,
      workbooks: sheetJsWorkbooks,
    });
    expect(await store.summariesDue()).toEqual([]);
    await expectStoredEqualFull(store, WINDOW);
  });

  it('a refresh that started earlier never overwrites a later one', async () => {
    const later = await refreshSummaries(
      store,
      EVERY_MONTH,
      rulesOf(POLICIES),
      new Date('2026-11-21T00:00:00.000Z'),
    );
    expect(later.months).toEqual(WINDOW);
    const earlier = await refreshSummaries(
      store,
      EVERY_MONTH,
      rulesOf(POLICIES),
      new Date('2026-11-19T00:00:00.000Z'),
    );
    expect(earlier.months).toEqual([]);
    expect(earlier.superseded).toEqual(WINDOW);
    expect(await stampOf('2026-10')).toBe(later.stamp);
  });
});
