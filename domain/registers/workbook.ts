/**
 * `checkWorkbook`: the pure part of the spreadsheet import front (shared/spec/registers.md
 * §2–§5). It takes the sheets as the file reader hands them (raw typed cells, never a guess)
 * and answers everything the workbook says, checked: register rows, indicator rows, targets,
 * contacts, and every finding — all of them, never only the first.
 *
 * @example
 * ```ts
 * import { checkWorkbook } from '#domain/registers/index';
 * const parsed = checkWorkbook(sheets, { fileName: '2026-10-台账.xlsx', uploadedMonth: '2026-10' });
 * if (hasErrors(parsed.findings)) { ... } // nothing of it may be applied
 * ```
 *
 * @module
 */
import { isNegative } from '../decimal.ts';
import { monthLabel } from '../months.ts';
import type {
  Cell,
  ContactRow,
  Finding,
  IndicatorRow,
  Month,
  ParsedWorkbook,
  RegisterRecord,
  RegisterRow,
  Severity,
  SheetGrid,
  SheetKind,
  SheetSummary,
  Stage,
  TargetRow,
} from '../types.ts';
import { findTargetUnit, findUnit, type StreetId, type UnitId, unitName } from '../units.ts';
import {
  type ColumnDef,
  isKnownHeader,
  matchHeader,
  normalizeHeader,
  REGISTER_COLUMNS,
  SHEET_KIND_NAMES,
  SHEET_KINDS,
  SHEET_NAME_WORDS,
} from './columns.ts';
import {
  booleanField,
  dateField,
  keyProjectField,
  monthField,
  movementField,
  OFFICE_CHOICES,
  type Report,
  recruiterField,
  refuseCell,
  STREET_CHOICES,
  said,
  stageField,
  streetField,
  textField,
  usccField,
  zoneField,
} from './fields.ts';
import { recordAsRead } from './merge.ts';
import { SIDE_INFO } from './side.ts';
import { cellValueAsRead, columnLetter, compact, isBlankRow } from './text.ts';
import { amountShift, monthFromFileName, parseAmount, textOf } from './values.ts';

/** Limits of one sheet (registers.md §1). */
export interface SheetLimits {
  /** Data rows per sheet (default 200,000). */
  maxRows?: number;
  /** Columns per sheet (default 60). */
  maxColumns?: number;
}

export interface CheckContext {
  /** The uploaded file's name: it may state the 报送月份 (`2026-10`, `2026年10月`, `202610`). */
  fileName: string;
  /** The upload month in Asia/Shanghai: the 报送月份 of last resort (with W_MONTH_ASSUMED). */
  uploadedMonth: Month;
  limits?: SheetLimits;
}

export const DEFAULT_LIMITS: Required<SheetLimits> = { maxRows: 200_000, maxColumns: 60 };

/** The header row is looked for within this many rows (offices put a title above the table). */
export const HEADER_SEARCH_ROWS = 10;

/** One bound column of a sheet: its index, what it is, and how findings name it. */
interface Binding {
  readonly index: number;
  readonly column: ColumnDef;
  /** The unit written in the header's brackets, or null. */
  readonly unit: string | null;
  /** The header as written (trimmed, line breaks removed): messages quote it. */
  readonly written: string;
  /** `F 所在街道`: letter and header as written. */
  readonly label: string;
}

interface Layout {
  readonly kind: SheetKind;
  /** 0-based index of the header row. */
  readonly headerRow: number;
  readonly bindings: readonly Binding[];
  readonly byField: ReadonlyMap<string, Binding>;
}

const REGISTER_FIELDS_REQUIRED_FOR_NEW = ['name', 'stage', 'street'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;
const YEAR_TEXT = /^(\d{4})年?(?:度)?$/u;

/** Collects findings in order and counts them per sheet. */
class Findings {
  readonly all: Finding[] = [];
  add(
    code: string,
    severity: Severity,
    sheet: string | null,
    row: number | null,
    column: string | null,
    value: string | null,
    message: string,
  ): void {
    this.all.push({ code, severity, sheet, row, column, value, message });
  }
}

/**
 * The cursor of a sheet's row walk: the current row and cell, so that one report function
 * serves every cell (no closure per cell), and whether the row had an error.
 */
class RowCursor {
  row = 0;
  binding: Binding | null = null;
  cell: Cell | undefined = undefined;
  errors = 0;
  constructor(
    private readonly findings: Findings,
    private readonly sheet: string,
  ) {}
  readonly report: Report = (code, severity, message) => {
    if (severity === 'error') this.errors++;
    this.findings.add(
      code,
      severity,
      this.sheet,
      this.row,
      this.binding?.label ?? null,
      cellValueAsRead(this.cell),
      message,
    );
  };
  /** Points the cursor at a column of the current row; returns the cell. */
  at(binding: Binding | undefined, cells: readonly Cell[]): Cell | undefined {
    this.binding = binding ?? null;
    this.cell = binding ? (cells[binding.index] ?? undefined) : undefined;
    return this.cell;
  }
}

// ─────────────────────────── sheets: header row and kind ───────────────────────────

function headerText(cell: Cell | undefined): string | null {
  if (cell == null) return null;
  if (cell.t === 'text') {
    const s = cell.v.replace(/[\r\n]+/gu, '').trim();
    return s === '' ? null : s;
  }
  if (cell.t === 'number' || cell.t === 'date' || cell.t === 'boolean') return cellValueAsRead(cell);
  return null;
}

function findHeaderRow(rows: readonly Cell[][]): number {
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let r = 0; r < limit; r++) {
    let known = 0;
    for (const cell of rows[r] ?? []) {
      const text = headerText(cell);
      if (text != null && isKnownHeader(normalizeHeader(text))) known++;
      if (known >= 2) return r;
    }
  }
  return -1;
}

