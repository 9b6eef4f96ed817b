/**
 * Workbooks as values: what reading a file gives (sheets of typed cells and file-level
 * findings) and what a workbook to write holds (sheets of values). Reading and writing the
 * bytes is the `Workbooks` port's (domain/ports.ts; SheetJS in functions/adapters/workbooks.ts).
 *
 * @module
 */
import type { Finding, SheetGrid } from './types.ts';

/** A cell to write: text, a number, a boolean, or empty (null). */
export type CellValue = string | number | boolean | null;

/** One sheet to write: rows of values (the first row is usually the header). */
export interface SheetValues {
  name: string;
  rows: CellValue[][];
  /** Column widths in characters (a CJK character counts 2). Default: fitted to the content. */
  columnWidths?: number[];
  /**
   * 0-based columns formatted as text (`@`) down to row {@link TEXT_ROWS}: a code typed there
   * keeps its leading zeros and all 18 characters.
   */
  textColumns?: number[];
  /** Dropdown lists (data validation) of 0-based columns, from row 2 down to row {@link TEXT_ROWS}. */
  dropdowns?: { column: number; values: string[] }[];
}

/** How far down the template's text format and dropdown lists reach. */
export const TEXT_ROWS = 1000;

/** What reading a file hands to the checks: the sheets, and file-level findings. */
export interface WorkbookRead {
  sheets: SheetGrid[];
  findings: Finding[];
  /** What the bytes were recognised as (for logs). */
  format: 'xlsx' | 'ods' | 'xls' | 'csv' | null;
}
