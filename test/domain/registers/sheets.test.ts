import { describe, expect, it } from 'vitest';
import {
  CONTACTS_COLUMNS,
  checkWorkbook,
  INDICATORS_COLUMNS,
  normalizeHeader,
  REGISTER_COLUMNS,
  TARGETS_COLUMNS,
} from '#domain/registers/index';
import type { Finding, ParsedWorkbook } from '#domain/types';
import {
  CONTEXT,
  grid,
  type Raw,
  REGISTER_HEADER,
  registerRow,
  registerSheet,
  VALID_USCC,
} from './helpers.ts';

const codes = (p: ParsedWorkbook) => p.findings.map((f) => f.code);
const only = (p: ParsedWorkbook, code: string): Finding[] => p.findings.filter((f) => f.code === code);

describe('normalizeHeader', () => {
  it.each<[string, string, string | null, string | null]>([
    ['税收收入（万元）', '税收收入(万元)', '税收收入', '万元'],
    ['税收收入(元)', '税收收入(元)', '税收收入', '元'],
    ['税收收入[亿元]', '税收收入[亿元]', '税收收入', '亿元'],
    ['税收收入【万元】', '税收收入【万元】', '税收收入', '万元'],
    [' 所在\n街道 ', '所在街道', null, null],
    ['所在\r\n街道', '所在街道', null, null],
    ['所在　街道', '所在街道', null, null],
    ['企业（项目）名称', '企业(项目)名称', null, null],
    ['ＡＢＣ', 'ABC', null, null],
  ])('%j → %s / %s / %s', (raw, whole, base, unit) => {
    expect(normalizeHeader(raw)).toEqual({ whole, base, unit });
  });
});

describe('header row', () => {
  it.each([0, 1, 2, 5, 9])('is found below %i title rows', (titles) => {
    const rows: Raw[][] = [];
    for (let i = 0; i < titles; i++)
      rows.push(
        i === 0 ? ['2026年10月东西湖区企业项目台账'] : i === 1 ? ['填报单位：径河街', null, '所在街道'] : [],
      );
    rows.push([...REGISTER_HEADER], registerRow());
    const p = checkWorkbook([grid('台账', rows)], CONTEXT);
    expect(p.findings).toEqual([]);
    expect(p.register).toHaveLength(1);
    expect(p.register[0]?.row).toBe(titles + 2);
  });

  it('is not looked for below the 10th row', () => {
    const rows: Raw[][] = Array.from({ length: 10 }, () => ['说明']);
    rows.push([...REGISTER_HEADER], registerRow());
    const p = checkWorkbook([grid('台账', rows)], CONTEXT);
    expect(codes(p)).toEqual(['E_SHEET_AMBIGUOUS']);
    expect(p.register).toEqual([]);
  });

  it('needs two known headers in one row', () => {
    const p = checkWorkbook(
      [
        grid('Sheet1', [
          ['所在街道', '说明'],
          ['长青街', 'x'],
        ]),
      ],
      CONTEXT,
    );
    expect(codes(p)).toEqual(['W_SHEET_IGNORED']);
  });
});

