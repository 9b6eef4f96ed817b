/**
 * Property: for generated indicator sheets with 本月 and 本年累计 columns
 * in random order and with random header forms (merged two-level, repeated group labels, group
 * written once, the period in the header text, title and 单位 rows above or not), the stored
 * month value always equals the 本月 column or the file is refused — never the 本年累计.
 * Sheets whose header marks which column is 本月 are always accepted; sheets that do not are
 * always refused (E_INDICATOR_PERIOD).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '#domain/registers/index';
import type { MergedRange, SheetGrid } from '#domain/types';
import { hasErrors } from '#domain/types';
import { uscc } from '../../corpus/build.ts';
import { grid, type Raw } from './helpers.ts';

const GROUPS = ['营业收入', '税收收入'] as const;
const IDS = { 营业收入: 'revenue', 税收收入: 'tax' } as const;
const MONTH_WORDS = ['本月', '当月', '本月数', '当月数', '本期', '本月（万元）'];
const YTD_WORDS = ['本年累计', '累计', '1-10月累计', '1-10月', '累计数', '本年累计（万元）', '1至10月累计'];
const INLINE_MONTH = [
  (g: string) => `本月${g}`,
  (g: string) => `${g}（本月）`,
  (g: string) => `${g}本月数`,
  (g: string) => `当月${g}`,
];
const INLINE_YTD = [
  (g: string) => `${g}本年累计`,
  (g: string) => `1-10月累计${g}`,
  (g: string) => `累计${g}`,
  (g: string) => `${g}（累计）`,
  (g: string) => `本年累计${g}`,
];

type Form = 'merged' | 'repeated' | 'once' | 'inline' | 'unmarked-merged' | 'unmarked-repeated';
const MARKED: readonly Form[] = ['merged', 'repeated', 'once', 'inline'];

interface Generated {
  form: Form;
  /** Per group: whether 本年累计 comes first. */
  ytdFirst: [boolean, boolean];
  monthWord: [number, number];
  ytdWord: [number, number];
  titleRows: number;
  unitRow: boolean;
  rows: { month: number; ytd: number }[][];
}

const generated: fc.Arbitrary<Generated> = fc.record({
  form: fc.constantFrom<Form>('merged', 'repeated', 'once', 'inline', 'unmarked-merged', 'unmarked-repeated'),
  ytdFirst: fc.tuple(fc.boolean(), fc.boolean()),
  monthWord: fc.tuple(fc.nat(5), fc.nat(5)),
  ytdWord: fc.tuple(fc.nat(6), fc.nat(6)),
  titleRows: fc.nat(2),
  unitRow: fc.boolean(),
  rows: fc.array(
    fc.tuple(
      ...GROUPS.map(() =>
        fc.record({ month: fc.integer({ min: 0, max: 999_999 }), ytd: fc.integer({ min: 1, max: 999_999 }) }),
      ),
    ),
    { minLength: 1, maxLength: 4 },
  ),
});

/** The sheet a generated case describes, and the column of each group's 本月 value. */
function sheetOf(g: Generated): SheetGrid {
  const top: Raw[] = ['统一社会信用代码', '月份'];
  const sub: Raw[] = [null, null];
  const merges: MergedRange[] = [];
  const twoRows = g.form === 'merged' || g.form === 'repeated' || g.form === 'once';
  const above: Raw[][] = [];
  for (let i = 0; i < g.titleRows; i++)
    above.push([i === 0 ? '2026年10月重点企业经济指标' : '填报单位：径河街道']);
  if (g.unitRow) above.push([null, null, null, null, null, '单位：万元']);
  const h = above.length;
  GROUPS.forEach((group, n) => {
    const c = 2 + 2 * n;
    const order: ('month' | 'ytd')[] = g.ytdFirst[n] ? ['ytd', 'month'] : ['month', 'ytd'];
    order.forEach((period, k) => {
      const word =
        period === 'month'
          ? MONTH_WORDS[(g.monthWord[n] ?? 0) % MONTH_WORDS.length]
          : YTD_WORDS[(g.ytdWord[n] ?? 0) % YTD_WORDS.length];
      if (g.form === 'inline') {
        const forms = period === 'month' ? INLINE_MONTH : INLINE_YTD;
        const f = forms[((period === 'month' ? g.monthWord[n] : g.ytdWord[n]) ?? 0) % forms.length] as (
          x: string,
        ) => string;
        top.push(f(group));
      } else {
        top.push(g.form === 'once' && k === 1 ? null : group);
        sub.push(word ?? null);
      }
    });
    if (g.form === 'merged' || g.form === 'unmarked-merged')
      merges.push({ s: { r: h, c }, e: { r: h, c: c + 1 } });
  });
  if (g.form === 'merged')
    merges.push({ s: { r: h, c: 0 }, e: { r: h + 1, c: 0 } }, { s: { r: h, c: 1 }, e: { r: h + 1, c: 1 } });
  const data: Raw[][] = g.rows.map((values, i) => {
    const row: Raw[] = [uscc(100 + i), '2026-10'];
    GROUPS.forEach((_group, n) => {
      const v = values[n] as { month: number; ytd: number };
      // 本年累计 is never equal to 本月 here, so the two can be told apart.
      const ytd = v.month + v.ytd;
      row.push(...(g.ytdFirst[n] ? [ytd, v.month] : [v.month, ytd]));
    });
    return row;
  });
  const rows = [...above, top, ...(twoRows ? [sub] : []), ...data];
  return { ...grid('指标', rows), merges };
}

describe('本月 and 本年累计 in random order and header forms', () => {
  it('the stored month value is the 本月 column, or the file is refused; never 本年累计', () => {
    fc.assert(
      fc.property(generated, (g) => {
        const parsed = checkWorkbook([sheetOf(g)], { fileName: '径河街月报.xlsx', uploadedMonth: '2026-10' });
        if (!MARKED.includes(g.form)) {
          expect(hasErrors(parsed.findings)).toBe(true);
          expect(parsed.findings.filter((f) => f.code === 'E_INDICATOR_PERIOD')).toHaveLength(2);
          return;
        }
        expect(parsed.findings.filter((f) => f.severity === 'error')).toEqual([]);
        expect(parsed.indicators).toHaveLength(g.rows.length);
        parsed.indicators.forEach((row, i) => {
          GROUPS.forEach((group, n) => {
            const v = g.rows[i]?.[n] as { month: number; ytd: number };
            expect(row.values[IDS[group]]).toBe(String(v.month));
          });
        });
        // Every 本年累计 figure is kept aside (compared, never stored).
        expect(parsed.yearToDate).toHaveLength(g.rows.length * GROUPS.length);
      }),
      { numRuns: 400 },
    );
  });
});
