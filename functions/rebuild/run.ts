/**
 * The AWS rebuild, invoked by an administrator (`{"runId": "…"}` or `{}`):
 * re-projects everything through the one replay (`rebuildProjection`), as one long pending
 * import, within the Lambda's time budget. Before the budget runs out (a reserve kept for the
 * hand-over) it stops between pages of writes and invokes itself asynchronously with the same
 * run id; the next run replays again (deterministic) and skips what is written — paged,
 * resumable, idempotent — until the rebuild commits. Reads serve the last complete projection
 * meanwhile.
 *
 * Thin: the budget and the self-invocation are ports (the Lambda entry supplies them from its
 * context and a Lambda client).
 *
 * @module
 */

import type { Policy } from '#domain/policy/index';
import { ReprojectPausedError } from '#domain/projection-store';
import { applyLeaseHolder, ImportBusyError } from '#functions/ingest/lease';
import { REBUILD_PREFIX, type RebuildOutcome, rebuildProjection } from '#functions/ingest/rebuild';
import type { IngestDeps } from '#functions/ingest/uploads';

/** The event of the rebuild function. */
export interface RebuildEvent {
  /** The run to continue; a new run when absent. */
  runId?: string;
  /** How many times this run handed over to itself (for logs and a bound). */
  round?: number;
}

export interface RebuildRunDeps extends IngestDeps {
  /** Milliseconds left in this invocation (`context.getRemainingTimeInMillis`). */
  remainingMs(): number;
  /** Invokes the rebuild function again, asynchronously (InvocationType `Event`). */
  invokeSelf(event: RebuildEvent): Promise<void>;
  /** Policies to project under (default: the policies in force). */
  policies?: readonly Policy[];
}

/** Time kept for the hand-over to the next invocation. */
export const REBUILD_RESERVE_MS = 60_000;
/** A run that handed over this often is stopped (something is wrong: a person looks). */
export const MAX_ROUNDS = 500;

export type RebuildRunResult =
  | { status: 'done'; outcome: RebuildOutcome; round: number }
  | { status: 'continued'; runId: string; round: number }
  /** Another writer holds the apply lease: the next sweep tries again. */
  | { status: 'waiting'; runId: string }
  /** A run of this rebuild holds the lease (it is going on elsewhere): left to it. */
  | { status: 'running'; runId: string };

/** One invocation of the rebuild: finishes it, or hands over to the next invocation. */
export async function runRebuild(
  deps: RebuildRunDeps,
  event: RebuildEvent,
  options: { reserveMs?: number } = {},
): Promise<RebuildRunResult> {
  const runId =
    event.runId ??
    deps.clock
      .now()
      .toISOString()
      .replace(/[^0-9]/g, '');
  const round = event.round ?? 0;
  if (round >= MAX_ROUNDS) throw new Error(`rebuild ${runId} handed over ${round} times: stopped`);
  const reserve = options.reserveMs ?? REBUILD_RESERVE_MS;
  try {
    const outcome = await rebuildProjection(deps, {
      runId,
      ...(deps.policies ? { policies: deps.policies } : {}),
      shouldStop: () => deps.remainingMs() < reserve,
    });
    deps.logger?.info('rebuild committed', { runId, round, written: outcome.written });
    return { status: 'done', outcome, round };
  } catch (error) {
    if (!(error instanceof ReprojectPausedError)) throw error;
    deps.logger?.info('rebuild handed over to the next invocation', { runId, round });
    await deps.invokeSelf({ runId, round: round + 1 });
    return { status: 'continued', runId, round };
  }
}

/**
 * Continues every rebuild left unfinished (its record `applying` under `rebuild/`): the
 * scheduled sweep calls this, so a run whose invocation ended (its budget, a crash) goes on
 * within minutes even without a self-invocation.
 */
export async function continueRebuilds(
  deps: RebuildRunDeps,
  onContinue?: (runId: string) => void,
): Promise<RebuildRunResult[]> {
  const out: RebuildRunResult[] = [];
  for (const record of await deps.store.importsToResume()) {
    if (record.status !== 'applying' || !record.objectKey.startsWith(REBUILD_PREFIX)) continue;
    const runId = record.objectKey.slice(REBUILD_PREFIX.length);
    // Its lease held (renewed) means a run is going on — `lkg rebuild`, another invocation:
    // not interrupted, not continued beside it. A run that died stops renewing, and its lease ends.
    if ((await applyLeaseHolder(deps.store, deps.clock.now())) === record.id) {
      out.push({ status: 'running', runId });
      continue;
    }
    onContinue?.(runId);
    deps.logger?.info('the sweep continues a rebuild', { runId });
    try {
      out.push(await runRebuild(deps, { runId }));
    } catch (error) {
      // An import (or a decision) is writing: not an error of the rebuild, only not now.
      if (!(error instanceof ImportBusyError)) throw error;
      deps.logger?.info('rebuild waits for the writer holding the lease', { runId });
      out.push({ status: 'waiting', runId });
    }
  }
  return out;
}
