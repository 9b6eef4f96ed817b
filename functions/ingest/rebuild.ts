/**
 * A rebuild: the whole projection — versions, heads, role entries, name
 * entries, indicators, targets, contacts, the latest month — made again from the stored
 * uploads under the policies, through the one replay (`replayUploadsInto`), and stamped with
 * the rules version (`rulesVersionOf`: the policy data and `PROJECTION_VERSION`).
 *
 * The rebuild is one long pending import (`writeAsPendingImport`, the one writer, ./writer.ts): its
 * writes carry its id and stay invisible (readers see each item's previous committed content)
 * until its record is committed by one PutItem; so reads serve the last complete projection,
 * never a mix. It holds the apply lease (no import plans meanwhile). A rebuild stopped half-way is finished by running it
 * again with the same run id (its own writes count as done: idempotent), or is superseded by
 * a new run (the sweep finishes an abandoned `applying` record like any import).
 *
 * @module
 */

import type { Policy } from '#domain/policy/index';
import { POLICIES } from '#domain/policy/index';
import type { ImportRecord } from '#domain/ports';
import { rulesVersionOf } from '#domain/replay';
import { rulesInForce } from '#functions/coordination/rules-in-force';
import { refreshDueSummaries } from '#functions/publish/summaries';
import {
  allImports,
  type ReplayProgress,
  type ReplayResult,
  recordVerdictChanges,
  replayUploadsInto,
} from './replay.ts';
import type { IngestDeps } from './uploads.ts';
import { writeAsPendingImport, writerRecord } from './writer.ts';

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

/**
 * Rebuilds the projection under `policies`.
 *
 * @throws ImportBusyError when an import holds the apply lease (run again later)
 */
export async function rebuildProjection(
  deps: IngestDeps,
  options: {
    runId: string;
    policies?: readonly Policy[];
    shouldStop?: () => boolean;
    /** Told of the rebuild's progress (the CLI shows it). */
    onProgress?: (progress: ReplayProgress) => void;
  },
): Promise<RebuildOutcome> {
  // The rules in force: the policy versions (those given, else POLICIES) with the working
  // group's decisions the store keeps.
  const rules = await rulesInForce(deps.store, options.policies ?? POLICIES);
  const existing = await deps.store.getImport(`rebuild-${options.runId}`);
  const record =
    existing ??
    writerRecord(`rebuild-${options.runId}`, `${REBUILD_PREFIX}${options.runId}`, deps.clock.now());
  const rulesVersion = rulesVersionOf(rules.policies);
  const replay: { result?: ReplayResult; verdictsChanged: ImportRecord[] } = { verdictsChanged: [] };
  await writeAsPendingImport(
    deps,
    record,
    async () => {
      const imports = await allImports(deps);
      const result = await replayUploadsInto(deps, record, {
        records: imports,
        rules,
        ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      replay.result = result;
      return result.written;
    },
    {
      busyMessage: '另一个导入正在写入数据，请稍后再重建',
      beforeCommit: (r) => {
        r.rulesVersion = rulesVersion;
      },
      after: (writer) => {
        // The projection now answers the rules it was rebuilt under: a stale mark is cleared.
        writer.afterCommit('rules version stamped', () => deps.store.stampRulesVersion(rulesVersion), {
          required: true,
        });
        writer.afterCommit(
          'changed verdicts recorded',
          async () => {
            replay.verdictsChanged = await recordVerdictChanges(
              deps,
              replay.result as ReplayResult,
              'rebuild',
              `重建数据（规则版本 ${rulesVersion}），按上传顺序重新判定`,
            );
          },
          { required: true },
        );
        // A failed refresh leaves the change due: reads recompute live and the sweep refreshes it.
        writer.afterCommit('summaries refreshed', () =>
          refreshDueSummaries(deps.store, rules, deps.clock.now()),
        );
      },
    },
  );
  const replayed = replay.result as ReplayResult;
  const verdictsChanged = replay.verdictsChanged;
  return { runId: options.runId, rulesVersion, written: replayed.written, verdictsChanged };
}
