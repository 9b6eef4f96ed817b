/**
 * at the ingest: who uploaded (the unit folder, and the identity
 * recorded on the object), bad keys refused before the file is read, and the sweep that
 * resumes an import left unfinished.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '#adapters/memory-store';
import { MemoryObjects } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { UPLOADER_METADATA } from '#domain/uploader';
import {
  createIngestHandler,
  resumeReceivedImports,
  resumeUnfinishedImports,
} from '#functions/ingest/handler';
import { reportKeys } from '#functions/ingest/uploads';
import { dataItems, isDataKey, s3Event } from '../../support/ingest.ts';
import { exampleBytes } from '../../support/workbooks.ts';

const BUCKET = 'lkg-territory';

function setup() {
  const store = createMemoryStore();
  const objects = new MemoryObjects();
  const deps = {
    store,
    objects,
    clock: { now: () => new Date('2026-10-20T03:00:00.000Z') },
    workbooks: sheetJsWorkbooks,
  };
  return { store, objects, deps, ingest: createIngestHandler(deps) };
}

describe('who uploaded: E_UPLOAD_FOLDER refuses the import, nothing applied, reports written', () => {
  const cases: Array<[string, string, Record<string, string>, 'applied' | 'rejected']> = [
    ['the bureau’s folder', 'uploads/bureau/台账.xlsx', {}, 'applied'],
    [
      'a recorded identity naming the folder’s unit',
      'uploads/bureau/台账.xlsx',
      { [UPLOADER_METADATA]: 'bureau' },
      'applied',
    ],
    ['no unit folder', 'uploads/台账.xlsx', {}, 'rejected'],
    ['an unknown folder', 'uploads/examples/台账.xlsx', {}, 'rejected'],
    [
      'a presigned upload whose identity is another unit',
      'uploads/bureau/台账.xlsx',
      { [UPLOADER_METADATA]: 'changqing' },
      'rejected',
    ],
    [
      'a street’s identity in another street’s folder',
      'uploads/baiquan/台账.xlsx',
      { [UPLOADER_METADATA]: 'changqing' },
      'rejected',
    ],
  ];
  it.each(cases)('%s → %s', async (_name, key, metadata, status) => {
    const { store, objects, ingest } = setup();
    await objects.put(BUCKET, key, exampleBytes(), 'application/octet-stream', metadata);
    const [outcome] = await ingest(s3Event(key));
    expect(outcome?.status).toBe(status);
    const report = JSON.parse(new TextDecoder().decode(await objects.get(BUCKET, reportKeys(key).json)));
    expect(report.status).toBe(status);
    expect(await objects.head(BUCKET, reportKeys(key).xlsx)).not.toBeNull();
    if (status === 'rejected') {
      expect(outcome?.record?.findings.map((f) => f.code)).toEqual(['E_UPLOAD_FOLDER']);
      expect(outcome?.record?.findings[0]?.message).toMatch(/uploads\/<单位编号>\//);
      expect(dataItems(store.table.snapshot()).filter((i) => isDataKey(i.pk))).toEqual([]);
    }
  });

  it('a 240-byte file name is refused with E_OBJECT_KEY before the file is read', async () => {
    const { store, objects, ingest } = setup();
    const key = `uploads/bureau/${'长'.repeat(78)}.xlsx`; // 234 + 5 bytes
    await objects.put(BUCKET, key, exampleBytes(), 'application/octet-stream');
    let reads = 0;
    const get = objects.get.bind(objects);
    objects.get = async (...args) => {
      reads++;
      return get(...args);
    };
    const [outcome] = await ingest(s3Event(key));
    expect(outcome?.status).toBe('rejected');
    expect(outcome?.record?.findings[0]).toMatchObject({ code: 'E_OBJECT_KEY' });
    expect(outcome?.record?.findings[0]?.message).toMatch(/文件名或文件夹名过长（239 字节）/);
    expect(reads).toBe(0);
    expect(dataItems(store.table.snapshot()).filter((i) => isDataKey(i.pk))).toEqual([]);
  });
});

describe('resumeUnfinishedImports: the sweep finishes an import a crash left applying', () => {
  it('resumes it to the state of an uninterrupted run, and does nothing when none is left', async () => {
    const key = 'uploads/bureau/2026-10-示例台账.xlsx';
    const clean = setup();
    await clean.objects.put(BUCKET, key, exampleBytes(), 'x');
    await clean.ingest(s3Event(key));
    const reference = dataItems(clean.store.table.snapshot());

    const { store, objects, ingest, deps } = setup();
    await objects.put(BUCKET, key, exampleBytes(), 'x');
    let writes = 0;
    store.table.beforeWrite = (item) => {
      if (isDataKey(item.pk) && ++writes > 40) throw new Error('simulated crash');
    };
    await expect(ingest(s3Event(key))).rejects.toThrow('simulated crash');
    expect((await store.unfinishedImport())?.status).toBe('applying');
    store.table.beforeWrite = null;

    const swept = await resumeUnfinishedImports(deps);
    expect(swept.failed).toEqual([]);
    expect(swept.resumed.map((o) => o.status)).toEqual(['applied']);
    expect(await store.unfinishedImport()).toBeNull();
    expect(dataItems(store.table.snapshot())).toEqual(reference);
    expect(await resumeUnfinishedImports(deps)).toEqual({ resumed: [], failed: [] });
  });

  it('reports an import that fails again and stops (the next sweep tries again)', async () => {
    const key = 'uploads/bureau/a.xlsx';
    const { store, objects, ingest, deps } = setup();
    await objects.put(BUCKET, key, exampleBytes(), 'x');
    store.table.beforeWrite = (item) => {
      if (isDataKey(item.pk)) throw new Error('store down');
    };
    await expect(ingest(s3Event(key))).rejects.toThrow('store down');
    const swept = await resumeUnfinishedImports(deps);
    expect(swept.resumed).toEqual([]);
    expect(swept.failed).toEqual([expect.objectContaining({ key, error: 'store down' })]);
    expect((await store.unfinishedImport())?.objectKey).toBe(key);
  });
});

describe('resumeReceivedImports (the local stack on start)', () => {
  it('runs again an import killed before its first write (left received), and leaves finished ones alone', async () => {
    const { store, objects, ingest, deps } = setup();
    await objects.put(BUCKET, 'uploads/bureau/done.xlsx', exampleBytes(), 'x');
    await ingest(s3Event('uploads/bureau/done.xlsx', { sequencer: '01' }));
    const key = 'uploads/bureau/killed.xlsx';
    await objects.put(BUCKET, key, exampleBytes(), 'x');
    const head = objects.head.bind(objects);
    objects.head = async () => {
      throw new Error('killed');
    };
    await expect(ingest(s3Event(key, { sequencer: '02' }))).rejects.toThrow('killed');
    objects.head = head;
    expect((await store.listImports({ limit: 10 })).items.map((i) => i.status).sort()).toEqual([
      'applied',
      'received',
    ]);

    const resumed = await resumeReceivedImports(deps);
    expect(resumed.failed).toEqual([]);
    expect(resumed.resumed.map((o) => [o.key, o.status])).toEqual([[key, 'unchanged']]);
    expect((await store.listImports({ limit: 10 })).items.map((i) => i.status).sort()).toEqual([
      'applied',
      'unchanged',
    ]);
    expect(await resumeReceivedImports(deps)).toEqual({ resumed: [], failed: [] });
  });
});
