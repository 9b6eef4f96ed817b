/**
 * The period a value column's header names (issue 9, item 2): 本月 (the month's value),
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
import { compact } from './text.ts';

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
