/**
 * The office forms: each workbook through the ingest onto a
 * store already holding a register and figures from another upload — its status, exactly its
 * findings (code, sheet, Excel row, column), what its messages say, and the register records
 * after it; `lkg assess`'s figures as read. The stored figures before and after are in
 * store.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { readWorkbookFile } from '#adapters/workbook-reader';
import { checkWorkbook } from '#domain/registers/index';
import { renderFigures } from '#functions/cli/figures';
import { OFFICE_FORMS, type OfficeForm } from './cases.ts';
import { baseStore, byPin, pin } from './support.ts';

describe.each(OFFICE_FORMS.map((f) => [f.title, f] as const))(
  'office form: %s',
  (_title, form: OfficeForm) => {
    it('import: its status, exactly its findings, what they say, the records after it', async () => {
      const { store, upload_ } = await baseStore();
      const outcome = await upload_(form);
      const findings = outcome.record?.findings ?? [];
      expect(findings.map(pin).sort(byPin)).toEqual([...form.findings].sort(byPin));
      expect(outcome.status).toBe(form.status);
      for (const [code, words] of Object.entries(form.messages ?? {})) {
        const text = findings
          .filter((f) => f.code === code)
          .map((f) => f.message)
          .join('\n');
        for (const w of words) expect(text, code).toContain(w);
      }
      for (const [key, fields] of Object.entries(form.records ?? {})) {
        const versions = (await store.getVersions([key])).get(key) ?? [];
        const latest = versions[versions.length - 1];
        expect(latest?.record, key).toMatchObject(fields);
      }
    });
  },
);

it('the office forms: at least 12, xlsx, BIFF8 .xls (with hidden sheets) and a GBK CSV among them', () => {
  expect(OFFICE_FORMS.length).toBeGreaterThanOrEqual(12);
  const read = OFFICE_FORMS.map((f) => readWorkbookFile(f.bytes(), f.fileName));
  expect(new Set(read.map((r) => r.format))).toEqual(new Set(['xlsx', 'xls', 'csv']));
  expect(read.some((r) => r.format === 'xls' && r.sheets.some((s) => s.hidden === 2))).toBe(true);
  const csv = OFFICE_FORMS.find((f) => f.fileName.endsWith('.csv'));
  expect(() => new TextDecoder('utf-8', { fatal: true }).decode(csv?.bytes())).toThrow();
});

it('lkg assess prints the figures as read, per enterprise and month, with the conversion', () => {
  const form = OFFICE_FORMS.find((f) => f.fileName === '2026-10-统计局导出.csv') as OfficeForm;
  const read = readWorkbookFile(form.bytes(), form.fileName);
  const parsed = checkWorkbook(read.sheets, { fileName: form.fileName, uploadedMonth: '2026-11' });
  const text = renderFigures(read.sheets, parsed);
  expect(text).toContain('武汉金银湖戊医药有限公司（91420112MA0000105');
  expect(text).toContain('营业收入：12,345,678.90 元 → 1,234.56789 万元（月报显示 1,234.57）');
  expect(text).toContain('税收收入：2,100,000 元 → 210 万元（月报显示 210.00）');
  expect(text).toContain('营业收入：９８７，６５４ 元 → 98.7654 万元（月报显示 98.77）');
});
