/**
 * `checkWorkbook`: the pure part of the spreadsheet import front (docs/registers.md).
 * It takes the sheets as the file reader hands them (raw typed cells, never a guess)
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
import { add, compare, type Decimal, isNegative } from '../decimal.ts';
import { type KeyProjectName, listedKeyProject } from '../key-projects.ts';
import { compareMonths, monthLabel } from '../months.ts';
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
  YearToDateCell,
} from '../types.ts';
import { findTargetUnit, findUnit, type StreetId, type UnitId, unitName } from '../units.ts';
import { AROUND_NAMES, type AroundKind, aroundKindOf } from './around.ts';
import { REGISTER_COLUMNS, SCALE_FORMS, SHEET_KIND_NAMES } from './columns.ts';
import {
  booleanField,
  cachedUnits,
  dateField,
  keyProjectField,
  keyProjectUnlistedMessage,
  monthField,
  movementField,
  nameField,
  OFFICE_CHOICES,
  oneUnit,
  REGISTER_KEY_PROJECTS,
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
import { HEADER_SEARCH_ROWS } from './layout.ts';
import { type ColumnMapping, MappingIndex, type UnknownHeader } from './mapping.ts';
import { recordAsRead } from './merge.ts';
import { type Binding, type Layout, layoutOf, type Reading } from './sheet-layout.ts';
import { monthOf, monthOfSheetName, monthOfText, statedMonthOf, yearOfText } from './sheet-month.ts';
import { type AmountColumn, SIDE_INFO } from './side.ts';
import { EXAMPLE_MARK } from './template.ts';
import { cellValueAsRead, columnLetter, compact, isBlankRow, withSubject } from './text.ts';
import { isTextDash, isWithdrawal, monthFromFileName, parseAmount, textOf } from './values.ts';

/** Limits of one sheet (docs/registers.md). */
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
  /**
   * The key projects the caller's policies list (`listedKeyProjects(policies)`,
   * domain/key-projects.ts): a 重大项目 naming none of them is recorded as written and reported
   * once per sheet (W_KEY_PROJECT_UNLISTED). Default: the register's own known forms
   * (`REGISTER_KEY_PROJECTS`, 京东方 and 康宁). The reader takes no policy itself.
   */
  keyProjects?: readonly KeyProjectName[];
  /**
   * The column mappings to read with (the uploader unit's saved ones, and a check's given
   * ones; domain/registers/mapping.ts): a header the rules do not know is read as the mapped
   * template column and named in a finding; a header the rules know is read by the rules.
   */
  mapping?: readonly ColumnMapping[];
}

export const DEFAULT_LIMITS: Required<SheetLimits> = { maxRows: 200_000, maxColumns: 60 };

export { HEADER_SEARCH_ROWS };