function fieldsOf(headers: readonly (string | null)[], kind: SheetKind): Set<string> {
  const fields = new Set<string>();
  for (const text of headers) {
    if (text == null) continue;
    const m = matchHeader(normalizeHeader(text), kind);
    if (m) fields.add(m.column.field);
  }
  return fields;
}

function hasIndicator(fields: ReadonlySet<string>): boolean {
  for (const f of fields) if (f.startsWith('indicator:')) return true;
  return false;
}

/** The kinds whose header rules the header row fits (registers.md §2). */
function kindsFitting(headers: readonly (string | null)[]): SheetKind[] {
  const out: SheetKind[] = [];
  const reg = fieldsOf(headers, 'register');
  if (reg.has('stage') || reg.has('street')) out.push('register');
  const ind = fieldsOf(headers, 'indicators');
  if (ind.has('month') && hasIndicator(ind) && !reg.has('stage')) out.push('indicators');
  const tgt = fieldsOf(headers, 'targets');
  if (tgt.has('unit') && tgt.has('year') && hasIndicator(tgt)) out.push('targets');
  const con = fieldsOf(headers, 'contacts');
  if (con.has('unit') && con.has('email')) out.push('contacts');
  return out;
}

function kindsNamed(sheetName: string): SheetKind[] {
  const name = compact(sheetName);
  return SHEET_KINDS.filter((kind) => SHEET_NAME_WORDS[kind].some((word) => name.includes(word)));
}

const kindList = (kinds: readonly SheetKind[]) => kinds.map((k) => `“${SHEET_KIND_NAMES[k]}”`).join('、');

/**
 * Decides a sheet's kind and binds its columns; reports E_SHEET_AMBIGUOUS, W_SHEET_IGNORED,
 * E_HEADER_DUPLICATE, E_COLUMN_UNIT, W_COLUMN_IGNORED, E_COLUMN_MISSING. Null: not read.
 */
function layoutOf(grid: SheetGrid, findings: Findings): Layout | null {
  const sheet = grid.name;
  const named = kindsNamed(sheet);
  const headerRow = findHeaderRow(grid.rows);
  const rowCells = headerRow >= 0 ? (grid.rows[headerRow] ?? []) : [];
  const headers = rowCells.map(headerText);
  const fits = headerRow >= 0 ? kindsFitting(headers) : [];
  /** E_SHEET_AMBIGUOUS: the sheet is not read. */
  const ambiguous = (message: string): null => {
    findings.add(
      'E_SHEET_AMBIGUOUS',
      'error',
      sheet,
      headerRow >= 0 ? headerRow + 1 : null,
      null,
      sheet,
      message,
    );
    return null;
  };
  /** W_SHEET_IGNORED: the sheet is not read. */
  const ignored = (message: string): null => {
    findings.add('W_SHEET_IGNORED', 'warning', sheet, null, null, sheet, message);
    return null;
  };
  let kind: SheetKind | undefined;
  if (fits.length === 1) kind = fits[0];
  else if (fits.length > 1) {
    const both = fits.filter((k) => named.includes(k));
    if (both.length === 1) kind = both[0];
    else {
      return ambiguous(
        `工作表“${sheet}”的表头同时符合${kindList(fits)}，无法确定是哪一种；请在工作表名称中写明其一（如含“台账”“指标”“目标”“联系人”），或删去不属于该表的列。`,
      );
    }
  } else if (grid.rows.every((r) => isBlankRow(r))) {
    return ignored(`工作表“${sheet}”是空表，已忽略。`);
  } else if (named.length > 0) {
    return ambiguous(
      headerRow < 0
        ? `工作表“${sheet}”的名称表明它是${kindList(named)}，但前 ${HEADER_SEARCH_ROWS} 行中没有找到表头（至少两个已知列名）；请使用模板中的列名，如${exampleHeaders(named)}。`
        : `工作表“${sheet}”的名称表明它是${kindList(named)}，但表头不符合：${missingFor(named, headers)}；请使用模板中的列名。`,
    );
  } else {
    return ignored(
      `工作表“${sheet}”不是可识别的台账、指标、目标或联系人表（表头不符，名称中也没有“台账”“指标”“目标”“联系人”等字样），已忽略；如需导入，请使用模板中的列名。`,
    );
  }
  if (kind === undefined) return null;
  /** A finding at the header row. */
  const atHeader = (
    code: string,
    severity: Severity,
    label: string | null,
    written: string | null,
    message: string,
  ) => findings.add(code, severity, sheet, headerRow + 1, label, written, message);

  const bindings: Binding[] = [];
  const byField = new Map<string, Binding>();
  for (let index = 0; index < rowCells.length; index++) {
    const written = headers[index];
    if (written == null) continue;
    const label = `${columnLetter(index)} ${written}`;
    const m = matchHeader(normalizeHeader(written), kind);
    if (!m) {
      atHeader(
        'W_COLUMN_IGNORED',
        'warning',
        label,
        written,
        `列「${written}」不是${SHEET_KIND_NAMES[kind]}的列名，该列已忽略；如需导入，请改为模板中的列名（如${exampleHeaders([kind])}）。`,
      );
      continue;
    }
    const first = byField.get(m.column.field);
    if (first) {
      atHeader(
        'E_HEADER_DUPLICATE',
        'error',
        label,
        written,
        `列「${written}」与 ${first.label} 列都表示「${m.column.header}」，重复；请删去其中一列。`,
      );
      continue;
    }
    if (
      m.column.indicator &&
      m.unit != null &&
      amountShift(compact(m.unit), m.column.indicator.unit) === undefined
    ) {
      const choices = m.column.indicator.unit === '万元' ? '元、万元 或 亿元' : '美元、万美元 或 亿美元';
      atHeader(
        'E_COLUMN_UNIT',
        'error',
        label,
        written,
        `列「${written}」的单位“${m.unit}”无法换算为${m.column.indicator.unit}；单位应为 ${choices}，如「${m.column.header}（${m.column.indicator.unit}）」。`,
      );
      continue;
    }
    const binding: Binding = { index, column: m.column, unit: m.unit, written, label };
    bindings.push(binding);
    byField.set(m.column.field, binding);
  }
  if ((kind === 'register' || kind === 'indicators') && !byField.has('uscc') && !byField.has('projectCode')) {
    atHeader(
      'E_COLUMN_MISSING',
      'error',
      null,
      null,
      `工作表“${sheet}”没有「统一社会信用代码」或「项目编号」列，无法确定每行是哪家企业（项目）；请至少加上其中一列。`,
    );
  }
  return { kind, headerRow, bindings, byField };
}

