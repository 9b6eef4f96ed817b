import { describe, expect, it } from 'vitest';
import { checkWorkbook, KEY_PROJECT_FORMS, STAGE_FORMS } from '#domain/registers/index';
import type { Finding, ParsedWorkbook, RegisterRecord } from '#domain/types';
import { UNITS, ZONES } from '#domain/units';
import {
  CONTEXT,
  date,
  errorCell,
  formula,
  grid,
  type RegisterInput,
  registerRow,
  registerSheet,
  VALID_USCC,
  VALID_USCC_2,
} from './helpers.ts';

const codes = (p: ParsedWorkbook) => p.findings.map((f) => f.code);
const one = (over: RegisterInput) => checkWorkbook([registerSheet([registerRow(over)])], CONTEXT);
const recordOf = (over: RegisterInput) => {
  const p = one(over);
  expect(p.findings.filter((f) => f.severity === 'error')).toEqual([]);
  return p.register[0]?.record as RegisterRecord;
};

const COLUMN: Record<string, string> = {
  统一社会信用代码: 'A 统一社会信用代码',
  项目编号: 'B 项目编号',
  '企业（项目）名称': 'C 企业（项目）名称',
  项目状态: 'D 项目状态',
  招商单位: 'E 招商单位',
  所在街道: 'F 所在街道',
  统计归属街道: 'G 统计归属街道',
  所在园区: 'H 所在园区',
  重大项目: 'I 重大项目',
  扩产搬迁: 'J 扩产搬迁',
  原所在街道: 'K 原所在街道',
  规上工业: 'L 规上工业',
  产业类别: 'M 产业类别',
  建成投产日期: 'N 建成投产日期',
  报送月份: 'O 报送月份',
  备注: 'P 备注',
};

