/**
 * One upload, from the bucket to the store (docs/storage.md, docs/files.md,
 * docs/registers.md): the import record (one per event), the checks, the plan, the writes, the
 * report objects.
 *
 * @module
 */
import { boundedChanges, type ChangeList } from '#domain/changes';
import { rowTotals } from '#domain/import-report';
import { type ImportPlan, isEmptyPlan, type StoredState } from '#domain/ingest';
import { objectKeyProblem } from '#domain/object-keys';
import { POLICIES } from '#domain/policy/index';
import type { ImportRecord, ImportStatus } from '#domain/ports';
import type { IngestStore } from '#domain/projection-store';
import { type ColumnMapping, mergeMappings } from '#domain/registers/index';
import { keysOf } from '#domain/replay';
import { EVERY_MONTH, mergeChanges, summaryChangeOf } from '#domain/summaries';
import { type Finding, hasErrors, type ParsedWorkbook } from '#domain/types';
import type { UnitId } from '#domain/units';
import { isUploadId } from '#domain/uploader';
import { isDecisionWriter, projectDecision } from '#functions/coordination/project-decision';
import { rulesInForce } from '#functions/coordination/rules-in-force';
import { refreshDueSummaries } from '#functions/publish/summaries';
import { readCheck } from './check-job.ts';
import { judgeAgainstStore } from './judge.ts';
import { applyLeaseHolder, holdImportClaim, ImportBusyError } from './lease.ts';
import {
  allImports,
  deliveredLate,
  isReplayable,
  markJudged,
  recordVerdictChanges,
  rejudgerOf,
  replayLateInto,
} from './replay.ts';
import { CURRENT_RULES_VERSION } from './rules-version.ts';
import { savedMappings } from './saved-mappings.ts';
import { inspectUpload, refusedRecord } from './uploader-check.ts';
import {
  type IngestDeps,
  type IngestLogger,
  importIdOf,
  readUpload,
  reportKeys,
  sha256,
  silent,
  UPLOADS_PREFIX,
  type Upload,
  unitOfKey,
  uploadOf,
  writeReports,
} from './uploads.ts';
import { ProjectionWriter, writerRecord } from './writer.ts';

// The apply lease lives in ./lease.ts (imports, rebuilds and decisions share it).
export { APPLY_LEASE_MS, ImportBusyError, LEASE_HEARTBEAT_MS, LeaseLostError } from './lease.ts';

/** What became of one event. */
export interface IngestOutcome {
  id: string;
  key: string;
  status: ImportStatus;
  /** True when the event had been imported before (a redelivery): nothing was done. */
  duplicate: boolean;
  record: ImportRecord | null;
}

const FINAL: readonly ImportStatus[] = ['applied', 'unchanged', 'rejected'];

/** How many times an import is started before the sweep gives up on it (then: upload again). */
export const MAX_ATTEMPTS = 5;

/** An upload's import record, `received`: a writer's record (./writer.ts) of the upload's object. */
function newRecord(id: string, upload: Upload, now: Date): ImportRecord {
  return {
    ...writerRecord(id, upload.key, now),
    bucket: upload.bucket,
    versionId: upload.versionId,
    sequencer: upload.sequencer,
    eventTime: upload.eventTime,
    status: 'received',
    unit: unitOfKey(upload.key),
  };
}

/** One run of an import: its record and how far it got (what a failure leaves behind). */
interface ImportRun {
  id: string;
  upload: Upload;
  record: ImportRecord;
  /** Resumed: the record was `applying` (its writes may be under way). */
  resumed: boolean;
  /** The import's writer (./writer.ts), once it judges against the store under the apply lease. */
  writer: ProjectionWriter | null;
  logger: IngestLogger;
  /** The console's check the upload was imported from (S3 metadata `check-id`), if any. */
  checkId?: string | null;
}

/** The import's judgement: the findings and, without errors, what it plans and writes. */
interface ImportJudgement {
  findings: Finding[];
  parsed: ParsedWorkbook;
  judged: ParsedWorkbook;
  contentId: string;
  /** What the store held for the upload's keys (null: not judged against it, the workbook has errors). */
  stored: StoredState | null;
  changes: ChangeList | null;
  plan: ImportPlan | null;
}

