/**
 * Workbooks for ingest tests: the shared example, and variants built with SheetJS from rows.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as XLSX from 'xlsx';

export const EXAMPLE_PATH = resolve('../shared/examples/2026-10-示例台账.xlsx');

export function exampleBytes(): Uint8Array {
  return new Uint8Array(readFileSync(EXAMPLE_PATH));
}

export type Rows = (string | number | null)[][];

/** The example's sheets as rows of raw values. */
export function exampleSheets(): Map<string, Rows> {
  const wb = XLSX.read(exampleBytes(), { type: 'array' });
  const out = new Map<string, Rows>();
  for (const name of wb.SheetNames) {
    const sheet = wb.Sheets[name];
    if (sheet) out.set(name, XLSX.utils.sheet_to_json(sheet, { header: 1, raw: true, defval: null }) as Rows);
  }
  return out;
}

/** An xlsx workbook of these sheets. */
export function workbookBytes(sheets: Map<string, Rows> | Record<string, Rows>): Uint8Array {
  const wb = XLSX.utils.book_new();
  const entries = sheets instanceof Map ? [...sheets] : Object.entries(sheets);
  for (const [name, rows] of entries) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), name);
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

/** The example with a change to its register rows (header row first). */
export function exampleWith(change: (register: Rows) => void, keep: string[] = ['企业项目台账']): Uint8Array {
  const sheets = exampleSheets();
  const register = sheets.get('企业项目台账');
  if (!register) throw new Error('example has no 企业项目台账 sheet');
  change(register);
  const out = new Map<string, Rows>();
  for (const name of keep) {
    const rows = sheets.get(name);
    if (rows) out.set(name, rows);
  }
  return workbookBytes(out);
}
