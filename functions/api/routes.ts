/**
 * The routes of the HTTP API (docs/api.md). Each route: read the caller from the claims,
 * validate the request, ask the store (through the port), apply what the caller may see, and
 * answer. Another unit's data answers 404, never 403; nothing a caller may not see is named in
 * any body (search, counts, imports, summaries, an enterprise's history).
 *
 * @module
 */

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { coordinationOf } from '#adapters/coordination-items';
import { assess } from '#domain/assess';
import { clauseTextsOf, type RulesInForce, roleAnswers, rulesOf } from '#domain/decisions';
import { rankingOf } from '#domain/district-figures';
import { NotFoundError } from '#domain/errors';
import type { KeyProjectName } from '#domain/key-projects';
import { LIST_LABELS } from '#domain/labels';
import { chinaMonth, compareMonths, monthLabel, sortMonths } from '#domain/months';
import { isImportId, recordKeyProblem } from '#domain/object-keys';
import { POLICIES, type Policy, policyFor } from '#domain/policy/index';
import type { Clock, Coordination, ImportRecord, Store, UnitRole } from '#domain/ports';
import { type PublishCountdown, publishCountdown } from '#domain/publish-date';
import { recordFromInput } from '#domain/registers/index';
import { type SummaryDocument as DistrictSummaryDocument, LIST_NAMES } from '#domain/summaries';
import {
  assessInForce,
  assignmentIfInForce,
  factsFor,
  policyAt,
  recordInMonth,
  storyOf,
} from '#domain/timeline';
import type { Assignment, Finding, Month, RegisterRecord } from '#domain/types';
import { isOffice, isStreet, UNITS, type UnitId, unitName } from '#domain/units';
import type { Rejudger } from '#functions/ingest/replay';
import { projectionStaleness } from '#functions/ingest/rules-version';
import type { PublishScheduleSettings } from '#functions/publish/remind';
import { readUnitCounts } from '#functions/publish/summaries';
import { holds, monthVisible, visibilityOf } from './access.ts';
import { callerOf, mayActFor } from './auth.ts';
import { type CursorCodec, cursorCodec } from './cursor.ts';
import { type ApiLogger, InputError, UnavailableError } from './problem.ts';
import { binary, json, XLSX_TYPE } from './respond.ts';
import type { RouteAnswers } from './route-table.ts';
import {
  assessBody,
  enterpriseQuery,
  pageQuery,
  parse,
  publishQuery,
  searchQuery,
  unitEnterprisesQuery,
} from './schemas.ts';

/** A route's implementation. */
export type RouteHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * register reader for one JSON record: values as ids or as a register cell would hold
 * them; findings in Chinese.
 */
export type RecordFromInput = (
  input: Record<string, unknown>,
  month: Month,
  options?: { keyProjects?: readonly KeyProjectName[] },
) => { record: RegisterRecord | null; findings: Finding[] };

/** The summaries the API serves (stored after each import; see functions/publish/summaries.ts). */
export interface SummaryPort {
  /** The `lkg summary --json` document for the month (`units` holds every unit). */
  document(month: Month): Promise<SummaryDocument>;
  /** One unit's row (one GetItem); absent: the row is taken from `document`. */
  unitRow?(month: Month, unit: UnitId): Promise<SummaryDocument['units'][number] | null>;
  /** The overview (unit null) or one unit's summary as an xlsx workbook. */
  workbook(month: Month, unit: UnitId | null): Promise<{ bytes: Uint8Array; filename: string }>;
  /**
   * Page `page` (from 0) of a unit's (or `district`'s) complete list behind a count; null when
   * there is no such list. Absent: the lists are not served.
   */
  listPage?(
    month: Month,
    unit: string,
    name: string,
    page: number,
  ): Promise<{ items: unknown[]; next: number | null; total: number } | null>;
}

/** The `lkg summary --json` document, as far as the API reads it. */
/** The month's summaries as the API reads them: the domain's document (domain/summaries.ts). */
export type SummaryDocument = DistrictSummaryDocument;

/** Publishing a month now (the bureau's `POST /summaries/{month}/publish`). */
export type PublishPort = (request: { month: Month; force: boolean }) => Promise<unknown>;