/**
 * Imports one upload. The same event twice is one import; an import left `applying` (a crash
 * half-way) is resumed and completed; an import with any error finding is `rejected` and
 * writes no data item. Every upload gets its report objects. The steps: the record (a
 * redelivery of a finished import ends here), the claim on it, the uploader check, the
 * judgement, then one of: refused, rejected, delivered late (a replay), applied in order.
 *
 * @throws the cause when the import failed (after marking it): the event is retried
 */
export async function importUpload(deps: IngestDeps, upload: Upload): Promise<IngestOutcome> {
  const opened = await openImport(deps, upload);
  if ('outcome' in opened) return opened.outcome;
  const id = opened.record.id;
  // The import's claim on its record: one invocation runs an import at a time (a redelivery
  // or the sweep while it runs waits: ImportBusyError).
  const claim = await holdImportClaim(deps, id);
  const run: ImportRun = {
    id,
    upload,
    record: opened.record,
    resumed: opened.record.status === 'applying',
    writer: null,
    logger: deps.logger ?? silent,
  };
  // ── Who uploaded: refused before the file is read (a failure here leaves the record as it was). ──
  const refused = await checkUploader(deps, run).catch(async (error: unknown) => {
    await claim.release();
    throw error;
  });
  if (refused) {
    await claim.release();
    return refused;
  }
  try {
    run.record.attempts = (run.record.attempts ?? 0) + 1;
    run.record.retry = false;
    const judgement = await judgeImport(deps, run);
    if (hasErrors(judgement.findings) || !judgement.stored) return await rejectImport(deps, run, judgement);
    // The change list: counts and the first entries in the record, all of it in the report.
    if (judgement.changes) run.record.changes = boundedChanges(judgement.changes);
    // An earlier upload delivered late (a later one is already judged): its acceptance can
    // change the verdicts of the later uploads touching its keys (and of those touching
    // theirs…): they are replayed with it (`replayLateInto`; every stored upload when unproven).
    if (run.record.unit && (await deliveredLate(deps, run.record)))
      return await finishLate(deps, run, judgement);
    return await applyInOrder(deps, run, judgement);
  } catch (error) {
    await recordFailure(deps, run, error);
    throw error;
  } finally {
    await run.writer?.release(); // never throws: an unreleased lease expires
    await claim.release();
  }
}

/**
 * The import's record: created, or the one stored (a redelivery of a finished import answers
 * it as it is, writing its report when a crash left it without one; an unfinished one resumes).
 */
async function openImport(
  deps: IngestDeps,
  upload: Upload,
): Promise<{ record: ImportRecord } | { outcome: IngestOutcome }> {
  const logger = deps.logger ?? silent;
  const id = importIdOf(upload);
  const record = newRecord(id, upload, deps.clock.now());
  if ((await deps.store.createImport(record)) !== 'exists') return { record };
  const existing = await deps.store.getImport(id);
  if (!existing) return { record };
  if (FINAL.includes(existing.status)) {
    logger.info('import already done: redelivered event ignored', { importId: id, status: existing.status });
    // Stopped after its record and before its report: the report is written now.
    if (!(await deps.objects.head(existing.bucket, reportKeys(existing.objectKey).json)))
      await writeReports(deps, existing);
    return { outcome: { id, key: upload.key, status: existing.status, duplicate: true, record: existing } };
  }
  logger.warn('resuming an unfinished import', { importId: id, status: existing.status });
  return { record: { ...existing, error: null } };
}

/** The uploader check: the outcome of a refused upload (recorded, reported), else null. */
async function checkUploader(deps: IngestDeps, run: ImportRun): Promise<IngestOutcome | null> {
  const { upload } = run;
  const { refusal, uploadId, checkId } = await inspectUpload(deps.objects, upload);
  run.record.uploadId = isUploadId(upload.uploadId) ? upload.uploadId : uploadId;
  run.checkId = checkId ?? null;
  if (!refusal) return null;
  run.record = refusedRecord(run.record, refusal, deps.clock.now());
  await deps.store.saveImport(run.record);
  if (!objectKeyProblem(reportKeys(upload.key).xlsx)) await writeReports(deps, run.record);
  run.logger.info('upload refused', { importId: run.id, code: refusal.code });
  return { id: run.id, key: upload.key, status: run.record.status, duplicate: false, record: run.record };
}

