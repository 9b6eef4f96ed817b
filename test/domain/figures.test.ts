/**
 * Figures merge cell by cell (domain/figures.ts): how a cell is read (absent column, empty,
 * every "nothing reported" mark, a text "-", a typed 0, 撤回), how a row merges into the stored
 * figures, and who may send a row that withdraws or changes nothing. Case tables; the
 * property over random uploads through the ingest handler is
 * test/functions/ingest/figures-merge.test.ts.
 */

import { describe, expect, it } from 'vitest';
import { emptyWorkbook } from '#adapters/dynamodb-items';
import { contextFromVersions, judgeUpload } from '#domain/authority/index';
import { rulesOf } from '#domain/decisions';
import { type GivenFigures, givesNothing, mergeFigures, type StoredFigures } from '#domain/figures';
import { INDICATOR_IDS } from '#domain/indicators';
import { newestPolicy, POLICIES } from '#domain/policy/index';
import { checkWorkbook } from '#domain/registers/index';
import { templateSpec } from '#domain/registers/template';
import type { ParsedWorkbook } from '#domain/types';
import type { UnitId } from '#domain/units';
import { r } from '../cases/record.ts';
import { CONTEXT, grid, type Raw, VALID_USCC } from './registers/helpers.ts';

const HEADER = ['统一社会信用代码', '月份', '营业收入（万元）', '税收收入（万元）'];
const sheet = (rows: Raw[][], header: string[] = HEADER): ParsedWorkbook =>
  checkWorkbook([grid('月度经济指标', [header, ...rows])], CONTEXT);
const codes = (p: ParsedWorkbook) => p.findings.map((f) => f.code);

describe('a cell as read', () => {
  const cases: {
    name: string;
    cell: Raw;
    revenue: string | null;
    withdrawn?: string[];
    findings: string[];
  }[] = [
    { name: 'empty', cell: null, revenue: null, findings: [] },
    { name: 'spaces only', cell: '  ', revenue: null, findings: [] },
    { name: '— (em dash)', cell: '—', revenue: null, findings: [] },
    { name: '—— (double em dash)', cell: '——', revenue: null, findings: [] },
    { name: '– (en dash)', cell: '–', revenue: null, findings: [] },
    { name: '/', cell: '/', revenue: null, findings: [] },
    { name: '／ (full width)', cell: '／', revenue: null, findings: [] },
    { name: '无', cell: '无', revenue: null, findings: [] },
    { name: '未报', cell: '未报', revenue: null, findings: [] },
    { name: '未报送', cell: '未报送', revenue: null, findings: [] },
    {
      name: 'a text "-": blank, with one warning',
      cell: '-',
      revenue: null,
      findings: ['W_DASH_READ_AS_BLANK'],
    },
    {
      name: 'a text " - " (accounting export)',
      cell: ' - ',
      revenue: null,
      findings: ['W_DASH_READ_AS_BLANK'],
    },
    { name: 'a full-width "－"', cell: '－', revenue: null, findings: ['W_DASH_READ_AS_BLANK'] },
    { name: 'a typed 0 is 0', cell: 0, revenue: '0', findings: [] },
    { name: 'a text 0 is 0', cell: '0', revenue: '0', findings: [] },
    { name: 'a number', cell: 12.5, revenue: '12.5', findings: [] },
    { name: '撤回', cell: '撤回', revenue: null, withdrawn: ['revenue'], findings: ['W_FIGURE_WITHDRAWN'] },
    {
      name: '撤回 with spaces',
      cell: ' 撤 回 ',
      revenue: null,
      withdrawn: ['revenue'],
      findings: ['W_FIGURE_WITHDRAWN'],
    },
    { name: 'other text is an error', cell: '待定', revenue: null, findings: ['E_NUMBER'] },
  ];
  it.each(cases)('$name', (c) => {
    const p = sheet([[VALID_USCC, '2026-10', c.cell, 3]]);
    expect(codes(p)).toEqual(c.findings);
    if (c.findings.includes('E_NUMBER')) return;
    expect(p.indicators).toHaveLength(1);
    expect(p.indicators[0]?.values).toEqual({ revenue: c.revenue, tax: '3' });
    expect(p.indicators[0]?.withdrawn).toEqual(c.withdrawn);
  });

  it('an absent column gives no key at all', () => {
    const p = sheet([[VALID_USCC, '2026-10', 3]], ['统一社会信用代码', '月份', '税收收入（万元）']);
    expect(p.findings).toEqual([]);
    expect(p.indicators[0]?.values).toEqual({ tax: '3' });
  });

  it('text "-" cells: one W_DASH_READ_AS_BLANK per sheet, naming how many and the first', () => {
    const p = sheet([
      [VALID_USCC, '2026-09', 1, '-'],
      [VALID_USCC, '2026-10', '-', '-'],
    ]);
    expect(codes(p)).toEqual(['W_DASH_READ_AS_BLANK']);
    expect(p.findings[0]).toMatchObject({ row: 2, column: 'D 税收收入（万元）', value: '-' });
    expect(p.findings[0]?.message).toContain('有 3 个单元格填写“-”');
    expect(p.findings[0]?.message).toContain('会计格式');
  });

  it('撤回 in one cell: that figure; the row’s other figures are read', () => {
    const p = sheet([[VALID_USCC, '2026-10', '撤回', 3]]);
    expect(p.indicators[0]).toMatchObject({ values: { revenue: null, tax: '3' }, withdrawn: ['revenue'] });
    expect(p.findings).toEqual([
      expect.objectContaining({
        code: 'W_FIGURE_WITHDRAWN',
        severity: 'warning',
        row: 2,
        column: 'C 营业收入（万元）',
        value: '撤回',
      }),
    ]);
    expect(p.findings[0]?.message).toContain('本行其他列照常导入');
  });

  it('撤回 in every indicator column: one W_FIGURE_WITHDRAWN per cell, saying the whole month', () => {
    const p = sheet([[VALID_USCC, '2026-10', '撤回', '撤回']]);
    expect(p.indicators[0]).toMatchObject({ withdrawn: ['revenue', 'tax'] });
    expect(codes(p)).toEqual(['W_FIGURE_WITHDRAWN', 'W_FIGURE_WITHDRAWN']);
    for (const f of p.findings) expect(f.message).toContain('2026年10月已保存的全部数值');
  });

  it('targets read the same marks and 撤回', () => {
    const p = checkWorkbook(
      [
        grid('年度目标', [
          ['单位', '年度', '营业收入（万元）', '税收收入（万元）'],
          ['长青街', 2026, '撤回', '无'],
          ['径河街', 2026, '-', 5],
        ]),
      ],
      CONTEXT,
    );
    expect(codes(p)).toEqual(['W_FIGURE_WITHDRAWN', 'W_DASH_READ_AS_BLANK']);
    expect(p.targets.map((t) => [t.unit, t.values, t.withdrawn])).toEqual([
      ['changqing', { revenue: null, tax: null }, ['revenue']],
      ['jinghe', { revenue: null, tax: '5' }, undefined],
    ]);
  });
});

