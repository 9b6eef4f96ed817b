/**
 * The one replay mechanism: the stored state after a set of
 * uploads is the replay of the stored uploads in upload order, each judged against the state
 * of the accepted earlier ones (`replayUploads`), projected by `ItemStore.replayProjection`. Everything that
 * re-judges goes through {@link replayUploadsInto}: an earlier upload delivered late (the
 * ingest), a rebuild (`lkg rebuild`, the rebuild Lambda) and a working-group decision recorded
 * or ended (functions/coordination/project-decision.ts, through {@link rejudgerOf}).
 *
 * The uploads replayed are the imports that got past the workbook checks: `applied`,
 * `unchanged`, and `rejected` ones whose only errors are upload-authority errors (a verdict
 * that may change). Their rows are read again from the uploaded objects (S3 keeps them).
 *
 * @example
 * ```ts
 * const result = await replayUploadsInto(deps, { id: writerImportId, by: 'rebuild' });
 * await commit();                         // the writer's import record leaves `applying`
 * await recordVerdictChanges(deps, result, 'rebuild');
 * ```
 *
 * @module
 */

import { AUTHORITY_CODES } from '#domain/authority/index';
import { type RulesInForce, rulesOf } from '#domain/decisions';
import { LkgError } from '#domain/errors';
import { compareOrder, orderKey, rankOf } from '#domain/ingest';
import { compareMonths, laterMonth } from '#domain/months';
import { inParallel, readInOrder } from '#domain/parallel';
import { POLICIES } from '#domain/policy/index';
import type { ImportRecord, ImportStatus } from '#domain/ports';
import type { AcceptedContent, RefusedUpload, UploadIndex } from '#domain/projection-store';
import {
  acceptedContents,
  asJudged,
  keysOf,
  latestMonthOf,
  type ReplayStep,
  type ReplayUpload,
  replayUploads,
  rowsJudgedAnew,
  type ShardPart,
  uploadJudge,
  workbookPart,
} from '#domain/replay';
import { type Finding, hasErrors, type Month, type ParsedWorkbook } from '#domain/types';
import type { IngestDeps } from './uploads.ts';
import { readUpload, uploadOf, writeReports } from './uploads.ts';

const AUTHORITY = new Set<string>(Object.values(AUTHORITY_CODES));

/** Is this finding an upload-authority finding (re-judged by every replay)? */
export function isAuthorityFinding(f: Finding): boolean {
  return AUTHORITY.has(f.code);
}

/** Does a replay judge this import (it got past the workbook checks)? */
export function isReplayable(record: ImportRecord): boolean {
  if (!record.unit) return false;
  if (record.status === 'applied' || record.status === 'unchanged') return true;
  if (record.status !== 'rejected') return false;
  const errors = record.findings.filter((f) => f.severity === 'error');
  return errors.length > 0 && errors.every(isAuthorityFinding);
}

/** Every import record (paged). */
export async function allImports(deps: Pick<IngestDeps, 'store'>): Promise<ImportRecord[]> {
  const out: ImportRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await deps.store.listImports({ cursor, limit: 1000 });
    out.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return out;
}

/**
 * True when an upload later in upload order than `record` was judged already (a late delivery),
 * from the store's mark of the latest judged order — one read, however many imports there are.
 * A store without the mark (written before it) is read whole once, and the mark set from it.
 */
export async function deliveredLate(
  deps: Pick<IngestDeps, 'store'>,
  record: Pick<ImportRecord, 'eventTime' | 'sequencer' | 'id'>,
): Promise<boolean> {
  const mark = await deps.store.latestJudgedOrder();
  if (mark !== null) return mark > orderKey(record);
  const imports = await allImports(deps);
  const judged = imports
    .filter((r) => r.id !== record.id && isReplayable(r))
    .map(orderKey)
    .sort();
  const latest = judged.at(-1);
  if (latest !== undefined) await deps.store.raiseJudgedOrder(latest);
  // Nothing judged yet: the upload index starts complete (every upload is indexed as judged).
  else await deps.store.uploads.markComplete();
  return hasLaterUploads(imports, record);
}

/**
 * Records that `record` was judged (before its commit): the mark of {@link deliveredLate} rises
 * to its order when a replay would replay it. Raised before the commit, a crash in between
 * leaves the mark too high — a later import is then replayed needlessly, never missed.
 */
export async function markJudged(deps: Pick<IngestDeps, 'store'>, record: ImportRecord): Promise<void> {
  if (isReplayable(record)) await deps.store.raiseJudgedOrder(orderKey(record));
}

