/**
 * The AWS rebuild handler's logic (issue 10 item 4) with a tiny time budget: each invocation
 * writes one page, then invokes itself (here: in process, asynchronously queued) until the
 * rebuild commits; the store then equals a fresh import under the new reading, item by item,
 * and no invocation ever showed readers a mix.
 */
import { describe, expect, it } from 'vitest';
import { contentIdOf, type Item, ItemStore, isProjected, REPROJECT_PAGE } from '#adapters/dynamodb-items';
import { createMemoryStore, MemoryTable } from '#adapters/memory-store';
import { MemoryObjects } from '#adapters/s3-objects';
import { readWorkbookFile } from '#adapters/workbook-reader';
import { checkWorkbook } from '#domain/registers/index';
import { createIngestHandler } from '#functions/ingest/handler';
import { continueRebuilds, type RebuildEvent, runRebuild } from '#functions/rebuild/run';
import { WITH_2027 } from '../cases/fictitious-2027/policy.ts';
import { committedItems, s3Event } from '../support/ingest.ts';
import { exampleBytes, workbookBytes } from '../support/workbooks.ts';

const BUCKET = 'lkg-territory';
const clock = { now: () => new Date('2026-10-20T05:00:00.000Z') };
const UPLOADS = [
  {
    key: 'uploads/bureau/2026-10-示例台账.xlsx',
    bytes: exampleBytes(),
    time: '2026-10-20T01:00:00.000Z',
    seq: '01',
  },
  {
    key: 'uploads/bureau/综保二期.xlsx',
    bytes: workbookBytes({
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

const projection = (items: readonly Item[]) => committedItems(items).filter(isProjected);

describe('the rebuild Lambda (issue 10 item 4)', () => {
  it('given a tiny time budget re-invokes itself until the store equals a fresh import, never showing a mix', async () => {
    const store = createMemoryStore();
    const objects = new MemoryObjects();
    const ingest = createIngestHandler({ store, objects, clock });
    for (const u of UPLOADS) {
      await objects.put(BUCKET, u.key, u.bytes, 'application/octet-stream');
      await ingest(s3Event(u.key, { eventTime: u.time, sequencer: u.seq }));
    }
    const before = projection(store.table.snapshot());
    const fresh = new ItemStore(new MemoryTable(), WITH_2027) as ItemStore & { table: MemoryTable };
    for (const u of UPLOADS) {
      const read = await readWorkbookFile(u.bytes, u.key.slice(u.key.lastIndexOf('/') + 1));
      const parsed = checkWorkbook(read.sheets, { fileName: u.key, uploadedMonth: '2026-10' });
      await fresh.applyWorkbook(
        parsed,
        { eventTime: u.time, sequencer: u.seq, importId: 'f' },
        contentIdOf(parsed),
      );
    }
    const expected = projection(fresh.table.snapshot());
    expect(expected).not.toEqual(before);

    // The budget: enough for one page of writes per invocation.
    let writesThisRound = 0;
    store.table.beforeWrite = (item) => {
      if (isProjected(item)) writesThisRound++;
    };
    let checks = 0;
    /** Between pages: readers still see exactly the last complete projection. */
    const remainingMs = () => {
      checks++;
      expect(projection(store.table.snapshot())).toEqual(before);
      return writesThisRound > 0 ? 1_000 : 900_000;
    };
    const queue: RebuildEvent[] = [{ runId: 'tiny' }];
    const rounds: string[] = [];
    while (queue.length > 0) {
      const event = queue.shift() as RebuildEvent;
      writesThisRound = 0;
      const result = await runRebuild(
        {
          store,
          objects,
          clock,
          policies: WITH_2027,
          remainingMs,
          invokeSelf: async (next) => {
            queue.push(next);
          },
        },
        event,
      );
      rounds.push(result.status);
      if (result.status === 'done') store.table.beforeWrite = null;
    }
    expect(rounds.at(-1)).toBe('done');
    expect(rounds.filter((s) => s === 'continued').length).toBeGreaterThan(0);
    expect(checks).toBeGreaterThan(rounds.length - 1);
    expect(REPROJECT_PAGE).toBeGreaterThan(0);
    expect(projection(store.table.snapshot())).toEqual(expected);
  });

  it('a run stopped by its budget without a self-invocation is continued by the sweep (continueRebuilds)', async () => {
    const store = createMemoryStore();
    const objects = new MemoryObjects();
    const ingest = createIngestHandler({ store, objects, clock });
    for (const u of UPLOADS) {
      await objects.put(BUCKET, u.key, u.bytes, 'application/octet-stream');
      await ingest(s3Event(u.key, { eventTime: u.time, sequencer: u.seq }));
    }
    let written = 0;
    store.table.beforeWrite = (item) => {
      if (isProjected(item)) written++;
    };
    const deps = { store, objects, clock, policies: WITH_2027, invokeSelf: async () => undefined };
    const first = await runRebuild(
      { ...deps, remainingMs: () => (written > 0 ? 1 : 900_000) },
      { runId: 'swept' },
    );
    expect(first.status).toBe('continued');
    expect((await store.getImport('rebuild-swept'))?.status).toBe('applying');
    const swept = await continueRebuilds({ ...deps, remainingMs: () => 900_000 });
    expect(swept.map((r) => r.status)).toEqual(['done']);
    expect((await store.getImport('rebuild-swept'))?.status).toBe('applied');
  });
});
