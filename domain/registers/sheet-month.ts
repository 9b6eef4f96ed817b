/**
 * The 报送月份 a sheet's name or title states: many offices keep one sheet
 * per month (8月, 9月, 10月 …) in one workbook. A name that gives the month without the year
 * (`8月`) takes the year from the title, the file name or its sibling sheets.
 *
 * @example
 * ```ts
 * monthOfText('2026年8月');   // { year: 2026, month: 8 }
 * monthOfText('8月份');       // { year: null, month: 8 }
 * monthOfText('九月');        // { year: null, month: 9 }
 * yearOfText('2026年企业台账'); // 2026
 * ```
 *
 * @module
 */
import { makeMonth } from '../months.ts';
import type { Month } from '../types.ts';
import { CHINESE_MONTHS, compact } from './text.ts';
import { monthFromFileName } from './values.ts';

/** A whole sheet name that is only a month: `8月`, `08月份`, `九月`, `8月台账` is not. */
const MONTH_ONLY = /^(0?[1-9]|1[0-2]|[一二三四五六七八九十]|十[一二])月(?:份)?$/u;
/** A month anywhere, with no year: `…8月…` but not `1-8月` (a span) nor `2026年8月` (caught first). */
const MONTH_IN = /(?<![\d\-—~～至])(0?[1-9]|1[0-2])月(?:份)?(?!\d)/u;
const YEAR_IN = /(?<!\d)(20\d{2})年?/u;

/** The year and month a text states; `year` null when it states only the month. */
export function monthOfText(text: string): { year: number | null; month: number } | null {
  const s = compact(text);
  const full = monthFromFileName(s);
  if (full) return { year: Number(full.slice(0, 4)), month: Number(full.slice(5, 7)) };
  const only = MONTH_ONLY.exec(s);
  if (only) {
    const m = only[1] as string;
    return { year: null, month: CHINESE_MONTHS[m] ?? Number(m) };
  }
  return null;
}

/** The month a sheet's name states as its whole name or as `…8月…` in it; null when none. */
export function monthOfSheetName(name: string): { year: number | null; month: number } | null {
  const whole = monthOfText(name);
  if (whole) return whole;
  const m = MONTH_IN.exec(compact(name));
  return m ? { year: null, month: Number(m[1]) } : null;
}

/** The year a text states (`2026年…`, `2026-08`), or null. */
export function yearOfText(text: string): number | null {
  const full = monthFromFileName(compact(text));
  if (full) return Number(full.slice(0, 4));
  const m = YEAR_IN.exec(compact(text));
  return m ? Number(m[1]) : null;
}

/** `YYYY-MM` of a year and month. */
export function monthOf(year: number, month: number): Month {
  return makeMonth(year, month);
}

/** A sheet's own month as its name, title or the file name states it, and where it came from. */
export interface OwnMonth {
  readonly year: number | null;
  readonly month: number;
  /** Where it was read, for messages: `工作表名称“10月”`. */
  readonly source: string;
}

/**
 * The month a sheet states without its rows: its name (the year from the title or the file
 * name when the name has none), else its title, else the file name. Null when none does.
 */
export function statedMonthOf(
  sheetName: string,
  above: readonly string[],
  fileName: string,
): OwnMonth | null {
  const named = monthOfSheetName(sheetName);
  const titleYear = above.map(yearOfText).find((y) => y != null) ?? null;
  const fileMonth = monthFromFileName(fileName);
  if (named)
    return {
      year: named.year ?? titleYear ?? (fileMonth ? Number(fileMonth.slice(0, 4)) : null),
      month: named.month,
      source: `工作表名称“${sheetName}”`,
    };
  for (const t of above) {
    const m = monthOfText(t);
    if (m?.year != null) return { year: m.year, month: m.month, source: `标题“${t}”` };
  }
  if (fileMonth)
    return {
      year: Number(fileMonth.slice(0, 4)),
      month: Number(fileMonth.slice(5, 7)),
      source: `文件名“${fileName}”`,
    };
  return null;
}
