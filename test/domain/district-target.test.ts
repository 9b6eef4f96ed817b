/**
 * The district's 年度目标: its own row of the targets sheet; else the sum of
 * the units' when every unit has one; else none, with 「N 个单位未设目标」 in the overview e-mail.
 */
import { describe, expect, it } from 'vitest';
import { FIGURE_HEADERS, figureTexts, targetText } from '#domain/email/format';
import { districtTarget, figuresFrom } from '#domain/summaries';

const TARGET_COLUMN = FIGURE_HEADERS.indexOf('年度目标');

describe('districtTarget', () => {
  it.each([
    ['the district row wins over the units’', '1000', ['300', '400'], '1000', 'district', 0],
    ['the district row, some units without', '1000', ['300', null], '1000', 'district', 1],
    [
      'no district row, every unit has one: their sum, exact',
      null,
      ['300.5', '400.25', '0'],
      '700.75',
      'units',
      0,
    ],
    ['no district row, one unit without: none', null, ['300', null, '200'], null, null, 1],
    ['no district row, no unit has one: none', null, [null, null], null, null, 2],
    ['no units at all and no row: none', null, [], null, null, 0],
  ] as const)('%s', (_t, own, units, target, from, missing) => {
    expect(districtTarget(own, units)).toEqual({ target, from, unitsWithoutTarget: missing });
  });
});

describe('the overview e-mail’s 年度目标 cell and 完成率 of the district', () => {
  const district = (own: string | null, units: readonly (string | null)[]) => {
    const t = districtTarget(own, units);
    return {
      ...figuresFrom({ month: '50', ytd: '350', lastYearYtd: null }, null, null, t.target, 6),
      targetFrom: t.from,
      unitsWithoutTarget: t.unitsWithoutTarget,
    };
  };
  it.each([
    ['the district row', '1000', [null], '1,000.00', '35.0%'],
    ['the units’ sum', null, ['300', '400'], '700.00（各单位之和）', '50.0%'],
    ['partly missing', null, ['300', null, null], '—（2 个单位未设目标）', '—'],
  ] as const)('%s', (_t, own, units, cell, completion) => {
    const texts = figureTexts(district(own, units));
    expect(texts[TARGET_COLUMN]).toBe(cell);
    expect(texts[TARGET_COLUMN + 1]).toBe(completion);
  });

  it('a unit’s own row without a target reads —', () => {
    expect(targetText({ target: null })).toBe('—');
  });
});