describe('a row merged into the stored figures (mergeFigures)', () => {
  const STORED: StoredFigures = {
    revenue: { value: '10', source: 'A' },
    tax: { value: '1', source: 'A' },
    fdi: { value: null, source: 'A' },
  };
  const earlier = () => true;
  const cases: {
    name: string;
    row: GivenFigures;
    source?: string;
    /** The stored cells' contents come after this upload in upload order. */
    laterHolder?: boolean;
    after: Record<string, [string | null, string]>;
    changes: number;
  }[] = [
    {
      name: 'absent columns change nothing',
      row: { values: {} },
      after: { revenue: ['10', 'A'], tax: ['1', 'A'], fdi: [null, 'A'] },
      changes: 0,
    },
    {
      name: 'an empty cell or a mark (read as null) changes nothing',
      row: { values: { revenue: null, tax: null } },
      after: { revenue: ['10', 'A'], tax: ['1', 'A'], fdi: [null, 'A'] },
      changes: 0,
    },
    {
      name: 'a figure sets that cell only',
      row: { values: { revenue: '12', tax: null } },
      after: { revenue: ['12', 'B'], tax: ['1', 'A'], fdi: [null, 'A'] },
      changes: 1,
    },
    {
      name: 'a typed 0 is 0',
      row: { values: { revenue: '0' } },
      after: { revenue: ['0', 'B'], tax: ['1', 'A'], fdi: [null, 'A'] },
      changes: 1,
    },
    {
      name: 'a new cell is added',
      row: { values: { trade: '7' } },
      after: { revenue: ['10', 'A'], tax: ['1', 'A'], fdi: [null, 'A'], trade: ['7', 'B'] },
      changes: 1,
    },
    {
      name: 'a withdrawn cell is reported again',
      row: { values: { fdi: '2' } },
      after: { revenue: ['10', 'A'], tax: ['1', 'A'], fdi: ['2', 'B'] },
      changes: 1,
    },
    {
      name: 'the same figure from a later upload: kept, now set by it',
      row: { values: { revenue: '10' } },
      after: { revenue: ['10', 'B'], tax: ['1', 'A'], fdi: [null, 'A'] },
      changes: 1,
    },
    {
      name: 'the same figure from the same content (the file again): nothing',
      row: { values: { revenue: '10', tax: '1' } },
      source: 'A',
      after: { revenue: ['10', 'A'], tax: ['1', 'A'], fdi: [null, 'A'] },
      changes: 0,
    },
    {
      name: '撤回 one cell: 未报, the others kept',
      row: { values: { revenue: null, tax: '2' }, withdrawn: ['revenue'] },
      after: { revenue: [null, 'B'], tax: ['2', 'B'], fdi: [null, 'A'] },
      changes: 2,
    },
    {
      name: '撤回 in every given column: the whole enterprise-month, columns the sheet lacks included',
      row: { values: { revenue: null }, withdrawn: ['revenue'] },
      after: Object.fromEntries(INDICATOR_IDS.map((id) => [id, [null, 'B']])),
      changes: INDICATOR_IDS.length,
    },
    {
      name: '撤回 of a cell never reported: stays 未报, the withdrawal recorded (a late earlier figure cannot return)',
      row: { values: { trade: null, revenue: '10' }, withdrawn: ['trade'] },
      source: 'A',
      after: { revenue: ['10', 'A'], tax: ['1', 'A'], fdi: [null, 'A'], trade: [null, 'A'] },
      changes: 1,
    },
    {
      name: '撤回 of a cell the same content withdrew changes nothing',
      row: { values: { fdi: null, revenue: '10' }, withdrawn: ['fdi'] },
      source: 'A',
      after: { revenue: ['10', 'A'], tax: ['1', 'A'], fdi: [null, 'A'] },
      changes: 0,
    },
    {
      name: '撤回 of a cell an earlier upload withdrew: now withdrawn by this one',
      row: { values: { fdi: null, revenue: null }, withdrawn: ['fdi'] },
      after: { revenue: ['10', 'A'], tax: ['1', 'A'], fdi: [null, 'B'] },
      changes: 1,
    },
    {
      name: 'a cell held by a LATER upload is kept (an earlier upload planned after it)',
      row: { values: { revenue: '99', tax: null }, withdrawn: ['tax'] },
      laterHolder: true,
      after: { revenue: ['10', 'A'], tax: ['1', 'A'], fdi: [null, 'A'] },
      changes: 0,
    },
  ];
  it.each(cases)('$name', (c) => {
    const isEarlier = c.laterHolder ? () => false : earlier;
    const { figures, changes } = mergeFigures(STORED, c.row, c.source ?? 'B', isEarlier);
    const seen = Object.fromEntries(Object.entries(figures).map(([k, f]) => [k, [f.value, f.source]]));
    expect(seen).toEqual(c.after);
    expect(changes).toHaveLength(c.changes);
  });

  it('nothing stored: a figure is set, a withdrawal is recorded as 未报', () => {
    expect(mergeFigures(undefined, { values: { revenue: '1' } }, 'B', earlier).figures).toEqual({
      revenue: { value: '1', source: 'B' },
    });
    expect(
      mergeFigures(undefined, { values: { revenue: null }, withdrawn: ['revenue'] }, 'B', earlier).figures,
    ).toEqual(Object.fromEntries(INDICATOR_IDS.map((id) => [id, { value: null, source: 'B' }])));
  });

  it('any order of planning gives the same figures (each cell: the latest upload giving it)', () => {
    const rows: [string, GivenFigures][] = [
      ['1', { values: { revenue: '1', tax: '1' } }],
      ['2', { values: { revenue: null }, withdrawn: ['revenue'] }],
      ['3', { values: { tax: null, revenue: null }, withdrawn: ['tax'] }],
      ['4', { values: { tax: '4', fai: null } }],
    ];
    const plan = (order: [string, GivenFigures][]) => {
      let figures: StoredFigures | undefined;
      for (const [source, row] of order)
        figures = mergeFigures(figures, row, source, (holder) => holder < source).figures;
      return figures;
    };
    const expected = plan(rows);
    expect(expected?.revenue).toEqual({ value: null, source: '2' });
    expect(expected?.tax).toEqual({ value: '4', source: '4' });
    for (const order of [[...rows].reverse(), [rows[2], rows[0], rows[3], rows[1]]] as [
      string,
      GivenFigures,
    ][][])
      expect(plan(order)).toEqual(expected);
  });
  it.each([
    [{ values: {} }, true],
    [{ values: { revenue: null, tax: null } }, true],
    [{ values: { revenue: '0' } }, false],
    [{ values: { revenue: null }, withdrawn: ['revenue'] }, false],
  ] as [GivenFigures, boolean][])('givesNothing(%j) is %s', (row, expected) => {
    expect(givesNothing(row)).toBe(expected);
  });
});