describe('a valid register row', () => {
  it('reads into the record, every column present', () => {
    const p = one({});
    expect(p.findings).toEqual([]);
    expect(p.register).toEqual([
      {
        sheet: '企业项目台账',
        row: 2,
        record: {
          key: VALID_USCC,
          uscc: VALID_USCC,
          projectCode: null,
          name: '武汉测试有限公司',
          stage: 'built',
          recruiter: 'jidian',
          street: 'jinghe',
          statStreet: null,
          zone: null,
          keyProject: null,
          movement: null,
          originStreet: null,
          aboveScale: true,
          category: '智能装备制造',
          completedOn: '2018-03-01',
          month: '2026-10',
          note: null,
        },
        present: [
          'key',
          'month',
          'uscc',
          'projectCode',
          'name',
          'stage',
          'recruiter',
          'street',
          'statStreet',
          'zone',
          'keyProject',
          'movement',
          'originStreet',
          'aboveScale',
          'category',
          'completedOn',
          'note',
        ],
      },
    ]);
    expect(p.registerMonth).toBe('2026-10');
    expect(p.sheets).toEqual([
      { sheet: '企业项目台账', kind: 'register', rowsRead: 1, rowsApplied: 1, errors: 0, warnings: 0 },
    ]);
  });

  it.each<[string, RegisterInput, Partial<RegisterRecord>]>([
    [
      'the key is the upper-cased USCC',
      { 统一社会信用代码: ' 91350100m000100y43 ' },
      { key: VALID_USCC, uscc: VALID_USCC },
    ],
    [
      'else the project code',
      { 统一社会信用代码: '', 项目编号: ' XM-2026-031 ' },
      { key: 'XM-2026-031', uscc: null, projectCode: 'XM-2026-031' },
    ],
    ['both: the USCC is the key', { 项目编号: 'XM-1' }, { key: VALID_USCC, projectCode: 'XM-1' }],
    ['a numeric project code', { 统一社会信用代码: null, 项目编号: 2026031 }, { key: '2026031' }],
    [
      'a name is trimmed, full-width spaces removed',
      { '企业（项目）名称': '　武汉　测试 有限公司  ' },
      { name: '武汉测试 有限公司' },
    ],
    ['a note starting with = stays text', { 备注: '=A1+1' }, { note: '=A1+1' }],
    ['a note starting with + - @', { 备注: '@所有人 -1 +2' }, { note: '@所有人 -1 +2' }],
    [
      'blank optional columns are null',
      { 招商单位: '', 产业类别: '', 建成投产日期: '' },
      { recruiter: null, category: null, completedOn: null },
    ],
    ['规上工业 blank is 否', { 规上工业: null }, { aboveScale: false }],
    ['规上工业 Y', { 规上工业: 'Y' }, { aboveScale: true }],
    ['规上工业 ×', { 规上工业: '×' }, { aboveScale: false }],
    ['规上工业 TRUE cell', { 规上工业: true }, { aboveScale: true }],
    ['规上工业 0 cell', { 规上工业: 0 }, { aboveScale: false }],
    ['an Excel date cell', { 建成投产日期: date('2019-06-30') }, { completedOn: '2019-06-30' }],
    ['2024年5月1日', { 建成投产日期: '2024年5月1日' }, { completedOn: '2024-05-01' }],
    ['2024.5.1', { 建成投产日期: '2024.5.1' }, { completedOn: '2024-05-01' }],
    ['2024/5/1', { 建成投产日期: '2024/5/1' }, { completedOn: '2024-05-01' }],
    ['a month alone is the 1st', { 建成投产日期: '2024年5月' }, { completedOn: '2024-05-01' }],
    ['a statistical street', { 统计归属街道: '将军路街道' }, { statStreet: 'jiangjunlu' }],
    [
      'movement 扩产 with origin',
      { 扩产搬迁: '扩产', 原所在街道: '径河' },
      { movement: 'expansion', originStreet: 'jinghe' },
    ],
    [
      'movement 搬迁 with origin',
      { 扩产搬迁: '搬迁', 原所在街道: '吴家山街' },
      { movement: 'relocation', originStreet: 'wujiashan' },
    ],
    ['no recruiter', { 招商单位: null }, { recruiter: null }],
  ])('%s', (_name, over, expected) => {
    expect(recordOf(over)).toMatchObject(expected);
  });

  it.each(Object.entries(STAGE_FORMS).flatMap(([id, forms]) => forms.map((f) => [f, id] as const)))(
    '项目状态 %s → %s',
    (form, id) => {
      expect(recordOf({ 项目状态: form }).stage).toBe(id);
    },
  );

  it.each(Object.entries(KEY_PROJECT_FORMS).flatMap(([id, forms]) => forms.map((f) => [f, id] as const)))(
    '重大项目 %s → %s',
    (form, id) => {
      expect(recordOf({ 重大项目: form }).keyProject).toBe(id);
    },
  );

  const streets = UNITS.filter((u) => u.kind === 'street').flatMap((u) =>
    [u.name, ...u.aliases].map((f) => [f, u.id] as const),
  );
  it.each(streets)('所在街道 %s → %s', (form, id) => {
    expect(recordOf({ 所在街道: form, 招商单位: null }).street).toBe(id);
  });

  const recruiters = UNITS.filter((u) => u.kind !== 'bureau').flatMap((u) =>
    [u.name, ...u.aliases].map((f) => [f, u.id] as const),
  );
  it.each(recruiters)('招商单位 %s → %s', (form, id) => {
    expect(recordOf({ 招商单位: form }).recruiter).toBe(id);
  });

  const zones = ZONES.flatMap((z) => [z.name, ...z.aliases].map((f) => [f, z.id, z.liesIn] as const));
  it.each(zones)('所在园区 %s → %s', (form, id, liesIn) => {
    const street = liesIn === 'cihui' ? '慈惠街' : liesIn === 'changqing' ? '长青街' : '辛安渡街';
    expect(recordOf({ 所在园区: form, 所在街道: street }).zone).toBe(id);
  });
});

