/**
 * The ingest handler over the in-memory store and object store (same item design as
 * DynamoDB): one import per event, rejected workbooks change nothing, the same file twice
 * writes nothing, later uploads win whatever the delivery order, a crash half-way is
 * completed by the redelivery.
 */
import { describe, expect, it } from 'vitest';
import type { Item, ItemKey } from '#adapters/dynamodb-items';
import { createMemoryStore, type MemoryStore } from '#adapters/memory-store';
import { MemoryObjects } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { chinaMonth } from '#domain/months';
import { periodAt } from '#domain/timeline';
import { createIngestHandler, resumeUnfinishedImports } from '#functions/ingest/handler';
import { ImportBusyError } from '#functions/ingest/import-upload';
import { decodeEventKey, importIdOf, reportKeys, unitOfKey } from '#functions/ingest/uploads';
import { takeApplyLease } from '../../support/claims.ts';
import { committedItems, dataItems, expectedAssignments, isDataKey, s3Event } from '../../support/ingest.ts';
import { importRecord } from '../../support/store-contract.ts';
import { exampleBytes, exampleWith, workbookBytes } from '../../support/workbooks.ts';

const BUCKET = 'lkg-territory';
// The example names every unit's enterprises: only the bureau may upload it.
const EXAMPLE_KEY = 'uploads/bureau/2026-10-示例台账.xlsx';

function setup(): {
  store: MemoryStore;
  objects: MemoryObjects;
  ingest: ReturnType<typeof createIngestHandler>;
} {
  const store = createMemoryStore();
  const objects = new MemoryObjects();
  const ingest = createIngestHandler({
    store,
    objects,
    clock: { now: () => new Date('2026-10-20T03:00:00.000Z') },
    workbooks: sheetJsWorkbooks,
  });
  return { store, objects, ingest };
}

/** Counts data items written through the table (puts and deletes). */
function countDataWrites(store: MemoryStore): { count: number } {
  const counter = { count: 0 };
  store.table.beforeWrite = (item: Item | ItemKey) => {
    if (isDataKey(item.pk)) counter.count++;
  };
  return counter;
}

describe('event keys and ids', () => {
  it.each([
    ['uploads/changqing/2026-10-%E5%8F%B0%E8%B4%A6.xlsx', 'uploads/changqing/2026-10-台账.xlsx'],
    ['uploads/a+b.xlsx', 'uploads/a b.xlsx'],
    ['uploads/a%2Bb.xlsx', 'uploads/a+b.xlsx'],
    ['uploads/plain.xlsx', 'uploads/plain.xlsx'],
  ])('decodes %s', (raw, decoded) => {
    expect(decodeEventKey(raw)).toBe(decoded);
  });
  it.each([
    ['uploads/changqing/x.xlsx', 'changqing'],
    ['uploads/jidian/sub/x.xlsx', 'jidian'],
    ['uploads/x.xlsx', null],
    ['uploads/nowhere/x.xlsx', null],
  ])('unit of %s is %s', (key, unit) => {
    expect(unitOfKey(key)).toBe(unit);
  });
  it('report keys keep the path under uploads/', () => {
    expect(reportKeys('uploads/changqing/a b+.xlsx')).toEqual({
      json: 'reports/changqing/a b+.xlsx.report.json',
      xlsx: 'reports/changqing/a b+.xlsx.report.xlsx',
    });
  });
  it.each([
    ['2026-10-31T15:59:59Z', '2026-10'],
    ['2026-10-31T16:00:00Z', '2026-11'],
    ['2026-12-31T16:00:00Z', '2027-01'],
  ])('upload month of %s in Asia/Shanghai is %s', (t, m) => {
    expect(chinaMonth(t)).toBe(m);
  });
  it('the import id depends on bucket, key, version and sequencer only', () => {
    const a = { bucket: 'b', key: 'uploads/x', versionId: null, sequencer: '01' };
    expect(importIdOf(a)).toBe(importIdOf({ ...a }));
    expect(importIdOf(a)).not.toBe(importIdOf({ ...a, sequencer: '02' }));
    expect(importIdOf(a)).not.toBe(importIdOf({ ...a, versionId: 'v' }));
  });
});

