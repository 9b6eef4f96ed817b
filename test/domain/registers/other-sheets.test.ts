import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '#domain/registers/index';
import type { ParsedWorkbook } from '#domain/types';
import { type UnitId, unitName } from '#domain/units';
import { CONTEXT, errorCell, formula, grid, type Raw, VALID_USCC, VALID_USCC_2 } from './helpers.ts';

const codes = (p: ParsedWorkbook) => p.findings.map((f) => f.code);
const IND = [
  '统一社会信用代码',
  '项目编号',
  '企业（项目）名称',
  '月份',
  '营业收入（万元）',
  '税收收入（元）',
  '进出口总额（万美元）',
  '实际利用外资',
];
const indicators = (rows: Raw[][]) => checkWorkbook([grid('月度经济指标', [IND, ...rows])], CONTEXT);
const row = (over: Partial<Record<string, Raw>> = {}): Raw[] => {
  const base: Record<string, Raw> = {
    统一社会信用代码: VALID_USCC,
    项目编号: null,
    '企业（项目）名称': '甲',
    月份: '2026-10',
    '营业收入（万元）': 100,
    '税收收入（元）': 12345.67,
    '进出口总额（万美元）': null,
    实际利用外资: '—',
    ...over,
  };
  return IND.map((h) => base[h]);
};