describe('every record-level check gives its finding, with place, value and message', () => {
  it.each<[string, RegisterInput, string, string, string | null, RegExp]>([
    [
      'a malformed USCC',
      { 统一社会信用代码: '91350100M00010' },
      'E_USCC_FORMAT',
      '统一社会信用代码',
      '91350100M00010',
      /18 位/,
    ],
    [
      'a USCC with I',
      { 统一社会信用代码: '91350100I000100Y43' },
      'E_USCC_FORMAT',
      '统一社会信用代码',
      '91350100I000100Y43',
      /不含 I/,
    ],
    [
      'a USCC as a number cell',
      { 统一社会信用代码: Number('914403001922038217') },
      'E_USCC_FORMAT',
      '统一社会信用代码',
      '914403001922038000',
      /文本格式/,
    ],
    [
      'no key',
      { 统一社会信用代码: '', 项目编号: null },
      'E_KEY_MISSING',
      '统一社会信用代码',
      '',
      /至少填写其中一项/,
    ],
    [
      'a project code over 40 characters',
      { 统一社会信用代码: null, 项目编号: 'X'.repeat(41) },
      'E_TEXT_TOO_LONG',
      '项目编号',
      'X'.repeat(41),
      /40/,
    ],
    ['no name', { '企业（项目）名称': '　' }, 'E_NAME_MISSING', '企业（项目）名称', '　', /全称/],
    [
      'a name over 200 characters',
      { '企业（项目）名称': '名'.repeat(201) },
      'E_TEXT_TOO_LONG',
      '企业（项目）名称',
      '名'.repeat(201),
      /200/,
    ],
    [
      'an unknown stage',
      { 项目状态: '已竣工' },
      'E_STAGE_UNKNOWN',
      '项目状态',
      '已竣工',
      /可填写：已建成投产、在建、已签约、新引进、已注销/,
    ],
    ['a blank stage', { 项目状态: null }, 'E_STAGE_UNKNOWN', '项目状态', null, /未填写/],
    [
      'an unknown street',
      { 所在街道: '长清街' },
      'E_UNKNOWN_UNIT',
      '所在街道',
      '长清街',
      /^企业（项目）“武汉测试有限公司”（91350100M000100Y43）：「所在街道」填写为“长清街”，不是本区街道名称；可填写：吴家山街、柏泉街、/,
    ],
    ['常青 is not 长青', { 所在街道: '常青街' }, 'E_UNKNOWN_UNIT', '所在街道', '常青街', /不是本区街道名称/],
    [
      'an office as street',
      { 所在街道: '机电办' },
      'E_UNKNOWN_UNIT',
      '所在街道',
      '机电办',
      /是产业建设管理办公室，不是街道/,
    ],
    [
      'the bureau as street',
      { 所在街道: '区商务局' },
      'E_UNKNOWN_UNIT',
      '所在街道',
      '区商务局',
      /是区商务局，不是街道/,
    ],
    ['no street', { 所在街道: '' }, 'E_STREET_MISSING', '所在街道', '', /实际经营地/],
    [
      'an unknown statistical street',
      { 统计归属街道: '汉口' },
      'E_UNKNOWN_UNIT',
      '统计归属街道',
      '汉口',
      /可填写：吴家山街/,
    ],
    [
      'an unknown origin street',
      { 扩产搬迁: '搬迁', 原所在街道: '汉阳' },
      'E_UNKNOWN_UNIT',
      '原所在街道',
      '汉阳',
      /可填写/,
    ],
    [
      'an unknown recruiter',
      { 招商单位: '招商局' },
      'E_UNKNOWN_UNIT',
      '招商单位',
      '招商局',
      /机电产业办、食品医药产业办/,
    ],
    [
      'an unknown zone',
      { 所在园区: '临空港园区' },
      'E_UNKNOWN_UNIT',
      '所在园区',
      '临空港园区',
      /综保区一期、综保区二期/,
    ],
    [
      'a 重大项目 longer than a name (51 characters; test/domain/registers/key-project.test.ts)',
      { 重大项目: '天'.repeat(51) },
      'E_TEXT_TOO_LONG',
      '重大项目',
      '天'.repeat(51),
      /超过 50 个；应只填写重大项目的名称/,
    ],
    ['an unknown movement', { 扩产搬迁: '迁入' }, 'E_MOVEMENT_UNKNOWN', '扩产搬迁', '迁入', /扩产、搬迁/],
    [
      'movement without origin',
      { 扩产搬迁: '扩产', 原所在街道: '' },
      'E_ORIGIN_MISSING',
      '原所在街道',
      '',
      /扩产或搬迁前/,
    ],
    ['a bad boolean', { 规上工业: '大概' }, 'E_BOOLEAN', '规上工业', '大概', /是\/否/],
    ['a bad date', { 建成投产日期: '2019-02-30' }, 'E_DATE', '建成投产日期', '2019-02-30', /日期/],
    ['a bad month', { 报送月份: '十月' }, 'E_MONTH', '报送月份', '十月', /2026-10/],
    [
      'a formula without cached value',
      { 所在街道: formula('=VLOOKUP(A2,X!A:B,2)') },
      'E_FORMULA',
      '所在街道',
      '=VLOOKUP(A2,X!A:B,2)',
      /公式/,
    ],
    ['an Excel error', { 项目状态: errorCell('#N/A') }, 'E_CELL_ERROR', '项目状态', '#N/A', /错误值/],
    [
      'an error in an optional column',
      { 备注: errorCell('#REF!') },
      'E_CELL_ERROR',
      '备注',
      '#REF!',
      /错误值/,
    ],
    [
      'a formula in a date column',
      { 建成投产日期: formula('=TODAY()') },
      'E_FORMULA',
      '建成投产日期',
      '=TODAY()',
      /公式/,
    ],
  ])('%s → %s', (_name, over, code, header, value, message) => {
    const p = one(over);
    const errors = p.findings.filter((f) => f.severity === 'error');
    expect(errors).toEqual([
      {
        code,
        severity: 'error',
        sheet: '企业项目台账',
        row: 2,
        column: COLUMN[header],
        value,
        message: expect.stringMatching(message),
      },
    ]);
    expect(p.register).toEqual([]);
    expect(p.sheets[0]).toMatchObject({ rowsRead: 1, rowsApplied: 0, errors: 1 });
  });

  it.each(['区商务局（工作专班办公室）', '区商务局', '商务局', '工作专班', '专班办公室', 'bureau'])(
    'a recruiter %s (the bureau) → E_RECRUITER_BUREAU',
    (form) => {
      const p = one({ 招商单位: form });
      expect(p.findings).toEqual([
        expect.objectContaining({
          code: 'E_RECRUITER_BUREAU',
          severity: 'error',
          column: 'E 招商单位',
          value: form,
        }),
      ]);
      expect(p.findings[0]?.message).toMatch(/不服务企业/);
    },
  );

  it('a wrong check character is a warning: the row is applied', () => {
    const p = one({ 统一社会信用代码: '914403001922038217' });
    expect(p.findings).toEqual([
      expect.objectContaining({
        code: 'W_USCC_CHECKSUM',
        severity: 'warning',
        column: 'A 统一社会信用代码',
        value: '914403001922038217',
      }),
    ]);
    expect(p.register).toHaveLength(1);
    expect(p.sheets[0]).toMatchObject({ rowsApplied: 1, errors: 0, warnings: 1 });
  });

  it.each([
    ['40 characters', 'X'.repeat(40)],
    ['1 character', 'X'],
  ])('a project code of %s is fine', (_n, code) => {
    expect(recordOf({ 统一社会信用代码: null, 项目编号: code }).key).toBe(code);
  });

  it('a name of 200 characters is fine', () => {
    expect(recordOf({ '企业（项目）名称': '名'.repeat(200) }).name).toHaveLength(200);
  });

  it('movement without an origin column at all → E_ORIGIN_MISSING on the movement column', () => {
    const p = checkWorkbook(
      [
        grid('台账', [
          ['统一社会信用代码', '企业名称', '项目状态', '所在街道', '扩产搬迁'],
          [VALID_USCC, '甲', '在建', '径河街', '搬迁'],
        ]),
      ],
      CONTEXT,
    );
    expect(p.findings.filter((f) => f.severity === 'error')).toEqual([
      expect.objectContaining({
        code: 'E_ORIGIN_MISSING',
        column: 'E 扩产搬迁',
        message: expect.stringContaining('原所在街道'),
      }),
    ]);
  });

  it.each<[string, string, string, string | null]>([
    ['中小企业城 in 慈惠街', '中小企业城', '慈惠街', null],
    ['中小企业城 in 长青街', '中小企业城', '长青街', 'E_ZONE_STREET'],
    ['东西湖中小企业城 in 径河街', '东西湖中小企业城', '径河街', 'E_ZONE_STREET'],
    ['1平方公里经济园区 in 长青街', '1平方公里经济园区', '长青街道', null],
    ['一平方公里经济园区 in 常青花园', '一平方公里经济园区', '常青花园', 'E_ZONE_STREET'],
    ['综保区一期 anywhere', '综保区一期', '辛安渡街', null],
    ['综保区二期 anywhere', '综合保税区二期', '走马岭街', null],
  ])('zone and street: %s', (_name, zone, street, code) => {
    const p = one({ 所在园区: zone, 所在街道: street, 招商单位: null });
    expect(codes(p)).toEqual(code ? [code] : []);
    if (code) {
      expect(p.findings[0]).toMatchObject({ column: 'H 所在园区', value: zone, severity: 'error' });
      expect(p.findings[0]?.message).toMatch(/自相矛盾/);
    }
  });

  it('collects every finding of a row and of every row, never stopping at the first', () => {
    const p = checkWorkbook(
      [
        registerSheet([
          registerRow({
            统一社会信用代码: 'BAD',
            项目状态: '?',
            所在街道: '长清街',
            招商单位: '商务局',
            规上工业: '?',
            建成投产日期: '?',
          }),
          registerRow({ 统一社会信用代码: VALID_USCC_2, 所在园区: '中小企业城', 所在街道: '径河街' }),
          registerRow({ 统一社会信用代码: '', '企业（项目）名称': '' }),
        ]),
      ],
      CONTEXT,
    );
    expect(p.findings.map((f) => [f.row, f.code])).toEqual([
      [2, 'E_USCC_FORMAT'],
      [2, 'E_STAGE_UNKNOWN'],
      [2, 'E_RECRUITER_BUREAU'],
      [2, 'E_UNKNOWN_UNIT'],
      [2, 'E_BOOLEAN'],
      [2, 'E_DATE'],
      [3, 'E_ZONE_STREET'],
      [4, 'E_KEY_MISSING'],
      [4, 'E_NAME_MISSING'],
    ]);
    expect(p.findings.every((f: Finding) => /[\u4e00-\u9fff]/.test(f.message))).toBe(true);
    expect(p.sheets[0]).toMatchObject({ rowsRead: 3, rowsApplied: 0, errors: 9, warnings: 0 });
  });

  it('skips blank rows and keeps Excel row numbers', () => {
    const p = checkWorkbook(
      [
        grid('台账', [
          ['标题'],
          [],
          [...Object.keys(COLUMN)],
          registerRow(),
          [],
          [null, '　'],
          registerRow({ 统一社会信用代码: VALID_USCC_2, 所在街道: 'X' }),
        ]),
      ],
      CONTEXT,
    );
    expect(p.register.map((r) => r.row)).toEqual([4]);
    // Blank separator rows are left out and listed once.
    expect(p.findings).toEqual([
      expect.objectContaining({ row: 7, column: 'F 所在街道' }),
      expect.objectContaining({ code: 'W_ROWS_SKIPPED', row: 5, value: '5,6' }),
    ]);
    expect(p.sheets[0]).toMatchObject({ rowsRead: 2, rowsApplied: 1 });
  });
});

