import { describe, expect, it } from 'vitest';
import {
  addMonths,
  isMonth,
  januaryOf,
  lastDayOf,
  laterMonth,
  makeMonth,
  month,
  monthLabel,
  monthOrNull,
  monthRange,
  NotAMonthError,
  yearToDate,
} from '#domain/months';
import type { Month } from '#domain/types';

describe('months', () => {
  it.each([
    ['2026-10', 1, '2026-11'],
    ['2026-12', 1, '2027-01'],
    ['2026-01', -1, '2025-12'],
    ['2026-10', -12, '2025-10'],
  ] as [Month, number, Month][])('%s %+d is %s', (m, n, out) => expect(addMonths(m, n as number)).toBe(out));
  it.each([
    ['2024-02', '2024-02-29'],
    ['2026-02', '2026-02-28'],
    ['2026-10', '2026-10-31'],
  ] as [Month, string][])('the last day of %s is %s', (m, d) => expect(lastDayOf(m)).toBe(d));
  it('ranges and year to date', () => {
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(yearToDate('2026-03')).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(yearToDate('2026-01')).toEqual(['2026-01']);
    expect(yearToDate('2026-12')).toHaveLength(12);
    expect(januaryOf('2026-12')).toBe('2026-01');
    expect(monthLabel('2026-10')).toBe('2026年10月');
  });
});

describe('a string becomes a Month only through the months module', () => {
  it.each(['2026-10', '2026-01', '2026-12', '0001-01', '9999-12'])('%s is a month', (s) => {
    expect(isMonth(s)).toBe(true);
    expect(month(s)).toBe(s);
  });
  it.each(['2026-13', '2026-00', '2026-1', '26-01', '2026/10', '2026-10-01', ' 2026-10', '', 'now'])(
    '%j is not a month: a NotAMonthError that says what would be right',
    (s) => {
      expect(isMonth(s)).toBe(false);
      expect(() => month(s)).toThrow(NotAMonthError);
      expect(() => month(s)).toThrow(/应为 YYYY-MM/u);
    },
  );
  it('monthOrNull passes null through and checks the rest', () => {
    expect(monthOrNull(null)).toBeNull();
    expect(monthOrNull('2026-10')).toBe('2026-10');
    expect(() => monthOrNull('2026-1')).toThrow(NotAMonthError);
  });
  it.each([
    [2026, 13],
    [2026, 0],
    [-1, 5],
  ])('makeMonth(%d, %d) is refused', (y, m) => expect(() => makeMonth(y, m)).toThrow(NotAMonthError));
});

describe('the later of two months', () => {
  it.each<[Month | null, Month | null, Month | null]>([
    [null, null, null],
    ['2026-10', null, '2026-10'],
    [null, '2026-10', '2026-10'],
    ['2026-09', '2026-10', '2026-10'],
    ['2026-10', '2026-09', '2026-10'],
    ['2026-10', '2026-10', '2026-10'],
    ['2025-12', '2026-01', '2026-01'],
  ])('%s and %s → %s', (a, b, later) => {
    expect(laterMonth(a, b)).toBe(later);
  });
});
