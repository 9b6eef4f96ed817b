/**
 * The rules engine: (record, month, policies) → assignment (docs/policy.md).
 *
 * A pure, deterministic function: the result depends only on the record, the month and the
 * policy set (the version in force for the month is picked by its effective dates) — no
 * clock, no I/O, no order. This module is the rule library: each rule is a named function
 * beside the notice text it encodes (the text itself is data: `domain/policy/policy-2020-1.ts`).
 * A policy selects rules by id (`rules`, `citations`), in its own order, each citing one of its
 * own clauses; the first deciding rule that matches decides (`decidedBy`), the citing rules
 * then set the safety unit and append clauses.
 *
 * @example
 * ```ts
 * import { assess } from '#domain/assess';
 * import { POLICIES } from '#domain/policy/index';
 * const a = assess(record, '2026-10', POLICIES);
 * a.service; a.indicators; a.decidedBy; a.clauses; // 'jidian', 'jidian', '3.1.retained', [...]
 * ```
 *
 * @module
 */
import { ValidationError } from './errors.ts';
import { namesKeyProject } from './key-projects.ts';
import { compareMonths, lastDayOf, monthLabel, monthOf } from './months.ts';
import {
  assertMonth,
  type CitingRuleId,
  clauseOf,
  type DecidingRuleId,
  inCluster,
  inFocus,
  officeForCategory,
  type Policy,
  policyFor,
  type WholeMove,
} from './policy/index.ts';
import type { Assignment, ClauseId, Month, RegisterRecord, Stage, Warning } from './types.ts';
import { isOffice, isStreet, type OfficeId, type StreetId, type UnitId, unitName } from './units.ts';

/** Warning codes the assessment may give (never a change of assignment). */
export const ASSESS_WARNINGS = {
  /** A differing 统计归属街道 on a non-规上 record (docs/policy.md, 3.4 reading). */
  statStreet: 'W_STAT_STREET',
  /** The category is outside the recruiting office's 招商重点 (clause 4). */
  focus: 'W_FOCUS',
  /** The category is in no office's 招商重点 list (docs/policy.md). */
  categoryUnknown: 'W_CATEGORY_UNKNOWN',
  /** 扩产/搬迁 with 原所在街道 equal to 所在街道 (docs/policy.md, 3.3 reading). */
  movementSameStreet: 'W_MOVEMENT_SAME_STREET',
} as const;

// ─────────────────────────── the stage in a month ───────────────────────────

/**
 * The stage used for month M (docs/policy.md):
 * - `inactive` stays inactive (rule 0 comes first);
 * - `completedOn` set and on or before the last day of M: `built`;
 * - the register says `built` but `completedOn` is after M: `building` (not yet complete in M);
 * - else the register's stage.
 *
 * Reading (docs/policy.md): a project hands over in the month it is completed (the notice:
 * 项目建成后，移交属地街道) — completion on the last day of M makes it built in M.
 */
export function stageIn(record: RegisterRecord, month: Month): Stage {
  if (record.stage === 'inactive') return 'inactive';
  const last = lastDayOf(month);
  if (record.completedOn != null && record.completedOn <= last) return 'built';
  if (record.stage === 'built' && record.completedOn != null && record.completedOn > last) return 'building';
  return record.stage;
}

// ─────────────────────────── the rules, in order ───────────────────────────

/** What the rules read: the record, the stage in M, the recruiting office (if any), the policy. */
export interface RuleFacts {
  readonly record: RegisterRecord;
  readonly stage: Exclude<Stage, 'inactive'>;
  /** The recruiter when it is an office, else null. */
  readonly office: OfficeId | null;
  readonly policy: Policy;
}

/** What a matching rule decides. */
export interface Decision {
  /** The clause the policy's step cites for the rule. */
  readonly clause: ClauseId;
  readonly service: UnitId;
  readonly indicators: UnitId;
  readonly lead: OfficeId | null;
  readonly cooperating: StreetId | null;
  /** docs/policy.md `policyTransfer`: only keyProject, wholeMove and transferred may move a record away. */
  readonly movesAway: boolean;
  /** The street it is handed over to on completion (preHandover), else null. */
  readonly handoverTo: StreetId | null;
}

