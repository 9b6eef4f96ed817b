/**
 * Workbooks the system writes (docs/registers.md): the report workbook of an import
 * (审核结果, 汇总), the blank template (`lkg template`), and any table other parts send out
 * (summaries). Always built from values — an uploaded workbook is never re-saved: sheets of
 * values (`SheetValues`, domain/workbooks.ts); what the report says is the domain's
 * (`reportSheets`, domain/import-report.ts). The application writes through the `Workbooks`
 * port (./workbooks.ts).
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
import { type ReportInput, reportSheets } from '#domain/import-report';
import type { Policy } from '#domain/policy/index';
import { templateSpec } from '#domain/registers/index';
import { type CellValue, type SheetValues, TEXT_ROWS } from '#domain/workbooks';

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
export function writeWorkbook(sheets: readonly SheetValues[]): Uint8Array {
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

/**
 * The report workbook of an import (docs/registers.md): its sheets as the domain says them
 * (`reportSheets`, domain/import-report.ts), written.
 */
export function reportWorkbook(input: ReportInput): Uint8Array {
  return writeWorkbook(reportSheets(input));
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