describe('every header and synonym matches, after normalisation', () => {
  const forms = (columns: typeof REGISTER_COLUMNS) =>
    columns.flatMap((c) => [c.header, ...c.synonyms].map((form) => [c.field, form] as const));

  it.each(forms(REGISTER_COLUMNS))('register %s ← %s', (field, form) => {
    const header = REGISTER_HEADER.map((h) =>
      REGISTER_COLUMNS.find((c) => c.header === h)?.field === field ? form : h,
    );
    const p = checkWorkbook([registerSheet([]), grid('台账2', [header])], CONTEXT);
    // 所属街道 is read as 所在街道, and one warning per sheet says so.
    expect(p.findings.filter((f) => f.code !== 'W_MONTH_ASSUMED')).toEqual(
      form === '所属街道' ? [expect.objectContaining({ code: 'W_COLUMN_READ_AS', sheet: '台账2' })] : [],
    );
    expect(p.sheets[1]?.kind).toBe('register');
  });

  it.each(forms(INDICATORS_COLUMNS))('indicators %s ← %s', (field, form) => {
    const header = ['统一社会信用代码', '月份', '营业收入', '税收收入'];
    const fields = ['uscc', 'month', 'indicator:revenue', 'indicator:tax'];
    const at = fields.indexOf(field);
    if (at >= 0) header[at] = form;
    else header.push(form);
    const p = checkWorkbook([grid('指标', [header])], CONTEXT);
    expect(p.findings).toEqual([]);
    expect(p.sheets[0]?.kind).toBe('indicators');
  });

  it.each(forms(TARGETS_COLUMNS))('targets %s ← %s', (field, form) => {
    const header = ['单位', '年度', '营业收入'];
    if (!['unit', 'year', 'indicator:revenue'].includes(field)) header.push(form);
    const p = checkWorkbook([grid('目标', [header])], CONTEXT);
    expect(p.findings).toEqual([]);
    expect(p.sheets[0]?.kind).toBe('targets');
  });

  it.each(forms(CONTACTS_COLUMNS))('contacts %s ← %s', (field, form) => {
    const header = [field === 'unit' ? form : '单位', field === 'email' ? form : '邮箱'];
    if (field !== 'unit' && field !== 'email') header.push(form);
    const p = checkWorkbook([grid('联系人', [header])], CONTEXT);
    expect(p.findings).toEqual([]);
    expect(p.sheets[0]?.kind).toBe('contacts');
  });

  it.each([
    ['spaces', ' 所 在 街 道 '],
    ['a line break', '所在\n街道'],
    ['full-width spaces', '　所在街道　'],
    ['a bracketed note', '所在街道（必填）'],
  ])('%s: %j', (_name, form) => {
    const p = checkWorkbook(
      [
        grid('台账', [
          ['统一社会信用代码', '企业名称', '项目状态', form],
          [VALID_USCC, '甲', '在建', '长青街'],
        ]),
      ],
      CONTEXT,
    );
    expect(codes(p)).toEqual(['W_MONTH_ASSUMED']);
    expect(p.register[0]?.record.street).toBe('changqing');
  });

  it.each([
    ['营业成本', '营业收入 is not 营业成本: no edit distance'],
    ['所在街', 'a prefix is not a synonym'],
    ['街道', 'a part is not a synonym'],
  ])('%s is unknown (%s)', (form) => {
    const p = checkWorkbook([grid('台账', [['统一社会信用代码', '项目状态', '所在街道', form]])], CONTEXT);
    expect(only(p, 'W_COLUMN_IGNORED')).toEqual([
      expect.objectContaining({ sheet: '台账', row: 1, column: `D ${form}`, value: form }),
    ]);
  });
});

describe('header problems', () => {
  it('a duplicate header (a synonym of a column already there) is an error', () => {
    const p = checkWorkbook(
      [
        grid('台账', [
          ['统一社会信用代码', '项目状态', '所在街道', '信用代码'],
          [VALID_USCC, '在建', '长青街', VALID_USCC],
        ]),
      ],
      CONTEXT,
    );
    expect(only(p, 'E_HEADER_DUPLICATE')).toEqual([
      expect.objectContaining({
        severity: 'error',
        row: 1,
        column: 'D 信用代码',
        message: expect.stringContaining('A 统一社会信用代码'),
      }),
    ]);
  });

  it('the same header twice is an error', () => {
    const p = checkWorkbook([grid('台账', [['统一社会信用代码', '所在街道', '所在街道']])], CONTEXT);
    expect(codes(p)).toContain('E_HEADER_DUPLICATE');
  });

  it('an indicator header whose unit cannot be converted is an error', () => {
    const p = checkWorkbook(
      [grid('指标', [['统一社会信用代码', '月份', '营业收入（万元）', '税收收入（个）']])],
      CONTEXT,
    );
    expect(only(p, 'E_COLUMN_UNIT')).toEqual([
      expect.objectContaining({ column: 'D 税收收入（个）', row: 1 }),
    ]);
  });

  it('an indicators sheet without a key column is an error', () => {
    const p = checkWorkbook(
      [
        grid('指标', [
          ['企业名称', '月份', '营业收入'],
          ['甲', '2026-10', 1],
        ]),
      ],
      CONTEXT,
    );
    expect(codes(p)).toEqual(['E_COLUMN_MISSING']);
    expect(p.sheets[0]).toMatchObject({ rowsRead: 1, rowsApplied: 0, errors: 1 });
  });

  it.each([
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'prototype',
    '__defineGetter__',
  ])('a header named %s is just an unknown header, and pollutes nothing', (name) => {
    const p = checkWorkbook(
      [
        grid('台账', [
          [...REGISTER_HEADER, name],
          [...registerRow(), '{"polluted":true}'],
        ]),
      ],
      CONTEXT,
    );
    expect(codes(p)).toEqual(['W_COLUMN_IGNORED']);
    expect(p.findings[0]).toMatchObject({ column: `Q ${name}`, value: name });
    expect(p.register).toHaveLength(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.toString.call({})).toBe('[object Object]');
    expect(typeof ({} as { constructor: unknown }).constructor).toBe('function');
    expect(Object.keys(p.register[0]?.record ?? {})).not.toContain(name);
  });

  it.each(['__proto__', 'constructor', 'toString'])('a register cell %s is a value, not a key', (value) => {
    const p = checkWorkbook(
      [registerSheet([registerRow({ 所在街道: value, 项目状态: value, 所在园区: value })])],
      CONTEXT,
    );
    expect(codes(p)).toEqual(['E_STAGE_UNKNOWN', 'E_UNKNOWN_UNIT', 'E_UNKNOWN_UNIT']);
  });
});

