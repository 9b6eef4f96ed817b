import { describe, expect, it } from 'vitest';
import { ValidationError } from '#domain/errors';
import { checkAgainstStore, checkWorkbook, mergeVersion, previousVersion } from '#domain/registers/index';
import type { Month, ParsedWorkbook, RegisterRecord, RegisterRow } from '#domain/types';
import { r } from '../../cases/record.ts';
import { CONTEXT, grid, type Raw, registerRow, registerSheet, VALID_USCC, VALID_USCC_2 } from './helpers.ts';

function stored(over: Partial<RegisterRecord> = {}): RegisterRecord {
  return r({
    key: VALID_USCC,
    name: '武汉测试有限公司',
    recruiter: 'jidian',
    street: 'jinghe',
    statStreet: 'jinghe',
    aboveScale: true,
    category: '智能装备制造',
    completedOn: '2018-03-01',
    month: '2026-09',
    note: '旧备注',
    ...over,
  });
}

const store = (...records: RegisterRecord[]) => {
  const map = new Map<string, RegisterRecord[]>();
  for (const r of records) map.set(r.key, [...(map.get(r.key) ?? []), r]);
  return map;
};

const IND = ['统一社会信用代码', '企业（项目）名称', '月份', '营业收入'];
const indicatorSheet = (rows: Raw[][]) => grid('月度经济指标', [IND, ...rows]);

describe('mergeVersion', () => {
  const partial = (header: string[], row: Raw[]): RegisterRow => {
    const p = checkWorkbook([grid('台账', [header, row])], {
      fileName: '2026-10.xlsx',
      uploadedMonth: '2026-11',
    });
    expect(p.findings.filter((f) => f.severity === 'error')).toEqual([]);
    return p.register[0] as RegisterRow;
  };

  it("an absent column keeps the previous value; key and month are the row's", () => {
    const row = partial(['统一社会信用代码', '所在街道'], [VALID_USCC, '柏泉街']);
    expect(mergeVersion(stored(), row)).toEqual({ ...stored(), street: 'baiquan', month: '2026-10' });
  });

  it('a present blank cell clears an optional field', () => {
    const row = partial(
      ['统一社会信用代码', '所在街道', '统计归属街道', '备注', '产业类别', '规上工业', '建成投产日期'],
      [VALID_USCC, '径河街', '', null, '　', '', ''],
    );
    expect(mergeVersion(stored(), row)).toEqual({
      ...stored(),
      statStreet: null,
      note: null,
      category: null,
      aboveScale: false,
      completedOn: null,
      month: '2026-10',
    });
  });

  it('a full row replaces every field', () => {
    const row = checkWorkbook([registerSheet([registerRow({ 所在街道: '柏泉街', 备注: '新' })])], CONTEXT)
      .register[0] as RegisterRow;
    expect(mergeVersion(stored(), row)).toEqual(row.record);
  });

  it('without a previous version: the row with defaults for absent optional columns', () => {
    const row = partial(
      ['统一社会信用代码', '企业名称', '项目状态', '所在街道'],
      [VALID_USCC, '甲', '在建', '长青街'],
    );
    expect(mergeVersion(null, row)).toEqual({
      key: VALID_USCC,
      uscc: VALID_USCC,
      projectCode: null,
      name: '甲',
      stage: 'building',
      recruiter: null,
      street: 'changqing',
      statStreet: null,
      zone: null,
      keyProject: null,
      movement: null,
      originStreet: null,
      aboveScale: false,
      category: null,
      completedOn: null,
      month: '2026-10',
      note: null,
    });
  });

  it.each([
    ['名称', ['统一社会信用代码', '项目状态', '所在街道'], [VALID_USCC, '在建', '长青街']],
    ['项目状态', ['统一社会信用代码', '企业名称', '所在街道'], [VALID_USCC, '甲', '长青街']],
    ['所在街道', ['统一社会信用代码', '企业名称', '项目状态'], [VALID_USCC, '甲', '在建']],
  ])('without a previous version and without the %s column: ValidationError', (header, h, r) => {
    const row = partial(h, r);
    expect(() => mergeVersion(null, row)).toThrow(ValidationError);
    expect(() => mergeVersion(null, row)).toThrow(header);
  });
});

describe('previousVersion', () => {
  const v = (month: Month, note: string) => stored({ month, note });
  it.each<[string, RegisterRecord[], Month, string | null]>([
    ['none', [], '2026-10', null],
    ['the same month', [v('2026-10', 'a')], '2026-10', 'a'],
    ['the latest earlier', [v('2026-07', 'a'), v('2026-09', 'b'), v('2026-08', 'c')], '2026-10', 'b'],
    ['a later one is not previous', [v('2026-09', 'a'), v('2026-11', 'b')], '2026-10', 'a'],
    ['only later ones: the earliest', [v('2026-12', 'a'), v('2026-11', 'b')], '2026-10', 'b'],
    [
      'an earlier upload of the same month counts as earlier',
      [v('2026-10', 'first'), v('2026-10', 'second')],
      '2026-10',
      'second',
    ],
  ])('%s', (_name, versions, month, note) => {
    expect(previousVersion(versions, month)?.note ?? null).toBe(note);
  });
});

