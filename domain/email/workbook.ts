/**
 * The rows of the xlsx attachment (docs/summaries.md): the same tables as the email and one
 * row per enterprise (key, name, stage, service, indicators, every indicator's month and
 * ytd). Built from values: money as numbers (unrounded), percentages rounded to 1 decimal
 * (people read them), text as text. Writing the file — and escaping text that starts with
 * `= + - @` — is the `Workbooks` port's (domain/ports.ts; SheetJS in
 * functions/adapters/workbook-writer.ts).
 *
 * @module
 */

import type { Decimal } from '../decimal.ts';
import { clauseLabel } from '../labels.ts';
import { monthLabel } from '../months.ts';
import type {
  EnterpriseFigures,
  IndicatorFigures,
  MonthSummaries,
  SummaryCounts,
  SummaryDocument,
  UnitSummary,
} from '../summaries.ts';
import { type UnitId, unitName } from '../units.ts';
import type { CellValue, SheetValues } from '../workbooks.ts';
import { indicatorLabel, indicatorName, percentNumber, STAGE_LABELS, STORY_NOTE } from './format.ts';

/** A cell value as written. */
export type SheetCell = CellValue;

/** One sheet: its name, rows (first row: headers) and optional column widths in characters. */
export type SheetSpec = SheetValues;

/** Money as a number cell (exact decimals of ≤ 15 significant digits survive); null stays empty. */
export function moneyCell(value: Decimal | null | undefined): number | null {
  return value == null ? null : Number(value);
}

const unitLabel = (unit: string | null | undefined) => (unit ? unitName(unit as UnitId) : null);

/** Headers of the indicator sheet. */
export const INDICATOR_SHEET_HEADERS = [
  '单位',
  '指标',
  '本月',
  '本年累计',
  '上年同期（可比口径）',
  '同比（可比口径，%）',
  '上月',
  '环比（%）',
  '上年同期（原口径）',
  '基数调整',
  '年度目标',
  '完成率（%）',
  '时序进度（%）',
  '超（落后）时序进度（百分点）',
];

function indicatorRow(unitLabelText: string, k: string, f: IndicatorFigures): SheetCell[] {
  return [
    unitLabelText,
    indicatorLabel(k),
    moneyCell(f.month),
    moneyCell(f.ytd),
    moneyCell(f.lastYearYtd),
    percentNumber(f.yoy),
    moneyCell(f.previousMonth ?? null),
    percentNumber(f.mom ?? null),
    moneyCell(f.reportedLastYearYtd),
    moneyCell(f.baseShift),
    moneyCell(f.target),
    percentNumber(f.completion),
    percentNumber(f.timeProgress),
    percentNumber(f.ahead),
  ];
}

/** Headers of the counts sheet. */
export const COUNT_HEADERS = [
  '单位',
  '服务企业',
  '承担指标企业',
  '配合服务（待移交）',
  '安全生产属地企业',
  '新引进',
  '已签约',
  '在建',
  '已建成投产',
  '划入',
  '划出',
  '首次报送',
  '新登记',
  '退出',
  '待移交项目',
  '本月建成投产',
  '未报送',
];

function countRow(label: string, c: SummaryCounts): SheetCell[] {
  return [
    label,
    c.served,
    c.carried,
    c.cooperating,
    c.safety,
    c.byStage.new,
    c.byStage.signed,
    c.byStage.building,
    c.byStage.built,
    c.transfersIn,
    c.transfersOut,
    c.firstReported ?? null,
    c.new,
    c.leaving,
    c.pendingHandovers,
    c.completedThisMonth,
    c.notReported,
  ];
}

/** Headers of the enterprise sheet: fixed columns, then each indicator's 本月 and 本年累计. */
export function enterpriseHeaders(document: SummaryDocument): string[] {
  return [
    '统一社会信用代码/项目编号',
    '企业（项目）名称',
    '项目状态',
    '服务单位',
    '经济指标承担单位',
    '配合街道',
    '属地街道',
    '判定条款',
    '本月已报送',
    ...document.indicatorIds.flatMap((k) => [`${indicatorName(k)}本月`, `${indicatorName(k)}本年累计`]),
  ];
}

function enterpriseRow(document: SummaryDocument, e: EnterpriseFigures): SheetCell[] {
  return [
    e.key,
    e.name,
    STAGE_LABELS[e.stage],
    unitLabel(e.service),
    unitLabel(e.indicators),
    unitLabel(e.cooperating),
    unitLabel(e.safety),
    clauseLabel(e.decidedBy),
    e.reported ? '是' : '否',
    ...document.indicatorIds.flatMap((k) => [moneyCell(e.values[k]?.month), moneyCell(e.values[k]?.ytd)]),
  ];
}

const LIST_HEADERS = ['类别', '单位', '统一社会信用代码/项目编号', '企业（项目）名称', '说明'];

