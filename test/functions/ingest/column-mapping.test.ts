/**
 * Column mappings saved per unit, through the ingest of S3 uploads over the in-memory store:
 * applied to the same unit's upload (recorded on the import and named in its report), not to
 * another unit's; reported unused when the rules know the header; removing a mapping and then
 * rebuilding leaves the projection equal, item by item (replays read each upload with the
 * mapping its import recorded); the console's check reads with the saved and the given ones.
 */
import { describe, expect, it } from 'vitest';
import { columnMappingsOf } from '#adapters/column-mapping-items';
import { createMemoryStore } from '#adapters/memory-store';
import { MemoryObjects } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import type { ImportRecord } from '#domain/ports';
import type { ColumnMapping } from '#domain/registers/mapping';
import type { UnitId } from '#domain/units';
import { readCheck, writeCheck } from '#functions/ingest/check-job';
import { runCheck } from '#functions/ingest/check-run';
import { createIngestHandler } from '#functions/ingest/handler';
import { rebuildProjection } from '#functions/ingest/rebuild';
import { reportKeys } from '#functions/ingest/uploads';
import { s3Event } from '../../support/ingest.ts';
import { projection } from '../../support/rebuild-uploads.ts';
import { workbookBytes } from '../../support/workbooks.ts';

const BUCKET = 'lkg-territory';
const clock = { now: () => new Date('2026-10-20T05:00:00.000Z') };
const STREET: ColumnMapping = { kind: 'register', header: '企业地址（街道）', column: '所在街道' };
const SAVED = { savedAt: '2026-10-19T00:00:00.000Z', savedBy: 'local:bureau' };