describe('checkAgainstStore', () => {
  const run = (sheets: Parameters<typeof checkWorkbook>[0], map = new Map<string, RegisterRecord[]>()) => {
    const parsed = checkWorkbook(sheets, CONTEXT);
    expect(parsed.findings.filter((f) => f.severity === 'error')).toEqual([]);
    return checkAgainstStore(parsed, map);
  };

  it('an indicators row whose key is stored, or registered in this workbook, is known', () => {
    expect(run([indicatorSheet([[VALID_USCC, null, '2026-10', 1]])], store(stored()))).toEqual([]);
    expect(run([registerSheet([registerRow()]), indicatorSheet([[VALID_USCC, null, '2026-10', 1]])])).toEqual(
      [],
    );
  });

  it('an indicators row whose key is in neither → E_UNKNOWN_ENTERPRISE, once per key and sheet', () => {
    const findings = run(
      [
        indicatorSheet([
          [VALID_USCC_2, '乙', '2026-09', 1],
          [VALID_USCC_2, '乙', '2026-10', 1],
          [VALID_USCC, null, '2026-10', 1],
        ]),
      ],
      store(stored()),
    );
    expect(findings).toEqual([
      {
        code: 'E_UNKNOWN_ENTERPRISE',
        severity: 'error',
        sheet: '月度经济指标',
        row: 2,
        column: 'A 统一社会信用代码',
        value: VALID_USCC_2,
        message: expect.stringContaining('本表共 2 行'),
      },
    ]);
  });

  it('a key whose register row had errors is not called unknown', () => {
    const parsed = checkWorkbook(
      [
        registerSheet([registerRow({ 所在街道: '长清街' })]),
        indicatorSheet([[VALID_USCC, null, '2026-10', 1]]),
      ],
      CONTEXT,
    );
    expect(parsed.findings.map((f) => f.code)).toEqual(['E_UNKNOWN_UNIT']);
    expect(checkAgainstStore(parsed, new Map())).toEqual([]);
  });

  it('without the side information (a workbook from JSON) the register rows still count', () => {
    const parsed = checkWorkbook(
      [registerSheet([registerRow()]), indicatorSheet([[VALID_USCC, null, '2026-10', 1]])],
      CONTEXT,
    );
    const copy = JSON.parse(JSON.stringify(parsed)) as ParsedWorkbook;
    expect(checkAgainstStore(copy, new Map())).toEqual([]);
  });

  it.each<[string, string | null, string | null, string | null]>([
    ['the same name', '武汉测试有限公司', null, null],
    ['the same name, spaces and full-width aside', ' 武汉测试有限公司　', null, null],
    ['no name', null, null, null],
    ['another name → W_NAME_MISMATCH', '武汉别的公司', '武汉测试有限公司', 'W_NAME_MISMATCH'],
  ])('indicator name vs stored name: %s', (_name, name, registered, code) => {
    const findings = run(
      [
        indicatorSheet([
          [VALID_USCC, name, '2026-10', 1],
          [VALID_USCC, name, '2026-09', 1],
        ]),
      ],
      store(stored()),
    );
    expect(findings.map((f) => f.code)).toEqual(code ? [code] : []);
    if (code) {
      expect(findings[0]).toMatchObject({
        severity: 'warning',
        row: 2,
        column: 'B 企业（项目）名称',
        value: name,
      });
      expect(findings[0]?.message).toContain(registered as string);
    }
  });

  it("the workbook's register name wins over the stored one", () => {
    const findings = run(
      [
        registerSheet([registerRow({ '企业（项目）名称': '武汉新名称有限公司' })]),
        indicatorSheet([[VALID_USCC, '武汉新名称有限公司', '2026-10', 1]]),
      ],
      store(stored()),
    );
    expect(findings).toEqual([]);
  });

  it.each<[string, Partial<RegisterRecord>, Record<string, Raw>, string[]]>([
    [
      'a 扩产 row keyed by an enterprise stored at originStreet',
      { street: 'jinghe' },
      { 扩产搬迁: '扩产', 原所在街道: '径河街', 所在街道: '新沟镇街', 招商单位: null },
      ['W_EXPANSION_SAME_KEY'],
    ],
    [
      'a 扩产 row, the enterprise stored elsewhere',
      { street: 'baiquan' },
      { 扩产搬迁: '扩产', 原所在街道: '径河街', 所在街道: '新沟镇街', 招商单位: null },
      [],
    ],
    [
      'a 搬迁 row of a stored enterprise',
      { street: 'jinghe' },
      { 扩产搬迁: '搬迁', 原所在街道: '径河街', 所在街道: '新沟镇街', 招商单位: null },
      [],
    ],
    [
      'a 扩产 row, nothing stored',
      {},
      { 扩产搬迁: '扩产', 原所在街道: '径河街', 所在街道: '新沟镇街', 招商单位: null },
      [],
    ],
    [
      'an expansion already stored at the new street (a re-upload)',
      { street: 'xingouzhen', movement: 'expansion', originStreet: 'jinghe' },
      { 扩产搬迁: '扩产', 原所在街道: '径河街', 所在街道: '新沟镇街', 招商单位: null },
      [],
    ],
  ])('%s', (name, storedOver, rowOver, expected) => {
    const map = name.includes('nothing stored') ? new Map() : store(stored(storedOver));
    const findings = run([registerSheet([registerRow(rowOver)])], map);
    expect(findings.map((f) => f.code)).toEqual(expected);
    if (expected.length) {
      expect(findings[0]).toMatchObject({
        severity: 'warning',
        sheet: '企业项目台账',
        row: 2,
        column: 'A 统一社会信用代码',
        value: VALID_USCC,
      });
      expect(findings[0]?.message).toMatch(/搬迁/);
    }
  });

  it('a 扩产 movement kept from the stored version (column absent) is checked too', () => {
    const findings = run(
      [
        grid('台账', [
          ['统一社会信用代码', '所在街道'],
          [VALID_USCC, '新沟镇街'],
        ]),
      ],
      store(stored({ movement: 'expansion', originStreet: 'jinghe', street: 'jinghe' })),
    );
    expect(findings.map((f) => f.code)).toEqual(['W_EXPANSION_SAME_KEY']);
  });

  it.each<[string, string[], Raw[], string[]]>([
    [
      'a new street against a stored 中小企业城',
      ['统一社会信用代码', '所在街道'],
      [VALID_USCC, '径河街'],
      ['E_ZONE_STREET'],
    ],
    [
      'a new zone against a stored street',
      ['统一社会信用代码', '所在园区', '项目状态'],
      [VALID_USCC, '中小企业城', '在建'],
      ['E_ZONE_STREET'],
    ],
    ['a new street that fits the stored zone', ['统一社会信用代码', '所在街道'], [VALID_USCC, '慈惠街'], []],
  ])('the merged version is checked for zone and street: %s', (_name, header, row, expected) => {
    const parsed = checkWorkbook([grid('台账', [header, row])], {
      fileName: '2026-10.xlsx',
      uploadedMonth: '2026-11',
    });
    expect(parsed.findings).toEqual([]);
    const previous = stored(
      header.includes('所在园区') ? { street: 'jinghe' } : { zone: 'sme-city', street: 'cihui' },
    );
    const findings = checkAgainstStore(parsed, store(previous));
    expect(findings.map((f) => f.code)).toEqual(expected);
    if (expected.length)
      expect(findings[0]).toMatchObject({ severity: 'error', row: 2, column: 'A 统一社会信用代码' });
  });

  it.each<[string, string[], Raw[], string[]]>([
    [
      '名称',
      ['统一社会信用代码', '项目状态', '所在街道'],
      [VALID_USCC_2, '在建', '长青街'],
      ['E_NAME_MISSING'],
    ],
    [
      '项目状态',
      ['统一社会信用代码', '企业名称', '所在街道'],
      [VALID_USCC_2, '甲', '长青街'],
      ['E_STAGE_UNKNOWN'],
    ],
    [
      '所在街道',
      ['统一社会信用代码', '企业名称', '项目状态'],
      [VALID_USCC_2, '甲', '在建'],
      ['E_STREET_MISSING'],
    ],
    [
      '名称 and 项目状态',
      ['统一社会信用代码', '所在街道'],
      [VALID_USCC_2, '长青街'],
      ['E_NAME_MISSING', 'E_STAGE_UNKNOWN'],
    ],
  ])(
    'a new record on a sheet without the %s column → error; a stored one is fine',
    (_name, header, row, expected) => {
      const sheets = [grid('台账', [header, row])];
      const parsed = checkWorkbook(sheets, { fileName: '2026-10.xlsx', uploadedMonth: '2026-11' });
      const findings = checkAgainstStore(parsed, new Map());
      expect(findings.map((f) => f.code)).toEqual(expected);
      expect(findings[0]).toMatchObject({
        severity: 'error',
        sheet: '台账',
        row: 2,
        column: 'A 统一社会信用代码',
        value: VALID_USCC_2,
      });
      expect(checkAgainstStore(parsed, store(stored({ key: VALID_USCC_2, uscc: VALID_USCC_2 })))).toEqual([]);
    },
  );
});
