/**
 * Month arithmetic on `YYYY-MM` strings. Pure: no clock.
 *
 * @module
 */
import type { IsoDate, Month } from './types.ts';

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Is the string a month, `YYYY-MM` (month 01..12)? The type guard from `string` to {@link Month}. */
export function isMonth(value: string): value is Month {
  return MONTH_RE.test(value);
}

/** The error when a string is not a month: says what it was and what would be right. */
export class NotAMonthError extends RangeError {
  constructor(public readonly value: string) {
    super(`月份“${value}”格式不正确：应为 YYYY-MM（月份 01–12），例如 2026-10。`);
    this.name = 'NotAMonthError';
  }
}

/** The string as a {@link Month}; throws {@link NotAMonthError} when it is not `YYYY-MM`. */
export function month(value: string): Month {
  if (!isMonth(value)) throw new NotAMonthError(value);
  return value;
}

const monthFrom = month;

/** The string as a {@link Month}, or null when it is null; throws when it is not `YYYY-MM`. */
export function monthOrNull(value: string | null): Month | null {
  return value === null ? null : month(value);
}

export function parseMonthParts(month: Month): { year: number; month: number } {
  const m = MONTH_RE.exec(month);
  if (!m) throw new NotAMonthError(month);
  return { year: Number(m[1]), month: Number(m[2]) };
}

export function makeMonth(year: number, month: number): Month {
  return monthFrom(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`);
}

/** The month n months after (n < 0: before) the given one. */
export function addMonths(month: Month, n: number): Month {
  const { year, month: m } = parseMonthParts(month);
  const index = year * 12 + (m - 1) + n;
  return makeMonth(Math.floor(index / 12), (index % 12) + 1);
}

/** Every month from `from` to `to`, both included; empty when from is after to. */
export function monthRange(from: Month, to: Month): Month[] {
  const out: Month[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** The last calendar day of the month, `YYYY-MM-DD`. */
export function lastDayOf(month: Month): IsoDate {
  const { year, month: m } = parseMonthParts(month);
  const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${month}-${String(days).padStart(2, '0')}`;
}

/** The month a date falls in. */
export function monthOf(date: IsoDate): Month {
  return month(date.slice(0, 7));
}

/** January of the month's year (the first month of its 本年累计 window). */
export function januaryOf(month: Month): Month {
  return makeMonth(parseMonthParts(month).year, 1);
}

/** January of the month's year, up to the month itself (the 本年累计 window). */
export function yearToDate(month: Month): Month[] {
  return monthRange(januaryOf(month), month);
}

/** `2026年10月`, as people read a month. */
export function monthLabel(month: Month): string {
  const { year, month: m } = parseMonthParts(month);
  return `${year}年${m}月`;
}

// ───────────────────────────── order and intervals ─────────────────────────────

/** The order of months: negative when a is before b, 0 when equal, positive after. */
export function compareMonths(a: Month, b: Month): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The months sorted oldest first (a new array). */
/** The later of two months (null: none; the other wins). */
export function laterMonth(a: Month | null, b: Month | null): Month | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareMonths(a, b) >= 0 ? a : b;
}

export function sortMonths(months: Iterable<Month>): Month[] {
  return [...months].sort(compareMonths);
}

/**
 * A stretch of months, half-open: `from` included, `to` excluded; `to` null: open (holds
 * from `from` on). Record versions, clauses, decisions, periods and the store's open end are
 * all read as such an interval.
 */
export interface MonthInterval {
  from: Month;
  to: Month | null;
}

/** Does the interval hold at M: `from` ≤ M and (open or M < `to`). */
export function monthIn(interval: MonthInterval, month: Month): boolean {
  return interval.from <= month && (interval.to === null || month < interval.to);
}

/**
 * The month after every month a record, a rule or a decision can name: the open end of an
 * interval where a bound must be a month (the store's open periods, "the latest version").
 */
export const OPEN_END: Month = '9999-12';

/** The last month the system answers for (the API's upper bound on every route). */
export const LAST_MONTH: Month = '2099-12';

// ───────────────────────────── "now" in China time ─────────────────────────────

/** China Standard Time: UTC+8 all year (no daylight saving). */
const CHINA_OFFSET_MS = 8 * 3600_000;

/**
 * The month an instant falls in, in China time (Asia/Shanghai): "now" as a month when the
 * instant is the clock's now (the caller passes it: the domain reads no clock).
 */
export function chinaMonth(instant: string | Date): Month {
  return month(new Date(new Date(instant).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 7));
}
