/**
 * The one timeline of a record (docs/policy.md, docs/summaries.md, docs/api.md): the facts
 * at month M, the policy in force at M, the assignment at M, the months where an assignment
 * can change, the assignment periods, the history, the transfers (划转) and what a unit may
 * see of a record over time. The ingest, the store, the API, the summaries, the CLI and the
 * emails ask this module; no other place computes these.
 *
 * Every function is pure and takes the policy versions as a parameter (never a default): a
 * second notice is one more entry in that list, picked by its effective date.
 *
 * @example
 * ```ts
 * import { POLICIES } from '#domain/policy/index';
 * import { assignmentAt, recordState } from '#domain/timeline';
 * assignmentAt(versions, '2026-10', POLICIES)?.indicators; // 'changqing'
 * recordState(key, versions, POLICIES)?.transfers;         // [{ month, from, to, clause }]
 * ```
 *
 * @module
 */
import { assess } from './assess.ts';
// coordination hook: the working group's decisions carried by the rules in force (domain/decisions.ts)
import { applyDecision, decisionMonths, type RulesInForce } from './decisions.ts';
import { addMonths, compareMonths, monthIn, monthOf, sortMonths } from './months.ts';
import { firstPolicyMonth, type Policy, policyFor, ruleChangeMonths } from './policy/index.ts';
import type { MonthAssignment, Transfer } from './ports.ts';
import { mergeVersion, presentSet, REQUIRED_FIELDS } from './registers/merge.ts';
import type { Assignment, Month, RegisterRecord, Stage } from './types.ts';
import type { UnitId } from './units.ts';

// ───────────────────────────── policies over time ─────────────────────────────

/**
 * The first month any of the policies is in force (2020-04 for 2020-1): no month before it
 * is assessed, and it has no transfer (there is no month before it to transfer from).
 * (The policy module's, named here with the rest of time.)
 */
export { firstPolicyMonth };

/**
 * The policy in force for month M: the version with the latest `effectiveFrom` on or before
 * the last day of M.
 *
 * @throws PolicyNotInForceError for a month before every policy (an error, not a guess)
 */
export function policyAt(month: Month, policies: readonly Policy[]): Policy {
  return policyFor(month, policies);
}

// ───────────────────────────── versions from what was uploaded ─────────────────────────────

/** A register row as it was uploaded: the record as read, the columns present, its upload's order. */
export interface UploadedRow {
  record: RegisterRecord;
  /** Fields whose column was present (an absent column keeps the previous value). */
  present: ReadonlyArray<keyof RegisterRecord>;
  /** The upload's place in upload order: a text that sorts like the uploads (`orderKey`, then a tie-break). */
  order: string;
}

/**
 * A record's version of each 报送月份, derived from every row uploaded for it (docs/registers.md):
 * the uploads of one 报送月份 merge in upload order (a later upload's present columns
 * over the earlier one's), over the derived version of the latest earlier 报送月份. The
 * result depends on the set of rows only, never on the order they arrived in. Oldest first.
 *
 * A record's earliest rows without a 名称, 项目状态 or 所在街道 column (possible only when a
 * later 报送月份 arrived first) take those fields from the first row, in this order, that has them.
 */
export function versionsFromUploads(rows: readonly UploadedRow[]): RegisterRecord[] {
  const sorted = [...rows].sort((a, b) =>
    a.record.month !== b.record.month
      ? compareMonths(a.record.month, b.record.month) < 0
        ? -1
        : 1
      : a.order < b.order
        ? -1
        : a.order > b.order
          ? 1
          : 0,
  );
  const out: RegisterRecord[] = [];
  let current: RegisterRecord | null = null;
  for (const row of sorted) {
    const base = current ?? fallbackBase(row, sorted);
    current = mergeVersion(base, { sheet: '', row: 0, record: row.record, present: row.present });
    const last = out[out.length - 1];
    if (last && last.month === current.month) out[out.length - 1] = current;
    else out.push(current);
  }
  return out;
}