function exampleHeaders(kinds: readonly SheetKind[]): string {
  const examples: Record<SheetKind, string> = {
    register: '统一社会信用代码、企业（项目）名称、项目状态、所在街道',
    indicators: '统一社会信用代码、月份、营业收入（万元）',
    targets: '单位、年度、营业收入（万元）',
    contacts: '单位、姓名、邮箱、接收月报',
  };
  return kinds.map((k) => `「${examples[k].split('、').join('」「')}」`).join('或');
}

function missingFor(kinds: readonly SheetKind[], headers: readonly (string | null)[]): string {
  return kinds
    .map((kind) => {
      const f = fieldsOf(headers, kind);
      switch (kind) {
        case 'register':
          return '台账需要「项目状态」或「所在街道」列';
        case 'indicators':
          return f.has('month')
            ? '指标表需要至少一个指标列（如「营业收入（万元）」）且不能有「项目状态」列'
            : '指标表需要「月份」列和至少一个指标列';
        case 'targets':
          return '目标表需要「单位」「年度」列和至少一个指标列';
        case 'contacts':
          return '联系人表需要「单位」「邮箱」列';
      }
      return '';
    })
    .join('；');
}

// ─────────────────────────── the walk ───────────────────────────

interface KeySeen {
  readonly sheet: string;
  readonly row: number;
  /** The parsed row, when it parsed without error: identical duplicates are dropped (compared as JSON on a collision only). */
  readonly parsed: unknown;
}

interface State {
  readonly findings: Findings;
  readonly register: RegisterRow[];
  readonly indicators: ParsedWorkbook['indicators'];
  readonly targets: ParsedWorkbook['targets'];
  readonly contacts: ParsedWorkbook['contacts'];
  readonly summaries: Map<string, SheetSummary>;
  readonly registerKeys: Set<string>;
  readonly registerSeen: Map<string, KeySeen>;
  monthRef: { month: Month; sheet: string; row: number; label: string } | null;
  readonly keyColumns: Map<string, { uscc: string | null; projectCode: string | null; name: string | null }>;
  readonly missingRequired: Map<string, string[]>;
}

/**
 * Starts the walk of data row `r` (0-based): null for a blank row; else the row is counted as
 * read and the cursor points at it, with no error yet.
 */
function dataRow(grid: SheetGrid, r: number, cursor: RowCursor, summary: SheetSummary): Cell[] | null {
  const cells = grid.rows[r];
  if (!cells || isBlankRow(cells)) return null;
  summary.rowsRead++;
  cursor.row = r + 1;
  cursor.errors = 0;
  return cells;
}

/**
 * Whether the current row is kept: it had no error and is the first with its `id`. A later
 * row with the same id is reported (W_DUPLICATE_ROW when identical to the first, else
 * E_DUPLICATE_KEY) at the column the cursor points at.
 *
 * @param parsed what the row says, compared as JSON with the first row's (when both had no error)
 */
