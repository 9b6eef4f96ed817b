/**
 * The domain's vocabulary: records, assignments, findings, indicator values.
 * Field names follow docs/registers.md and the `lkg assess --json` contract
 * (the README (“Try it”)).
 *
 * @module
 */
import type { Decimal } from './decimal.ts';
import type { OfficeId, StreetId, TargetUnitId, UnitId, ZoneId } from './units.ts';

/** The two digits of a calendar month, `01`..`12`. */
export type MonthNumber = '01' | '02' | '03' | '04' | '05' | '06' | '07' | '08' | '09' | '10' | '11' | '12';
/**
 * A month, `YYYY-MM`. Rules are evaluated for a month, never for "now".
 *
 * Branded by its shape: a template-literal type, so a `string` read from a request, a cell, a
 * store item or a CLI argument is not a Month until it goes through domain/months.ts (`isMonth`,
 * `month`, `makeMonth`, `monthOf`, `addMonths`…), while a literal written in code (`'2026-10'`)
 * is checked by the compiler as it stands (`'2026-13'` and `'2026-1'` are refused). A nominal
 * brand (`string & {__month}`) would also refuse literals and need every one wrapped; this
 * shape is the brand that keeps the case tables readable. What the type does not refuse: a year
 * that is a number but not four digits (`'26-01'`); `isMonth`/`month` do.
 */
export type Month = `${number}-${MonthNumber}`;
/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

/**
 * Stages (docs/policy.md): 已建成投产 built · 在建 building · 已签约 signed · 新引进 new ·
 * 已注销/已迁出 inactive (kept, never assigned, never counted).
 */
export type Stage = 'built' | 'building' | 'signed' | 'new' | 'inactive';
export const STAGES: readonly Stage[] = ['built', 'building', 'signed', 'new', 'inactive'];

/**
 * 重大项目 as the register records it: the id of a listed project when the register wrote one of
 * its known forms (京东方、京东方产业链 … → `boe`; 康宁、康宁全产业链 … → `corning`:
 * domain/registers/columns.ts `KEY_PROJECT_FORMS`), else the name as written (compact: white
 * space removed, e.g. `天马`). The register records the fact; a policy interprets it: the rule
 * `keyProject` decides for a record whose value is the id or the name of one of the policy's
 * `keyProjects` (domain/key-projects.ts), so a policy that adds 天马 applies to the records
 * whose register named it.
 */
export type KeyProject = string;
/** 扩产 (expansion) or 搬迁 (relocation) between streets. */
export type Movement = 'expansion' | 'relocation';

/** The recruiter (招商单位 / 原服务单位): an office or a street; the bureau is an input error. */
export type RecruiterId = StreetId | OfficeId;

/** The facts the rules read (docs/policy.md), one version per 报送月份. */
export interface RegisterRecord {
  /** 统一社会信用代码, else 项目编号. */
  key: string;
  uscc: string | null;
  projectCode: string | null;
  name: string;
  stage: Stage;
  recruiter: RecruiterId | null;
  /** 所在街道: the actual operating place, or the site of a project. */
  street: StreetId;
  statStreet: StreetId | null;
  zone: ZoneId | null;
  keyProject: KeyProject | null;
  movement: Movement | null;
  originStreet: StreetId | null;
  /** 规上工业. */
  aboveScale: boolean;
  category: string | null;
  /** 建成投产日期. */
  completedOn: IsoDate | null;
  /** 报送月份: the month this version describes. */
  month: Month;
  note: string | null;
}

/**
 * A clause id: it belongs to its policy (domain/policy/schema.ts). An assignment's
 * `decidedBy` and `clauses` are ids of the policy in force for the month assessed, e.g.
 * `3.1.key` of 2020-1; their texts come from that policy (`clauseTexts(ids, policy)`). Not
 * namespaced, so the answers of 2020-1 stay as they are; `decision` is reserved for the
 * working group's decisions.
 */
export type ClauseId = string;

export interface Warning {
  code: string;
  /** Chinese, for people. */
  message: string;
}

/** The answer for one record in one month: the object of `lkg assess --json`. */
export interface Assignment {
  key: string;
  name: string;
  status: 'active' | 'inactive';
  /** The stage in the month assessed (docs/policy.md). */
  stage: Stage;
  service: UnitId | null;
  indicators: UnitId | null;
  lead: OfficeId | null;
  cooperating: StreetId | null;
  safety: StreetId | null;
  decidedBy: ClauseId | null;
  /** Every clause that applied, decidedBy first. */
  clauses: ClauseId[];
  policyTransfer: boolean;
  handover: { to: StreetId; on: 'completion' } | null;
  warnings: Warning[];
  /** For a `new` record with no recruiter: the office whose 招商重点 holds its category. */
  suggestedOffice?: OfficeId | null;
  /**
   * Set when a working group's decision decided the answer
   * (`decidedBy: "decision"`): its id, 文号, reason, months and the clause the rules would
   * have decided by. See domain/decisions.ts.
   */
  decision?: {
    id: string;
    documentNo: string;
    reason: string;
    from: Month;
    to: Month | null;
    overrides: ClauseId | null;
  };
}

