/**
 * Hidden sheets are never data: xlsx and BIFF8 .xls (the workbook's sheet state: hidden, very
 * hidden) and ods (a table style with table:display="false") — one W_SHEET_HIDDEN per sheet,
 * never a refusal because of one; a workbook whose only data sheets are hidden is refused,
 * naming them. Hidden rows and columns keep W_HIDDEN_DATA.
 */
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { readWorkbookFile } from '#adapters/workbook-reader';
import { checkWorkbook } from '#domain/registers/index';
import { uscc } from '../../corpus/build.ts';

type Drawn = { name: string; rows: (string | number | null)[][]; hidden?: 0 | 1 | 2 };

const HEAD = ['统一社会信用代码', '企业（项目）名称', '项目状态', '所在街道', '报送月份'];
const visible: Drawn = {
  name: '台账',
  rows: [HEAD, [uscc(901), '武汉甲有限公司', '在建', '长青街', '2026-10']],
};
const oldCopy: Drawn = {
  name: '9月（旧）',
  rows: [HEAD, [uscc(901), '武汉甲有限公司', '新引进', '长青街', '2026-09']],
  hidden: 1,
};
const dropdown: Drawn = { name: '台账下拉', rows: [['项目状态'], ['已建成投产'], ['在建']], hidden: 2 };

function book(sheets: Drawn[], bookType: 'xlsx' | 'biff8' | 'ods'): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const s of sheets) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(s.rows), s.name);
  wb.Workbook = { Sheets: sheets.map((s) => ({ Hidden: s.hidden ?? 0 })) };
  const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType }) as ArrayBuffer);
  if (bookType !== 'ods') return bytes;
  // SheetJS writes no table visibility: hide the tables as LibreOffice and WPS write it.
  const zip = XLSX.CFB.read(bytes, { type: 'array' });
  const entry = XLSX.CFB.find(zip, 'content.xml');
  if (!entry) throw new Error('no content.xml');
  let xml = Buffer.from(entry.content as Uint8Array).toString('utf8');
  xml = xml.replace(
    '</office:automatic-styles>',
    '<style:style style:name="taHidden" style:family="table"><style:table-properties table:display="false"/></style:style></office:automatic-styles>',
  );
  for (const s of sheets)
    if (s.hidden)
      xml = xml.replace(
        new RegExp(`<table:table table:name="${s.name}"[^>]*>`, 'u'),
        `<table:table table:name="${s.name}" table:style-name="taHidden">`,
      );
  entry.content = Buffer.from(xml, 'utf8');
  return new Uint8Array(XLSX.CFB.write(zip, { fileType: 'zip', type: 'array' }) as ArrayBuffer);
}

const FORMATS = [
  ['xlsx', '2026-10-台账.xlsx'],
  ['biff8', '2026-10-台账.xls'],
  ['ods', '2026-10-台账.ods'],
] as const;

describe.each(FORMATS)('%s', (bookType, fileName) => {
  const check = (sheets: Drawn[]) => {
    const read = readWorkbookFile(book(sheets, bookType), fileName);
    expect(read.findings).toEqual([]);
    return { read, parsed: checkWorkbook(read.sheets, { fileName, uploadedMonth: '2026-11' }) };
  };

  it('a hidden old copy and a very hidden dropdown sheet are not read: one warning each', () => {
    const { read, parsed } = check([visible, oldCopy, dropdown]);
    expect(read.sheets.map((s) => [s.name, s.hidden ?? 0])).toEqual([
      ['台账', 0],
      ['9月（旧）', 1],
      ['台账下拉', bookType === 'ods' ? 1 : 2],
    ]);
    expect(parsed.findings.map((f) => [f.code, f.sheet, f.severity])).toEqual([
      ['W_SHEET_HIDDEN', '9月（旧）', 'warning'],
      ['W_SHEET_HIDDEN', '台账下拉', 'warning'],
    ]);
    expect(parsed.findings[0]?.message).toContain('取消隐藏');
    expect(parsed.findings[0]?.message).toContain('企业项目台账');
    expect(parsed.registerMonths).toEqual(['2026-10']);
    expect(parsed.register.map((r) => r.record.stage)).toEqual(['building']);
  });

  it('a workbook whose only data sheet is hidden is refused, naming it', () => {
    const { parsed } = check([
      { name: '说明', rows: [['本表由长青街填报'], ['联系人：张三']] },
      oldCopy,
      dropdown,
    ]);
    const error = parsed.findings.find((f) => f.severity === 'error');
    expect(error?.code).toBe('E_SHEETS_HIDDEN');
    expect(error?.value).toBe('9月（旧）');
    expect(error?.message).toContain('“9月（旧）”');
    expect(error?.message).not.toContain('台账下拉');
    expect(parsed.register).toEqual([]);
  });
});

it('a hidden sheet over the row limit is no refusal (only its first rows are handed on)', () => {
  const big: Drawn = {
    name: '旧台账',
    rows: [
      HEAD,
      ...Array.from({ length: 60 }, (_, i) => [uscc(i + 1), `企业${i}`, '在建', '长青街', '2026-09']),
    ],
    hidden: 1,
  };
  const read = readWorkbookFile(book([visible, big], 'xlsx'), 'x.xlsx', { maxRows: 20 });
  expect(read.findings).toEqual([]);
  expect(read.sheets[1]?.rows.length).toBeLessThanOrEqual(11);
});
