/**
 * The ingest function: S3 object-created events under `uploads/` → one import each
 * (`import-upload.ts`); the sweep event of EventBridge Scheduler (`{"source":"lkg.sweep"}`,
 * infra/constructs/ingest.ts) → every unfinished import resumed (`resume.ts`). Thin: it decodes
 * the event and calls the import through the ports.
 *
 * @example
 * ```ts
 * // tests and the local stack
 * const clock = { now: () => new Date() };
 * const ingest = createIngestHandler({ store, objects, clock, workbooks: sheetJsWorkbooks });
 * const outcomes = await ingest(s3Event);
 * ```
 *
 * @module
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, S3Event } from 'aws-lambda';
import { coordinationOf } from '#adapters/coordination-items';
import { dynamoDbStoreFromEnv } from '#adapters/dynamodb-store';
import { lambdaInvokerFromEnv } from '#adapters/lambda-invoker';
import { S3Objects } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { type ImpactRunEvent, isImpactRunEvent, runImpactJob } from '#functions/coordination/impact';
import {
  continueRebuilds,
  type RebuildEvent,
  type RebuildRunResult,
  runRebuild,
} from '#functions/rebuild/run';
import { type CheckRunEvent, isCheckRunEvent, runCheck } from './check-run.ts';
import { type IngestOutcome, importUpload } from './import-upload.ts';
import { finishDecisions, resumeUnfinishedImports, type SweepResult } from './resume.ts';
import { decodeEventKey, type IngestDeps, UPLOADS_PREFIX, type Upload } from './uploads.ts';

export type { IngestOutcome } from './import-upload.ts';
export { resumeReceivedImports, resumeUnfinishedImports, type SweepResult } from './resume.ts';
export type { IngestDeps, Upload } from './uploads.ts';

/** The event the schedule sends (infra/constructs/ingest.ts). */
export interface SweepEvent {
  source: 'lkg.sweep';
}

/** True for the scheduled sweep's event. */
export function isSweepEvent(event: unknown): event is SweepEvent {
  return (event as { source?: unknown } | null)?.source === 'lkg.sweep';
}

/**
 * The event an administrator sends to rebuild the projection (docs/deploy.md "Rebuilding the
 * projection"): `{"source":"lkg.rebuild"}`, or with `runId` to continue a run.
 */
export interface RebuildInvokeEvent {
  source: 'lkg.rebuild';
  runId?: string;
  /** Set by the run itself when it hands over to its next invocation. */
  round?: number;
}

/** True for an administrator's rebuild event. */
export function isRebuildEvent(event: unknown): event is RebuildInvokeEvent {
  return (event as { source?: unknown } | null)?.source === 'lkg.rebuild';
}

/** The event that runs a decision's re-projection queued by the API (`POST /decisions`, ending one). */
export interface DecisionProjectionEvent {
  source: 'lkg.decision';
  /** The writer's id (`decision-<id>` / `decision-end-<id>`). */
  writer: string;
}

/** True for a queued decision re-projection. */
export function isDecisionProjectionEvent(event: unknown): event is DecisionProjectionEvent {
  const e = event as { source?: unknown; writer?: unknown } | null;
  return e?.source === 'lkg.decision' && typeof e.writer === 'string';
}

/** What the worker answers to an impact run's event. */
/** What a check run's invocation answers. */
export interface CheckRunResult {
  check: string;
  status: 'running' | 'done' | 'failed' | null;
}

export interface ImpactRunResult {
  impact: string;
  status: 'done' | 'failed' | null;
}

/** The ingest handler: the outcomes of the event's records, in order. */
export type IngestHandler = (event: S3Event, context?: Context) => Promise<IngestOutcome[]>;

