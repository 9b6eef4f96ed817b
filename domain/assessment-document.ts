/**
 * The `lkg assess --json` document (the README (“Try it”)): a checked workbook and the
 * assignment of every register row for one month, with no storage — every record is assessed
 * as a first version. Pure: no I/O, no clock.
 *
 * @example
 * ```ts
 * const parsed = checkWorkbook(sheets, { fileName, uploadedMonth });
 * const doc = assessmentDocument(parsed, null, POLICIES); // month: the register's month
 * ```
 *
 * @module
 */
import type { RulesInForce } from './decisions.ts';
import { LkgError, PolicyNotInForceError } from './errors.ts';
import { compareMonths, monthLabel } from './months.ts';
import { firstPolicyMonth, newestPolicy, type Policy, policyFor } from './policy/index.ts';
import { checkAgainstStore, mergeVersion } from './registers/index.ts';
import { workbookMonths, yearToDateFindings } from './registers/ytd.ts';
import { assessInForce } from './timeline.ts';
import type { Assignment, Finding, Month, ParsedWorkbook, RegisterRecord, RegisterRow } from './types.ts';

/** The `lkg assess --json` document. */
export interface AssessmentDocument {
  /** The month assessed: the one asked for, else the register's (latest) 报送月份; null without a register. */
  month: Month | null;
  /** Every 报送月份 of the register, oldest first (a workbook may hold one sheet per month). */
  months: Month[];
  /**
   * The policy in force for the month (`2020-1`); without a month the newest version, for a
   * month before every version the first.
   */
  policy: string;
  /** One per register row without an error, in sheet order. */
  assignments: Assignment[];
  /** Every finding: the file's, the workbook checks', and those of assessing without a store. */
  findings: Finding[];
}

/**
 * Findings of checking against an empty store: a register row on a sheet without the
 * 名称/项目状态/所在街道 column cannot be assessed as a first version. `E_UNKNOWN_ENTERPRISE`
 * is left out: without the store nobody knows whether an indicators row's enterprise exists.
 */
function firstVersionFindings(parsed: ParsedWorkbook): Finding[] {
  return [
    ...checkAgainstStore(parsed, new Map()).filter((f) => f.code !== 'E_UNKNOWN_ENTERPRISE'),
    // 本年累计: compared where the workbook itself holds the year's earlier months.
    ...yearToDateFindings(parsed, workbookMonths(parsed)),
  ];
}

/**
 * Each record once, as of `month`: its rows of the workbook's months up to `month` merged in
 * order (one sheet per month), in the order of its first row. Rows of later months are left out.
 */
function recordsAsOf(
  rows: readonly RegisterRow[],
  month: Month,
): { row: RegisterRow; record: RegisterRecord }[] {
  const byKey = new Map<string, RegisterRow[]>();
  for (const row of rows) {
    if (compareMonths(row.record.month, month) > 0) continue;
    const list = byKey.get(row.record.key);
    if (list) list.push(row);
    else byKey.set(row.record.key, [row]);
  }
  const out: { row: RegisterRow; record: RegisterRecord }[] = [];
  for (const list of byKey.values()) {
    if (list.length === 1) {
      const row = list[0] as RegisterRow;
      out.push({ row, record: mergeVersion(null, row) });
      continue;
    }
    const sorted = [...list].sort((a, b) =>
      compareMonths(a.record.month, b.record.month) < 0
        ? -1
        : compareMonths(a.record.month, b.record.month) > 0
          ? 1
          : 0,
    );
    let record: RegisterRecord | null = null;
    for (const row of sorted) record = mergeVersion(record, row);
    out.push({ row: sorted[sorted.length - 1] as RegisterRow, record: record as RegisterRecord });
  }
  return out;
}

/**
 * The document of `lkg assess --json` for a checked workbook.
 *
 * Rows with an error (a finding with `severity: 'error'` on the row, or on its whole sheet)
 * are left out of `assignments`; the document still lists every finding.
 *
 * @param parsed what `checkWorkbook` answered (the same object: its side information is used)
 * @param month the month to assess; null for the register's 报送月份
 * @param rules the rules in force; the policy in force for the month is applied, with the decisions
 * @param fileFindings findings of reading the file (they come first)
 * @throws PolicyNotInForceError when `month` is given and no policy is in force then (a
 *   register whose own month precedes the policy gets the finding `E_POLICY_NOT_IN_FORCE`)
 */
export function assessmentDocument(
  parsed: ParsedWorkbook,
  month: Month | null,
  rules: RulesInForce,
  fileFindings: readonly Finding[] = [],
): AssessmentDocument {
  const findings: Finding[] = [...fileFindings, ...parsed.findings, ...firstVersionFindings(parsed)];
  const target = month ?? parsed.registerMonth;
  const months = parsed.registerMonths ?? (parsed.registerMonth ? [parsed.registerMonth] : []);
  if (target == null)
    return { month: null, months, policy: newestPolicy(rules.policies).id, assignments: [], findings };

  let policy: Policy;
  try {
    policy = policyFor(target, rules.policies);
  } catch (error) {
    if (month != null || !(error instanceof PolicyNotInForceError)) throw error;
    findings.push({
      code: 'E_POLICY_NOT_IN_FORCE',
      severity: 'error',
      sheet: null,
      row: null,
      column: null,
      value: target,
      message: `台账的报送月份为${monthLabel(target)}：${error.message}`,
    });
    const first = policyFor(firstPolicyMonth(rules.policies), rules.policies);
    return { month: target, months, policy: first.id, assignments: [], findings };
  }

  const badRows = new Set<string>();
  const badSheets = new Set<string>();
  for (const f of findings) {
    if (f.severity !== 'error' || f.sheet == null) continue;
    if (f.row == null) badSheets.add(f.sheet);
    else badRows.add(`${f.sheet}\u0000${f.row}`);
  }
  const assignments: Assignment[] = [];
  const clean = parsed.register.filter(
    (row) => !badSheets.has(row.sheet) && !badRows.has(`${row.sheet}\u0000${row.row}`),
  );
  // One sheet per month: each record is assessed once, as of the month assessed.
  const single = months.length <= 1;
  const entries = single
    ? clean.map((row) => ({ row, record: null as RegisterRecord | null }))
    : recordsAsOf(clean, target);
  for (const { row, record } of entries) {
    try {
      assignments.push(assessInForce(record ?? mergeVersion(null, row), target, rules));
    } catch (error) {
      if (!(error instanceof LkgError)) throw error;
      // The checks report these first; should one slip through, it is a finding, not a crash.
      findings.push({
        code: 'E_ASSESS',
        severity: 'error',
        sheet: row.sheet,
        row: row.row,
        column: null,
        value: row.record.key,
        message: error.message,
      });
    }
  }
  return { month: target, months, policy: policy.id, assignments, findings };
}
