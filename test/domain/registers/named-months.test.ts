/**
 * Months named by number under an indicator: the sheet's own month (10月, 10月份, 本月（10月）)
 * is 本月; 1-10月, 1至10月, 1-10月累计 are 本年累计; the same month of the previous year is 上年同期
 * (ignored); another single month (上月, 9月) is ignored with one warning; headers naming
 * another month than the sheet's (a form carried forward) are an error naming both months.
 */
import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '#domain/registers/index';
import { namedMonthOf } from '#domain/registers/periods';
import { grid, VALID_USCC } from './helpers.ts';

describe('namedMonthOf', () => {
  it.each([
    ['10月', { kind: 'single', month: 10, year: null, current: false }],
    ['10月份', { kind: 'single', month: 10, year: null, current: false }],
    ['本月（10月）', { kind: 'single', month: 10, year: null, current: true }],
    ['10月(本月)', { kind: 'single', month: 10, year: null, current: true }],
    ['2025年10月', { kind: 'single', month: 10, year: 2025, current: false }],
    ['十月', { kind: 'single', month: 10, year: null, current: false }],
    ['1-10月', { kind: 'span', month: 10, year: null, current: false }],
    ['1至10月', { kind: 'span', month: 10, year: null, current: false }],
    ['1-10月累计', { kind: 'span', month: 10, year: null, current: false }],
    ['1～10月累计数', { kind: 'span', month: 10, year: null, current: false }],
    ['累计（1-10月）', { kind: 'span', month: 10, year: null, current: false }],
    ['2025年1-10月', { kind: 'span', month: 10, year: 2025, current: false }],
    ['上月', { kind: 'previous', month: null, year: null, current: false }],
  ])('%j', (text, named) => expect(namedMonthOf(text)).toEqual(named));
  it.each(['本月', '累计', '13月', '营业收入', '上年同期', '2026年'])('%j names no month by number', (text) =>
    expect(namedMonthOf(text)).toBeNull(),
  );
});

/** A 2026年10月 indicators sheet (month from its name) whose sub-headers under 营业收入 are `subs`. */
function sheet(subs: string[], name = '2026年10月指标') {
  const values = subs.map((_, i) => 100 + i);
  return checkWorkbook(
    [
      grid(name, [
        ['统一社会信用代码', '营业收入（万元）', ...subs.slice(1).map(() => null)],
        [null, ...subs],
        [VALID_USCC, ...values],
      ]),
    ],
    { fileName: '月报.xlsx', uploadedMonth: '2026-11' },
  );
}
const pins = (p: ReturnType<typeof sheet>) =>
  p.findings
    .filter((f) => f.code !== 'W_MONTH_SOURCE' && f.code !== 'W_YTD_IGNORED')
    .map((f) => [f.code, f.column]);

describe('named months on a 2026年10月 sheet', () => {
  it.each([
    [['10月', '1-10月'], '100', []],
    [['1-10月累计', '10月份'], '101', []],
    [['本月（10月）', '1至10月'], '100', []],
    [['10月', '2025年10月', '1-10月'], '100', [['W_PERIOD_IGNORED', 'C 营业收入（万元）/2025年10月']]],
    [['上月', '10月', '1-10月'], '101', [['W_MONTH_COLUMN_IGNORED', 'B 营业收入（万元）/上月']]],
    [['9月', '10月'], '101', [['W_MONTH_COLUMN_IGNORED', 'B 营业收入（万元）/9月']]],
  ] as const)('%j: 本月 is %s', (subs, value, findings) => {
    const parsed = sheet([...subs]);
    expect(pins(parsed)).toEqual(findings);
    expect(parsed.indicators[0]?.values.revenue).toBe(value);
  });

  it.each([
    [['9月', '1-9月'], 'B 营业收入（万元）/9月、C 营业收入（万元）/1-9月', '9月、1-9月'],
    [['10月', '1-9月'], 'C 营业收入（万元）/1-9月', '1-9月'],
    [['本月（9月）', '1-10月'], 'B 营业收入（万元）/本月（9月）', '9月'],
  ])('%j: the error names both months', (subs, column, written) => {
    const parsed = sheet([...subs]);
    expect(pins(parsed)).toEqual([['E_HEADER_MONTH', column]]);
    expect(parsed.findings.find((f) => f.code === 'E_HEADER_MONTH')?.message).toContain(
      `表头写的是 ${written}`,
    );
    expect(parsed.findings.find((f) => f.code === 'E_HEADER_MONTH')?.message).toContain(
      '本表的月份是 2026年10月',
    );
  });

  it('the 月份 column decides the month before the sheet name', () => {
    const parsed = checkWorkbook(
      [
        grid('指标', [
          ['统一社会信用代码', '月份', '营业收入（万元）', null],
          [null, null, '9月', '1-9月'],
          [VALID_USCC, '2026-09', 90, 800],
        ]),
      ],
      { fileName: '2026-10-月报.xlsx', uploadedMonth: '2026-11' },
    );
    expect(pins(parsed)).toEqual([]);
    expect(parsed.indicators[0]).toMatchObject({ month: '2026-09', values: { revenue: '90' } });
  });
});
