/**
 * The working group's decisions (工作专班, notice section 五; issue "Coordination" item 3): a
 * decision recorded by the bureau sets the service and/or indicators unit of some enterprises
 * from a month on, overriding the rules for the roles it sets (lead, cooperating and safety stay
 * the rules'). A decision is a fact that is never edited: ending it is a new fact (an end, with
 * who recorded it and when), and the decision's `to` is derived from its end.
 *
 * Decisions are input to the projection, beside the uploads and the policies: the rules in
 * force are a value: the policy versions and the decisions ({@link rulesOf}), passed
 * explicitly wherever something is assessed. The state is a pure function of uploads,
 * policies and decisions.
 *
 * @example
 * ```ts
 * import { rulesOf, decisionsFrom } from '#domain/decisions';
 * const rules = rulesOf(POLICIES, decisionsFrom(records, ends));
 * assignmentAt(versions, '2026-06', rules)?.decidedBy; // 'decision'
 * ```
 *
 * @module
 */
import { ValidationError } from './errors.ts';
import { addMonths, compareMonths, isMonth, monthIn, monthLabel, sortMonths } from './months.ts';
import { clauseTexts, type Policy } from './policy/index.ts';
import type { Assignment, Month } from './types.ts';
import { findUnit, type UnitId, unitName } from './units.ts';

/** The clause id an answer cites when a decision decided it (reserved in the policy schema). */
export const DECISION_CLAUSE = 'decision';

/** A role set back to the rules by a decision (按规则): the rules decide it again. */
export const BY_RULES = 'rules';

/**
 * What a decision does with a role: sets it to a unit, sets it back to the rules
 * ({@link BY_RULES}, 按规则), or null: leaves it alone (an earlier decision's setting, or the
 * rules, stay in force).
 */
export type RoleSetting = UnitId | typeof BY_RULES | null;

/** Who recorded a fact: the token's subject and unit. */
export interface RecordedBy {
  subject: string;
  unit: string;
}

/** A decision as recorded (never edited). */
export interface DecisionRecord {
  id: string;
  keys: string[];
  /** First month it applies (`YYYY-MM`). */
  from: Month;
  /** What it does with the service unit (see {@link RoleSetting}). */
  service: RoleSetting;
  /** What it does with the indicators unit (see {@link RoleSetting}). */
  indicators: RoleSetting;
  reason: string;
  /** The 文号 of the working group's document. */
  documentNo: string;
  recordedBy: RecordedBy;
  recordedAt: string;
}

/** The end of a decision: a later fact, never an edit of the decision. */
export interface DecisionEnd {
  decisionId: string;
  /** First month it no longer applies (`to`, exclusive). */
  from: Month;
  reason: string | null;
  documentNo: string | null;
  recordedBy: RecordedBy;
  recordedAt: string;
}

/** One entry of a decision's audit trail. */
export type DecisionEvent =
  | { action: 'recorded'; month: Month; recordedBy: RecordedBy; recordedAt: string }
  | {
      action: 'ended';
      month: Month;
      reason: string | null;
      documentNo: string | null;
      recordedBy: RecordedBy;
      recordedAt: string;
    };

/** A decision with its end applied: `to` (exclusive) null while open, and its audit trail. */
export interface WorkingGroupDecision extends DecisionRecord {
  to: Month | null;
  trail: DecisionEvent[];
}

/** What an answer decided by a decision carries (`assignment.decision`). */
export interface DecisionRef {
  id: string;
  documentNo: string;
  reason: string;
  from: Month;
  to: Month | null;
  /** The clause the rules would have decided by. */
  overrides: string | null;
}

/** Where the working group's decisions are kept (items of their own, never edited in place). */
export interface DecisionLog {
  /** Every decision with its end, oldest first (one Query). */
  all(): Promise<WorkingGroupDecision[]>;
  /**
   * Records a new decision (conditional put: an id is never reused); `exists` when a decision
   * of that id is recorded already (nothing written: a request asked at the same instant).
   */
  record(decision: DecisionRecord): Promise<'recorded' | 'exists'>;
  /** Records the end of a decision; `exists` when it was ended already (nothing written). */
  end(end: DecisionEnd): Promise<'ended' | 'exists'>;
  /**
   * The decisions in force for readers: those (and the ends) whose re-projection is committed,
   * plus the fact the writer `including` is projecting (that writer's own view). A decision
   * recorded but not yet projected is in {@link all} (the log) but not here, so every answer
   * follows one projection: the one readers see.
   */
  projected(including?: string): Promise<WorkingGroupDecision[]>;
}