/** True when a replayable import comes later in upload order than `order` (a late delivery). */
export function hasLaterUploads(
  records: readonly ImportRecord[],
  order: Pick<ImportRecord, 'eventTime' | 'sequencer' | 'id'>,
): boolean {
  const mine = orderKey(order);
  return records.some((r) => r.id !== order.id && isReplayable(r) && orderKey(r) > mine);
}

/** The upload of an import record as the replay needs it (its object read and checked again). */
export async function replayUploadOf(deps: IngestDeps, record: ImportRecord): Promise<ReplayUpload | null> {
  // With the mappings its import recorded (none before mappings): history never changes.
  const { fileFindings, parsed } = await readUpload(deps, uploadOf(record), record.mapping ?? []);
  if (hasErrors([...fileFindings, ...parsed.findings]) || !record.unit) return null;
  return {
    importId: record.id,
    uploader: record.unit,
    eventTime: record.eventTime,
    sequencer: record.sequencer,
    contentId: deps.store.contentIdOf(parsed),
    workbook: parsed,
  };
}

export interface ReplayResult {
  steps: ReplayStep[];
  /** The derived items written. */
  written: number;
  /** The import records replayed (by id), as they were before the replay. */
  records: Map<string, ImportRecord>;
}

/** What a replay is of: the stored uploads (and `extra`), under the rules in force. */
export interface ReplayOptions {
  extra?: ReplayUpload;
  records?: readonly ImportRecord[];
  /** The rules in force (default: POLICIES without decisions). */
  rules?: RulesInForce;
  /** Checked between pages of writes: true stops the replay (ReprojectPausedError). */
  shouldStop?: () => boolean;
  /** Told of the replay's progress: the stored uploads read again, then the records re-projected. */
  onProgress?: (progress: ReplayProgress) => void;
  /** Rows a shard of the re-projection holds at most (default {@link SHARD_ROWS}; tests make it small). */
  shardRows?: number;
}

/**
 * Where a replay is: reading and judging the stored uploads again (`read`: uploads), or
 * re-projecting the records (`write`: enterprises and projects, shard by shard).
 */
export interface ReplayProgress {
  phase: 'read' | 'write';
  done: number;
  total: number;
}

/**
 * Rows (register and indicators) of the accepted uploads one shard of a replay projects at
 * most: a replay of more is re-projected in several shards of record keys, each reading the
 * uploads again (see {@link replayUploadsInto}).
 */
export const SHARD_ROWS = 100_000;

/** Stored uploads a replay reads ahead of the one it judges or applies. */
const READ_AHEAD = 1;

/** Pass 1 of a replay: every upload judged in upload order, what pass 2 needs kept. */
interface JudgedInTurn {
  /** The steps; an applied one without its rows (pass 2 reads them again), a refused one whole. */
  steps: ReplayStep[];
  records: Map<string, ImportRecord>;
  /** By import id, of applied steps: the register rows the judgement changed ({@link rowsJudgedAnew}). */
  judgedAnew: Map<string, number[]>;
  /** The uploads as read, while all of them fit one shard (then pass 2 reads none again); else null. */
  kept: Map<string, ReplayUpload> | null;
  /** By import id, of applied steps that have any: their targets and contacts rows (few; the district-wide part). */
  districtRows: Map<string, Pick<ParsedWorkbook, 'targets' | 'contacts'>>;
  /** Rows of the accepted uploads. */
  rows: number;
  keys: Set<string>;
  latestMonth: Month | null;
}

/** A step without its rows (sheets and findings kept): what an applied step keeps after pass 1. */
function withoutRows(step: ReplayStep): ReplayStep {
  const slim = (w: ParsedWorkbook): ParsedWorkbook => ({
    ...w,
    register: [],
    indicators: [],
    targets: [],
    contacts: [],
  });
  return {
    ...step,
    upload: { ...step.upload, workbook: slim(step.upload.workbook) },
    judged: slim(step.judged),
  };
}

/**
 * Pass 1: reads the stored uploads (and `extra`) one by one in upload order and judges each
 * ({@link uploadJudge}), storing its content items; keeps the verdicts and what pass 2 needs.
 */