/** A record's first row lacking a required column: those fields from the first row that has them. */
function fallbackBase(row: UploadedRow, sorted: readonly UploadedRow[]): RegisterRecord | null {
  const present = presentSet(row.present);
  if (REQUIRED_FIELDS.every((f) => present.has(f))) return null;
  const base: RegisterRecord = { ...row.record };
  for (const field of REQUIRED_FIELDS) {
    if (present.has(field)) continue;
    const source = sorted.find((r) => presentSet(r.present).has(field));
    if (source) (base as unknown as Record<string, unknown>)[field] = source.record[field];
  }
  return base;
}

// ───────────────────────────── facts and assignment at M ─────────────────────────────

/**
 * The facts used for month M (docs/policy.md): the version with the latest 报送月份 ≤ M, else
 * the earliest version (a record's first version supplies the facts for earlier months
 * too); null when there is no version. The versions may come in any order.
 */
export function factsFor(versions: readonly RegisterRecord[], month: Month): RegisterRecord | null {
  let latest: RegisterRecord | null = null;
  let earliest: RegisterRecord | null = null;
  for (const v of versions) {
    // `>=`: of two entries of the same 报送月份, the later in the list is the later upload.
    if (compareMonths(v.month, month) <= 0 && (latest === null || compareMonths(v.month, latest.month) >= 0))
      latest = v;
    if (earliest === null || compareMonths(v.month, earliest.month) < 0) earliest = v;
  }
  return latest ?? earliest;
}

/**
 * The latest version with 报送月份 ≤ `until` whose stage is not inactive (of one 报送月份, the
 * later in the list); null when none. The unit that served a record when it was deregistered.
 */
export function lastActiveVersion(versions: readonly RegisterRecord[], until: Month): RegisterRecord | null {
  let found: RegisterRecord | null = null;
  for (const v of versions) {
    if (v.stage === 'inactive' || compareMonths(v.month, until) > 0) continue;
    if (!found || compareMonths(v.month, found.month) >= 0) found = v;
  }
  return found;
}

/**
 * The record's assignment in month M: its facts for M assessed under the policy in force
 * for M; null when there is no version.
 *
 * @throws PolicyNotInForceError for a month before every policy
 */
export function assignmentAt(
  versions: readonly RegisterRecord[],
  month: Month,
  rules: RulesInForce,
): Assignment | null {
  const facts = factsFor(versions, month);
  return facts ? assessInForce(facts, month, rules) : null;
}

/**
 * The one assessment entry point: the facts in M assessed under the policy in force for M, with
 * the working group's decisions in force in M applied (`applyDecision`). The timeline, upload
 * authority, `POST /assess`, the assessment document, impact and the console all assess here.
 *
 * @throws PolicyNotInForceError for a month before every policy
 */
export function assessInForce(facts: RegisterRecord, month: Month, rules: RulesInForce): Assignment {
  return applyDecision(assess(facts, month, rules.policies), month, rules);
}

/**
 * The assignment in M when M is a month some policy is in force for, else null (a month
 * before every policy has no assignment; it is not an error for a reader that only shows).
 */
export function assignmentIfInForce(
  versions: readonly RegisterRecord[],
  month: Month | null,
  rules: RulesInForce,
): Assignment | null {
  if (!month || compareMonths(month, firstPolicyMonth(rules.policies)) < 0) return null;
  try {
    return assignmentAt(versions, month, rules);
  } catch {
    return null;
  }
}

/**
 * The record's assignment in each of the months given (oldest first); empty when there is
 * no version.
 *
 * @throws PolicyNotInForceError for a month before every policy
 */
export function assignmentsOver(
  versions: readonly RegisterRecord[],
  months: readonly Month[],
  rules: RulesInForce,
): Map<Month, Assignment> {
  const out = new Map<Month, Assignment>();
  for (const month of [...months].sort(compareMonths)) {
    const a = assignmentAt(versions, month, rules);
    if (a) out.set(month, a);
  }
  return out;
}

