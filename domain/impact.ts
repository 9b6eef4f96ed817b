/**
 * The impact of a draft policy: against the stored data, and
 * changing nothing of it, the rules in force compared with the rules in force plus the draft
 * (as a new version from its effective date) in month M. Pure: given the records, the
 * indicators of M's year and the two rule sets, the same answer every time.
 *
 * - every enterprise whose service, indicators, lead, cooperating or safety unit would change
 *   in M, with its units and clauses before and after, and its 本年累计 (January..M);
 * - per unit: the enterprises it would carry in and out, and the 本年累计 of each indicator
 *   moving in and out, its carried 本年累计 before and after;
 * - the district: the totals before and after, which must be equal to the last digit (an
 *   enterprise's figures move with it; nothing is created or lost) — `reconciles`.
 *
 * Adopting the draft (adding it to the policy versions) and re-projecting gives exactly the
 * `after` side (a test proves it item by item).
 *
 * @module
 */
import { add, compare, type Decimal } from './decimal.ts';
import { type RulesInForce, withPolicies } from './decisions.ts';
import { INDICATOR_IDS } from './indicators.ts';
import { compareMonths, januaryOf, monthLabel, monthOf } from './months.ts';
import { type Policy, policyFor, policySet } from './policy/index.ts';
import { assignmentAt } from './timeline.ts';
import type { Assignment, IndicatorRow, Month, RegisterRecord } from './types.ts';
import { UNITS, type UnitId } from './units.ts';

/** The roles whose change the impact reports. */
export const IMPACT_ROLES = ['service', 'indicators', 'lead', 'cooperating', 'safety'] as const;
export type ImpactRole = (typeof IMPACT_ROLES)[number];

/** One side (before or after) of an enterprise's assignment in M. */
export interface ImpactSide {
  service: UnitId | null;
  indicators: UnitId | null;
  lead: UnitId | null;
  cooperating: UnitId | null;
  safety: UnitId | null;
  decidedBy: string | null;
  clauses: string[];
  /** The policy version in force for M on this side. */
  policy: string;
}

/** An enterprise the draft would change in M. */
export interface EnterpriseImpact {
  key: string;
  name: string;
  changed: ImpactRole[];
  before: ImpactSide;
  after: ImpactSide;
  /** Its 本年累计 (January..M) of each indicator it reported (what moves with it). */
  ytd: Record<string, Decimal>;
}

/** A unit's side of the impact. */
export interface UnitImpact {
  unit: UnitId;
  /** Enterprises whose indicators would come to it / leave it. */
  in: number;
  out: number;
  /** 本年累计 moving in and out, per indicator (only indicators with a value). */
  ytdIn: Record<string, Decimal>;
  ytdOut: Record<string, Decimal>;
  /** Enterprises it carries (承担指标) in M, before and after. */
  carriedBefore: number;
  carriedAfter: number;
  /** The 本年累计 it carries, before and after. */
  ytdBefore: Record<string, Decimal>;
  ytdAfter: Record<string, Decimal>;
}

/** The impact document (`lkg impact --json`, `GET /impact/{id}`). */
export interface ImpactResult {
  draft: { id: string; docNumber: string; title: string; effectiveFrom: string };
  month: Month;
  /** False when M is before the draft's effective month (then nothing changes). */
  draftInForce: boolean;
  enterprises: EnterpriseImpact[];
  units: UnitImpact[];
  district: {
    enterprises: number;
    changed: number;
    ytdBefore: Record<string, Decimal>;
    ytdAfter: Record<string, Decimal>;
    /** Moved in = moved out, and the totals equal, for every indicator. */
    reconciles: boolean;
  };
}

/**
 * The policy versions with the draft adopted: the draft replaces the version with its id or
 * its effective date, else is added; the decisions the rules carry are kept.
 *
 * @throws PolicyDataError when the set would be invalid
 */
export function adoptDraft(rules: RulesInForce, draft: Policy): RulesInForce {
  const kept = rules.policies.filter((p) => p.id !== draft.id && p.effectiveFrom !== draft.effectiveFrom);
  return withPolicies(rules, policySet([...kept, draft]));
}

function sideOf(a: Assignment, policy: Policy): ImpactSide {
  return {
    service: a.service,
    indicators: a.indicators,
    lead: a.lead,
    cooperating: a.cooperating,
    safety: a.safety,
    decidedBy: a.decidedBy,
    clauses: [...a.clauses],
    policy: policy.id,
  };
}

function addInto(target: Record<string, Decimal>, values: Readonly<Record<string, Decimal>>): void {
  for (const [k, v] of Object.entries(values)) target[k] = add(target[k] ?? '0', v);
}

function sameTotals(a: Readonly<Record<string, Decimal>>, b: Readonly<Record<string, Decimal>>): boolean {
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (compare(a[k] ?? '0', b[k] ?? '0') !== 0) return false;
  }
  return true;
}

