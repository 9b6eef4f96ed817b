/**
 * The period a value column's header names: 本月 (the month's value),
 * 本年累计 (year to date: never a month value), 上年同期 and 同比 (ignored). Data, not code:
 * a word is one entry.
 *
 * @example
 * ```ts
 * periodOf('本月数');            // 'month'
 * periodOf('1-10月累计');        // 'ytd'
 * splitPeriod('营业收入本年累计'); // { base: '营业收入', period: 'ytd' }
 * ```
 *
 * @module
 */
import { CHINESE_MONTHS, compact } from './text.ts';

/** month: 本月 · ytd: 本年累计 · lastYear: 上年同期 · growth: 同比. */
export type Period = 'month' | 'ytd' | 'lastYear' | 'growth';

/** The words of each period as offices write them (compacted: no spaces, half-width). */
export const PERIOD_WORDS: Readonly<Record<Period, readonly string[]>> = {
  month: [
    '本月',
    '当月',
    '本月数',
    '当月数',
    '本月值',
    '当月值',
    '本期',
    '本期数',
    '本月完成',
    '当月完成',
    '本月实际',
  ],
  ytd: [
    '本年累计',
    '累计',
    '本年累计数',
    '累计数',
    '本年累计值',
    '累计值',
    '本年累计完成',
    '累计完成',
    '年初至今',
    '年累计',
    '本年',
  ],
  lastYear: [
    '上年同期',
    '去年同期',
    '同期',
    '上年同期数',
    '上年同期累计',
    '去年同期数',
    '上年同月',
    '去年同月',
  ],
  growth: [
    '同比',
    '同比增长',
    '同比增长率',
    '同比增幅',
    '同比增减',
    '同比增速',
    '增幅',
    '增速',
    '增长率',
    '比上年同期增长',
    '同比(%)',
    '同比%',
    '增幅(%)',
    '增长(%)',
  ],
};

/** `1-10月`, `1～10月累计`, `1至10月`, `一至十月累计`: a year-to-date span. */
const YTD_SPAN =
  /^(?:1|一)(?:月)?[-—–~～至到](?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:份)?(?:累计)?(?:数|值|完成)?$/u;

const BY_WORD = new Map<string, Period>();
for (const [period, words] of Object.entries(PERIOD_WORDS) as [Period, readonly string[]][])
  for (const word of words) BY_WORD.set(compact(word), period);

/** The period a whole (sub-)header names, or null. */
export function periodOf(text: string): Period | null {
  const s = compact(text).replace(/[()（）]/gu, (c) => (c === '（' ? '(' : c === '）' ? ')' : c));
  const bare = s.replace(/\(%\)$|%$/u, '');
  return (
    BY_WORD.get(s) ??
    BY_WORD.get(s.replace(/[()]/gu, '')) ??
    BY_WORD.get(bare) ??
    (YTD_SPAN.test(s) ? 'ytd' : null)
  );
}

/** Longest first, so that 本年累计 is taken before 累计 and 同比增长 before 同比. */
const AFFIXES: readonly [string, Period][] = [...BY_WORD.entries()]
  .filter(([w]) => w.length >= 2 && !w.includes('('))
  .sort((a, b) => b[0].length - a[0].length);
const SPAN_PREFIX = /^(?:1|一)(?:月)?[-—–~～至到](?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:份)?(?:累计)?/u;
const SPAN_SUFFIX = /(?:1|一)(?:月)?[-—–~～至到](?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:份)?(?:累计)?$/u;
const JOINERS = /^[_\-—:：·]+|[_\-—:：·]+$/gu;

/**
 * A header that carries its period in its own text (`本月营业收入`, `营业收入本年累计`,
 * `1-10月累计营业收入`, `营业收入_本月`): the rest and the period; null when it carries none.
 * The rest must not be empty.
 */
export function splitPeriod(text: string): { base: string; period: Period } | null {
  const s = compact(text);
  const span = SPAN_PREFIX.exec(s) ?? SPAN_SUFFIX.exec(s);
  if (span) {
    const base = (span.index === 0 ? s.slice(span[0].length) : s.slice(0, span.index)).replace(JOINERS, '');
    if (base !== '') return { base, period: 'ytd' };
  }
  for (const [word, period] of AFFIXES) {
    if (s.length > word.length && s.startsWith(word)) {
      const base = s.slice(word.length).replace(JOINERS, '');
      if (base !== '') return { base, period };
    }
    if (s.length > word.length && s.endsWith(word)) {
      const base = s.slice(0, s.length - word.length).replace(JOINERS, '');
      if (base !== '') return { base, period };
    }
  }
  return null;
}