describe('sheet kinds', () => {
  const ind = ['统一社会信用代码', '月份', '营业收入'];
  const tgt = ['单位', '年度', '营业收入'];
  const con = ['单位', '姓名', '邮箱'];

  it.each<[string, string, string[], string | null, string[]]>([
    ['register by 项目状态', 'Sheet1', ['统一社会信用代码', '项目状态'], 'register', ['W_MONTH_ASSUMED']],
    ['register by 所在街道', 'Sheet1', ['统一社会信用代码', '所在街道'], 'register', ['W_MONTH_ASSUMED']],
    ['register by a synonym', 'Sheet1', ['信用代码', '属地街道'], 'register', ['W_MONTH_ASSUMED']],
    ['indicators', 'Sheet1', ind, 'indicators', []],
    ['targets', 'Sheet1', tgt, 'targets', []],
    ['contacts', 'Sheet1', con, 'contacts', []],
    [
      'indicators with a stage column is a register',
      'Sheet1',
      [...ind, '项目状态'],
      'register',
      ['W_COLUMN_IGNORED', 'W_COLUMN_IGNORED', 'W_MONTH_ASSUMED'],
    ],
    [
      'register + indicators, named 台账',
      '台账',
      ['统一社会信用代码', '所在街道', '报送月份', '营业收入'],
      'register',
      ['W_COLUMN_IGNORED', 'W_MONTH_ASSUMED'],
    ],
    [
      'register + indicators, named 月报',
      '10月月报',
      ['统一社会信用代码', '所在街道', '报送月份', '营业收入'],
      'indicators',
      ['W_COLUMN_IGNORED'],
    ],
    [
      'register + indicators, unnamed',
      'Sheet1',
      ['统一社会信用代码', '所在街道', '报送月份', '营业收入'],
      null,
      ['E_SHEET_AMBIGUOUS'],
    ],
    [
      'register + indicators, named both',
      '台账指标',
      ['统一社会信用代码', '所在街道', '报送月份', '营业收入'],
      null,
      ['E_SHEET_AMBIGUOUS'],
    ],
    [
      'targets + contacts, named 目标',
      '年度目标',
      ['单位', '年度', '营业收入', '邮箱'],
      'targets',
      ['W_COLUMN_IGNORED'],
    ],
    [
      'targets + contacts, named 通讯录',
      '通讯录',
      ['单位', '年度', '营业收入', '邮箱'],
      'contacts',
      ['W_COLUMN_IGNORED', 'W_COLUMN_IGNORED'],
    ],
    [
      'targets + contacts, unnamed',
      'Sheet1',
      ['单位', '年度', '营业收入', '邮箱'],
      null,
      ['E_SHEET_AMBIGUOUS'],
    ],
    ['no kind, name names one (台账)', '台账', ['统一社会信用代码', '企业名称'], null, ['E_SHEET_AMBIGUOUS']],
    [
      'no kind, name names one (名录)',
      '企业名录',
      ['统一社会信用代码', '企业名称'],
      null,
      ['E_SHEET_AMBIGUOUS'],
    ],
    ['no kind, name names one (企业清单)', '企业清单', ['单位', '姓名'], null, ['E_SHEET_AMBIGUOUS']],
    ['no kind, name names one (项目清单)', '项目清单', ['单位', '姓名'], null, ['E_SHEET_AMBIGUOUS']],
    ['no kind, name names one (指标)', '指标', ['统一社会信用代码', '月份'], null, ['E_SHEET_AMBIGUOUS']],
    ['no kind, name names one (目标)', '目标', ['单位', '年度'], null, ['E_SHEET_AMBIGUOUS']],
    ['no kind, name names one (联系人)', '联系人', ['单位', '姓名'], null, ['E_SHEET_AMBIGUOUS']],
    ['no known header, name names one', '通讯录', ['部门', '电话'], null, ['E_SHEET_AMBIGUOUS']],
    ['no kind, no name', '说明', ['统一社会信用代码', '企业名称'], null, ['W_SHEET_IGNORED']],
    ['no known header, no name', 'Sheet3', ['a', 'b'], null, ['W_SHEET_IGNORED']],
  ])('%s', (_name, sheetName, header, kind, expected) => {
    const p = checkWorkbook([grid(sheetName, [header])], CONTEXT);
    expect(p.sheets[0]?.kind ?? null).toBe(kind);
    expect(codes(p).sort()).toEqual([...expected].sort());
    for (const f of p.findings.filter((x) => x.code.includes('SHEET'))) {
      expect(f.sheet).toBe(sheetName);
      expect(f.message).toContain(sheetName);
    }
  });

  it('an empty sheet is ignored with a warning, whatever its name', () => {
    const p = checkWorkbook([grid('联系人', []), grid('Sheet2', [[null, '']])], CONTEXT);
    expect(codes(p)).toEqual(['W_SHEET_IGNORED', 'W_SHEET_IGNORED']);
  });

  it('one workbook holds all four kinds, the register read before the indicators', () => {
    const p = checkWorkbook(
      [
        grid('指标', [ind, [VALID_USCC, '2026-10', 5]]),
        grid('联系人', [con, ['径河街', '张三', 'a@b.cn']]),
        grid('台账', [
          ['统一社会信用代码', '企业名称', '项目状态', '所在街道', '报送月份'],
          [VALID_USCC, '甲', '在建', '径河街', '2026-10'],
        ]),
        grid('目标', [tgt, ['全区', 2026, 100]]),
      ],
      CONTEXT,
    );
    expect(p.findings).toEqual([]);
    expect(p.sheets.map((s) => s.kind)).toEqual(['indicators', 'contacts', 'register', 'targets']);
    expect([p.register.length, p.indicators.length, p.targets.length, p.contacts.length]).toEqual([
      1, 1, 1, 1,
    ]);
  });
});

