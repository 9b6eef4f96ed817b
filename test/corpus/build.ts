/**
 * Building the real-layout corpus: workbooks laid out the way district offices lay
 * out Excel and WPS tables — titles, 填报单位 and 单位：万元 rows, merged two-level headers,
 * 合计/注/填表人 rows, hidden rows, one sheet per month — built by code with SheetJS (xlsx, and
 * .xls in BIFF8) or as a GBK CSV as WPS writes it (CRLF, GB18030/GBK bytes, no BOM).
 *
 * @module
 */
import * as XLSX from 'xlsx';
import { usccCheckChar } from '#domain/registers/values';
import { encodeGb18030 } from '../hostile/files.ts';

export type Value = string | number | null;

/** A sheet as drawn: rows, merged ranges (`A1:K1`), hidden rows and columns (0-based). */
export interface DrawnSheet {
  name: string;
  rows: Value[][];
  merges?: string[];
  hiddenRows?: number[];
  hiddenColumns?: number[];
  /** The sheet itself hidden (1) or very hidden (2). */
  hidden?: 1 | 2;
}

/** A valid 统一社会信用代码 (GB 32100 check character) numbered `n`. */
export function uscc(n: number): string {
  const body = `91420112MA${String(n).padStart(7, '0')}`;
  return body + usccCheckChar(body);
}

function worksheet(sheet: DrawnSheet): XLSX.WorkSheet {
  const ws = XLSX.utils.aoa_to_sheet(sheet.rows);
  if (sheet.merges) ws['!merges'] = sheet.merges.map((m) => XLSX.utils.decode_range(m));
  if (sheet.hiddenRows) {
    const rows: XLSX.RowInfo[] = [];
    for (const r of sheet.hiddenRows) rows[r] = { hidden: true };
    ws['!rows'] = rows;
  }
  if (sheet.hiddenColumns) {
    const width = Math.max(...sheet.rows.map((r) => r.length));
    ws['!cols'] = Array.from({ length: width }, (_, c) => ({
      wch: 12,
      hidden: sheet.hiddenColumns?.includes(c),
    }));
  }
  return ws;
}

/** The sheets as an xlsx or a BIFF8 .xls workbook. */
export function workbook(sheets: readonly DrawnSheet[], bookType: 'xlsx' | 'biff8' = 'xlsx'): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const sheet of sheets) XLSX.utils.book_append_sheet(wb, worksheet(sheet), sheet.name);
  if (sheets.some((s) => s.hidden)) wb.Workbook = { Sheets: sheets.map((s) => ({ Hidden: s.hidden ?? 0 })) };
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType }) as ArrayBuffer);
}

/** Rows as a CSV the way WPS saves one: GBK bytes, CRLF, fields quoted only when needed. */
export function wpsCsv(rows: readonly Value[][]): Uint8Array {
  const field = (v: Value) => {
    const s = v == null ? '' : String(v);
    return /[",\r\n]/u.test(s) ? `"${s.replace(/"/gu, '""')}"` : s;
  };
  return encodeGb18030(`${rows.map((r) => r.map(field).join(',')).join('\r\n')}\r\n`);
}