describe('indicators', () => {
  it('reads a row: exact decimals, unit conversion, null for not reported', () => {
    const p = indicators([row()]);
    expect(p.findings).toEqual([]);
    expect(p.indicators).toEqual([
      {
        key: VALID_USCC,
        month: '2026-10',
        name: '甲',
        sheet: '月度经济指标',
        row: 2,
        values: { revenue: '100', tax: '1.234567', trade: null, fdi: null },
      },
    ]);
  });

  it('values hold only the indicator columns the sheet has', () => {
    const p = checkWorkbook(
      [
        grid('指标', [
          ['项目编号', '月份', '固投'],
          ['XM-1', '202610', '1.2亿'],
        ]),
      ],
      CONTEXT,
    );
    expect(p.indicators[0]).toMatchObject({
      key: 'XM-1',
      month: '2026-10',
      name: null,
      values: { fai: '12000' },
    });
    expect(Object.keys(p.indicators[0]?.values ?? {})).toEqual(['fai']);
  });

  it.each<[string, Partial<Record<string, Raw>>, Record<string, string | null>]>([
    ['zero is zero, not null', { '营业收入（万元）': 0 }, { revenue: '0' }],
    ['blank is null, not zero', { '营业收入（万元）': null }, { revenue: null }],
    ['— is null', { '营业收入（万元）': '—' }, { revenue: null }],
    ['/ is null', { '营业收入（万元）': '/' }, { revenue: null }],
    ['1.2万 in a 万元 column', { '营业收入（万元）': '1.2万' }, { revenue: '1.2' }],
    ['1.2亿', { '营业收入（万元）': '1.2亿' }, { revenue: '12000' }],
    ['1,234.5', { '营业收入（万元）': '1,234.5' }, { revenue: '1234.5' }],
    ['full-width digits', { '营业收入（万元）': '１２３４．５' }, { revenue: '1234.5' }],
    ['a float cell as Excel shows it', { '营业收入（万元）': 1234.5600000000002 }, { revenue: '1234.56' }],
    ['元 header: 6 decimals after conversion', { '税收收入（元）': '0.01' }, { tax: '0.000001' }],
    ['元 in the cell of a 万元 column', { '营业收入（万元）': '12345.67元' }, { revenue: '1.234567' }],
    ['美元 in the cell of a 万美元 column', { '进出口总额（万美元）': '50000美元' }, { trade: '5' }],
  ])('%s', (_name, over, values) => {
    const p = indicators([row(over)]);
    expect(p.findings).toEqual([]);
    expect(p.indicators[0]?.values).toMatchObject(values);
  });

  it.each<[string, Partial<Record<string, Raw>>, string, string, string | null]>([
    ['7 decimals after conversion', { '税收收入（元）': 0.001 }, 'E_DECIMALS', 'F 税收收入（元）', '0.001'],
    [
      '7 decimals as written',
      { '营业收入（万元）': '1.2345678' },
      'E_DECIMALS',
      'E 营业收入（万元）',
      '1.2345678',
    ],
    ['not a number', { '营业收入（万元）': '约100' }, 'E_NUMBER', 'E 营业收入（万元）', '约100'],
    ['a wrong currency', { '进出口总额（万美元）': '100元' }, 'E_NUMBER', 'G 进出口总额（万美元）', '100元'],
    ['a formula', { '营业收入（万元）': formula('=E3*2') }, 'E_FORMULA', 'E 营业收入（万元）', '=E3*2'],
    [
      'an Excel error',
      { '营业收入（万元）': errorCell('#DIV/0!') },
      'E_CELL_ERROR',
      'E 营业收入（万元）',
      '#DIV/0!',
    ],
    ['no month', { 月份: null }, 'E_MONTH_MISSING', 'D 月份', null],
    ['a bad month', { 月份: '2026-13' }, 'E_MONTH', 'D 月份', '2026-13'],
    ['no key', { 统一社会信用代码: null }, 'E_KEY_MISSING', 'A 统一社会信用代码', null],
    ['a bad USCC', { 统一社会信用代码: '123' }, 'E_USCC_FORMAT', 'A 统一社会信用代码', '123'],
  ])('%s → %s', (_name, over, code, column, value) => {
    const p = indicators([row(over)]);
    expect(p.findings).toEqual([
      expect.objectContaining({ code, severity: 'error', sheet: '月度经济指标', row: 2, column, value }),
    ]);
    expect(p.indicators).toEqual([]);
  });

  it('a negative value is accepted with W_NEGATIVE', () => {
    const p = indicators([row({ '营业收入（万元）': -5 })]);
    expect(p.findings).toEqual([
      expect.objectContaining({
        code: 'W_NEGATIVE',
        severity: 'warning',
        column: 'E 营业收入（万元）',
        value: '-5',
      }),
    ]);
    expect(p.indicators[0]?.values.revenue).toBe('-5');
  });

  it('a wrong check character is reported once per enterprise, not once per month', () => {
    const bad = '914403001922038217';
    const p = indicators([row({ 统一社会信用代码: bad, 月份: '2026-09' }), row({ 统一社会信用代码: bad })]);
    expect(codes(p)).toEqual(['W_USCC_CHECKSUM']);
    expect(p.indicators).toHaveLength(2);
  });

  it('the same key and month twice, identical → one row and W_DUPLICATE_ROW', () => {
    const p = indicators([row(), row({ '营业收入（万元）': '100.00' })]);
    expect(codes(p)).toEqual(['W_DUPLICATE_ROW']);
    expect(p.indicators).toHaveLength(1);
  });

  it('the same key and month twice, differing → E_DUPLICATE_KEY', () => {
    const p = indicators([row(), row({ '营业收入（万元）': 101 })]);
    expect(p.findings).toEqual([
      expect.objectContaining({
        code: 'E_DUPLICATE_KEY',
        row: 3,
        message: expect.stringContaining('2026年10月'),
      }),
      expect.objectContaining({
        code: 'E_DUPLICATE_KEY',
        row: 2,
        message: expect.stringContaining('第 3 行'),
      }),
    ]);
    expect(p.indicators).toEqual([]);
  });

  it('the same key in two months is no duplicate', () => {
    const p = indicators([
      row(),
      row({ 月份: '2026-09' }),
      row({ 统一社会信用代码: VALID_USCC_2, '企业（项目）名称': '乙' }),
    ]);
    expect(p.findings).toEqual([]);
    expect(p.indicators).toHaveLength(3);
  });

  it('one name with two codes is one warning naming the rows', () => {
    const p = indicators([row(), row({ 月份: '2026-09' }), row({ 统一社会信用代码: VALID_USCC_2 })]);
    expect(p.findings.map((f) => [f.code, f.row, f.value])).toEqual([['W_SAME_NAME_CODES', 2, '甲']]);
    expect(p.findings[0]?.message).toContain(`${VALID_USCC}（第 2、3 行）；${VALID_USCC_2}（第 4 行）`);
    expect(p.indicators).toHaveLength(3);
  });
});

