/**
 * The coordination routes: the working group's decisions and the
 * transfers the two units confirm. Same rules as the other routes: another unit's data
 * answers 404, never 403, and nothing a caller may not see is named in a body.
 *
 * - `POST /decisions` (bureau) → 201 the decision; the records it names are re-projected, and
 *   their disputed transfers are settled by it.
 * - `GET /decisions?key=&unit=` → the decisions with their audit trail (a unit: those about
 *   enterprises it holds, naming only those).
 * - `POST /decisions/{id}/end` (bureau) `{from, reason?, documentNo?}` → the decision ended
 *   from a later month (a new fact; the decision is never edited).
 * - `GET /transfers?month=&status=` → the month's transfers with their status (a unit: those
 *   it gives or receives).
 * - `POST /transfers/{id}/confirm`, `POST /transfers/{id}/object` `{reason}` (the two units
 *   concerned), `POST /transfers/{id}/settle` `{reason}` (bureau).
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { repeatOf } from '#domain/decision-repeat';
import {
  decisionStanding,
  parseDecisionInput,
  type RecordedBy,
  type RulesInForce,
  rulesOf,
  type WorkingGroupDecision,
} from '#domain/decisions';
import { NotFoundError, ValidationError } from '#domain/errors';
import { isMonth } from '#domain/months';
import { POLICIES, policyFor } from '#domain/policy/index';
import type { Coordination, ImpactJob } from '#domain/ports';
import type { IngestStore } from '#domain/projection-store';
import { assignmentIfInForce, holds } from '#domain/timeline';
import {
  checkUnitAction,
  concerns,
  parseTransferId,
  repeatsConfirmation,
  type statusOf,
  TRANSFER_STATUSES,
  type TransferStatus,
  type TransferWithStatus,
} from '#domain/transfer-status';
import type { Month } from '#domain/types';
import { isOffice, isStreet, type UnitId } from '#domain/units';
import { type DecideDeps, endDecision, projectQueued, recordDecision } from '#functions/coordination/decide';
import { readDraft, runImpactJob } from '#functions/coordination/impact';
import { withStatus } from '#functions/coordination/transfers';
import type { Rejudger } from '#functions/ingest/replay';
import { type Caller, callerOf, claimsOf } from './auth.ts';
import { UnavailableError } from './problem.ts';
import { json } from './respond.ts';
import type { RouteAnswers } from './route-table.ts';
import type { RouteHandler } from './routes.ts';
import { monthSchema } from './schemas.ts';

/** What the coordination routes need. */
export interface CoordinationDeps {
  store: IngestStore;
  clock: { now(): Date };
  /** The decisions, transfer actions and projection hooks of the store; without them 503. */
  coordination: Coordination | null;
  /**
   * Starts the run of a stored impact job after the answer (`POST /impact` answers 202 first).
   * In AWS: queues `{source: 'lkg.impact', id}` for the worker function (an asynchronous
   * invocation, functions/adapters/lambda-invoker.ts). Default: runs it in this process, not
   * awaited (the local stack).
   */
  queueImpact?: (jobId: string) => Promise<void>;
  /**
   * Starts a decision's re-projection after the answer (`POST /decisions` and ending one answer
   * once the fact is recorded, with `projection: "pending"`), given its writer's id. In AWS:
   * queues `{source: 'lkg.decision', writer}` for the worker function, as impact runs; should
   * that fail, the sweep projects it. Default: runs it in this process, not awaited.
   */
  queueDecision?: (writerId: string) => Promise<void>;
  /** Re-judges the stored uploads a decision affects (the local stack); without it the sweep does. */
  rejudge?: Rejudger;
}

/**
 * How long an impact run may stay `running` before it is answered as failed: longer than the
 * worker's timeout (15 min) times Lambda's two retries of an asynchronous event, with their
 * delays.
 */
export const IMPACT_GIVE_UP_MS = 60 * 60_000;

const bureauOnly = (what: string) =>
  new NotFoundError(`没有找到可${what}的资源：只有区商务局（工作专班办公室）可以${what}。`);

const notFoundTransfer = (id: string) =>
  new NotFoundError(
    `没有找到编号为“${id}”的划转：编号为“企业代码#月份”，请在“划转确认”中查看本单位可见的划转。`,
  );

function pathParam(event: APIGatewayProxyEventV2, name: string): string {
  const raw = event.pathParameters?.[name] ?? '';
  try {
    return decodeURIComponent(raw).trim();
  } catch {
    return raw.trim();
  }
}