async function judgeInTurn(
  deps: IngestDeps,
  options: ReplayOptions,
  rules: RulesInForce,
  { judgeOnly = false } = {},
): Promise<JudgedInTurn> {
  const replayable = (options.records ?? (await allImports(deps))).filter(
    (record) => isReplayable(record) && record.id !== options.extra?.importId,
  );
  const entries: Array<ImportRecord | ReplayUpload> = [
    ...replayable,
    ...(options.extra ? [options.extra] : []),
  ];
  entries.sort(compareOrder);
  const out: JudgedInTurn = {
    steps: [],
    records: new Map(),
    judgedAnew: new Map(),
    districtRows: new Map(),
    kept: new Map(),
    rows: 0,
    keys: new Set(),
    latestMonth: null,
  };
  const shardRows = options.shardRows ?? SHARD_ROWS;
  const judge = uploadJudge(rules);
  let readRows = 0;
  const take = async (upload: ReplayUpload): Promise<void> => {
    const step = judge.judge(upload);
    if (!judgeOnly) await deps.store.storeContent(step);
    readRows += upload.workbook.register.length + upload.workbook.indicators.length;
    if (out.kept && !judgeOnly && readRows <= shardRows) out.kept.set(upload.importId, upload);
    else out.kept = null;
    if (step.status === 'rejected') {
      out.steps.push(step);
      return;
    }
    out.judgedAnew.set(step.importId, rowsJudgedAnew(step));
    const { targets, contacts } = step.judged;
    if (targets.length > 0 || contacts.length > 0) out.districtRows.set(step.importId, { targets, contacts });
    out.rows += step.judged.register.length + step.judged.indicators.length;
    for (const key of keysOf(step.judged)) out.keys.add(key);
    out.latestMonth = laterMonth(out.latestMonth, latestMonthOf(step.upload.workbook));
    out.steps.push(withoutRows(step));
  };
  let done = 0;
  options.onProgress?.({ phase: 'read', done, total: entries.length });
  let group: ReplayUpload[] = [];
  const flush = async () => {
    group.sort((a, b) => (rankOf(a, a.contentId) < rankOf(b, b.contentId) ? -1 : 1));
    for (const upload of group) await take(upload);
    group = [];
  };
  const read = async (entry: ImportRecord | ReplayUpload): Promise<ReplayUpload | null> => {
    if (!('objectKey' in entry)) return entry;
    const upload = await replayUploadOf(deps, entry);
    if (upload) out.records.set(entry.id, entry);
    return upload;
  };
  for await (const upload of readInOrder(entries, read, READ_AHEAD)) {
    options.onProgress?.({ phase: 'read', done: ++done, total: entries.length });
    if (!upload) continue;
    if (group.length > 0 && compareOrder(group[0] as ReplayUpload, upload) !== 0) await flush();
    group.push(upload);
  }
  await flush();
  return out;
}

/**
 * Pass 2's source: the accepted contents in upload order, each as judged, with the rows of the
 * keys a part keeps — from the uploads kept, else read again (one or two at a time).
 */
function acceptedContentsOf(deps: IngestDeps, turn: JudgedInTurn, extra: ReplayUpload | undefined) {
  const uploadOfStep = async (step: ReplayStep): Promise<ReplayUpload> => {
    const kept = turn.kept?.get(step.importId) ?? (extra?.importId === step.importId ? extra : undefined);
    // Kept only when every upload fits one shard: each is applied once, then let go.
    turn.kept?.delete(step.importId);
    if (kept) return kept;
    const record = turn.records.get(step.importId);
    const upload = record ? await replayUploadOf(deps, record) : null;
    if (!upload || upload.contentId !== step.contentId)
      throw new ReplayReadError(`replay: the stored upload of import ${step.importId} reads differently now`);
    return upload;
  };
  return async function* contents(part: ShardPart): AsyncGenerator<AcceptedContent> {
    if (part.shard === 'district') {
      // Targets and contacts were kept by pass 1: nothing is read again.
      for (const step of acceptedContents(turn.steps)) {
        const rows = turn.districtRows.get(step.importId);
        if (!rows) continue;
        yield {
          judged: { ...step.judged, register: [], indicators: [], ...rows },
          contentId: step.contentId,
          eventTime: step.upload.eventTime,
          sequencer: step.upload.sequencer,
        };
      }
      return;
    }
    for await (const upload of readInOrder(acceptedContents(turn.steps), uploadOfStep, READ_AHEAD)) {
      const judged = asJudged(upload.workbook, upload.uploader, turn.judgedAnew.get(upload.importId) ?? []);
      yield {
        judged: workbookPart(judged, part),
        contentId: upload.contentId,
        eventTime: upload.eventTime,
        sequencer: upload.sequencer,
      };
    }
  };
}

