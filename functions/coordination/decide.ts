/**
 * Recording and ending a working group's decision, the one way the API (`POST /decisions`,
 * `POST /decisions/{id}/end`) and the CLI (`lkg decision add|end`) do it: check the input
 * against the store, open the writer of its re-projection, write the fact (never an edit),
 * then re-project the records it names crash-safely under the rules in force with it and — on
 * recording — settle their disputed transfers (./project-decision.ts).
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { repeatOf } from '#domain/decision-repeat';
import {
  checkEnd,
  type DecisionInput,
  type DecisionRecord,
  type RecordedBy,
  type WorkingGroupDecision,
} from '#domain/decisions';
import { NotFoundError, ValidationError } from '#domain/errors';
import { POLICIES, policyFor } from '#domain/policy/index';
import type { Clock, Coordination, ImportRecord } from '#domain/ports';
import type { Month } from '#domain/types';
import { ImportBusyError } from '#functions/ingest/lease';
import type { Rejudger } from '#functions/ingest/replay';
import type { IngestLogger } from '#functions/ingest/uploads';
import {
  type DecisionProjectionDeps,
  factWritten,
  openDecisionWriter,
  projectDecision,
  WriterUnfinishedError,
} from './project-decision.ts';

/** What recording needs. */
export interface DecideDeps {
  /** The store, as the writer of the projection too (the entry points compose it). */
  store: DecisionProjectionDeps['store'];
  coordination: Coordination;
  now: Date;
  /** The clock of the lease and the writer's record (default: `now`, fixed). */
  clock?: Clock;
  logger?: IngestLogger;
  /** Re-judges the stored uploads a decision affects (see project-decision.ts); without it the sweep does. */
  rejudge?: Rejudger;
  /** Waits between attempts while another writer holds the lease (default: a timer). */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Hands the re-projection to the worker instead of running it here (the API: the request
   * answers once the decision is recorded). Given the writer's id; a failure to queue leaves
   * the writer `applying` for the sweep. Absent: projected here (the CLI).
   */
  queueProjection?: (writerId: string) => Promise<void>;
}

/** Waits before each further attempt at the lease within the request; then the sweep goes on. */
export const LEASE_RETRY_MS: readonly number[] = [250, 1000, 2000];

/**
 * Records a decision: its records must exist; its writer is opened, the decision written, its
 * records re-projected crash-safely and their disputed transfers settled by it
 * (./project-decision.ts). Returns the decision as `POST /decisions` answers, once it is
 * durably recorded — its re-projection committed too, unless another writer kept the lease
 * through every attempt or a write failed: then it stays pending (readers see the projection
 * before it) and the sweep commits it.
 *
 * @throws ValidationError (Chinese) for unknown keys or a month before every policy
 */
export async function recordDecision(
  deps: DecideDeps,
  input: DecisionInput,
  recordedBy: RecordedBy,
): Promise<DecisionRecord & { to: null; repeated?: true }> {
  const { store, coordination, now } = deps;
  policyFor(input.from, POLICIES);
  const versions = await store.getVersions(input.keys);
  const missing = input.keys.filter((k) => (versions.get(k) ?? []).length === 0);
  if (missing.length > 0)
    throw new ValidationError(
      `以下企业代码在台账中不存在：${missing.slice(0, 20).join('、')}${missing.length > 20 ? '……' : ''}：请核对统一社会信用代码或项目编号。`,
    );
  const decision: DecisionRecord = {
    id: decisionIdOf(input, now),
    ...input,
    recordedBy,
    recordedAt: now.toISOString(),
  };
  const projection = projectionDeps(deps);
  const opened = await openDecisionWriter(projection, decision.id, false);
  if ((await coordination.decisions.record(decision)) === 'exists') {
    await opened.claim?.release();
    // The same 文号 and keys asked at the same instant (two clicks, two clerks): the one
    // recorded first answers, as a repeat — or 409 when its body differs.
    const first = (await coordination.decisions.all()).find((d) => d.id === decision.id);
    const repeat = first ? repeatOf([first], input) : null;
    if (!repeat) throw new Error(`decision ${decision.id} exists but cannot be read`);
    return { ...repeat, to: null, repeated: true };
  }
  const writer = await factWritten(projection, opened);
  await projectOrQueue(deps, projection, writer);
  return { ...decision, to: null };
}

