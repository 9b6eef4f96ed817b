/**
 * The one writer of the projection: an upload's import (./import-upload.ts), a late delivery's
 * replay, a rebuild (./rebuild.ts) and a working group's decision re-projected
 * (functions/coordination/project-decision.ts) all write through it, and so all follow the one
 * rule of crash-safe writes (docs/storage.md, "Pending writes"):
 *
 * 1. **take** — the apply lease (one writer at a time; renewed every 15 s while it is held;
 *    ./lease.ts);
 * 2. **begin** — the writer's import record `applying` (the sparse `PENDING` index): from now
 *    on every item it writes (`w` = its id, `prev` = the committed content) reads as its
 *    previous content;
 * 3. the writes (idempotent: run again under the same id, the writer skips what it wrote);
 * 4. **commit** — the lease renewed (a writer whose lease was taken over stops here), what is
 *    due marked (the summaries of the months its rows change), then one PutItem of the record
 *    (`applied`): the writer's items become visible at once;
 * 5. **after the commit** — its hooks (the summaries refreshed, the verdicts a replay changed
 *    recorded, the rules version stamped), still under the lease; then the lease released.
 *
 * A writer stopped anywhere before 4 leaves its record `applying`: readers keep the previous
 * projection, and the sweep (./resume.ts) or the next writer runs it again under the same id.
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
import type { Clock, ImportRecord, ImportStatus } from '#domain/ports';
import type { IngestStore } from '#domain/projection-store';
import { EVERY_MONTH, type SummaryChange } from '#domain/summaries';
import { type HeldLease, holdApplyLease } from './lease.ts';
import { type IngestLogger, silent } from './uploads.ts';

/** What a writer needs. */
export interface WriterDeps {
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

/** How a writer commits. */
export interface Commit {
  /** The record's final status (default `applied`). */
  status?: Extract<ImportStatus, 'applied' | 'unchanged'>;
  /** The summaries the writer's rows change, marked due before the commit (null: none). */
  due: SummaryChange | null;
  /** Last writes before the commit (the upload index, the judged order, a rules version). */
  before?: (record: ImportRecord) => Promise<void> | void;
}

/** Work after the commit: a failure is logged and the rest still run; `required` rethrows it after them. */
interface AfterCommit {
  name: string;
  run: () => Promise<unknown>;
  required: boolean;
}

/** A writer holding the apply lease for its record (steps 2–5 of the module's comment). */
export class ProjectionWriter {
  /** True once the record is `applying` (its items may be pending: a failure leaves it so). */
  begun = false;
  /** True once the record is committed (a failure after it is only missing post-commit work). */
  committed = false;
  private readonly hooks: AfterCommit[] = [];

  private constructor(
    private readonly deps: WriterDeps,
    readonly record: ImportRecord,
    private readonly lease: HeldLease,
  ) {}

  /**
   * Takes the apply lease for `record` (step 1).
   *
   * @throws ImportBusyError (`busyMessage`) when another running writer holds it (nothing written)
   */
  static async take(deps: WriterDeps, record: ImportRecord, busyMessage: string): Promise<ProjectionWriter> {
    return new ProjectionWriter(deps, record, await holdApplyLease(deps, record.id, busyMessage));
  }

  /** Step 2: the record `applying`; every item written from now on is pending until the commit. */
  async begin(): Promise<void> {
    this.record.status = 'applying';
    this.record.finishedAt = null;
    await this.deps.store.saveImport(this.record);
    this.begun = true;
  }

  /**
   * Renews the lease now.
   *
   * @throws LeaseLostError when another writer took it over (this one looked dead): nothing more is written
   */
  async renew(): Promise<void> {
    await this.lease.renew();
  }

  /**
   * Step 4: the lease renewed, the due summaries marked, then one PutItem of the record.
   *
   * @throws LeaseLostError when the lease was taken over (nothing committed over the new holder)
   */
  async commit(commit: Commit): Promise<ImportRecord> {
    await this.lease.renew();
    this.record.status = commit.status ?? 'applied';
    this.record.error = null;
    this.record.finishedAt = this.deps.clock.now().toISOString();
    await commit.before?.(this.record);
    // Due before the commit: a crash between the two leaves them due (reads recompute live).
    if (commit.due) await this.deps.store.markSummariesDue(this.record.id, commit.due);
    // The commit: the writer's items become visible at once.
    await this.deps.store.saveImport(this.record);
    this.committed = true;
    return this.record;
  }

  /** Registers work for after the commit (step 5), run in order by {@link finish}. */
  afterCommit(name: string, run: () => Promise<unknown>, options: { required?: boolean } = {}): void {
    this.hooks.push({ name, run, required: options.required ?? false });
  }

  /**
   * Runs the post-commit hooks, each once, in order, under the lease. A failed hook is logged
   * and the next still runs; the first failure of a `required` one is thrown after them.
   */
  async finish(): Promise<void> {
    let failure: unknown = null;
    for (const hook of this.hooks.splice(0)) {
      try {
        await hook.run();
      } catch (error) {
        (this.deps.logger ?? silent).warn(`after the commit: ${hook.name} failed`, {
          importId: this.record.id,
          error: error instanceof Error ? error.message : String(error),
        });
        if (hook.required) failure ??= error;
      }
    }
    if (failure) throw failure;
  }

  /** Step 5's end: stops renewing and gives the lease back (never throws: an unreleased lease expires). */
  async release(): Promise<void> {
    await this.lease.release();
  }
}

/**
 * Runs `write` as the pending import `record` through one {@link ProjectionWriter}: take, begin,
 * write, commit (every stored month's summary due), the hooks `after` registers, release.
 * `write` must write every item under `record.id`; it returns the items written. Returns the
 * committed record.
 *
 * @throws ImportBusyError (`busyMessage`) when another running writer holds the lease (nothing
 *   written); LeaseLostError or the cause of a failed write (the record stays `applying`)
 */
export async function writeAsPendingImport(
  deps: WriterDeps,
  record: ImportRecord,
  write: () => Promise<number>,
  options: {
    busyMessage: string;
    beforeCommit?: (record: ImportRecord) => void;
    /** Registers the post-commit hooks (run after the commit, under the lease). */
    after?: (writer: ProjectionWriter) => void;
  },
): Promise<ImportRecord> {
  const writer = await ProjectionWriter.take(deps, record, options.busyMessage);
  try {
    record.attempts = (record.attempts ?? 0) + 1;
    await writer.begin();
    record.counts.itemsWritten += await write();
    const committed = await writer.commit({
      due: EVERY_MONTH,
      ...(options.beforeCommit ? { before: options.beforeCommit } : {}),
    });
    options.after?.(writer);
    await writer.finish();
    return committed;
  } finally {
    await writer.release();
  }
}