/** A stored upload read again by a replay no longer reads as it did (its object changed). */
export class ReplayReadError extends LkgError {}

/**
 * Replays every stored upload (and `extra`, the upload being imported) and re-projects the
 * store as the pending import `writer.id` (its record must be `applying` while this runs, so
 * that readers keep the last complete projection until it is committed).
 *
 * In bounded memory: pass 1 reads the uploads one by one in upload order and judges each,
 * keeping only the register rows of the accepted ones (what later verdicts are judged
 * against); pass 2 re-projects one shard of record keys at a time (`replayShardedProjection`),
 * reading the accepted uploads again for each shard unless they all fit one.
 */
export async function replayUploadsInto(
  deps: IngestDeps,
  writer: { id: string },
  options: ReplayOptions = {},
): Promise<ReplayResult> {
  const rules = options.rules ?? rulesOf(POLICIES);
  const turn = await judgeInTurn(deps, options, rules);
  const shards = Math.max(1, Math.ceil(turn.rows / (options.shardRows ?? SHARD_ROWS)));
  const written = await deps.store.replayShardedProjection(
    {
      shards,
      keys: turn.keys,
      latestMonth: turn.latestMonth,
      steps: turn.steps,
      contents: acceptedContentsOf(deps, turn, options.extra),
    },
    writer.id,
    rules,
    {
      ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
      ...(options.onProgress
        ? {
            onProgress: (done: number, total: number) =>
              options.onProgress?.({ phase: 'write', done, total }),
          }
        : {}),
    },
  );
  return { steps: turn.steps, written, records: turn.records };
}

/** True when some replayed import's stored verdict differs from the replay's. */
export function verdictsDiffer(result: Pick<ReplayResult, 'steps' | 'records'>): boolean {
  return result.steps.some((step) => {
    const record = result.records.get(step.importId);
    return record !== undefined && verdictOf(record.status) !== step.status;
  });
}

function verdictOf(status: ImportStatus): 'applied' | 'rejected' | null {
  if (status === 'applied' || status === 'unchanged') return 'applied';
  return status === 'rejected' ? 'rejected' : null;
}

/**
 * After the writer committed: every replayed import whose verdict changed gets the new
 * status, its authority findings replaced, a line in `verdictChanges` (GET /imports shows it)
 * and rewritten report objects. Returns the imports changed.
 */
export async function recordVerdictChanges(
  deps: IngestDeps,
  result: ReplayResult,
  by: string,
  reason: string,
): Promise<ImportRecord[]> {
  const changed: ImportRecord[] = [];
  const at = deps.clock.now().toISOString();
  for (const step of result.steps) {
    const record = result.records.get(step.importId);
    if (!record || verdictOf(record.status) === step.status) continue;
    const findings = [...record.findings.filter((f) => !isAuthorityFinding(f)), ...step.findings];
    const errors = findings.filter((f) => f.severity === 'error').length;
    const to: ImportStatus = step.status;
    const next: ImportRecord = {
      ...record,
      status: to,
      findings,
      counts: { ...record.counts, errors, warnings: findings.length - errors },
      sheets: step.judged.sheets.map((s) => (to === 'rejected' ? { ...s, rowsApplied: 0 } : s)),
      verdictChanges: [...(record.verdictChanges ?? []), { at, from: record.status, to, by, reason }],
    };
    // Refused now: in the upload index by its keys (a later late delivery may accept it again).
    if (to === 'rejected') await deps.store.uploads.addRefused(next.id, keysOf(step.upload.workbook));
    await deps.store.saveImport(next);
    await writeReports(deps, next);
    changed.push(next);
  }
  return changed;
}

/**
 * What a working group's decision needs to re-judge the stored uploads (injected into its
 * projection, so that a caller without the stored uploads — the API in AWS — does not carry
 * the workbook reader).
 */
export interface Rejudger {
  /**
   * Would judging every stored upload again under `rules` change a verdict? False at once
   * when no stored upload of a unit (the bureau may upload anything) touches one of `keys`
   * (a verdict that does not change changes nothing after it): the upload index says so
   * without reading a file when it can answer whole. Else it judges the uploads one by one.
   */
  changes(rules: RulesInForce, keys: readonly string[]): Promise<boolean>;
  /** The full replay under `rules`, as the pending import `writer` ({@link replayUploadsInto}). */
  replayInto(writer: { id: string }, rules: RulesInForce): Promise<ReplayResult>;
  /** After the commit: the changed verdicts recorded (see {@link recordVerdictChanges}). */
  record(result: ReplayResult, by: string, reason: string): Promise<void>;
}