/**
 * Reads the upload (with the uploader's column mappings) and, without workbook errors,
 * judges it against the store under the apply lease (./judge.ts: what `lkg assess --unit` and
 * the console's check show).
 */
async function judgeImport(deps: IngestDeps, run: ImportRun): Promise<ImportJudgement> {
  const { record, upload, id } = run;
  // The uploader's saved column mappings, recorded with the import (a resumed import keeps
  // the ones it recorded): replays read the upload with these, whatever is saved later.
  record.mapping ??= await mappingsToApply(deps, record, run.checkId ?? null);
  const { bytes, fileFindings, parsed } = await readUpload(deps, upload, record.mapping);
  record.contentHash = sha256(bytes);
  record.registerMonth = parsed.registerMonth;
  record.registerMonths = parsed.registerMonths ?? [];
  record.counts.registerRows = parsed.register.length;
  record.counts.indicatorRows = parsed.indicators.length;
  record.counts.targetRows = parsed.targets.length;
  record.counts.contactRows = parsed.contacts.length;
  record.sheets = parsed.sheets;
  const out: ImportJudgement = {
    findings: [...fileFindings, ...parsed.findings],
    parsed,
    judged: parsed,
    contentId: '',
    stored: null,
    changes: null,
    plan: null,
  };
  if (!hasErrors(out.findings)) {
    // An import another run left applying is finished first: its items stay invisible until
    // it is committed, and this import must not build on half of it.
    if (!deps.finishing) await finishAbandoned(deps, id, run.resumed);
    // One import plans and writes at a time: two concurrent imports of the same records
    // would each compute record states without the other's versions.
    run.writer = await ProjectionWriter.take(deps, record, '另一个导入正在写入数据');
    // The uploader check refused every key without a unit folder before the file was read.
    if (!record.unit) throw new Error(`no uploader for ${upload.key}`);
    const judgement = await judgeAgainstStore(deps.store, {
      parsed,
      fileFindings,
      uploader: record.unit,
      order: { eventTime: upload.eventTime, sequencer: upload.sequencer, importId: id },
    });
    Object.assign(out, {
      findings: judgement.findings,
      stored: judgement.stored,
      contentId: judgement.contentId,
      judged: judgement.workbook,
      changes: judgement.changes,
      plan: judgement.plan,
    });
    record.sheets = judgement.workbook.sheets;
  }
  record.findings = out.findings;
  record.counts.errors = out.findings.filter((f) => f.severity === 'error').length;
  record.counts.warnings = out.findings.length - record.counts.errors;
  return out;
}

/** Rejected: no data item written; a refusal a replay may reverse goes into the upload index. */
async function rejectImport(
  deps: IngestDeps,
  run: ImportRun,
  judgement: ImportJudgement,
): Promise<IngestOutcome> {
  const { record, id } = run;
  record.status = 'rejected';
  record.sheets = record.sheets.map((s) => ({ ...s, rowsApplied: 0 }));
  record.finishedAt = deps.clock.now().toISOString();
  // A refusal a replay may reverse (authority errors only): in the upload index, by its keys.
  if (isReplayable(record)) {
    await deps.store.uploads.addUpload(id, judgement.contentId);
    await deps.store.uploads.addRefused(id, keysOf(judgement.parsed));
  }
  await markJudged(deps, record);
  await deps.store.saveImport(record);
  await writeReports(deps, record);
  run.logger.info('import rejected', {
    importId: id,
    errors: record.counts.errors,
    warnings: record.counts.warnings,
    ...rowTotals(record.sheets),
  });
  return { id, key: run.upload.key, status: record.status, duplicate: false, record };
}