describe('who may send a row (authority)', () => {
  const K = '91420112MA0000031A';
  // Served and carried by 金银湖街 (the rules: a local enterprise of the street).
  const version = r({ key: K, uscc: K, street: 'jinyinhu', month: '2026-01' });
  const context = contextFromVersions((key) => (key === K ? [version] : undefined), rulesOf(POLICIES));
  const judge = (uploader: UnitId, values: Record<string, string | null>, withdrawn?: string[]) =>
    judgeUpload(
      uploader,
      emptyWorkbook({
        indicators: [
          {
            key: K,
            month: '2026-10',
            values,
            ...(withdrawn ? { withdrawn } : {}),
            sheet: '指标',
            row: 2,
            name: null,
          },
        ],
      }),
      context,
    ).findings.map((f) => f.code);
  const cases: {
    name: string;
    uploader: UnitId;
    values: Record<string, string | null>;
    withdrawn?: string[];
    refused: boolean;
  }[] = [
    { name: 'the carrier gives a figure', uploader: 'jinyinhu', values: { revenue: '1' }, refused: false },
    { name: 'another street gives a figure', uploader: 'changqing', values: { revenue: '1' }, refused: true },
    {
      name: 'another street sends a row of marks only',
      uploader: 'changqing',
      values: { revenue: null, tax: null },
      refused: false,
    },
    {
      name: 'an office sends a row without indicator columns',
      uploader: 'jidian',
      values: {},
      refused: false,
    },
    {
      name: 'the carrier withdraws',
      uploader: 'jinyinhu',
      values: { revenue: null },
      withdrawn: ['revenue'],
      refused: false,
    },
    {
      name: 'the bureau withdraws',
      uploader: 'bureau',
      values: { revenue: null },
      withdrawn: ['revenue'],
      refused: false,
    },
    {
      name: 'another street withdraws: refused like a figure',
      uploader: 'changqing',
      values: { revenue: null, tax: null },
      withdrawn: ['revenue'],
      refused: true,
    },
    { name: 'the bureau gives a figure', uploader: 'bureau', values: { revenue: '1' }, refused: false },
  ];
  it.each(cases)('$name', (c) => {
    expect(judge(c.uploader, c.values, c.withdrawn)).toEqual(c.refused ? ['E_NOT_YOURS_INDICATORS'] : []);
  });

  it('targets: a row that changes nothing is anyone’s; 撤回 is the bureau’s', () => {
    const targets = (values: Record<string, string | null>, withdrawn?: string[]) =>
      judgeUpload(
        'changqing',
        emptyWorkbook({
          targets: [
            {
              unit: 'changqing',
              year: 2026,
              values,
              ...(withdrawn ? { withdrawn } : {}),
              sheet: '目标',
              row: 2,
            },
          ],
        }),
        context,
      ).findings.map((f) => f.code);
    expect(targets({ revenue: null })).toEqual([]);
    expect(targets({ revenue: null }, ['revenue'])).toEqual(['E_TARGETS_BUREAU_ONLY']);
    expect(targets({ revenue: '5' })).toEqual(['E_TARGETS_BUREAU_ONLY']);
  });
});

describe('the template’s 填报说明 says the three rules in Chinese', () => {
  const spec = templateSpec(newestPolicy(POLICIES));
  const rule = (sheet: string) =>
    spec.instructions.find((i) => i.sheet === sheet && i.column === '（导入规则）')?.allowed ?? '';
  it.each([
    ['企业项目台账', ['有列而单元格留空即清除该项', '本表没有的列保留']],
    [
      '月度经济指标',
      ['逐项合并', '不会带到其他月份', '“—”', '“-”', '无', '未报', '撤回', '全部数值', '数字 0'],
    ],
    ['年度目标', ['逐项合并', '单位 × 年度 × 指标', '撤回']],
    ['单位联系人', ['按单位整体替换', '不再收到月报']],
  ] as [string, string[]][])('%s', (sheet, words) => {
    for (const word of words) expect(rule(sheet)).toContain(word);
  });
});