/**
 * The months where a record's assignment may change: the months the rules change
 * (`ruleChangeMonths`: each policy's first month, each clause's first month and the month
 * after its last), each version's 报送月份 and each version's completion month (the stage turns
 * `built` there), from the first policy month on. Between two of them the facts, the stage
 * and the rules are constant.
 */
export function changeMonths(versions: readonly RegisterRecord[], rules: RulesInForce): Month[] {
  const first = firstPolicyMonth(rules.policies);
  const months = new Set<Month>(ruleChangeMonths(rules.policies).filter((m) => m >= first));
  months.add(first);
  for (const v of versions) {
    if (compareMonths(v.month, first) > 0) months.add(v.month);
    if (v.completedOn) {
      const m = monthOf(v.completedOn);
      if (m > first) months.add(m);
    }
  }
  // coordination hook: a decision's first month and its end month
  const key = versions[0]?.key;
  if (key) for (const m of decisionMonths(key, rules)) if (m > first) months.add(m);
  return sortMonths(months);
}

// ───────────────────────────── changes and transfers ─────────────────────────────

/**
 * The part of an assignment whose change is a change of assignment: everything but the
 * name and the warnings (which describe the input, not who serves it).
 */
export function assignmentSignature(a: Assignment): string {
  return JSON.stringify([
    a.status,
    a.stage,
    a.service,
    a.indicators,
    a.lead,
    a.cooperating,
    a.safety,
    a.decidedBy,
    a.clauses,
    a.policyTransfer,
    a.handover,
    // coordination hook: a change of the deciding decision (another 文号) is a change
    ...(a.decision ? [a.decision.id] : []),
  ]);
}

/** True when two assignments assign the same (see {@link assignmentSignature}). */
export function sameAssignment(a: Assignment, b: Assignment): boolean {
  return assignmentSignature(a) === assignmentSignature(b);
}

/**
 * The history: the record's assignment in each month (of those given, oldest first) where it
 * differs from the previous month given; the first month is always included.
 */
export function changesOf(
  versions: readonly RegisterRecord[],
  months: readonly Month[],
  rules: RulesInForce,
): MonthAssignment[] {
  const out: MonthAssignment[] = [];
  let previous: Assignment | null = null;
  for (const [month, assignment] of assignmentsOver(versions, months, rules)) {
    if (previous === null || !sameAssignment(previous, assignment)) out.push({ month, assignment });
    previous = assignment;
  }
  return out;
}

/**
 * Is the change from the assignment in M−1 to the one in M a transfer (划转)? Yes when both
 * are active, both name an `indicators` unit and they differ. A change to or from no unit (a
 * record becoming inactive, or returning) is not a transfer: the summaries count it as leaving.
 *
 * The one rule of a transfer: the transfer index (划转确认, `transfersOf`), the history and the
 * summaries' 划入/划出 ({@link storyOf}) all ask it, for a record first reported in M too — its
 * facts read back to M−1 (a record's first version supplies them) with the decisions in force
 * in M−1 give the unit of M−1.
 */
export function isTransfer(before: Assignment | null, now: Assignment | null): boolean {
  return (
    before?.status === 'active' &&
    now?.status === 'active' &&
    before.indicators != null &&
    now.indicators != null &&
    before.indicators !== now.indicators
  );
}

/** The transfer record of a change that {@link isTransfer}: `clause` is `decidedBy` in M. */
function transferOf(month: Month, before: Assignment, now: Assignment): Transfer {
  const transfer: Transfer = {
    key: now.key,
    month,
    from: before.indicators,
    to: now.indicators,
    clause: now.decidedBy,
  };
  // coordination hook: a transfer a decision causes (or whose end causes) names it
  const decision = now.decision ?? before.decision;
  if (decision)
    transfer.decision = { id: decision.id, documentNo: decision.documentNo, ended: !now.decision };
  return transfer;
}

/**
 * Transfers (划转): the months M (of those given) where the record's `indicators` unit in M
 * differs from its `indicators` unit in M−1 (M−1 assessed whether given or not; see
 * {@link isTransfer}). None in the first policy month. Oldest first.
 */
