/**
 * The order of a sortable column's keys: counts as numbers, texts in Chinese collation, amounts
 * and rates exactly (never as floating-point numbers).
 *
 * @example
 * ```ts
 * compareKeys({ value: '0.3' }, { value: '0.30000000000000001' }); // -1
 * compareKeys({ value: '1', per: '3' }, { value: '2', per: '6' });  // 0 (1/3 = 2/6)
 * ```
 *
 * @module
 */
import { compare, type Decimal, mul } from '../../domain/decimal.ts';

/**
 * An exact sort key for amounts: `value` ÷ `per` (default 1; `per` positive), compared by cross
 * products of the decimals (12.5 and 12.50 tie; 0.3 and 0.30000000000000001 do not).
 */
export interface ExactKey {
  value: Decimal;
  per?: Decimal;
}

/** What a column sorts by: a count, a text, or an exact amount or rate; null sorts last. */
export type SortKey = number | string | ExactKey | null | undefined;

/** Two non-null sort keys of one column in order (negative: a first). */
export function compareKeys(a: NonNullable<SortKey>, b: NonNullable<SortKey>): number {
  if (typeof a === 'object' && typeof b === 'object')
    return compare(mul(a.value, b.per ?? '1'), mul(b.value, a.per ?? '1'));
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(typeof a === 'object' ? a.value : a).localeCompare(
    String(typeof b === 'object' ? b.value : b),
    'zh-CN',
  );
}