/** Does the upload touch one of the keys (a register or an indicators row)? */
function touches(upload: ReplayUpload, keys: ReadonlySet<string>): boolean {
  return (
    upload.workbook.register.some((r) => keys.has(r.record.key)) ||
    upload.workbook.indicators.some((r) => keys.has(r.key))
  );
}

/**
 * Does a stored upload of a unit touch one of `keys`? Answered by the upload index when it can
 * answer whole (no file read); else the uploads are read one by one (the first one found ends it).
 */
async function unitUploadTouches(
  deps: IngestDeps,
  records: readonly ImportRecord[],
  keys: ReadonlySet<string>,
) {
  const byUnits = records.filter((r) => isReplayable(r) && r.unit !== 'bureau');
  if (byUnits.length === 0) return false;
  const index = await indexOf(deps);
  const ids = index && (await idsTouching(index, [...keys]));
  if (ids) {
    const touching = new Set(ids);
    return byUnits.some((r) => touching.has(r.id));
  }
  for await (const upload of readInOrder(byUnits, (record) => replayUploadOf(deps, record), READ_AHEAD))
    if (upload && touches(upload, keys)) return true;
  return false;
}

/** The upload index with its refused uploads, or null when it cannot answer whole (uploads stored before it). */
async function indexOf(deps: IngestDeps): Promise<{ index: UploadIndex; refused: RefusedUpload[] } | null> {
  const index = deps.store.uploads;
  if (!(await index.complete())) return null;
  const refused = await index.refused();
  return refused && { index, refused };
}

/**
 * The ids of the stored uploads with a row of one of `keys` — accepted (their contents, by the
 * upload index) or refused for authority (by their key lists) — or null when an entry of the
 * index is over its bound.
 */
async function idsTouching(
  { index, refused }: { index: UploadIndex; refused: readonly RefusedUpload[] },
  keys: readonly string[],
): Promise<string[] | null> {
  const contents = await index.contentsTouching(keys);
  const ids = contents && (await index.importsOf([...contents]));
  if (!ids) return null;
  const wanted = new Set(keys);
  for (const r of refused) if (r.keys.some((k) => wanted.has(k))) ids.push(r.importId);
  return ids;
}

/** The {@link Rejudger} over the stored uploads. */
export function rejudgerOf(deps: IngestDeps): Rejudger {
  return {
    async changes(rules, keys) {
      const records = await allImports(deps);
      if (!(await unitUploadTouches(deps, records, new Set(keys)))) return false;
      return verdictsDiffer(await judgeInTurn(deps, { records }, rules, { judgeOnly: true }));
    },
    async replayInto(writer, rules) {
      return await replayUploadsInto(deps, writer, { rules });
    },
    async record(result, by, reason) {
      await recordVerdictChanges(deps, result, by, reason);
    },
  };
}

// ───────────────────────────── a late delivery: its closure over keys ─────────────────────────────

/**
 * A late delivery re-judges only the uploads whose verdicts it can change: the closure over
 * keys of the late upload (the stored uploads touching one of its keys, then those touching
 * one of theirs, … to a fixpoint), found through the upload index (`IngestStore.uploads`,
 * docs/storage.md). Replayed alone, the closure judges each of its uploads as the replay of
 * every stored upload does (a verdict depends only on the rows of the keys its upload
 * touches, and every upload touching those is in the closure); its projection is that of its
 * keys. Everything else keeps its items.
 *
 * Where the closure is not proven to equal the full replay, the full replay runs
 * ({@link replayLateInto}): the index cannot answer whole (a store written before it, an entry
 * over its bound), the import is resumed, the late upload gives targets or contacts (they are
 * not keyed), an upload whose verdict changes gives them, or one turned refused gave the
 * latest 报送月份 (the latest month could go down).
 *
 */

/** Stored uploads read from the object store at once while the closure is found. */
const CLOSURE_READS_IN_FLIGHT = 4;

/** The stored uploads a late one can change the verdicts of, and the keys they touch. */
export interface Closure {
  uploads: ReplayUpload[];
  /** Their import records, by id, as stored. */
  records: Map<string, ImportRecord>;
  keys: Set<string>;
}

/**
 * The closure over keys of `late` among the stored uploads (`late` itself not in it); null
 * when the upload index cannot answer whole.
 */
