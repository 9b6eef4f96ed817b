/**
 * a row finding names the enterprise by the name the row gives, else by the
 * stored name — only where the uploader may see the record (the API's not-found rule).
 * Judged through `judgeFile` on the memory store after the bureau's register.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore, type MemoryStore } from '#adapters/memory-store';
import { MemoryObjects } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import type { UnitId } from '#domain/units';
import { createIngestHandler } from '#functions/ingest/handler';
import { judgeFile } from '#functions/ingest/judge';
import { uscc, type Value, workbook } from '../../corpus/build.ts';
import { s3Event } from '../../support/ingest.ts';

const BUCKET = 'lkg-territory';
const NOW = new Date('2026-11-05T03:00:00.000Z');
const NAME = '武汉长青示例机械有限公司';
const CODE = uscc(91);

const REGISTER = workbook([
  {
    name: '台账',
    rows: [
      ['统一社会信用代码', '企业（项目）名称', '项目状态', '所在街道', '招商单位', '规上工业', '报送月份'],
      [CODE, NAME, '已建成投产', '长青街', '长青街', '否', '2026-10'],
    ],
  },
  {
    name: '指标',
    rows: [
      ['统一社会信用代码', '月份', '营业收入（万元）', '税收收入（万元）'],
      [CODE, '2026-10', 100, 5],
    ],
  },
]);

/** An indicators sheet with no name column (a statistics-office export): codes only. */
function figures(name: Value | undefined): Uint8Array {
  const head: Value[] = [
    '统一社会信用代码',
    ...(name === undefined ? [] : ['企业名称']),
    '月份',
    '营业收入（万元）',
  ];
  const row: Value[] = [CODE, ...(name === undefined ? [] : [name]), '2026-10', '撤回'];
  return workbook([{ name: '指标', rows: [head, row] }]);
}

let store: MemoryStore;
beforeAll(async () => {
  store = createMemoryStore();
  const objects = new MemoryObjects();
  const key = 'uploads/bureau/1-台账.xlsx';
  await objects.put(BUCKET, key, REGISTER, 'application/octet-stream');
  const [outcome] = await createIngestHandler({
    store,
    objects,
    clock: { now: () => NOW },
    workbooks: sheetJsWorkbooks,
  })(s3Event(key, { eventTime: '2026-11-05T02:00:00.000Z', sequencer: '0001' }));
  expect(outcome?.status).toBe('applied');
});

async function rowMessages(uploader: UnitId, name: Value | undefined): Promise<string[]> {
  const judged = await judgeFile(
    store,
    {
      bytes: figures(name),
      fileName: '2026-10-指标.xlsx',
      uploader,
      eventTime: NOW.toISOString(),
    },
    sheetJsWorkbooks,
  );
  return judged.findings.filter((f) => f.row === 2).map((f) => f.message);
}

describe('a row finding of a row without a name', () => {
  it.each<[string, UnitId, Value | undefined, 'stored' | 'given' | 'code only']>([
    ['the holder sees the stored name', 'changqing', undefined, 'stored'],
    ['the bureau sees the stored name', 'bureau', undefined, 'stored'],
    ['a unit that may not see the record: the code only', 'jinghe', undefined, 'code only'],
    ['a row that gives a name keeps its own', 'changqing', '长青机械（简称）', 'given'],
  ])('%s', async (_t, uploader, name, expected) => {
    const messages = await rowMessages(uploader, name);
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) {
      if (expected === 'stored') expect(m).toContain(`“${NAME}”（${CODE}）`);
      if (expected === 'given') expect(m).toContain('“长青机械（简称）”');
      if (expected === 'code only') {
        expect(m).not.toContain(NAME);
        expect(m).toContain(CODE);
      }
    }
  });
});
