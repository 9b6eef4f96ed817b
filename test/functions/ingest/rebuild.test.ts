/**
 * The rebuildable projection (issue 10 item 4) over the in-memory store and objects: a
 * rebuild under a changed reading (the policies plus the fictitious 2027-test) makes the store
 * equal, item by item, a fresh import of the same uploads under that reading; readers see the
 * old projection during the whole rebuild and the new one after its commit, never a mix.
 */
import { describe, expect, it } from 'vitest';
import { contentIdOf, type Item, ItemStore, isProjected } from '#adapters/dynamodb-items';
import { createMemoryStore, MemoryTable } from '#adapters/memory-store';
import { MemoryObjects } from '#adapters/s3-objects';
import { readWorkbookFile } from '#adapters/workbook-reader';
import { checkWorkbook } from '#domain/registers/index';
import { createIngestHandler } from '#functions/ingest/handler';
import { rebuildProjection } from '#functions/ingest/rebuild';
import { WITH_2027 } from '../../cases/fictitious-2027/policy.ts';
import { committedItems, s3Event } from '../../support/ingest.ts';
import { exampleBytes, workbookBytes } from '../../support/workbooks.ts';

const BUCKET = 'lkg-territory';
const clock = { now: () => new Date('2026-10-20T05:00:00.000Z') };

const UPLOADS: { key: string; bytes: () => Uint8Array; time: string; seq: string }[] = [
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

async function imported(): Promise<{ store: ReturnType<typeof createMemoryStore>; objects: MemoryObjects }> {
  const store = createMemoryStore();
  const objects = new MemoryObjects();
  const ingest = createIngestHandler({ store, objects, clock });
  for (const u of UPLOADS) {
    await objects.put(BUCKET, u.key, u.bytes(), 'application/octet-stream');
    const [outcome] = await ingest(s3Event(u.key, { eventTime: u.time, sequencer: u.seq }));
    expect(outcome?.record?.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(outcome?.status).toBe('applied');
  }
  return { store, objects };
}

/** The projection as readers see it (no uploads, imports or leases; no provenance). */
function projection(items: readonly Item[]): Item[] {
  return committedItems(items).filter(isProjected);
}

/** A fresh import of the same uploads under `WITH_2027` (the planner's path, not the replay). */
async function freshUnder2027(): Promise<Item[]> {
  const store = new ItemStore(new MemoryTable(), WITH_2027) as ItemStore & { table: MemoryTable };
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

describe('lkg rebuild (issue 10 item 4)', () => {
  it('after a changed reading the store equals a fresh import under it, item by item; readers never see a mix', async () => {
    const { store, objects } = await imported();
    const before = projection(store.table.snapshot());
    const expected = await freshUnder2027();
    expect(expected).not.toEqual(before);
    let writes = 0;
    let committed = false;
    store.table.beforeWrite = () => {
      writes++;
      // Before each write: readers see exactly the last complete projection — the old one
      // until the commit, the new one after it (the pending hint is cleared after the commit),
      // never a mix and never back.
      const seen = projection(store.table.snapshot());
      if (!committed) {
        try {
          expect(seen).toEqual(before);
          return;
        } catch {
          committed = true;
        }
      }
      expect(seen).toEqual(expected);
    };
    const outcome = await rebuildProjection({ store, objects, clock }, { runId: 'r1', policies: WITH_2027 });
    store.table.beforeWrite = null;
    expect(writes).toBeGreaterThan(0);
    expect(outcome.written).toBeGreaterThan(0);
    expect(outcome.verdictsChanged).toEqual([]);
    expect(projection(store.table.snapshot())).toEqual(expected);
    expect((await store.getImport('rebuild-r1'))?.rulesVersion).toBe(outcome.rulesVersion);
    // Idempotent: the same rebuild again writes nothing.
    const again = await rebuildProjection({ store, objects, clock }, { runId: 'r2', policies: WITH_2027 });
    expect(again.written).toBe(0);
  });

  it('a rebuild under the policies in force leaves a consistent store as it is', async () => {
    const { store, objects } = await imported();
    const before = projection(store.table.snapshot());
    const outcome = await rebuildProjection({ store, objects, clock }, { runId: 'same' });
    expect(outcome.written).toBe(0);
    expect(projection(store.table.snapshot())).toEqual(before);
  });
});

describe('what a replay or rebuild may rewrite (isProjected)', () => {
  // Inputs and caches a replay must never delete: it compares the stored projection with a
  // scratch one, so an item it calls projected but never produces would be deleted.
  it.each([
    ['R#91420112MA83G07L8M', 'HEAD', true],
    ['R#91420112MA83G07L8M', 'V#2026-10', true],
    ['R#91420112MA83G07L8M', 'U#service#2020-04#changqing', true],
    ['I#91420112MA83G07L8M', '2026-10', true],
    ['T#2026', 'changqing', true],
    ['TM#2026-10', '91420112MA83G07L8M', true],
    ['CONTACTS', 'changqing#a@example.gov.cn', true],
    ['META', 'LATEST', true],
    ['N#临空', '91420112MA83G07L8M', true],
    ['META', 'APPLY-LEASE', false],
    ['META', 'SUMMARY-WINDOW', false],
    ['IMP#0123456789abcdef0123456789abcdef', 'IMP', false],
    ['IMP#C#abc', 'RANK', false],
    ['S#2026-10', 'SUMMARY', false],
    ['S#2026-10', 'CALC#D#changqing', false],
    ['S#2026-10', 'SEND#changqing#m-1', false],
    ['SUMDUE', 'rebuild-1', false],
    ['DECISIONS', 'D#d-20261130-0a1b2c3d', false],
    ['DECISIONS', 'E#d-20261130-0a1b2c3d', false],
    ['X#91420112MA83G07L8M#2026-10', 'A#1', false],
    ['IMPACT#i-1', 'JOB', false],
  ] as const)('%s / %s → %s', (pk, sk, projected) => {
    expect(isProjected({ pk, sk })).toBe(projected);
  });
});
