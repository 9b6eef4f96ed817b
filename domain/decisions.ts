/**
 * The working group's decisions (工作专班, notice section 五; issue "Coordination" item 3): a
 * decision recorded by the bureau sets the service and/or indicators unit of some enterprises
 * from a month on, overriding the rules for the roles it sets (lead, cooperating and safety stay
 * the rules'). A decision is a fact that is never edited: ending it is a new fact (an end, with
 * who recorded it and when), and the decision's `to` is derived from its end.
 *
 * Decisions are input to the projection, beside the uploads and the policies: the rules in
 * force are the policy versions together with the decisions ({@link withDecisions}), passed
 * wherever the timeline takes the policy set. The state is a pure function of uploads,
 * policies and decisions.
 *
 * @example
 * ```ts
 * import { withDecisions, decisionsFrom } from '#domain/decisions';
 * const rules = withDecisions(POLICIES, decisionsFrom(records, ends));
 * assignmentAt(versions, '2026-06', rules)?.decidedBy; // 'decision'
 * ```
 *
 * @module
 */
import { ValidationError } from './errors.ts';
import { addMonths, isMonth, monthLabel } from './months.ts';
import { clauseTexts, type Policy } from './policy/index.ts';
import type { Assignment, Month } from './types.ts';
import { findUnit, type UnitId, unitName } from './units.ts';

/** The clause id an answer cites when a decision decided it (reserved in the policy schema). */
export const DECISION_CLAUSE = 'decision';

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
  /** The service unit it sets, null: the rules'. */
  service: UnitId | null;
  /** The indicators unit it sets, null: the rules'. */
  indicators: UnitId | null;
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
  /** Records a new decision (conditional put: an id is never reused). */
  record(decision: DecisionRecord): Promise<void>;
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

/** The policy versions with the decisions by enterprise key: what the timeline is given. */
export type RulesInForce = readonly Policy[] & {
  readonly decisions: ReadonlyMap<string, readonly WorkingGroupDecision[]>;
};

/**
 * The rules in force: the same policy versions (a frozen copy of the list) carrying the
 * decisions by key. Pass it wherever the timeline takes the policy set; a set without
 * decisions answers as before.
 */
export function withDecisions(
  policies: readonly Policy[],
  decisions: readonly WorkingGroupDecision[],
): RulesInForce {
  const byKey = new Map<string, WorkingGroupDecision[]>();
  for (const d of decisions) {
    for (const key of d.keys) {
      const list = byKey.get(key) ?? [];
      list.push(d);
      byKey.set(key, list);
    }
  }
  return Object.freeze(Object.assign([...policies], { decisions: byKey })) as RulesInForce;
}

/** The decisions about a record that the rules carry (none for a plain policy set). */
export function decisionsAbout(key: string, policies: readonly Policy[]): readonly WorkingGroupDecision[] {
  return (policies as Partial<RulesInForce>).decisions?.get(key) ?? [];
}

/** Every decision the rules carry (each once). */
export function allDecisions(policies: readonly Policy[]): WorkingGroupDecision[] {
  const seen = new Map<string, WorkingGroupDecision>();
  for (const list of (policies as Partial<RulesInForce>).decisions?.values() ?? [])
    for (const d of list) seen.set(d.id, d);
  return [...seen.values()];
}

/** True when the decision applies in M: `from` ≤ M < `to`. */
export function decisionInForce(d: Pick<WorkingGroupDecision, 'from' | 'to'>, month: Month): boolean {
  return d.from <= month && (d.to === null || month < d.to);
}

/**
 * The decision in force for a record in M: of those in force, the one with the latest `from`
 * (then the latest recorded); null when none.
 */
export function decisionAt(
  key: string,
  month: Month,
  policies: readonly Policy[],
): WorkingGroupDecision | null {
  let found: WorkingGroupDecision | null = null;
  for (const d of decisionsAbout(key, policies)) {
    if (!decisionInForce(d, month)) continue;
    if (!found || d.from > found.from || (d.from === found.from && d.recordedAt >= found.recordedAt))
      found = d;
  }
  return found;
}

/** The months where a decision about the record starts or ends (change months of the timeline). */
export function decisionMonths(key: string, policies: readonly Policy[]): Month[] {
  const out = new Set<Month>();
  for (const d of decisionsAbout(key, policies)) {
    out.add(d.from);
    if (d.to) out.add(d.to);
  }
  return [...out].sort();
}

/**
 * The answer in M with the decision in force applied: the roles it sets replaced,
 * `decidedBy: "decision"`, `clauses: ["decision", <the rules' clauses>…]` and
 * `decision: {id, documentNo, reason, from, to, overrides}`. An inactive record (注销/迁出)
 * or a month without a decision is answered by the rules alone.
 */
export function applyDecision(assignment: Assignment, month: Month, policies: readonly Policy[]): Assignment {
  if (assignment.status !== 'active') return assignment;
  const d = decisionAt(assignment.key, month, policies);
  if (!d) return assignment;
  return {
    ...assignment,
    service: d.service ?? assignment.service,
    indicators: d.indicators ?? assignment.indicators,
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

/** A unit id or Chinese name, read as a street or office id; null when absent. */
function unitInput(value: unknown, field: string): UnitId | null {
  if (value == null || value === '') return null;
  const text = String(value).trim();
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
  service: UnitId | null;
  indicators: UnitId | null;
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
    throw new ValidationError('决定应至少指定服务单位（service）或经济指标承担单位（indicators）之一。');
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
  if (from <= decision.from)
    throw new ValidationError(
      `终止月份${monthLabel(from)}应晚于决定的起始月份${monthLabel(decision.from)}：决定从不在原处修改，如需撤销请记录一项新的决定。`,
    );
}

/** A decision in a line a person reads (CLI lists, emails). */
export function describeDecision(d: WorkingGroupDecision): string {
  const roles = [
    d.service ? `服务单位：${unitName(d.service)}` : null,
    d.indicators ? `经济指标：${unitName(d.indicators)}` : null,
  ]
    .filter(Boolean)
    .join('，');
  const period = d.to
    ? `${monthLabel(d.from)}至${monthLabel(addMonths(d.to, -1))}`
    : `${monthLabel(d.from)}起`;
  return `${d.documentNo}　${period}　${roles}　企业 ${d.keys.length} 家　理由：${d.reason}`;
}