/** Delivered late: the upload replayed with the uploads whose verdicts it can change, as its own pending import. */
async function finishLate(
  deps: IngestDeps,
  run: ImportRun,
  judgement: ImportJudgement,
): Promise<IngestOutcome> {
  const { record, upload, id } = run;
  const writer = writerOf(run);
  await writer.begin();
  await writer.renew(); // LeaseLostError when taken over (it looked dead): nothing more written
  const replayed = await replayLateInto(deps, record, {
    records: () => allImports(deps),
    // coordination hook: the replay judges and projects under the decisions too
    rules: await rulesInForce(deps.store, POLICIES),
    resumed: run.resumed,
    extra: {
      importId: id,
      uploader: record.unit as UnitId,
      eventTime: upload.eventTime,
      sequencer: upload.sequencer,
      contentId: judgement.contentId,
      workbook: judgement.parsed,
    },
  });
  record.counts.itemsWritten += replayed.written;
  await writer.commit({
    // Due: what the replayed uploads' rows can change (every month after a full replay).
    due:
      replayed.scope === 'closure'
        ? mergeChanges(replayed.steps.map((s) => summaryChangeOf(s.upload.workbook)))
        : EVERY_MONTH,
    before: () => markJudged(deps, record),
  });
  const changed: ImportRecord[] = [];
  writer.afterCommit(
    'changed verdicts recorded',
    async () => {
      changed.push(
        ...(await recordVerdictChanges(
          deps,
          replayed,
          id,
          `较早的上传 ${upload.key} 后到，按上传顺序重新判定`,
        )),
      );
    },
    { required: true },
  );
  refreshSummariesAfterCommit(deps, writer);
  await writeReports(deps, record, judgement.changes);
  await writer.finish();
  run.logger.info('import finished by a replay (delivered late)', {
    importId: id,
    itemsWritten: record.counts.itemsWritten,
    replayed: replayed.scope === 'closure' ? replayed.steps.length : 'every stored upload',
    verdictsChanged: changed.map((r) => ({ importId: r.id, status: r.status })),
  });
  return { id, key: upload.key, status: record.status, duplicate: false, record };
}

/** In upload order: the judgement's plan written as the pending import, then committed. */
async function applyInOrder(
  deps: IngestDeps,
  run: ImportRun,
  judgement: ImportJudgement,
): Promise<IngestOutcome> {
  const { record, upload, id } = run;
  const writer = writerOf(run);
  // The judgement planned the import (the rules in force carry the working group's decisions).
  const plan = judgement.plan;
  if (!plan) throw new Error(`no plan for ${upload.key}`);
  if (!isEmptyPlan(plan)) await writer.begin();
  // The upload's content and rank are always stored (the same data uploaded again raises
  // its rank: a later-delivered earlier upload then loses to it); derived items only when changed.
  await writer.renew(); // LeaseLostError when taken over (it looked dead): nothing more written
  record.counts.itemsWritten += await deps.store.applyPlan(plan);
  const applied = record.counts.itemsWritten > 0 || run.resumed;
  // Stored summaries: due before the commit, refreshed after it.
  const summaryChange = applied ? summaryChangeOf(judgement.judged) : null;
  await writer.commit({
    status: applied ? 'applied' : 'unchanged',
    due: summaryChange,
    before: async () => {
      // In the upload index: an import of its content (its keys are indexed by the items it wrote).
      await deps.store.uploads.addUpload(id, judgement.contentId);
      await markJudged(deps, record);
    },
  });
  if (applied) writer.afterCommit('rules version stamped', () => stampIfNeverStamped(deps.store));
  if (summaryChange) refreshSummariesAfterCommit(deps, writer);
  await writeReports(deps, record, judgement.changes);
  await writer.finish();
  run.logger.info('import finished', {
    importId: id,
    status: record.status,
    itemsWritten: record.counts.itemsWritten,
    warnings: record.counts.warnings,
    ...rowTotals(record.sheets),
  });
  return { id, key: upload.key, status: record.status, duplicate: false, record };
}

/** The run's writer (taken when the import judged against the store). */
function writerOf(run: ImportRun): ProjectionWriter {
  if (!run.writer) throw new Error(`no writer for ${run.upload.key}`);
  return run.writer;
}

/**
 * A failed run: before the first data write the import failed cleanly; after it, it stays
 * `applying` (unfinished: the API says so) until a redelivery or the sweep completes it. A
 * failed one is retried by the sweep unless it was tried too often. After the commit only the
 * report is missing: the redelivery writes it.
 */