/** How messages name a period. */
export const PERIOD_NAMES: Readonly<Record<Period, string>> = {
  month: '本月',
  ytd: '本年累计',
  lastYear: '上年同期',
  growth: '同比',
};

// ─────────────────────────── months named by number ───────────────────────────

/**
 * A sub-header that names a month by its number (issue: forms carried from month to month):
 * `single` (10月, 10月份, 本月（10月）, 2025年10月), `span` (1-10月, 1至10月, 1-10月累计: the
 * year to date of that month), `previous` (上月). Which period it is depends on the sheet's own
 * month ({@link periodOfNamed}).
 */
export interface NamedMonth {
  readonly kind: 'single' | 'span' | 'previous';
  /** 1–12; null for 上月. */
  readonly month: number | null;
  /** The year written with it (2025年10月), else null. */
  readonly year: number | null;
  /** Written as the sheet's current month (本月（10月）): another month there is a stale header. */
  readonly current: boolean;
}

const MONTH_NUMBER = '(0?[1-9]|1[0-2]|十[一二]|[一二三四五六七八九十])';
const TAIL = '(?:数|值|完成|实际)?';
const SINGLE = new RegExp(`^(?:(20\\d{2})年)?${MONTH_NUMBER}月(?:份)?${TAIL}$`, 'u');
const SPAN = new RegExp(
  `^(?:(20\\d{2})年)?(?:1|一)(?:月)?[-—–~～至到]${MONTH_NUMBER}月(?:份)?(?:累计)?${TAIL}$`,
  'u',
);
const CURRENT_WORDS = /^(?:本月|当月|本期)/u;
const YTD_WORDS = /^(?:本年累计|累计|年累计)/u;
const PREVIOUS = /^上月(?:数|值|完成|实际)?$/u;

function monthNumber(text: string): number {
  return CHINESE_MONTHS[text] ?? Number(text);
}

/** The month a (sub-)header names by its number, or null (see {@link NamedMonth}). */
export function namedMonthOf(text: string): NamedMonth | null {
  const s = compact(text).replace(/[（）]/gu, (c) => (c === '（' ? '(' : ')'));
  if (PREVIOUS.test(s)) return { kind: 'previous', month: null, year: null, current: false };
  // 本月（10月）, 10月（本月）, 累计（1-10月）, 1-10月（累计）: the words and the number together.
  const bracket = /^([^()]+)\(([^()]+)\)$/u.exec(s);
  if (bracket) {
    const [, outer = '', inner = ''] = bracket;
    for (const [word, named] of [
      [outer, inner],
      [inner, outer],
    ] as const) {
      const n = namedMonthOf(named);
      if (!n || n.kind === 'previous') continue;
      if (CURRENT_WORDS.test(word) && n.kind === 'single') return { ...n, current: true };
      if (YTD_WORDS.test(word) && n.kind === 'span') return n;
    }
    return null;
  }
  const single = SINGLE.exec(s);
  if (single)
    return {
      kind: 'single',
      month: monthNumber(single[2] as string),
      year: single[1] ? Number(single[1]) : null,
      current: false,
    };
  const span = SPAN.exec(s);
  if (span)
    return {
      kind: 'span',
      month: monthNumber(span[2] as string),
      year: span[1] ? Number(span[1]) : null,
      current: false,
    };
  return null;
}

/** What a named month is on a sheet of `own` month: a period, or why it cannot be read. */
export type NamedPeriod = Period | 'otherMonth' | 'staleMonth' | 'staleYtd';

/**
 * The period a named month is on a sheet of month `own` (year, month): its own month is 本月,
 * 1 to its month 本年累计, the same month (or span) of the previous year 上年同期; another
 * single month (上月, 9月 on a 10月 sheet) `otherMonth` (ignored); 本月（9月） or 1-9月 on a
 * 10月 sheet is stale (`staleMonth`, `staleYtd`: the form's headers were not updated).
 */
export function periodOfNamed(named: NamedMonth, own: { year: number | null; month: number }): NamedPeriod {
  if (named.kind === 'previous') return 'otherMonth';
  const sameMonth = named.month === own.month;
  if (named.year != null && own.year != null && named.year === own.year - 1 && sameMonth) return 'lastYear';
  const ownYear = named.year == null || own.year == null || named.year === own.year;
  if (named.kind === 'span') return sameMonth && ownYear ? 'ytd' : 'staleYtd';
  if (sameMonth && ownYear) return 'month';
  return named.current ? 'staleMonth' : 'otherMonth';
}
