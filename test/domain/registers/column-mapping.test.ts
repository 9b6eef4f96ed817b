/**
 * Column mappings (列名对照) in tables: a header the rules do not know read as the mapped
 * template column and named in a finding; a header the rules know read by the rules and the
 * mapping reported unused; a sheet whose kind an unknown header hid recognised after mapping; a
 * mapping of another kind not applied; a bracketed unit kept; a two-level header mapped as
 * group + period; the unknown headers offered with the nearest template columns first; the
 * mapping as given checked.
 */
import { describe, expect, it } from 'vitest';
import {
  type ColumnMapping,
  checkMapping,
  checkWorkbook,
  mappingChoices,
  mappingKey,
  mergeMappings,
  REGISTER_COLUMNS,
  unknownHeadersOf,
} from '#domain/registers/index';
import type { Month, SheetGrid } from '#domain/types';
import { grid, REGISTER_HEADER, registerRow, VALID_USCC } from './helpers.ts';

const CONTEXT = { fileName: '2026-10-台账.xlsx', uploadedMonth: '2026-10' as Month };

/** A register sheet whose 所在街道 is headed `street` (the row's street: 径河街). */
function registerWith(street: string, name = '企业项目台账'): SheetGrid {
  const header = REGISTER_HEADER.map((h) => (h === '所在街道' ? street : h));
  return grid(name, [header, registerRow()]);
}

/** A sheet only its 企业地址（街道） column could make a register (no 项目状态 column, no name hint). */
function bareSheet(): SheetGrid {
  return grid('Sheet1', [
    ['统一社会信用代码', '企业名称', '企业地址（街道）', '报送月份'],
    [VALID_USCC, '武汉测试有限公司', '径河街', '2026-10'],
  ]);
}

const STREET: ColumnMapping = { kind: 'register', header: '企业地址（街道）', column: '所在街道' };

const codes = (sheets: SheetGrid[], mapping: ColumnMapping[]) =>
  checkWorkbook(sheets, { ...CONTEXT, mapping }).findings.map((f) => f.code);