async function recordFailure(deps: IngestDeps, run: ImportRun, error: unknown): Promise<void> {
  const { record, id } = run;
  const message = error instanceof Error ? error.message : String(error);
  const writing = run.resumed || (run.writer?.begun ?? false);
  if (run.writer?.committed) {
    run.logger.error('import applied; its report or post-commit work failed', {
      importId: id,
      error: message,
    });
    return;
  }
  record.status = writing ? 'applying' : 'failed';
  record.retry = !writing && (record.attempts ?? 1) < MAX_ATTEMPTS;
  record.error =
    writing || record.retry
      ? `导入未完成：${message}。系统会自动继续（AWS 中由定时任务在几分钟内重试；本机在下次启动 npm start 时继续）；如仍失败，请联系管理员查看日志（导入编号 ${id}）。`
      : `导入未完成：${message}。已重试 ${record.attempts ?? 1} 次仍未成功，不再自动重试：请重新上传该文件，或联系管理员查看日志（导入编号 ${id}）。`;
  try {
    await deps.store.saveImport(record);
    if (!writing) await writeReports(deps, record);
  } catch (inner) {
    run.logger.error('could not record the failure', { importId: id, error: String(inner) });
  }
  run.logger.error('import failed', { importId: id, error: message });
}

/**
 * The column mappings an import reads its upload with: its unit's saved ones, and — for an
 * upload the console imported from a check given mappings (S3 metadata `check-id`) — the
 * check's given ones (they win), as long as the check is kept (a day) and is the unit's.
 */
async function mappingsToApply(
  deps: IngestDeps,
  record: ImportRecord,
  checkId: string | null,
): Promise<ColumnMapping[]> {
  const saved = await savedMappings(deps.store, record.unit);
  if (!checkId || !record.unit) return saved;
  const job = await readCheck(deps.objects, record.bucket, checkId).catch(() => null);
  if (!job || job.unit !== record.unit || (job.given ?? []).length === 0) return saved;
  return mergeMappings(saved, job.given);
}

/**
 * Finishes the imports other runs left `applying` (in upload order) before this one plans, then
 * the decisions' re-projections left unfinished (`decisions/`; not while this import is itself
 * resumed with items pending: a decision never projects over another writer's pending items,
 * and one left waiting wrote none).
 *
 * @throws ImportBusyError when one of them is still running (or cannot be finished now)
 */
async function finishAbandoned(deps: IngestDeps, self: string, selfResumed: boolean): Promise<void> {
  const unfinished = (await deps.store.importsToResume()).filter(
    (r) => r.status === 'applying' && r.id !== self,
  );
  const abandoned = [
    // A rebuild left applying stays invisible until `lkg rebuild` runs again (it is no upload).
    ...unfinished.filter((r) => r.objectKey.startsWith(UPLOADS_PREFIX)),
    ...(selfResumed ? [] : unfinished.filter(isDecisionWriter)),
  ];
  if (abandoned.length === 0) return;
  const holder = await applyLeaseHolder(deps.store, deps.clock.now());
  for (const record of abandoned) {
    if (record.id === holder) throw new ImportBusyError(`另一个导入（${record.objectKey}）正在写入数据`);
    try {
      if (isDecisionWriter(record))
        await projectDecision({ ...deps, rejudge: rejudgerOf(deps) }, record, { finishing: true });
      else await importUpload({ ...deps, finishing: true }, uploadOf(record));
    } catch (error) {
      throw new ImportBusyError(
        `另一个导入（${record.objectKey}）尚未完成：${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }
}

/**
 * The post-commit hook of the stored summaries: refreshes every change still due, this
 * import's among them, under the import's apply lease. A failure is logged by the writer, not
 * thrown: the import is committed, its change stays due (reads of those months recompute live)
 * and the sweep refreshes it.
 */
function refreshSummariesAfterCommit(deps: IngestDeps, writer: ProjectionWriter): void {
  writer.afterCommit('summaries refreshed', async () => {
    const result = await refreshDueSummaries(
      deps.store,
      await rulesInForce(deps.store, POLICIES),
      deps.clock.now(),
    );
    deps.logger?.info('summaries refreshed', {
      importId: writer.record.id,
      months: result?.months.length ?? 0,
    });
  });
}

/** Stores seen stamped by this process (one read per store and process, then none). */
const stampedStores = new WeakSet<object>();

/**
 * A store never stamped with a rules version (written before stamps, or new) is stamped with the
 * current one by its first applied import: from then on a change of the rules marks it stale
 * (./rules-version.ts). A stamped store is never re-stamped here: only a rebuild clears a stale mark.
 */
async function stampIfNeverStamped(store: IngestStore): Promise<void> {
  if (stampedStores.has(store)) return;
  if ((await store.rulesVersion()) === null)
    await store.stampRulesVersion(CURRENT_RULES_VERSION, { ifAbsent: true });
  stampedStores.add(store);
}
