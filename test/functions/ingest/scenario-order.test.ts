/**
 * The delivery-order scenario of four monthly registers (2026-07 … 2026-10; the
 * 2026-09 one without the 统计归属街道 and 所在园区 columns), the last with the indicators
 * 2025-01..2026-10, the targets and the contacts, and before it the bureau's partial
 * indicators form (two columns the example lacks), imported through the ingest handler
 * forward and in reverse: identical stored items, assignments, history, transfers and
 * summaries for every month.
 */

import { describe, expect, it } from 'vitest';
import type { Item } from '#adapters/dynamodb-items';
import { createMemoryStore, type MemoryStore } from '#adapters/memory-store';
import { MemoryObjects } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { rulesOf } from '#domain/decisions';
import { monthRange } from '#domain/months';
import { POLICIES } from '#domain/policy/index';
import { periodAt } from '#domain/timeline';
import type { Month } from '#domain/types';
import { createIngestHandler } from '#functions/ingest/handler';
import { loadSummaries } from '#functions/publish/summaries';
import { committedItems, s3Event } from '../../support/ingest.ts';
import { exampleSheets, type Rows, workbookBytes } from '../../support/workbooks.ts';

const BUCKET = 'lkg-territory';
const STAT_STREET = 6;
const ZONE = 7;
const STREET = 5;
const STAGE = 3;
const COMPLETED = 13;
const MONTH = 14;

/** 武汉金银湖机电制造有限公司: 规上, 统计归属 将军路街 (clause 3.4). */
const STAT_KEY = '91420112MA7GYN4AX2';
/** 武汉长青园区芯片设计有限公司 and 武汉临空孵化器运营有限公司: in the 长青街 park all four months. */
const PARK_KEYS = ['91420112MAB286Q988', '91420112MA60576W45'];
/** 武汉新沟镇机械有限公司: in 新沟镇街 until 2026-08, in 长青街 from 2026-09 (a transfer). */
const MOVED_KEY = '91420112MAL9F2262Q';
/** 武汉径河保健品有限公司: 在建 until its completion on 2026-09-15. */
const COMPLETING_KEY = '91420112MA4N844K9X';

/** The register of month M (example rows, with the month's differences). */
function registerOf(month: Month): Rows {
  const rows = (exampleSheets().get('企业项目台账') as Rows).map((row) => [...row]);
  for (const row of rows.slice(1)) {
    row[MONTH] = month;
    if (row[0] === MOVED_KEY && month < '2026-09') row[STREET] = '新沟镇街';
    if (row[0] === COMPLETING_KEY && month < '2026-09') {
      row[STAGE] = '在建';
      row[COMPLETED] = null;
    }
  }
  if (month === '2026-09') return rows.map((row) => row.filter((_, i) => i !== STAT_STREET && i !== ZONE));
  return rows;
}

interface Upload {
  key: string;
  bytes: Uint8Array;
  eventTime: string;
}

/** Two enterprises with example figures for 2026-10 (no 社会消费品零售额; 固定资产投资 for the second only). */
const PARTIAL_KEYS = ['91420112MA83G07L8M', STAT_KEY];

/**
 * The bureau's partial indicators form (uploaded between the 2026-09 and 2026-10 registers):
 * 社会消费品零售额 and 固定资产投资 only, one cell "—". The example's later indicators leave the
 * cells they do not give alone and win those they give, whichever arrives first.
 */
function partialUpload(): Upload {
  const rows: Rows = [
    ['统一社会信用代码', '月份', '社会消费品零售额（万元）', '固定资产投资（万元）'],
    [PARTIAL_KEYS[0] as string, '2026-10', 321.5, '—'],
    [PARTIAL_KEYS[1] as string, '2026-10', 0, 12],
  ];
  return {
    key: 'uploads/bureau/2026-10-零售与固投.xlsx',
    bytes: workbookBytes(new Map([['月度经济指标', rows]])),
    eventTime: new Date(Date.UTC(2026, 9, 20)).toISOString(),
  };
}

/** The five uploads, in upload order. */
function uploads(): Upload[] {
  const list = registers();
  return [...list.slice(0, 3), partialUpload(), ...list.slice(3)];
}

/** The four registers, in upload order. */
function registers(): Upload[] {
  const sheets = exampleSheets();
  return (['2026-07', '2026-08', '2026-09', '2026-10'] as const).map((month, i) => {
    const book = new Map<string, Rows>([['企业项目台账', registerOf(month)]]);
    if (month === '2026-10') {
      for (const name of ['月度经济指标', '年度目标', '单位联系人']) book.set(name, sheets.get(name) as Rows);
    }
    return {
      key: `uploads/bureau/${month}-台账.xlsx`,
      bytes: workbookBytes(book),
      eventTime: new Date(Date.UTC(2026, 7 + i, 5)).toISOString(),
    };
  });
}