describe('ingest handler', () => {
  it('imports the example: every stored assignment for 2026-10 is the assessment of the workbook row', async () => {
    const { store, objects, ingest } = setup();
    const bytes = exampleBytes();
    await objects.put(BUCKET, EXAMPLE_KEY, bytes, 'application/octet-stream');
    const [outcome] = await ingest(s3Event(EXAMPLE_KEY));
    expect(outcome?.status).toBe('applied');
    expect(outcome?.record?.unit).toBe('bureau');
    expect(outcome?.record?.counts.errors).toBe(0);
    const expected = await expectedAssignments(bytes, '2026-10-示例台账.xlsx', '2026-10');
    expect(expected.size).toBeGreaterThan(30);
    for (const [key, assignment] of expected) {
      const state = await store.recordState(key);
      expect(state && periodAt(state, '2026-10')?.assignment, key).toEqual(assignment);
      if (assignment.service) {
        const listed = await store.listByUnit(assignment.service, 'service', '2026-10', { limit: 1000 });
        expect(listed.items.map((i) => i.key)).toContain(key);
      }
    }
    expect(await store.latestMonth()).toBe('2026-10');
    expect((await store.indicatorsByMonth('2026-10')).length).toBeGreaterThan(0);
    expect((await store.targets(2026)).length).toBeGreaterThan(0);
    expect((await store.contacts()).length).toBeGreaterThan(0);
    expect(await store.unfinishedImport()).toBeNull();
    const report = JSON.parse(
      new TextDecoder().decode(await objects.get(BUCKET, reportKeys(EXAMPLE_KEY).json)),
    );
    expect(report).toMatchObject({ id: outcome?.id, status: 'applied', objectKey: EXAMPLE_KEY });
    expect(report.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await objects.head(BUCKET, reportKeys(EXAMPLE_KEY).xlsx)).not.toBeNull();
  });

  it('rejects a workbook with an error and leaves the store exactly as it was', async () => {
    const { store, objects, ingest } = setup();
    await objects.put(BUCKET, EXAMPLE_KEY, exampleBytes(), 'application/octet-stream');
    await ingest(s3Event(EXAMPLE_KEY));
    const before = dataItems(store.table.snapshot());
    const bad = exampleWith((rows) => {
      const row = rows[1] as (string | number | null)[];
      row[5] = '长清街'; // not a street
      const name = rows[2] as (string | number | null)[];
      name[2] = '改了名字的公司';
    });
    const key = 'uploads/changqing/2026-10-错误台账.xlsx';
    await objects.put(BUCKET, key, bad, 'application/octet-stream');
    const [outcome] = await ingest(s3Event(key, { eventTime: '2026-10-21T00:00:00.000Z', sequencer: '02' }));
    expect(outcome?.status).toBe('rejected');
    expect(outcome?.record?.counts.errors).toBeGreaterThan(0);
    expect(outcome?.record?.findings.some((f) => f.severity === 'error' && f.value === '长清街')).toBe(true);
    expect(dataItems(store.table.snapshot())).toEqual(before);
    expect(await objects.head(BUCKET, reportKeys(key).json)).not.toBeNull();
    expect(await objects.head(BUCKET, reportKeys(key).xlsx)).not.toBeNull();
  });

  it('writes no data item when the same file is uploaded again, and says unchanged', async () => {
    const { store, objects, ingest } = setup();
    await objects.put(BUCKET, EXAMPLE_KEY, exampleBytes(), 'application/octet-stream');
    const first = countDataWrites(store);
    await ingest(s3Event(EXAMPLE_KEY, { sequencer: '01' }));
    expect(first.count).toBeGreaterThan(0);
    const second = countDataWrites(store);
    const [outcome] = await ingest(
      s3Event(EXAMPLE_KEY, { eventTime: '2026-10-22T00:00:00.000Z', sequencer: '02' }),
    );
    expect(outcome?.status).toBe('unchanged');
    expect(outcome?.record?.counts.itemsWritten).toBe(0);
    expect(second.count).toBe(0);
    expect((await store.listImports({ limit: 10 })).items).toHaveLength(2);
  });

  it('the same event twice is one import', async () => {
    const { store, objects, ingest } = setup();
    await objects.put(BUCKET, EXAMPLE_KEY, exampleBytes(), 'application/octet-stream');
    const event = s3Event(EXAMPLE_KEY);
    const [a] = await ingest(event);
    const writes = countDataWrites(store);
    const [b] = await ingest(event);
    expect(a?.duplicate).toBe(false);
    expect(b).toMatchObject({ id: a?.id, duplicate: true, status: 'applied' });
    expect(writes.count).toBe(0);
    expect((await store.listImports({ limit: 10 })).items).toHaveLength(1);
  });

  const renamed = (name: string) =>
    exampleWith((rows) => {
      (rows[1] as (string | number | null)[])[2] = name;
    });

  it.each([
    ['in order', [0, 1]],
    ['in reverse order', [1, 0]],
  ])('two uploads delivered %s end in the later one’s state', async (_label, deliveries) => {
    const uploads = [
      {
        key: 'uploads/bureau/a.xlsx',
        bytes: renamed('先上传的名称有限公司'),
        eventTime: '2026-10-20T01:00:00.000Z',
        sequencer: '10',
      },
      {
        key: 'uploads/bureau/b.xlsx',
        bytes: renamed('后上传的名称有限公司'),
        eventTime: '2026-10-20T02:00:00.000Z',
        sequencer: '20',
      },
    ];
    const { store, objects, ingest } = setup();
    for (const u of uploads) await objects.put(BUCKET, u.key, u.bytes, 'application/octet-stream');
    for (const i of deliveries) {
      const u = uploads[i as number];
      if (u) await ingest(s3Event(u.key, { eventTime: u.eventTime, sequencer: u.sequencer }));
    }
    const versions = await store.getVersions(['91420112MA83G07L8M']);
    expect(versions.get('91420112MA83G07L8M')?.[0]?.record.name).toBe('后上传的名称有限公司');
    expect((await store.search('后上传', { limit: 10 })).items.map((i) => i.key)).toEqual([
      '91420112MA83G07L8M',
    ]);
    expect((await store.search('先上传', { limit: 10 })).items).toEqual([]);
  });

  it('uploads A, B, then A again end in A’s state', async () => {
    const { store, objects, ingest } = setup();
    await objects.put(BUCKET, 'uploads/bureau/a.xlsx', renamed('甲名称有限公司'), 'x');
    await objects.put(BUCKET, 'uploads/bureau/b.xlsx', renamed('乙名称有限公司'), 'x');
    await ingest(s3Event('uploads/bureau/a.xlsx', { eventTime: '2026-10-20T01:00:00.000Z', sequencer: '1' }));
    await ingest(s3Event('uploads/bureau/b.xlsx', { eventTime: '2026-10-20T02:00:00.000Z', sequencer: '1' }));
    await ingest(s3Event('uploads/bureau/a.xlsx', { eventTime: '2026-10-20T03:00:00.000Z', sequencer: '2' }));
    const versions = await store.getVersions(['91420112MA83G07L8M']);
    expect(versions.get('91420112MA83G07L8M')?.[0]?.record.name).toBe('甲名称有限公司');
  });

  it.each([
    ['A, A again, B', ['a1', 'a3', 'b2']],
    ['B, A again, A', ['b2', 'a3', 'a1']],
    ['A again, B, A', ['a3', 'b2', 'a1']],
  ])('uploads A, B, then A again end in A’s state when delivered as %s', async (_label, deliveries) => {
    const { store, objects, ingest } = setup();
    await objects.put(BUCKET, 'uploads/bureau/a.xlsx', renamed('甲名称有限公司'), 'x');
    await objects.put(BUCKET, 'uploads/bureau/b.xlsx', renamed('乙名称有限公司'), 'x');
    const events: Record<string, Parameters<typeof s3Event>> = {
      a1: ['uploads/bureau/a.xlsx', { eventTime: '2026-10-20T01:00:00.000Z', sequencer: '1' }],
      b2: ['uploads/bureau/b.xlsx', { eventTime: '2026-10-20T02:00:00.000Z', sequencer: '1' }],
      a3: ['uploads/bureau/a.xlsx', { eventTime: '2026-10-20T03:00:00.000Z', sequencer: '2' }],
    };
    for (const name of deliveries as string[])
      await ingest(s3Event(...(events[name] as Parameters<typeof s3Event>)));
    const versions = await store.getVersions(['91420112MA83G07L8M']);
    expect(versions.get('91420112MA83G07L8M')?.[0]?.record.name).toBe('甲名称有限公司');
    expect((await store.search('乙名称', { limit: 10 })).items).toEqual([]);
  });

  it.each([1, 7, 25, 60, 200, 400])(
    'a store that fails after %i data writes leaves the import applying; the redelivery completes it',
    async (failAfter) => {
      // The reference: a clean import.
      const clean = setup();
      await clean.objects.put(BUCKET, EXAMPLE_KEY, exampleBytes(), 'x');
      await clean.ingest(s3Event(EXAMPLE_KEY));
      const reference = dataItems(clean.store.table.snapshot());

      const { store, objects, ingest } = setup();
      await objects.put(BUCKET, EXAMPLE_KEY, exampleBytes(), 'x');
      let writes = 0;
      store.table.beforeWrite = (item) => {
        if (isDataKey(item.pk) && ++writes > failAfter) throw new Error('simulated crash');
      };
      const event = s3Event(EXAMPLE_KEY);
      await expect(ingest(event)).rejects.toThrow('simulated crash');
      const unfinished = await store.unfinishedImport();
      expect(unfinished?.status).toBe('applying');
      store.table.beforeWrite = null;
      const [outcome] = await ingest(event);
      expect(outcome?.status).toBe('applied');
      expect(await store.unfinishedImport()).toBeNull();
      expect(dataItems(store.table.snapshot())).toEqual(reference);
      expect((await store.listImports({ limit: 10 })).items).toHaveLength(1);
    },
  );

  it('waits while another running import holds the apply lease: fails without writing, marked for retry; the sweep applies it', async () => {
    const { store, objects, ingest } = setup();
    await objects.put(BUCKET, EXAMPLE_KEY, exampleBytes(), 'x');
    await store.createImport(importRecord({ id: 'other', status: 'applying' }));
    expect(await takeApplyLease(store, 'other', new Date('2026-10-20T02:59:30.000Z'), 60_000)).toBe(true);
    const writes = countDataWrites(store);
    const event = s3Event(EXAMPLE_KEY);
    await expect(ingest(event)).rejects.toThrow(ImportBusyError);
    expect(writes.count).toBe(0);
    const waiting = (await store.listImports({ limit: 10 })).items.find((i) => i.id !== 'other');
    expect(waiting).toMatchObject({ status: 'failed', retry: true });
    expect(waiting?.error).toContain('自动继续');
    expect((await store.importsToResume()).map((i) => i.id)).toEqual(['other', waiting?.id]);
    // The other import finishes (its record says so): its lease is taken over at once.
    await store.saveImport(importRecord({ id: 'other', status: 'applied' }));
    const { resumed: outcomes, failed: failures } = await resumeUnfinishedImports({
      store,
      objects,
      clock: { now: () => new Date('2026-10-20T03:00:10.000Z') },
      workbooks: sheetJsWorkbooks,
    });
    expect(failures).toEqual([]);
    expect(outcomes.map((o) => o.status)).toEqual(['applied']);
    expect(await store.importsToResume()).toEqual([]);
  });

  it.each([
    ['failed', 'failed', '2026-10-20T02:59:59.000Z', 60 * 60_000, true],
    ['finished', 'applied', '2026-10-20T02:59:59.000Z', 60 * 60_000, true],
    ['gone (no record)', null, '2026-10-20T02:59:59.000Z', 60 * 60_000, true],
    ['expired (a crash)', 'applying', '2026-10-20T02:58:00.000Z', 60_000, true],
    ['running', 'applying', '2026-10-20T02:59:59.000Z', 60_000, false],
  ] as const)(
    'a lease whose holder is %s is taken over: %s',
    async (_label, holderStatus, takenAt, ttl, takenOver) => {
      const { store } = setup();
      if (holderStatus) {
        await store.createImport(importRecord({ id: 'holder', status: holderStatus }));
      }
      expect(await takeApplyLease(store, 'holder', new Date(takenAt), ttl)).toBe(true);
      expect(await takeApplyLease(store, 'next', new Date('2026-10-20T03:00:00.000Z'), 60_000)).toBe(
        takenOver,
      );
    },
  );

  it('an import left applying by a crash is finished by the sweep (its own lease is still held)', async () => {
    const clean = setup();
    await clean.objects.put(BUCKET, EXAMPLE_KEY, exampleBytes(), 'x');
    await clean.ingest(s3Event(EXAMPLE_KEY));
    const reference = dataItems(clean.store.table.snapshot());

    const { store, objects, ingest } = setup();
    await objects.put(BUCKET, EXAMPLE_KEY, exampleBytes(), 'x');
    let writes = 0;
    store.table.beforeWrite = (item) => {
      if (isDataKey(item.pk) && ++writes > 30) throw new Error('simulated crash');
    };
    await expect(ingest(s3Event(EXAMPLE_KEY))).rejects.toThrow('simulated crash');
    store.table.beforeWrite = null;
    // The crashed run's lease is still there; the sweep's run of the same import holds it.
    const { resumed: outcomes } = await resumeUnfinishedImports({
      store,
      objects,
      clock: { now: () => new Date('2026-10-20T03:00:05.000Z') },
      workbooks: sheetJsWorkbooks,
    });
    expect(outcomes.map((o) => o.status)).toEqual(['applied']);
    expect(dataItems(store.table.snapshot())).toEqual(reference);
    expect(await store.unfinishedImport()).toBeNull();
  });

  it('ignores events outside uploads/ and folder markers', async () => {
    const { ingest } = setup();
    expect(await ingest(s3Event('reports/x.xlsx.report.json'))).toEqual([]);
    expect(await ingest(s3Event('uploads/changqing/'))).toEqual([]);
  });

  it('marks an upload whose object is gone as failed and rethrows', async () => {
    const { store, ingest } = setup();
    await expect(ingest(s3Event('uploads/bureau/gone.xlsx'))).rejects.toThrow();
    const imports = await store.listImports({ limit: 10 });
    expect(imports.items[0]?.status).toBe('failed');
    expect(imports.items[0]?.error).toContain('导入未完成');
    expect(await store.unfinishedImport()).toBeNull();
  });
});

