/**
 * in tables: everyday header names, letterhead unit names, stage words (and the
 * ambiguous ones), period words, the header placed however it is drawn, the rows around the
 * table, the month of a sheet, the nearest template column of an unknown header, 本年累计
 * compared with the year's months.
 */
import { describe, expect, it } from 'vitest';
import { aroundKindOf } from '#domain/registers/around';
import { checkWorkbook, findStage, matchHeader, normalizeHeader, STAGE_FORMS } from '#domain/registers/index';
import { placeHeader } from '#domain/registers/layout';
import { periodOf, splitPeriod } from '#domain/registers/periods';
import { monthOfSheetName, monthOfText, yearOfText } from '#domain/registers/sheet-month';
import { nearestColumns } from '#domain/registers/suggest';
import { sumOfYear, yearToDateFindings } from '#domain/registers/ytd';
import type { Month, ParsedWorkbook } from '#domain/types';
import { findUnit, UNITS } from '#domain/units';
import { uscc } from '../../corpus/build.ts';
import { cell, grid } from './helpers.ts';

const CONTEXT = { fileName: '2026-10-台账.xlsx', uploadedMonth: '2026-10' as Month };

describe('everyday header names', () => {
  it.each([
    ['属地街道', 'street'],
    ['项目属地', 'street'],
    ['所属街道', 'street'],
    ['所在地', 'street'],
    ['是否规上', 'aboveScale'],
    ['是否规上工业企业', 'aboveScale'],
    ['投产时间', 'completedOn'],
    ['投产日期', 'completedOn'],
    ['竣工投产时间', 'completedOn'],
    ['信用代码', 'uscc'],
    ['社会信用代码', 'uscc'],
    ['引进单位', 'recruiter'],
    ['招商引资单位', 'recruiter'],
    ['项目进展', 'stage'],
    ['建设状态', 'stage'],
    ['所属园区', 'zone'],
    ['所属行业', 'category'],
    ['企业名称', 'name'],
    ['项目名称', 'name'],
    // the district's own word for its streets and its town (新沟镇街), found with a register
    // laid out the way a street office does, not one the code was written against
    ['所在镇街', 'street'],
    ['属地镇街', 'street'],
    ['镇街', 'street'],
    ['统计归属镇街', 'statStreet'],
    ['原所在镇街', 'originStreet'],
    ['项目进度', 'stage'],
    ['建设进度', 'stage'],
    ['招商来源', 'recruiter'],
  ])('%s → %s', (header, field) => {
    expect(matchHeader(normalizeHeader(header), 'register')?.column.field).toBe(field);
  });
});

describe('unit names as written on letterheads', () => {
  it.each([
    ['长青街办事处', 'changqing'],
    ['长青街道办事处', 'changqing'],
    ['径河街道', 'jinghe'],
    ['区机电办', 'jidian'],
    ['机电办', 'jidian'],
    ['综保办', 'zongbao'],
    ['常青花园新区管理委员会', 'changqinghuayuan'],
    ['东西湖区慈惠街道办事处', 'cihui'],
    ['临空港经开区食品医药产业办', 'shipin'],
  ])('%s → %s', (name, id) => {
    expect(findUnit(name)?.id).toBe(id);
  });

  it('every unit but the bureau is found with the district before its name', () => {
    for (const unit of UNITS) {
      if (unit.kind === 'bureau') continue;
      for (const form of [unit.name, ...unit.aliases]) expect(findUnit(`区${form}`)?.id, form).toBe(unit.id);
    }
  });
});

describe('stage words', () => {
  it.each([
    ['已投产', 'built'],
    ['投产', 'built'],
    ['主体施工', 'building'],
    ['施工中', 'building'],
    ['前期洽谈', 'new'],
    ['洽谈中', 'new'],
  ])('%s → %s', (word, stage) => {
    expect(findStage(word)).toBe(stage);
  });

  it('已落地 could mean three stages: an error listing them, never a guess', () => {
    const p = checkWorkbook(
      [
        grid('台账', [
          ['统一社会信用代码', '企业名称', '项目状态', '所在街道'],
          [uscc(1), '甲公司', '已落地', '长青街'],
        ]),
      ],
      CONTEXT,
    );
    expect(p.findings).toEqual([
      expect.objectContaining({
        code: 'E_STAGE_AMBIGUOUS',
        row: 2,
        column: 'C 项目状态',
        message: expect.stringContaining(
          `${STAGE_FORMS.signed[0]}、${STAGE_FORMS.building[0]}、${STAGE_FORMS.built[0]}`,
        ),
      }),
    ]);
    expect(p.register).toEqual([]);
  });
});