/**
 * The writers (pending imports, docs/storage.md) that re-project a decision's records when it
 * is recorded and when it is ended: `decision-<id>` and `decision-end-<id>`.
 */
export function decisionWriterIds(decisionId: string): { recorded: string; ended: string } {
  return { recorded: `decision-${decisionId}`, ended: `decision-end-${decisionId}` };
}

/** The decisions with their ends applied (an end names its decision; the first end counts). */
export function decisionsFrom(
  records: readonly DecisionRecord[],
  ends: readonly DecisionEnd[],
): WorkingGroupDecision[] {
  const endOf = new Map<string, DecisionEnd>();
  for (const e of [...ends].sort((a, b) => a.recordedAt.localeCompare(b.recordedAt)))
    if (!endOf.has(e.decisionId)) endOf.set(e.decisionId, e);
  return [...records]
    .sort((a, b) => a.recordedAt.localeCompare(b.recordedAt) || a.id.localeCompare(b.id))
    .map((d) => {
      const end = endOf.get(d.id);
      const trail: DecisionEvent[] = [
        { action: 'recorded', month: d.from, recordedBy: d.recordedBy, recordedAt: d.recordedAt },
      ];
      if (end) {
        trail.push({
          action: 'ended',
          month: end.from,
          reason: end.reason,
          documentNo: end.documentNo,
          recordedBy: end.recordedBy,
          recordedAt: end.recordedAt,
        });
      }
      return { ...d, keys: [...d.keys], to: end?.from ?? null, trail };
    });
}

// ───────────────────────────── the rules in force: policies and decisions ─────────────────────────────

/**
 * The rules in force: the policy versions and the working group's decisions by enterprise key.
 * A value, passed explicitly wherever something is assessed (the timeline, upload authority,
 * `POST /assess`, impact, the console); built by {@link rulesOf} — over a store, by
 * `rulesInForce(store, policies)` (functions/adapters/coordination-items.ts), the one place that
 * reads the decisions in force.
 */
export interface RulesInForce {
  readonly policies: readonly Policy[];
  readonly decisions: ReadonlyMap<string, readonly WorkingGroupDecision[]>;
}

/** The rules in force from the policy versions and the decisions (none: the rules alone). */
export function rulesOf(
  policies: readonly Policy[],
  decisions: readonly WorkingGroupDecision[] = [],
): RulesInForce {
  const byKey = new Map<string, WorkingGroupDecision[]>();
  for (const d of decisions) {
    for (const key of d.keys) {
      const list = byKey.get(key) ?? [];
      list.push(d);
      byKey.set(key, list);
    }
  }
  return Object.freeze({ policies: Object.freeze([...policies]), decisions: byKey });
}

/** The same decisions over other policy versions (a draft adopted, impact). */
export function withPolicies(rules: RulesInForce, policies: readonly Policy[]): RulesInForce {
  return Object.freeze({ policies: Object.freeze([...policies]), decisions: rules.decisions });
}

/** The decisions about a record. */
export function decisionsAbout(key: string, rules: RulesInForce): readonly WorkingGroupDecision[] {
  return rules.decisions.get(key) ?? [];
}

/** True when the decision applies in M: `from` ≤ M < `to`. */
export function decisionInForce(d: Pick<WorkingGroupDecision, 'from' | 'to'>, month: Month): boolean {
  return monthIn({ from: d.from, to: d.to }, month);
}

/** Does `a` take precedence over `b` for a role both set: the later `from`, then the later recorded. */
function precedes(a: WorkingGroupDecision, b: WorkingGroupDecision): boolean {
  const byFrom = compareMonths(a.from, b.from);
  if (byFrom !== 0) return byFrom > 0;
  return a.recordedAt > b.recordedAt || (a.recordedAt === b.recordedAt && a.id > b.id);
}

/** The roles a decision may set. */
export const DECIDED_ROLES = ['service', 'indicators'] as const;
export type DecidedRole = (typeof DECIDED_ROLES)[number];

/**
 * The decision that decides a role of a record in M: of the decisions in force in M that set
 * that role (to a unit, or back to {@link BY_RULES}), the one with the latest `from` (ties: the
 * later recorded); null when none sets it. Each role is decided on its own: a later decision
 * that sets only the indicators unit leaves an earlier decision's service unit in force.
 */