function keepRow(
  seen: Map<string, KeySeen>,
  id: string,
  parsed: unknown,
  cursor: RowCursor,
  sheet: string,
  what: string,
): boolean {
  const ok = cursor.errors === 0;
  const here: KeySeen = { sheet, row: cursor.row, parsed: ok ? parsed : null };
  return duplicateOf(seen, id, here, cursor, what) === 'first' && ok;
}

function duplicateOf(
  seen: Map<string, KeySeen>,
  id: string,
  here: KeySeen,
  cursor: RowCursor,
  what: string,
): 'first' | 'identical' | 'differs' {
  const first = seen.get(id);
  if (!first) {
    seen.set(id, here);
    return 'first';
  }
  const where =
    first.sheet === here.sheet ? `第 ${first.row} 行` : `工作表“${first.sheet}”第 ${first.row} 行`;
  if (
    first.parsed != null &&
    here.parsed != null &&
    JSON.stringify(first.parsed) === JSON.stringify(here.parsed)
  ) {
    cursor.report('W_DUPLICATE_ROW', 'warning', `${what}与${where}完全相同，按一行处理；请删去重复的行。`);
    return 'identical';
  }
  cursor.report(
    'E_DUPLICATE_KEY',
    'error',
    `${what}与${where}重复，且两行内容不同，无法确定以哪一行为准；同一${what.startsWith('单位') ? '单位' : '企业（项目）'}只能填写一行：请合并或删去其中一行。`,
  );
  return 'differs';
}

/** The key columns of a register or indicators row: uscc (upper-cased) else projectCode. */
function readKey(
  layout: Layout,
  cells: readonly Cell[],
  cursor: RowCursor,
): { key: string | null; uscc: string | null; projectCode: string | null; ok: boolean } {
  const before = cursor.errors;
  const usccBinding = layout.byField.get('uscc');
  const codeBinding = layout.byField.get('projectCode');
  const uscc = usccBinding
    ? usccField(cursor.at(usccBinding, cells), usccBinding.written, cursor.report)
    : null;
  const projectCode = codeBinding
    ? textField(cursor.at(codeBinding, cells), codeBinding.written, cursor.report, 40)
    : null;
  const ok = cursor.errors === before;
  const key = uscc ?? projectCode ?? null;
  if (ok && key == null && (usccBinding || codeBinding)) {
    cursor.at(usccBinding ?? codeBinding, cells);
    cursor.report(
      'E_KEY_MISSING',
      'error',
      `本行没有「统一社会信用代码」也没有「项目编号」，无法确定是哪家企业（项目）；请至少填写其中一项（已登记的企业填统一社会信用代码，尚未注册的项目填项目编号）；合计行、说明行请删去。`,
    );
  }
  return { key, uscc: uscc ?? null, projectCode: projectCode ?? null, ok: ok && key != null };
}

/**
 * Notes the key columns of a register or indicators sheet; false (its rows only counted) when
 * it has neither uscc nor projectCode (E_COLUMN_MISSING is reported by {@link layoutOf}).
 */
function hasKeyColumns(grid: SheetGrid, layout: Layout, state: State, summary: SheetSummary): boolean {
  const f = layout.byField;
  state.keyColumns.set(grid.name, {
    uscc: f.get('uscc')?.label ?? null,
    projectCode: f.get('projectCode')?.label ?? null,
    name: f.get('name')?.label ?? null,
  });
  if (f.has('uscc') || f.has('projectCode')) return true;
  countRows(grid, layout, summary);
  return false;
}

/** Points the cursor at the key column a row's key came from (uscc when it had one). */
function atKey(layout: Layout, id: { uscc: string | null }, cells: readonly Cell[], cursor: RowCursor): void {
  const f = layout.byField;
  cursor.at(f.get('uscc') && id.uscc ? f.get('uscc') : (f.get('projectCode') ?? f.get('uscc')), cells);
}

