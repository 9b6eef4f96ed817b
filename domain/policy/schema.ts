/**
 * The one data schema of a policy (docs/policy.md "The policy schema"): the policies in force
 * (`policy-2020-1.ts`) and the drafts a bureau edits as JSON files are both read through
 * {@link parsePolicy}, which validates with zod and says in Chinese what is wrong and what
 * would be right.
 *
 * A policy is plain, serialisable data: clauses (id, quoted text, effective dates), the 板块
 * (clusters), the 招商重点 (focus), the key projects, the 整体划转 places (whole moves) and the
 * rule order — which rules of the rule library (`domain/assess.ts`) it uses, in which order,
 * each citing one of its own clauses. Clause ids belong to their policy: a `ClauseId` means
 * "a clause of the policy that gave the answer".
 *
 * @example
 * ```ts
 * import { parsePolicy } from '#domain/policy/schema';
 * const draft = parsePolicy(JSON.parse(text)); // PolicyDataError (Chinese, every issue) when invalid
 * ```
 *
 * @module
 */
import * as z from 'zod/mini';
import { ValidationError } from '../errors.ts';
import { isMonth } from '../months.ts';
import { compact } from '../registers/text.ts';
import type { ClauseId, IsoDate } from '../types.ts';
import {
  findUnit,
  findZone,
  OFFICE_IDS,
  type OfficeId,
  STREET_NAMES,
  type StreetId,
  ZONES,
  type ZoneId,
} from '../units.ts';

/**
 * The deciding rules of the rule library (`domain/assess.ts` `RULE_LIBRARY`), by id. A policy's
 * `rules` lists which it uses, in order; the first that matches decides.
 */
export const DECIDING_RULE_IDS = [
  'keyProject',
  'wholeMove',
  'retained',
  'transferred',
  'inCluster',
  'preHandover',
  'movement',
  'street',
] as const;
export type DecidingRuleId = (typeof DECIDING_RULE_IDS)[number];

/**
 * The citing rules (`domain/assess.ts` `CITATION_LIBRARY`): never deciding, they set the
 * safety unit (`safety`) or append a clause (`statStreet`: 3.4, `focus`: 4) after the decision.
 */
export const CITING_RULE_IDS = ['safety', 'statStreet', 'focus'] as const;
export type CitingRuleId = (typeof CITING_RULE_IDS)[number];

/** Clause ids no policy may use: `decision` is the working group's. */
export const RESERVED_CLAUSE_IDS: readonly string[] = ['decision'];