const REGISTER_FIELDS_REQUIRED_FOR_NEW = ['name', 'stage', 'street'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;
const YEAR_TEXT = /^(\d{4})年?(?:度)?$/u;

/** Collects findings in order and counts them per sheet. */
class Findings {
  readonly all: Finding[] = [];
  /** `sheet\u0000row` of the rows kept first and then met again with other content: left out. */
  readonly conflicts = new Set<string>();
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
  /** Flags the first of two conflicting rows (once) and leaves it out of what is read. */
  conflict(first: KeySeen, _here: KeySeen, message: string): void {
    if (first.flagged) return;
    first.flagged = true;
    this.findings.conflicts.add(`${first.sheet}\u0000${first.row}`);
    this.findings.add(
      'E_DUPLICATE_KEY',
      'error',
      first.sheet,
      first.row,
      first.column ?? null,
      first.value ?? null,
      message,
    );
  }
  /** Points the cursor at a column of the current row; returns the cell. */
  at(binding: Binding | undefined, cells: readonly Cell[]): Cell | undefined {
    this.binding = binding ?? null;
    this.cell = binding ? (cells[binding.index] ?? undefined) : undefined;
    return this.cell;
  }
}

// ─────────────────────────── the walk ───────────────────────────

interface KeySeen {
  readonly sheet: string;
  readonly row: number;
  /** The parsed row, when it parsed without error: identical duplicates are dropped (compared as JSON on a collision only). */
  readonly parsed: unknown;
  /** The column and value the first row's finding would point at (when a later row conflicts). */
  readonly column?: string | null;
  readonly value?: string | null;
  /** Whether the first row has been flagged already (E_DUPLICATE_KEY once). */
  flagged?: boolean;
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
  /** The 报送月份 column's month of the register sheets whose name or title states none (they must agree). */
  monthRef: { month: Month; sheet: string; row: number; label: string } | null;
  readonly yearToDate: YearToDateCell[];
  readonly keyColumns: Map<string, { uscc: string | null; projectCode: string | null; name: string | null }>;
  readonly missingRequired: Map<string, string[]>;
  readonly amountColumns: Map<string, readonly AmountColumn[]>;
  /** The key projects a 重大项目 may name without W_KEY_PROJECT_UNLISTED. */
  readonly keyProjects: readonly KeyProjectName[];
}

/** One sheet's walk: its layout, its stated month, and the rows around the table it met. */
interface SheetWalk {
  readonly grid: SheetGrid;
  readonly layout: Layout;
  readonly summary: SheetSummary;
  /** The month the sheet's name or title states (one sheet per month), else null. */
  month: Month | null;
  /** Where `month` came from, for the W_MONTH_SOURCE finding. */
  monthSource: string | null;
  /** Its name states a month without a year that nothing else gives (E_MONTH_MISSING reported). */
  monthMissing?: boolean;
  /** The first 报送月份 its column gave (a sheet whose name states its month checks its own rows against it). */
  columnMonth: { month: Month; sheet: string; row: number; label: string } | null;
  /** The month its rows take when it has no 月份/报送月份 column: `month`, else the file name's. */
  fallbackMonth: Month | null;
  readonly skipped: { row: number; kind: AroundKind }[];
  readonly totals: { row: number; cells: readonly Cell[] }[];
  /** Rows that are the template's example rows (first cell 示例：…). */
  readonly examples: { row: number; value: string }[];
}

/** The text of a row's first non-blank cell when it marks the template's example row. */
function exampleMark(cells: readonly Cell[]): string | null {
  for (const cell of cells) {
    if (cell == null) continue;
    if (cell.t !== 'text') return null;
    const v = cell.v.trim();
    if (v === '') continue;
    return v.startsWith(EXAMPLE_MARK) ? v : null;
  }
  return null;
}

/**
 * Starts the walk of data row `r` (0-based): null for a blank row or a row around the table
 * (合计, 注, 填表人: noted for W_ROWS_SKIPPED); else the row is counted as read and the cursor
 * points at it, with no error yet.
 */
function dataRow(walk: SheetWalk, r: number, cursor: RowCursor): Cell[] | null {
  const cells = walk.grid.rows[r];
  if (!cells || isBlankRow(cells)) {
    walk.skipped.push({ row: r + 1, kind: 'blank' });
    return null;
  }
  const example = exampleMark(cells);
  if (example != null) {
    walk.examples.push({ row: r + 1, value: example });
    return null;
  }
  const around = aroundKindOf(cells);
  if (around) {
    walk.skipped.push({ row: r + 1, kind: around });
    if (around === 'total') walk.totals.push({ row: r + 1, cells });
    return null;
  }
  walk.summary.rowsRead++;
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
  const here: KeySeen = {
    sheet,
    row: cursor.row,
    parsed: ok ? parsed : null,
    column: cursor.binding?.label ?? null,
    value: cellValueAsRead(cursor.cell),
  };
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
  const one = what.startsWith('单位') ? '单位' : '企业（项目）';
  cursor.report(
    'E_DUPLICATE_KEY',
    'error',
    `${what}与${where}重复，且两行内容不同，无法确定以哪一行为准；同一${one}只能填写一行：请合并或删去其中一行。`,
  );
  // The first row is flagged too, naming this one, and neither is read.
  cursor.conflict(
    first,
    here,
    `${what}与${first.sheet === here.sheet ? `第 ${here.row} 行` : `工作表“${here.sheet}”第 ${here.row} 行`}重复，且两行内容不同，无法确定以哪一行为准；同一${one}只能填写一行：请合并或删去其中一行。`,
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

/** The register columns a sheet binds (each undefined when it has none). */
function registerColumns(layout: Layout, scale: Binding | undefined) {
  const b = (field: string) => layout.byField.get(field);
  return {
    name: b('name'),
    stage: b('stage'),
    recruiter: b('recruiter'),
    street: b('street'),
    statStreet: b('statStreet'),
    zone: b('zone'),
    keyProject: b('keyProject'),
    movement: b('movement'),
    origin: b('originStreet'),
    above: b('aboveScale'),
    scale,
    category: b('category'),
    completed: b('completedOn'),
    month: b('month'),
    note: b('note'),
  };
}

type RegisterColumns = ReturnType<typeof registerColumns>;

/**
 * A register row's cells, each checked (its finding reported at the cell): undefined where a
 * cell is wrong, `''` where the sheet has no such column and the field is required of a new
 * record (the store check reports it when the record is new).
 */
function readRegisterCells(c: RegisterColumns, cells: readonly Cell[], cursor: RowCursor) {
  const report = cursor.report;
  let name: string | null | undefined = '';
  if (c.name) {
    name = nameField(cursor.at(c.name, cells), c.name.written, report, 200);
    if (name === null)
      report('E_NAME_MISSING', 'error', `「${c.name.written}」未填写；请填写企业或项目的全称。`);
  }
  let stage: Stage | undefined = '' as Stage;
  if (c.stage) stage = stageField(cursor.at(c.stage, cells), c.stage.written, report);
  const recruiter = c.recruiter
    ? recruiterField(cursor.at(c.recruiter, cells), c.recruiter.written, report)
    : null;
  let street: StreetId | null | undefined = '' as StreetId;
  if (c.street) {
    street = streetField(cursor.at(c.street, cells), c.street.written, report);
    if (street === null) {
      report(
        'E_STREET_MISSING',
        'error',
        `「${c.street.written}」未填写；应填写企业实际经营地或项目选址所在的街道：${STREET_CHOICES}。`,
      );
    }
  }
  const statStreet = c.statStreet
    ? streetField(cursor.at(c.statStreet, cells), c.statStreet.written, report)
    : null;
  const zone = c.zone ? zoneField(cursor.at(c.zone, cells), c.zone.written, report) : null;
  const keyProject = c.keyProject
    ? keyProjectField(cursor.at(c.keyProject, cells), c.keyProject.written, report)
    : null;
  const movement = c.movement
    ? movementField(cursor.at(c.movement, cells), c.movement.written, report)
    : null;
  const originStreet = c.origin ? streetField(cursor.at(c.origin, cells), c.origin.written, report) : null;
  let aboveScale = c.above ? booleanField(cursor.at(c.above, cells), c.above.written, report) : null;
  if (c.scale) aboveScale = scaleOfRow(c.scale, c.above, aboveScale, cells, cursor);
  const category = c.category
    ? textField(cursor.at(c.category, cells), c.category.written, report, 200)
    : null;
  const completedOn = c.completed
    ? dateField(cursor.at(c.completed, cells), c.completed.written, report)
    : null;
  const note = c.note ? textField(cursor.at(c.note, cells), c.note.written, report, 2000) : null;
  return {
    name,
    stage,
    recruiter,
    street,
    statStreet,
    zone,
    keyProject,
    movement,
    originStreet,
    aboveScale,
    category,
    completedOn,
    note,
  };
}

type RegisterCells = ReturnType<typeof readRegisterCells>;

/**
 * A register row's 报送月份 against the sheet's (or, for the sheets that state no month of
 * their own, the workbook's) first one: E_MONTH_MIXED when it differs.
 */
function checkRowMonth(
  walk: SheetWalk,
  state: State,
  bMonth: Binding,
  cells: readonly Cell[],
  cursor: RowCursor,
  r: number,
): void {
  const sheet = walk.grid.name;
  const month = monthField(cursor.at(bMonth, cells), bMonth.written, cursor.report);
  if (month == null) return;
  // Sheets that state no month of their own make one register: their months must agree.
  const shared = walk.month == null;
  const ref = shared ? state.monthRef : walk.columnMonth;
  if (ref === null) {
    const first = { month, sheet, row: r + 1, label: bMonth.label };
    if (shared) state.monthRef = first;
    walk.columnMonth = first;
  } else if (ref.month !== month) {
    const where = ref.sheet === sheet ? `第 ${ref.row} 行` : `工作表“${ref.sheet}”第 ${ref.row} 行`;
    cursor.report(
      'E_MONTH_MIXED',
      'error',
      `${said(bMonth.written, cursor.cell)}，与${where}的 ${monthLabel(ref.month)} 不同；一个台账只能报送一个月份，请统一为同一报送月份，或分开上传。`,
    );
  }
}

/** A register row's cells against one another: 扩产搬迁 without 原所在街道, a 园区 in another street. */
function checkRegisterCells(
  c: RegisterColumns,
  row: RegisterCells,
  cells: readonly Cell[],
  cursor: RowCursor,
): void {
  const { movement, zone, street } = row;
  if (movement != null && row.originStreet === null) {
    cursor.at(c.origin ?? c.movement, cells);
    cursor.report(
      'E_ORIGIN_MISSING',
      'error',
      c.origin
        ? `「扩产搬迁」填写为“${movement === 'expansion' ? '扩产' : '搬迁'}”，但「${c.origin.written}」未填写；请填写扩产或搬迁前所在的街道：${STREET_CHOICES}。`
        : `「扩产搬迁」填写为“${movement === 'expansion' ? '扩产' : '搬迁'}”，但工作表没有「原所在街道」列；请加上该列并填写扩产或搬迁前所在的街道。`,
    );
  }
  if (zone?.liesIn && street && zone.liesIn !== street) {
    cursor.at(c.zone, cells);
    cursor.report(
      'E_ZONE_STREET',
      'error',
      `「${c.zone?.written ?? '所在园区'}」为“${zone.name}”，它位于${streetName(zone.liesIn)}，但「${c.street?.written ?? '所在街道'}」填写为${streetName(street)}，台账自相矛盾；请改正所在街道为${streetName(zone.liesIn)}，或改正所在园区。`,
    );
  }
}

/** The record a register row reads as (its month is given when it is stored). */
function registerRecordOf(
  id: { key: string; uscc: string | null; projectCode: string | null },
  row: RegisterCells,
): RegisterRecord {
  return recordAsRead({
    key: id.key,
    uscc: id.uscc,
    projectCode: id.projectCode,
    name: row.name ?? '',
    stage: row.stage ?? ('' as Stage),
    recruiter: row.recruiter,
    street: row.street ?? ('' as StreetId),
    statStreet: row.statStreet,
    zone: row.zone?.id,
    keyProject: row.keyProject,
    movement: row.movement,
    originStreet: row.originStreet,
    aboveScale: row.aboveScale,
    category: row.category,
    completedOn: row.completedOn,
    month: '' as Month, // not read from the row: the register's month is given when it is stored
    note: row.note,
  });
}

/** Reads a register sheet row by row: each row's key and cells checked, the rows without an error kept. */
function walkRegister(walk: SheetWalk, state: State): void {
  const { grid, layout, summary } = walk;
  const sheet = grid.name;
  const cursor = new RowCursor(state.findings, sheet);
  const f = layout.byField;
  const bScale = scaleColumn(walk, state);
  const present: readonly (keyof RegisterRecord)[] = Object.freeze([
    'key',
    'month',
    ...REGISTER_COLUMNS.map((c) => c.field as keyof RegisterRecord).filter(
      (field) => field !== 'month' && (f.has(field) || (field === 'aboveScale' && bScale != null)),
    ),
  ]);
  const missing = REGISTER_FIELDS_REQUIRED_FOR_NEW.filter((field) => !f.has(field));
  if (missing.length > 0) state.missingRequired.set(sheet, missing);
  if (!hasKeyColumns(grid, layout, state, summary)) return;
  const columns = registerColumns(layout, bScale);
  /** 重大项目 values no listed key project has, with their Excel rows (W_KEY_PROJECT_UNLISTED). */
  const unlisted = new Map<string, number[]>();

  for (let r = layout.dataStart; r < grid.rows.length; r++) {
    const cells = dataRow(walk, r, cursor);
    if (!cells) continue;
    const id = readKey(layout, cells, cursor);
    if (id.key != null) state.registerKeys.add(id.key);
    const row = readRegisterCells(columns, cells, cursor);
    const { keyProject } = row;
    if (keyProject != null && !listedKeyProject(state.keyProjects, keyProject)) {
      const rows = unlisted.get(keyProject);
      if (rows) rows.push(r + 1);
      else unlisted.set(keyProject, [r + 1]);
    }
    if (columns.month) checkRowMonth(walk, state, columns.month, cells, cursor, r);
    checkRegisterCells(columns, row, cells, cursor);

    if (id.key == null) continue;
    const record = registerRecordOf({ ...id, key: id.key }, row);
    atKey(layout, id, cells, cursor);
    // One sheet per month: a key is unique within its month's sheets, not across months.
    const seenKey = walk.month == null ? id.key : `${walk.month}\u0000${id.key}`;
    if (!keepRow(state.registerSeen, seenKey, record, cursor, sheet, `企业（项目）“${id.key}”`)) continue;
    state.register.push({ sheet, row: r + 1, record, present });
    summary.rowsApplied++;
  }
  if (columns.keyProject) reportUnlisted(sheet, columns.keyProject, unlisted, state);
}

/**
 * The 企业规模/规模 column, when every value in it is a scale word (规上/规下/规模以上/规模以下):
 * read as 规上工业. Other values: the column is ignored (W_COLUMN_IGNORED naming them).
 */
function scaleColumn(walk: SheetWalk, state: State): Binding | undefined {
  const binding = walk.layout.byField.get('scale');
  if (!binding) return undefined;
  const other = new Set<string>();
  for (let r = walk.layout.dataStart; r < walk.grid.rows.length; r++) {
    const text = textOf(walk.grid.rows[r]?.[binding.index] ?? undefined);
    if (text != null && !SCALE_FORMS.has(compact(text))) other.add(text);
    if (other.size >= 5) break;
  }
  if (other.size === 0) return binding;
  state.findings.add(
    'W_COLUMN_IGNORED',
    'warning',
    walk.grid.name,
    walk.layout.headerRow + 1,
    binding.label,
    binding.written,
    `列「${binding.written}」的值（${[...other].map((v) => `“${v}”`).join('、')}）不是“规上”“规下”“规模以上”“规模以下”，无法读作「规上工业」，该列已忽略；如要登记是否规上工业企业，请填写这四种之一，或使用「规上工业」列（是/否）。`,
  );
  return undefined;
}

/** A row's 规上工业 from its 企业规模 cell; both columns given must agree (E_SCALE_CONFLICT). */
function scaleOfRow(
  bScale: Binding,
  bAbove: Binding | undefined,
  aboveScale: boolean | null | undefined,
  cells: readonly Cell[],
  cursor: RowCursor,
): boolean | null | undefined {
  const cell = cursor.at(bScale, cells);
  const text = textOf(cell);
  const scale = text == null ? null : (SCALE_FORMS.get(compact(text)) ?? null);
  if (scale == null) return aboveScale;
  if (aboveScale == null) return aboveScale === undefined ? undefined : scale;
  if (aboveScale === scale) return scale;
  cursor.report(
    'E_SCALE_CONFLICT',
    'error',
    `「${bScale.written}」填写为“${text}”，而「${bAbove?.written ?? '规上工业'}」填写为“${aboveScale ? '是' : '否'}”，两列不一致；请改正其中一列（规上工业企业：是、规上；否则：否、规下）。`,
  );
  return undefined;
}

/**
 * One W_KEY_PROJECT_UNLISTED per sheet: the 重大项目 values that name no listed key project, each
 * with its rows (at the first of them); they are recorded as written.
 */
function reportUnlisted(
  sheet: string,
  binding: Binding,
  unlisted: ReadonlyMap<string, readonly number[]>,
  state: State,
): void {
  if (unlisted.size === 0) return;
  const entries = [...unlisted];
  const rowsOf = (rows: readonly number[]) =>
    rows.length > 20 ? `${rows.slice(0, 20).join('、')} 等 ${rows.length} 行` : rows.join('、');
  const values = entries.slice(0, 20).map(([value, rows]) => `“${value}”（第 ${rowsOf(rows)} 行）`);
  if (entries.length > 20) values.push(`等 ${entries.length} 个名称`);
  state.findings.add(
    'W_KEY_PROJECT_UNLISTED',
    'warning',
    sheet,
    Math.min(...entries.map(([, rows]) => rows[0] as number)),
    binding.label,
    entries.map(([value]) => value).join('、'),
    keyProjectUnlistedMessage(binding.written, values, state.keyProjects),
  );
}

function streetName(id: StreetId): string {
  return unitName(id);
}

/**
 * The marks of a figures sheet (domain/figures.ts): the columns of the current row reading
 * 撤回, and the text `-` cells of the sheet (one W_DASH_READ_AS_BLANK per sheet).
 */
class FigureMarks {
  withdrawn: Binding[] = [];
  dashes = 0;
  firstDash: { row: number; column: string } | null = null;
}

/** Reads the amount of one indicator column into `values` (null: blank, a mark or 撤回). */
function readAmount(
  binding: Binding,
  cells: readonly Cell[],
  cursor: RowCursor,
  values: Record<string, string | null>,
  marks?: FigureMarks,
): void {
  const def = binding.column.indicator;
  if (!def) return;
  const cell = cursor.at(binding, cells);
  if (refuseCell(cell, binding.written, cursor.report)) return;
  if (isWithdrawal(cell)) {
    // 撤回 in a 本年累计 column (never stored) is read as blank.
    values[def.id] = null;
    marks?.withdrawn.push(binding);
    return;
  }
  if (marks && isTextDash(cell)) {
    marks.dashes++;
    marks.firstDash ??= { row: cursor.row, column: binding.label };
  }
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

function walkIndicators(walk: SheetWalk, state: State): void {
  const { grid, layout, summary } = walk;
  const sheet = grid.name;
  const cursor = new RowCursor(state.findings, sheet);
  const f = layout.byField;
  if (!hasKeyColumns(grid, layout, state, summary)) return;
  const bName = f.get('name');
  const bMonth = f.get('month');
  const amounts = layout.bindings.filter((x) => x.column.indicator);
  state.amountColumns.set(
    sheet,
    amounts.map((b) => ({
      indicator: b.column.indicator?.id ?? '',
      index: b.index,
      unit: b.unit,
      written: b.written,
    })),
  );
  const marks = new FigureMarks();
  const seen = new Map<string, KeySeen>();
  const checksumSeen = new Set<string>();
  const report = cursor.report;
  for (let r = layout.dataStart; r < grid.rows.length; r++) {
    const cells = dataRow(walk, r, cursor);
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
    const name = bName ? nameField(cursor.at(bName, cells), bName.written, report, 200) : null;
    let month: Month | null | undefined = walk.fallbackMonth;
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
    marks.withdrawn = [];
    for (const binding of amounts) readAmount(binding, cells, cursor, values, marks);
    let ytd: Record<string, string | null> | null = null;
    if (layout.ytd.length > 0) {
      ytd = {};
      for (const binding of layout.ytd) readAmount(binding, cells, cursor, ytd);
    }
    if (id.key == null || month == null) continue;
    if (ytd && cursor.errors === 0) {
      for (const binding of layout.ytd) {
        const def = binding.column.indicator;
        const value = def ? ytd[def.id] : null;
        if (def && value != null)
          state.yearToDate.push({
            sheet,
            row: r + 1,
            column: binding.label,
            key: id.key,
            month,
            indicator: def.id,
            value,
          });
      }
    }
    const withdrawn = withdrawals(
      marks,
      amounts,
      cells,
      cursor,
      `企业（项目）“${id.key}”${monthLabel(month)}`,
    );
    atKey(layout, id, cells, cursor);
    const what = `企业（项目）“${id.key}”${monthLabel(month)}的指标`;
    const parsed = withdrawn ? [name ?? null, values, withdrawn] : [name ?? null, values];
    if (!keepRow(seen, `${id.key}\u0000${month}`, parsed, cursor, sheet, what)) continue;
    const row: IndicatorRow & { sheet: string; row: number; name: string | null } = {
      key: id.key,
      month,
      values,
      ...(withdrawn ? { withdrawn } : {}),
      sheet,
      row: r + 1,
      name: name ?? null,
    };
    state.indicators.push(row);
    summary.rowsApplied++;
  }
  dashFinding(marks, sheet, state.findings);
  checkTotals(walk, state.indicators, amounts, state.findings);
}

/**
 * W_FIGURE_WITHDRAWN for each cell of the row reading 撤回 (the whole enterprise-month, or
 * unit-year, when every indicator column of the row does): the indicators withdrawn, or
 * undefined when none.
 */
function withdrawals(
  marks: FigureMarks,
  amounts: readonly Binding[],
  cells: readonly Cell[],
  cursor: RowCursor,
  what: string,
): string[] | undefined {
  if (marks.withdrawn.length === 0) return undefined;
  const whole = marks.withdrawn.length === amounts.length;
  for (const binding of marks.withdrawn) {
    cursor.at(binding, cells);
    cursor.report(
      'W_FIGURE_WITHDRAWN',
      'warning',
      whole
        ? `本行各项都填写“撤回”：撤回${what}已保存的全部数值（包括本表没有的列），导入后均为“未报”。如只想不报送，请留空。`
        : `「${binding.written}」填写“撤回”：撤回${what}已保存的「${binding.written}」，导入后为“未报”；本行其他列照常导入。如只想不报送，请留空。`,
    );
  }
  return [...new Set(marks.withdrawn.map((b) => b.column.indicator?.id).filter((x) => x != null))];
}

/** One W_DASH_READ_AS_BLANK per sheet for its text `-` cells (they may be accounting-format zeros). */
function dashFinding(marks: FigureMarks, sheet: string, findings: Findings): void {
  if (!marks.firstDash) return;
  findings.add(
    'W_DASH_READ_AS_BLANK',
    'warning',
    sheet,
    marks.firstDash.row,
    marks.firstDash.column,
    '-',
    `工作表“${sheet}”有 ${marks.dashes} 个单元格填写“-”（第一个在第 ${marks.firstDash.row} 行），按未报送读取，不改变已保存的数值。“-”也可能是会计格式显示的 0：如果是 0，请填写数字 0 后重新上传。`,
  );
}

/**
 * A 合计 row's numbers against the sums of the rows kept above it (W_TOTAL_MISMATCH per
 * column); only when every row of the sheet was read without error (else the sums mean nothing).
 */
function checkTotals(
  walk: SheetWalk,
  rows: readonly { sheet: string; row: number; values: Record<string, Decimal | null> }[],
  amounts: readonly Binding[],
  findings: Findings,
): void {
  if (walk.totals.length === 0 || walk.summary.rowsApplied !== walk.summary.rowsRead) return;
  const sheet = walk.grid.name;
  for (const total of walk.totals) {
    for (const binding of amounts) {
      const def = binding.column.indicator;
      if (!def) continue;
      const cell = total.cells[binding.index];
      const parsed = parseAmount(cell ?? undefined, def.unit, binding.unit);
      if (!parsed.ok || parsed.value == null) continue;
      let sum: Decimal = '0';
      for (const row of rows) {
        if (row.sheet !== sheet || row.row > total.row) continue;
        const v = row.values[def.id];
        if (v != null) sum = add(sum, v);
      }
      if (compare(sum, parsed.value) === 0) continue;
      findings.add(
        'W_TOTAL_MISMATCH',
        'warning',
        sheet,
        total.row,
        binding.label,
        cellValueAsRead(cell),
        `合计行的「${binding.written}」为 ${parsed.value} ${def.unit}，但上面各行之和为 ${sum} ${def.unit}，两者不符；合计行不导入，只作核对：请检查是否漏填或多填了行。`,
      );
    }
  }
}

function walkTargets(walk: SheetWalk, state: State): void {
  const { grid, layout, summary } = walk;
  const sheet = grid.name;
  const cursor = new RowCursor(state.findings, sheet);
  const f = layout.byField;
  const bUnit = f.get('unit');
  const bYear = f.get('year');
  const amounts = layout.bindings.filter((x) => x.column.indicator);
  const marks = new FigureMarks();
  const seen = new Map<string, KeySeen>();
  const report = cursor.report;
  for (let r = layout.dataStart; r < grid.rows.length; r++) {
    const cells = dataRow(walk, r, cursor);
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
    marks.withdrawn = [];
    for (const binding of amounts) readAmount(binding, cells, cursor, values, marks);
    if (unit === undefined || year === undefined) continue;
    cursor.at(bUnit, cells);
    const unitText = textOf(cursor.cell) ?? unit;
    const withdrawn = withdrawals(marks, amounts, cells, cursor, `单位“${unitText}”${year}年度`);
    cursor.at(bUnit, cells);
    const what = `单位“${unitText}”${year}年度的目标`;
    if (!keepRow(seen, `${unit}\u0000${year}`, withdrawn ? [values, withdrawn] : values, cursor, sheet, what))
      continue;
    const row: TargetRow & { sheet: string; row: number } = {
      unit,
      year,
      values,
      ...(withdrawn ? { withdrawn } : {}),
      sheet,
      row: r + 1,
    };
    state.targets.push(row);
    summary.rowsApplied++;
  }
  dashFinding(marks, sheet, state.findings);
  checkTotals(walk, state.targets, amounts, state.findings);
  checkDistrict(walk, state.targets, amounts, state.findings);
}

/**
 * The district's target (全区, 全区合计, 东西湖区: docs/policy.md) is kept, and checked against the
 * sum of the units' targets of the same year on the sheet (W_TARGET_SUM_MISMATCH per column).
 */
function checkDistrict(
  walk: SheetWalk,
  targets: ParsedWorkbook['targets'],
  amounts: readonly Binding[],
  findings: Findings,
): void {
  const sheet = walk.grid.name;
  const mine = targets.filter((t) => t.sheet === sheet);
  for (const district of mine) {
    if (district.unit !== 'district') continue;
    const units = mine.filter((t) => t.unit !== 'district' && t.year === district.year);
    if (units.length === 0) continue;
    for (const binding of amounts) {
      const def = binding.column.indicator;
      const total = def ? district.values[def.id] : null;
      if (!def || total == null) continue;
      let sum: Decimal = '0';
      for (const u of units) {
        const v = u.values[def.id];
        if (v != null) sum = add(sum, v);
      }
      if (compare(sum, total) === 0) continue;
      findings.add(
        'W_TARGET_SUM_MISMATCH',
        'warning',
        sheet,
        district.row,
        binding.label,
        total,
        `全区${district.year}年度「${binding.written}」目标为 ${total} ${def.unit}，但各单位目标之和为 ${sum} ${def.unit}，两者不符；全区目标按填写的数保存，请核对各单位目标或全区目标。`,
      );
    }
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
  // A cell naming two units (长青街、机电办) is E_UNIT_AMBIGUOUS listing both.
  if (text != null && cachedUnits(text).length > 1) {
    oneUnit(text, cell, binding.written, cursor.report);
    return undefined;
  }
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

/**
 * The most recipients one email may have (SES sends a message to at most 50 addresses): a
 * unit's contacts with 接收月报 = 是 (blank counts as 是) are its summary's recipients.
 */
export const MAX_RECIPIENTS = 50;

/**
 * How many of its contacts a unit may have receive the summary: 50, the bureau 49 — its
 * overview also goes to the fixed address (`LKG_BUREAU_EMAIL`).
 */
export function maxReceivingContacts(unit: UnitId): number {
  return unit === 'bureau' ? MAX_RECIPIENTS - 1 : MAX_RECIPIENTS;
}

/** E_CONTACTS_TOO_MANY at the first contact past a unit's bound (its summary could not be sent). */
function checkRecipients(contacts: ParsedWorkbook['contacts'], findings: Findings): void {
  const receiving = new Map<UnitId, ParsedWorkbook['contacts'][number][]>();
  for (const c of contacts) {
    if (!c.receives) continue;
    const list = receiving.get(c.unit) ?? [];
    list.push(c);
    receiving.set(c.unit, list);
  }
  for (const [unit, list] of receiving) {
    const max = maxReceivingContacts(unit);
    if (list.length <= max) continue;
    const first = list[max] as ParsedWorkbook['contacts'][number];
    findings.add(
      'E_CONTACTS_TOO_MANY',
      'error',
      first.sheet,
      first.row,
      null,
      first.email,
      `${unitName(unit)}有 ${list.length} 个接收月报的联系人（接收月报为“是”或留空），超过 ${max} 个的上限（每封邮件最多 ${MAX_RECIPIENTS} 个收件人${unit === 'bureau' ? '，总览另发往区商务局的固定邮箱' : ''}）：请把其余 ${list.length - max} 人的接收月报改为“否”，或删去多余的联系人（第 ${first.row} 行起超出）。`,
    );
  }
}

function walkContacts(walk: SheetWalk, state: State): void {
  const { grid, layout, summary } = walk;
  const sheet = grid.name;
  const cursor = new RowCursor(state.findings, sheet);
  const f = layout.byField;
  const bUnit = f.get('unit');
  const bName = f.get('name');
  const bEmail = f.get('email');
  const bReceives = f.get('receives');
  const seen = new Map<string, KeySeen>();
  const report = cursor.report;
  for (let r = layout.dataStart; r < grid.rows.length; r++) {
    const cells = dataRow(walk, r, cursor);
    if (!cells) continue;
    const unit = unitField(bUnit, cells, cursor, findUnitId, CONTACT_UNIT_CHOICES);
    const name = bName ? nameField(cursor.at(bName, cells), bName.written, report, 100) : null;
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
  for (let r = layout.dataStart; r < grid.rows.length; r++) if (!isBlankRow(grid.rows[r])) summary.rowsRead++;
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

// ─────────────────────────── months, rows around the table, hidden data ───────────────────────────

/**
 * The month each register or indicators sheet states by its name (`8月`, `2026年8月`) or its
 * title (`2026年8月企业台账`): a name without the year takes it from the title, the file name
 * or its sibling sheets (E_MONTH_MISSING when none says it). W_MONTH_SOURCE says which was used.
 */
function statedMonths(laid: SheetWalk[], fileName: string, findings: Findings): void {
  const dated = laid.filter((w) => w.layout.kind === 'register' || w.layout.kind === 'indicators');
  const titleOf = (w: SheetWalk) => w.layout.placement?.above ?? [];
  const siblingYears = new Set<number>();
  for (const w of dated) {
    const named = monthOfSheetName(w.grid.name);
    if (named?.year != null) siblingYears.add(named.year);
    for (const t of titleOf(w)) {
      const y = yearOfText(t);
      if (y != null) siblingYears.add(y);
    }
  }
  const fileYear = yearOfText(fileName);
  for (const w of dated) {
    const sheet = w.grid.name;
    const named = monthOfSheetName(sheet);
    if (named) {
      let year = named.year;
      let from = `工作表名称“${sheet}”`;
      if (year == null) {
        const title = titleOf(w).find((t) => yearOfText(t) != null);
        if (title) {
          year = yearOfText(title);
          from += `（年份取自标题“${title}”）`;
        } else if (fileYear != null) {
          year = fileYear;
          from += `（年份取自文件名“${fileName}”）`;
        } else if (siblingYears.size === 1) {
          year = [...siblingYears][0] ?? null;
          from += '（年份取自同一文件的其他工作表）';
        }
      }
      if (year == null) {
        // A 月份/报送月份 column gives the month anyway.
        if (w.layout.byField.has('month')) continue;
        w.monthMissing = true;
        findings.add(
          'E_MONTH_MISSING',
          'error',
          sheet,
          null,
          null,
          sheet,
          `工作表“${sheet}”的名称只写了月份（${named.month}月），标题、文件名和其他工作表中都没有年份，无法确定报送月份；请将工作表改名为带年份的形式（如“2026年${named.month}月”），或在标题中写明年份。`,
        );
        continue;
      }
      w.month = monthOf(year, named.month);
      w.monthSource = from;
    } else {
      for (const t of titleOf(w)) {
        const m = monthOfText(t);
        if (m?.year != null) {
          w.month = monthOf(m.year, m.month);
          w.monthSource = `标题“${t}”`;
          break;
        }
      }
    }
    if (w.month != null && w.monthSource != null && !w.layout.byField.has('month')) {
      findings.add(
        'W_MONTH_SOURCE',
        'warning',
        sheet,
        null,
        null,
        w.month,
        `工作表“${sheet}”没有「${w.layout.kind === 'register' ? '报送月份' : '月份'}」列，其报送月份${monthLabel(w.month)}取自${w.monthSource}；如不是该月，请在表中加上「${w.layout.kind === 'register' ? '报送月份' : '月份'}」列。`,
      );
    }
  }
}

/** `第 12 行（合计）、第 14–15 行（说明）`. */
function rowList(rows: readonly { row: number; kind: AroundKind }[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < rows.length) {
    const first = rows[i] as { row: number; kind: AroundKind };
    let j = i;
    while (
      j + 1 < rows.length &&
      rows[j + 1]?.kind === first.kind &&
      rows[j + 1]?.row === (rows[j]?.row ?? 0) + 1
    )
      j++;
    const last = rows[j] as { row: number };
    parts.push(
      `第 ${first.row === last.row ? first.row : `${first.row}–${last.row}`} 行（${AROUND_NAMES[first.kind]}）`,
    );
    i = j + 1;
  }
  // One line a person reads: the first twenty runs, then how many more.
  return parts.length > 20 ? `${parts.slice(0, 20).join('、')} 等 ${parts.length} 处` : parts.join('、');
}

/** One W_ROWS_SKIPPED per sheet listing the rows around the table that were left out. */
function reportSkipped(walk: SheetWalk, findings: Findings): void {
  if (walk.skipped.length === 0) return;
  const list = rowList(walk.skipped);
  findings.add(
    'W_ROWS_SKIPPED',
    'warning',
    walk.grid.name,
    walk.skipped[0]?.row ?? null,
    null,
    walk.skipped
      .slice(0, 50)
      .map((s) => s.row)
      .join(',') + (walk.skipped.length > 50 ? ',…' : ''),
    `以下 ${walk.skipped.length} 行不是数据行，未导入：${list}。合计、说明、签字栏和空行不需要删除；如其中有应当导入的数据，请把它填在表格的数据行中。`,
  );
}

/** One W_HIDDEN_DATA per sheet when hidden rows or columns hold data (they are read as usual). */
function reportHidden(walk: SheetWalk, findings: Findings): void {
  const { grid, layout } = walk;
  const rows = (grid.hiddenRows ?? []).filter((r) => r >= layout.dataStart && !isBlankRow(grid.rows[r]));
  const bound = new Set(layout.bindings.map((b) => b.index));
  const columns = (grid.hiddenColumns ?? []).filter((c) => {
    if (!bound.has(c)) return false;
    for (let r = layout.dataStart; r < grid.rows.length; r++) if (grid.rows[r]?.[c] != null) return true;
    return false;
  });
  if (rows.length === 0 && columns.length === 0) return;
  const parts: string[] = [];
  if (rows.length > 0) parts.push(`隐藏的第 ${rows.map((r) => r + 1).join('、')} 行`);
  if (columns.length > 0) parts.push(`隐藏的 ${columns.map((c) => columnLetter(c)).join('、')} 列`);
  findings.add(
    'W_HIDDEN_DATA',
    'warning',
    grid.name,
    rows.length > 0 ? (rows[0] as number) + 1 : null,
    columns.length > 0 ? columnLetter(columns[0] as number) : null,
    null,
    `工作表“${grid.name}”中${parts.join('和')}有数据，已照常读取并导入；请取消隐藏，核对这些数据是否应当上报。`,
  );
}

/**
 * The template's example rows: the template as downloaded (only example rows) is refused with
 * one file-level finding (E_TEMPLATE_UNFILLED); an example row left in a filled-in template is
 * refused by itself (E_EXAMPLE_ROW), the rest checked as usual.
 */
function reportExamples(laid: readonly SheetWalk[], findings: Findings): void {
  const examples = laid.flatMap((w) => w.examples.map((e) => ({ ...e, walk: w })));
  if (examples.length === 0) return;
  const rowsRead = laid.reduce((n, w) => n + w.summary.rowsRead, 0);
  if (rowsRead === 0) {
    findings.add(
      'E_TEMPLATE_UNFILLED',
      'error',
      null,
      null,
      null,
      null,
      `这是没有填写的填报模板：各工作表只有示例行（第一格以“${EXAMPLE_MARK}”开头），没有可导入的数据；请在示例行下方逐行填写本单位的数据（示例行可删去）后重新上传。`,
    );
    return;
  }
  for (const e of examples) {
    const first = e.walk.layout.bindings[0];
    findings.add(
      'E_EXAMPLE_ROW',
      'error',
      e.walk.grid.name,
      e.row,
      first ? first.label : null,
      e.value,
      `第 ${e.row} 行是模板的示例行（以“${EXAMPLE_MARK}”开头），不能导入；请删除这一行，或把它改写为真实数据并删去“${EXAMPLE_MARK}”字样。`,
    );
  }
}

/** The kind a hidden sheet's header would give it (null: none), found without any finding. */
function hiddenSheetKind(grid: SheetGrid, fileMonth: Month | null): SheetKind | null {
  const quiet = () => undefined;
  const named = monthOfSheetName(grid.name) != null || fileMonth != null;
  return (
    layoutOf(grid, quiet, (above) => named || above.some((t) => monthOfText(t)?.year != null))?.kind ?? null
  );
}

/**
 * Hidden sheets are never data: one W_SHEET_HIDDEN per sheet, naming it and how to import it;
 * when the workbook's only data sheets are hidden, E_SHEETS_HIDDEN (file-level) names them.
 */
function reportHiddenSheets(
  hidden: readonly { name: string; kind: SheetKind | null; hidden: 1 | 2 }[],
  visibleData: boolean,
  findings: Findings,
): void {
  for (const h of hidden) {
    const how =
      h.hidden === 2
        ? '它是“深度隐藏”的工作表（在 Excel 中需在 VBA 编辑器里把 Visible 改为 xlSheetVisible 才能显示）'
        : '在 Excel 或 WPS 中右键工作表标签，选“取消隐藏”即可显示';
    findings.add(
      'W_SHEET_HIDDEN',
      'warning',
      h.name,
      null,
      null,
      h.name,
      h.kind
        ? `工作表“${h.name}”是隐藏的工作表（看起来是${SHEET_KIND_NAMES[h.kind]}），未读取：隐藏的工作表从不导入。如需导入，请取消隐藏后重新上传（${how}）；如是旧数据或副本，可不理会。`
        : `工作表“${h.name}”是隐藏的工作表（如下拉列表、参数表），未读取：隐藏的工作表从不导入。如其中有需要导入的数据，请取消隐藏后重新上传（${how}）。`,
    );
  }
  const data = hidden.filter((h) => h.kind != null);
  if (visibleData || data.length === 0) return;
  findings.add(
    'E_SHEETS_HIDDEN',
    'error',
    null,
    null,
    null,
    data.map((h) => h.name).join('、'),
    `文件中的数据工作表${data.map((h) => `“${h.name}”`).join('、')}都是隐藏的，没有可导入的数据（隐藏的工作表从不导入）；请在 Excel 或 WPS 中右键工作表标签，选“取消隐藏”，确认是要上报的数据后保存，再重新上传。`,
  );
}

/**
 * One W_SAME_NAME_CODES per name that the workbook's rows (register and indicators) give with
 * two or more different codes: two enterprises of one name, or one code mistyped.
 */
function reportSameName(state: State): void {
  type Place = { sheet: string; row: number };
  // Pass 1, cheap (one string per name): the names given with a second code.
  const firstKey = new Map<string, string>();
  const twice = new Set<string>();
  const first = (name: string | null, key: string) => {
    if (name == null || name === '') return;
    const id = compact(name);
    const seen = firstKey.get(id);
    if (seen === undefined) firstKey.set(id, key);
    else if (seen !== key) twice.add(id);
  };
  for (const r of state.register) first(r.record.name, r.record.key);
  for (const r of state.indicators) first(r.name, r.key);
  if (twice.size === 0) return;
  // Pass 2, for those names only: their codes with the first rows of each.
  const byName = new Map<string, { name: string; keys: Map<string, Place[]> }>();
  const note = (name: string | null, key: string, sheet: string, row: number) => {
    if (name == null || name === '') return;
    const id = compact(name);
    if (!twice.has(id)) return;
    const entry = byName.get(id) ?? { name, keys: new Map<string, Place[]>() };
    byName.set(id, entry);
    const rows = entry.keys.get(key);
    if (!rows) entry.keys.set(key, [{ sheet, row }]);
    else if (rows.length < 5) rows.push({ sheet, row });
  };
  for (const r of state.register) note(r.record.name, r.record.key, r.sheet, r.row);
  for (const r of state.indicators) note(r.name, r.key, r.sheet, r.row);
  const sheets = new Set([...state.register.map((r) => r.sheet), ...state.indicators.map((r) => r.sheet)]);
  for (const { name, keys } of byName.values()) {
    const firstRows = [...keys.values()].map((rows) => rows[0] as { sheet: string; row: number });
    const where = (rows: readonly { sheet: string; row: number }[]) =>
      [...new Set(rows.map((r) => r.sheet))]
        .map((sheet) => {
          const list = `第 ${rows
            .filter((r) => r.sheet === sheet)
            .map((r) => r.row)
            .join('、')} 行`;
          return sheets.size > 1 ? `工作表“${sheet}”${list}` : list;
        })
        .join('、');
    state.findings.add(
      'W_SAME_NAME_CODES',
      'warning',
      firstRows[0]?.sheet ?? null,
      firstRows[0]?.row ?? null,
      null,
      name,
      `名称“${name}”在本文件中对应 ${keys.size} 个不同的代码：${[...keys].map(([key, rows]) => `${key}（${where(rows)}）`).join('；')}。如是同一家企业，请统一为正确的统一社会信用代码（另一个代码会被当作另一家企业）；如确是同名的两家企业，请核对后保留。`,
    );
  }
}

/** Findings about the sheet or a run of rows, not one enterprise's row: not named after one. */
const SHEET_WIDE = new Set([
  'W_ROWS_SKIPPED',
  'W_HIDDEN_DATA',
  'W_KEY_PROJECT_UNLISTED',
  'W_TOTAL_MISMATCH',
  'W_SAME_NAME_CODES',
  'E_EXAMPLE_ROW',
]);

/**
 * A row finding names the enterprise as the row gives it: `企业（项目）“名称”（代码）` replaces
 * `企业（项目）“代码”` in the message, else leads it. Rows without a name keep the code only.
 */
function nameRowFindings(laid: readonly SheetWalk[], findings: Finding[]): void {
  const walks = new Map<string, SheetWalk>();
  for (const w of laid)
    if (w.layout.kind === 'register' || w.layout.kind === 'indicators') walks.set(w.grid.name, w);
  if (walks.size === 0) return;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i] as Finding;
    if (f.sheet == null || f.row == null || SHEET_WIDE.has(f.code)) continue;
    const walk = walks.get(f.sheet);
    if (!walk || f.row - 1 < walk.layout.dataStart) continue;
    const cells = walk.grid.rows[f.row - 1];
    if (!cells) continue;
    const named = rowSubject(walk.layout, cells);
    if (!named) continue;
    findings[i] = { ...f, message: withSubject(f.message, named.name, named.key) };
  }
}

/** The name and code a row gives (as written), or null when it gives no name. */
function rowSubject(layout: Layout, cells: readonly Cell[]): { name: string; key: string | null } | null {
  const f = layout.byField;
  const nameBinding = f.get('name');
  const name = nameBinding ? textOf(cells[nameBinding.index] ?? undefined) : null;
  if (name == null) return null;
  const keyBinding = f.get('uscc') ?? f.get('projectCode');
  let key = keyBinding ? textOf(cells[keyBinding.index] ?? undefined) : null;
  if (key == null && f.get('projectCode'))
    key = textOf(cells[(f.get('projectCode') as Binding).index] ?? undefined);
  return { name, key: key == null ? null : compact(key).toUpperCase() };
}

/** Leaves out the first rows of conflicting duplicates (both rows are flagged; neither is read). */
function dropConflicts(state: State): void {
  const out = state.findings.conflicts;
  const keep = (r: { sheet: string; row: number }) => !out.has(`${r.sheet}\u0000${r.row}`);
  const filter = <T extends { sheet: string; row: number }>(list: T[]): void => {
    const kept = list.filter(keep);
    for (const r of list)
      if (!keep(r)) {
        const s = state.summaries.get(r.sheet);
        if (s) s.rowsApplied--;
      }
    list.length = 0;
    list.push(...kept);
  };
  filter(state.register);
  filter(state.indicators);
  filter(state.targets);
  filter(state.contacts);
}

/** What laying out the sheets reads besides each sheet: the limits, the file's month, the mappings. */
interface SheetsContext {
  readonly context: CheckContext;
  readonly limits: Required<SheetLimits>;
  readonly fileMonth: Month | null;
  readonly reading: Reading;
}

/**
 * Lays out one visible sheet: its summary counted, its size checked (E_COLUMNS_LIMIT,
 * E_ROWS_LIMIT), its kind and columns bound; null when it is not read.
 */
function laySheet(
  grid: SheetGrid,
  state: State,
  at: SheetsContext,
  summaries: SheetSummary[],
): SheetWalk | null {
  const { limits, fileMonth, context } = at;
  const summary: SheetSummary = {
    sheet: grid.name,
    kind: null,
    rowsRead: 0,
    rowsApplied: 0,
    errors: 0,
    warnings: 0,
  };
  summaries.push(summary);
  state.summaries.set(grid.name, summary);
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
    return null;
  }
  const trimmed: SheetGrid =
    last + 1 < grid.rows.length ? { ...grid, rows: grid.rows.slice(0, last + 1) } : grid;
  const named = monthOfSheetName(grid.name) != null || fileMonth != null;
  const layout = layoutOf(
    trimmed,
    state.findings.add.bind(state.findings),
    (above) => named || above.some((t) => monthOfText(t)?.year != null),
    (above) => statedMonthOf(grid.name, above, context.fileName),
    at.reading,
  );
  if (!layout) return null;
  summary.kind = layout.kind;
  const dataRows = last + 1 - layout.dataStart;
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
    return null;
  }
  return {
    grid: trimmed,
    layout,
    summary,
    month: null,
    monthSource: null,
    fallbackMonth: null,
    columnMonth: null,
    skipped: [],
    totals: [],
    examples: [],
  };
}

/**
 * The register's 报送月份 of each register sheet — its column's, else its own stated month,
 * else the workbook's (its column's, the file name's), else the upload's month with
 * W_MONTH_ASSUMED — set on its rows; the months, in order.
 */
function registerMonthsOf(laid: readonly SheetWalk[], state: State, at: SheetsContext): Month[] {
  const { context } = at;
  const months = new Set<Month>();
  const registerSheets = laid.filter((x) => x.layout.kind === 'register');
  if (registerSheets.length === 0) return [];
  let shared: Month | null = state.monthRef?.month ?? at.fileMonth;
  const sheetMonths = new Map<string, Month>();
  for (const walk of registerSheets) {
    let month = walk.columnMonth?.month ?? walk.month ?? shared;
    // The template as downloaded (only its example row): no month to assume.
    if (month == null && walk.summary.rowsRead === 0 && walk.examples.length > 0) continue;
    if (month == null && walk.monthMissing) continue; // E_MONTH_MISSING says it
    if (month == null) {
      shared = context.uploadedMonth;
      month = shared;
      state.findings.add(
        'W_MONTH_ASSUMED',
        'warning',
        walk.grid.name,
        null,
        null,
        context.fileName,
        `未能确定台账的报送月份：工作表没有填写「报送月份」，工作表名称、标题和文件名“${context.fileName}”中也没有年月；已按上传月份${monthLabel(context.uploadedMonth)}处理。如不是该月，请填写「报送月份」列，或在文件名中写明，如“${context.uploadedMonth}-台账.xlsx”。`,
      );
    }
    sheetMonths.set(walk.grid.name, month);
    months.add(month);
  }
  for (const row of state.register) row.record.month = sheetMonths.get(row.sheet) ?? row.record.month;
  return [...months].sort(compareMonths);
}

/** Each sheet's errors and warnings, counted from the findings. */
function countFindings(summaries: readonly SheetSummary[], findings: readonly Finding[]): void {
  const counts = new Map<string, SheetSummary>();
  for (const s of summaries) counts.set(s.sheet, s);
  for (const finding of findings) {
    const s = finding.sheet == null ? undefined : counts.get(finding.sheet);
    if (!s) continue;
    if (finding.severity === 'error') s.errors++;
    else s.warnings++;
  }
}

/**
 * Checks every sheet of a workbook (docs/registers.md) and answers what it says.
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
    yearToDate: [],
    keyColumns: new Map(),
    missingRequired: new Map(),
    amountColumns: new Map(),
    keyProjects: context.keyProjects ?? REGISTER_KEY_PROJECTS,
  };
  const fileMonth = monthFromFileName(context.fileName);
  const unknownHeaders: UnknownHeader[] = [];
  const at: SheetsContext = {
    context,
    limits: { ...DEFAULT_LIMITS, ...(context.limits ?? {}) },
    fileMonth,
    reading: { mappings: new MappingIndex(context.mapping ?? []), unknown: unknownHeaders },
  };
  const laid: SheetWalk[] = [];
  const summaries: SheetSummary[] = [];
  const hiddenSheets: { name: string; kind: SheetKind | null; hidden: 1 | 2 }[] = [];
  for (const grid of sheets) {
    // A hidden sheet is never data, never the cause of a refusal: what it looks like is asked quietly.
    if (grid.hidden)
      hiddenSheets.push({ name: grid.name, kind: hiddenSheetKind(grid, fileMonth), hidden: grid.hidden });
    else {
      const walk = laySheet(grid, state, at, summaries);
      if (walk) laid.push(walk);
    }
  }
  reportHiddenSheets(hiddenSheets, laid.length > 0, state.findings);
  statedMonths(laid, context.fileName, state.findings);
  for (const walk of laid) walk.fallbackMonth = walk.month ?? fileMonth;
  // The register first: indicators may refer to enterprises registered in the same workbook.
  for (const walk of laid) if (walk.layout.kind === 'register') walkRegister(walk, state);
  for (const walk of laid) {
    if (walk.layout.kind === 'indicators') walkIndicators(walk, state);
    else if (walk.layout.kind === 'targets') walkTargets(walk, state);
    else if (walk.layout.kind === 'contacts') walkContacts(walk, state);
  }
  for (const walk of laid) {
    reportSkipped(walk, state.findings);
    reportHidden(walk, state.findings);
  }
  if (state.findings.conflicts.size > 0) dropConflicts(state);
  checkRecipients(state.contacts, state.findings);
  reportExamples(laid, state.findings);
  reportSameName(state);
  nameRowFindings(laid, state.findings.all);
  const registerMonths = registerMonthsOf(laid, state, at);
  countFindings(summaries, state.findings.all);

  const parsed: ParsedWorkbook = {
    registerMonth: registerMonths[registerMonths.length - 1] ?? null,
    registerMonths,
    yearToDate: state.yearToDate,
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
    amountColumns: state.amountColumns,
    unknownHeaders,
  });
  return parsed;
}