function walkRegister(grid: SheetGrid, layout: Layout, state: State, summary: SheetSummary): void {
  const sheet = grid.name;
  const cursor = new RowCursor(state.findings, sheet);
  const f = layout.byField;
  const b = (field: string) => f.get(field);
  const present: readonly (keyof RegisterRecord)[] = Object.freeze([
    'key',
    'month',
    ...REGISTER_COLUMNS.map((c) => c.field as keyof RegisterRecord).filter(
      (field) => field !== 'month' && f.has(field),
    ),
  ]);
  const missing = REGISTER_FIELDS_REQUIRED_FOR_NEW.filter((field) => !f.has(field));
  if (missing.length > 0) state.missingRequired.set(sheet, missing);
  if (!hasKeyColumns(grid, layout, state, summary)) return;
  const bName = b('name');
  const bStage = b('stage');
  const bRecruiter = b('recruiter');
  const bStreet = b('street');
  const bStat = b('statStreet');
  const bZone = b('zone');
  const bKeyProject = b('keyProject');
  const bMovement = b('movement');
  const bOrigin = b('originStreet');
  const bAbove = b('aboveScale');
  const bCategory = b('category');
  const bCompleted = b('completedOn');
  const bMonth = b('month');
  const bNote = b('note');
  const report = cursor.report;

  for (let r = layout.headerRow + 1; r < grid.rows.length; r++) {
    const cells = dataRow(grid, r, cursor, summary);
    if (!cells) continue;
    const id = readKey(layout, cells, cursor);
    if (id.key != null) state.registerKeys.add(id.key);

    let name: string | null | undefined = '';
    if (bName) {
      name = textField(cursor.at(bName, cells), bName.written, report, 200);
      if (name === null) {
        report('E_NAME_MISSING', 'error', `「${bName.written}」未填写；请填写企业或项目的全称。`);
      }
    }
    let stage: Stage | undefined = '' as Stage;
    if (bStage) stage = stageField(cursor.at(bStage, cells), bStage.written, report);
    const recruiter = bRecruiter
      ? recruiterField(cursor.at(bRecruiter, cells), bRecruiter.written, report)
      : null;
    let street: StreetId | null | undefined = '' as StreetId;
    if (bStreet) {
      street = streetField(cursor.at(bStreet, cells), bStreet.written, report);
      if (street === null) {
        report(
          'E_STREET_MISSING',
          'error',
          `「${bStreet.written}」未填写；应填写企业实际经营地或项目选址所在的街道：${STREET_CHOICES}。`,
        );
      }
    }
    const statStreet = bStat ? streetField(cursor.at(bStat, cells), bStat.written, report) : null;
    const zone = bZone ? zoneField(cursor.at(bZone, cells), bZone.written, report) : null;
    const keyProject = bKeyProject
      ? keyProjectField(cursor.at(bKeyProject, cells), bKeyProject.written, report)
      : null;
    const movement = bMovement ? movementField(cursor.at(bMovement, cells), bMovement.written, report) : null;
    const originStreet = bOrigin ? streetField(cursor.at(bOrigin, cells), bOrigin.written, report) : null;
    const aboveScale = bAbove ? booleanField(cursor.at(bAbove, cells), bAbove.written, report) : null;
    const category = bCategory
      ? textField(cursor.at(bCategory, cells), bCategory.written, report, 200)
      : null;
    const completedOn = bCompleted
      ? dateField(cursor.at(bCompleted, cells), bCompleted.written, report)
      : null;
    const note = bNote ? textField(cursor.at(bNote, cells), bNote.written, report, 2000) : null;

    if (bMonth) {
      const month = monthField(cursor.at(bMonth, cells), bMonth.written, report);
      if (month != null) {
        const ref = state.monthRef;
        if (ref === null) state.monthRef = { month, sheet, row: r + 1, label: bMonth.label };
        else if (ref.month !== month) {
          const where = ref.sheet === sheet ? `第 ${ref.row} 行` : `工作表“${ref.sheet}”第 ${ref.row} 行`;
          report(
            'E_MONTH_MIXED',
            'error',
            `${said(bMonth.written, cursor.cell)}，与${where}的 ${monthLabel(ref.month)} 不同；一个台账只能报送一个月份，请统一为同一报送月份，或分开上传。`,
          );
        }
      }
    }

    if (movement != null && originStreet === null) {
      cursor.at(bOrigin ?? bMovement, cells);
      report(
        'E_ORIGIN_MISSING',
        'error',
        bOrigin
          ? `「扩产搬迁」填写为“${movement === 'expansion' ? '扩产' : '搬迁'}”，但「${bOrigin.written}」未填写；请填写扩产或搬迁前所在的街道：${STREET_CHOICES}。`
          : `「扩产搬迁」填写为“${movement === 'expansion' ? '扩产' : '搬迁'}”，但工作表没有「原所在街道」列；请加上该列并填写扩产或搬迁前所在的街道。`,
      );
    }
    if (zone?.liesIn && street && zone.liesIn !== street) {
      cursor.at(bZone, cells);
      report(
        'E_ZONE_STREET',
        'error',
        `「${bZone?.written ?? '所在园区'}」为“${zone.name}”，它位于${streetName(zone.liesIn)}，但「${bStreet?.written ?? '所在街道'}」填写为${streetName(street)}，台账自相矛盾；请改正所在街道为${streetName(zone.liesIn)}，或改正所在园区。`,
      );
    }

    if (id.key == null) continue;
    const record = recordAsRead({
      key: id.key,
      uscc: id.uscc,
      projectCode: id.projectCode,
      name: name ?? '',
      stage: stage ?? ('' as Stage),
      recruiter,
      street: street ?? ('' as StreetId),
      statStreet,
      zone: zone?.id,
      keyProject,
      movement,
      originStreet,
      aboveScale,
      category,
      completedOn,
      month: '',
      note,
    });
    atKey(layout, id, cells, cursor);
    if (!keepRow(state.registerSeen, id.key, record, cursor, sheet, `企业（项目）“${id.key}”`)) continue;
    state.register.push({ sheet, row: r + 1, record, present });
    summary.rowsApplied++;
  }
}