describe('the register month', () => {
  const noMonth = (rows: RegisterInput[], fileName: string) =>
    checkWorkbook([registerSheet(rows.map((r) => registerRow({ 报送月份: null, ...r })))], {
      fileName,
      uploadedMonth: '2026-11',
    });

  it.each<[string, string, string, string[]]>([
    ['from the file name YYYY-MM', '2026-09-台账.xlsx', '2026-09', []],
    ['from the file name YYYY年M月', '径河街2026年9月台账.xlsx', '2026-09', []],
    ['from the file name YYYYMM', '台账202609.xlsx', '2026-09', []],
    ['not from a longer digit run', '台账20260901.xlsx', '2026-11', ['W_MONTH_ASSUMED']],
    ['assumed: the upload month, with a warning', '台账.xlsx', '2026-11', ['W_MONTH_ASSUMED']],
  ])('%s', (_name, fileName, month, expected) => {
    const p = noMonth([{}], fileName);
    expect(p.registerMonth).toBe(month);
    expect(p.register[0]?.record.month).toBe(month);
    expect(codes(p)).toEqual(expected);
    if (expected.length) {
      expect(p.findings[0]).toMatchObject({
        severity: 'warning',
        sheet: '企业项目台账',
        row: null,
        column: null,
        value: fileName,
      });
      expect(p.findings[0]?.message).toContain('2026年11月');
      expect(p.register).toHaveLength(1);
    }
  });

  it('the column wins over the file name', () => {
    const p = checkWorkbook([registerSheet([registerRow({ 报送月份: '2026年8月' })])], {
      fileName: '2026-09.xlsx',
      uploadedMonth: '2026-11',
    });
    expect(p.registerMonth).toBe('2026-08');
    expect(p.findings).toEqual([]);
  });

  it.each([
    ['2026-10', '2026/10', '2026年10月', '202610'],
    ['2026-10', null, '', '2026-10'],
  ])('rows that agree in any form: %s %s %s %s', (...months) => {
    const p = checkWorkbook(
      [
        registerSheet(
          months.map((m, i) => registerRow({ 统一社会信用代码: null, 项目编号: `XM-${i}`, 报送月份: m })),
        ),
      ],
      CONTEXT,
    );
    expect(p.findings).toEqual([]);
    expect(p.registerMonth).toBe('2026-10');
    expect(p.register.map((r) => r.record.month)).toEqual(['2026-10', '2026-10', '2026-10', '2026-10']);
  });

  it('a blank 报送月份 column falls back to the file name', () => {
    const p = checkWorkbook([registerSheet([registerRow({ 报送月份: '' })])], {
      fileName: '2026-07-台账.xlsx',
      uploadedMonth: '2026-11',
    });
    expect(p.registerMonth).toBe('2026-07');
    expect(p.findings).toEqual([]);
  });

  it('mixed months are an error on each differing row', () => {
    const p = checkWorkbook(
      [
        registerSheet([
          registerRow({ 报送月份: '2026-10' }),
          registerRow({ 统一社会信用代码: VALID_USCC_2, 报送月份: '2026-09' }),
          registerRow({ 统一社会信用代码: null, 项目编号: 'XM-1', 报送月份: '2026-10' }),
        ]),
      ],
      CONTEXT,
    );
    expect(p.findings).toEqual([
      expect.objectContaining({
        code: 'E_MONTH_MIXED',
        severity: 'error',
        row: 3,
        column: 'O 报送月份',
        value: '2026-09',
        message: expect.stringContaining('第 2 行的 2026年10月'),
      }),
    ]);
    expect(p.registerMonth).toBe('2026-10');
    expect(p.register.map((r) => r.row)).toEqual([2, 4]);
  });

  it('mixed months across two register sheets are an error', () => {
    const p = checkWorkbook(
      [
        registerSheet([registerRow()], '台账一'),
        registerSheet([registerRow({ 统一社会信用代码: VALID_USCC_2, 报送月份: '2026-11' })], '台账二'),
      ],
      CONTEXT,
    );
    expect(p.findings).toEqual([
      expect.objectContaining({
        code: 'E_MONTH_MIXED',
        sheet: '台账二',
        message: expect.stringContaining('工作表“台账一”第 2 行'),
      }),
    ]);
  });

  it('a workbook without a register sheet has no register month and no warning', () => {
    const p = checkWorkbook(
      [
        grid('联系人', [
          ['单位', '邮箱'],
          ['径河街', 'a@b.cn'],
        ]),
      ],
      CONTEXT,
    );
    expect(p.registerMonth).toBeNull();
    expect(p.findings).toEqual([]);
  });
});

