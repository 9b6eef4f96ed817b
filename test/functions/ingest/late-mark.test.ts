/**
 * Detecting a late delivery from one mark (the latest judged upload order, `META/JUDGED-ORDER`)
 * instead of reading every import record on every import: in order, an import reads no import
 * list; delivered late, it replays the uploads sharing its keys (found by the upload index,
 * without the import list); a store written before the mark existed is read whole once
 * and gets the mark. Every case ends equal, item by item, to the in-order delivery.
 */
import { describe, expect, it } from 'vitest';
import { isProjected } from '#adapters/dynamodb-items';
import { createMemoryStore } from '#adapters/memory-store';
import { MemoryObjects } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { createIngestHandler } from '#functions/ingest/handler';
import { committedItems, s3Event } from '../../support/ingest.ts';
import { workbookBytes } from '../../support/workbooks.ts';

const BUCKET = 'lkg-territory';
const clock = { now: () => new Date('2026-10-20T05:00:00.000Z') };
const HEADER = ['统一社会信用代码', '企业（项目）名称', '项目状态', '所在街道', '统计归属街道', '报送月份'];
const KEY = '91420112MAP72617XD';

/** Three registers of one enterprise; the second omits 统计归属街道 (it keeps the first's). */
const UPLOADS = [
  {
    key: 'uploads/bureau/08.xlsx',
    row: [KEY, '常青商贸', '已建成投产', '长青街', '金银湖街', '2026-08'],
    seq: '01',
  },
  {
    key: 'uploads/bureau/09.xlsx',
    row: [KEY, '常青商贸有限公司', '已建成投产', '长青街', null, '2026-09'],
    seq: '02',
  },
  {
    key: 'uploads/bureau/10.xlsx',
    row: [KEY, '武汉常青商贸有限公司', '已建成投产', '长青街', '长青街', '2026-10'],
    seq: '03',
  },
].map((u, i) => ({
  key: u.key,
  seq: u.seq,
  time: `2026-10-20T0${i + 1}:00:00.000Z`,
  bytes: workbookBytes({
    企业项目台账: [
      u.row[4] === null ? HEADER.filter((h) => h !== '统计归属街道') : HEADER,
      u.row.filter((c) => c !== null),
    ],
  }),
}));

async function deliver(order: readonly number[], options: { dropMarkAfter?: number } = {}) {
  const store = createMemoryStore();
  const objects = new MemoryObjects();
  const ingest = createIngestHandler({ store, objects, clock, workbooks: sheetJsWorkbooks });
  const listed: number[] = [];
  const list = store.listImports.bind(store);
  let current = -1;
  store.listImports = (o) => {
    listed.push(current);
    return list(o);
  };
  for (const [n, i] of order.entries()) {
    const u = UPLOADS[i] as (typeof UPLOADS)[number];
    current = i;
    await objects.put(BUCKET, u.key, u.bytes, 'application/octet-stream');
    const [outcome] = await ingest(s3Event(u.key, { eventTime: u.time, sequencer: u.seq }));
    expect(outcome?.record?.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(outcome?.status).toBe('applied');
    if (options.dropMarkAfter === n) {
      const kept = store.table.snapshot().filter((x) => !(x.pk === 'META' && x.sk === 'JUDGED-ORDER'));
      await store.table.batchWrite([], [{ pk: 'META', sk: 'JUDGED-ORDER' }]);
      expect(store.table.snapshot()).toEqual(kept);
    }
  }
  const mark = store.table.snapshot().find((i) => i.pk === 'META' && i.sk === 'JUDGED-ORDER');
  return { items: committedItems(store.table.snapshot()).filter(isProjected), listed, mark: mark?.order };
}

describe('the late-delivery mark', () => {
  it('in order: only the first import (an empty store, no mark yet) reads the import list; the mark is the last upload’s order', async () => {
    const run = await deliver([0, 1, 2]);
    expect(run.listed).toEqual([0]);
    expect(run.mark).toMatch(/^2026-10-20T03:00:00\.000Z#0+3$/);
  });

  it.each([
    ['the middle one last', [0, 2, 1], [0]],
    ['the first one last', [1, 2, 0], [1]],
    ['reverse order', [2, 1, 0], [2]],
  ])(
    '%s: only the first reads the imports (a late one replays its closure, found by the upload index), and the store equals in-order delivery',
    async (_name, order, lateOnes) => {
      const expected = await deliver([0, 1, 2]);
      const run = await deliver(order);
      expect([...new Set(run.listed)]).toEqual(lateOnes);
      expect(run.items).toEqual(expected.items);
      expect(run.mark).toBe(expected.mark);
    },
  );

  it('a store written before the mark: the next import reads the imports once, finds it is late, and sets the mark', async () => {
    const expected = await deliver([0, 1, 2]);
    const run = await deliver([0, 2, 1], { dropMarkAfter: 1 });
    expect([...new Set(run.listed)]).toEqual([0, 1]);
    expect(run.items).toEqual(expected.items);
    expect(run.mark).toBe(expected.mark);
  });
});