describe('upload authority in the ingest: judged against the uploads earlier in upload order', () => {
  /** 武汉吴家山光电器件有限公司 (吴家山街, recruited by 机电办) and 武汉常青花园商贸有限公司 (常青花园街, local). */
  const WUJIASHAN_KEY = '91420112MA12278E67';
  const GARDEN_KEY = '91420112MAP72617XD';
  const register = (rows: (string | null)[][]) =>
    workbookBytes({
      企业项目台账: [['统一社会信用代码', '企业（项目）名称', '所在街道', '报送月份'], ...rows],
    });
  const T1 = '2026-10-20T01:00:00.000Z';
  const deliver = async (
    h: ReturnType<typeof setup>,
    key: string,
    bytes: Uint8Array,
    eventTime: string,
    sequencer: string,
  ) => {
    await h.objects.put(BUCKET, key, bytes, 'application/octet-stream');
    const [outcome] = await h.ingest(s3Event(key, { eventTime, sequencer }));
    return outcome;
  };

  it('a street’s register moving another unit’s enterprise is refused and changes nothing; the bureau’s same upload applies', async () => {
    const h = setup();
    await deliver(h, EXAMPLE_KEY, exampleBytes(), T1, '01');
    const before = committedItems(h.store.table.snapshot()).filter((i) => isDataKey(i.pk));
    const move = register([[WUJIASHAN_KEY, '武汉吴家山光电器件有限公司', '长青街', '2026-10']]);
    const refused = await deliver(h, 'uploads/changqing/移入.xlsx', move, '2026-10-20T02:00:00.000Z', '02');
    expect(refused?.status).toBe('rejected');
    const finding = refused?.record?.findings.find((f) => f.severity === 'error');
    expect(finding?.message).toContain('区商务局');
    expect(committedItems(h.store.table.snapshot()).filter((i) => isDataKey(i.pk))).toEqual(before);
    const applied = await deliver(h, 'uploads/bureau/移入.xlsx', move, '2026-10-20T03:00:00.000Z', '03');
    expect(applied?.status).toBe('applied');
    const state = await h.store.recordState(WUJIASHAN_KEY);
    expect(state && periodAt(state, '2026-10')?.assignment.safety).toBe('changqing');
  });

  it('a street’s contacts sheet naming another unit is refused; the bureau’s same upload applies', async () => {
    const h = setup();
    await deliver(h, EXAMPLE_KEY, exampleBytes(), T1, '01');
    const contacts = workbookBytes({
      单位联系人: [
        ['单位', '姓名', '邮箱', '接收月报'],
        ['柏泉街', '冒名者', 'outside@example.org', '是'],
      ],
    });
    const before = await h.store.contacts();
    const refused = await deliver(
      h,
      'uploads/changqing/联系人.xlsx',
      contacts,
      '2026-10-20T02:00:00.000Z',
      '02',
    );
    expect(refused?.status).toBe('rejected');
    expect(
      refused?.record?.findings.some((f) => f.severity === 'error' && f.message.includes('区商务局')),
    ).toBe(true);
    expect(await h.store.contacts()).toEqual(before);
    const applied = await deliver(
      h,
      'uploads/bureau/联系人.xlsx',
      contacts,
      '2026-10-20T03:00:00.000Z',
      '03',
    );
    expect(applied?.status).toBe('applied');
    expect((await h.store.contacts()).filter((c) => c.unit === 'baiquan').map((c) => c.email)).toEqual([
      'outside@example.org',
    ]);
  });

  it.each([
    ['in upload order', ['t2', 't3']],
    ['the later bureau upload first', ['t3', 't2']],
  ])(
    'a street’s rename of a record it does not serve yet is judged on the earlier uploads (%s)',
    async (_label, order) => {
      const h = setup();
      await deliver(h, EXAMPLE_KEY, exampleBytes(), T1, '01');
      // t3 (the bureau) moves the record into 长青街; t2 (长青街, earlier) renames it.
      const uploads: Record<string, [string, Uint8Array, string, string]> = {
        t2: [
          'uploads/changqing/改名.xlsx',
          workbookBytes({
            企业项目台账: [
              ['统一社会信用代码', '企业（项目）名称', '项目状态', '报送月份'],
              [GARDEN_KEY, '长青街改的名称有限公司', '已建成投产', '2026-10'],
            ],
          }),
          '2026-10-20T02:00:00.000Z',
          '02',
        ],
        t3: [
          'uploads/bureau/迁入.xlsx',
          register([[GARDEN_KEY, '武汉常青花园商贸有限公司', '长青街', '2026-10']]),
          '2026-10-20T03:00:00.000Z',
          '03',
        ],
      };
      const status: Record<string, string | undefined> = {};
      for (const name of order as string[]) {
        const [key, bytes, time, seq] = uploads[name] as [string, Uint8Array, string, string];
        status[name] = (await deliver(h, key, bytes, time, seq))?.status;
      }
      expect(status).toEqual({ t2: 'rejected', t3: 'applied' });
      expect((await h.store.recordState(GARDEN_KEY))?.name).toBe('武汉常青花园商贸有限公司');
    },
  );

  it('an earlier upload delivered late re-judges the later ones: the street’s refused rename becomes applied, with a verdict line and a rewritten report', async () => {
    const h = setup();
    await deliver(h, EXAMPLE_KEY, exampleBytes(), T1, '01');
    const rename = workbookBytes({
      企业项目台账: [
        ['统一社会信用代码', '企业（项目）名称', '项目状态', '报送月份'],
        [GARDEN_KEY, '长青街改的名称有限公司', '已建成投产', '2026-10'],
      ],
    });
    // t4 (长青街) renames the record that t3 (the bureau) moves into 长青街; t4 arrives first.
    const first = await deliver(h, 'uploads/changqing/改名.xlsx', rename, '2026-10-20T04:00:00.000Z', '04');
    expect(first?.status).toBe('rejected');
    const late = await deliver(
      h,
      'uploads/bureau/迁入.xlsx',
      register([[GARDEN_KEY, '武汉常青花园商贸有限公司', '长青街', '2026-10']]),
      '2026-10-20T03:00:00.000Z',
      '03',
    );
    expect(late?.status).toBe('applied');
    expect((await h.store.recordState(GARDEN_KEY))?.name).toBe('长青街改的名称有限公司');
    const renamed = await h.store.getImport(first?.id ?? '');
    expect(renamed?.status).toBe('applied');
    expect(renamed?.counts.errors).toBe(0);
    expect(renamed?.verdictChanges).toEqual([
      expect.objectContaining({ from: 'rejected', to: 'applied', by: late?.id }),
    ]);
    const report = JSON.parse(
      new TextDecoder().decode(await h.objects.get(BUCKET, reportKeys('uploads/changqing/改名.xlsx').json)),
    ) as { status: string };
    expect(report.status).toBe('applied');
    // The same state as delivering both in upload order.
    const g = setup();
    await deliver(g, EXAMPLE_KEY, exampleBytes(), T1, '01');
    await deliver(
      g,
      'uploads/bureau/迁入.xlsx',
      register([[GARDEN_KEY, '武汉常青花园商贸有限公司', '长青街', '2026-10']]),
      '2026-10-20T03:00:00.000Z',
      '03',
    );
    await deliver(g, 'uploads/changqing/改名.xlsx', rename, '2026-10-20T04:00:00.000Z', '04');
    const data = (m: MemoryStore) => committedItems(m.table.snapshot()).filter((i) => isDataKey(i.pk));
    expect(data(h.store)).toEqual(data(g.store));
  });

  it('an earlier upload delivered late turns a street’s applied registration of another street’s record into a refusal', async () => {
    const h = setup();
    const NEW_KEY = '91420112MA4KXXXX1Y';
    const full = (name: string, street: string) =>
      workbookBytes({
        企业项目台账: [
          ['统一社会信用代码', '企业（项目）名称', '项目状态', '所在街道', '报送月份'],
          [NEW_KEY, name, '已建成投产', street, '2026-10'],
        ],
      });
    const own = full('长青新设有限公司', '长青街');
    const first = await deliver(h, 'uploads/changqing/新设.xlsx', own, '2026-10-20T04:00:00.000Z', '04');
    expect(first?.record?.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(first?.status).toBe('applied');
    const late = await deliver(
      h,
      'uploads/bureau/新设.xlsx',
      full('金银湖新设有限公司', '金银湖街'),
      '2026-10-20T03:00:00.000Z',
      '03',
    );
    expect(late?.status).toBe('applied');
    const refused = await h.store.getImport(first?.id ?? '');
    expect(refused?.status).toBe('rejected');
    expect(refused?.findings.some((f) => f.severity === 'error' && f.message.includes('区商务局'))).toBe(
      true,
    );
    expect(refused?.verdictChanges?.map((c) => [c.from, c.to])).toEqual([['applied', 'rejected']]);
    expect((await h.store.recordState(NEW_KEY))?.name).toBe('金银湖新设有限公司');
  });
});
