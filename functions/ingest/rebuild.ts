/**
 * A rebuild (issue 10 item 4): the whole projection — versions, heads, role entries, name
 * entries, indicators, targets, contacts, the latest month — made again from the stored
 * uploads under the policies, through the one replay (`replayUploadsInto`), and stamped with
 * the rules version (`rulesVersionOf`: the policy data and `PROJECTION_VERSION`).
 *
 * The rebuild is one long pending import: its writes carry its id and stay invisible
 * (readers see each item's previous committed content) until its record is committed by one
 * PutItem; so reads serve the last complete projection, never a mix. It holds the apply
 * lease (no import plans meanwhile). A rebuild stopped half-way is finished by running it
 * again with the same run id (its own writes count as done: idempotent), or is superseded by
 * a new run (the sweep finishes an abandoned `applying` record like any import).
 *
 * @module
 */

import { rulesInForce } from '#adapters/coordination-items';
import type { Policy } from '#domain/policy/index';
import { POLICIES } from '#domain/policy/index';
import type { ImportRecord } from '#domain/ports';
import { rulesVersionOf } from '#domain/replay';
import { EVERY_MONTH } from '#domain/summaries';
import { refreshDueSummaries } from '#functions/publish/summaries';
import { APPLY_LEASE_MS, ImportBusyError, type IngestDeps } from './import-upload.ts';
import { allImports, recordVerdictChanges, replayUploadsInto } from './replay.ts';

/** The object-key-like name of a rebuild's import record (never under `uploads/`). */
export const REBUILD_PREFIX = 'rebuild/';

export interface RebuildOutcome {
  runId: string;
  rulesVersion: string;
  /** Derived items written (0 when the store already equalled the projection). */
  written: number;
  /** The imports whose verdict changed. */
  verdictsChanged: ImportRecord[];
}

/** The import record a rebuild writes under (pending while it runs). */
function rebuildRecord(runId: string, now: Date): ImportRecord {
  return {
    id: `rebuild-${runId}`,
    bucket: '',
    objectKey: `${REBUILD_PREFIX}${runId}`,
    versionId: null,
    sequencer: '0',
    eventTime: now.toISOString(),
    contentHash: null,
    status: 'applying',
    unit: null,
    registerMonth: null,
    counts: {
      registerRows: 0,
      indicatorRows: 0,
      targetRows: 0,
      contactRows: 0,
      errors: 0,
      warnings: 0,
      itemsWritten: 0,
    },
    findings: [],
    sheets: [],
    startedAt: now.toISOString(),
    finishedAt: null,
  };
}

/**
 * Rebuilds the projection under `policies`.
 *
 * @throws ImportBusyError when an import holds the apply lease (run again later)
 */
export async function rebuildProjection(
  deps: IngestDeps,
  options: { runId: string; policies?: readonly Policy[]; shouldStop?: () => boolean },
): Promise<RebuildOutcome> {
  // The policies in force with the working group's decisions (coordination), unless given.
  const policies = options.policies ?? (await rulesInForce(deps.store, POLICIES));
  const now = deps.clock.now();
  const existing = await deps.store.getImport(`rebuild-${options.runId}`);
  const record = existing ?? rebuildRecord(options.runId, now);
  if (!(await deps.store.acquireApplyLease(record.id, now, APPLY_LEASE_MS)))
    throw new ImportBusyError('另一个导入正在写入数据，请稍后再重建');
  try {
    record.status = 'applying';
    await deps.store.saveImport(record);
    const imports = await allImports(deps);
    const result = await replayUploadsInto(deps, record, {
      records: imports,
      policies,
      ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    });
    const rulesVersion = rulesVersionOf(policies);
    record.counts.itemsWritten += result.written;
    record.status = 'applied';
    record.finishedAt = deps.clock.now().toISOString();
    record.rulesVersion = rulesVersion;
    // Every stored month's summary is due (reads recompute live until the refresh below).
    await deps.store.markSummariesDue(record.id, EVERY_MONTH);
    // The commit: the rebuild's items become visible at once.
    await deps.store.saveImport(record);
    const verdictsChanged = await recordVerdictChanges(
      deps,
      result,
      'rebuild',
      `重建数据（规则版本 ${rulesVersion}），按上传顺序重新判定`,
    );
    // A failed refresh leaves the change due: reads recompute live and the sweep refreshes it.
    await refreshDueSummaries(deps.store, policies, deps.clock.now()).catch(() => null);
    return { runId: options.runId, rulesVersion, written: result.written, verdictsChanged };
  } finally {
    await deps.store.releaseApplyLease(record.id).catch(() => undefined);
  }
}