/**
 * A decision's id: the day and a digest of its 文号 and keys (as a set), so two requests of the
 * same decision at the same instant write the same item and only one is recorded.
 */
export function decisionIdOf(input: { documentNo: string; keys: readonly string[] }, now: Date): string {
  const digest = createHash('sha256')
    .update(`${input.documentNo}\u0000${[...new Set(input.keys)].sort().join('\u0000')}`)
    .digest('hex');
  return `d-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${digest.slice(0, 8)}`;
}

/** The re-projection: queued for the worker when the deps say so, else run here. */
async function projectOrQueue(
  deps: DecideDeps,
  projection: DecisionProjectionDeps,
  writer: ImportRecord,
): Promise<void> {
  if (!deps.queueProjection) {
    await projectWithRetries(deps, projection, writer);
    return;
  }
  await deps.queueProjection(writer.id).catch((error: unknown) =>
    deps.logger?.warn('decision recorded; its re-projection could not be queued (the sweep projects it)', {
      importId: writer.id,
      error: error instanceof Error ? error.message : String(error),
    }),
  );
}

/**
 * Runs the re-projection a request queued (the worker, or in-process on the local stack): the
 * writer's record as stored, projected with the same retries as within a request. Never throws:
 * what it cannot do now is left to the sweep.
 */
export async function projectQueued(deps: DecideDeps, writerId: string): Promise<'committed' | 'pending'> {
  const projection = projectionDeps(deps);
  const writer = await projection.store.getImport(writerId);
  if (!writer) return 'pending';
  return await projectWithRetries(deps, projection, writer);
}

/** The deps of the re-projection (the store as the projection's writer). */
function projectionDeps(deps: DecideDeps): DecisionProjectionDeps {
  return {
    store: deps.store,
    clock: deps.clock ?? { now: () => deps.now },
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.rejudge ? { rejudge: deps.rejudge } : {}),
  };
}

/**
 * Projects the decision now, trying again while another writer holds the lease
 * ({@link LEASE_RETRY_MS}); when it still cannot (busy, or a write failed), the decision is
 * recorded and its writer stays `applying`: the sweep (or the next import) commits it. Never
 * throws: the decision is recorded whatever happens here.
 */
async function projectWithRetries(
  deps: DecideDeps,
  projection: DecisionProjectionDeps,
  writer: ImportRecord,
): Promise<'committed' | 'pending'> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 0; ; attempt++) {
    try {
      await projectDecision(projection, writer);
      return 'committed';
    } catch (error) {
      const waitMs = LEASE_RETRY_MS[attempt];
      // Worth waiting only for a writer that is running (it may finish within seconds).
      const running = error instanceof ImportBusyError && !(error instanceof WriterUnfinishedError);
      if (running && waitMs !== undefined) {
        await sleep(waitMs);
        continue;
      }
      deps.logger?.warn('decision recorded; its re-projection is left to the sweep', {
        importId: writer.id,
        error: error instanceof Error ? error.message : String(error),
      });
      return 'pending';
    }
  }
}

/**
 * Ends a decision from a later month (a new fact with who and when; the decision is never
 * edited) and re-projects its records crash-safely, as {@link recordDecision}. Returns the
 * decision with its end and trail.
 *
 * @throws NotFoundError for an unknown id; ValidationError when the month is not after its
 *   first month or it was ended already
 */
export async function endDecision(
  deps: DecideDeps,
  id: string,
  end: { from: Month; reason: string | null; documentNo: string | null },
  recordedBy: RecordedBy,
): Promise<WorkingGroupDecision> {
  const { coordination, now } = deps;
  policyFor(end.from, POLICIES);
  const decision = (await coordination.decisions.all()).find((d) => d.id === id);
  if (!decision)
    throw new NotFoundError(
      `没有找到编号为“${id}”的决定：请在“争议与决定”中查看（或用 lkg decision list）。`,
    );
  checkEnd(decision, end.from);
  const projection = projectionDeps(deps);
  const opened = await openDecisionWriter(projection, id, true);
  const result = await coordination.decisions.end({
    decisionId: id,
    ...end,
    recordedBy,
    recordedAt: now.toISOString(),
  });
  const ended = (await coordination.decisions.all()).find((d) => d.id === id) as WorkingGroupDecision;
  const writer = await factWritten(projection, opened);
  if (result === 'exists') checkEnd(ended, end.from); // ended meanwhile by another request: says so
  await projectOrQueue(deps, projection, writer);
  return ended;
}
