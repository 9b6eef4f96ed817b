/**
 * Resuming unfinished imports (issue 13 item 3): an import the store reports unfinished (left
 * `applying` by a crash, a timeout or a kill) is run again from its own upload — same bucket,
 * key, version and order, hence the same import id — until it is finished. Called by the
 * scheduled sweep in AWS (`handler.ts`, EventBridge Scheduler) and by the local stack on start.
 *
 * @module
 */
import type { ImportRecord } from '#domain/ports';
import { type IngestDeps, type IngestOutcome, importUpload, type Upload } from './import-upload.ts';

/** What one sweep did. */
export interface SweepResult {
  /** Imports run again, with what became of them. */
  resumed: IngestOutcome[];
  /** Imports that failed again (they stay unfinished; the next sweep tries again). */
  failed: Array<{ id: string; key: string; error: string }>;
}

/** At most this many imports per sweep (a Lambda run is bounded; the next sweep goes on). */
export const MAX_RESUMED_PER_SWEEP = 20;

/**
 * Resumes every import the store reports unfinished, one after another. Stops when none is
 * left, when one fails (it would be reported again), or after {@link MAX_RESUMED_PER_SWEEP}.
 */
function uploadOf(record: ImportRecord): Upload {
  return {
    bucket: record.bucket,
    key: record.objectKey,
    versionId: record.versionId,
    sequencer: record.sequencer,
    eventTime: record.eventTime,
  };
}

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
      result.failed.push({
        id: record.id,
        key: record.objectKey,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return result;
}

export async function resumeUnfinishedImports(deps: IngestDeps): Promise<SweepResult> {
  const result: SweepResult = { resumed: [], failed: [] };
  const seen = new Set<string>();
  for (let i = 0; i < MAX_RESUMED_PER_SWEEP; i++) {
    const unfinished = await deps.store.unfinishedImport();
    if (!unfinished || seen.has(unfinished.id)) break;
    seen.add(unfinished.id);
    deps.logger?.warn('resuming an unfinished import', {
      importId: unfinished.id,
      key: unfinished.objectKey,
    });
    try {
      result.resumed.push(await importUpload(deps, uploadOf(unfinished)));
    } catch (error) {
      result.failed.push({
        id: unfinished.id,
        key: unfinished.objectKey,
        error: error instanceof Error ? error.message : String(error),
      });
      break;
    }
  }
  return result;
}