/** A deciding rule: given the facts and the clause its policy step cites, its decision or null. */
export type Rule = (facts: RuleFacts, clause: ClauseId) => Decision | null;

function decision(
  clause: ClauseId,
  unit: UnitId,
  movesAway: boolean,
  lead: OfficeId | null = null,
  cooperating: StreetId | null = null,
  handoverTo: StreetId | null = null,
): Decision {
  return { clause, service: unit, indicators: unit, lead, cooperating, movesAway, handoverTo };
}

/**
 * Rule `keyProject` (2020-1: rule 1, `3.1.key`): keyProject names one of the policy's key
 * projects of the cited clause (京东方 or 康宁), by id or by name (`namesKeyProject`), any
 * stage, any place → its office (jidian).
 *
 * 「对京东方、康宁重大项目和全产业链项目，继续由机电产业建设管理办公室负责全程招商和服务，其经济指标由机电产业建设管理办公室承担。」
 *
 * Reading (docs/policy.md): keyProject wins over every other rule, including sme-city.
 */
export const rule1KeyProject: Rule = ({ record, policy }, clause) => {
  const value = record.keyProject;
  if (value == null) return null;
  const project = policy.keyProjects.find((p) => p.clause === clause && namesKeyProject(p, value));
  return project ? decision(clause, project.office, true) : null;
};

function matchesWholeMove(move: WholeMove, record: RegisterRecord): boolean {
  if (move.zone != null) return record.zone === move.zone;
  return (
    record.street === move.street &&
    record.recruiter != null &&
    (move.recruiters as readonly string[]).includes(record.recruiter)
  );
}

/**
 * Rule `wholeMove` (2020-1: rules 2 and 3): a record in a place the cited clause moves 整体
 * (wholly) → that street, at every stage.
 *
 * 2020-1, `3.1.sme-city` (rule 2): zone 中小企业城 → cihui.
 * 「在慈惠街属地的中小企业城整体划转给慈惠街，经济指标同时划转」
 *
 * 2020-1, `3.1.changqing` (rule 3): street 长青街 and recruiter 新沟镇街 or 东山街 → changqing.
 * 「在长青街属地的新沟镇街、东山街项目整体划转给长青街服务，经济指标同时划转。」
 *
 * Reading (docs/policy.md): moved 整体 (wholly): applies at every stage, not only to built
 * projects. "新沟镇街、东山街项目" are the records whose 招商单位 / 原服务单位 is 新沟镇街 or 东山街.
 */
export const ruleWholeMove: Rule = ({ record, policy }, clause) => {
  for (const move of policy.wholeMoves) {
    if (move.clause === clause && matchesWholeMove(move, record)) return decision(clause, move.to, true);
  }
  return null;
};

/**
 * Rule 4 — `3.1.retained`: recruited by an office, built, inside its 板块 → the office.
 *
 * 「一是各产业建设管理办公室已建成投产的项目。按产业相对集聚、板块相对集中的原则进行保留，由产业建设管理办公室继续服务，并承接经济指标。」
 *
 * Reading (docs/policy.md): 3.1 speaks of projects built in 2020, 3.2 of later ones; both lead to
 * the same outcome, so rules 4 and 5 decide every built office project, whatever its
 * completion date. An office project that expanded or moved is judged here at its new street.
 */
export const rule4Retained: Rule = ({ record, stage, office, policy }, clause) =>
  office != null && stage === 'built' && inCluster(policy, office, record.street, record.zone)
    ? decision(clause, office, false)
    : null;

/**
 * Rule 5 — `3.1.transferred`: recruited by an office, built, outside its 板块 → the street.
 *
 * 「板块以外零星落户在其他街道的项目，按照属地服务和经济指标随着项目走的原则，划转移交到属地街道。」
 *
 * Reading (docs/policy.md): 现代服务 has no cluster, so every built 现代服务 project goes here.
 */
export const rule5Transferred: Rule = ({ record, stage, office, policy }, clause) =>
  office != null && stage === 'built' && !inCluster(policy, office, record.street, record.zone)
    ? decision(clause, record.street, true)
    : null;

/**
 * Rule 6 — `3.2.in-cluster`: recruited by an office, building/signed/new, inside its 板块 → the office.
 *
 * 「二是在建项目、已签约项目、新引进项目。产业建设管理办公室招商的项目，选址在其所属板块内的，由产业建设管理办公室全程负责服务，并承担经济指标。」
 */