/** The uploads an event names (object-created under `uploads/`; folder markers skipped). */
export function uploadsOf(event: S3Event): Upload[] {
  const out: Upload[] = [];
  for (const record of event.Records ?? []) {
    if (!record.eventName?.startsWith('ObjectCreated')) continue;
    const key = decodeEventKey(record.s3.object.key);
    if (!key.startsWith(UPLOADS_PREFIX) || key.endsWith('/')) continue;
    out.push({
      bucket: record.s3.bucket.name,
      key,
      versionId: record.s3.object.versionId ?? null,
      sequencer: record.s3.object.sequencer ?? '',
      eventTime: record.eventTime,
      // Only the local stack's events carry it (see Upload.uploadId).
      uploadId: (record.s3.object as { uploadId?: string }).uploadId ?? null,
    });
  }
  return out;
}

/**
 * Creates the handler over explicit deps (tests, the local stack). Records are imported one
 * after another; a failure is rethrown after the remaining records were tried, so the event
 * is retried (imports already done are not repeated: the same event is one import).
 */
export function createIngestHandler(deps: IngestDeps & { metrics?: Metrics }): IngestHandler {
  return async (event) => {
    const outcomes: IngestOutcome[] = [];
    let failure: unknown = null;
    for (const upload of uploadsOf(event)) {
      try {
        const outcome = await importUpload(deps, upload);
        outcomes.push(outcome);
        deps.metrics?.addMetric(
          `imports_${outcome.duplicate ? 'duplicate' : outcome.status}`,
          MetricUnit.Count,
          1,
        );
        deps.metrics?.addMetric('items_written', MetricUnit.Count, outcome.record?.counts.itemsWritten ?? 0);
      } catch (error) {
        deps.metrics?.addMetric('imports_failed', MetricUnit.Count, 1);
        failure ??= error;
      }
    }
    // A decision recorded while an upload was writing waited for it: project it now (best
    // effort; the sweep finishes it otherwise).
    if (outcomes.length > 0) {
      await finishDecisions(deps).catch((error: unknown) =>
        deps.logger?.warn('decisions not finished after the import (the sweep will)', {
          error: error instanceof Error ? error.message : String(error),
        }),
      );
    }
    if (failure) throw failure;
    return outcomes;
  };
}

const logger = new Logger({ serviceName: 'lkg-ingest' });
const metrics = new Metrics({ namespace: 'lkg', serviceName: 'lkg-ingest' });

let envDeps: (IngestDeps & { metrics?: Metrics }) | undefined;

function depsFromEnv(): IngestDeps & { metrics?: Metrics } {
  envDeps ??= {
    store: dynamoDbStoreFromEnv(process.env),
    objects: new S3Objects(),
    clock: { now: () => new Date() },
    workbooks: sheetJsWorkbooks,
    logger,
    metrics,
  };
  return envDeps;
}

/** What the function answers, by event kind. */
type IngestAnswer = IngestOutcome[] | SweepResult | RebuildRunResult | ImpactRunResult | CheckRunResult;

/** What one invocation's event kinds are run with. */
interface Invocation {
  /** The environment's deps. */
  deps: IngestDeps & { metrics?: Metrics };
  /**
   * The same, with the invocation's time left: the claims it takes (the apply lease, an import
   * on its record, a decision's writer) last as long as it has left and a margin
   * (functions/ingest/claim.ts).
   */
  claimDeps: IngestDeps & { metrics?: Metrics };
  remainingMs: () => number;
  /**
   * Past the time budget a rebuild stops between pages and queues itself again (an
   * asynchronous invocation of this function); should that fail, the next sweep continues it.
   */
  invokeSelf: (next: RebuildEvent) => Promise<void>;
}

/** One kind of event the function answers: how it is recognised and what it runs. */
interface EventKind<E, R> {
  kind: string;
  is: (event: unknown) => event is E;
  run: (event: E, invocation: Invocation) => Promise<R>;
}

function eventKind<E, R>(spec: EventKind<E, R>): EventKind<unknown, unknown> {
  return spec as EventKind<unknown, unknown>;
}