export async function closureOf(deps: IngestDeps, late: ReplayUpload): Promise<Closure | null> {
  const index = await indexOf(deps);
  if (!index) return null;
  const closure: Closure = { uploads: [], records: new Map(), keys: new Set() };
  const seen = new Set<string>([late.importId]);
  let frontier = keysOf(late.workbook);
  while (frontier.length > 0) {
    for (const key of frontier) closure.keys.add(key);
    const ids = await idsTouching(index, frontier);
    if (!ids) return null;
    const fresh = [...new Set(ids)].filter((id) => !seen.has(id));
    for (const id of fresh) seen.add(id);
    const records = (await index.index.records(fresh)).filter(isReplayable);
    const read = await inParallel(
      records.map((record) => () => replayUploadOf(deps, record)),
      CLOSURE_READS_IN_FLIGHT,
    );
    const next = new Set<string>();
    records.forEach((record, i) => {
      const upload = read[i];
      if (!upload) return;
      closure.records.set(record.id, record);
      closure.uploads.push(upload);
      for (const key of keysOf(upload.workbook)) if (!closure.keys.has(key)) next.add(key);
    });
    frontier = [...next];
  }
  return closure;
}

function verdictOfRecord(record: ImportRecord): 'applied' | 'rejected' {
  return record.status === 'rejected' ? 'rejected' : 'applied';
}

/**
 * Does replaying the closure alone leave the store as the full replay would? Its keys' items,
 * yes; targets, contacts and the latest month only when these steps cannot change them.
 */
async function closureHolds(
  deps: IngestDeps,
  steps: readonly ReplayStep[],
  closure: Closure,
  late: ReplayUpload,
): Promise<boolean> {
  const unkeyed = (u: ReplayUpload) => u.workbook.targets.length > 0 || u.workbook.contacts.length > 0;
  if (unkeyed(late)) return false;
  const latest = await deps.store.latestMonth();
  for (const step of steps) {
    const record = closure.records.get(step.importId);
    if (!record || verdictOfRecord(record) === step.status) continue;
    if (unkeyed(step.upload)) return false;
    const month = latestMonthOf(step.upload.workbook);
    if (
      step.status === 'rejected' &&
      month !== null &&
      (latest === null || compareMonths(month, latest) >= 0)
    )
      return false;
  }
  return true;
}

/** What a late delivery replays: the late upload, its import records and the rules in force. */
export interface LateDelivery {
  extra: ReplayUpload;
  /** Every import record (read when the full replay runs). */
  records: () => Promise<readonly ImportRecord[]>;
  rules: RulesInForce;
  /** The import was resumed (its writes may be under way): the full replay runs. */
  resumed: boolean;
}

/**
 * Replays a late delivery as the pending import `writer`: its closure over keys when that is
 * proven to equal the full replay, else every stored upload (and then, when the upload index
 * was not complete, every upload indexed and the index marked complete). `scope` says which.
 */
export async function replayLateInto(
  deps: IngestDeps,
  writer: { id: string },
  late: LateDelivery,
): Promise<ReplayResult & { scope: 'closure' | 'full' }> {
  const closure = late.resumed ? null : await closureOf(deps, late.extra);
  if (closure) {
    const steps = replayUploads([...closure.uploads, late.extra], late.rules);
    if (await closureHolds(deps, steps, closure, late.extra)) {
      const written = await deps.store.replayKeysProjection(steps, writer.id, late.rules, closure.keys);
      await indexSteps(
        deps,
        steps.filter((s) => s.importId === late.extra.importId),
      );
      return { steps, written, records: closure.records, scope: 'closure' };
    }
  }
  const complete = await deps.store.uploads.complete();
  const result = await replayUploadsInto(deps, writer, {
    records: await late.records(),
    rules: late.rules,
    extra: late.extra,
  });
  await indexSteps(
    deps,
    complete ? result.steps.filter((s) => s.importId === late.extra.importId) : result.steps,
  );
  if (!complete) await deps.store.uploads.markComplete();
  return { ...result, scope: 'full' };
}

/** Puts replayed uploads in the upload index: each as an import of its content, refused ones with their keys. */
export async function indexSteps(deps: IngestDeps, steps: readonly ReplayStep[]): Promise<void> {
  for (const step of steps) {
    await deps.store.uploads.addUpload(step.importId, step.contentId);
    if (step.status === 'rejected')
      await deps.store.uploads.addRefused(step.importId, keysOf(step.upload.workbook));
  }
}