function listRows(u: UnitSummary): SheetCell[][] {
  const rows: SheetCell[][] = [];
  for (const t of u.lists.transfersIn)
    rows.push([
      '本月划入',
      u.name,
      t.key,
      t.name,
      `原承担单位：${unitLabel(t.from) ?? '—'}；依据条款 ${clauseLabel(t.clause)}`,
    ]);
  for (const t of u.lists.transfersOut)
    rows.push([
      '本月划出',
      u.name,
      t.key,
      t.name,
      `现承担单位：${unitLabel(t.to) ?? '—'}；依据条款 ${clauseLabel(t.clause)}`,
    ]);
  for (const e of u.lists.firstReported ?? []) rows.push(['本月首次报送', u.name, e.key, e.name, null]);
  for (const e of u.lists.new) rows.push(['本月新登记', u.name, e.key, e.name, null]);
  for (const e of u.lists.leaving) rows.push(['本月退出', u.name, e.key, e.name, null]);
  for (const h of u.lists.pendingHandovers)
    rows.push([
      '待移交项目',
      u.name,
      h.key,
      h.name,
      `${STAGE_LABELS[h.stage]}；牵头 ${unitLabel(h.lead) ?? '—'}，配合 ${unitLabel(h.cooperating) ?? '—'}`,
    ]);
  for (const c of u.lists.completedThisMonth)
    rows.push(['本月建成投产', u.name, c.key, c.name, `建成投产日期 ${c.completedOn}`]);
  for (const e of u.lists.notReported) rows.push(['未报送', u.name, e.key, e.name, null]);
  return rows;
}

const WIDTHS = {
  indicators: [16, 26, 14, 14, 18, 16, 18, 12, 14, 12, 12, 22],
  counts: [30, ...Array.from({ length: 16 }, () => 12)],
  lists: [14, 30, 24, 36, 48],
};

function enterpriseWidths(document: SummaryDocument): number[] {
  return [24, 36, 12, 30, 30, 12, 12, 16, 10, ...document.indicatorIds.flatMap(() => [16, 18])];
}

/** The sheets of one unit's attachment. */
export function unitWorkbookSheets(summaries: MonthSummaries, unit: UnitId): SheetSpec[] {
  const { document } = summaries;
  const u = document.units.find((x) => x.unit === unit);
  if (!u) throw new RangeError(`no summary row for unit ${unit}`);
  const enterprises = summaries.enterprises.filter((e) => e.indicators === unit);
  return [
    {
      name: '指标汇总',
      rows: [
        INDICATOR_SHEET_HEADERS,
        ...document.indicatorIds.map((k) => indicatorRow(u.name, k, u.indicators[k] as IndicatorFigures)),
      ],
      columnWidths: WIDTHS.indicators,
    },
    { name: '企业数量', rows: [COUNT_HEADERS, countRow(u.name, u)], columnWidths: WIDTHS.counts },
    {
      name: '企业明细',
      rows: [enterpriseHeaders(document), ...enterprises.map((e) => enterpriseRow(document, e))],
      columnWidths: enterpriseWidths(document),
    },
    { name: '名单', rows: [LIST_HEADERS, ...listRows(u)], columnWidths: WIDTHS.lists },
    {
      name: '说明',
      rows: [
        ['项目', '内容'],
        ['报表', `${monthLabel(document.month)}${u.name}经济指标月报`],
        [
          '口径',
          '经济指标随项目走：本月由本单位承担指标的企业，其本年各月数据及上年同期（可比口径）均计入本单位。',
        ],
        ['单位', '金额单位为万元（进出口总额、实际利用外资为万美元），未四舍五入；百分比保留一位小数。'],
        ['名单', '“名单”表每类最多列出 200 家，完整数量见“企业数量”表。'],
        ['首次报送', STORY_NOTE],
        ['政策', `武临开办〔2020〕1号（版本 ${document.policy}）`],
      ],
      columnWidths: [10, 90],
    },
  ];
}

/** The sheets of the district overview's attachment. */
export function overviewWorkbookSheets(
  summaries: MonthSummaries,
  options: { unitsWithoutContacts?: readonly UnitId[] } = {},
): SheetSpec[] {
  const { document } = summaries;
  const missing = new Set(options.unitsWithoutContacts ?? []);
  const t = document.total;
  return [
    {
      name: '全区汇总',
      rows: [
        [...COUNT_HEADERS, '联系人'],
        ...document.units.map((u) => [
          ...countRow(u.name, u),
          missing.has(u.unit) ? '未配置联系人' : '已配置',
        ]),
        [...countRow('全区合计', t), null],
      ],
      columnWidths: [...WIDTHS.counts, 14],
    },
    {
      name: '指标汇总',
      rows: [
        INDICATOR_SHEET_HEADERS,
        ...document.indicatorIds.flatMap((k) => [
          ...document.units.map((u) => indicatorRow(u.name, k, u.indicators[k] as IndicatorFigures)),
          indicatorRow('全区合计', k, t.indicators[k] as IndicatorFigures),
        ]),
      ],
      columnWidths: WIDTHS.indicators,
    },
    {
      name: '企业明细',
      rows: [enterpriseHeaders(document), ...summaries.enterprises.map((e) => enterpriseRow(document, e))],
      columnWidths: enterpriseWidths(document),
    },
    { name: '名单', rows: [LIST_HEADERS, ...document.units.flatMap(listRows)], columnWidths: WIDTHS.lists },
    {
      name: '说明',
      rows: [
        ['项目', '内容'],
        ['报表', `${monthLabel(document.month)}全区经济指标月报`],
        [
          '合计',
          '全区合计为各单位之和（每家企业只计一次）；全区的比率按合计数计算，年度目标取目标表“全区”行。',
        ],
        ['单位', '金额单位为万元（进出口总额、实际利用外资为万美元），未四舍五入；百分比保留一位小数。'],
        ['首次报送', STORY_NOTE],
        [
          '联系人',
          missing.size
            ? `未配置联系人：${[...missing].map((u) => unitName(u)).join('、')}`
            : '各单位均已配置联系人。',
        ],
        ['政策', `武临开办〔2020〕1号（版本 ${document.policy}）`],
      ],
      columnWidths: [10, 90],
    },
  ];
}