/** The event kinds, tried in order; an event that is none of them is an S3 event (uploads). */
const EVENT_KINDS: readonly EventKind<unknown, unknown>[] = [
  eventKind({
    kind: 'rebuild',
    is: isRebuildEvent,
    run: (event, { deps, remainingMs, invokeSelf }) =>
      runRebuild(
        { ...deps, remainingMs, invokeSelf },
        { ...(event.runId ? { runId: event.runId } : {}), ...(event.round ? { round: event.round } : {}) },
      ),
  }),
  eventKind({
    kind: 'check',
    is: isCheckRunEvent,
    run: async (event, { deps }) => ({
      check: event.id,
      status: await runCheck(deps, event.bucket, event.id),
    }),
  }),
  eventKind({
    kind: 'impact',
    is: isImpactRunEvent,
    run: async (event, { deps }) => {
      const jobs = coordinationOf(deps.store)?.impactJobs;
      if (!jobs) throw new Error('impact: the store has no coordination items');
      return { impact: event.id, status: await runImpactJob({ ...deps, jobs }, event.id) };
    },
  }),
  eventKind({
    kind: 'decision',
    is: isDecisionProjectionEvent,
    run: async (event, { claimDeps }) => {
      // Every unfinished decision writer, in order (this one among them); one that cannot
      // project yet fails the invocation, so Lambda retries it, and the sweep after that.
      const result = await finishDecisions(claimDeps);
      if (result.failed.length > 0)
        throw new Error(
          `decision ${event.writer}: re-projection not finished: ${result.failed.map((f) => `${f.id} ${f.error}`).join('; ')}`,
        );
      return result;
    },
  }),
  eventKind({ kind: 'sweep', is: isSweepEvent, run: (_event, invocation) => sweep(invocation) }),
];

/** The sweep: rebuilds continued, then every unfinished import resumed. */
async function sweep({ deps, claimDeps, remainingMs, invokeSelf }: Invocation): Promise<SweepResult> {
  // A rebuild that fails again must not keep the unfinished uploads from being resumed.
  const rebuilds = await continueRebuilds({ ...deps, remainingMs, invokeSelf }).catch(
    (error: unknown) => error,
  );
  const result = await resumeUnfinishedImports(claimDeps);
  if (rebuilds instanceof Error) throw rebuilds;
  metrics.addMetric('imports_resumed', MetricUnit.Count, result.resumed.length);
  if (result.failed.length > 0) {
    throw new Error(
      `sweep: ${result.failed.length} unfinished import(s) failed again: ${result.failed.map((f) => `${f.id} ${f.error}`).join('; ')}`,
    );
  }
  return result;
}

/**
 * The Lambda entry point: deps from the environment (`LKG_TABLE_NAME`, SDK endpoint variables).
 * The event's kind (`EVENT_KINDS`) says what runs; an S3 event imports its uploads. The sweep
 * event resumes unfinished imports and throws when one failed again (the failure is logged; the
 * next sweep tries again).
 */
export const handler = middy<
  S3Event | SweepEvent | RebuildInvokeEvent | ImpactRunEvent | CheckRunEvent | DecisionProjectionEvent,
  IngestAnswer
>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(async (event, context) => {
    const deps = depsFromEnv();
    const invocation: Invocation = {
      deps,
      claimDeps: context?.getRemainingTimeInMillis
        ? { ...deps, remainingMs: () => context.getRemainingTimeInMillis() }
        : deps,
      remainingMs: () => context?.getRemainingTimeInMillis?.() ?? 900_000,
      invokeSelf: async (next) =>
        lambdaInvokerFromEnv(
          process.env,
          context?.functionName ?? process.env.AWS_LAMBDA_FUNCTION_NAME,
        ).invoke({
          source: 'lkg.rebuild',
          ...next,
        }),
    };
    const kind = EVENT_KINDS.find((k) => k.is(event));
    if (kind) return (await kind.run(event, invocation)) as IngestAnswer;
    return await createIngestHandler(invocation.claimDeps)(event as S3Event, context);
  });