export function decisionForRole(
  key: string,
  month: Month,
  role: DecidedRole,
  rules: RulesInForce,
): WorkingGroupDecision | null {
  let found: WorkingGroupDecision | null = null;
  for (const d of decisionsAbout(key, rules)) {
    if (d[role] == null || !decisionInForce(d, month)) continue;
    if (!found || precedes(d, found)) found = d;
  }
  return found;
}

/**
 * The decision an answer in M names: of those deciding a role (to a unit), the one that takes
 * precedence; null when no role is set to a unit by a decision.
 */
export function decisionAt(key: string, month: Month, rules: RulesInForce): WorkingGroupDecision | null {
  let found: WorkingGroupDecision | null = null;
  for (const role of DECIDED_ROLES) {
    const d = decisionForRole(key, month, role, rules);
    if (d && d[role] !== BY_RULES && (!found || precedes(d, found))) found = d;
  }
  return found;
}

/** The months where a decision about the record starts or ends (change months of the timeline). */
export function decisionMonths(key: string, rules: RulesInForce): Month[] {
  const out = new Set<Month>();
  for (const d of decisionsAbout(key, rules)) {
    out.add(d.from);
    if (d.to) out.add(d.to);
  }
  return sortMonths([...out]);
}

/**
 * The answer in M with the decisions in force applied, role by role ({@link decisionForRole}):
 * a role set to a unit is replaced; a role set back to 按规则 keeps the rules' unit. When some
 * role is decided by a unit: `decidedBy: "decision"`, `clauses: ["decision", <the rules'
 * clauses>…]` and `decision: {id, documentNo, reason, from, to, overrides}` of the deciding
 * decision ({@link decisionAt}). An inactive record (注销/迁出) or a month without a decision is
 * answered by the rules alone.
 */
export function applyDecision(assignment: Assignment, month: Month, rules: RulesInForce): Assignment {
  if (assignment.status !== 'active') return assignment;
  const service = decisionForRole(assignment.key, month, 'service', rules)?.service;
  const indicators = decisionForRole(assignment.key, month, 'indicators', rules)?.indicators;
  const d = decisionAt(assignment.key, month, rules);
  if (!d) return assignment;
  return {
    ...assignment,
    service: service && service !== BY_RULES ? service : assignment.service,
    indicators: indicators && indicators !== BY_RULES ? indicators : assignment.indicators,
    decidedBy: DECISION_CLAUSE,
    clauses: [DECISION_CLAUSE, ...assignment.clauses],
    decision: {
      id: d.id,
      documentNo: d.documentNo,
      reason: d.reason,
      from: d.from,
      to: d.to,
      overrides: assignment.decidedBy,
    },
  };
}

// ───────────────────────────── which decision holds, as people read it ─────────────────────────────

/** A decision named in an answer: its id, 文号 and months. */
export interface DecisionName {
  id: string;
  documentNo: string;
  from: Month;
  to: Month | null;
}

function nameOf(d: WorkingGroupDecision): DecisionName {
  return { id: d.id, documentNo: d.documentNo, from: d.from, to: d.to };
}

/** Who decides one role of a record in M: a decision (which one, over which others) or the rules. */
export interface RoleAnswer {
  role: DecidedRole;
  /** The unit the answer gives (the decision's, or the rules'). */
  unit: UnitId | null;
  /** The decision that holds for the role in M; null: the rules decide it. */
  decision: (DecisionName & { reason: string; setting: UnitId | typeof BY_RULES }) | null;
  /** What the rules alone answer ("按规则本应…"). */
  byRules: UnitId | null;
  /** The clause the rules decide by. */
  clause: string | null;
  /** The other decisions in force in M that set this role: the one that holds overrides them. */
  overrides: DecisionName[];
}

/**
 * For each role a decision may set (服务单位, 经济指标承担单位): which decision holds in M
 * ({@link decisionForRole}: the latest `from`, then the later recorded), what it overrides (the
 * other decisions in force that set the role) and what the rules alone answer.
 *
 * @param byRules the record's answer in M by the rules alone (`assess`, no decision applied)
 */
export function roleAnswers(byRules: Assignment, month: Month, rules: RulesInForce): RoleAnswer[] {
  return DECIDED_ROLES.map((role) => {
    const holding = byRules.status === 'active' ? decisionForRole(byRules.key, month, role, rules) : null;
    const setting = holding?.[role] ?? null;
    const overrides = holding
      ? decisionsAbout(byRules.key, rules).filter(
          (d) => d.id !== holding.id && d[role] != null && decisionInForce(d, month),
        )
      : [];
    return {
      role,
      unit: setting && setting !== BY_RULES ? setting : byRules[role],
      decision: holding && setting ? { ...nameOf(holding), reason: holding.reason, setting } : null,
      byRules: byRules[role],
      clause: byRules.decidedBy,
      overrides: overrides.map(nameOf),
    };
  });
}