function streetName(id: StreetId): string {
  return unitName(id);
}

/** Reads the amount of one indicator column into `values`; false when it was an error. */
function readAmount(
  binding: Binding,
  cells: readonly Cell[],
  cursor: RowCursor,
  values: Record<string, string | null>,
): void {
  const def = binding.column.indicator;
  if (!def) return;
  const cell = cursor.at(binding, cells);
  if (refuseCell(cell, binding.written, cursor.report)) return;
  const r = parseAmount(cell, def.unit, binding.unit);
  if (!r.ok) {
    cursor.report(
      r.problem.startsWith('换算为') ? 'E_DECIMALS' : 'E_NUMBER',
      'error',
      `${said(binding.written, cell)}，${r.problem}。`,
    );
    return;
  }
  if (r.value != null && isNegative(r.value)) {
    cursor.report(
      'W_NEGATIVE',
      'warning',
      `${said(binding.written, cell)}，是负数；当月值一般不为负，请核对（如确为负数，例如退税冲减，可保留）。`,
    );
  }
  values[def.id] = r.value;
}

function walkIndicators(grid: SheetGrid, layout: Layout, state: State, summary: SheetSummary): void {
  const sheet = grid.name;
  const cursor = new RowCursor(state.findings, sheet);
  const f = layout.byField;
  if (!hasKeyColumns(grid, layout, state, summary)) return;
  const bName = f.get('name');
  const bMonth = f.get('month');
  const amounts = layout.bindings.filter((x) => x.column.indicator);
  const seen = new Map<string, KeySeen>();
  const checksumSeen = new Set<string>();
  const report = cursor.report;
  for (let r = layout.headerRow + 1; r < grid.rows.length; r++) {
    const cells = dataRow(grid, r, cursor, summary);
    if (!cells) continue;
    const before = state.findings.all.length;
    const id = readKey(layout, cells, cursor);
    // A wrong check character is reported once per enterprise, not once per month.
    if (id.key != null && state.findings.all.length > before) {
      const last = state.findings.all[state.findings.all.length - 1];
      if (last?.code === 'W_USCC_CHECKSUM') {
        if (checksumSeen.has(id.key)) state.findings.all.pop();
        else checksumSeen.add(id.key);
      }
    }
    const name = bName ? textField(cursor.at(bName, cells), bName.written, report, 200) : null;
    let month: Month | null | undefined = null;
    if (bMonth) {
      month = monthField(cursor.at(bMonth, cells), bMonth.written, report);
      if (month === null) {
        report(
          'E_MONTH_MISSING',
          'error',
          `「${bMonth.written}」未填写；请填写这些指标所属的月份，如 2026-10。`,
        );
      }
    }
    const values: Record<string, string | null> = {};
    for (const binding of amounts) readAmount(binding, cells, cursor, values);
    if (id.key == null || month == null) continue;
    atKey(layout, id, cells, cursor);
    const what = `企业（项目）“${id.key}”${monthLabel(month)}的指标`;
    if (!keepRow(seen, `${id.key}\u0000${month}`, [name ?? null, values], cursor, sheet, what)) continue;
    const row: IndicatorRow & { sheet: string; row: number; name: string | null } = {
      key: id.key,
      month,
      values,
      sheet,
      row: r + 1,
      name: name ?? null,
    };
    state.indicators.push(row);
    summary.rowsApplied++;
  }
}

function walkTargets(grid: SheetGrid, layout: Layout, state: State, summary: SheetSummary): void {
  const sheet = grid.name;
  const cursor = new RowCursor(state.findings, sheet);
  const f = layout.byField;
  const bUnit = f.get('unit');
  const bYear = f.get('year');
  const amounts = layout.bindings.filter((x) => x.column.indicator);
  const seen = new Map<string, KeySeen>();
  const report = cursor.report;
  for (let r = layout.headerRow + 1; r < grid.rows.length; r++) {
    const cells = dataRow(grid, r, cursor, summary);
    if (!cells) continue;
    const unit = unitField(bUnit, cells, cursor, findTargetUnit, TARGET_UNIT_CHOICES);
    let year: number | undefined;
    if (bYear) {
      const cell = cursor.at(bYear, cells);
      if (!refuseCell(cell, bYear.written, report)) {
        year = yearOf(cell);
        if (year === undefined) {
          report(
            'E_YEAR',
            'error',
            `${said(bYear.written, cell)}，不是年度；应为 2000–2099 的四位年份，如 2026。`,
          );
        }
      }
    }
    const values: Record<string, string | null> = {};
    for (const binding of amounts) readAmount(binding, cells, cursor, values);
    if (unit === undefined || year === undefined) continue;
    cursor.at(bUnit, cells);
    const what = `单位“${textOf(cursor.cell) ?? unit}”${year}年度的目标`;
    if (!keepRow(seen, `${unit}\u0000${year}`, values, cursor, sheet, what)) continue;
    const row: TargetRow & { sheet: string; row: number } = { unit, year, values, sheet, row: r + 1 };
    state.targets.push(row);
    summary.rowsApplied++;
  }
}