describe('period words', () => {
  it.each([
    ['本月', 'month'],
    ['当月', 'month'],
    ['本月数', 'month'],
    ['本年累计', 'ytd'],
    ['1-10月累计', 'ytd'],
    ['1～10月', 'ytd'],
    ['累计', 'ytd'],
    ['上年同期', 'lastYear'],
    ['同比', 'growth'],
    ['同比增长（%）', 'growth'],
    ['营业收入', null],
  ])('%s → %s', (text, period) => {
    expect(periodOf(text)).toBe(period);
  });

  it.each([
    ['本月营业收入', '营业收入', 'month'],
    ['营业收入本年累计', '营业收入', 'ytd'],
    ['1-10月累计营业收入', '营业收入', 'ytd'],
    ['营业收入_本月', '营业收入', 'month'],
  ])('%s → %s, %s', (text, base, period) => {
    expect(splitPeriod(text)).toEqual({ base, period });
  });
});

describe('the header, however it is drawn', () => {
  it('a title, 填报单位 and 单位 rows above a two-level header with merges', () => {
    const g = {
      ...grid('指标', [
        ['2026年10月经济指标'],
        ['填报单位：径河街道', null, null, '单位：万元'],
        ['统一社会信用代码', '营业收入', null, '备注'],
        [null, '本月', '本年累计', null],
        [uscc(1), 10, 100, null],
      ]),
      merges: [
        { s: { r: 0, c: 0 }, e: { r: 0, c: 3 } },
        { s: { r: 2, c: 1 }, e: { r: 2, c: 2 } },
        { s: { r: 2, c: 0 }, e: { r: 3, c: 0 } },
        { s: { r: 2, c: 3 }, e: { r: 3, c: 3 } },
      ],
    };
    const p = placeHeader(g);
    expect(p).toMatchObject({ headerRow: 2, subRow: 3, unitAbove: '万元' });
    expect(p?.columns.map((c) => [c.index, c.text, c.written, c.period])).toEqual([
      [0, '统一社会信用代码', '统一社会信用代码', null],
      [1, '营业收入', '营业收入/本月', 'month'],
      [2, '营业收入', '营业收入/本年累计', 'ytd'],
      [3, '备注', '备注', null],
    ]);
  });

  it('a group label over register sub-headers (项目基本情况): no column is called missing', () => {
    const g = {
      ...grid('台账', [
        ['序号', '项目基本情况', null, null, '所在街道'],
        [null, '统一社会信用代码', '企业名称', '项目状态', null],
        [1, uscc(1), '甲公司', '在建', '长青街'],
      ]),
      merges: [
        { s: { r: 0, c: 1 }, e: { r: 0, c: 3 } },
        { s: { r: 0, c: 0 }, e: { r: 1, c: 0 } },
        { s: { r: 0, c: 4 }, e: { r: 1, c: 4 } },
      ],
    };
    const p = checkWorkbook([g], CONTEXT);
    expect(p.findings).toEqual([]);
    expect(p.register.map((r) => [r.row, r.record.stage, r.record.street])).toEqual([
      [3, 'building', 'changqing'],
    ]);
  });

  it('a title row alone is no group row', () => {
    expect(
      placeHeader(grid('x', [['台账'], ['统一社会信用代码', '所在街道'], [uscc(1), '长青街']])),
    ).toMatchObject({
      headerRow: 1,
      subRow: null,
    });
  });
});

