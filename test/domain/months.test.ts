import { describe, expect, it } from 'vitest';
import { addMonths, lastDayOf, monthLabel, monthRange, yearToDate } from '#domain/months';

describe('months', () => {
  it.each([
    ['2026-10', 1, '2026-11'],
    ['2026-12', 1, '2027-01'],
    ['2026-01', -1, '2025-12'],
    ['2026-10', -12, '2025-10'],
  ])('%s %+d is %s', (m, n, out) => expect(addMonths(m, n as number)).toBe(out));
  it.each([
    ['2024-02', '2024-02-29'],
    ['2026-02', '2026-02-28'],
    ['2026-10', '2026-10-31'],
  ])('the last day of %s is %s', (m, d) => expect(lastDayOf(m)).toBe(d));
  it('ranges and year to date', () => {
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(yearToDate('2026-03')).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(monthLabel('2026-10')).toBe('2026年10月');
  });
});