const findUnitId = (text: string): UnitId | undefined => findUnit(text)?.id;
const TARGET_UNIT_CHOICES = `：全区，或街道（${STREET_CHOICES}），或产业办（${OFFICE_CHOICES}）`;
const CONTACT_UNIT_CHOICES = `街道（${STREET_CHOICES}）、产业办（${OFFICE_CHOICES}）或区商务局`;

/**
 * Reads the unit column of a targets or contacts row: undefined when the sheet has no such
 * column, or (with E_UNIT_MISSING or E_UNKNOWN_UNIT) when it names no unit `find` knows.
 *
 * @param expected what the cell should hold, ending the message after 应填写
 */
function unitField<U>(
  binding: Binding | undefined,
  cells: readonly Cell[],
  cursor: RowCursor,
  find: (text: string) => U | undefined,
  expected: string,
): U | undefined {
  if (!binding) return undefined;
  const cell = cursor.at(binding, cells);
  if (refuseCell(cell, binding.written, cursor.report)) return undefined;
  const text = textOf(cell);
  const unit = text == null ? undefined : find(text);
  if (unit === undefined) {
    cursor.report(
      text == null ? 'E_UNIT_MISSING' : 'E_UNKNOWN_UNIT',
      'error',
      `${said(binding.written, cell)}，${text == null ? '' : '不是本区单位名称；'}应填写${expected}。`,
    );
  }
  return unit;
}

function yearOf(cell: Cell | undefined): number | undefined {
  let year: number | undefined;
  if (cell?.t === 'number' && Number.isInteger(cell.v)) year = cell.v;
  else if (cell?.t === 'text') {
    const m = YEAR_TEXT.exec(compact(cell.v));
    if (m) year = Number(m[1]);
  }
  return year !== undefined && year >= 2000 && year <= 2099 ? year : undefined;
}

function walkContacts(grid: SheetGrid, layout: Layout, state: State, summary: SheetSummary): void {
  const sheet = grid.name;
  const cursor = new RowCursor(state.findings, sheet);
  const f = layout.byField;
  const bUnit = f.get('unit');
  const bName = f.get('name');
  const bEmail = f.get('email');
  const bReceives = f.get('receives');
  const seen = new Map<string, KeySeen>();
  const report = cursor.report;
  for (let r = layout.headerRow + 1; r < grid.rows.length; r++) {
    const cells = dataRow(grid, r, cursor, summary);
    if (!cells) continue;
    const unit = unitField(bUnit, cells, cursor, findUnitId, CONTACT_UNIT_CHOICES);
    const name = bName ? textField(cursor.at(bName, cells), bName.written, report, 100) : null;
    let email: string | null | undefined;
    if (bEmail) {
      const cell = cursor.at(bEmail, cells);
      email = textField(cell, bEmail.written, report, 254);
      if (email !== undefined && (email === null || !EMAIL.test(email))) {
        report(
          'E_EMAIL',
          'error',
          `${said(bEmail.written, cell)}，${email === null ? '' : '不是有效的邮箱地址；'}应填写接收月报的邮箱，如 name@example.com。`,
        );
        email = undefined;
      }
    }
    let receives: boolean | null | undefined = true;
    if (bReceives) receives = booleanField(cursor.at(bReceives, cells), bReceives.written, report);
    if (unit === undefined || email == null) continue;
    const contact: ContactRow = { unit, name: name ?? '', email, receives: receives ?? true };
    cursor.at(bEmail, cells);
    const what = `单位“${unit}”的联系人邮箱“${email}”`;
    if (!keepRow(seen, `${unit}\u0000${email.toLowerCase()}`, contact, cursor, sheet, what)) continue;
    state.contacts.push({ ...contact, sheet, row: r + 1 });
    summary.rowsApplied++;
  }
}

function countRows(grid: SheetGrid, layout: Layout, summary: SheetSummary): void {
  for (let r = layout.headerRow + 1; r < grid.rows.length; r++)
    if (!isBlankRow(grid.rows[r])) summary.rowsRead++;
}

/** Rows after the last non-blank one are not data rows (a declared range may run far beyond it). */
function lastDataRow(rows: readonly Cell[][]): number {
  let last = rows.length - 1;
  while (last >= 0 && isBlankRow(rows[last])) last--;
  return last;
}

function widthOf(rows: readonly Cell[][], upTo: number): number {
  let width = 0;
  for (let r = 0; r <= upTo; r++) {
    const row = rows[r];
    if (!row || row.length <= width) continue;
    let end = row.length;
    while (end > width && row[end - 1] == null) end--;
    if (end > width) width = end;
  }
  return width;
}

// ─────────────────────────── the workbook ───────────────────────────