export function transfersOf(
  versions: readonly RegisterRecord[],
  months: readonly Month[],
  rules: RulesInForce,
): Transfer[] {
  const first = firstPolicyMonth(rules.policies);
  const out: Transfer[] = [];
  const cache = new Map<Month, Assignment | null>();
  const at = (m: Month): Assignment | null => {
    if (!cache.has(m)) cache.set(m, assignmentAt(versions, m, rules));
    return cache.get(m) ?? null;
  };
  for (const month of [...new Set(months)].sort()) {
    if (compareMonths(month, first) <= 0) continue;
    const now = at(month);
    const before = at(addMonths(month, -1));
    if (now && before && isTransfer(before, now)) out.push(transferOf(month, before, now));
  }
  return out;
}

// ───────────────────────────── the record's state (periods) ─────────────────────────────

/** One stretch of months with the same assignment: `from` included, `to` excluded (null: open). */
export interface AssignmentPeriod {
  from: Month;
  to: Month | null;
  assignment: Assignment;
}

/**
 * What a record's versions give over time: its name (of the latest version), the 报送月份 of
 * its versions, its assignment periods from the first policy month on, and its transfers.
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
 * The record's state from all its versions: assessed at each {@link changeMonths} month,
 * equal neighbours merged (the whole assignment, name and warnings included); the last
 * period is open. Null without versions.
 */
export function recordState(
  key: string,
  versions: readonly RegisterRecord[],
  rules: RulesInForce,
): RecordState | null {
  if (versions.length === 0) return null;
  const sorted = [...versions].sort((a, b) =>
    compareMonths(a.month, b.month) < 0 ? -1 : compareMonths(a.month, b.month) > 0 ? 1 : 0,
  );
  const latest = sorted[sorted.length - 1] as RegisterRecord;
  const months = changeMonths(sorted, rules);
  const periods: AssignmentPeriod[] = [];
  for (const month of months) {
    const assignment = assignmentAt(sorted, month, rules);
    if (!assignment) continue;
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
    transfers: transfersOf(sorted, months, rules),
  };
}

/** The period holding month M, else null (M before the first policy month). */
export function periodAt(state: RecordState, month: Month): AssignmentPeriod | null {
  for (const p of state.periods) if (monthIn(p, month)) return p;
  return null;
}

/**
 * The history (`GET /enterprises/{key}`): the first period, then every period whose
 * assignment differs from the previous one's in what it assigns (name and warnings aside).
 */
export function historyOf(state: RecordState): MonthAssignment[] {
  const out: MonthAssignment[] = [];
  let previous: string | null = null;
  for (const p of state.periods) {
    const signature = assignmentSignature(p.assignment);
    if (signature !== previous) out.push({ month: p.from, assignment: p.assignment });
    previous = signature;
  }
  return out;
}

// ───────────────────────────── a month with its neighbours (summaries) ─────────────────────────────

/** A record seen from month M: its facts and assignment in M, M−1 and M−12, its first 报送月份. */
export interface RecordInMonth {
  key: string;
  name: string;
  facts: RegisterRecord;
  now: Assignment;
  /** The assignment in M−1; null in the first policy month. */
  previous: Assignment | null;
  /** The assignment in M−12; null before the first policy month. */
  lastYear: Assignment | null;
  /** The record's first 报送月份 (首次报送 in that month). */
  first: Month;
}

/**
 * A record in month M with its neighbours (the summaries' view). Null without versions.
 *
 * @throws PolicyNotInForceError for a month before every policy
 */
export function recordInMonth(
  versions: readonly RegisterRecord[],
  month: Month,
  rules: RulesInForce,
): RecordInMonth | null {
  const facts = factsFor(versions, month);
  if (!facts) return null;
  const first = firstPolicyMonth(rules.policies);
  const previous = addMonths(month, -1);
  const lastYear = addMonths(month, -12);
  let firstMonth = facts.month;
  for (const v of versions) if (compareMonths(v.month, firstMonth) < 0) firstMonth = v.month;
  return {
    key: facts.key,
    name: facts.name,
    facts,
    now: assessInForce(facts, month, rules),
    previous: previous >= first ? assignmentAt(versions, previous, rules) : null,
    lastYear: lastYear >= first ? assignmentAt(versions, lastYear, rules) : null,
    first: firstMonth,
  };
}

