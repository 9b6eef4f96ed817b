/**
 * The uploads both rebuild tests start from (the example, one record moved in, a built 综保
 * project in 综保区二期 that the fictitious 2027 reading moves), how they are delivered through
 * the ingest, and the fresh import they are compared with.
 */

import { expect } from 'vitest';
import { contentIdOf, type Item, ItemStore, isProjected } from '#adapters/dynamodb-items';
import { createMemoryStore, MemoryTable } from '#adapters/memory-store';
import { MemoryObjects } from '#adapters/s3-objects';
import { readWorkbookFile } from '#adapters/workbook-reader';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { rulesOf } from '#domain/decisions';
import type { Policy } from '#domain/policy/index';
import { checkWorkbook } from '#domain/registers/index';
import { createIngestHandler } from '#functions/ingest/handler';
import { committedItems, s3Event } from './ingest.ts';
import { exampleBytes, workbookBytes } from './workbooks.ts';

export const BUCKET = 'lkg-territory';
export const clock = { now: () => new Date('2026-10-20T05:00:00.000Z') };

export const UPLOADS: { key: string; bytes: () => Uint8Array; time: string; seq: string }[] = [
  {
    key: 'uploads/bureau/2026-10-示例台账.xlsx',
    bytes: exampleBytes,
    time: '2026-10-20T01:00:00.000Z',
    seq: '01',
  },
  {
    key: 'uploads/bureau/迁入.xlsx',
    bytes: () =>
      workbookBytes({
        企业项目台账: [
          ['统一社会信用代码', '企业（项目）名称', '所在街道', '报送月份'],
          ['91420112MAP72617XD', '武汉常青花园商贸有限公司', '长青街', '2026-10'],
        ],
      }),
    time: '2026-10-20T02:00:00.000Z',
    seq: '02',
  },
  {
    // A built 综保 project in 综保区二期: the 2027-test reading moves it to 走马岭街 from 2027-01.
    key: 'uploads/bureau/综保二期.xlsx',
    bytes: () =>
      workbookBytes({
        企业项目台账: [
          [
            '统一社会信用代码',
            '企业（项目）名称',
            '项目状态',
            '招商单位',
            '所在街道',
            '所在园区',
            '建成投产日期',
            '报送月份',
          ],
          [
            '91420112MA4KQB2X0P',
            '综保二期测试有限公司',
            '已建成投产',
            '综保办',
            '走马岭街',
            '综保区二期',
            '2021-05-01',
            '2026-10',
          ],
        ],
      }),
    time: '2026-10-20T03:00:00.000Z',
    seq: '03',
  },
];

/** The uploads delivered in order through the ingest handler, each applied without an error. */
export async function imported(): Promise<{
  store: ReturnType<typeof createMemoryStore>;
  objects: MemoryObjects;
}> {
  const store = createMemoryStore();
  const objects = new MemoryObjects();
  const ingest = createIngestHandler({ store, objects, clock, workbooks: sheetJsWorkbooks });
  for (const u of UPLOADS) {
    await objects.put(BUCKET, u.key, u.bytes(), 'application/octet-stream');
    const [outcome] = await ingest(s3Event(u.key, { eventTime: u.time, sequencer: u.seq }));
    expect(outcome?.record?.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(outcome?.status).toBe('applied');
  }
  return { store, objects };
}

/** The projection as readers see it (no uploads, imports or leases; no provenance). */
export function projection(items: readonly Item[]): Item[] {
  return committedItems(items).filter(isProjected);
}

/** A fresh import of the same uploads under `policies` (the planner's path, not the replay). */
export async function freshUnder(policies: readonly Policy[]): Promise<Item[]> {
  const store = new ItemStore(new MemoryTable(), rulesOf(policies)) as ItemStore & { table: MemoryTable };
  for (const u of UPLOADS) {
    const read = await readWorkbookFile(u.bytes(), u.key.slice(u.key.lastIndexOf('/') + 1));
    const parsed = checkWorkbook(read.sheets, { fileName: u.key, uploadedMonth: '2026-10' });
    await store.applyWorkbook(
      parsed,
      { eventTime: u.time, sequencer: u.seq, importId: 'fresh' },
      contentIdOf(parsed),
    );
  }
  return projection(store.table.snapshot());
}