describe('targets', () => {
  const T = ['单位', '年度', '营业收入（亿元）', '税收收入'];
  const targets = (rows: Raw[][]) => checkWorkbook([grid('年度目标', [T, ...rows])], CONTEXT);

  it.each<[Raw, string]>([
    ['全区', 'district'],
    ['全区合计', 'district'],
    ['东西湖区', 'district'],
    ['径河街道', 'jinghe'],
    ['常青花园新区', 'changqinghuayuan'],
    ['机电产业建设管理办公室', 'jidian'],
    ['高新办', 'gaoxin'],
    ['区商务局', 'bureau'],
  ])('单位 %s → %s', (unit, id) => {
    const p = targets([[unit, 2026, 1.5, 300]]);
    expect(p.findings).toEqual([]);
    expect(p.targets).toEqual([
      { unit: id, year: 2026, values: { revenue: '15000', tax: '300' }, sheet: '年度目标', row: 2 },
    ]);
  });

  it.each<[Raw, number]>([
    [2026, 2026],
    ['2026', 2026],
    ['2026年', 2026],
    ['2026年度', 2026],
    ['２０２６', 2026],
    [2000, 2000],
    [2099, 2099],
  ])('年度 %o → %i', (year, expected) => {
    expect(targets([['全区', year, 1, 1]]).targets[0]?.year).toBe(expected);
  });

  it.each<[string, Raw[], string, string]>([
    ['an unknown unit', ['汉口', 2026, 1, 1], 'E_UNKNOWN_UNIT', 'A 单位'],
    ['no unit', [null, 2026, 1, 1], 'E_UNIT_MISSING', 'A 单位'],
    ['year 1999', ['全区', 1999, 1, 1], 'E_YEAR', 'B 年度'],
    ['year 2100', ['全区', 2100, 1, 1], 'E_YEAR', 'B 年度'],
    ['year 2026.5', ['全区', 2026.5, 1, 1], 'E_YEAR', 'B 年度'],
    ['year as words', ['全区', '今年', 1, 1], 'E_YEAR', 'B 年度'],
    ['7 decimals after 亿元', ['全区', 2026, 0.00000000001, 1], 'E_DECIMALS', 'C 营业收入（亿元）'],
    ['not a number', ['全区', 2026, 'x', 1], 'E_NUMBER', 'C 营业收入（亿元）'],
  ])('%s → %s', (_name, r, code, column) => {
    const p = targets([r]);
    expect(p.findings).toEqual([expect.objectContaining({ code, severity: 'error', row: 2, column })]);
    expect(p.targets).toEqual([]);
  });

  it('a unit and year twice: identical → warning, differing → error', () => {
    expect(
      codes(
        targets([
          ['全区', 2026, 1, 1],
          ['全区合计', '2026', 1, '1'],
        ]),
      ),
    ).toEqual(['W_DUPLICATE_ROW']);
    expect(
      codes(
        targets([
          ['全区', 2026, 1, 1],
          ['全区', 2026, 2, 1],
        ]),
      ),
    ).toEqual(['E_DUPLICATE_KEY', 'E_DUPLICATE_KEY']);
    expect(
      codes(
        targets([
          ['全区', 2026, 1, 1],
          ['全区', 2027, 2, 1],
        ]),
      ),
    ).toEqual([]);
  });
});