export type Severity = 'error' | 'warning';

/** A finding of the import checks (docs/registers.md). File-level findings have null places. */
export interface Finding {
  code: string;
  severity: Severity;
  sheet: string | null;
  /** The Excel row number a person sees. */
  row: number | null;
  /** Letter and header, e.g. `F 所在街道`. */
  column: string | null;
  /** The value as read. */
  value: string | null;
  /** Chinese: what is wrong and what would be right. */
  message: string;
}

/** An indicator id of the catalog (domain/indicators.ts); the catalog is data. */
export type IndicatorId = string;

/**
 * One enterprise's 当月 values for one month; null is "not reported", never zero. As read
 * from a sheet, `values` has a key for every indicator column the sheet has (null: empty, a
 * "nothing reported" mark, or 撤回) and `withdrawn` names the columns reading 撤回; how an
 * upload's row merges into the stored figures is domain/figures.ts. As the store answers,
 * `values` holds the reported figures only.
 */
export interface IndicatorRow {
  key: string;
  month: Month;
  values: Record<IndicatorId, Decimal | null>;
  /** The indicators whose cell reads 撤回 (absent: none). */
  withdrawn?: IndicatorId[];
}

/** A unit's 年度目标 for one year: read and merged as indicator rows are. */
export interface TargetRow {
  unit: TargetUnitId;
  year: number;
  values: Record<IndicatorId, Decimal | null>;
  /** The indicators whose cell reads 撤回 (absent: none). */
  withdrawn?: IndicatorId[];
}

export interface ContactRow {
  unit: UnitId;
  name: string;
  email: string;
  /** 接收月报, default 是. */
  receives: boolean;
}

export type SheetKind = 'register' | 'indicators' | 'targets' | 'contacts';

/** A register row as read: the record and which fields the sheet had a column for. */
export interface RegisterRow {
  sheet: string;
  row: number;
  record: RegisterRecord;
  /** Fields whose column is present: an absent column keeps the previous value (docs/registers.md). */
  present: ReadonlyArray<keyof RegisterRecord>;
}

export interface SheetSummary {
  sheet: string;
  kind: SheetKind | null;
  rowsRead: number;
  rowsApplied: number;
  errors: number;
  warnings: number;
}

/** Everything a workbook says, checked. Applied whole when `findings` has no error. */
export interface ParsedWorkbook {
  /** The latest 报送月份 the register describes, null when the workbook has no register sheet. */
  registerMonth: Month | null;
  /** Every 报送月份 the register sheets describe, oldest first (one sheet per month is allowed). */
  registerMonths?: Month[];
  /**
   * The 本年累计 (year-to-date) figures the indicator sheets hold: never stored, only compared
   * with the sum of the year's months (`yearToDateFindings`).
   */
  yearToDate?: YearToDateCell[];
  register: RegisterRow[];
  indicators: (IndicatorRow & { sheet: string; row: number; name: string | null })[];
  targets: (TargetRow & { sheet: string; row: number })[];
  contacts: (ContactRow & { sheet: string; row: number })[];
  findings: Finding[];
  sheets: SheetSummary[];
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

/**
 * One cell as the file reader hands it to the checks: a raw value with its type, never a
 * guess (a CSV cell is always text). Formulas are never evaluated: `formula` is a formula
 * cell without a cached value.
 */
export type Cell =
  | { t: 'text'; v: string }
  | { t: 'number'; v: number }
  | { t: 'boolean'; v: boolean }
  /** An Excel date cell, as the calendar date it shows. */
  | { t: 'date'; v: IsoDate }
  /** An Excel error value such as #N/A. */
  | { t: 'error'; v: string }
  | { t: 'formula'; v: string }
  | null;

/** A 本年累计 figure of an indicator sheet, as read (in the catalog unit). */
export interface YearToDateCell {
  sheet: string;
  row: number;
  /** `D 本年累计`: letter and header as written. */
  column: string;
  key: string;
  month: Month;
  indicator: IndicatorId;
  value: Decimal;
}

/** A merged range, 0-based and inclusive (SheetJS's `!merges`). */
export interface MergedRange {
  s: { r: number; c: number };
  e: { r: number; c: number };
}

/** A sheet as read: `rows[i][j]` is Excel row i+1, column j+1 (A). Trailing empties may be cut. */
export interface SheetGrid {
  name: string;
  rows: Cell[][];
  /** Merged ranges (a merged cell's value is in its top-left cell only). */
  merges?: readonly MergedRange[];
  /** 0-based indexes of hidden rows. */
  hiddenRows?: readonly number[];
  /** 0-based indexes of hidden columns. */
  hiddenColumns?: readonly number[];
  /**
   * The sheet itself is hidden (1: hidden, 2: very hidden): never data. The reader hands on
   * only its first rows, so that the checks can name what it looks like.
   */
  hidden?: 1 | 2;
}