/** A role a decision sets that another decision decides instead, from a month on. */
export interface Supersession {
  role: DecidedRole;
  /** The first month the other decision holds instead (within this decision's months). */
  from: Month;
  by: DecisionName;
  /** How many of the decision's enterprises it holds for (all: `keys` of the decision). */
  keys: number;
}

/** Where a decision stands in a month: running or not, and per role who replaced it. */
export interface DecisionStanding {
  /**
   * 执行中: not ended by the month and still deciding some role of some of its enterprises
   * (a decision starting later than the month counts as running).
   */
  running: boolean;
  /** The roles it sets that it no longer decides (for all or some of its enterprises). */
  superseded: Supersession[];
}

/**
 * Where a decision stands in month M (the latest month; a decision starting later is read at its
 * first month, an ended one at its last): for each role it sets and each of its enterprises, the
 * decision that holds ({@link decisionForRole}); another one supersedes it for that role from
 * the later of the two first months.
 */
export function decisionStanding(
  decision: WorkingGroupDecision,
  month: Month,
  rules: RulesInForce,
): DecisionStanding {
  const ended = decision.to != null && compareMonths(decision.to, month) <= 0;
  let at = compareMonths(month, decision.from) < 0 ? decision.from : month;
  if (ended && decision.to) at = addMonths(decision.to, -1);
  const superseded: Supersession[] = [];
  let decides = false;
  for (const role of DECIDED_ROLES) {
    if (decision[role] == null) continue;
    const by = new Map<string, { d: WorkingGroupDecision; keys: number }>();
    for (const key of decision.keys) {
      const holding = decisionForRole(key, at, role, rules);
      if (!holding || holding.id === decision.id) {
        decides = true;
        continue;
      }
      const entry = by.get(holding.id) ?? { d: holding, keys: 0 };
      entry.keys += 1;
      by.set(holding.id, entry);
    }
    for (const { d, keys } of by.values())
      superseded.push({
        role,
        from: compareMonths(d.from, decision.from) > 0 ? d.from : decision.from,
        by: nameOf(d),
        keys,
      });
  }
  return { running: !ended && decides, superseded };
}

/** The text cited for `decision`: the 文号 and the reason. */
export function decisionText(ref: Pick<DecisionRef, 'documentNo' | 'reason' | 'from' | 'to'>): string {
  const until = ref.to ? `至${monthLabel(addMonths(ref.to, -1))}` : '起';
  return `工作专班决定（${ref.documentNo}，${monthLabel(ref.from)}${until}）：${ref.reason}`;
}

/**
 * The `clauseTexts` of an answer: the policy's quoted texts, and for `decision` the 文号 and
 * reason of the decision the answer carries.
 */
export function clauseTextsOf(assignment: Assignment, policy: Policy): Record<string, string> {
  const ids = assignment.clauses.filter((c) => c !== DECISION_CLAUSE);
  const texts: Record<string, string> = {};
  if (assignment.decision) texts[DECISION_CLAUSE] = decisionText(assignment.decision);
  return { ...texts, ...clauseTexts(ids, policy) };
}

// ───────────────────────────── input ─────────────────────────────

/** Words that set a role back to the rules (`null` in JSON, `按规则` on the command line). */
const BY_RULES_WORDS = new Set(['按规则', BY_RULES]);

/**
 * A role's setting: a unit id or Chinese name (a street or office), `null` or 按规则 (back to the
 * rules), absent or empty (left alone).
 */
function unitInput(value: unknown, field: string): RoleSetting {
  if (value === undefined || value === '') return null;
  if (value === null) return BY_RULES;
  const text = String(value).trim();
  if (BY_RULES_WORDS.has(text)) return BY_RULES;
  const unit = findUnit(text);
  if (!unit || unit.kind === 'bureau') {
    throw new ValidationError(
      `${field}“${text}”不是街道或产业办：应填写单位编号（如 changqing、jidian）或中文名称（如 长青街、机电产业办）。`,
    );
  }
  return unit.id;
}