/** What the API handler needs. */
export interface ApiDeps {
  store: Store;
  clock: Clock;
  /** Publishing on demand; without it the route answers 503. */
  publish?: PublishPort;
  /** Summaries; without them the summary routes answer 503. */
  summaries?: SummaryPort;
  /** `recordFromInput` (default: `#domain/registers/index`). */
  recordFromInput?: RecordFromInput;
  logger?: ApiLogger;
  /** Signs page cursors (HMAC-SHA256): required, cursors are never unsigned. */
  cursorSecret: string;
  /** Origins a browser may call the authenticated routes from (CORS); none by default. */
  allowedOrigins?: readonly string[];
  /**
   * The working group's decisions, transfer actions and projection
   * hooks; default: those of the store when it is built on a table (`coordinationOf`).
   */
  coordination?: Coordination | null;
  /**
   * Re-judges the stored uploads a decision affects, where this deployment may read them (the
   * local stack): within the request; without it the sweep does (in AWS the API may not read
   * `uploads/`).
   */
  rejudge?: Rejudger;
  /** Starts a stored `POST /impact` run after its 202 (see coordination-routes.ts). */
  queueImpact?: (jobId: string) => Promise<void>;
  /** Starts a decision's re-projection after `POST /decisions` or ending one answers (see coordination-routes.ts). */
  queueDecision?: (writerId: string) => Promise<void>;
  /**
   * The publish schedule's settings (`lkg:publishSchedule`, `lkg:publishTimeZone`, passed by the
   * stack as `LKG_PUBLISH_SCHEDULE`, `LKG_PUBLISH_TIME_ZONE`): the next publish date that
   * `GET /units` returns. Absent: 发布日期未定.
   */
  publishSchedule?: PublishScheduleSettings;
}

const notFoundEnterprise = (key: string) =>
  new NotFoundError(
    `没有找到代码为“${key}”的企业或项目：请核对统一社会信用代码或项目编号，或在“企业”中按名称查找。`,
  );

const notFoundImport = (id: string) =>
  new NotFoundError(`没有找到编号为“${id}”的导入记录：请在“导入记录”中查看本单位可见的导入记录。`);

const notFoundUnit = (unit: string) =>
  new NotFoundError(
    `没有找到单位“${unit}”：请使用本区的街道或产业办（如长青街 changqing、机电产业办 jidian）。`,
  );

const notFoundSummary = (month: Month, unit?: string) =>
  new NotFoundError(
    unit ? `没有找到“${unit}”${monthLabel(month)}的汇总。` : `没有找到${monthLabel(month)}的全区汇总。`,
  );

function pathParam(event: APIGatewayProxyEventV2, name: string): string {
  const raw = event.pathParameters?.[name] ?? '';
  try {
    return decodeURIComponent(raw).trim();
  } catch {
    return raw.trim();
  }
}

function query(event: APIGatewayProxyEventV2): Record<string, string | undefined> {
  return event.queryStringParameters ?? {};
}

/**
 * `?lists=none`: a summary without the first entries of each list in its rows (the console's
 * pages read the counts, and the complete lists through the lists route): at 20,000
 * enterprises the district's document is 52 KB instead of 330 KB.
 */
function listsOmitted(event: APIGatewayProxyEventV2): boolean {
  const lists = query(event).lists;
  if (lists === undefined) return false;
  if (lists !== 'none')
    throw new InputError(`名单选项“${lists.slice(0, 20)}”无效：只能为 none（不带名单）。`, 'INVALID_REQUEST');
  return true;
}

/** A summary row without its `lists`. */
function omitLists<T extends object>(row: T): Omit<T, 'lists'> {
  const { lists: _lists, ...rest } = row as T & { lists?: unknown };
  return rest;
}

/** A unit that serves enterprises (street or office), else null. */
function servingUnit(id: string): UnitId | null {
  return isStreet(id) || isOffice(id) ? id : null;
}

/**
 * The assignment of a record in a month from its versions (null when there is none), under
 * the rules in force (the policies and the working group's decisions).
 */
function assignmentAt(
  records: readonly RegisterRecord[],
  month: Month | null,
  rules: RulesInForce,
): Assignment | null {
  return assignmentIfInForce(records, month, rules);
}

/** The roles a unit can hold: streets all four, offices service and indicators. */
function rolesOf(unit: UnitId): UnitRole[] {
  return isStreet(unit) ? ['service', 'indicators', 'cooperating', 'safety'] : ['service', 'indicators'];
}

/** An import as listed (without its findings). */
function importSummary(record: ImportRecord) {
  const { findings, sheets, ...rest } = record;
  return { ...rest, findingCount: findings.length };
}

/** The figures of a summary document or row: everything but the `lists`. */
function figuresOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(figuresOf);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== 'lists') out[k] = figuresOf(v);
    return out;
  }
  return value;
}

