/**
 * A working group's decision re-projected crash-safely (docs/coordination.md, on the storage's
 * pending writes, docs/storage.md): recording or ending a decision writes its fact first, then
 * re-projects the records it names as a pending import (`writeAsPendingImport`, the one writer,
 * functions/ingest/writer.ts), so readers see the projection before the decision until one PutItem
 * commits it, and never half of it.
 *
 * - The writer's record is opened (`applying`) before the fact is written: a decision (or an
 *   end) is never recorded without a writer that will project it. Its id is
 *   `decision-<id>` / `decision-end-<id>` (`decisionWriterIds`), its object key
 *   `decisions/<id>` / `decisions/<id>/end`.
 * - Until the writer commits, the decision (or the end) is not in force for anybody
 *   (`DecisionLog.projected`, `rulesInForce`): answers, listings, imports, summaries and emails
 *   all follow the projection readers see. The writer projects under the committed decisions
 *   plus its own fact.
 * - One writer at a time (the apply lease); and a decision never projects while another
 *   writer's items are pending (an upload, a rebuild): it waits (ImportBusyError) and the
 *   sweep or the next import finishes it. Other unfinished decision writers are finished first.
 * - Stopped anywhere, {@link projectDecision} run again under the same writer finishes it:
 *   the sweep (`resumeUnfinishedImports`) and the next import do.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { ClaimLostError } from '#domain/claims';
import { type DecisionRecord, decisionWriterIds, type WorkingGroupDecision } from '#domain/decisions';
import { POLICIES } from '#domain/policy/index';
import type { Clock, ImportRecord } from '#domain/ports';
import type { IngestStore } from '#domain/projection-store';
import { statusOf, transferId } from '#domain/transfer-status';
import { type HeldClaim, holdClaim, notHeld } from '#functions/ingest/claim';
import { APPLY_LEASE_MS, applyLeaseHolder, ImportBusyError } from '#functions/ingest/lease';
import type { Rejudger, ReplayResult } from '#functions/ingest/replay';
import type { IngestLogger } from '#functions/ingest/uploads';
import { writeAsPendingImport, writerRecord } from '#functions/ingest/writer';
import { refreshDueSummaries } from '#functions/publish/summaries';
import { rulesInForce } from './rules-in-force.ts';

/**
 * Another writer (an upload, a rebuild) was left unfinished with items pending: a decision
 * cannot project before it is finished (by the sweep or the next import), so waiting within a
 * request is pointless.
 */
export class WriterUnfinishedError extends ImportBusyError {
  override readonly name = 'WriterUnfinishedError';
}

/** The object keys of decisions' writers (never under `uploads/` or `rebuild/`). */
export const DECISIONS_PREFIX = 'decisions/';

/** What a decision's re-projection needs. */
export interface DecisionProjectionDeps {
  store: IngestStore;
  clock: Clock;
  logger?: IngestLogger;
  /** Milliseconds this invocation has left: the claims it takes last that long (functions/ingest/claim.ts). */
  remainingMs?: () => number;
  /**
   * Re-judges the stored uploads under the new rules (who holds an enterprise changes who may
   * upload for it): `rejudgerOf` (functions/ingest/replay.ts). The sweep, the ingest, the CLI
   * and the local stack pass it; a caller without it leaves the projection to the sweep when
   * uploads are stored.
   */
  rejudge?: Rejudger;
}

/** Is this import record a decision's writer? */
export function isDecisionWriter(record: Pick<ImportRecord, 'objectKey'>): boolean {
  return record.objectKey.startsWith(DECISIONS_PREFIX);
}

/** The decision a writer projects, and whether it projects its end. */
function factOf(record: ImportRecord): { decisionId: string; ended: boolean } {
  const rest = record.objectKey.slice(DECISIONS_PREFIX.length);
  return rest.endsWith('/end')
    ? { decisionId: rest.slice(0, -'/end'.length), ended: true }
    : { decisionId: rest, ended: false };
}

/** A decision's writer as a request opened it, and the request's claim on it while it writes the fact. */
export interface OpenedWriter {
  writer: ImportRecord;
  /** Null when another request holds it (the same decision asked twice at once): that one's claim keeps the writer open. */
  claim: HeldClaim | null;
}

/** The claim a request holds on its decision's writer while it writes the fact (kind `decision`). */
function writerClaim(writerId: string) {
  return { kind: 'decision', id: writerId, owner: randomUUID() } as const;
}

