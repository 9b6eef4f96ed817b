/**
 * Workbooks the system writes (docs/registers.md): the report workbook of an import
 * (审核结果, 汇总), the blank template (`lkg template`), and any table other parts send out
 * (summaries). Always built from values — an uploaded workbook is never re-saved.
 *
 * Text that a spreadsheet would take for a formula (it starts with `=`, `+`, `-`, `@`, a tab
 * or a carriage return) is written with a leading apostrophe `'` (see {@link escapeCellText}).
 * The cell is a text cell, so Excel and WPS show the apostrophe: the value is visibly inert,
 * and stays inert when a person edits the cell or copies the sheet out as CSV (OWASP "CSV
 * injection" advice). Numbers and booleans are written as number and boolean cells.
 *
 * @example
 * ```ts
 * import { writeWorkbook } from '#adapters/workbook-writer';
 * const bytes = writeWorkbook([{ name: '清单', rows: [['名称', '数量'], ['甲', 1]] }]);
 * ```
 *
 * @module
 */
import * as XLSX from 'xlsx';
import { type ChangeList, changeHeadline } from '#domain/changes';
import { groupFindings } from '#domain/finding-groups';
import { FIGURE_CHANGE_LABELS, SEVERITY_LABELS, stateLabel } from '#domain/labels';
import { monthLabel } from '#domain/months';
import type { Policy } from '#domain/policy/index';
import type { ImportCounts, ImportStatus } from '#domain/ports';
import { SHEET_KIND_NAMES, templateSpec } from '#domain/registers/index';
import type { Finding, SheetSummary } from '#domain/types';

export type CellValue = string | number | boolean | null;

/** One sheet to write: rows of values (the first row is usually the header). */
export interface SheetValues {
  name: string;
  rows: CellValue[][];
  /** Column widths in characters (a CJK character counts 2). Default: fitted to the content. */
  columnWidths?: number[];
  /**
   * 0-based columns formatted as text (`@`) down to row {@link TEXT_ROWS}: a code typed there
   * keeps its leading zeros and all 18 characters.
   */
  textColumns?: number[];
  /** Dropdown lists (data validation) of 0-based columns, from row 2 down to row {@link TEXT_ROWS}. */
  dropdowns?: { column: number; values: string[] }[];
}

/** How far down the template's text format and dropdown lists reach. */
export const TEXT_ROWS = 1000;

const FORMULA_START = /^[=+\-@\t\r]/u;

/**
 * Text as it is safe to write into a spreadsheet or CSV: text a spreadsheet would take for a
 * formula (leading `=`, `+`, `-`, `@`, tab, carriage return) gets a leading apostrophe `'`;
 * anything else is unchanged.
 *
 * @example
 * ```ts
 * escapeCellText('=HYPERLINK("http://x")'); // "'=HYPERLINK(\"http://x\")"
 * escapeCellText('-'); // "'-"
 * escapeCellText('长青街'); // "长青街"
 * ```
 */
export function escapeCellText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Display width in columns: a CJK (East Asian wide) character counts 2. */
function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    w +=
      cp >= 0x1100 &&
      (cp <= 0x115f ||
        (cp >= 0x2e80 && cp <= 0xa4cf) ||
        (cp >= 0xac00 && cp <= 0xd7a3) ||
        (cp >= 0xf900 && cp <= 0xfaff) ||
        (cp >= 0xfe30 && cp <= 0xfe4f) ||
        (cp >= 0xff00 && cp <= 0xff60) ||
        (cp >= 0xffe0 && cp <= 0xffe6) ||
        cp >= 0x20000)
        ? 2
        : 1;
  }
  return w;
}

function fittedWidths(rows: CellValue[][]): number[] {
  const widths: number[] = [];
  for (const row of rows.slice(0, 500)) {
    row.forEach((v, j) => {
      if (v == null) return;
      const w = Math.min(60, textWidth(String(v)) + 2);
      if (w > (widths[j] ?? 6)) widths[j] = w;
    });
  }
  for (let j = 0; j < widths.length; j++) if (widths[j] === undefined) widths[j] = 8;
  return widths;
}

