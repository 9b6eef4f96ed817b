/**
 * Writing the projection as a pending import: the one rule of crash-safe
 * writes for every writer that is not an upload — a rebuild (`rebuild.ts`), a working group's
 * decision recorded or ended (`functions/coordination/project-decision.ts`). An upload follows
 * the same rule in `import-upload.ts` (with its planning in between).
 *
 * 1. the apply lease (one writer at a time; renewed while writing; `./lease.ts`);
 * 2. the writer's import record `applying` (the sparse `PENDING` index): from now on every item
 *    it writes (`w` = its id, `prev` = the committed content) reads as its previous content;
 * 3. the writes (idempotent: run again under the same id, the writer skips what it wrote);
 * 4. every stored month's summary marked due, then the commit — one PutItem of the record
 *    (`applied`): the writer's items become visible at once;
 * 5. the lease released.
 *
 * A writer stopped anywhere before 4 leaves its record `applying`: readers keep the previous
 * projection, and the sweep (`resume.ts`) or the next writer runs it again under the same id.
 *
 * @example
 * ```ts
 * const record = writerRecord('rebuild-r1', 'rebuild/r1', clock.now());
 * await writeAsPendingImport({ store, clock }, record, () => store.reproject(keys, rules, record.id), {
 *   busyMessage: '另一个导入正在写入数据，请稍后再试',
 * });
 * ```
 *
 * @module
 */

import { noCounts } from '#domain/ingest';
import type { Clock, ImportRecord } from '#domain/ports';
import type { IngestStore } from '#domain/projection-store';
import { EVERY_MONTH } from '#domain/summaries';
import { holdApplyLease } from './lease.ts';
import type { IngestLogger } from './uploads.ts';

/** What a pending writer needs. */
export interface PendingWriterDeps {
  store: IngestStore;
  clock: Clock;
  logger?: IngestLogger;
  /** Milliseconds this invocation has left: the apply lease lasts that long (./claim.ts); absent: its default term. */
  remainingMs?: () => number;
}

/**
 * The import record of a writer that is not an upload (`objectKey` never under `uploads/`, no
 * unit: never replayed, listed to the bureau only), `applying` from the start.
 */
export function writerRecord(id: string, objectKey: string, now: Date): ImportRecord {
  return {
    id,
    bucket: '',
    objectKey,
    versionId: null,
    sequencer: '0',
    eventTime: now.toISOString(),
    contentHash: null,
    status: 'applying',
    unit: null,
    registerMonth: null,
    counts: noCounts(),
    findings: [],
    sheets: [],
    startedAt: now.toISOString(),
    finishedAt: null,
  };
}

/**
 * Runs `write` as the pending import `record` and commits it (the steps in the module's
 * comment). `write` must write every item under `record.id`. Returns the committed record.
 *
 * @throws ImportBusyError (`busyMessage`) when another running writer holds the lease (nothing
 *   written); LeaseLostError or the cause of a failed write (the record stays `applying`)
 */
export async function writeAsPendingImport(
  deps: PendingWriterDeps,
  record: ImportRecord,
  write: () => Promise<number>,
  options: { busyMessage: string; beforeCommit?: (record: ImportRecord) => void },
): Promise<ImportRecord> {
  const lease = await holdApplyLease(deps, record.id, options.busyMessage);
  try {
    record.status = 'applying';
    record.finishedAt = null;
    record.attempts = (record.attempts ?? 0) + 1;
    await deps.store.saveImport(record);
    const written = await write();
    await lease.renew(); // LeaseLostError when taken over: nothing committed over the new holder
    record.counts.itemsWritten += written;
    record.status = 'applied';
    record.error = null;
    record.finishedAt = deps.clock.now().toISOString();
    options.beforeCommit?.(record);
    // Due before the commit: a crash between the two leaves them due (reads recompute live).
    await deps.store.markSummariesDue(record.id, EVERY_MONTH);
    // The commit: the writer's items become visible at once.
    await deps.store.saveImport(record);
    return record;
  } finally {
    await lease.release();
  }
}
