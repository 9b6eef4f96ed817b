/**
 * Bidi controls in names (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) are removed,
 * with W_BIDI_REMOVED at the row: register, indicators and contacts sheets, and the what-if input.
 */
import { describe, expect, it } from 'vitest';
import { checkWorkbook, recordFromInput } from '#domain/registers/index';
import { withoutBidiControls } from '#domain/registers/text';
import { CONTEXT, grid, registerRow, registerSheet, VALID_USCC } from './helpers.ts';

describe('withoutBidiControls', () => {
  it.each([
    ['武汉测试有限公司', '武汉测试有限公司', 0],
    ['武汉\u202e司公限有\u202c', '武汉司公限有', 2],
    ['\u2066甲\u2069乙', '甲乙', 2],
    ['\u2067\u2068x', 'x', 2],
    ['a\u200eb\u200fc\u061cd', 'abcd', 3],
    ['\u202a\u202b\u202d', '', 3],
    [
      '\u2029 (a paragraph separator is white space, not a control)',
      '\u2029 (a paragraph separator is white space, not a control)',
      0,
    ],
    ['\u200d (a zero-width joiner stays)', '\u200d (a zero-width joiner stays)', 0],
  ])('%j → %j (%i removed)', (raw, text, removed) => {
    expect(withoutBidiControls(raw)).toEqual({ text, removed });
  });
});

describe('names with bidi controls', () => {
  it.each([
    ['an override', '武汉\u202e司公限有\u202c', '武汉司公限有'],
    ['isolates', '\u2066武汉测试\u2069有限公司', '武汉测试有限公司'],
    ['marks', '武汉\u200f测试\u200e有限公司\u061c', '武汉测试有限公司'],
  ])('register: %s → removed, W_BIDI_REMOVED at the row', (_case, raw, kept) => {
    const p = checkWorkbook(
      [
        registerSheet([
          registerRow(),
          registerRow({ 统一社会信用代码: '91440300708461136T', '企业（项目）名称': raw }),
        ]),
      ],
      CONTEXT,
    );
    expect(p.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(p.findings.filter((f) => f.code === 'W_BIDI_REMOVED')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        sheet: '企业项目台账',
        row: 3,
        column: expect.stringMatching(/名称/),
      }),
    ]);
    expect(p.register[1]?.record.name).toBe(kept);
    expect(p.register[0]?.record.name).toBe('武汉测试有限公司');
  });

  it('a name of nothing but controls is a missing name (an error)', () => {
    const p = checkWorkbook([registerSheet([registerRow({ '企业（项目）名称': '\u202e\u202c' })])], CONTEXT);
    expect(p.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['W_BIDI_REMOVED', 'E_NAME_MISSING']),
    );
  });

  it('contacts: the name is kept without the controls', () => {
    const p = checkWorkbook(
      [
        grid('单位联系人', [
          ['单位', '姓名', '邮箱', '接收月报'],
          ['径河街', '张\u202e三', 'a@b.cn', '是'],
        ]),
      ],
      CONTEXT,
    );
    expect(p.findings).toEqual([
      expect.objectContaining({ code: 'W_BIDI_REMOVED', row: 2, column: 'B 姓名' }),
    ]);
    expect(p.contacts[0]?.name).toBe('张三');
  });

  it('indicators: the name is read without the controls', () => {
    const p = checkWorkbook(
      [
        grid('月度经济指标', [
          ['统一社会信用代码', '企业（项目）名称', '月份', '营业收入（万元）'],
          [VALID_USCC, '甲\u2066乙', '2026-10', 1],
        ]),
      ],
      CONTEXT,
    );
    expect(p.findings.filter((f) => f.code === 'W_BIDI_REMOVED')).toEqual([
      expect.objectContaining({ row: 2 }),
    ]);
  });

  it('the what-if input: removed with the warning', () => {
    const { record, findings } = recordFromInput(
      { key: VALID_USCC, name: '武汉\u202e测试', stage: '已建成投产', street: '径河街' },
      '2026-10',
    );
    expect(findings.map((f) => f.code)).toContain('W_BIDI_REMOVED');
    expect(record?.name).toBe('武汉测试');
  });
});