function bodyOf(event: APIGatewayProxyEventV2): Record<string, unknown> {
  let raw = event.body as unknown;
  if (raw == null || raw === '') return {};
  if (typeof raw === 'string' && event.isBase64Encoded) raw = Buffer.from(raw, 'base64').toString('utf8');
  if (typeof raw === 'object') return raw as Record<string, unknown>;
  try {
    const value = JSON.parse(String(raw));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new ValidationError('请求体应为 JSON 对象。');
}

function optionalText(value: unknown, field: string): string | null {
  if (value == null || value === '') return null;
  if (typeof value !== 'string') throw new ValidationError(`${field}应为文本。`);
  const text = value.trim();
  if (text.length > 500) throw new ValidationError(`${field}过长（${text.length} 字）：应不超过 500 字。`);
  return text || null;
}

function monthValue(value: unknown, field: string): Month {
  if (typeof value !== 'string' || !isMonth(value))
    throw new ValidationError(`${field}“${String(value ?? '')}”格式不正确：应为 YYYY-MM，例如 2026-09。`);
  // the one month rule of every route (up to LAST_MONTH)
  const checked = monthSchema.safeParse(value);
  if (!checked.success)
    throw new ValidationError(`${field}：${checked.error.issues[0]?.message ?? '月份无效。'}`);
  policyFor(value, POLICIES); // a month before any policy is in force is a 400
  return value;
}

function recordedBy(event: APIGatewayProxyEventV2, caller: Caller): RecordedBy {
  const sub = claimsOf(event)?.sub;
  return { subject: typeof sub === 'string' && sub ? sub : caller.unit, unit: caller.unit };
}

/** Builds the coordination routes. */
export function createCoordinationRoutes(deps: CoordinationDeps) {
  const { store } = deps;

  function port(): Coordination {
    if (!deps.coordination)
      throw new UnavailableError('本部署的存储不支持工作专班决定和划转确认：请联系运维人员。');
    return deps.coordination;
  }

  /** The keys of the decision the caller may see: all for the bureau, those a unit holds now. */
  async function visibleKeys(
    decision: WorkingGroupDecision,
    unit: UnitId | null,
    latest: Month | null,
    rulesNow: RulesInForce,
  ): Promise<string[]> {
    if (unit === null) return decision.keys;
    const versions = await store.getVersions(decision.keys);
    return decision.keys.filter((key) =>
      holds(
        assignmentIfInForce(
          (versions.get(key) ?? []).map((v) => v.record),
          latest,
          rulesNow,
        ),
        unit,
      ),
    );
  }

  /** GET /decisions?key=&unit= */
  const listDecisions: RouteHandler = async (event) => {
    const caller = callerOf(event);
    const q = event.queryStringParameters ?? {};
    const key = q.key?.trim() || null;
    const asked = q.unit?.trim() || null;
    if (asked && !(isStreet(asked) || isOffice(asked)))
      throw new ValidationError(`单位“${asked}”不是街道或产业办编号：例如 changqing、jidian。`);
    if (caller.kind === 'unit' && asked && asked !== caller.unit)
      throw new NotFoundError(`没有找到单位“${asked}”的决定。`);
    const unit = (caller.kind === 'unit' ? caller.unit : asked) as UnitId | null;
    const all = await port().decisions.all();
    // Who holds an enterprise: the projection readers see (decisions whose re-projection is committed).
    const projected = await port().decisions.projected();
    const rulesNow = rulesOf(POLICIES, projected);
    // `projection`: whether the decision as listed (recorded, or ended) is in force yet — its
    // re-projection may wait for an upload that is writing (docs/coordination.md).
    const committed = new Map(projected.map((d) => [d.id, d.to]));
    const latest = await store.latestMonth();
    // Where each decision stands in the latest month (执行中, or which roles another replaced):
    // over every decision recorded, a pending one included, and the enterprises the caller sees.
    const rulesLogged = rulesOf(POLICIES, all);
    const items: RouteAnswers['listDecisions']['items'] = [];
    for (const d of all) {
      if (key && !d.keys.includes(key)) continue;
      const keys = await visibleKeys(d, unit, latest, rulesNow);
      if (keys.length === 0) continue;
      const inForce = committed.has(d.id) && committed.get(d.id) === d.to;
      const standing = decisionStanding({ ...d, keys }, latest ?? d.from, rulesLogged);
      items.push({ ...d, keys, projection: inForce ? 'applied' : 'pending', standing });
    }
    return json({ items } satisfies RouteAnswers['listDecisions']);
  };

  /** The deps of recording and ending: the re-projection goes to the worker (or runs off the request). */
  function decideDeps(): DecideDeps {
    const base = {
      store,
      coordination: port(),
      now: deps.clock.now(),
      clock: deps.clock,
      ...(deps.rejudge ? { rejudge: deps.rejudge } : {}),
    };
    const queueProjection =
      deps.queueDecision ??
      (async (writerId: string) =>
        void projectQueued({ ...base, now: deps.clock.now() }, writerId).catch(() => undefined));
    return { ...base, queueProjection };
  }

  /** Whether a decision as listed (recorded, or ended) is in force yet. */
  async function projectionOf(
    decision: Pick<WorkingGroupDecision, 'id' | 'to'>,
  ): Promise<'applied' | 'pending'> {
    const committed = (await port().decisions.projected()).find((d) => d.id === decision.id);
    return committed && committed.to === decision.to ? 'applied' : 'pending';
  }

  /** POST /decisions — 201 recorded (projection pending); 200 the same decision asked again; 409 same 文号 and keys, another body. */
  const recordDecisionRoute: RouteHandler = async (event) => {
    const caller = callerOf(event);
    if (caller.kind !== 'bureau') throw bureauOnly('记录工作专班决定');
    const input = parseDecisionInput(bodyOf(event));
    const repeat = repeatOf(await port().decisions.all(), input);
    if (repeat) return json({ ...repeat, projection: await projectionOf(repeat) });
    const { repeated, ...decision } = await recordDecision(decideDeps(), input, recordedBy(event, caller));
    if (repeated) return json({ ...decision, projection: await projectionOf(decision) });
    return json({ ...decision, projection: 'pending' }, 201);
  };

  /** POST /decisions/{id}/end — 200 the decision ended (projection pending). */
  const endDecisionRoute: RouteHandler = async (event) => {
    const caller = callerOf(event);
    if (caller.kind !== 'bureau') throw bureauOnly('终止工作专班决定');
    const body = bodyOf(event);
    const ended = await endDecision(
      decideDeps(),
      pathParam(event, 'id'),
      {
        from: monthValue(body.from, '终止月份（from）'),
        reason: optionalText(body.reason, '终止理由（reason）'),
        documentNo: optionalText(body.documentNo, '文号（documentNo）'),
      },
      recordedBy(event, caller),
    );
    return json({ ...ended, projection: 'pending' });
  };

  const statuses = <T extends Parameters<typeof statusOf>[0]>(transfers: readonly T[]) =>
    withStatus(port(), transfers);

  /** GET /transfers?month=&status= */
  const listTransfers: RouteHandler = async (event) => {
    const caller = callerOf(event);
    const q = event.queryStringParameters ?? {};
    const month = q.month ? monthValue(q.month, '月份（month）') : await store.latestMonth();
    const status = q.status?.trim() || null;
    if (status && !(TRANSFER_STATUSES as readonly string[]).includes(status))
      throw new ValidationError(`状态“${status}”无效：应为 pending、confirmed、disputed 或 settled。`);
    if (!month) return json({ month: null, items: [] } satisfies RouteAnswers['listTransfers']);
    const inMonth = await port().transfersInMonth(month);
    const visible = inMonth.filter((t) => caller.kind === 'bureau' || concerns(t, caller.unit));
    const items = (await statuses(visible)).filter((t) => !status || t.status === (status as TransferStatus));
    return json({ month, items } satisfies RouteAnswers['listTransfers']);
  };

  /** The transfer a caller may act on, with its status; 404 when it is not one the caller sees. */
  async function transferFor(event: APIGatewayProxyEventV2, caller: Caller): Promise<TransferWithStatus> {
    const id = pathParam(event, 'id');
    const parsed = parseTransferId(id);
    if (!parsed) throw notFoundTransfer(id);
    const t = (await store.transfers(parsed.key)).find((x) => x.month === parsed.month);
    if (!t || (caller.kind === 'unit' && !concerns(t, caller.unit))) throw notFoundTransfer(id);
    return (await statuses([t]))[0] as TransferWithStatus;
  }

  const unitAction =
    (action: 'confirm' | 'object'): RouteHandler =>
    async (event) => {
      const caller = callerOf(event);
      const t = await transferFor(event, caller);
      if (caller.kind !== 'unit')
        throw new NotFoundError(
          `区商务局不确认划转：划转 ${t.id} 由${action === 'confirm' ? '确认' : '提出异议'}的两个单位（移出和接收单位）办理；有异议时请在“争议与决定”中裁定。`,
        );
      const reason = optionalText(bodyOf(event).reason, '理由（reason）');
      checkUnitAction(t, action, reason);
      // A repeated confirmation (a second click, a retried request) changes nothing.
      if (repeatsConfirmation(t, caller.unit, action)) return json(t);
      await port().transferActions.add({
        transferId: t.id,
        action,
        unit: caller.unit,
        subject: recordedBy(event, caller).subject,
        from: t.from,
        to: t.to,
        reason,
        recordedAt: deps.clock.now().toISOString(),
      });
      return json((await statuses([t]))[0]);
    };

  /** POST /transfers/{id}/settle */
  const settleTransfer: RouteHandler = async (event) => {
    const caller = callerOf(event);
    if (caller.kind !== 'bureau') throw bureauOnly('裁定划转异议');
    const t = await transferFor(event, caller);
    const reason = optionalText(bodyOf(event).reason, '裁定理由（reason）');
    if (!reason) throw new ValidationError('裁定时请填写理由（reason）：说明如何解决异议、依据哪份文件。');
    if (t.status !== 'disputed')
      throw new ValidationError(
        `划转 ${t.id} 的状态是“${t.status}”，没有异议可裁定：只有有异议（disputed）的划转可以裁定。`,
      );
    await port().transferActions.add({
      transferId: t.id,
      action: 'settle',
      unit: 'bureau',
      subject: recordedBy(event, caller).subject,
      from: t.from,
      to: t.to,
      reason,
      recordedAt: deps.clock.now().toISOString(),
    });
    return json((await statuses([t]))[0]);
  };

  /** POST /impact — body `{policy, month?}` → 202 `{id}`; the result at GET /impact/{id}. */
  const startImpact: RouteHandler = async (event) => {
    const caller = callerOf(event);
    if (caller.kind !== 'bureau') throw bureauOnly('评估政策草案的影响');
    const body = bodyOf(event);
    const unknown = Object.keys(body).filter((k) => k !== 'policy' && k !== 'month');
    if (unknown.length > 0)
      throw new ValidationError(
        `请求体含未知字段 ${unknown.join('、')}：应为 {policy: <草案>, month?: "YYYY-MM"}。`,
      );
    if (body.policy == null)
      throw new ValidationError('缺少 policy：请提供政策草案（与 docs/policy.md 的政策格式相同）。');
    const draft = readDraft(body.policy);
    const month = body.month == null ? null : monthValue(body.month, '月份（month）');
    const now = deps.clock.now();
    const job: ImpactJob = {
      id: `i-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(6).toString('hex')}`,
      status: 'running',
      draft: { id: draft.id, docNumber: draft.docNumber },
      month,
      requestedBy: recordedBy(event, caller),
      requestedAt: now.toISOString(),
      finishedAt: null,
      error: null,
    };
    const jobs = port().impactJobs;
    await jobs.create(job, body.policy);
    const queue =
      deps.queueImpact ??
      (async (id: string) =>
        void runImpactJob({ store, jobs, clock: deps.clock }, id).catch(() => undefined));
    try {
      await queue(job.id);
    } catch (error) {
      await jobs.finish(
        { ...job, status: 'failed', finishedAt: deps.clock.now().toISOString(), error: '未能启动评估' },
        null,
      );
      throw new UnavailableError('影响评估暂时无法启动：请稍后重新提交草案。', { cause: error });
    }
    return json({ id: job.id, status: job.status }, 202);
  };

  /** GET /impact/{id} — the run and, when done, the same JSON as `lkg impact --json`. */
  const getImpact: RouteHandler = async (event) => {
    const caller = callerOf(event);
    const id = pathParam(event, 'id');
    const found = caller.kind === 'bureau' ? await port().impactJobs.get(id) : null;
    if (!found)
      throw new NotFoundError(
        `没有找到编号为“${id}”的影响评估：影响评估的结果只保留一段时间，请重新提交草案后查看。`,
      );
    // A run no worker finished in time (its invocations and Lambda's retries all failed) is
    // answered as failed, so nobody waits for it forever.
    const age = deps.clock.now().getTime() - Date.parse(found.job.requestedAt);
    if (found.job.status === 'running' && age > IMPACT_GIVE_UP_MS)
      return json({
        ...found.job,
        status: 'failed',
        error: `评估在 ${IMPACT_GIVE_UP_MS / 60_000} 分钟内未完成：请重新提交草案；如仍失败，请联系管理员查看日志（评估编号 ${id}）。`,
        result: null,
      });
    return json({ ...found.job, result: found.result });
  };

  return {
    startImpact,
    getImpact,
    listDecisions,
    recordDecision: recordDecisionRoute,
    endDecision: endDecisionRoute,
    listTransfers,
    confirmTransfer: unitAction('confirm'),
    objectTransfer: unitAction('object'),
    settleTransfer,
  };
}