/** The 本年累计 (January..M of M's year) of each enterprise, per indicator with a value. */
export function yearToDateByKey(
  rows: readonly IndicatorRow[],
  month: Month,
): Map<string, Record<string, Decimal>> {
  const first = januaryOf(month);
  const out = new Map<string, Record<string, Decimal>>();
  for (const row of rows) {
    if (compareMonths(row.month, first) < 0 || compareMonths(row.month, month) > 0) continue;
    const ytd = out.get(row.key) ?? {};
    for (const id of INDICATOR_IDS) {
      const v = row.values[id];
      if (v != null) ytd[id] = add(ytd[id] ?? '0', v);
    }
    out.set(row.key, ytd);
  }
  return out;
}

/** What the impact reads. */
export interface ImpactInput {
  draft: Policy;
  /** The month compared; default: the draft's first month. */
  month?: Month | null;
  /** Every record's versions (any order). */
  records: Iterable<readonly RegisterRecord[]>;
  /** Indicator rows of M's year up to M (others are ignored). */
  indicators: readonly IndicatorRow[];
  /** The rules in force (the policy versions, with the decisions when there are any). */
  rules: RulesInForce;
}

/**
 * The impact of adopting the draft, in month M (see the module).
 *
 * @throws PolicyNotInForceError for a month before every policy; PolicyDataError when the
 *   draft cannot join the versions in force
 */
export function impactOf(input: ImpactInput): ImpactResult {
  const { draft, rules } = input;
  const month = input.month ?? monthOf(draft.effectiveFrom);
  const adopted = adoptDraft(rules, draft);
  const policyBefore = policyFor(month, rules.policies);
  const policyAfter = policyFor(month, adopted.policies);
  const ytdOf = yearToDateByKey(input.indicators, month);
  const units = new Map<UnitId, UnitImpact>();
  const unit = (id: UnitId): UnitImpact => {
    let u = units.get(id);
    if (!u) {
      u = {
        unit: id,
        in: 0,
        out: 0,
        ytdIn: {},
        ytdOut: {},
        carriedBefore: 0,
        carriedAfter: 0,
        ytdBefore: {},
        ytdAfter: {},
      };
      units.set(id, u);
    }
    return u;
  };
  const enterprises: EnterpriseImpact[] = [];
  const districtBefore: Record<string, Decimal> = {};
  const districtAfter: Record<string, Decimal> = {};
  let count = 0;
  for (const versions of input.records) {
    const before = assignmentAt(versions, month, rules);
    const after = assignmentAt(versions, month, adopted);
    if (!before || !after) continue;
    count++;
    const ytd = ytdOf.get(before.key) ?? {};
    if (before.status === 'active' && before.indicators) {
      const u = unit(before.indicators);
      u.carriedBefore++;
      addInto(u.ytdBefore, ytd);
      addInto(districtBefore, ytd);
    }
    if (after.status === 'active' && after.indicators) {
      const u = unit(after.indicators);
      u.carriedAfter++;
      addInto(u.ytdAfter, ytd);
      addInto(districtAfter, ytd);
    }
    const changed = IMPACT_ROLES.filter((r) => before[r] !== after[r]);
    if (changed.length === 0) continue;
    enterprises.push({
      key: before.key,
      name: after.name,
      changed,
      before: sideOf(before, policyBefore),
      after: sideOf(after, policyAfter),
      ytd,
    });
    if (before.indicators !== after.indicators) {
      if (before.status === 'active' && before.indicators) {
        const u = unit(before.indicators);
        u.out++;
        addInto(u.ytdOut, ytd);
      }
      if (after.status === 'active' && after.indicators) {
        const u = unit(after.indicators);
        u.in++;
        addInto(u.ytdIn, ytd);
      }
    }
  }
  enterprises.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const order = new Map(UNITS.map((u, i) => [u.id, i]));
  const unitList = [...units.values()].sort((a, b) => (order.get(a.unit) ?? 99) - (order.get(b.unit) ?? 99));
  const movedIn: Record<string, Decimal> = {};
  const movedOut: Record<string, Decimal> = {};
  for (const u of unitList) {
    addInto(movedIn, u.ytdIn);
    addInto(movedOut, u.ytdOut);
  }
  return {
    draft: {
      id: draft.id,
      docNumber: draft.docNumber,
      title: draft.title,
      effectiveFrom: draft.effectiveFrom,
    },
    month,
    draftInForce: policyAfter === draft,
    enterprises,
    units: unitList,
    district: {
      enterprises: count,
      changed: enterprises.length,
      ytdBefore: districtBefore,
      ytdAfter: districtAfter,
      reconciles: sameTotals(districtBefore, districtAfter) && sameTotals(movedIn, movedOut),
    },
  };
}

/** A line saying which month was compared and whether the draft is in force then (Chinese). */
export function impactHeadline(result: ImpactResult): string {
  const head = `${result.draft.docNumber}（${result.draft.id}，自${result.draft.effectiveFrom}起施行）对${monthLabel(result.month)}的影响`;
  if (!result.draftInForce)
    return `${head}：该月草案尚未施行，归属不变。请用 --month 选择${monthLabel(monthOf(result.draft.effectiveFrom))}或以后的月份。`;
  return `${head}：全区 ${result.district.enterprises} 家企业中 ${result.district.changed} 家的归属将改变；全区合计${result.district.reconciles ? '不变（已核对至末位）' : '不一致（请报告此问题）'}。`;
}