/** A register of one new project whose 所在街道 is headed `street`. */
function register(street: string): Uint8Array {
  return workbookBytes({
    企业项目台账: [
      [
        '统一社会信用代码',
        '企业（项目）名称',
        '项目状态',
        '招商单位',
        street,
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
  });
}

function setup() {
  const store = createMemoryStore();
  const objects = new MemoryObjects();
  const ingest = createIngestHandler({ store, objects, clock, workbooks: sheetJsWorkbooks });
  const mappings = columnMappingsOf(store)!;
  let seq = 0;
  const upload = async (unit: UnitId, name: string, bytes: Uint8Array): Promise<ImportRecord> => {
    seq++;
    const key = `uploads/${unit}/${name}`;
    await objects.put(BUCKET, key, bytes, 'application/octet-stream');
    const [outcome] = await ingest(
      s3Event(key, {
        bucket: BUCKET,
        eventTime: `2026-10-20T0${seq}:00:00.000Z`,
        sequencer: String(seq).padStart(2, '0'),
      }),
    );
    return outcome?.record as ImportRecord;
  };
  return { store, objects, mappings, upload };
}

const codes = (record: ImportRecord) => record.findings.map((f) => f.code);

describe('a unit’s saved column mappings in the ingest', () => {
  it('apply to the same unit’s upload: read, named in the report, recorded on the import', async () => {
    const { store, objects, mappings, upload } = setup();
    await mappings.save('bureau', { ...STREET, ...SAVED });
    const record = await upload('bureau', '综保二期.xlsx', register('企业地址（街道）'));
    expect(record.status).toBe('applied');
    expect(record.mapping).toEqual([STREET]);
    const named = record.findings.find((f) => f.code === 'W_COLUMN_MAPPED');
    expect(named?.message).toBe('按本单位保存的列名对照：企业地址（街道） → 所在街道');
    expect(codes(record)).not.toContain('W_COLUMN_IGNORED');
    const versions = (await store.getVersions(['91420112MA4KQB2X0P'])).get('91420112MA4KQB2X0P');
    expect(versions?.[0]?.record.street).toBe('zoumaling');
    // The report (the import record as JSON) says which mapping was applied.
    const report = JSON.parse(
      new TextDecoder().decode(await objects.get(BUCKET, reportKeys(record.objectKey).json)),
    ) as ImportRecord;
    expect(report.mapping).toEqual([STREET]);
    expect(report.findings.map((f) => f.message)).toContain(
      '按本单位保存的列名对照：企业地址（街道） → 所在街道',
    );
  });

  it('do not apply to another unit’s upload', async () => {
    const { mappings, upload } = setup();
    await mappings.save('bureau', { ...STREET, ...SAVED });
    const record = await upload('changqing', '台账.xlsx', register('企业地址（街道）'));
    expect(record.mapping).toEqual([]);
    expect(codes(record)).toContain('W_COLUMN_IGNORED');
    expect(codes(record)).not.toContain('W_COLUMN_MAPPED');
  });

  it('are reported unused when the rules know the header (read by the rules)', async () => {
    const { store, mappings, upload } = setup();
    await mappings.save('bureau', { kind: 'register', header: '所属街道', column: '原所在街道', ...SAVED });
    const record = await upload('bureau', '综保二期.xlsx', register('所属街道'));
    expect(record.status).toBe('applied');
    const unused = record.findings.find((f) => f.code === 'W_MAPPING_UNUSED');
    expect(unused?.message).toMatch(
      /^按本单位保存的列名对照“所属街道 → 原所在街道”未使用：列名“所属街道”已能识别/,
    );
    const versions = (await store.getVersions(['91420112MA4KQB2X0P'])).get('91420112MA4KQB2X0P');
    expect(versions?.[0]?.record.street).toBe('zoumaling');
    expect(versions?.[0]?.record.originStreet ?? null).toBeNull();
  });

  it('removing a mapping, then rebuilding, leaves the projection equal item by item', async () => {
    const { store, objects, mappings, upload } = setup();
    await mappings.save('bureau', { ...STREET, ...SAVED });
    const applied = await upload('bureau', '综保二期.xlsx', register('企业地址（街道）'));
    expect(applied.status).toBe('applied');
    const before = projection(store.table.snapshot());
    expect(await mappings.remove('bureau', 'register', '企业地址 (街道)')).toBe(true);
    // A later upload of the same form is read without it now…
    const later = await upload('bureau', '综保二期-再次.xlsx', register('企业地址（街道）'));
    expect(later.mapping).toEqual([]);
    expect(codes(later)).toContain('W_COLUMN_IGNORED');
    const afterLater = projection(store.table.snapshot());
    // …and the rebuild reads the first upload with the mapping its import recorded.
    const outcome = await rebuildProjection(
      { store, objects, clock, workbooks: sheetJsWorkbooks },
      { runId: 'after-removal' },
    );
    expect(outcome.written).toBe(0);
    expect(outcome.verdictsChanged).toEqual([]);
    const after = projection(store.table.snapshot());
    expect(after).toEqual(afterLater);
    expect(after.length).toBe(afterLater.length);
    for (const [i, item] of after.entries()) expect(item).toEqual(afterLater[i]);
    // The record of the first upload is unchanged by the later one (its street is the mapped one).
    const versions = (await store.getVersions(['91420112MA4KQB2X0P'])).get('91420112MA4KQB2X0P');
    expect(versions?.[0]?.record.street).toBe('zoumaling');
    expect(before.length).toBeGreaterThan(0);
  });
});

describe('the console’s check with a mapping', () => {
  const CHECK_FILE = 'checks/bureau/20261020130000-0a1b2c3d/综保二期.xlsx';
  const CHECK_ID = 'c-bureau-20261020130000-0a1b2c3d-00aa11bb';

  async function check(given: ColumnMapping[], saved: ColumnMapping[] = []) {
    const { store, objects, mappings } = setup();
    for (const m of saved) await mappings.save('bureau', { ...m, ...SAVED });
    await objects.put(BUCKET, CHECK_FILE, register('企业地址（街道）'), 'application/octet-stream');
    await writeCheck(objects, BUCKET, {
      id: CHECK_ID,
      unit: 'bureau',
      key: CHECK_FILE,
      status: 'running',
      requestedAt: clock.now().toISOString(),
      finishedAt: null,
      error: null,
      verdict: null,
      findings: [],
      changes: null,
      given,
      mapping: given,
      unknownHeaders: [],
    });
    expect(await runCheck({ store, objects, clock, workbooks: sheetJsWorkbooks }, BUCKET, CHECK_ID)).toBe(
      'done',
    );
    return (await readCheck(objects, BUCKET, CHECK_ID))!;
  }

  it('without a mapping: the unknown header offered, nearest first, with every choice', async () => {
    const job = await check([]);
    expect(job.mapping).toEqual([]);
    expect(job.unknownHeaders).toEqual([
      expect.objectContaining({
        sheet: '企业项目台账',
        kind: 'register',
        header: '企业地址（街道）',
        label: 'E 企业地址（街道）',
      }),
    ]);
    expect(job.unknownHeaders?.[0]?.nearest[0]).toBe('所在街道');
    expect(job.unknownHeaders?.[0]?.choices).toContain('所在街道');
  });

  it('with the mapping given: read with it, named as given, nothing unknown', async () => {
    const job = await check([{ ...STREET, source: 'given' }]);
    expect(job.verdict).toBe('importable');
    expect(job.mapping).toEqual([{ ...STREET, source: 'given' }]);
    expect(job.unknownHeaders).toEqual([]);
    expect(job.findings.map((f) => f.message)).toContain(
      '按本次检查给出的列名对照：企业地址（街道） → 所在街道',
    );
  });

  it('the saved ones apply, a given one of the same header wins', async () => {
    const saved = await check([], [STREET]);
    expect(saved.mapping).toEqual([{ ...STREET, source: 'saved' }]);
    expect(saved.findings.map((f) => f.message)).toContain(
      '按本单位保存的列名对照：企业地址（街道） → 所在街道',
    );
    const given = await check(
      [{ kind: 'register', header: '企业地址(街道)', column: '原所在街道', source: 'given' }],
      [STREET],
    );
    expect(given.mapping).toEqual([
      { kind: 'register', header: '企业地址(街道)', column: '原所在街道', source: 'given' },
    ]);
    expect(given.findings.map((f) => f.message)).toContain(
      '按本次检查给出的列名对照：企业地址（街道） → 原所在街道',
    );
  });
});

describe('an upload imported from a check given mappings (POST /checks/{id}/import)', () => {
  const CHECK_ID = 'c-bureau-20261020130000-0a1b2c3d-00aa11bb';
  const CHECK_FILE = 'checks/bureau/20261020130000-0a1b2c3d/综保二期.xlsx';

  async function importedFromCheck(checkUnit: UnitId) {
    const { store, objects } = setup();
    const ingest = createIngestHandler({ store, objects, clock, workbooks: sheetJsWorkbooks });
    await writeCheck(objects, BUCKET, {
      id: CHECK_ID,
      unit: checkUnit,
      key: CHECK_FILE,
      status: 'done',
      requestedAt: clock.now().toISOString(),
      finishedAt: clock.now().toISOString(),
      error: null,
      verdict: 'importable',
      findings: [],
      changes: null,
      given: [{ ...STREET, source: 'given' }],
    });
    const key = 'uploads/bureau/20261020130500-0a1b2c3d/综保二期.xlsx';
    await objects.put(BUCKET, key, register('企业地址（街道）'), 'application/octet-stream', {
      'uploader-unit': 'bureau',
      'check-id': CHECK_ID,
    });
    const [outcome] = await ingest(s3Event(key, { bucket: BUCKET, eventTime: '2026-10-20T05:00:00.000Z' }));
    return outcome?.record as ImportRecord;
  }

  it('reads with the check’s given mappings too, and records them', async () => {
    const record = await importedFromCheck('bureau');
    expect(record.status).toBe('applied');
    expect(record.mapping).toEqual([{ ...STREET, source: 'given' }]);
    expect(record.findings.map((f) => f.message)).toContain(
      '按本次检查给出的列名对照：企业地址（街道） → 所在街道',
    );
  });

  it('not with another unit’s check', async () => {
    const record = await importedFromCheck('changqing');
    expect(record.mapping).toEqual([]);
    expect(codes(record)).toContain('W_COLUMN_IGNORED');
  });
});