async function deliver(order: readonly Upload[]): Promise<{ store: MemoryStore; statuses: string[] }> {
  const store = createMemoryStore();
  const objects = new MemoryObjects();
  const ingest = createIngestHandler({
    store,
    objects,
    clock: { now: () => new Date('2026-11-20T00:00:00.000Z') },
    workbooks: sheetJsWorkbooks,
  });
  const statuses: string[] = [];
  for (const u of order) {
    await objects.put(BUCKET, u.key, u.bytes, 'application/octet-stream');
    const [outcome] = await ingest(s3Event(u.key, { eventTime: u.eventTime, sequencer: '01' }));
    statuses.push(outcome?.status ?? 'none');
  }
  return { store, statuses };
}

/**
 * Every item but the import records (their times and counts say how each delivery went), as
 * readers see it (without the id of the import that wrote it, without tombstones).
 */
function projection(store: MemoryStore): Item[] {
  return committedItems(store.table.snapshot()).filter((item) => item.sk !== 'IMP');
}

describe('four monthly registers and their indicators, forward and in reverse', async () => {
  const list = uploads();
  const forward = await deliver(list);
  const reverse = await deliver([...list].reverse());
  const keys = (exampleSheets().get('企业项目台账') as Rows).slice(1).map((row) => String(row[0] || row[1]));

  it('every upload applies both ways', () => {
    expect(forward.statuses).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    expect(reverse.statuses).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
  });

  it('the partial form’s figures and the example’s merge cell by cell, both ways', async () => {
    const example = (exampleSheets().get('月度经济指标') as Rows).filter(
      (row) => row[0] === PARTIAL_KEYS[1] && row[3] === '2026-10',
    )[0];
    for (const store of [forward.store, reverse.store]) {
      const rows = await store.indicatorsByMonth('2026-10');
      const first = rows.find((r) => r.key === PARTIAL_KEYS[0])?.values;
      const second = rows.find((r) => r.key === PARTIAL_KEYS[1])?.values;
      expect(first).toMatchObject({ retail: '321.5', revenue: expect.any(String) });
      expect(first?.fai).toBeUndefined();
      // The example (later in upload order) gives this one's 固定资产投资: it wins that cell.
      expect(second).toMatchObject({ retail: '0', fai: String(example?.[7]), revenue: String(example?.[5]) });
    }
  });

  it('the stored items are identical, item by item', () => {
    expect(projection(reverse.store)).toEqual(projection(forward.store));
  });

  it('the months without the 统计归属街道 and 所在园区 columns keep the previous values', async () => {
    const stat = await forward.store.recordState(STAT_KEY);
    expect(stat && periodAt(stat, '2026-09')?.assignment.clauses).toContain('3.4');
    for (const key of PARK_KEYS) {
      expect(await reverse.store.transfers(key), key).toEqual([]);
      const state = await reverse.store.recordState(key);
      const at = (m: Month) => state && periodAt(state, m)?.assignment;
      expect(at('2026-09'), key).toEqual(at('2026-08'));
      expect(at('2026-09'), key).toEqual(at('2026-10'));
    }
    expect((await reverse.store.transfers(MOVED_KEY)).map((t) => [t.month, t.from, t.to])).toEqual([
      ['2026-09', 'xingouzhen', 'changqing'],
    ]);
    const completing = await reverse.store.recordState(COMPLETING_KEY);
    expect(completing && periodAt(completing, '2026-09')?.assignment.stage).toBe('built');
  });

  it('assignments, history and transfers of every record are identical', async () => {
    expect(keys.length).toBe(36);
    for (const key of keys) {
      expect(await reverse.store.assignmentHistory(key), key).toEqual(
        await forward.store.assignmentHistory(key),
      );
      expect(await reverse.store.transfers(key), key).toEqual(await forward.store.transfers(key));
      expect(await reverse.store.getVersions([key]), key).toEqual(await forward.store.getVersions([key]));
    }
  });

  it('the summaries of every month 2025-01..2026-10 are identical', async () => {
    for (const month of monthRange('2025-01', '2026-10')) {
      const a = await loadSummaries(forward.store, month, rulesOf(POLICIES));
      const b = await loadSummaries(reverse.store, month, rulesOf(POLICIES));
      expect(b, month).toEqual(a);
    }
  });
});
