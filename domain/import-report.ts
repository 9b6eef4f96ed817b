/**
 * What the report workbook of an import says (docs/registers.md), as sheets of values: its
 * verdict, every finding, the findings grouped, the change the upload makes and the counts per
 * sheet. Pure; the `Workbooks` port writes the bytes (domain/ports.ts).
 *
 * @module
 */
import { type ChangeList, changeHeadline } from './changes.ts';
import { groupFindings } from './finding-groups.ts';
import { FIGURE_CHANGE_LABELS, SEVERITY_LABELS, stateLabel } from './labels.ts';
import { monthLabel } from './months.ts';
import type { ImportCounts, ImportStatus } from './ports.ts';
import { SHEET_KIND_NAMES } from './registers/index.ts';
import type { Finding, SheetSummary } from './types.ts';
import type { CellValue, SheetValues } from './workbooks.ts';

/** 严重程度 as a person reads it. */
export function severityLabel(severity: Finding['severity']): string {
  return stateLabel(SEVERITY_LABELS, severity);
}

/** The headers of the report's 审核结果 sheet. */
export const REPORT_FINDING_HEADERS = ['严重程度', '工作表', '行号', '列', '填报值', '问题说明'] as const;
/** The headers of the report's 汇总 sheet. */
export const REPORT_SUMMARY_HEADERS = [
  '工作表',
  '识别为',
  '读取行数',
  '应用行数',
  '错误数',
  '警告数',
] as const;

/** What the report says of the import: its status and counts (none: a check only, `lkg assess`). */
export interface ReportOutcome {
  status: ImportStatus;
  counts?: ImportCounts;
}

/**
 * The rows read and applied over all sheets: the 合计 row of the report's 汇总 sheet, and what
 * the ingest logs, so that the two always agree.
 */
export function rowTotals(sheets: readonly SheetSummary[]): { rowsRead: number; rowsApplied: number } {
  let rowsRead = 0;
  let rowsApplied = 0;
  for (const s of sheets) {
    rowsRead += s.rowsRead;
    rowsApplied += s.rowsApplied;
  }
  return { rowsRead, rowsApplied };
}

/**
 * The report's first line: whether the file was imported (已导入 / 未导入，原因…), or — for a
 * check that stores nothing — whether it can be (可以导入 / 不能导入).
 */
export function reportVerdict(findings: readonly Finding[], outcome?: ReportOutcome): string {
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings.length - errors.length;
  const warned = warnings > 0 ? `；有 ${warnings} 个警告，请核实` : '';
  const reason =
    errors.length === 1
      ? (errors[0]?.message ?? '')
      : `发现 ${errors.length} 个错误（见下表，错误在前）；整个文件改正后重新上传`;
  if (!outcome) return errors.length > 0 ? `结论：不能导入。原因：${reason}` : `结论：可以导入${warned}。`;
  const c = outcome.counts;
  const rows = c
    ? [
        c.registerRows > 0 ? `台账 ${c.registerRows} 行` : '',
        c.indicatorRows > 0 ? `指标 ${c.indicatorRows} 行` : '',
        c.targetRows > 0 ? `目标 ${c.targetRows} 行` : '',
        c.contactRows > 0 ? `联系人 ${c.contactRows} 行` : '',
      ]
        .filter((x) => x !== '')
        .join('、')
    : '';
  switch (outcome.status) {
    case 'applied':
      return `结论：已导入${rows ? `（${rows}）` : ''}${warned}。`;
    case 'unchanged':
      return `结论：已导入，内容与已保存的相同，没有数据变化${rows ? `（${rows}）` : ''}${warned}。`;
    case 'rejected':
      return `结论：未导入。原因：${reason}`;
    case 'failed':
      return '结论：未导入。原因：系统处理时出错（不是文件的问题），系统会自动重试；如仍失败，请联系管理员。';
    default:
      return '结论：正在导入，尚未完成；请稍后查看。';
  }
}

/** What the report workbook of an import is made from. */
export interface ReportInput {
  findings: Finding[];
  sheets: SheetSummary[];
  outcome?: ReportOutcome;
  /** The change the upload makes (the whole list): sheet 变化, first. */
  changes?: ChangeList | null;
}

/**
 * The sheets of an import's report workbook (docs/registers.md): sheet 审核结果 — its first line says
 * whether the file was imported ({@link reportVerdict}), then one row per finding, errors
 * first (严重程度 错误/警告, 工作表, 行号, 列, 填报值, 问题说明; file-level findings show
 * 工作表 “（整个文件）”) — and sheet 汇总 (per sheet: rows read, applied, errors, warnings,
 * with a 合计 row: the same counts as the import record and its log line).
 */