function monthInput(value: unknown, field: string): Month {
  if (typeof value !== 'string' || !isMonth(value))
    throw new ValidationError(`${field}“${String(value ?? '')}”格式不正确：应为 YYYY-MM，例如 2026-06。`);
  return value;
}

function textInput(value: unknown, field: string, example: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) throw new ValidationError(`缺少${field}：请填写${example}。`);
  if (text.length > 500) throw new ValidationError(`${field}过长（${text.length} 字）：应不超过 500 字。`);
  return text;
}

/** What a request to record a decision holds, read and checked (Chinese messages). */
export interface DecisionInput {
  keys: string[];
  from: Month;
  service: RoleSetting;
  indicators: RoleSetting;
  reason: string;
  documentNo: string;
}

/**
 * Reads `{keys, from, service?, indicators?, reason, documentNo}` (units as ids or Chinese names).
 *
 * @throws ValidationError saying what is wrong and what would be right
 */
export function parseDecisionInput(body: unknown): DecisionInput {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new ValidationError(
      '请求体应为对象：{keys, from, service?, indicators?, reason, documentNo}，例如 {"keys":["91420100MA4K0001XX"],"from":"2026-06","indicators":"长青街","reason":"……","documentNo":"武临开专〔2026〕3号"}。',
    );
  const b = body as Record<string, unknown>;
  const known = new Set(['keys', 'from', 'service', 'indicators', 'reason', 'documentNo']);
  const unknown = Object.keys(b).filter((k) => !known.has(k));
  if (unknown.length > 0)
    throw new ValidationError(
      `请求体含未知字段 ${unknown.join('、')}：只可填写 keys、from、service、indicators、reason、documentNo。`,
    );
  const rawKeys = Array.isArray(b.keys) ? b.keys : typeof b.keys === 'string' ? [b.keys] : [];
  const keys = [...new Set(rawKeys.map((k) => String(k).trim()).filter((k) => k !== ''))];
  if (keys.length === 0)
    throw new ValidationError(
      '缺少 keys：请填写决定涉及的企业代码（统一社会信用代码或项目编号），至少一个。',
    );
  if (keys.length > 1000) throw new ValidationError(`keys 有 ${keys.length} 个：一次决定最多 1000 个企业。`);
  const service = unitInput(b.service, '服务单位');
  const indicators = unitInput(b.indicators, '经济指标承担单位');
  if (!service && !indicators)
    throw new ValidationError(
      '决定应至少指定服务单位（service）或经济指标承担单位（indicators）之一：填写单位，或填 null（命令行：按规则）表示恢复按规则确定。',
    );
  return {
    keys,
    from: monthInput(b.from, '起始月份'),
    service,
    indicators,
    reason: textInput(b.reason, '决定理由（reason）', '工作专班决定的理由'),
    documentNo: textInput(b.documentNo, '文号（documentNo）', '工作专班文件的文号，例如 武临开专〔2026〕3号'),
  };
}

/**
 * Checks an end against its decision: the end month must be after the decision's first
 * month, and a decision is ended once.
 *
 * @throws ValidationError in Chinese
 */
export function checkEnd(decision: WorkingGroupDecision, from: Month): void {
  if (decision.to !== null)
    throw new ValidationError(
      `决定 ${decision.id}（${decision.documentNo}）已自${monthLabel(decision.to)}起终止，不能再次终止：如需改变，请记录一项新的决定。`,
    );
  if (compareMonths(from, decision.from) <= 0)
    throw new ValidationError(
      `终止月份${monthLabel(from)}应晚于决定的起始月份${monthLabel(decision.from)}：决定从不在原处修改，如需撤销请记录一项新的决定。`,
    );
}

/** A role's setting as people read it: the unit's name, or 按规则. */
export function roleSettingName(setting: UnitId | typeof BY_RULES): string {
  return setting === BY_RULES ? '按规则' : unitName(setting);
}

/** A decision in a line a person reads (CLI lists, emails). */
export function describeDecision(d: WorkingGroupDecision): string {
  const roles = [
    d.service ? `服务单位：${roleSettingName(d.service)}` : null,
    d.indicators ? `经济指标：${roleSettingName(d.indicators)}` : null,
  ]
    .filter(Boolean)
    .join('，');
  const period = d.to
    ? `${monthLabel(d.from)}至${monthLabel(addMonths(d.to, -1))}`
    : `${monthLabel(d.from)}起`;
  return `${d.documentNo}　${period}　${roles}　企业 ${d.keys.length} 家　理由：${d.reason}`;
}