/**
 * Checks every sheet of a workbook (registers.md §2–§5) and answers what it says.
 *
 * - Sheet kinds by headers (sheet name as tie-break); the header row is the first of the
 *   first 10 rows with at least two known headers.
 * - Every cell checked; every finding collected (code, severity, sheet, Excel row, column as
 *   `F 所在街道`, value as read, Chinese message saying what is wrong and what would be right).
 * - Rows with an error are left out of `register`/`indicators`/`targets`/`contacts`; a workbook
 *   with any error must not be applied at all (`hasErrors(findings)`).
 * - The register's 报送月份: the 报送月份 column (all rows agree, else E_MONTH_MIXED), else the
 *   file name, else `uploadedMonth` with W_MONTH_ASSUMED.
 * - A register column absent from the sheet is left out of `RegisterRow.present` (its value in
 *   `record` is a placeholder): merge with {@link mergeVersion}, and let
 *   {@link checkAgainstStore} report a new record that lacks 名称/项目状态/所在街道.
 *
 * Pure: no I/O, no clock. Linear in the number of cells.
 */
export function checkWorkbook(sheets: readonly SheetGrid[], context: CheckContext): ParsedWorkbook {
  const limits = { ...DEFAULT_LIMITS, ...(context.limits ?? {}) };
  const state: State = {
    findings: new Findings(),
    register: [],
    indicators: [],
    targets: [],
    contacts: [],
    summaries: new Map(),
    registerKeys: new Set(),
    registerSeen: new Map(),
    monthRef: null,
    keyColumns: new Map(),
    missingRequired: new Map(),
  };
  const laid: { grid: SheetGrid; layout: Layout; summary: SheetSummary }[] = [];
  const summaries: SheetSummary[] = [];
  for (const grid of sheets) {
    const summary: SheetSummary = {
      sheet: grid.name,
      kind: null,
      rowsRead: 0,
      rowsApplied: 0,
      errors: 0,
      warnings: 0,
    };
    summaries.push(summary);
    const last = lastDataRow(grid.rows);
    const width = widthOf(grid.rows, last);
    if (width > limits.maxColumns) {
      state.findings.add(
        'E_COLUMNS_LIMIT',
        'error',
        grid.name,
        null,
        null,
        String(width),
        `工作表“${grid.name}”有 ${width} 列，超过上限 ${limits.maxColumns} 列；请删去多余的列（模板最多需要 ${limits.maxColumns} 列）后重新上传。`,
      );
      continue;
    }
    const trimmed: SheetGrid =
      last + 1 < grid.rows.length ? { name: grid.name, rows: grid.rows.slice(0, last + 1) } : grid;
    const layout = layoutOf(trimmed, state.findings);
    if (!layout) continue;
    summary.kind = layout.kind;
    const dataRows = last - layout.headerRow;
    if (dataRows > limits.maxRows) {
      state.findings.add(
        'E_ROWS_LIMIT',
        'error',
        grid.name,
        null,
        null,
        String(dataRows),
        `工作表“${grid.name}”有 ${dataRows} 行数据，超过上限 ${limits.maxRows} 行；请拆分为多个文件分别上传。`,
      );
      continue;
    }
    laid.push({ grid: trimmed, layout, summary });
  }
  // The register first: indicators may refer to enterprises registered in the same workbook.
  for (const { grid, layout, summary } of laid)
    if (layout.kind === 'register') walkRegister(grid, layout, state, summary);
  for (const { grid, layout, summary } of laid) {
    if (layout.kind === 'indicators') walkIndicators(grid, layout, state, summary);
    else if (layout.kind === 'targets') walkTargets(grid, layout, state, summary);
    else if (layout.kind === 'contacts') walkContacts(grid, layout, state, summary);
  }

  let registerMonth: Month | null = null;
  const registerSheets = laid.filter((x) => x.layout.kind === 'register');
  if (registerSheets.length > 0) {
    registerMonth = state.monthRef?.month ?? monthFromFileName(context.fileName);
    if (registerMonth == null) {
      registerMonth = context.uploadedMonth;
      state.findings.add(
        'W_MONTH_ASSUMED',
        'warning',
        registerSheets[0]?.grid.name ?? null,
        null,
        null,
        context.fileName,
        `未能确定台账的报送月份：工作表没有填写「报送月份」，文件名“${context.fileName}”中也没有年月；已按上传月份${monthLabel(context.uploadedMonth)}处理。如不是该月，请填写「报送月份」列，或在文件名中写明，如“${context.uploadedMonth}-台账.xlsx”。`,
      );
    }
    for (const row of state.register) row.record.month = registerMonth;
  }

  const counts = new Map<string, SheetSummary>();
  for (const s of summaries) counts.set(s.sheet, s);
  for (const finding of state.findings.all) {
    const s = finding.sheet == null ? undefined : counts.get(finding.sheet);
    if (!s) continue;
    if (finding.severity === 'error') s.errors++;
    else s.warnings++;
  }

  const parsed: ParsedWorkbook = {
    registerMonth,
    register: state.register,
    indicators: state.indicators,
    targets: state.targets,
    contacts: state.contacts,
    findings: state.findings.all,
    sheets: summaries,
  };
  SIDE_INFO.set(parsed, {
    registerKeys: state.registerKeys,
    keyColumns: state.keyColumns,
    missingRequired: state.missingRequired,
  });
  return parsed;
}
