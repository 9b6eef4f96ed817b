import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalFromNumber, parseDecimal, shift } from '#domain/decimal';
import { canonicalDecimal, decimalOfNumber, shiftDecimal } from '#domain/registers/index';

/** The register checks' string arithmetic agrees with domain/decimal.ts (BigInt) everywhere. */
describe('string decimals agree with domain/decimal.ts', () => {
  const decimalText = fc
    .tuple(
      fc.constantFrom('', '+', '-'),
      fc.stringMatching(/^\d{1,12}$/),
      fc.option(fc.stringMatching(/^\d{1,10}$/)),
    )
    .map(([s, i, f]) => `${s}${i}${f == null ? '' : `.${f}`}`);

  it('canonicalDecimal = parseDecimal', () => {
    fc.assert(
      fc.property(decimalText, (t) => {
        expect(canonicalDecimal(t)).toBe(parseDecimal(t));
      }),
      { numRuns: 2000 },
    );
  });

  it('shiftDecimal = shift', () => {
    fc.assert(
      fc.property(decimalText, fc.integer({ min: -8, max: 8 }), (t, e) => {
        expect(shiftDecimal(parseDecimal(t), e)).toBe(shift(parseDecimal(t), e));
      }),
      { numRuns: 2000 },
    );
  });

  it('decimalOfNumber = decimalFromNumber', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(decimalOfNumber(n)).toBe(decimalFromNumber(n));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['0', 0, '0'],
    ['-0.0', -4, '0'],
    ['12345.67', -4, '1.234567'],
    ['1.2', 4, '12000'],
    ['-5', -1, '-0.5'],
    ['0.001', 4, '10'],
  ])('shiftDecimal(%s, %i) = %s', (v, e, expected) => {
    expect(shiftDecimal(canonicalDecimal(v), e)).toBe(expected);
  });
});
