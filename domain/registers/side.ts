/**
 * What {@link checkWorkbook} knows beyond the ParsedWorkbook type, kept for
 * {@link checkAgainstStore}: every key a register sheet named (also on rows with errors, so an
 * indicators row is not called unknown because its register row had a typo), and the key
 * column of each sheet for findings. A WeakMap: the workbook object stays a plain value.
 *
 * @module
 */
import type { ParsedWorkbook } from '../types.ts';
import type { UnknownHeader } from './mapping.ts';

export interface WorkbookSideInfo {
  /** Every key named on a register sheet row, with or without errors. */
  readonly registerKeys: ReadonlySet<string>;
  /** Per sheet: the label (`A 统一社会信用代码`) of its key column, for findings. */
  readonly keyColumns: ReadonlyMap<
    string,
    { uscc: string | null; projectCode: string | null; name: string | null }
  >;
  /** Per register sheet: the fields whose column is absent although a new record needs them. */
  readonly missingRequired: ReadonlyMap<string, readonly string[]>;
  /**
   * Per indicators sheet: the value column read for each indicator (0-based index, the unit
   * its header or the table states, the header as written), to show the figures as read.
   */
  readonly amountColumns?: ReadonlyMap<string, readonly AmountColumn[]>;
  /** Every header no template column of its sheet's kind matched (the console offers a mapping). */
  readonly unknownHeaders?: readonly UnknownHeader[];
}

/** An indicator's value column on an indicators sheet. */
export interface AmountColumn {
  readonly indicator: string;
  readonly index: number;
  readonly unit: string | null;
  readonly written: string;
}

export const SIDE_INFO = new WeakMap<ParsedWorkbook, WorkbookSideInfo>();

/** The unknown headers of a workbook as checked (empty when none, or not checked here). */
export function unknownHeadersOf(parsed: ParsedWorkbook): readonly UnknownHeader[] {
  return SIDE_INFO.get(parsed)?.unknownHeaders ?? [];
}