describe('limits', () => {
  const header = ['统一社会信用代码', '月份', '营业收入'];
  const rows = (n: number): Raw[][] =>
    Array.from({ length: n }, (_, i) => [VALID_USCC, `2026-${String((i % 12) + 1).padStart(2, '0')}`, i]);

  it.each<[number, number, string[]]>([
    [3, 3, []],
    [4, 3, ['E_ROWS_LIMIT']],
  ])('%i data rows with maxRows %i', (n, maxRows, expected) => {
    const p = checkWorkbook([grid('指标', [header, ...rows(n)])], { ...CONTEXT, limits: { maxRows } });
    expect(codes(p).filter((c) => c !== 'E_DUPLICATE_KEY')).toEqual(expected);
    if (expected.length) {
      expect(p.findings[0]).toMatchObject({ sheet: '指标', row: null, column: null, severity: 'error' });
      expect(p.findings[0]?.message).toContain('指标');
      expect(p.findings[0]?.message).toContain(String(maxRows));
    }
  });

  it('trailing blank rows do not count, title rows above the header do not count', () => {
    const p = checkWorkbook([grid('指标', [['标题'], header, ...rows(3), [null], ['', null], []])], {
      ...CONTEXT,
      limits: { maxRows: 3 },
    });
    expect(p.findings).toEqual([]);
    expect(p.sheets[0]).toMatchObject({ rowsRead: 3, rowsApplied: 3 });
  });

  it.each<[number, number, string[]]>([
    [60, 60, []],
    [61, 60, ['E_COLUMNS_LIMIT']],
    [5, 4, ['E_COLUMNS_LIMIT']],
  ])('%i columns with maxColumns %i', (width, maxColumns, expected) => {
    const wide = [...header, ...Array.from({ length: width - 3 }, (_, i) => `备用${i}`)];
    const p = checkWorkbook([grid('指标', [wide])], { ...CONTEXT, limits: { maxColumns } });
    expect(codes(p).filter((c) => c !== 'W_COLUMN_IGNORED')).toEqual(expected);
    if (expected.length) expect(p.findings[0]).toMatchObject({ sheet: '指标', row: null, column: null });
  });

  it('the default limits are 200,000 rows and 60 columns', () => {
    const p = checkWorkbook(
      [grid('指标', [[...header, ...Array.from({ length: 58 }, (_, i) => `备用${i}`)]])],
      CONTEXT,
    );
    expect(codes(p)).toContain('E_COLUMNS_LIMIT');
  });

  it('trailing empty cells do not count as columns', () => {
    const p = checkWorkbook([grid('指标', [[...header, null, null, null]])], {
      ...CONTEXT,
      limits: { maxColumns: 3 },
    });
    expect(p.findings).toEqual([]);
  });
});