/**
 * Builds the route implementations over the deps.
 */
export function createRoutes(deps: ApiDeps) {
  const { store } = deps;
  const codec: CursorCodec = cursorCodec(deps.cursorSecret);
  // coordination hook: the rules in force carry the working group's decisions (those projected)
  const coordination = deps.coordination === undefined ? coordinationOf(store) : deps.coordination;
  const rulesInForce = async (): Promise<RulesInForce> =>
    rulesOf(POLICIES, coordination ? await coordination.decisions.projected() : []);

  /** GET /health */
  const health: RouteHandler = async () => json({ status: 'ok' });

  /** The next publication and the days left to it (nulls: 发布日期未定; an unknown time zone is logged). */
  const publishAhead = (): PublishCountdown => {
    const { expression, timeZone } = deps.publishSchedule ?? { expression: '', timeZone: 'Asia/Shanghai' };
    try {
      return publishCountdown(expression, timeZone, deps.clock.now());
    } catch (error) {
      deps.logger?.warn('publish date not computed: the publish schedule’s time zone is unknown', {
        timeZone,
        error: error instanceof Error ? error.message : String(error),
      });
      return { date: null, time: null, timeZone, month: null, daysLeft: null };
    }
  };

  /**
   * GET /units — the counts stored with the month's summaries (recounted only while they are
   * stale), and the next publish date with the days left (the console's home).
   */
  const units: RouteHandler = async (event) => {
    const caller = callerOf(event);
    const latest = await store.latestMonth();
    const counted = UNITS.filter((u) => u.kind !== 'bureau' && mayActFor(caller, u.id));
    const stored = latest ? await readUnitCounts(store, latest, rulesInForce) : {};
    const zero = (unit: UnitId) => Object.fromEntries(rolesOf(unit).map((role) => [role, 0]));
    const byUnit = new Map(counted.map((u) => [u.id, stored[u.id] ?? zero(u.id)]));
    return json({
      month: latest,
      publish: publishAhead(),
      items: UNITS.map((u) => ({
        id: u.id,
        kind: u.kind,
        name: u.name,
        ...(byUnit.has(u.id) ? { counts: byUnit.get(u.id) } : {}),
      })),
    } satisfies RouteAnswers['units']);
  };

  /** GET /units/{unit}/enterprises */
  const unitEnterprises: RouteHandler = async (event) => {
    const caller = callerOf(event);
    const unit = servingUnit(pathParam(event, 'unit'));
    if (!unit || !mayActFor(caller, unit)) throw notFoundUnit(pathParam(event, 'unit'));
    const q = parse(unitEnterprisesQuery, query(event), '查询参数');
    const role: UnitRole = q.role ?? 'service';
    const month = q.month ?? (await store.latestMonth());
    if (!month) return json({ unit, role, month: null, items: [], cursor: null });
    policyFor(month, POLICIES); // a month before any policy is in force is a 400
    const scope = `units:${unit}:${role}:${month}`;
    const page = await store.listByUnit(unit, role, month, {
      cursor: codec.decode(q.cursor, scope),
      limit: q.limit ?? 100,
    });
    return json({ unit, role, month, items: page.items, cursor: codec.encode(page.cursor, scope) });
  };

  /** GET /enterprises/{key} */
  const enterprise: RouteHandler = async (event) => {
    const caller = callerOf(event);
    const key = pathParam(event, 'key');
    const keyProblem = recordKeyProblem(key);
    if (keyProblem) throw new InputError(keyProblem, 'INVALID_KEY');
    const q = parse(enterpriseQuery, query(event), '查询参数');
    if (!key) throw notFoundEnterprise(key);
    const [versionsByKey, storedLatest, history, transfers, indicatorRows, rules, stale] = await Promise.all([
      store.getVersions([key]),
      store.latestMonth(),
      store.assignmentHistory(key),
      store.transfers(key),
      store.indicatorsByKey(key),
      rulesInForce(),
      projectionStaleness(store),
    ]);
    const versions = versionsByKey.get(key) ?? [];
    if (versions.length === 0) throw notFoundEnterprise(key);
    const records = versions.map((v) => v.record);
    const latest = storedLatest ?? sortMonths(records.map((r) => r.month)).at(-1)!;
    const visibility = visibilityOf(caller, history, assignmentAt(records, latest, rules));
    if (visibility.kind === 'none') throw notFoundEnterprise(key);
    const month = q.month ?? (visibility.kind === 'until' ? visibility.month : latest);
    if (!monthVisible(visibility, month)) throw notFoundEnterprise(key);
    const policy: Policy = policyAt(month, POLICIES);
    const record = factsFor(records, month) as RegisterRecord;
    const assignment = assignmentAt(records, month, rules) as Assignment;
    // The month's story (首次报送, 新登记, 划转) and who decides each role: the domain's one answer.
    const inMonth = recordInMonth(records, month, rules);
    const indicators: Record<Month, Record<string, string>> = {};
    for (const row of [...indicatorRows].sort((a, b) => compareMonths(a.month, b.month))) {
      if (!monthVisible(visibility, row.month)) continue;
      const values: Record<string, string> = {};
      for (const [id, value] of Object.entries(row.values)) if (value != null) values[id] = value;
      indicators[row.month] = values;
    }
    return json({
      key,
      month,
      latestMonth: latest,
      visibleUntil: visibility.kind === 'until' ? visibility.month : null,
      policy: policy.id,
      record,
      assignment,
      clauseTexts: clauseTextsOf(assignment, policy),
      story: inMonth ? storyOf(inMonth, month) : null,
      roles: roleAnswers(assess(record, month, rules.policies), month, rules),
      history: history
        .filter((h) => monthVisible(visibility, h.month))
        .map((h) => ({ month: h.month, assignment: h.assignment })),
      transfers: transfers
        .filter((t) => monthVisible(visibility, t.month))
        .map((t) => ({
          month: t.month,
          from: t.from,
          to: t.to,
          clause: t.clause,
          ...(t.decision ? { decision: t.decision } : {}),
        })),
      indicators,
      ...(stale ? { stale } : {}),
    } satisfies RouteAnswers['enterprise']);
  };

  /** GET /enterprises?q= */
  const search: RouteHandler = async (event) => {
    const caller = callerOf(event);
    const q = parse(searchQuery, query(event), '查询参数');
    const limit = q.limit ?? 20;
    const scope = `search:${caller.unit}:${q.q}`;
    let cursor = codec.decode(q.cursor, scope);
    const [latest, rules] = await Promise.all([store.latestMonth(), rulesInForce()]);
    const items: Array<Record<string, unknown>> = [];
    // A unit sees its own enterprises only: filter whole store pages (so the cursor stays exact);
    // a page may hold fewer than `limit` items, and an empty page with a cursor means "go on".
    for (let round = 0; round < 5; round++) {
      const page = await store.search(q.q, { cursor, limit });
      cursor = page.cursor;
      const versions = page.items.length ? await store.getVersions(page.items.map((i) => i.key)) : new Map();
      for (const hit of page.items) {
        const records = (versions.get(hit.key) ?? []).map((v: { record: RegisterRecord }) => v.record);
        const a = assignmentAt(records, latest, rules);
        if (caller.kind === 'unit' && !holds(a, caller.unit)) continue;
        items.push({
          key: hit.key,
          name: a?.name ?? hit.name,
          status: a?.status ?? null,
          stage: a?.stage ?? null,
          service: a?.service ?? null,
          indicators: a?.indicators ?? null,
          cooperating: a?.cooperating ?? null,
          safety: a?.safety ?? null,
        });
      }
      if (caller.kind === 'bureau' || items.length > 0 || !cursor) break;
    }
    return json({ q: q.q, month: latest, items, cursor: codec.encode(cursor, scope) });
  };

  function summaries(): SummaryPort {
    if (!deps.summaries) throw new UnavailableError('本部署未配置月度汇总：请稍后重试或联系区商务局。');
    return deps.summaries;
  }

  function monthParam(event: APIGatewayProxyEventV2): Month {
    return parse(enterpriseQuery, { month: pathParam(event, 'month') }, '路径中的月份').month as Month;
  }

  async function summaryWithPublication(month: Month) {
    const [document, published] = await Promise.all([summaries().document(month), store.getSummary(month)]);
    return { document, published };
  }

  /**
   * When the month was published, and whether the figures changed since (every count and
   * figure; the lists' details aside).
   */
  function publication(published: { publishedAt: string } | null, live: unknown, stored: unknown) {
    if (!published) return { publishedAt: null, changedSincePublished: null };
    return {
      publishedAt: published.publishedAt,
      changedSincePublished: JSON.stringify(figuresOf(live)) !== JSON.stringify(figuresOf(stored)),
    };
  }

  /** GET /summaries/{month} */
  const summaryOverview: RouteHandler = async (event) => {
    const caller = callerOf(event);
    const month = monthParam(event);
    if (caller.kind !== 'bureau') throw notFoundSummary(month);
    policyFor(month, POLICIES);
    const [{ document, published }, stale] = await Promise.all([
      summaryWithPublication(month),
      projectionStaleness(store),
    ]);
    const bare = listsOmitted(event);
    return json({
      ...document,
      ...(bare ? { units: document.units.map(omitLists), total: omitLists(document.total) } : {}),
      ranking: rankingOf(document),
      publication: publication(published, document, published?.document),
      ...(stale ? { stale } : {}),
    } satisfies RouteAnswers['summaryOverview']);
  };

  /** GET /summaries/{month}/units/{unit} */
  const summaryUnit: RouteHandler = async (event) => {
    const caller = callerOf(event);
    const month = monthParam(event);
    const unit = servingUnit(pathParam(event, 'unit'));
    if (!unit || !mayActFor(caller, unit)) throw notFoundSummary(month, pathParam(event, 'unit'));
    policyFor(month, POLICIES);
    const port = summaries();
    // One request on DynamoDB: the row, the unit's published row, the due changes, the pending hint.
    const [row, published, stale] = await Promise.all([
      port.unitRow
        ? port.unitRow(month, unit)
        : port.document(month).then((d) => d.units.find((u) => u.unit === unit) ?? null),
      store.publishedRow(month, unit),
      projectionStaleness(store),
    ]);
    if (!row) throw notFoundSummary(month, unit);
    return json({
      ...(listsOmitted(event) ? omitLists(row) : row),
      month,
      unit,
      name: unitName(unit),
      publication: publication(published, row, published?.row ?? null),
      ...(stale ? { stale } : {}),
    } satisfies RouteAnswers['summaryUnit']);
  };

  /** GET /summaries/{month}/units/{unit}/lists/{name}?cursor= — a complete list behind a count, a page at a time. */
  const summaryList: RouteHandler = async (event) => {
    const caller = callerOf(event);
    const month = monthParam(event);
    const asked = pathParam(event, 'unit');
    const unit = asked === 'district' && caller.kind === 'bureau' ? 'district' : servingUnit(asked);
    if (!unit || (unit !== 'district' && !mayActFor(caller, unit))) throw notFoundSummary(month, asked);
    policyFor(month, POLICIES);
    const name = pathParam(event, 'name');
    if (!(LIST_NAMES as readonly string[]).includes(name))
      throw new NotFoundError(
        `没有这个名单：可查看的名单有${LIST_NAMES.map((n) => `“${LIST_LABELS[n]}”`).join('、')}。`,
      );
    const port = summaries();
    if (!port.listPage) throw new UnavailableError('本部署未配置月度汇总名单：请稍后重试或联系区商务局。');
    const scope = `lists:${month}:${unit}:${name}`;
    const cursor = codec.decode(query(event).cursor, scope);
    const page = cursor === null ? 0 : Number(cursor);
    const found = await port.listPage(month, unit, name, Number.isInteger(page) && page >= 0 ? page : 0);
    if (!found) throw notFoundSummary(month, unit);
    return json({
      month,
      unit,
      name,
      total: found.total,
      items: found.items,
      cursor: codec.encode(found.next === null ? null : String(found.next), scope),
    } satisfies RouteAnswers['summaryList']);
  };

  /** GET /summaries/{month}/units/{unit}/workbook */
  const summaryUnitWorkbook: RouteHandler = async (event) => {
    const caller = callerOf(event);
    const month = monthParam(event);
    const unit = servingUnit(pathParam(event, 'unit'));
    if (!unit || !mayActFor(caller, unit)) throw notFoundSummary(month, pathParam(event, 'unit'));
    policyFor(month, POLICIES);
    const { bytes, filename } = await summaries().workbook(month, unit);
    return binary(bytes, XLSX_TYPE, filename);
  };

  /** GET /summaries/{month}/workbook */
  const summaryOverviewWorkbook: RouteHandler = async (event) => {
    const caller = callerOf(event);
    const month = monthParam(event);
    if (caller.kind !== 'bureau') throw notFoundSummary(month);
    policyFor(month, POLICIES);
    const { bytes, filename } = await summaries().workbook(month, null);
    return binary(bytes, XLSX_TYPE, filename);
  };

  /** GET /imports */
  const imports: RouteHandler = async (event) => {
    const caller = callerOf(event);
    const q = parse(pageQuery, query(event), '查询参数');
    const prefix = caller.kind === 'bureau' ? undefined : `uploads/${caller.unit}/`;
    const scope = `imports:${caller.unit}`;
    const page = await store.listImports({
      ...(prefix ? { prefix } : {}),
      cursor: codec.decode(q.cursor, scope),
      limit: q.limit ?? 100,
    });
    const items = page.items.filter((i) => !prefix || i.objectKey.startsWith(prefix)).map(importSummary);
    return json({ items, cursor: codec.encode(page.cursor, scope) } satisfies RouteAnswers['imports']);
  };

  /** GET /imports/{id} */
  const importById: RouteHandler = async (event) => {
    const caller = callerOf(event);
    const id = importIdParam(event);
    const record = await store.getImport(id);
    if (!record) throw notFoundImport(id);
    if (caller.kind === 'unit' && !record.objectKey.startsWith(`uploads/${caller.unit}/`))
      throw notFoundImport(id);
    return json(record satisfies RouteAnswers['importById']);
  };

  /** POST /assess */
  const assessRoute: RouteHandler = async (event) => {
    callerOf(event);
    const body = parse(assessBody, event.body, '请求体');
    if ((body.record == null) === (body.records == null)) {
      throw new InputError(
        '请求体应包含 record（一条记录）或 records（最多 1000 条记录）二者之一。',
        'INVALID_REQUEST',
      );
    }
    const month: Month = body.month ?? (await store.latestMonth()) ?? chinaMonth(deps.clock.now());
    const policy = policyFor(month, POLICIES);
    const read: RecordFromInput = deps.recordFromInput ?? recordFromInput;
    const inputs = body.records ?? [body.record as Record<string, unknown>];
    const findings: Array<Finding & { index: number }> = [];
    const records: RegisterRecord[] = [];
    inputs.forEach((input, index) => {
      const result = read(input, month, { keyProjects: policy.keyProjects });
      for (const f of result.findings) findings.push({ ...f, index });
      if (result.record) records.push(result.record);
    });
    const errors = findings.filter((f) => f.severity === 'error');
    if (errors.length > 0 || records.length !== inputs.length) {
      const shown = errors
        .slice(0, 20)
        .map((f) => (inputs.length > 1 ? `第${f.index + 1}条：${f.message}` : f.message));
      throw new InputError(
        `记录有 ${errors.length} 处错误，未作判定：${shown.join('；')}${errors.length > shown.length ? '；……' : ''}`,
        'INVALID_RECORD',
        { findings },
      );
    }
    // Under the rules in force: the decisions about a record apply to a record given here too.
    const rules = await rulesInForce();
    const assignments = records.map((r) => assessInForce(r, month, rules));
    if (body.record != null) {
      const assignment = assignments[0] as Assignment;
      return json({
        month,
        policy: policy.id,
        assignment,
        clauseTexts: clauseTextsOf(assignment, policy),
        findings,
      });
    }
    return json({
      month,
      policy: policy.id,
      assignments,
      clauseTexts: Object.assign({}, ...assignments.map((a) => clauseTextsOf(a, policy))),
      findings,
    });
  };

  /** POST /summaries/{month}/publish?force= */
  const publish: RouteHandler = async (event) => {
    const caller = callerOf(event);
    const month = monthParam(event);
    if (caller.kind !== 'bureau') throw notFoundSummary(month);
    const q = parse(publishQuery, query(event), '查询参数');
    policyFor(month, POLICIES);
    if (!deps.publish) throw new UnavailableError('本部署未配置月报发送：请稍后重试或联系运维人员。');
    const result = await deps.publish({ month, force: q.force === 'true' || q.force === '1' });
    return json({ month, result });
  };

  return {
    health,
    units,
    unitEnterprises,
    enterprise,
    search,
    summaryOverview,
    summaryUnit,
    summaryList,
    summaryUnitWorkbook,
    summaryOverviewWorkbook,
    imports,
    importById,
    assess: assessRoute,
    publish,
  };
}

/**
 * The `{id}` of an import route, checked before any storage call.
 *
 * @throws InputError (400 INVALID_IMPORT_ID) unless 32 lowercase hex digits
 */
export function importIdParam(event: APIGatewayProxyEventV2): string {
  const id = pathParam(event, 'id');
  if (!isImportId(id)) {
    throw new InputError(
      `导入编号“${id.slice(0, 40)}${id.length > 40 ? '…' : ''}”格式不正确：应为 32 位小写十六进制字符（见“导入记录”中的导入编号）。`,
      'INVALID_IMPORT_ID',
    );
  }
  return id;
}