export const rule6InCluster: Rule = ({ record, stage, office, policy }, clause) =>
  office != null && stage !== 'built' && inCluster(policy, office, record.street, record.zone)
    ? decision(clause, office, false)
    : null;

/**
 * Rule 7 — `3.2.pre-handover`: recruited by an office, building/signed/new, outside its 板块 →
 * the office serves and carries, leads; the street cooperates; handover to the street on completion.
 *
 * 「产业建设管理办公室招商的项目，选址在其所属板块以外的，前期招商引资、项目落地建设服务以产业建设管理办公室为主体，属地街道配合；项目建成后，移交属地街道负责，并承担经济指标和企业后期经济和社会服务管理工作。」
 *
 * Reading (docs/policy.md): the street 承担经济指标 after completion; before it the office is the
 * 主体, so the office carries the indicators (clause 二: streets 承接园区划转的…项目经济指标).
 * Reading (docs/policy.md): every unbuilt 现代服务 project is led by the office until completion.
 */
export const rule7PreHandover: Rule = ({ record, stage, office, policy }, clause) =>
  office != null && stage !== 'built' && !inCluster(policy, office, record.street, record.zone)
    ? decision(clause, office, false, office, record.street, record.street)
    : null;

/**
 * Rule 8 — `3.3`: not recruited by an office, 扩产/搬迁 from another street → the new street.
 *
 * 「三是街道与街道之间企业扩产、搬迁的项目。以新选址属地街道服务为主，新项目的经济指标同时划转到所属街道。」
 *
 * Reading (docs/policy.md): 3.3 applies between streets only (office projects are decided by
 * rules 4–7 at the new street). 扩产 describes the new project at the new site, as a row of
 * its own; the existing enterprise's row is unaffected (a 扩产 row keyed like an enterprise
 * already stored at originStreet is W_EXPANSION_SAME_KEY: the import checks give it, as it
 * needs the store). originStreet equal to street: warning
 * W_MOVEMENT_SAME_STREET, then rule 9. A movement without originStreet is an input error
 * (E_ORIGIN_MISSING, register checks); here it falls to rule 9.
 */
export const rule8Movement: Rule = ({ record, office }, clause) =>
  office == null &&
  record.movement != null &&
  record.originStreet != null &&
  record.originStreet !== record.street
    ? decision(clause, record.street, false)
    : null;

/**
 * Rule 9 — `2.street`: everything else (recruited by a street, or no recruiter) → the street.
 *
 * 「街道办事处工作职责：负责划转到属地街道企业的经济和社会服务工作，政策兑现，并承接园区划转的存量项目和新入驻项目经济指标。」
 *
 * Reading (docs/policy.md): a recruiter that is a street other than the record's street (and not
 * rule 3) ends here: the territory wins (属地服务和经济指标随着项目走).
 */
export const rule9Street: Rule = ({ record }, clause) => decision(clause, record.street, false);

/**
 * The deciding rules by id: a policy's `rules` select them, in its order, each with the clause
 * it cites (2020-1: rules 1–9 of docs/policy.md).
 */
export const RULE_LIBRARY: Readonly<Record<DecidingRuleId, Rule>> = {
  keyProject: rule1KeyProject,
  wholeMove: ruleWholeMove,
  retained: rule4Retained,
  transferred: rule5Transferred,
  inCluster: rule6InCluster,
  preHandover: rule7PreHandover,
  movement: rule8Movement,
  street: rule9Street,
};

// ─────────────────────────── additional clauses and warnings ───────────────────────────

/**
 * Citing rule `statStreet` (2020-1: clause `3.4`, appended, never deciding): 规上工业, statStreet set and different from street,
 * and the indicators unit is a street: counted and served by the actual operating place.
 *
 * 「四是现有存量规模以上工业企业，街道与街道之间实际经营地和统计归属地不一致的项目。全部按实际经营地纳入统计和项目服务。」
 *
 * Reading (docs/policy.md): the territory is always the actual operating place; 3.4 is cited
 * where the notice says so (规上工业); a differing statStreet on a non-规上 record gives the
 * warning W_STAT_STREET only.
 */