describe('contacts', () => {
  const C = ['单位', '姓名', '邮箱', '接收月报'];
  const contacts = (rows: Raw[][], header = C) =>
    checkWorkbook([grid('单位联系人', [header, ...rows])], CONTEXT);

  it.each<[Raw, boolean]>([
    ['是', true],
    ['否', false],
    [null, true],
    ['N', false],
    [false, false],
  ])('接收月报 %o → %s', (receives, expected) => {
    const p = contacts([['径河街', '张三', ' a@b.cn ', receives]]);
    expect(p.findings).toEqual([]);
    expect(p.contacts).toEqual([
      { unit: 'jinghe', name: '张三', email: 'a@b.cn', receives: expected, sheet: '单位联系人', row: 2 },
    ]);
  });

  it('without the 接收月报 column every contact receives it; without 姓名 the name is empty', () => {
    const p = contacts([['区商务局', 'x@y.cn']], ['单位', '邮箱']);
    expect(p.contacts).toEqual([
      { unit: 'bureau', name: '', email: 'x@y.cn', receives: true, sheet: '单位联系人', row: 2 },
    ]);
  });

  // [case, rows as [unit, 接收月报] × count, the error's row and unit, or null]
  const many = (unit: string, n: number, receives: Raw, from = 0): Raw[][] =>
    Array.from({ length: n }, (_, i) => [unit, `人${from + i}`, `p${from + i}@${unit.length}.cn`, receives]);
  it.each<[string, Raw[][], [number, string, number] | null]>([
    ['50 receiving contacts of a street', many('径河街', 50, '是'), null],
    ['51 receiving contacts of a street', many('径河街', 51, '是'), [52, 'jinghe', 51]],
    ['51 with 接收月报 blank (counts as 是)', many('径河街', 51, null), [52, 'jinghe', 51]],
    ['60 contacts, 10 of them 否', [...many('径河街', 50, '是'), ...many('径河街', 10, '否', 50)], null],
    ['50 + 50 of two units', [...many('径河街', 50, '是'), ...many('长青街', 50, '是', 50)], null],
    ['49 of the bureau (its fixed address makes 50)', many('区商务局', 49, '是'), null],
    ['50 of the bureau', many('区商务局', 50, '是'), [51, 'bureau', 50]],
  ])('recipients per unit: %s', (_case, rows, error) => {
    const p = contacts(rows);
    const found = p.findings.filter((f) => f.code === 'E_CONTACTS_TOO_MANY');
    if (!error) {
      expect(p.findings).toEqual([]);
      return;
    }
    const [row, unit, count] = error;
    expect(found).toEqual([expect.objectContaining({ severity: 'error', sheet: '单位联系人', row })]);
    expect(found[0]?.message).toContain(`${unitName(unit as UnitId)}有 ${count} 个接收月报的联系人`);
    expect(found[0]?.message).toMatch(/超过 (50|49) 个的上限/);
  });

  it.each<[string, Raw[], string, string]>([
    ['an unknown unit', ['汉口街', '张三', 'a@b.cn', '是'], 'E_UNKNOWN_UNIT', 'A 单位'],
    ['the district is not a contact unit', ['全区', '张三', 'a@b.cn', '是'], 'E_UNKNOWN_UNIT', 'A 单位'],
    ['no unit', [null, '张三', 'a@b.cn', '是'], 'E_UNIT_MISSING', 'A 单位'],
    ['a bad email', ['径河街', '张三', 'a@b', '是'], 'E_EMAIL', 'C 邮箱'],
    ['an email with a space', ['径河街', '张三', 'a b@c.cn', '是'], 'E_EMAIL', 'C 邮箱'],
    ['no email', ['径河街', '张三', '', '是'], 'E_EMAIL', 'C 邮箱'],
    ['a bad boolean', ['径河街', '张三', 'a@b.cn', '可能'], 'E_BOOLEAN', 'D 接收月报'],
  ])('%s → %s', (_name, r, code, column) => {
    const p = contacts([r]);
    expect(p.findings).toEqual([expect.objectContaining({ code, severity: 'error', row: 2, column })]);
    expect(p.contacts).toEqual([]);
  });

  it('several contacts per unit; the same unit and email twice is a duplicate', () => {
    expect(
      codes(
        contacts([
          ['径河街', '张三', 'a@b.cn', '是'],
          ['径河街', '李四', 'c@d.cn', '是'],
        ]),
      ),
    ).toEqual([]);
    expect(
      codes(
        contacts([
          ['径河街', '张三', 'a@b.cn', '是'],
          ['径河街道', '张三', 'A@B.CN', '是'],
        ]),
      ),
    ).toEqual(['E_DUPLICATE_KEY', 'E_DUPLICATE_KEY']);
    expect(
      codes(
        contacts([
          ['径河街', '张三', 'a@b.cn', '是'],
          ['径河', '张三', 'a@b.cn', 'Y'],
        ]),
      ),
    ).toEqual(['W_DUPLICATE_ROW']);
  });
});
