/**
 * Resuming unfinished imports: an import the store reports unfinished (left
 * `applying` by a crash, a timeout or a kill) is run again from its own upload — same bucket,
 * key, version and order, hence the same import id — until it is finished. Called by the
 * scheduled sweep in AWS (`handler.ts`, EventBridge Scheduler) and by the local stack on start.
 * The sweep also finishes the working group's decisions whose re-projection was left
 * unfinished (`decisions/`: ../coordination/project-decision.ts), after the uploads.
 *
 * @module
 */
import { POLICIES } from '#domain/policy/index';
import type { ImportRecord } from '#domain/ports';
import { type RulesStale, staleMessage } from '#domain/replay';
import { isDecisionWriter, projectDecision } from '#functions/coordination/project-decision';
import { rulesInForce } from '#functions/coordination/rules-in-force';
import { refreshDueSummaries } from '#functions/publish/summaries';
import { type IngestOutcome, importUpload } from './import-upload.ts';
import { rejudgerOf } from './replay.ts';
import { projectionStaleness } from './rules-version.ts';
import { type IngestDeps, UPLOADS_PREFIX, uploadOf } from './uploads.ts';

/** What one sweep did. */
export interface SweepResult {
  /** Imports run again, with what became of them. */
  resumed: IngestOutcome[];
  /** Imports that failed again (they stay unfinished; the next sweep tries again). */
  failed: Array<{ id: string; key: string; error: string }>;
  /** The projection computed under other rules than the current ones (run `lkg rebuild`). */
  stale?: RulesStale;
}

/** A record the sweep tried and could not finish, with why. */
function failureOf(record: ImportRecord, error: unknown): SweepResult['failed'][number] {
  return {
    id: record.id,
    key: record.objectKey,
    error: error instanceof Error ? error.message : String(error),
  };
}

/** At most this many imports per sweep (a Lambda run is bounded; the next sweep goes on). */
export const MAX_RESUMED_PER_SWEEP = 20;

/**
 * Runs again the imports among the newest `limit` that never got past `received` (killed
 * before their first write). Only where nothing redelivers events and nothing else runs: the
 * local stack on start (in AWS the event's retries do this, and a `received` import may be
 * one in flight).
 */
export async function resumeReceivedImports(deps: IngestDeps, limit = 100): Promise<SweepResult> {
  const result: SweepResult = { resumed: [], failed: [] };
  const page = await deps.store.listImports({ limit });
  for (const record of page.items.filter((i) => i.status === 'received')) {
    deps.logger?.warn('running again an import that never started writing', { importId: record.id });
    try {
      result.resumed.push(await importUpload(deps, uploadOf(record)));
    } catch (error) {
      result.failed.push(failureOf(record, error));
    }
  }
  return result;
}

/**
 * Finishes every import left unfinished (`applying`: stopped while writing; invisible to
 * readers until then) and retries every one that failed for a reason that was not its own
 * (another import held the lease, the store failed; marked `retry`), in upload order, at most
 * {@link MAX_RESUMED_PER_SWEEP} per call. One that fails again stays for the next sweep (a
 * `retry` one until it was tried `MAX_ATTEMPTS` times).
 */
export async function resumeUnfinishedImports(deps: IngestDeps): Promise<SweepResult> {
  const result: SweepResult = { resumed: [], failed: [] };
  const toResume = await deps.store.importsToResume();
  // A rebuild left applying is no upload: it is finished by running the rebuild again.
  const uploads = toResume.filter((r) => r.objectKey.startsWith(UPLOADS_PREFIX));
  for (const record of uploads.slice(0, MAX_RESUMED_PER_SWEEP)) {
    deps.logger?.warn('resuming an unfinished import', { importId: record.id, key: record.objectKey });
    try {
      result.resumed.push(await importUpload(deps, uploadOf(record)));
    } catch (error) {
      result.failed.push(failureOf(record, error));
    }
  }
  // ── decisions' re-projections left unfinished, after the uploads (a decision projects only
  // when no other writer has pending items: ../coordination/project-decision.ts) ──
  const decisions = await finishDecisions(deps, toResume);
  result.resumed.push(...decisions.resumed);
  result.failed.push(...decisions.failed);
  // ── stored summaries: changes whose refresh a crash interrupted ──
  try {
    await refreshDueSummaries(deps.store, await rulesInForce(deps.store, POLICIES), deps.clock.now());
  } catch (error) {
    deps.logger?.warn('summaries not refreshed (still due)', {
      error: error instanceof Error ? error.message : String(error),
    });
  }
  // ── end of stored summaries ──
  // The rules changed since the projection was computed: said at every sweep until a rebuild.
  const stale = await projectionStaleness(deps.store);
  if (stale) {
    result.stale = stale;
    deps.logger?.warn(staleMessage(stale), { stale });
  }
  return result;
}

/**
 * Finishes the decisions whose re-projection is left `applying` (one waited for another
 * writer, or its request stopped): the sweep does, and so does the ingest after each event —
 * a decision recorded while an upload was writing is projected as soon as that upload is done.
 *
 * @param toResume the store's unfinished records when already read
 */
export async function finishDecisions(
  deps: IngestDeps,
  toResume?: readonly ImportRecord[],
): Promise<SweepResult> {
  const result: SweepResult = { resumed: [], failed: [] };
  // After every event: nothing is applying in the usual case (one read of the pending hint).
  if (!toResume && !(await deps.store.unfinishedImport())) return result;
  const records = toResume ?? (await deps.store.importsToResume());
  for (const record of records.filter((r) => r.status === 'applying' && isDecisionWriter(r))) {
    deps.logger?.warn("finishing a decision's re-projection", { importId: record.id, key: record.objectKey });
    try {
      const done = await projectDecision({ ...deps, rejudge: rejudgerOf(deps) }, record);
      if (done)
        result.resumed.push({
          id: done.id,
          key: done.objectKey,
          status: done.status,
          duplicate: false,
          record: done,
        });
    } catch (error) {
      result.failed.push(failureOf(record, error));
    }
  }
  return result;
}