/** Excel's rules for sheet names: ≤ 31 characters, none of `\ / ? * [ ] :`, unique. */
function sheetName(name: string, taken: Set<string>): string {
  let base = name.replace(/[\\/?*[\]:]/gu, '_').slice(0, 31) || '工作表';
  if (base.startsWith("'")) base = base.slice(1) || '工作表';
  let out = base;
  for (let i = 2; taken.has(out.toLowerCase()); i++) out = `${base.slice(0, 31 - String(i).length - 1)}_${i}`;
  taken.add(out.toLowerCase());
  return out;
}

/**
 * Writes sheets of values into an xlsx workbook. Text is escaped ({@link escapeCellText}),
 * numbers and booleans keep their type, null is an empty cell.
 */
export function writeWorkbook(sheets: SheetValues[]): Uint8Array {
  const wb = XLSX.utils.book_new();
  const taken = new Set<string>();
  for (const sheet of sheets) {
    const rows = sheet.rows.map((row) => row.map((v) => (typeof v === 'string' ? escapeCellText(v) : v)));
    const ws = XLSX.utils.aoa_to_sheet(rows, { cellDates: false });
    if (rows.length === 0) ws['!ref'] = 'A1';
    const widths = sheet.columnWidths ?? fittedWidths(rows);
    ws['!cols'] = widths.map((wch) => ({ wch }));
    if (sheet.textColumns?.length) textFormat(ws, sheet.textColumns, rows.length);
    XLSX.utils.book_append_sheet(wb, ws, sheetName(sheet.name, taken));
  }
  if (sheets.length === 0) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([[]]), '工作表');
  const out = new Uint8Array(
    XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer,
  );
  const lists = sheets.map((s) => s.dropdowns ?? []);
  return lists.some((l) => l.length > 0) ? withDropdowns(out, lists) : out;
}

/** Text format (`@`) for the given columns, the written cells and empty ones down to TEXT_ROWS. */
function textFormat(ws: XLSX.WorkSheet, columns: readonly number[], written: number): void {
  for (const c of columns) {
    for (let r = 1; r < TEXT_ROWS; r++) {
      const ref = XLSX.utils.encode_cell({ r, c });
      const cell = ws[ref] as XLSX.CellObject | undefined;
      if (cell) {
        if (cell.t === 's') cell.z = '@';
      } else if (r >= written) ws[ref] = { t: 's', v: '', z: '@' };
    }
  }
  const range = XLSX.utils.decode_range(ws['!ref'] ?? 'A1');
  range.e.r = Math.max(range.e.r, TEXT_ROWS - 1);
  ws['!ref'] = XLSX.utils.encode_range(range);
}

/** Escapes text for an XML attribute or element. */
function xmlText(s: string): string {
  return s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');
}

/** The worksheet elements that come after `<dataValidations>` (ECMA-376 CT_Worksheet order). */
const AFTER_VALIDATIONS =
  /<(?:hyperlinks|printOptions|pageMargins|pageSetup|headerFooter|rowBreaks|colBreaks|customProperties|cellWatches|ignoredErrors|smartTags|drawing|legacyDrawing|legacyDrawingHF|picture|oleObjects|controls|webPublishItems|tableParts|extLst)\b|<\/worksheet>/u;

/**
 * The `<dataValidations>` element of a sheet's dropdown lists (type list, the values inline:
 * `"是,否"`; Excel limits the list to 255 characters).
 */
export function dataValidationsXml(lists: readonly { column: number; values: string[] }[]): string {
  const items = lists.map((l) => {
    const col = XLSX.utils.encode_col(l.column);
    const formula = `"${l.values.join(',')}"`;
    if (formula.length > 257)
      throw new RangeError(`dropdown list of column ${col} is longer than 255 characters`);
    return `<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" errorStyle="warning" sqref="${col}2:${col}${TEXT_ROWS}"><formula1>${xmlText(formula)}</formula1></dataValidation>`;
  });
  return `<dataValidations count="${items.length}">${items.join('')}</dataValidations>`;
}

