import { sheetJsWorkbooks } from '#adapters/workbooks';
import { POLICIES } from '#domain/policy/index';

/**
 * The real-layout corpus: every workbook through the reader and the
 * checks (`lkg assess`: the assignments) and through the ingest over the in-memory store (the
 * import's status, exactly the planted findings, the stored indicator values and targets, the
 * report's first line).
 */

import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { createMemoryStore } from '#adapters/memory-store';
import { MemoryObjects } from '#adapters/s3-objects';
import { readWorkbookFile } from '#adapters/workbook-reader';
import { assessmentDocument } from '#domain/assessment-document';
import { rulesOf } from '#domain/decisions';
import { checkWorkbook } from '#domain/registers/index';
import type { Finding } from '#domain/types';
import { renderAssessment } from '#functions/cli/commands/assess';
import { createIngestHandler } from '#functions/ingest/handler';
import { reportKeys } from '#functions/ingest/uploads';
import { s3Event } from '../support/ingest.ts';
import { CORPUS, type CorpusCase, type Pin } from './cases.ts';

const BUCKET = 'lkg-territory';
const pin = (f: Finding): Pin => [f.code, f.sheet, f.row, f.column];
const byPin = (a: Pin, b: Pin) => JSON.stringify(a).localeCompare(JSON.stringify(b));

async function ingestAll(c: CorpusCase) {
  const store = createMemoryStore();
  const objects = new MemoryObjects();
  const ingest = createIngestHandler({
    store,
    objects,
    clock: { now: () => new Date('2026-11-05T03:00:00.000Z') },
    workbooks: sheetJsWorkbooks,
  });
  let n = 0;
  const upload = async (fileName: string, bytes: Uint8Array) => {
    n++;
    const key = `uploads/bureau/${fileName}`;
    await objects.put(BUCKET, key, bytes, 'application/octet-stream');
    const [outcome] = await ingest(
      s3Event(key, { eventTime: `2026-11-05T0${n}:00:00.000Z`, sequencer: `0${n}` }),
    );
    if (!outcome) throw new Error('no outcome');
    return { outcome, key };
  };
  for (const b of c.before ?? []) {
    const { outcome } = await upload(b.fileName, b.bytes());
    expect(outcome.status, `before: ${b.fileName}`).toBe('applied');
  }
  const { outcome, key } = await upload(c.fileName, c.bytes());
  return { store, objects, outcome, key };
}

describe.each(CORPUS.map((c) => [c.title, c] as const))('corpus: %s', (_title, c) => {
  it('lkg assess: the month(s) and exactly the assignments', async () => {
    const read = readWorkbookFile(c.bytes(), c.fileName);
    expect(read.findings).toEqual([]);
    const parsed = checkWorkbook(read.sheets, { fileName: c.fileName, uploadedMonth: '2026-11' });
    const doc = assessmentDocument(parsed, null, rulesOf(POLICIES), read.findings);
    expect(doc.month).toBe(c.month);
    if (c.months) expect(doc.months).toEqual(c.months);
    expect(
      doc.assignments
        .map((a) => [a.key, a.service, a.indicators, a.cooperating, a.decidedBy])
        .sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    ).toEqual(c.assignments);
  });

  it('import: its status, exactly the planted findings, what is stored, the report’s first line', async () => {
    const { store, objects, outcome, key } = await ingestAll(c);
    const record = outcome.record;
    if (!record) throw new Error('no import record');
    expect(record.findings.map(pin).sort(byPin)).toEqual([...c.findings].sort(byPin));
    expect(outcome.status).toBe(c.status);
    for (const [code, words] of Object.entries(c.messages ?? {})) {
      const text = record.findings
        .filter((f) => f.code === code)
        .map((f) => f.message)
        .join('\n');
      for (const w of words) expect(text, code).toContain(w);
    }
    if (c.months) expect(record.registerMonths).toEqual(c.months);
    for (const [id, values] of Object.entries(c.indicators ?? {})) {
      const [k, month] = id.split('#') as [string, string];
      const stored = (await store.indicatorsByKey(k)).find((r) => r.month === month);
      expect(stored, id).toBeDefined();
      for (const [indicator, value] of Object.entries(values))
        expect(stored?.values[indicator] ?? null, `${id} ${indicator}`).toBe(value);
    }
    if (c.targets) {
      const rows = await store.targets(c.targets.year);
      for (const [unit, values] of Object.entries(c.targets.values)) {
        const row = rows.find((r) => r.unit === unit);
        for (const [indicator, value] of Object.entries(values))
          expect(row?.values[indicator] ?? null, `${unit} ${indicator}`).toBe(value);
      }
    }
    if (c.status === 'rejected') {
      for (const k of c.assignments.map((a) => a[0])) expect(await store.getVersions([k])).toEqual(new Map());
    }
    const report = await objects.get(BUCKET, reportKeys(key).xlsx);
    const ws = XLSX.read(report).Sheets['审核结果'] as XLSX.WorkSheet;
    expect(String(ws.A1?.v)).toMatch(c.status === 'applied' ? /^结论：已导入/u : /^结论：未导入。原因：/u);
  });
});

it('the corpus has at least 12 workbooks: xlsx, a BIFF8 .xls and a GBK CSV among them', () => {
  expect(CORPUS.length).toBeGreaterThanOrEqual(12);
  const formats = CORPUS.map((c) => readWorkbookFile(c.bytes(), c.fileName).format);
  expect(new Set(formats)).toEqual(new Set(['xlsx', 'xls', 'csv']));
  const csv = CORPUS.find((c) => c.fileName.endsWith('.csv'));
  // Not UTF-8: the bytes are GBK as WPS writes them.
  expect(() => new TextDecoder('utf-8', { fatal: true }).decode(csv?.bytes())).toThrow();
});

it('lkg assess names the clause as people cite it and shows the cooperating street', () => {
  const c = CORPUS[0] as CorpusCase;
  const read = readWorkbookFile(c.bytes(), c.fileName);
  const parsed = checkWorkbook(read.sheets, { fileName: c.fileName, uploadedMonth: '2026-11' });
  const text = renderAssessment(
    assessmentDocument(parsed, null, rulesOf(POLICIES), read.findings),
    c.fileName,
  );
  expect(text.split('\n')[0]).toBe('结论：可以导入（没有错误；本命令只检查，不保存任何数据）。');
  const row = text.split('\n').find((l) => l.startsWith('武汉长青示例物流'));
  expect(row).toMatch(/综保办\s+长青街\s+综保办\s+三（二）/u);
  expect(text).not.toMatch(/3\.\d\./u);
});
