/**
 * Planning an import (architecture.md §3, interfaces.md §1, registers.md §4): given a checked
 * workbook and what the store holds for its keys, which register versions, record states
 * (assignment periods, transfers, name), indicator values, targets and contacts to write.
 *
 * Pure: the planner never reads a clock or the store. The same workbook planned twice against
 * the state the first plan produced gives an empty plan (an upload that changes nothing writes
 * no data item), and a plan interrupted half-way and planned again from what was written
 * reaches the same state (record states are recomputed from the stored versions every time,
 * never from "what changed").
 *
 * Order of uploads: the later S3 `eventTime` wins, the zero-padded `sequencer` breaking ties,
 * per record and 报送月份, per enterprise and month of indicators, per unit and year of targets
 * and per unit of contacts.
 *
 * @module
 */
import { assess, factsFor } from './assess.ts';
import { transfersOf } from './history.ts';
import { addMonths, monthOf } from './months.ts';
import { firstPolicyMonth, type Policy, ruleChangeMonths } from './policy/index.ts';
import type { MonthAssignment, StoredVersion, Transfer, UnitRole, UploadOrder } from './ports.ts';
import type {
  Assignment,
  ContactRow,
  IndicatorRow,
  Month,
  ParsedWorkbook,
  RegisterRecord,
  RegisterRow,
  TargetRow,
} from './types.ts';
import type { UnitId } from './units.ts';

// ───────────────────────────── order of uploads ─────────────────────────────

/**
 * A sortable text for an upload's order: the event time (normalised to ISO UTC) and the
 * sequencer left-padded with zeros (S3 compares sequencers of one key that way).
 */
export function orderKey(order: Pick<UploadOrder, 'eventTime' | 'sequencer'>): string {
  const t = new Date(order.eventTime);
  const time = Number.isNaN(t.getTime()) ? order.eventTime : t.toISOString();
  return `${time}#${order.sequencer.toUpperCase().padStart(40, '0')}`;
}

