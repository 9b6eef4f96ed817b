/**
 * Running a console check in the worker (the ingest function, as an impact run): the checked
 * file judged as its unit's upload against the stored state with the ingest's one judgement
 * (./judge.ts) — read with the unit's saved column mappings and the ones the check was given —
 * then the check `done` with its verdict, findings, change list, the mappings read with and the
 * headers still unknown, or `failed`
 * with the reason in Chinese. A check already finished is left as it is (a repeated event does
 * nothing twice).
 *
 * @module
 */
import type { ObjectStore, Workbooks } from '#domain/ports';
import { type CheckJob, readCheck, writeCheck } from './check-job.ts';
import { judgeFile } from './judge.ts';

/** The event that runs a stored check in the worker function. */
export interface CheckRunEvent {
  source: 'lkg.check';
  bucket: string;
  id: string;
}

/** True for a check run's event. */
export function isCheckRunEvent(event: unknown): event is CheckRunEvent {
  const e = event as { source?: unknown; id?: unknown; bucket?: unknown } | null;
  return e?.source === 'lkg.check' && typeof e.id === 'string' && typeof e.bucket === 'string';
}

/** Runs a stored check; resolves to its status afterwards (null: no such check). */
export async function runCheck(
  // the store the judgement reads (./judge.ts)
  deps: {
    store: Parameters<typeof judgeFile>[0];
    objects: ObjectStore;
    clock: { now(): Date };
    workbooks: Workbooks;
  },
  bucket: string,
  id: string,
): Promise<CheckJob['status'] | null> {
  const job = await readCheck(deps.objects, bucket, id);
  if (!job) return null;
  if (job.status !== 'running') return job.status;
  try {
    const bytes = await deps.objects.get(bucket, job.key);
    const judgement = await judgeFile(
      deps.store,
      {
        bytes,
        fileName: job.key.slice(job.key.lastIndexOf('/') + 1),
        uploader: job.unit,
        eventTime: deps.clock.now().toISOString(),
        id,
        given: job.given ?? [],
      },
      deps.workbooks,
    );
    await writeCheck(deps.objects, bucket, {
      ...job,
      status: 'done',
      finishedAt: deps.clock.now().toISOString(),
      verdict: judgement.verdict,
      findings: judgement.findings,
      changes: judgement.changes,
      mapping: judgement.mapping,
      unknownHeaders: judgement.unknownHeaders,
    });
    return 'done';
  } catch (error) {
    await writeCheck(deps.objects, bucket, {
      ...job,
      status: 'failed',
      finishedAt: deps.clock.now().toISOString(),
      error: error instanceof Error ? error.message : String(error),
    });
    return 'failed';
  }
}
