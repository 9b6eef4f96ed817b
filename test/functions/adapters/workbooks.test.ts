/**
 * The `Workbooks` port with SheetJS (`sheetJsWorkbooks`): what the application reads and writes
 * through it is what the reader and the writer give, and what it writes it reads back.
 */
import { describe, expect, it } from 'vitest';
import { readWorkbookFile } from '#adapters/workbook-reader';
import { reportWorkbook, writeWorkbook } from '#adapters/workbook-writer';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { type ReportInput, reportSheets } from '#domain/import-report';
import type { Finding } from '#domain/types';
import type { SheetValues } from '#domain/workbooks';

const finding: Finding = {
  code: 'E_X',
  severity: 'error',
  sheet: '台账',
  row: 3,
  column: '企业名称',
  value: '=1+1',
  message: '企业名称为空',
};

const sheets: SheetValues[] = [
  {
    name: '清单',
    rows: [
      ['名称', '数量', '是否'],
      ['甲', 12.5, true],
      [null, -3, false],
    ],
  },
  { name: '代码', rows: [['代码'], ['007']], textColumns: [0] },
];

describe('sheetJsWorkbooks', () => {
  it.each<[string, Uint8Array, string]>([
    ['an xlsx it wrote', writeWorkbook(sheets), '清单.xlsx'],
    ['a CSV', new TextEncoder().encode('名称,数量\n甲,1\n'), '2026-10-台账.csv'],
    ['no bytes', new Uint8Array(0), 'empty.xlsx'],
    ['no spreadsheet', new TextEncoder().encode('%PDF-1.7'), 'a.xlsx'],
  ])('reads %s as the reader does', (_, bytes, fileName) => {
    expect(sheetJsWorkbooks.read(bytes, fileName)).toEqual(readWorkbookFile(bytes, fileName));
  });

  it('reads back the values it wrote', () => {
    const read = sheetJsWorkbooks.read(sheetJsWorkbooks.write(sheets), 'x.xlsx');
    expect(read.findings).toEqual([]);
    expect(read.sheets.map((s) => s.name)).toEqual(['清单', '代码']);
    expect(read.sheets[0]?.rows.slice(0, 3)).toEqual([
      [
        { t: 'text', v: '名称' },
        { t: 'text', v: '数量' },
        { t: 'text', v: '是否' },
      ],
      [
        { t: 'text', v: '甲' },
        { t: 'number', v: 12.5 },
        { t: 'boolean', v: true },
      ],
      [null, { t: 'number', v: -3 }, { t: 'boolean', v: false }],
    ]);
    expect(read.sheets[1]?.rows[1]).toEqual([{ t: 'text', v: '007' }]);
  });

  it.each<[string, ReportInput]>([
    ['a check without findings', { findings: [], sheets: [] }],
    [
      'a refused import',
      {
        findings: [finding],
        sheets: [{ sheet: '台账', kind: 'register', rowsRead: 3, rowsApplied: 0, errors: 1, warnings: 0 }],
        outcome: { status: 'rejected' },
      },
    ],
  ])('the report of %s: the sheets reportWorkbook writes', (_, input) => {
    const rowsOf = (bytes: Uint8Array) => sheetJsWorkbooks.read(bytes, 'r.xlsx').sheets.map((s) => s.rows);
    expect(rowsOf(sheetJsWorkbooks.write(reportSheets(input)))).toEqual(rowsOf(reportWorkbook(input)));
  });
});