/** < 0 when a is earlier than b, 0 when the same upload order, > 0 when later. */
export function compareOrder(a: UploadOrder, b: UploadOrder): number {
  const ka = orderKey(a);
  const kb = orderKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

// ───────────────────────────── record state ─────────────────────────────

/** One stretch of months with the same assignment: `from` included, `to` excluded (null: open). */
export interface AssignmentPeriod {
  from: Month;
  to: Month | null;
  assignment: Assignment;
}

/**
 * What the store derives from a record's versions: its name (of the latest version), the
 * 报送月份 of its versions, its assignment periods from the policy's first month on, and its
 * transfers (划转).
 */
export interface RecordState {
  key: string;
  name: string;
  /** The version with the greatest 报送月份 (what indicator checks compare names with). */
  latest: RegisterRecord;
  months: Month[];
  periods: AssignmentPeriod[];
  transfers: Transfer[];
}

/**
 * The months where a record's assignment may change: the months the rules change
 * (`ruleChangeMonths`: the policies' first months, their clauses' first and after-last
 * months), each version's 报送月份 and each version's completion month (the stage turns
 * `built` there), from the first policy month on. Between two of them facts, stage and rules
 * are constant.
 */
export function changeMonths(versions: readonly RegisterRecord[], policies: readonly Policy[]): Month[] {
  const first = firstPolicyMonth(policies);
  const months = new Set<Month>(ruleChangeMonths(policies).filter((m) => m >= first));
  for (const v of versions) {
    if (v.month > first) months.add(v.month);
    if (v.completedOn) {
      const m = monthOf(v.completedOn);
      if (m > first) months.add(m);
    }
  }
  return [...months].sort();
}

/** The record's state computed from all its versions (assess per change month, equal neighbours merged). */
export function recordState(
  key: string,
  versions: readonly RegisterRecord[],
  policies: readonly Policy[],
): RecordState | null {
  if (versions.length === 0) return null;
  const sorted = [...versions].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  const latest = sorted[sorted.length - 1] as RegisterRecord;
  const months = changeMonths(sorted, policies);
  const periods: AssignmentPeriod[] = [];
  for (const month of months) {
    const facts = factsFor(sorted, month);
    if (!facts) continue;
    const assignment = assess(facts, month, policies);
    const last = periods[periods.length - 1];
    if (last && JSON.stringify(last.assignment) === JSON.stringify(assignment)) continue;
    if (last) last.to = month;
    periods.push({ from: month, to: null, assignment });
  }
  return {
    key,
    name: latest.name,
    latest,
    months: sorted.map((v) => v.month),
    periods,
    transfers: transfersOf(sorted, months, policies),
  };
}

/** The period holding month M, else null (M before the policy's first month). */
export function periodAt(state: RecordState, month: Month): AssignmentPeriod | null {
  for (const p of state.periods) {
    if (p.from <= month && (p.to === null || month < p.to)) return p;
  }
  return null;
}

/**
 * The history for `assignmentHistory`: the first period, then every period whose assignment
 * differs from the previous one's in what it assigns (name and warnings aside).
 */
export function historyOf(state: RecordState): MonthAssignment[] {
  const out: MonthAssignment[] = [];
  let previous: string | null = null;
  for (const p of state.periods) {
    const signature = JSON.stringify([
      p.assignment.status,
      p.assignment.stage,
      p.assignment.service,
      p.assignment.indicators,
      p.assignment.lead,
      p.assignment.cooperating,
      p.assignment.safety,
      p.assignment.decidedBy,
      p.assignment.clauses,
      p.assignment.policyTransfer,
      p.assignment.handover,
    ]);
    if (signature !== previous) out.push({ month: p.from, assignment: p.assignment });
    previous = signature;
  }
  return out;
}

/** The unit a role names in an assignment. */
export function unitOfRole(assignment: Assignment, role: UnitRole): UnitId | null {
  return (assignment[role] as UnitId | null | undefined) ?? null;
}

export const UNIT_ROLES: readonly UnitRole[] = ['service', 'indicators', 'cooperating', 'safety'];

// ───────────────────────────── name search ─────────────────────────────

/** A name as searched: NFKC, no white space, lower case. */
export function searchForm(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}

/** The distinct character bigrams of a name's search form (a one-character name: itself). */
export function bigramsOf(name: string): string[] {
  const chars = [...searchForm(name)];
  if (chars.length === 0) return [];
  if (chars.length === 1) return [chars[0] as string];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(`${chars[i]}${chars[i + 1]}`);
  return [...out];
}

// ───────────────────────────── stored data ─────────────────────────────

export interface StoredIndicator {
  row: IndicatorRow;
  order: UploadOrder;
}
export interface StoredTarget {
  row: TargetRow;
  order: UploadOrder;
}
export interface StoredContact {
  row: ContactRow;
  order: UploadOrder;
}

/** What the store holds for the keys of one workbook. */
export interface StoredState {
  versions: Map<string, StoredVersion[]>;
  records: Map<string, RecordState>;
  /** By `indicatorId(key, month)`. */
  indicators: Map<string, StoredIndicator>;
  /** By `targetId(year, unit)`. */
  targets: Map<string, StoredTarget>;
  contacts: StoredContact[];
}

export function indicatorId(key: string, month: Month): string {
  return `${key}#${month}`;
}
export function targetId(year: number, unit: string): string {
  return `${year}#${unit}`;
}

/** A record's state before and after the import (before null: a new record). */
export interface RecordChange {
  before: RecordState | null;
  after: RecordState;
}

/** What to write. Empty everywhere when the upload changes nothing. */
export interface ImportPlan {
  versions: StoredVersion[];
  records: RecordChange[];
  indicators: StoredIndicator[];
  targets: StoredTarget[];
  contacts: { put: StoredContact[]; remove: ContactRow[] };
  /** The 报送月份 of the register, to raise the store's latest month to (null: no register). */
  latestMonth: Month | null;
}

/** True when the plan writes nothing. */
export function isEmptyPlan(plan: ImportPlan): boolean {
  return (
    plan.versions.length === 0 &&
    plan.records.length === 0 &&
    plan.indicators.length === 0 &&
    plan.targets.length === 0 &&
    plan.contacts.put.length === 0 &&
    plan.contacts.remove.length === 0
  );
}

// ───────────────────────────── merging a register row ─────────────────────────────

/**
 * The version a register row makes (registers.md §4): the row's value for every field whose
 * column is present (a blank cell clears it), the previous version's for every other.
 */
export function mergeRow(previous: RegisterRecord | null, row: RegisterRow): RegisterRecord {
  if (!previous) return { ...row.record };
  const merged: RegisterRecord = { ...previous };
  const target = merged as unknown as Record<string, unknown>;
  const source = row.record as unknown as Record<string, unknown>;
  for (const field of row.present) target[field] = source[field];
  merged.key = row.record.key;
  merged.month = row.record.month;
  if (row.record.uscc) merged.uscc = row.record.uscc;
  if (row.record.projectCode) merged.projectCode = row.record.projectCode;
  return merged;
}

/** The version to merge a row of month M onto: the latest stored with 报送月份 ≤ M. */
function previousOf(versions: readonly StoredVersion[], month: Month): StoredVersion | null {
  let best: StoredVersion | null = null;
  for (const v of versions) {
    if (v.record.month <= month && (!best || v.record.month > best.record.month)) best = v;
  }
  return best;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Values compared without regard to key order. */
function sameValues(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return sameJson(ka, kb) && ka.every((k) => a[k] === b[k]);
}

function sortVersions(versions: StoredVersion[]): StoredVersion[] {
  return versions.sort((a, b) =>
    a.record.month < b.record.month ? -1 : a.record.month > b.record.month ? 1 : 0,
  );
}

/**
 * Plans an import of a checked workbook without errors.
 *
 * @param parsed the workbook (`checkWorkbook`), with no error finding
 * @param stored what the store holds for the workbook's keys (versions and states of the
 *   register's keys, indicators of its (key, month) pairs, targets of its years, all contacts)
 * @param order the upload's order (event time, sequencer, import id)
 * @param policies the policy versions (`POLICIES`)
 * @param merge how a row merges onto the previous version (default {@link mergeRow})
 */
export function planImport(
  parsed: ParsedWorkbook,
  stored: StoredState,
  order: UploadOrder,
  policies: readonly Policy[],
  merge: (previous: RegisterRecord | null, row: RegisterRow) => RegisterRecord = mergeRow,
): ImportPlan {
  const plan: ImportPlan = {
    versions: [],
    records: [],
    indicators: [],
    targets: [],
    contacts: { put: [], remove: [] },
    latestMonth: null,
  };

  // Register: one version per (key, 报送月份); the later upload wins.
  const versionsAfter = new Map<string, StoredVersion[]>();
  const plannedVersions = new Map<string, StoredVersion>();
  for (const row of parsed.register) {
    const key = row.record.key;
    const month = row.record.month;
    const current = versionsAfter.get(key) ?? [...(stored.versions.get(key) ?? [])];
    versionsAfter.set(key, current);
    const same = current.find((v) => v.record.month === month);
    if (same && compareOrder(same.order, order) > 0) continue; // a later upload already wrote this month
    const previous = previousOf(current, month);
    const record = merge(previous?.record ?? null, row);
    if (same && sameJson(same.record, record)) continue; // unchanged
    const version: StoredVersion = { record, order };
    const index = current.indexOf(same as StoredVersion);
    if (same && index >= 0) current[index] = version;
    else current.push(version);
    sortVersions(current);
    plannedVersions.set(`${key}#${month}`, version);
  }
  plan.versions = [...plannedVersions.values()];
  if (parsed.register.length > 0) {
    plan.latestMonth = parsed.register.reduce<Month | null>(
      (max, r) => (max === null || r.record.month > max ? r.record.month : max),
      null,
    );
  }
  // Record states: recomputed from all versions for every key of the register (not only the
  // changed ones), so that a plan interrupted after the versions were written completes.
  for (const [key, versions] of versionsAfter) {
    const after = recordState(
      key,
      versions.map((v) => v.record),
      policies,
    );
    if (!after) continue;
    const before = stored.records.get(key) ?? null;
    if (before && sameJson(before, after)) continue;
    plan.records.push({ before, after });
  }

  // Indicators: one row per (key, month); the later upload replaces the whole row.
  const plannedIndicators = new Map<string, StoredIndicator>();
  for (const row of parsed.indicators) {
    const id = indicatorId(row.key, row.month);
    const current = plannedIndicators.get(id) ?? stored.indicators.get(id);
    if (current && compareOrder(current.order, order) > 0) continue;
    const values = { ...row.values };
    if (current && sameValues(current.row.values, values)) continue;
    plannedIndicators.set(id, { row: { key: row.key, month: row.month, values }, order });
  }
  plan.indicators = [...plannedIndicators.values()];

  // Targets: one row per (year, unit).
  const plannedTargets = new Map<string, StoredTarget>();
  for (const row of parsed.targets) {
    const id = targetId(row.year, row.unit);
    const current = plannedTargets.get(id) ?? stored.targets.get(id);
    if (current && compareOrder(current.order, order) > 0) continue;
    const values = { ...row.values };
    if (current && sameValues(current.row.values, values)) continue;
    plannedTargets.set(id, { row: { unit: row.unit, year: row.year, values }, order });
  }
  plan.targets = [...plannedTargets.values()];

  // Contacts: the sheet's rows of a unit replace that unit's contacts (unless a later upload wrote them).
  const byUnit = new Map<string, ContactRow[]>();
  for (const row of parsed.contacts) {
    const list = byUnit.get(row.unit) ?? [];
    const plain: ContactRow = { unit: row.unit, name: row.name, email: row.email, receives: row.receives };
    const i = list.findIndex((c) => c.email.toLowerCase() === plain.email.toLowerCase());
    if (i >= 0) list[i] = plain;
    else list.push(plain);
    byUnit.set(row.unit, list);
  }
  for (const [unit, rows] of byUnit) {
    const current = stored.contacts.filter((c) => c.row.unit === unit);
    if (current.some((c) => compareOrder(c.order, order) > 0)) continue;
    for (const row of rows) {
      const existing = current.find((c) => c.row.email.toLowerCase() === row.email.toLowerCase());
      if (existing && sameJson(existing.row, row)) continue;
      plan.contacts.put.push({ row, order });
    }
    for (const c of current) {
      if (!rows.some((r) => r.email.toLowerCase() === c.row.email.toLowerCase()))
        plan.contacts.remove.push(c.row);
    }
  }
  return plan;
}

/** The months from a period's start to the month before its end (for tests and listings). */
export function monthsOfPeriod(period: AssignmentPeriod, until: Month): Month[] {
  const out: Month[] = [];
  const end = period.to ?? addMonths(until, 1);
  for (let m = period.from; m < end; m = addMonths(m, 1)) out.push(m);
  return out;
}