export function reportSheets(input: ReportInput): SheetValues[] {
  const ordered = [
    ...input.findings.filter((f) => f.severity === 'error'),
    ...input.findings.filter((f) => f.severity !== 'error'),
  ];
  const findingRows: CellValue[][] = [
    [reportVerdict(input.findings, input.outcome)],
    [...REPORT_FINDING_HEADERS],
    ...ordered.map((f) => [
      severityLabel(f.severity),
      f.sheet ?? '（整个文件）',
      f.row,
      f.column,
      f.value,
      f.message,
    ]),
  ];
  const fileErrors = input.findings.filter((f) => f.sheet == null && f.severity === 'error').length;
  const fileWarnings = input.findings.filter((f) => f.sheet == null && f.severity === 'warning').length;
  const total = { ...rowTotals(input.sheets), errors: fileErrors, warnings: fileWarnings };
  const summaryRows: CellValue[][] = [[...REPORT_SUMMARY_HEADERS]];
  for (const s of input.sheets) {
    summaryRows.push([
      s.sheet,
      s.kind ? SHEET_KIND_NAMES[s.kind] : '未识别',
      s.rowsRead,
      s.rowsApplied,
      s.errors,
      s.warnings,
    ]);
    total.errors += s.errors;
    total.warnings += s.warnings;
  }
  if (fileErrors + fileWarnings > 0)
    summaryRows.push(['（整个文件）', null, null, null, fileErrors, fileWarnings]);
  summaryRows.push(['合计', null, total.rowsRead, total.rowsApplied, total.errors, total.warnings]);
  return [
    ...(input.changes ? [changeSheet(input.changes)] : []),
    { name: '审核结果', rows: findingRows, columnWidths: [10, 16, 8, 20, 24, 80] },
    groupSheet(input.findings),
    { name: '汇总', rows: summaryRows, columnWidths: [20, 14, 10, 10, 8, 8] },
  ];
}

/** The headers of sheet 问题分组. */
export const REPORT_GROUP_HEADERS = ['严重程度', '类别', '工作表', '列', '行', '处数', '问题说明'] as const;

/**
 * Sheet 问题分组: the findings grouped for people (file and sheet first, errors before
 * warnings, one row per message with its row ranges); 审核结果 keeps every row.
 */
export function groupSheet(findings: readonly Finding[]): SheetValues {
  return {
    name: '问题分组',
    rows: [
      [...REPORT_GROUP_HEADERS],
      ...groupFindings(findings).map((g) => [
        severityLabel(g.severity),
        g.label,
        g.sheet ?? '（整个文件）',
        g.column,
        g.rowText || null,
        g.count,
        g.sameMessage ? g.message : `${g.message}（各行的值不同，例如首行；逐行见“审核结果”）`,
      ]),
    ],
    columnWidths: [10, 20, 16, 20, 30, 8, 80],
  };
}

/** The headers of sheet 变化. */
export const REPORT_CHANGE_HEADERS = [
  '类别',
  '企业（项目）/单位',
  '代码',
  '月份/年度',
  '项目',
  '原值',
  '新值',
  '说明',
] as const;

/** Sheet 变化: the change the upload makes, before and after, then how much is unchanged. */
export function changeSheet(list: ChangeList): SheetValues {
  const rows: CellValue[][] = [[`变化：${changeHeadline(list)}`], [...REPORT_CHANGE_HEADERS]];
  for (const r of list.records)
    for (const f of r.fields)
      rows.push([
        r.kind === 'new' ? '新增企业（项目）' : '修改企业（项目）',
        r.name,
        r.key,
        monthLabel(r.month),
        f.column,
        f.before,
        f.after,
        null,
      ]);
  for (const a of list.assignments)
    rows.push([
      '归属变化',
      a.name,
      a.key,
      `自${monthLabel(a.month)}`,
      a.role,
      a.before,
      a.after,
      `依据 ${a.clause}`,
    ]);
  for (const t of list.transfers)
    rows.push([
      t.kind === 'added' ? '引起划转' : '不再划转',
      t.name,
      t.key,
      monthLabel(t.month),
      '经济指标承担单位',
      t.from,
      t.to,
      `依据 ${t.clause}`,
    ]);
  for (const f of list.figures)
    rows.push([
      stateLabel(FIGURE_CHANGE_LABELS, f.kind),
      f.name,
      f.key,
      monthLabel(f.month),
      f.indicator,
      f.before,
      f.kind === 'kept' ? f.before : f.after,
      f.kind === 'kept' ? `${f.by} 设置（上传顺序在后）；本次填写的 ${f.after} 不采用` : null,
    ]);
  for (const t of list.targets)
    rows.push(
      t.kind === 'kept'
        ? [
            '保留年度目标',
            t.unit,
            null,
            `${t.year}年`,
            t.indicator,
            t.before,
            t.before,
            `${t.by} 设置（上传顺序在后）；本次填写的 ${t.after} 不采用`,
          ]
        : ['年度目标', t.unit, null, `${t.year}年`, t.indicator, t.before, t.after, null],
    );
  for (const c of list.contacts)
    rows.push([
      c.kind === 'added' ? '新增联系人' : c.kind === 'removed' ? '删除联系人' : '修改联系人',
      c.unit,
      null,
      null,
      `${c.name}（${c.email}）`,
      c.before,
      c.after,
      null,
    ]);
  return { name: '变化', rows, columnWidths: [16, 30, 22, 14, 24, 24, 24, 30], textColumns: [2] };
}