/** The error of an invalid policy: every issue, each with its path, in Chinese. */
export class PolicyDataError extends ValidationError {
  override readonly code = 'POLICY_INVALID';
  constructor(
    message: string,
    readonly issues: readonly { path: string; message: string }[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// ─────────────────────────── pieces ───────────────────────────

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;

function validDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === s && isMonth(s.slice(0, 7));
}

/** A type error: 缺少 when the field is absent, else what type it should be. */
const typeError =
  (what: string, should: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? `缺少${what}：${should}。` : `${what}${should}。`;

const text = (what: string) =>
  z.string({ error: typeError(what, '应为文字') }).check(z.minLength(1, { error: `${what}不能为空。` }));

const isoDate = (what: string) =>
  z.string({ error: `${what}应为日期文字 YYYY-MM-DD，例如 2020-04-27。` }).check(
    z.refine(validDate, {
      error: (i) => `${what}“${String(i.input)}”不是有效日期：应为 YYYY-MM-DD，例如 2020-04-27。`,
    }),
  );

const STREET_CHOICES = STREET_NAMES.join('、');
const OFFICE_CHOICES = OFFICE_IDS.join('、');
const ZONE_CHOICES = ZONES.map((zone) => `${zone.name}（${zone.id}）`).join('、');

/** A street by id or by any accepted Chinese name → its id. */
const street = z.pipe(
  z.string({ error: `街道应为文字：街道编号（如 changqing）或名称（如 长青街）。` }),
  z.transform((raw, ctx): StreetId => {
    const unit = findUnit(raw);
    if (unit?.kind === 'street') return unit.id as StreetId;
    ctx.issues.push({
      code: 'custom',
      input: raw,
      message: `“${raw}”不是街道：应为十二个街道之一（编号或名称）：${STREET_CHOICES}。`,
    });
    return z.NEVER;
  }),
);

/** An office by id or by any accepted Chinese name → its id. */
const office = z.pipe(
  z.string({ error: `产业办应为文字：产业办编号（如 jidian）或名称（如 机电产业办）。` }),
  z.transform((raw, ctx): OfficeId => {
    const unit = findUnit(raw);
    if (unit?.kind === 'office') return unit.id as OfficeId;
    ctx.issues.push({
      code: 'custom',
      input: raw,
      message: `“${raw}”不是产业办：应为六个产业办之一（编号或名称）：${OFFICE_CHOICES}。`,
    });
    return z.NEVER;
  }),
);

/** A zone (园区) by id or name → its id. */
const zone = z.pipe(
  z.string({ error: `园区应为文字：园区编号或名称。` }),
  z.transform((raw, ctx): ZoneId => {
    const found = findZone(raw);
    if (found) return found.id;
    ctx.issues.push({ code: 'custom', input: raw, message: `“${raw}”不是园区：应为 ${ZONE_CHOICES} 之一。` });
    return z.NEVER;
  }),
);

const clauseRef = text('引用的条款编号');

const clauseSchema = z.strictObject({
  id: z.string({ error: '条款编号 id 应为文字，例如 3.1.key。' }).check(
    z.regex(/^\S{1,40}$/u, { error: '条款编号 id 应为 1–40 个非空白字符，例如 3.1.key。' }),
    z.refine((id) => !RESERVED_CLAUSE_IDS.includes(id), {
      error: (i) => `条款编号“${String(i.input)}”保留给工作专班的决定，请换一个编号。`,
    }),
  ),
  section: text('条款所在章节 section'),
  title: text('条款标题 title'),
  text: text('条款原文 text'),
  effectiveFrom: isoDate('条款施行日期 effectiveFrom'),
  effectiveTo: z.nullable(isoDate('条款失效日期 effectiveTo')),
});

const clusterSchema = z.strictObject({
  streets: z.array(street),
  zones: z.array(zone),
  text: z.nullable(text('板块的通知原文 text')),
});

const focusSchema = z.strictObject({
  categories: z.array(text('招商重点产业类别')),
  text: text('招商重点的通知原文 text'),
});

/** One entry per office, all six required. */
function byOffice<T extends z.core.SomeType>(schema: T, what: string) {
  return z.strictObject(Object.fromEntries(OFFICE_IDS.map((o) => [o, schema])) as Record<OfficeId, T>, {
    error: `${what}应为对象：六个产业办（${OFFICE_CHOICES}）各一项。`,
  });
}

const keyProjectSchema = z.strictObject({
  id: z
    .string({ error: '重大项目编号 id 应为文字，例如 boe。' })
    .check(
      z.regex(/^[a-z][a-z0-9-]{0,39}$/u, { error: '重大项目编号 id 应为小写字母开头的英文编号，例如 boe。' }),
    ),
  name: text('重大项目名称 name'),
  office,
  clause: clauseRef,
});

const wholeMoveSchema = z.strictObject({
  clause: clauseRef,
  to: street,
  zone: z.nullable(zone),
  street: z.nullable(street),
  recruiters: z.array(street),
});

const ruleStepSchema = z.strictObject({
  rule: z.enum(DECIDING_RULE_IDS, {
    error: (i) => `规则“${String(i.input)}”不在规则库中：应为 ${DECIDING_RULE_IDS.join('、')} 之一。`,
  }),
  clause: clauseRef,
});

const citationSchema = z.strictObject({
  rule: z.enum(CITING_RULE_IDS, {
    error: (i) => `引用规则“${String(i.input)}”不在规则库中：应为 ${CITING_RULE_IDS.join('、')} 之一。`,
  }),
  clause: clauseRef,
});

/** The zod schema of a policy (objects are strict: an unknown key is an error, not ignored). */
export const policySchema = z
  .strictObject({
    id: z.string({ error: '政策编号 id 应为文字，例如 2020-1。' }).check(
      z.regex(/^[0-9A-Za-z][0-9A-Za-z.-]{0,39}$/u, {
        error: '政策编号 id 应为字母、数字、点或连字符，例如 2020-1。',
      }),
    ),
    docNumber: text('文号 docNumber'),
    title: text('通知标题 title'),
    effectiveFrom: isoDate('政策施行日期 effectiveFrom'),
    /** The file beside the policy holding the notice's text (policies in force); null for drafts. */
    notice: z.optional(z.nullable(text('通知原文文件 notice'))),
    clauses: z.array(clauseSchema).check(z.minLength(1, { error: '条款 clauses 至少要有一条。' })),
    clusters: byOffice(clusterSchema, '板块 clusters'),
    focus: byOffice(focusSchema, '招商重点 focus'),
    keyProjects: z.array(keyProjectSchema),
    wholeMoves: z.array(wholeMoveSchema),
    rules: z
      .array(ruleStepSchema)
      .check(z.minLength(1, { error: '规则顺序 rules 至少要有一条（最后一条为 street）。' })),
    citations: z.array(citationSchema),
  })
  .check(
    z.superRefine((p, ctx) =>
      crossCheck(p, (path, message) => ctx.issues.push({ code: 'custom', path, message, input: p })),
    ),
  );

/** What a policy file holds (ids or Chinese names for units and zones). */
export type PolicyInput = z.input<typeof policySchema>;

type Parsed = z.output<typeof policySchema>;

/** One clause of a notice: the unit of citation. */
export interface Clause {
  /** The clause id every output cites (`decidedBy`, `clauses`); unique in its policy. */
  readonly id: ClauseId;
  /** Where the clause sits in the notice, as people cite it (e.g. `三、一是`). */
  readonly section: string;
  readonly title: string;
  /** The notice's own words, copied exactly (a substring of the notice text). */
  readonly text: string;
  /** The first day the clause applies; a rule citing it applies from that month. */
  readonly effectiveFrom: IsoDate;
  /** The last day it applies (its rule applies through that month); null while in force. */
  readonly effectiveTo: IsoDate | null;
}

/** A 板块 of an office: a record is inside when its street OR its zone is listed. */
export interface Cluster {
  readonly streets: readonly StreetId[];
  readonly zones: readonly ZoneId[];
  /** The sentence of the notice that draws it; null when the notice gives the office none. */
  readonly text: string | null;
}

/** The 招商重点 (clause 4) of an office: the 产业类别 values it should recruit. */
export interface Focus {
  readonly categories: readonly string[];
  readonly text: string;
}

/** A 重大项目: served and carried by one office at any stage, under the clause cited. */
export interface KeyProjectInfo {
  /** The id a register record's `keyProject` holds (e.g. `boe`). */
  readonly id: string;
  /** The Chinese name a register cell holds. */
  readonly name: string;
  readonly office: OfficeId;
  /** The clause of the `keyProject` rule that decides for it. */
  readonly clause: ClauseId;
}

/** A place moved 整体 (wholly) to one street, at every stage. */
export interface WholeMove {
  /** The clause of the `wholeMove` rule that applies it. */
  readonly clause: ClauseId;
  readonly to: StreetId;
  /** Records in this zone… */
  readonly zone: ZoneId | null;
  /** …or located in this street and recruited (or formerly served) by one of these streets. */
  readonly street: StreetId | null;
  readonly recruiters: readonly StreetId[];
}

/** One step of the rule order: a rule of the library and the clause it cites. */
export interface RuleStep<R extends string = DecidingRuleId> {
  readonly rule: R;
  readonly clause: ClauseId;
}

/** A policy version: a notice as data, in force from `effectiveFrom` until the next version. */
export interface Policy {
  /** E.g. `2020-1`: the id the `lkg assess --json` document names. */
  readonly id: string;
  /** 文号, e.g. 武临开办〔2020〕1号. */
  readonly docNumber: string;
  readonly title: string;
  /** The first day the policy applies; it is in force for M when ≤ the last day of M. */
  readonly effectiveFrom: IsoDate;
  /** The file beside the policy (domain/policy/) holding the notice's text; null for drafts. */
  readonly notice: string | null;
  /** In the order of the notice. */
  readonly clauses: readonly Clause[];
  readonly clusters: Readonly<Record<OfficeId, Cluster>>;
  readonly focus: Readonly<Record<OfficeId, Focus>>;
  readonly keyProjects: readonly KeyProjectInfo[];
  readonly wholeMoves: readonly WholeMove[];
  /** The deciding rules in order: the first that matches decides; the last is `street`. */
  readonly rules: readonly RuleStep[];
  /** The citing rules in order: `safety` (required), `statStreet`, `focus`. */
  readonly citations: readonly RuleStep<CitingRuleId>[];
}

// ─────────────────────────── the checks across fields ───────────────────────────

type Report = (path: (string | number)[], message: string) => void;

function crossCheck(p: Parsed, report: Report): void {
  const clauses = new Map<string, Parsed['clauses'][number]>();
  p.clauses.forEach((c, i) => {
    if (clauses.has(c.id))
      report(['clauses', i, 'id'], `条款编号“${c.id}”重复：每条条款的编号在本政策内应唯一。`);
    clauses.set(c.id, c);
    if (c.effectiveTo != null && c.effectiveTo < c.effectiveFrom) {
      report(
        ['clauses', i, 'effectiveTo'],
        `条款“${c.id}”的失效日期 ${c.effectiveTo} 早于施行日期 ${c.effectiveFrom}：应不早于施行日期，或填 null。`,
      );
    }
  });
  const known = (path: (string | number)[], id: string): boolean => {
    if (clauses.has(id)) return true;
    report(
      path,
      `引用的条款“${id}”不在本政策的条款 clauses 中：应为 ${[...clauses.keys()].join('、')} 之一。`,
    );
    return false;
  };
  const always = (path: (string | number)[], id: string, what: string): void => {
    const c = clauses.get(id);
    if (c && (c.effectiveFrom > p.effectiveFrom || c.effectiveTo != null)) {
      report(
        path,
        `${what}的条款“${id}”必须在本政策施行期间始终有效：其施行日期应不晚于 ${p.effectiveFrom}，失效日期应为 null。`,
      );
    }
  };

  const steps = new Set<string>();
  p.rules.forEach((step, i) => {
    known(['rules', i, 'clause'], step.clause);
    const pair = `${step.rule} ${step.clause}`;
    if (steps.has(pair))
      report(
        ['rules', i],
        `规则 ${step.rule}（条款“${step.clause}”）重复出现：每个规则与条款的组合只应出现一次。`,
      );
    steps.add(pair);
    if (step.rule === 'street' && i !== p.rules.length - 1) {
      report(['rules', i, 'rule'], '规则 street（属地街道）兜底，必须是规则顺序 rules 的最后一条。');
    }
    if (step.rule === 'wholeMove' && !p.wholeMoves.some((m) => m.clause === step.clause)) {
      report(
        ['rules', i],
        `规则 wholeMove 引用条款“${step.clause}”，但整体划转 wholeMoves 中没有该条款的地点：请补充，或删去这条规则。`,
      );
    }
    if (step.rule === 'keyProject' && !p.keyProjects.some((k) => k.clause === step.clause)) {
      report(
        ['rules', i],
        `规则 keyProject 引用条款“${step.clause}”，但重大项目 keyProjects 中没有该条款的项目：请补充，或删去这条规则。`,
      );
    }
  });
  const last = p.rules[p.rules.length - 1];
  if (last && last.rule !== 'street') {
    report(
      ['rules', p.rules.length - 1, 'rule'],
      '规则顺序 rules 的最后一条必须是 street（属地街道兜底），否则有的企业无从判定。',
    );
  } else if (last) always(['rules', p.rules.length - 1, 'clause'], last.clause, '兜底规则 street');

  const citing = new Set<string>();
  p.citations.forEach((c, i) => {
    known(['citations', i, 'clause'], c.clause);
    if (citing.has(c.rule)) report(['citations', i, 'rule'], `引用规则 ${c.rule} 重复：每个只应出现一次。`);
    citing.add(c.rule);
  });
  const safety = p.citations.find((c) => c.rule === 'safety');
  if (!safety)
    report(
      ['citations'],
      '引用规则 citations 必须包含 safety（安全生产属地管理），例如 {"rule":"safety","clause":"2.safety"}。',
    );
  else always(['citations', p.citations.indexOf(safety), 'clause'], safety.clause, '安全生产规则 safety');

  const projectIds = new Set<string>();
  /** A register names a key project by id or name (domain/key-projects.ts): each names one. */
  const projectNames = new Map<string, string>();
  p.keyProjects.forEach((k, i) => {
    if (projectIds.has(k.id)) report(['keyProjects', i, 'id'], `重大项目编号“${k.id}”重复：应唯一。`);
    projectIds.add(k.id);
    const other = projectNames.get(compact(k.name));
    if (other !== undefined && other !== k.id)
      report(
        ['keyProjects', i, 'name'],
        `重大项目名称“${k.name}”与重大项目“${other}”的名称相同：台账按名称认定重大项目，名称应唯一。`,
      );
    projectNames.set(compact(k.name), k.id);
    if (known(['keyProjects', i, 'clause'], k.clause) && !steps.has(`keyProject ${k.clause}`)) {
      report(
        ['keyProjects', i, 'clause'],
        `重大项目“${k.name}”的条款“${k.clause}”没有对应的 keyProject 规则：请在 rules 中加入 {"rule":"keyProject","clause":"${k.clause}"}。`,
      );
    }
  });
  p.wholeMoves.forEach((m, i) => {
    if (known(['wholeMoves', i, 'clause'], m.clause) && !steps.has(`wholeMove ${m.clause}`)) {
      report(
        ['wholeMoves', i, 'clause'],
        `整体划转的条款“${m.clause}”没有对应的 wholeMove 规则：请在 rules 中加入 {"rule":"wholeMove","clause":"${m.clause}"}。`,
      );
    }
    const byZone = m.zone != null;
    const byStreet = m.street != null && m.recruiters.length > 0;
    if (byZone === byStreet || (byZone && (m.street != null || m.recruiters.length > 0))) {
      report(
        ['wholeMoves', i],
        '整体划转的地点应二选一：填园区 zone（street 为 null、recruiters 为空），或填所在街道 street 和招商街道 recruiters（zone 为 null）。',
      );
    }
  });
}

const TYPE_NAMES: Record<string, string> = {
  array: '列表（数组）',
  object: '对象',
  string: '文字',
  number: '数字',
  boolean: '是否（true/false）',
};

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value == null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** A Chinese message for an issue zod describes in English (types, unknown keys). */
function chinese(issue: z.core.$ZodIssue, input: unknown): string {
  if (/[\u4e00-\u9fff]/u.test(issue.message)) return issue.message;
  if (issue.code === 'invalid_type') {
    if (valueAt(input, issue.path) === undefined) return '缺少此项：请补上（见 docs/policy.md 的政策格式）。';
    return `类型不对：应为${TYPE_NAMES[issue.expected] ?? issue.expected}。`;
  }
  if (issue.code === 'unrecognized_keys') {
    return `不认识的字段：${issue.keys.join('、')}。请删去，或改为政策格式中的字段（见 docs/policy.md）。`;
  }
  return `格式不正确：请对照 docs/policy.md 的政策格式（${issue.code}）。`;
}

function pathLabel(path: readonly PropertyKey[]): string {
  return path.length === 0
    ? '（整个政策）'
    : path
        .map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`))
        .join('')
        .replace(/^\./u, '');
}

function freeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) freeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Validates policy data (a policy in force or a draft, e.g. `JSON.parse` of a file) and
 * returns the policy, deeply frozen, units and zones as ids.
 *
 * @throws PolicyDataError listing every issue with its path, in Chinese.
 */
export function parsePolicy(input: unknown): Policy {
  const result = z.safeParse(policySchema, input);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: pathLabel(i.path), message: chinese(i, input) }));
    const lines = issues.map((i) => `- ${i.path}：${i.message}`).join('\n');
    throw new PolicyDataError(`政策数据有 ${issues.length} 处错误：\n${lines}`, issues, {
      cause: result.error,
    });
  }
  const p = result.data;
  return freeze({ ...p, notice: p.notice ?? null } satisfies Policy);
}

/**
 * Validates a set of policy versions (unique ids and first days) and returns them oldest first.
 *
 * @throws PolicyDataError when two versions share an id or an `effectiveFrom`.
 */
export function policySet(policies: readonly Policy[]): readonly Policy[] {
  const issues: { path: string; message: string }[] = [];
  const ids = new Set<string>();
  const days = new Set<string>();
  for (const p of policies) {
    if (ids.has(p.id)) issues.push({ path: p.id, message: `政策编号“${p.id}”重复：每个版本的编号应唯一。` });
    if (days.has(p.effectiveFrom)) {
      issues.push({
        path: p.id,
        message: `两个政策版本都自 ${p.effectiveFrom} 起施行：施行日期应各不相同。`,
      });
    }
    ids.add(p.id);
    days.add(p.effectiveFrom);
  }
  if (issues.length) {
    throw new PolicyDataError(
      `政策版本有 ${issues.length} 处错误：\n${issues.map((i) => `- ${i.message}`).join('\n')}`,
      issues,
    );
  }
  return Object.freeze([...policies].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)));
}