const citeStatStreet: Citation = ({ record }, d, clause, warnings) => {
  if (record.statStreet == null || record.statStreet === record.street) return [];
  if (record.aboveScale) return isStreet(d.indicators) ? [clause] : [];
  warnings.push({
    code: ASSESS_WARNINGS.statStreet,
    message: `统计归属街道（${unitName(record.statStreet)}）与所在街道（${unitName(record.street)}）不一致：本企业不是规上工业，按实际经营地${unitName(record.street)}服务和统计；如已变更，请将统计归属街道改为${unitName(record.street)}或留空。`,
  });
  return [];
};

/**
 * Citing rule `focus` (2020-1: clause `4`, appended, never deciding): the recruiting office's 招商重点.
 *
 * 「各产业建设管理办公室要按照各自产业发展方向明确招商引资重点」
 *
 * A category outside the recruiting office's focus: `4` and W_FOCUS; a category in no office's
 * list: W_CATEGORY_UNKNOWN.
 */
const citeFocus: Citation = ({ record, office, policy }, _d, clause, warnings) => {
  const category = record.category?.trim();
  if (!category) return [];
  const owner = officeForCategory(category, policy);
  if (owner === undefined) {
    warnings.push({
      code: ASSESS_WARNINGS.categoryUnknown,
      message: `产业类别“${category}”不在任何产业办的招商重点中：可填写${allCategories(policy)}。`,
    });
    return [];
  }
  if (office == null || inFocus(office, category, policy)) return [];
  warnings.push({
    code: ASSESS_WARNINGS.focus,
    message: `产业类别“${category}”不属于招商单位${unitName(office)}的招商重点（${policy.focus[office].categories.join('、')}），而属于${unitName(owner)}的招商重点；归属不变，仅作提示。`,
  });
  return [clause];
};

/**
 * Citing rule `safety` (2020-1: clause `2.safety`): the safety unit is the street (set by
 * `assess`); the clause is always cited, right after `decidedBy`.
 *
 * 「企业安全生产管理工作按照属地管理的原则，由属地街道负责，产业建设管理办公室协助配合。」
 */
const citeSafety: Citation = (_facts, _d, clause) => [clause];

/**
 * A citing rule: given the facts, the decision and the clause its policy step cites, the
 * clauses it appends (possibly none); it may add warnings.
 */
export type Citation = (facts: RuleFacts, d: Decision, clause: ClauseId, warnings: Warning[]) => ClauseId[];

/** The citing rules by id: a policy's `citations` select them, in its order. */
export const CITATION_LIBRARY: Readonly<Record<CitingRuleId, Citation>> = {
  safety: citeSafety,
  statStreet: citeStatStreet,
  focus: citeFocus,
};

function allCategories(policy: Policy): string {
  return Object.values(policy.focus)
    .map((f) => f.categories.join('、'))
    .join('、');
}

function movementWarning(record: RegisterRecord, warnings: Warning[]): void {
  if (record.movement != null && record.originStreet != null && record.originStreet === record.street) {
    const what = record.movement === 'expansion' ? '扩产' : '搬迁';
    warnings.push({
      code: ASSESS_WARNINGS.movementSameStreet,
      message: `${what}的原所在街道与所在街道相同（${unitName(record.street)}）：街道之间的${what}才适用第三条第三款；请填写迁出的原所在街道，或清空“扩产搬迁”。`,
    });
  }
}

// ─────────────────────────── the assessment ───────────────────────────

function inactiveAssignment(record: RegisterRecord): Assignment {
  return {
    key: record.key,
    name: record.name,
    status: 'inactive',
    stage: 'inactive',
    service: null,
    indicators: null,
    lead: null,
    cooperating: null,
    safety: null,
    decidedBy: null,
    clauses: [],
    policyTransfer: false,
    handover: null,
    warnings: [],
  };
}

interface Step<F> {
  readonly fn: F;
  readonly clause: ClauseId;
  /** The cited clause's first and last month (docs/policy.md: a rule applies while its clause does). */
  readonly from: Month;
  readonly to: Month | null;
}

/** A policy's rule order resolved against the libraries (once per policy). */
interface Plan {
  readonly rules: readonly Step<Rule>[];
  readonly citations: readonly Step<Citation>[];
}

const plans = new WeakMap<Policy, Plan>();

