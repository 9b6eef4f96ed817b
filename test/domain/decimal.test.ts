import { describe, expect, it } from 'vitest';
import {
  add,
  decimalFromNumber,
  formatDecimal,
  parseDecimal,
  ratio,
  shift,
  sub,
  sumNullable,
} from '#domain/decimal';

describe('exact decimals', () => {
  it.each([
    ['0.1', '0.2', '0.3'],
    ['-0.1', '0.1', '0'],
    ['9999999999999999.999999', '0.000001', '10000000000000000'],
  ])('%s + %s = %s', (a, b, sum) => expect(add(a, b)).toBe(sum));

  it.each([
    ['+010.500', '10.5'],
    ['-0.00', '0'],
    ['0.000001', '0.000001'],
  ])('canonical form of %s is %s', (text, canonical) => expect(parseDecimal(text)).toBe(canonical));

  it.each([
    [1234.5600000000002, '1234.56'],
    [1e21, '1000000000000000000000'],
    [1.2e-7, '0.00000012'],
    [-0, '0'],
  ])('a number cell %d reads as %s (15 significant digits)', (n, text) =>
    expect(decimalFromNumber(n)).toBe(text),
  );

  it('converts units exactly: 12345.67 元 = 1.234567 万元', () =>
    expect(shift('12345.67', -4)).toBe('1.234567'));
  it('1.2 亿 = 12000 万元', () => expect(shift('1.2', 4)).toBe('12000'));
  it('a sum over nothing reported is null; one reported 0 makes it 0', () => {
    expect(sumNullable([null, undefined])).toBeNull();
    expect(sumNullable([null, '0'])).toBe('0');
  });
  it('subtracts', () => expect(sub('9000', '8800')).toBe('200'));
  it('ratio is null on a zero or missing base', () => {
    expect(ratio('1', '0')).toBeNull();
    expect(ratio('1', null)).toBeNull();
    expect(ratio('9876.5', '9000')).toBeCloseTo(0.0973888888888889 + 1, 15);
  });
  it.each([
    ['-1234.565', 2, '-1,234.57'],
    ['0.005', 2, '0.01'],
    ['12', 1, '12.0'],
  ])('formats %s with %d places as %s', (a, places, shown) =>
    expect(formatDecimal(a, places as number)).toBe(shown),
  );
});
