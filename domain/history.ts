/**
 * A record's assignments over months, the months they changed, and its transfers (划转):
 * used by the store and the summaries (interfaces.md `GET /enterprises/{key}`, summaries.md §1).
 *
 * All functions are pure. The facts for each month come from {@link factsFor} (policy.md §4);
 * each month is assessed under the version of `policies` in force for it ({@link assess}).
 *
 * @module
 */
import { assess, factsFor } from './assess.ts';
import { addMonths } from './months.ts';
import { inForce, type Policy } from './policy/index.ts';
import type { MonthAssignment, Transfer } from './ports.ts';
import type { Assignment, Month, RegisterRecord } from './types.ts';

/** The record's assignment in month M, from the facts for M; null when there is no version. */
export function assignmentIn(
  versions: readonly RegisterRecord[],
  month: Month,
  policies: readonly Policy[],
): Assignment | null {
  const facts = factsFor(versions, month);
  return facts ? assess(facts, month, policies) : null;
}

/**
 * The record's assignment in each of the months (facts per month via factsFor). Empty when
 * there is no version.
 *
 * @throws PolicyNotInForceError for a month before any policy is in force.
 */
export function assignmentsOver(
  versions: readonly RegisterRecord[],
  months: readonly Month[],
  policies: readonly Policy[],
): Map<Month, Assignment> {
  const out = new Map<Month, Assignment>();
  for (const month of [...months].sort()) {
    const a = assignmentIn(versions, month, policies);
    if (a) out.set(month, a);
  }
  return out;
}

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
  policies: readonly Policy[],
): MonthAssignment[] {
  const out: MonthAssignment[] = [];
  let previous: Assignment | null = null;
  for (const [month, assignment] of assignmentsOver(versions, months, policies)) {
    if (previous === null || !sameAssignment(previous, assignment)) out.push({ month, assignment });
    previous = assignment;
  }
  return out;
}

/** True when M is the first month of the policies' reach (no month before it is in force). */
function firstPolicyMonth(month: Month, policies: readonly Policy[]): boolean {
  const before = addMonths(month, -1);
  return !policies.some((p) => inForce(p, before));
}

/**
 * Transfers (划转): the months M (of those given) where the record's `indicators` unit in M
 * differs from its `indicators` unit in M−1 (M−1 assessed whether given or not). There is
 * none in the policy's first month (2020-04). A change to or from no unit (a record
 * becoming inactive, or returning) is not a transfer: summaries count it as leaving.
 * `clause` is `decidedBy` in M. Oldest first.
 */
export function transfersOf(
  versions: readonly RegisterRecord[],
  months: readonly Month[],
  policies: readonly Policy[],
): Transfer[] {
  const out: Transfer[] = [];
  const cache = new Map<Month, Assignment | null>();
  const at = (m: Month): Assignment | null => {
    if (!cache.has(m)) cache.set(m, assignmentIn(versions, m, policies));
    return cache.get(m) ?? null;
  };
  for (const month of [...new Set(months)].sort()) {
    if (firstPolicyMonth(month, policies)) continue;
    const now = at(month);
    const before = at(addMonths(month, -1));
    if (!now || !before || now.indicators == null || before.indicators == null) continue;
    if (now.indicators !== before.indicators) {
      out.push({ key: now.key, month, from: before.indicators, to: now.indicators, clause: now.decidedBy });
    }
  }
  return out;
}