describe('the rows around the table', () => {
  it.each([
    [['合计', null, 100], 'total'],
    [[null, '合 计', 100], 'total'],
    [['小计'], 'subtotal'],
    [['总计'], 'total'],
    [['注：本表每月报送'], 'note'],
    [['说明：金额单位万元'], 'note'],
    [['填表人：张三', '审核人：李四'], 'signature'],
    [['联系电话：83891234'], 'signature'],
    [[1, uscc(1), '注册公司'], null],
    [['全区合计', 2026, 1], null],
  ])('%j → %s', (row, kind) => {
    expect(aroundKindOf(row.map(cell))).toBe(kind);
  });

  it('合计 rows are checked against the column sums', () => {
    const p = checkWorkbook(
      [
        grid('台账', [
          ['统一社会信用代码', '企业名称', '所在街道'],
          [uscc(1), '甲', '长青街'],
          [uscc(2), '乙', '长青街'],
        ]),
        grid('指标', [
          ['统一社会信用代码', '月份', '营业收入'],
          [uscc(1), '2026-10', 1],
          [uscc(2), '2026-10', 2],
          ['合计', null, 4],
        ]),
      ],
      CONTEXT,
    );
    expect(p.findings.map((f) => [f.code, f.sheet, f.row, f.column])).toEqual([
      ['W_TOTAL_MISMATCH', '指标', 4, 'C 营业收入'],
      ['W_ROWS_SKIPPED', '指标', 4, null],
    ]);
    expect(p.indicators).toHaveLength(2);
  });
});

describe('the month of a sheet', () => {
  it.each([
    ['8月', { year: null, month: 8 }],
    ['08月份', { year: null, month: 8 }],
    ['九月', { year: null, month: 9 }],
    ['2026年8月', { year: 2026, month: 8 }],
    ['2026-08', { year: 2026, month: 8 }],
    ['10月台账', { year: null, month: 10 }],
    ['1-10月指标', null],
    ['台账', null],
  ])('%s → %j', (name, month) => {
    expect(monthOfSheetName(name)).toEqual(month);
  });

  it('a title with the year only gives a year, not a month', () => {
    expect(monthOfText('2026年企业台账')).toBeNull();
    expect(yearOfText('2026年企业台账')).toBe(2026);
  });

  it('a sheet named 8月 with no year anywhere is an error', () => {
    const p = checkWorkbook(
      [
        grid('8月', [
          ['统一社会信用代码', '企业名称', '项目状态', '所在街道'],
          [uscc(1), '甲', '在建', '长青街'],
        ]),
      ],
      { fileName: '台账.xlsx', uploadedMonth: '2026-10' },
    );
    expect(p.findings.map((f) => [f.code, f.sheet])).toEqual([['E_MONTH_MISSING', '8月']]);
  });
});

describe('an unknown header names the nearest template column', () => {
  it.each([
    ['属地', 'register', '所在街道'],
    ['招商引资责任单位', 'register', '招商单位'],
  ] as const)('%s → %s', (header, kind, near) => {
    expect(nearestColumns(header, kind)).toContain(near);
  });
});

describe('本年累计 against the year’s months', () => {
  const parsed = (ytd: string, month: Month): ParsedWorkbook => ({
    registerMonth: null,
    register: [],
    indicators: [],
    targets: [],
    contacts: [],
    findings: [],
    sheets: [],
    yearToDate: [
      {
        sheet: '指标',
        row: 3,
        column: 'D 营业收入/本年累计',
        key: 'K',
        month,
        indicator: 'revenue',
        value: ytd,
      },
    ],
  });
  const known = (key: string, month: string) =>
    key === 'K' && month <= '2026-03' ? { revenue: month === '2026-02' ? null : '10.5' } : undefined;

  it('the sum of January up to the month (a blank month counts nothing)', () => {
    expect(sumOfYear('K', '2026-03', 'revenue', known)).toBe('21');
    expect(sumOfYear('K', '2026-04', 'revenue', known)).toBeNull();
  });
  it.each([
    ['21', '2026-03', []],
    ['21.5', '2026-03', ['W_YTD_MISMATCH']],
    ['50', '2026-04', ['W_YTD_IGNORED']],
  ] as [string, Month, string[]][])('本年累计 %s in %s → %j', (value, month, codes) => {
    expect(yearToDateFindings(parsed(value, month), known).map((f) => f.code)).toEqual(codes);
  });
});