function planOf(policy: Policy): Plan {
  let plan = plans.get(policy);
  if (!plan) {
    const step = <F>(fn: F, clause: ClauseId): Step<F> => {
      const c = clauseOf(clause, policy);
      if (!c) throw new RangeError(`policy ${policy.id} cites unknown clause ${clause}`);
      return {
        fn,
        clause,
        from: monthOf(c.effectiveFrom),
        to: c.effectiveTo ? monthOf(c.effectiveTo) : null,
      };
    };
    plan = {
      rules: policy.rules.map((r) => step(RULE_LIBRARY[r.rule], r.clause)),
      citations: policy.citations.map((c) => step(CITATION_LIBRARY[c.rule], c.clause)),
    };
    plans.set(policy, plan);
  }
  return plan;
}

function applies(step: Step<unknown>, month: Month): boolean {
  return compareMonths(step.from, month) <= 0 && (step.to === null || compareMonths(month, step.to) <= 0);
}

/**
 * Assesses one record for month M (docs/policy.md) under the version of `policies` in force
 * for M ({@link policyFor}: the latest `effectiveFrom` on or before the last day of M): rule 0
 * (inactive), the stage in M, the policy's deciding rules in its order (a rule applies while
 * the clause it cites is in force), `safety` = the street, the citing rules (2020-1:
 * `2.safety`, `3.4`, `4`), warnings, `policyTransfer`, `handover` and `suggestedOffice`.
 *
 * For 2020-1 `clauses` is `[decidedBy, '2.safety', '3.4'?, '4'?]`: clause ids of the policy in
 * force for M (resolve their texts with `clauseTexts(ids, policyFor(M, policies))`).
 *
 * @throws PolicyNotInForceError when no version is in force for M (e.g. before 2020-04);
 *   ValidationError for a malformed month, a record whose street is not a street id, or a
 *   record recruited by the bureau (the register checks report these first).
 */
export function assess(record: RegisterRecord, month: Month, policies: readonly Policy[]): Assignment {
  assertMonth(month);
  const policy = policyFor(month, policies);
  // Rule 0: inactive in every month assessed with this version.
  if (record.stage === 'inactive') return inactiveAssignment(record);
  if ((record.recruiter as string | null) === 'bureau') {
    // Reading (docs/policy.md): a record recruited by the bureau is an input error (E_RECRUITER_BUREAU).
    throw new ValidationError(
      `${record.key}：招商单位不能是区商务局（工作专班办公室）：区商务局不服务企业；应填写产业办、街道或留空。`,
    );
  }
  if (!isStreet(record.street)) {
    throw new ValidationError(
      `${record.key}：所在街道“${String(record.street)}”不是街道，无法判定${monthLabel(month)}的归属；应为十二个街道之一。`,
    );
  }

  const stage = stageIn(record, month) as Exclude<Stage, 'inactive'>;
  const office = isOffice(record.recruiter) ? record.recruiter : null;
  const facts: RuleFacts = { record, stage, office, policy };
  const plan = planOf(policy);
  let decided: Decision | null = null;
  for (const step of plan.rules) {
    if (!applies(step, month)) continue;
    decided = step.fn(facts, step.clause);
    if (decided) break;
  }
  // The last step is `street`, in force for the whole policy (schema check): it always matches.
  const d = decided as Decision;

  const warnings: Warning[] = [];
  movementWarning(record, warnings);
  const clauses: ClauseId[] = [d.clause];
  for (const step of plan.citations) {
    if (applies(step, month)) clauses.push(...step.fn(facts, d, step.clause, warnings));
  }

  const assignment: Assignment = {
    key: record.key,
    name: record.name,
    status: 'active',
    stage,
    service: d.service,
    indicators: d.indicators,
    lead: d.lead,
    cooperating: d.cooperating,
    safety: record.street,
    decidedBy: d.clause,
    clauses,
    policyTransfer: d.movesAway && record.recruiter != null && record.recruiter !== d.indicators,
    handover: d.handoverTo ? { to: d.handoverTo, on: 'completion' } : null,
    warnings,
  };
  if (stage === 'new' && record.recruiter == null) {
    const category = record.category?.trim();
    assignment.suggestedOffice = (category && officeForCategory(category, policy)) || null;
  }
  return assignment;
}