/**
 * Opens the writer of a decision (or of its end) before its fact is written: `applying`, so
 * the sweep finds it whatever happens next, and claimed by this request until the fact is
 * written ({@link factWritten}): the sweep closes a writer without its fact only once nobody
 * holds its claim (the request that opened it gave it back, or its time ran out). The same
 * writer again (an end asked twice) is the stored one; one the sweep closed because its fact
 * was never written is opened again.
 */
export async function openDecisionWriter(
  deps: DecisionProjectionDeps,
  decisionId: string,
  ended: boolean,
): Promise<OpenedWriter> {
  const ids = decisionWriterIds(decisionId);
  const record = ended
    ? writerRecord(ids.ended, `${DECISIONS_PREFIX}${decisionId}/end`, deps.clock.now())
    : writerRecord(ids.recorded, `${DECISIONS_PREFIX}${decisionId}`, deps.clock.now());
  const held = await holdClaim(deps.store.claims, deps, writerClaim(record.id), {
    defaultMs: APPLY_LEASE_MS,
  });
  const claim = notHeld(held) ? null : held;
  return { writer: await openWriterRecord(deps, record), claim };
}

/** The writer's record opened: created, the stored one, or — closed without its fact — opened again. */
async function openWriterRecord(deps: DecisionProjectionDeps, record: ImportRecord): Promise<ImportRecord> {
  if ((await deps.store.createImport(record)) === 'created') return record;
  const existing = await deps.store.getImport(record.id);
  // Closed without its fact (a request stopped before writing it): opened again for this one.
  if (existing?.status === 'unchanged') {
    await deps.store.saveImport(record);
    return record;
  }
  return existing ?? record;
}

/**
 * The request wrote the fact: its claim on the writer is given back. A claim lost meanwhile
 * (the request outlived its time and the sweep closed the writer, fact unseen) opens the
 * writer again, so the fact is projected. Never throws (a store failure here leaves the
 * writer to the sweep): returns the writer to project.
 */
export async function factWritten(deps: DecisionProjectionDeps, opened: OpenedWriter): Promise<ImportRecord> {
  if (!opened.claim) return opened.writer;
  try {
    await opened.claim.renew();
    await opened.claim.release();
    return opened.writer;
  } catch (error) {
    if (!(error instanceof ClaimLostError)) return opened.writer;
    deps.logger?.warn(
      "the decision writer's claim was taken over before its fact was written: opened again",
      {
        importId: opened.writer.id,
      },
    );
    const fresh = writerRecord(opened.writer.id, opened.writer.objectKey, deps.clock.now());
    return await openWriterRecord(deps, fresh).catch(() => opened.writer);
  }
}

/**
 * Re-projects a decision's records (recorded, or ended) as its writer's pending import and
 * commits it; on recording, settles their disputed transfers first. Returns the committed
 * record, or null when the fact was never written (a writer opened by a request stopped before
 * it: closed as `unchanged` once nobody holds the writer's claim, so as not to race a request
 * writing the fact).
 *
 * @throws ImportBusyError when another writer holds the lease or has pending items (an upload
 *   or a rebuild left unfinished: the sweep finishes it first); the cause of a failed write
 *   (the writer stays `applying`: run again)
 */