describe('duplicate keys', () => {
  it('identical rows are one row, with a warning', () => {
    const p = checkWorkbook([registerSheet([registerRow(), registerRow()])], CONTEXT);
    expect(p.findings).toEqual([
      expect.objectContaining({
        code: 'W_DUPLICATE_ROW',
        severity: 'warning',
        row: 3,
        column: 'A 统一社会信用代码',
        value: VALID_USCC,
      }),
    ]);
    expect(p.register.map((r) => r.row)).toEqual([2]);
    expect(p.sheets[0]).toMatchObject({ rowsRead: 2, rowsApplied: 1, errors: 0, warnings: 1 });
  });

  it('rows identical once read (是 and Y, 径河 and 径河街道) are identical', () => {
    const p = checkWorkbook(
      [
        registerSheet([
          registerRow(),
          registerRow({ 规上工业: 'Y', 所在街道: '径河街道', 统一社会信用代码: '91350100m000100y43' }),
        ]),
      ],
      CONTEXT,
    );
    expect(codes(p)).toEqual(['W_DUPLICATE_ROW']);
  });

  it('differing rows with one key are both flagged, each naming the other, and neither is read', () => {
    const p = checkWorkbook([registerSheet([registerRow(), registerRow({ 所在街道: '柏泉街' })])], CONTEXT);
    expect(p.findings).toEqual([
      expect.objectContaining({
        code: 'E_DUPLICATE_KEY',
        severity: 'error',
        row: 3,
        column: 'A 统一社会信用代码',
        message: expect.stringContaining('第 2 行'),
      }),
      expect.objectContaining({
        code: 'E_DUPLICATE_KEY',
        severity: 'error',
        row: 2,
        column: 'A 统一社会信用代码',
        message: expect.stringContaining('第 3 行'),
      }),
    ]);
    expect(p.register).toEqual([]);
    expect(p.sheets[0]).toMatchObject({ rowsRead: 2, rowsApplied: 0 });
  });

  it('a project code repeated is a duplicate too', () => {
    const row = { 统一社会信用代码: null, 项目编号: 'XM-1' };
    const p = checkWorkbook(
      [registerSheet([registerRow(row), registerRow({ ...row, 项目状态: '在建' })])],
      CONTEXT,
    );
    expect(p.findings).toEqual([
      expect.objectContaining({ code: 'E_DUPLICATE_KEY', row: 3, column: 'B 项目编号', value: 'XM-1' }),
      expect.objectContaining({ code: 'E_DUPLICATE_KEY', row: 2, column: 'B 项目编号', value: 'XM-1' }),
    ]);
  });

  it('one key on two register sheets is a duplicate', () => {
    const p = checkWorkbook(
      [
        registerSheet([registerRow()], '台账一'),
        registerSheet([registerRow({ 项目状态: '在建' })], '台账二'),
      ],
      CONTEXT,
    );
    expect(p.findings).toEqual([
      expect.objectContaining({
        code: 'E_DUPLICATE_KEY',
        sheet: '台账二',
        message: expect.stringContaining('台账一'),
      }),
      expect.objectContaining({
        code: 'E_DUPLICATE_KEY',
        sheet: '台账一',
        message: expect.stringContaining('台账二'),
      }),
    ]);
  });

  it('distinct keys are no duplicate', () => {
    const p = checkWorkbook(
      [registerSheet([registerRow(), registerRow({ 统一社会信用代码: VALID_USCC_2 })])],
      CONTEXT,
    );
    expect(p.findings).toEqual([]);
  });
});

describe('absent columns (a partial update)', () => {
  it('present lists only the columns the sheet has; absent required fields are placeholders', () => {
    const p = checkWorkbook(
      [
        grid('台账', [
          ['统一社会信用代码', '所在街道'],
          [VALID_USCC, '长青街'],
        ]),
      ],
      { fileName: '2026-10.xlsx', uploadedMonth: '2026-11' },
    );
    expect(p.findings).toEqual([]);
    expect(p.register[0]?.present).toEqual(['key', 'month', 'uscc', 'street']);
    expect(p.register[0]?.record).toMatchObject({
      key: VALID_USCC,
      street: 'changqing',
      month: '2026-10',
      recruiter: null,
    });
  });

  it('a register sheet without any key column is an error', () => {
    const p = checkWorkbook(
      [
        grid('台账', [
          ['企业名称', '项目状态', '所在街道'],
          ['甲', '在建', '长青街'],
        ]),
      ],
      CONTEXT,
    );
    expect(codes(p)).toContain('E_COLUMN_MISSING');
    expect(p.register).toEqual([]);
  });
});
