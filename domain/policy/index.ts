/**
 * The policies as data, the policy in force for a month, and the lookups the rules use
 * (docs/policy.md).
 *
 * No function here has a default policy: callers pass the policy set (usually
 * {@link POLICIES}, the versions in force) or the policy they picked with {@link policyFor}.
 *
 * Import as `#domain/policy/index`.
 *
 * @example
 * ```ts
 * import { POLICIES, policyFor, clauseText } from '#domain/policy/index';
 * const policy = policyFor('2026-10', POLICIES); // POLICY_2020_1
 * clauseText('2.safety', policy); // 企业安全生产管理工作按照属地管理的原则，…
 * ```
 *
 * @module
 */
import { PolicyNotInForceError, ValidationError } from '../errors.ts';
import { addMonths, compareMonths, isMonth, lastDayOf, monthLabel, monthOf } from '../months.ts';
import type { ClauseId, IsoDate, Month } from '../types.ts';
import { normalizeName, OFFICE_IDS, type OfficeId, type StreetId, type ZoneId } from '../units.ts';
import { POLICY_2020_1 } from './policy-2020-1.ts';
import { policySet } from './schema.ts';
import type { Clause, Policy } from './types.ts';

export { POLICY_2020_1, POLICY_2020_1_DATA } from './policy-2020-1.ts';
export {
  CITING_RULE_IDS,
  DECIDING_RULE_IDS,
  PolicyDataError,
  parsePolicy,
  policySchema,
  policySet,
  RESERVED_CLAUSE_IDS,
} from './schema.ts';
export type {
  CitingRuleId,
  Clause,
  Cluster,
  DecidingRuleId,
  Focus,
  KeyProjectInfo,
  Policy,
  PolicyInput,
  RuleStep,
  WholeMove,
} from './types.ts';

/**
 * The policy versions in force, oldest first: the set the ingest, the API, the summaries and
 * the CLI pass. Add a new version here (docs/policy.md "Adding a policy version").
 */
export const POLICIES: readonly Policy[] = policySet([POLICY_2020_1]);

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
 * the last day of M (2020-1: from 2020-04). The versions may come in any order.
 *
 * @throws PolicyNotInForceError for a month before any policy is in force (docs/policy.md: an
 *   error, not a guess); ValidationError for a malformed month.
 */
export function policyFor(month: Month, policies: readonly Policy[]): Policy {
  // A frozen set (POLICIES, any policySet) cannot change: its answers are remembered per month.
  const cache = Object.isFrozen(policies) ? cacheOf(policies) : undefined;
  const known = cache?.get(month);
  if (known) return known;
  const found = findPolicy(month, policies);
  cache?.set(month, found);
  return found;
}

const answers = new WeakMap<readonly Policy[], Map<Month, Policy>>();

function cacheOf(policies: readonly Policy[]): Map<Month, Policy> {
  let cache = answers.get(policies);
  if (!cache) {
    cache = new Map();
    answers.set(policies, cache);
  }
  return cache;
}

function findPolicy(month: Month, policies: readonly Policy[]): Policy {
  assertMonth(month);
  let found: Policy | undefined;
  for (const policy of policies) {
    if (inForce(policy, month) && (!found || policy.effectiveFrom > found.effectiveFrom)) found = policy;
  }
  if (!found) {
    const earliest = [...policies].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))[0];
    const hint = earliest
      ? `最早的政策${earliest.docNumber}自${dateLabel(earliest.effectiveFrom)}起施行，请选择${monthLabel(monthOf(earliest.effectiveFrom))}或以后的月份。`
      : '没有登记任何政策版本。';
    throw new PolicyNotInForceError(`${monthLabel(month)}没有生效的政策，无法判定归属：${hint}`);
  }
  return found;
}

const clauseIndexes = new WeakMap<Policy, Map<ClauseId, Clause>>();

/** The clause of the policy with this id; undefined when the policy has none. */
export function clauseOf(id: ClauseId, policy: Policy): Clause | undefined {
  let index = clauseIndexes.get(policy);
  if (!index) {
    index = new Map(policy.clauses.map((c) => [c.id, c]));
    clauseIndexes.set(policy, index);
  }
  return index.get(id);
}

/** The ids of the policy's clauses, in the order of the notice. */
export function clauseIds(policy: Policy): ClauseId[] {
  return policy.clauses.map((c) => c.id);
}

/**
 * The quoted text of the notice that a clause of this policy encodes.
 *
 * @throws RangeError when the policy has no clause with this id (clause ids belong to their policy).
 */
export function clauseText(id: ClauseId, policy: Policy): string {
  const clause = clauseOf(id, policy);
  if (!clause) throw new RangeError(`unknown clause id of policy ${policy.id}: ${id}`);
  return clause.text;
}

/** Every clause id → its quoted text in this policy (the `clauseTexts` of `GET /enterprises/{key}`). */
export function clauseTexts(ids: readonly ClauseId[], policy: Policy): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of ids) out[id] = clauseText(id, policy);
  return out;
}

/**
 * The version of the set with this id.
 *
 * @throws RangeError when the set has none.
 */
export function policyById(id: string, policies: readonly Policy[]): Policy {
  const policy = policies.find((p) => p.id === id);
  if (!policy) throw new RangeError(`unknown policy id: ${id}`);
  return policy;
}

/** The newest version of a set (what a blank template describes). */
export function newestPolicy(policies: readonly Policy[]): Policy {
  const newest = [...policies].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)).at(-1);
  if (!newest) throw new PolicyNotInForceError('没有登记任何政策版本。');
  return newest;
}

/** The first month any version of the set is in force (2020-04 for 2020-1). */
export function firstPolicyMonth(policies: readonly Policy[]): Month {
  const months = policies.map((p) => monthOf(p.effectiveFrom)).sort();
  if (!months[0]) throw new PolicyNotInForceError('没有登记任何政策版本。');
  return months[0];
}

/**
 * The months in which the rules themselves may change, oldest first: each version's first
 * month, and each clause's first month and the month after its last. A record's assignment can
 * change only at these months and at the months its facts or its stage change.
 */
export function ruleChangeMonths(policies: readonly Policy[]): Month[] {
  const months = new Set<Month>();
  for (const p of policies) {
    months.add(monthOf(p.effectiveFrom));
    for (const c of p.clauses) {
      months.add(monthOf(c.effectiveFrom));
      if (c.effectiveTo != null) months.add(addMonths(monthOf(c.effectiveTo), 1));
    }
  }
  return [...months].sort(compareMonths);
}

/** True when the street OR the zone lies in the office's 板块 (docs/policy.md). */
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
export function officeForCategory(category: string, policy: Policy): OfficeId | undefined {
  return focusIndex(policy).get(normalizeName(category));
}

/** True when the office's 招商重点 lists the category. */
export function inFocus(office: OfficeId, category: string, policy: Policy): boolean {
  const wanted = normalizeName(category);
  return policy.focus[office].categories.some((c) => normalizeName(c) === wanted);
}
