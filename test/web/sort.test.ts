/**
 * The console's column order: amounts and rates compared exactly, counts as numbers, texts in
 * Chinese collation.
 */
import { describe, expect, it } from 'vitest';
import { compareKeys, type SortKey } from '../../web/src/sort.ts';

const sign = (n: number) => Math.sign(n);

describe('compareKeys', () => {
  it.each<[string, NonNullable<SortKey>, NonNullable<SortKey>, -1 | 0 | 1]>([
    [
      'amounts: 0.3 before 0.30000000000000001 (the same float)',
      { value: '0.3' },
      { value: '0.30000000000000001' },
      -1,
    ],
    ['amounts written differently tie (12.5, 12.50)', { value: '12.5' }, { value: '12.50' }, 0],
    ['large amounts beyond 2^53', { value: '9007199254740993' }, { value: '9007199254740992' }, 1],
    ['negative amounts', { value: '-3' }, { value: '0' }, -1],
    ['rates equal exactly (1/3 and 2/6)', { value: '1', per: '3' }, { value: '2', per: '6' }, 0],
    [
      'rates by cross products (50/100 above 300/1000)',
      { value: '50', per: '100' },
      { value: '300', per: '1000' },
      1,
    ],
    [
      'rates that round to the same per mille still order',
      { value: '1000001', per: '2000000' },
      { value: '1000000', per: '2000000' },
      1,
    ],
    ['counts', 2, 10, -1],
    ['texts in Chinese collation', '长青街', '长青街', 0],
  ])('%s', (_t, a, b, expected) => {
    expect(sign(compareKeys(a, b))).toBe(expected);
    expect(sign(compareKeys(b, a))).toBe(-expected || 0);
  });
});