/**
 * Adds dropdown lists to a written workbook. SheetJS's community edition does not write data
 * validation, so the sheet XML is patched: the written zip is opened (SheetJS's CFB), each
 * sheet's `xl/worksheets/sheetN.xml` gets a `<dataValidations>` element at its place in the
 * schema order, and the zip is written again.
 */
function withDropdowns(
  xlsx: Uint8Array,
  lists: readonly { column: number; values: string[] }[][],
): Uint8Array {
  const zip = XLSX.CFB.read(xlsx, { type: 'array' });
  lists.forEach((list, i) => {
    if (list.length === 0) return;
    const at = zip.FullPaths.findIndex((p: string) => p.endsWith(`/xl/worksheets/sheet${i + 1}.xml`));
    const entry = zip.FileIndex[at];
    if (!entry?.content) throw new Error(`sheet${i + 1}.xml not found in the written workbook`);
    const xml = Buffer.from(entry.content as Uint8Array).toString('utf8');
    const m = AFTER_VALIDATIONS.exec(xml);
    if (!m) throw new Error(`sheet${i + 1}.xml has no end tag`);
    const patched = `${xml.slice(0, m.index)}${dataValidationsXml(list)}${xml.slice(m.index)}`;
    entry.content = Buffer.from(patched, 'utf8');
    entry.size = entry.content.length;
  });
  const out = XLSX.CFB.write(zip, { fileType: 'zip', type: 'buffer', compression: true }) as Buffer;
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

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

/**
 * The report workbook of an import (docs/registers.md): sheet 审核结果 — its first line says
 * whether the file was imported ({@link reportVerdict}), then one row per finding, errors
 * first (严重程度 错误/警告, 工作表, 行号, 列, 填报值, 问题说明; file-level findings show
 * 工作表 “（整个文件）”) — and sheet 汇总 (per sheet: rows read, applied, errors, warnings,
 * with a 合计 row: the same counts as the import record and its log line).
 */
export function reportWorkbook(input: {
  findings: Finding[];
  sheets: SheetSummary[];
  outcome?: ReportOutcome;
  /** The change the upload makes (the whole list): sheet 变化, first. */
  changes?: ChangeList | null;
}): Uint8Array {
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
  return writeWorkbook([
    ...(input.changes ? [changeSheet(input.changes)] : []),
    { name: '审核结果', rows: findingRows, columnWidths: [10, 16, 8, 20, 24, 80] },
    groupSheet(input.findings),
    { name: '汇总', rows: summaryRows, columnWidths: [20, 14, 10, 10, 8, 8] },
  ]);
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

/** The name of the template's instructions sheet. */
export const INSTRUCTIONS_SHEET = '填报说明';

/**
 * The blank template (`lkg template`, docs/registers.md): one sheet per kind with every header
 * and one example row (from `templateSpec(policy)`), and a 填报说明 sheet listing each column's
 * allowed values and whether it is required.
 */
export function templateWorkbook(policy: Policy): Uint8Array {
  const spec = templateSpec(policy);
  const sheets: SheetValues[] = spec.sheets.map((s) => ({
    name: s.name,
    rows: [s.headers, s.example],
    columnWidths: s.headers.map((h, j) =>
      Math.max(10, textWidth(h) + 2, Math.min(40, textWidth(String(s.example[j] ?? '')) + 2)),
    ),
    textColumns: s.textColumns.map((h) => s.headers.indexOf(h)).filter((j) => j >= 0),
    dropdowns: s.dropdowns
      .map((d) => ({ column: s.headers.indexOf(d.column), values: d.values }))
      .filter((d) => d.column >= 0),
  }));
  sheets.push({
    name: INSTRUCTIONS_SHEET,
    rows: [
      ['工作表', '列', '可填写的值', '是否必填'],
      ...spec.instructions.map((i) => [i.sheet, i.column, i.allowed, i.required]),
    ],
    columnWidths: [16, 26, 100, 24],
  });
  return writeWorkbook(sheets);
}
