/**
 * latest in upload order wins per cell, and the change list says who set a
 * figure that is kept. A later upload delivered first sets a cell; the earlier upload, judged
 * and imported after it, keeps that cell and names the later upload's unit — only where the
 * uploader may see the record. Through `judgeFile` and the ingest handler on the memory store.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '#adapters/memory-store';
import { MemoryObjects } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { changeLines, type FigureEntry } from '#domain/changes';
import { type UnitId, unitName } from '#domain/units';
import { createIngestHandler } from '#functions/ingest/handler';
import { judgeFile } from '#functions/ingest/judge';
import { uscc, type Value, workbook } from '../../corpus/build.ts';
import { s3Event } from '../../support/ingest.ts';

const BUCKET = 'lkg-territory';
const BUREAU = unitName('bureau');
const CODE = uscc(91);
const HEAD: Value[] = [
  '统一社会信用代码',
  '企业（项目）名称',
  '项目状态',
  '所在街道',
  '招商单位',
  '规上工业',
  '报送月份',
];
const REGISTER = workbook([
  {
    name: '台账',
    rows: [HEAD, [CODE, '武汉长青示例机械有限公司', '已建成投产', '长青街', '长青街', '否', '2026-10']],
  },
]);
const figures = (revenue: Value, tax: Value) =>
  workbook([
    {
      name: '指标',
      rows: [
        ['统一社会信用代码', '月份', '营业收入（万元）', '税收收入（万元）'],
        [CODE, '2026-10', revenue, tax],
      ],
    },
  ]);

/** Imports `bytes` as `unit`'s upload at minute `at` (the upload order), delivered now. */
async function importer() {
  const store = createMemoryStore();
  const objects = new MemoryObjects();
  const clock = { now: () => new Date('2026-11-05T09:00:00.000Z') };
  let n = 0;
  const time = (at: number) => `2026-11-05T08:${String(at).padStart(2, '0')}:00.000Z`;
  const put = async (unit: UnitId, at: number, bytes: Uint8Array) => {
    n++;
    const key = `uploads/${unit}/${n}-指标.xlsx`;
    await objects.put(BUCKET, key, bytes, 'application/octet-stream');
    const [outcome] = await createIngestHandler({ store, objects, clock, workbooks: sheetJsWorkbooks })(
      s3Event(key, { eventTime: time(at), sequencer: String(at).padStart(4, '0') }),
    );
    return outcome;
  };
  const check = (unit: UnitId, at: number, bytes: Uint8Array) =>
    judgeFile(
      store,
      { bytes, fileName: '2026-10-指标.xlsx', uploader: unit, eventTime: time(at) },
      sheetJsWorkbooks,
    );
  return { store, put, check };
}

const kept = (figures: readonly FigureEntry[]) => figures.filter((f) => f.kind === 'kept');

describe('a figure a later upload set is kept, and the change list says who set it', () => {
  it.each<[string, UnitId, UnitId, Partial<FigureEntry>[]]>([
    [
      'the street holds the record: the statistics office’s later figure is kept, named',
      'changqing',
      'bureau',
      [{ indicator: '营业收入（万元）', before: '120', after: '100', by: BUREAU }],
    ],
    [
      'the bureau’s earlier upload, the street’s later figure kept',
      'bureau',
      'changqing',
      [{ indicator: '营业收入（万元）', before: '120', after: '100', by: '长青街' }],
    ],
  ])('%s', async (_t, earlier, later, expected) => {
    const { put, check } = await importer();
    expect((await put('bureau', 1, REGISTER))?.status).toBe('applied');
    // The later upload (minute 30) gives 营业收入 only, and arrives first.
    expect((await put(later, 30, figures(120, null)))?.status).toBe('applied');
    // The earlier upload (minute 20) gives both: 税收 is set, 营业收入 is kept.
    const judged = await check(earlier, 20, figures(100, 5));
    expect(judged.verdict).toBe('importable');
    const list = judged.changes;
    if (!list) throw new Error('no change list');
    expect(kept(list.figures)).toMatchObject(expected);
    expect(list.figures.filter((f) => f.kind === 'set').map((f) => f.indicator)).toEqual([
      '税收收入（万元）',
    ]);
    expect(list.counts.figuresKept).toBe(1);
    expect(list.unchanged.figures).toBe(0);
    expect(changeLines(list).join('\n')).toContain(`保留 武汉长青示例机械有限公司（${CODE}）`);
  });

  it('the import does what the check said: the kept figure stays, the other is set', async () => {
    const { store, put } = await importer();
    await put('bureau', 1, REGISTER);
    await put('bureau', 30, figures(120, null));
    expect((await put('changqing', 20, figures(100, 5)))?.status).toBe('applied');
    const [row] = await store.indicatorsByKey(CODE);
    expect(row?.values).toEqual({ revenue: '120', tax: '5' });
  });

  it('a withdrawal of a cell a later upload set is kept too, named', async () => {
    const { put, check } = await importer();
    await put('bureau', 1, REGISTER);
    await put('bureau', 30, figures(120, null));
    const withdrawn = await check('changqing', 20, figures('撤回', null));
    expect(withdrawn.changes && kept(withdrawn.changes.figures)).toMatchObject([
      { before: '120', after: '撤回', by: BUREAU },
    ]);
  });
});

describe('a target a later upload set is kept, and named', () => {
  const targets = (revenue: Value) =>
    workbook([
      {
        name: '目标',
        rows: [
          ['单位', '年度', '营业收入（万元）'],
          ['长青街', 2026, revenue],
        ],
      },
    ]);

  it('the earlier upload of the bureau keeps the later one’s target; the import does what the check said', async () => {
    const { store, put, check } = await importer();
    expect((await put('bureau', 30, targets(5000)))?.status).toBe('applied');
    const judged = await check('bureau', 20, targets(4000));
    const kept = judged.changes?.targets.filter((t) => t.kind === 'kept');
    expect(kept).toMatchObject([{ unit: '长青街', year: 2026, before: '5000', after: '4000', by: BUREAU }]);
    expect(judged.changes?.counts).toMatchObject({ targets: 0, figuresKept: 1 });
    expect(changeLines(judged.changes as NonNullable<typeof judged.changes>).join('\n')).toContain(
      '保留 目标 长青街 2026 年',
    );
    await put('bureau', 20, targets(4000));
    const [stored] = (await store.targets(2026)).filter((t) => t.unit === 'changqing');
    expect(stored?.values).toMatchObject({ revenue: '5000' });
  });
});
