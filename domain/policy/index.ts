/**
 * The policies as data and how to pick the one in force for a month (policy.md §4, §7).
 *
 * Import as `#domain/policy/index`.
 *
 * @example
 * ```ts
 * import { policyFor, clauseText } from '#domain/policy/index';
 * const policy = policyFor('2026-10'); // POLICY_2020_1
 * clauseText('2.safety'); // 企业安全生产管理工作按照属地管理的原则，…
 * ```
 *
 * @module
 */
import { PolicyNotInForceError, ValidationError } from '../errors.ts';
import { isMonth, lastDayOf, monthLabel } from '../months.ts';
import type { ClauseId, IsoDate, Month } from '../types.ts';
import { normalizeName, OFFICE_IDS, type OfficeId, type StreetId, type ZoneId } from '../units.ts';
import { POLICY_2020_1 } from './policy-2020-1.ts';
import type { Policy } from './types.ts';

export { POLICY_2020_1 } from './policy-2020-1.ts';
export type { Clause, Cluster, Focus, KeyProjectInfo, Policy, WholeMove } from './types.ts';

/** Every policy version, oldest first. Add a new version here (docs/policy.md). */
export const POLICIES: readonly Policy[] = [POLICY_2020_1];

/** Every clause id of policy 2020-1, in the order of the notice. */
export const CLAUSE_IDS: readonly ClauseId[] = Object.keys(POLICY_2020_1.clauses) as ClauseId[];

function dateLabel(date: IsoDate): string {
  const [y, m, d] = date.split('-');
  return `${Number(y)}年${Number(m)}月${Number(d)}日`;
}

/** Throws a ValidationError (Chinese) unless `month` is `YYYY-MM`. */
export function assertMonth(month: string): asserts month is Month {
  if (typeof month !== 'string' || !isMonth(month)) {
    throw new ValidationError(`月份“${String(month)}”格式不正确：应为 YYYY-MM，例如 2026-10。`);
  }
}

/** True when the policy is in force for the month: `effectiveFrom` ≤ the last day of M. */
export function inForce(policy: Policy, month: Month): boolean {
  assertMonth(month);
  return policy.effectiveFrom <= lastDayOf(month);
}

/**
 * The policy in force for month M: the version with the latest `effectiveFrom` on or before
 * the last day of M (2020-1: from 2020-04).
 *
 * @throws PolicyNotInForceError for a month before any policy is in force (policy.md §7: an
 *   error, not a guess); ValidationError for a malformed month.
 */
export function policyFor(month: Month, policies: readonly Policy[] = POLICIES): Policy {
  assertMonth(month);
  let found: Policy | undefined;
  for (const policy of policies) {
    if (inForce(policy, month) && (!found || policy.effectiveFrom > found.effectiveFrom)) found = policy;
  }
  if (!found) {
    const earliest = [...policies].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))[0];
    const hint = earliest
      ? `最早的政策${earliest.docNumber}自${dateLabel(earliest.effectiveFrom)}起施行，请选择${monthLabel(earliest.effectiveFrom.slice(0, 7))}或以后的月份。`
      : '没有登记任何政策版本。';
    throw new PolicyNotInForceError(`${monthLabel(month)}没有生效的政策，无法判定归属：${hint}`);
  }
  return found;
}

/**
 * Throws PolicyNotInForceError unless the given policy is in force for M.
 */
export function assertInForce(policy: Policy, month: Month): void {
  if (!inForce(policy, month)) {
    throw new PolicyNotInForceError(
      `${monthLabel(month)}时${policy.docNumber}尚未施行（自${dateLabel(policy.effectiveFrom)}起施行），无法判定归属：请选择${monthLabel(policy.effectiveFrom.slice(0, 7))}或以后的月份。`,
    );
  }
}

/** The quoted text of the notice that a clause encodes. */
export function clauseText(id: ClauseId, policy: Policy = POLICY_2020_1): string {
  const clause = policy.clauses[id];
  if (!clause) throw new RangeError(`unknown clause id: ${id}`);
  return clause.text;
}

/** Every clause id → its quoted text (the `clauseTexts` of `GET /enterprises/{key}`). */
export function clauseTexts(
  ids: readonly ClauseId[],
  policy: Policy = POLICY_2020_1,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of ids) out[id] = clauseText(id, policy);
  return out;
}

/** True when the street OR the zone lies in the office's 板块 (policy.md §2). */
export function inCluster(
  policy: Policy,
  office: OfficeId,
  street: StreetId,
  zone: ZoneId | null | undefined,
): boolean {
  const cluster = policy.clusters[office];
  return cluster.streets.includes(street) || (zone != null && cluster.zones.includes(zone));
}

/** Normalised category → the office whose 招商重点 lists it. */
function focusIndex(policy: Policy): Map<string, OfficeId> {
  let index = focusIndexes.get(policy);
  if (!index) {
    index = new Map();
    for (const office of OFFICE_IDS) {
      for (const category of policy.focus[office].categories) {
        const key = normalizeName(category);
        if (!index.has(key)) index.set(key, office);
      }
    }
    focusIndexes.set(policy, index);
  }
  return index;
}
const focusIndexes = new WeakMap<Policy, Map<string, OfficeId>>();

/** The office whose 招商重点 (clause 4) lists the category; undefined when none does. */
export function officeForCategory(category: string, policy: Policy = POLICY_2020_1): OfficeId | undefined {
  return focusIndex(policy).get(normalizeName(category));
}

/** True when the office's 招商重点 lists the category. */
export function inFocus(office: OfficeId, category: string, policy: Policy = POLICY_2020_1): boolean {
  const wanted = normalizeName(category);
  return policy.focus[office].categories.some((c) => normalizeName(c) === wanted);
}