describe('reading with a column mapping', () => {
  it.each([
    {
      name: 'no mapping: the unknown header is ignored (W_COLUMN_IGNORED), the street is not read',
      sheets: [registerWith('企业地址（街道）')],
      mapping: [],
      street: undefined,
      has: ['W_COLUMN_IGNORED'],
      hasNot: ['W_COLUMN_MAPPED', 'W_MAPPING_UNUSED'],
    },
    {
      name: 'a saved mapping reads it as 所在街道 and names it',
      sheets: [registerWith('企业地址（街道）')],
      mapping: [STREET],
      street: 'jinghe',
      has: ['W_COLUMN_MAPPED'],
      hasNot: ['W_COLUMN_IGNORED', 'W_MAPPING_UNUSED'],
    },
    {
      name: 'the header written with other spaces and half-width brackets: the same key',
      sheets: [registerWith(' 企业地址 (街道) ')],
      mapping: [STREET],
      street: 'jinghe',
      has: ['W_COLUMN_MAPPED'],
      hasNot: ['W_COLUMN_IGNORED'],
    },
    {
      name: 'a mapping of another kind is not applied',
      sheets: [registerWith('企业地址（街道）')],
      mapping: [{ ...STREET, kind: 'indicators', column: '月份' } as ColumnMapping],
      street: undefined,
      has: ['W_COLUMN_IGNORED'],
      hasNot: ['W_COLUMN_MAPPED'],
    },
    {
      name: 'the rules win: 所属街道 is a synonym of 所在街道, the mapping to 原所在街道 is unused',
      sheets: [registerWith('所属街道')],
      mapping: [{ kind: 'register', header: '所属街道', column: '原所在街道' } as ColumnMapping],
      street: 'jinghe',
      has: ['W_MAPPING_UNUSED'],
      hasNot: ['W_COLUMN_MAPPED', 'W_COLUMN_IGNORED'],
    },
    {
      name: 'a mapping whose header the file does not have: nothing said',
      sheets: [registerWith('所在街道')],
      mapping: [STREET],
      street: 'jinghe',
      has: [],
      hasNot: ['W_COLUMN_MAPPED', 'W_MAPPING_UNUSED', 'W_COLUMN_IGNORED'],
    },
  ])('$name', ({ sheets, mapping, street, has, hasNot }) => {
    const parsed = checkWorkbook(sheets, { ...CONTEXT, mapping });
    const found = parsed.findings.map((f) => f.code);
    for (const code of has) expect(found).toContain(code);
    for (const code of hasNot) expect(found).not.toContain(code);
    expect(parsed.register[0]?.record.street).toBe(street ?? parsed.register[0]?.record.street);
    if (street === undefined) expect(parsed.register[0]?.present).not.toContain('street');
    else expect(parsed.register[0]?.present).toContain('street');
  });

  it('names the mapping in the report in people’s words', () => {
    const parsed = checkWorkbook([registerWith('企业地址（街道）')], { ...CONTEXT, mapping: [STREET] });
    const mapped = parsed.findings.find((f) => f.code === 'W_COLUMN_MAPPED');
    expect(mapped?.message).toBe('按本单位保存的列名对照：企业地址（街道） → 所在街道');
    expect(mapped?.column).toBe('F 企业地址（街道）');
    const given = checkWorkbook([registerWith('企业地址（街道）')], {
      ...CONTEXT,
      mapping: mergeMappings([], [STREET]),
    });
    expect(given.findings.find((f) => f.code === 'W_COLUMN_MAPPED')?.message).toBe(
      '按本次检查给出的列名对照：企业地址（街道） → 所在街道',
    );
  });

  it('says which saved mapping went unused', () => {
    const parsed = checkWorkbook([registerWith('所属街道')], {
      ...CONTEXT,
      mapping: [{ kind: 'register', header: '所属街道', column: '原所在街道' }],
    });
    const unused = parsed.findings.find((f) => f.code === 'W_MAPPING_UNUSED');
    expect(unused?.severity).toBe('warning');
    expect(unused?.message).toMatch(
      /^按本单位保存的列名对照“所属街道 → 原所在街道”未使用：列名“所属街道”已能识别/,
    );
  });

  it.each([
    { mapping: [], kind: null, ignored: true },
    { mapping: [STREET], kind: 'register', ignored: false },
  ])(
    'a sheet whose kind the unknown header hid (mapping: $mapping.length) → $kind',
    ({ mapping, kind, ignored }) => {
      const parsed = checkWorkbook([bareSheet()], { ...CONTEXT, mapping: mapping as ColumnMapping[] });
      expect(parsed.sheets[0]?.kind).toBe(kind);
      expect(parsed.findings.some((f) => f.code === 'W_SHEET_IGNORED')).toBe(ignored);
      if (kind) expect(parsed.register[0]?.record.street).toBe('jinghe');
    },
  );

  it('keeps the unit in the header’s brackets (营收（亿元） mapped by 营收 → 营业收入)', () => {
    const sheet = grid('月度指标', [
      ['统一社会信用代码', '月份', '营收（亿元）'],
      [VALID_USCC, '2026-10', 1.5],
    ]);
    const parsed = checkWorkbook([sheet], {
      ...CONTEXT,
      mapping: [{ kind: 'indicators', header: '营收', column: '营业收入' }],
    });
    expect(parsed.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(parsed.indicators[0]?.values.revenue).toBe('15000');
  });

  it('maps a two-level header as group + period (营收/本月), the other period still unknown', () => {
    const sheet: SheetGrid = {
      ...grid('月度指标', [
        ['统一社会信用代码', '月份', '营收', null],
        [null, null, '本月', '本年累计'],
        [VALID_USCC, '2026-10', 12, 100],
      ]),
      merges: [
        { s: { r: 0, c: 0 }, e: { r: 1, c: 0 } },
        { s: { r: 0, c: 1 }, e: { r: 1, c: 1 } },
        { s: { r: 0, c: 2 }, e: { r: 0, c: 3 } },
      ],
    };
    const before = checkWorkbook([sheet], CONTEXT);
    expect(unknownHeadersOf(before).map((u) => u.header)).toEqual(['营收/本月', '营收/本年累计']);
    const parsed = checkWorkbook([sheet], {
      ...CONTEXT,
      mapping: [{ kind: 'indicators', header: '营收/本月', column: '营业收入' }],
    });
    expect(parsed.indicators[0]?.values.revenue).toBe('12');
    expect(parsed.findings.find((f) => f.code === 'W_COLUMN_MAPPED')?.message).toBe(
      '按本单位保存的列名对照：营收/本月 → 营业收入',
    );
    expect(unknownHeadersOf(parsed).map((u) => u.header)).toEqual(['营收/本年累计']);
    // The group alone maps every period under it (本年累计 compared, never stored).
    const group = checkWorkbook([sheet], {
      ...CONTEXT,
      mapping: [{ kind: 'indicators', header: '营收', column: '营业收入' }],
    });
    expect(group.indicators[0]?.values.revenue).toBe('12');
    expect(unknownHeadersOf(group)).toEqual([]);
    expect(group.findings.filter((f) => f.code === 'W_COLUMN_MAPPED')).toHaveLength(2);
  });
});

describe('the unknown headers the console offers', () => {
  it('every ignored header with the template columns nearest first and all of them', () => {
    const parsed = checkWorkbook([registerWith('企业地址（街道）')], CONTEXT);
    expect(unknownHeadersOf(parsed)).toEqual([
      {
        sheet: '企业项目台账',
        kind: 'register',
        header: '企业地址（街道）',
        label: 'F 企业地址（街道）',
        nearest: expect.arrayContaining(['所在街道']),
        choices: REGISTER_COLUMNS.map((c) => c.header),
      },
    ]);
    expect(unknownHeadersOf(parsed)[0]?.nearest[0]).toBe('所在街道');
  });

  it('a sheet its name calls a register whose header does not fit: its unknown headers', () => {
    const sheet = grid('企业台账', [
      ['统一社会信用代码', '企业名称', '企业地址（街道）'],
      [VALID_USCC, '武汉测试有限公司', '径河街'],
    ]);
    const parsed = checkWorkbook([sheet], CONTEXT);
    expect(parsed.findings.map((f) => f.code)).toContain('E_SHEET_AMBIGUOUS');
    expect(unknownHeadersOf(parsed).map((u) => [u.kind, u.header])).toEqual([
      ['register', '企业地址（街道）'],
    ]);
    const mapped = checkWorkbook([sheet], { ...CONTEXT, mapping: [STREET] });
    expect(mapped.sheets[0]?.kind).toBe('register');
    expect(unknownHeadersOf(mapped)).toEqual([]);
  });

  it('a sheet no name or header makes a kind: offered for the kinds most of its headers belong to', () => {
    const parsed = checkWorkbook([bareSheet()], CONTEXT);
    expect(parsed.sheets[0]?.kind).toBeNull();
    expect(unknownHeadersOf(parsed).map((u) => [u.kind, u.header])).toEqual([
      ['register', '企业地址（街道）'],
      ['indicators', '企业地址（街道）'],
    ]);
    expect(unknownHeadersOf(parsed)[0]?.nearest[0]).toBe('所在街道');
  });

  it('none when every header is known', () => {
    expect(unknownHeadersOf(checkWorkbook([registerWith('所在街道')], CONTEXT))).toEqual([]);
    expect(codes([registerWith('所在街道')], [])).not.toContain('W_COLUMN_IGNORED');
  });
});

describe('a mapping as given', () => {
  it.each([
    [{ kind: 'register', header: '企业地址（街道）', column: '所在街道' }, null],
    [{ kind: 'register', header: '企业地址（街道）', column: ' 所 在 街 道 ' }, null],
    [{ kind: 'indicators', header: '营收/本月', column: '营业收入' }, null],
    [{ kind: '企业项目台账', header: '地址', column: '所在街道' }, null],
    [
      { kind: 'sheet', header: '地址', column: '所在街道' },
      /表类型“sheet”不认识：应为“企业项目台账”、“月度经济指标”/,
    ],
    [{ kind: 'register', header: '  ', column: '所在街道' }, /文件的列名不能为空/],
    [{ kind: 'register', header: 'x'.repeat(101), column: '所在街道' }, /过长/],
    [
      { kind: 'register', header: '地址', column: '地址' },
      /“地址”不是企业项目台账模板的列名：应为 「统一社会信用代码」「项目编号」/,
    ],
    [
      { kind: 'contacts', header: '手机', column: '所在街道' },
      /应为 「单位」「姓名」「邮箱」「接收月报」 之一/,
    ],
    [{ kind: 'register', header: '地址', column: '所在街道', extra: 1 }, /含多余的内容/],
    ['所在街道', /列名对照应写明表类型、文件中的列名和对应的模板列名/],
  ])('%j', (input, error) => {
    const checked = checkMapping(input);
    if (error === null) {
      expect(checked.ok).toBe(true);
      if (checked.ok) expect(mappingChoices(checked.mapping.kind)).toContain(checked.mapping.column);
    } else {
      expect(checked.ok).toBe(false);
      if (!checked.ok) expect(checked.message).toMatch(error);
    }
  });

  it('keys a header by its normalised text', () => {
    expect(mappingKey('企业地址（街道）')).toBe(mappingKey(' 企业地址 (街道)'));
    expect(mappingKey('营收/本月')).toBe('营收/本月');
  });

  it('given mappings win over saved ones of the same kind and header', () => {
    const merged = mergeMappings(
      [STREET, { kind: 'register', header: '阶段', column: '项目状态' }],
      [{ kind: 'register', header: '企业地址 (街道)', column: '原所在街道' }],
    );
    expect(merged).toEqual([
      { kind: 'register', header: '企业地址 (街道)', column: '原所在街道', source: 'given' },
      { kind: 'register', header: '阶段', column: '项目状态', source: 'saved' },
    ]);
  });
});