export async function projectDecision(
  deps: DecisionProjectionDeps,
  record: ImportRecord,
  options: { finishing?: boolean } = {},
): Promise<ImportRecord | null> {
  const { store } = deps;
  const port = store.coordination;
  if (!port) throw new Error('this store keeps no decisions');
  const stored = await store.getImport(record.id);
  if (stored && stored.status !== 'applying') return stored; // committed meanwhile (or closed)
  const writer = stored ?? record;
  const { decisionId, ended } = factOf(writer);
  const decision = (await port.decisions.all()).find((d) => d.id === decisionId);
  if (!decision || (ended && decision.to === null)) {
    await closeWithoutFact(deps, writer);
    return null;
  }
  if (!options.finishing) await finishOtherWriters(deps, writer);
  // Judging the stored uploads again needs them: a caller without the object store (the API)
  // leaves the projection to the sweep, which has it — never a projection that skips it.
  if (!deps.rejudge && (await store.latestJudgedOrder()) !== null)
    throw new WriterUnfinishedError(
      '决定已记录：按决定重新判定已上传的文件由后台任务完成（通常在一分钟内），完成前各项查询仍按原结果。',
    );
  const rules = await rulesInForce(store, POLICIES, { including: writer.id });
  const rejudged: { result?: ReplayResult } = {};
  const committed = await writeAsPendingImport(
    deps,
    writer,
    async () => {
      if (!ended) await settleDisputes(store, decision);
      // Upload authority follows the decision: every stored upload judged again under the new
      // rules, in upload order (a changed verdict changes those after it: the replay is the
      // fixpoint). When no verdict changes, only the decision's records are re-projected.
      if (deps.rejudge && (await deps.rejudge.changes(rules, decision.keys))) {
        rejudged.result = await deps.rejudge.replayInto(writer, rules);
        return rejudged.result.written;
      }
      return await port.reproject(decision.keys, rules, writer.id);
    },
    {
      busyMessage: '另一个导入正在写入数据：决定已记录，其重新计算稍后自动完成',
      after: (w) => {
        w.afterCommit(
          'changed verdicts recorded',
          async () => {
            if (!rejudged.result || !deps.rejudge) return;
            await deps.rejudge.record(
              rejudged.result,
              writer.id,
              ended
                ? `工作专班决定（${decision.documentNo}）终止，按上传顺序重新判定`
                : `工作专班决定（${decision.documentNo}），按上传顺序重新判定`,
            );
          },
          { required: true },
        );
        // Stored summaries: due since before the commit; a failed refresh leaves them due (reads
        // recompute live, the sweep refreshes).
        w.afterCommit('summaries refreshed', () => refreshDueSummaries(store, rules, deps.clock.now()));
      },
    },
  );
  return committed;
}

/**
 * Closes a writer whose fact was never written (`unchanged`) — only under its claim: while the
 * request that opened it holds it (it may be writing the fact now) the writer stays open.
 */
async function closeWithoutFact(deps: DecisionProjectionDeps, writer: ImportRecord): Promise<void> {
  const held = await holdClaim(deps.store.claims, deps, writerClaim(writer.id), {
    defaultMs: APPLY_LEASE_MS,
  });
  if (notHeld(held)) return;
  try {
    writer.status = 'unchanged';
    writer.finishedAt = deps.clock.now().toISOString();
    writer.error = '决定未记录（记录前中断），无需重新计算。';
    await deps.store.saveImport(writer);
  } finally {
    await held.release();
  }
}

/**
 * Before a decision projects: no other writer may have pending items. Unfinished decision
 * writers (earlier in order) are finished first; an unfinished upload or rebuild makes this
 * one wait (the sweep finishes uploads first, then decisions).
 *
 * @throws ImportBusyError when another writer is unfinished and cannot be finished here
 */
async function finishOtherWriters(deps: DecisionProjectionDeps, self: ImportRecord): Promise<void> {
  const others = (await deps.store.importsToResume()).filter(
    (r) => r.status === 'applying' && r.id !== self.id,
  );
  if (others.length === 0) return;
  const holder = await applyLeaseHolder(deps.store, deps.clock.now());
  const blocking = others.find((r) => !isDecisionWriter(r));
  if (blocking?.id === holder)
    throw new ImportBusyError(
      `另一个导入（${blocking.objectKey}）正在写入数据：决定已记录，其重新计算稍后自动完成`,
    );
  if (blocking)
    throw new WriterUnfinishedError(
      `另一个导入（${blocking.objectKey}）尚未完成：决定已记录，其重新计算在该导入完成后自动进行`,
    );
  for (const other of others) {
    if (other.id === holder)
      throw new ImportBusyError('另一个决定正在写入数据：决定已记录，其重新计算稍后自动完成');
    await projectDecision(deps, other, { finishing: true });
  }
}

/** The disputed transfers of the decision's records are settled by it (the bureau closes a dispute by deciding). */
async function settleDisputes(
  store: IngestStore,
  decision: DecisionRecord | WorkingGroupDecision,
): Promise<void> {
  const port = store.coordination;
  if (!port) return;
  const transfers = (await Promise.all(decision.keys.map((k) => store.transfers(k)))).flat();
  const actions = await port.transferActions.actions(transfers.map(transferId));
  for (const t of transfers) {
    const current = statusOf(t, actions.get(transferId(t)) ?? []);
    if (current.status !== 'disputed') continue;
    await port.transferActions.add({
      transferId: current.id,
      action: 'settle',
      unit: 'bureau',
      subject: decision.recordedBy.subject,
      from: t.from,
      to: t.to,
      reason: `由工作专班决定（${decision.documentNo}）裁定：${decision.reason}`,
      decision: { id: decision.id, documentNo: decision.documentNo },
      recordedAt: decision.recordedAt,
    });
  }
}