/**
 * A transfer in M as the summaries count it: {@link isTransfer} from M−1 to M — the same rule
 * as the transfer index, so 划入/划出 count exactly what 划转确认 lists (a record first reported
 * in M included).
 */
export function transferInMonth(record: RecordInMonth): boolean {
  return isTransfer(record.previous, record.now);
}

/**
 * The stages a first-reported record counts as 新登记 with: a project newly brought in
 * (新引进) or signed (已签约). A record first reported when it is already building, built or
 * in production (a register catching up with an enterprise built years ago) is 首次报送, not
 * 新登记.
 */
export const REGISTERED_STAGES: readonly Stage[] = ['new', 'signed'];

/**
 * The story of a record in month M — what every page, summary and e-mail says of it, computed
 * here once:
 * - `firstReported` (首次报送): its first 报送月份 is M;
 * - `registered` (新登记): first reported in M and its stage in M is 新引进 or 已签约
 *   ({@link REGISTERED_STAGES});
 * - `transfer` (划入/划出): its indicators unit in M−1 differs from the one in M
 *   ({@link isTransfer}), whether or not it is first reported in M — exactly what the
 *   transfer index (划转确认) lists for M.
 */
export interface MonthStory {
  firstReported: boolean;
  registered: boolean;
  transfer: { from: UnitId; to: UnitId } | null;
}

/** The story of a record in month M ({@link MonthStory}). */
export function storyOf(record: RecordInMonth, month: Month): MonthStory {
  const firstReported = record.first === month;
  const active = record.now.status === 'active';
  const transfer =
    transferInMonth(record) && record.previous
      ? { from: record.previous.indicators as UnitId, to: record.now.indicators as UnitId }
      : null;
  return {
    firstReported: firstReported && active,
    registered: firstReported && active && REGISTERED_STAGES.includes(record.now.stage),
    transfer,
  };
}

// ───────────────────────────── visibility windows ─────────────────────────────

/** True when the unit is the assignment's service, indicators, cooperating, safety or lead unit. */
export function holds(assignment: Assignment | null | undefined, unit: UnitId): boolean {
  if (!assignment) return false;
  return (
    assignment.service === unit ||
    assignment.indicators === unit ||
    assignment.cooperating === unit ||
    assignment.safety === unit ||
    assignment.lead === unit
  );
}

/** How far a unit sees a record: all of it, up to a month, or nothing. */
export type Visibility = { kind: 'all' } | { kind: 'until'; month: Month } | { kind: 'none' };

/**
 * What a unit may see of a record over time (docs/api.md): the bureau (unit null) and a
 * unit holding it in the latest month see all of it; a unit that held it only earlier sees
 * the months up to the last month it held it; anyone else nothing.
 *
 * @param history the record's history, oldest first (each entry holds until the next)
 * @param latestAssignment the assignment in the latest month
 */
export function visibilityOf(
  unit: UnitId | null,
  history: readonly MonthAssignment[],
  latestAssignment: Assignment | null,
): Visibility {
  if (unit === null) return { kind: 'all' };
  if (holds(latestAssignment, unit)) return { kind: 'all' };
  for (let i = history.length - 1; i >= 0; i--) {
    const entry = history[i] as MonthAssignment;
    if (!holds(entry.assignment, unit)) continue;
    const next = history[i + 1];
    // The last entry would be the latest month's assignment, which the unit does not hold:
    // only entries followed by a change give a bound.
    if (!next) return { kind: 'none' };
    return { kind: 'until', month: addMonths(next.month, -1) };
  }
  return { kind: 'none' };
}

/** True when the month lies within what the visibility allows. */
export function monthVisible(visibility: Visibility, month: Month): boolean {
  if (visibility.kind === 'all') return true;
  if (visibility.kind === 'none') return false;
  return compareMonths(month, visibility.month) <= 0;
}
