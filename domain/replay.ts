/**
 * Verdicts are part of the projection: the state after a
 * set of uploads is the replay of their contents in upload order, each judged (who may change
 * what: `judgeUpload`) against the state the ACCEPTED earlier ones made. One replay serves a
 * late upload (it re-judges every later upload), a rebuild (everything again under the current
 * policies) and — later — a working-group decision (one more input judged at its place).
 *
 * Uploads of the same content (the same rows again) are one content, counted at the latest
 * of its ACCEPTED uploads (as the store ranks contents: `rankOf`); an upload of a content that
 * is refused changes nothing, whoever else uploaded the same rows.
 *
 * Pure: no clock, no store. The result depends on the set of uploads only, never on the
 * order they are given in.
 *
 * @example
 * ```ts
 * import { replayUploads } from '#domain/replay';
 * const steps = replayUploads(uploads, POLICIES); // in upload order
 * steps.filter((s) => s.status === 'applied');    // what the projection is made of
 * ```
 *
 * @module
 */
import { contextFromVersions, judgeUpload, withDefaultRecruiter } from './authority/index.ts';
import type { RulesInForce } from './decisions.ts';
import { INDICATORS, type IndicatorDefinition } from './indicators.ts';
import { rankOf } from './ingest.ts';
import { laterMonth } from './months.ts';
import type { Policy } from './policy/index.ts';
import { type UploadedRow, versionsFromUploads } from './timeline.ts';
import { type Finding, hasErrors, type Month, type ParsedWorkbook } from './types.ts';
import type { UnitId } from './units.ts';

/**
 * The code version of the projection (heads, role entries, name entries, indicators,
 * targets, contacts, the latest month). Raise it whenever the derivation of a stored item
 * changes: a store stamped with another rules version is rebuilt. 2: figures merge cell by
 * cell, each with its source (domain/figures.ts). 3: the stored summaries count a record first
 * reported in M as a transfer when its unit in M−1 differs (as the transfer index lists it), and
 * 首次报送 (`firstReported`) apart from 新登记 (`new`: stage 新引进 or 已签约).
 */
export const PROJECTION_VERSION = 3;

/** One upload as the replay needs it: who uploaded it, when, and its checked rows. */
export interface ReplayUpload {
  importId: string;
  /** The unit of the upload folder (`bureau` for the bureau). */
  uploader: UnitId;
  eventTime: string;
  sequencer: string;
  /** The content id of the workbook's rows (`contentIdOf`). */
  contentId: string;
  /** The checked workbook (`checkWorkbook`), without authority findings. */
  workbook: ParsedWorkbook;
}

/** The verdict of one upload, at its place in upload order. */
export interface ReplayStep {
  /** The upload's rank: its order, then its content id. */
  rank: string;
  contentId: string;
  importId: string;
  upload: ReplayUpload;
  status: 'applied' | 'rejected';
  /** The authority findings (errors when rejected; warnings may come with applied). */
  findings: Finding[];
  /** The workbook as judged (what is applied when applied). */
  judged: ParsedWorkbook;
}

function byRank<T extends { rank: string }>(a: T, b: T): number {
  return a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0;
}

/**
 * Judges uploads one at a time, in upload order, each against the register rows of the
 * accepted uploads before it (a content counted at its latest accepted upload so far): the
 * state a replay carries from one upload to the next, and nothing else — the register rows
 * of the accepted contents, by key (so that a key's rows cost what the key has, not what the
 * district has). Indicators, targets and contacts are judged against it and not kept, so a
 * replay may read its uploads one by one.
 */
export interface UploadJudge {
  /** The verdict of `upload`, the next in upload order (`rankOf` its order and content id). */
  judge(upload: ReplayUpload): ReplayStep;
}

/** A judge that has seen no upload yet (see {@link UploadJudge}). */
export function uploadJudge(rules: RulesInForce): UploadJudge {
  const accepted = new Map<string, Map<string, UploadedRow[]>>();
  const byKey = new Map<string, Map<string, UploadedRow[]>>();
  const accept = (contentId: string, rank: string, judged: ParsedWorkbook): void => {
    for (const key of accepted.get(contentId)?.keys() ?? []) byKey.get(key)?.delete(contentId);
    const rows = new Map<string, UploadedRow[]>();
    for (const r of judged.register) {
      const list = rows.get(r.record.key) ?? [];
      list.push({ record: r.record, present: r.present, order: rank });
      rows.set(r.record.key, list);
    }
    accepted.set(contentId, rows);
    for (const [key, list] of rows) {
      const contents = byKey.get(key) ?? new Map<string, UploadedRow[]>();
      contents.set(contentId, list);
      byKey.set(key, contents);
    }
  };
  const rowsOf = (key: string): UploadedRow[] | undefined => {
    const out = [...(byKey.get(key)?.values() ?? [])].flat();
    return out.length > 0 ? out : undefined;
  };
  const context = contextFromVersions((key) => {
    const rows = rowsOf(key);
    return rows ? versionsFromUploads(rows) : undefined;
  }, rules);
  return {
    judge(upload) {
      const rank = rankOf(upload, upload.contentId);
      const verdict = judgeUpload(upload.uploader, upload.workbook, context);
      const applied = !hasErrors(verdict.findings);
      if (applied) accept(upload.contentId, rank, verdict.workbook);
      return {
        rank,
        contentId: upload.contentId,
        importId: upload.importId,
        upload,
        status: applied ? 'applied' : 'rejected',
        findings: verdict.findings,
        judged: verdict.workbook,
      };
    },
  };
}

/**
 * Replays a set of uploads in upload order, each judged against the register rows of the
 * accepted uploads before it ({@link uploadJudge}).
 *
 * @param uploads the uploads, in any order
 * @param rules the rules in force the state is assessed under
 * @returns one step per upload, in upload order
 */
export function replayUploads(uploads: readonly ReplayUpload[], rules: RulesInForce): ReplayStep[] {
  const ordered = uploads.map((upload) => ({ upload, rank: rankOf(upload, upload.contentId) })).sort(byRank);
  const judge = uploadJudge(rules);
  return ordered.map(({ upload }) => judge.judge(upload));
}

/**
 * The register rows a judgement changed (an office's new rows given the office as 招商单位), by
 * their index in the upload's register: what a replay that reads an upload again needs to
 * apply it as judged ({@link asJudged}) without judging it again.
 */
export function rowsJudgedAnew(step: Pick<ReplayStep, 'upload' | 'judged'>): number[] {
  const sent = step.upload.workbook.register;
  const out: number[] = [];
  step.judged.register.forEach((row, i) => {
    if (row !== sent[i]) out.push(i);
  });
  return out;
}

/** An upload read again, as its judgement left it ({@link rowsJudgedAnew}). */
export function asJudged(
  workbook: ParsedWorkbook,
  uploader: UnitId,
  changed: readonly number[],
): ParsedWorkbook {
  if (changed.length === 0) return workbook;
  const register = [...workbook.register];
  for (const i of changed) {
    const row = register[i];
    if (row) register[i] = withDefaultRecruiter(row, uploader, [...row.present, 'recruiter']);
  }
  return { ...workbook, register };
}

/** One part of a re-projection shard by shard: a shard of record keys, or the district-wide items. */
export interface ShardPart {
  /** The shard (0 .. shards − 1), or `district` for targets, contacts and the latest month. */
  shard: number | 'district';
  /** Does this part project the rows of `key`? (Never, in the district-wide part.) */
  keeps(key: string): boolean;
}

/**
 * A workbook with the rows of one part: its keys' register and indicators rows, or the
 * district's targets and contacts (what a part's projection is made of).
 */
export function workbookPart(workbook: ParsedWorkbook, part: ShardPart): ParsedWorkbook {
  if (part.shard === 'district') return { ...workbook, register: [], indicators: [] };
  return {
    ...workbook,
    register: workbook.register.filter((r) => part.keeps(r.record.key)),
    indicators: workbook.indicators.filter((r) => part.keeps(r.key)),
    targets: [],
    contacts: [],
  };
}

/** The greatest 报送月份 of a workbook's register rows (null: none): what it raises the latest month to. */
export function latestMonthOf(workbook: Pick<ParsedWorkbook, 'register'>): Month | null {
  let out: Month | null = null;
  for (const r of workbook.register) out = laterMonth(out, r.record.month);
  return out;
}

/**
 * The keys an upload touches: its register rows' and its indicator rows' (what its verdict is
 * judged on, and what it projects besides targets and contacts). Two uploads touching no
 * common key, directly or through others, cannot change each other's verdicts.
 */
export function keysOf(workbook: Pick<ParsedWorkbook, 'register' | 'indicators'>): string[] {
  return [
    ...new Set([...workbook.register.map((r) => r.record.key), ...workbook.indicators.map((r) => r.key)]),
  ];
}

/** The contents a replay accepted, each as its latest accepted upload, in upload order. */
export function acceptedContents(steps: readonly ReplayStep[]): ReplayStep[] {
  const latest = new Map<string, ReplayStep>();
  for (const step of steps) {
    if (step.status !== 'applied') continue;
    const seen = latest.get(step.contentId);
    if (!seen || seen.rank < step.rank) latest.set(step.contentId, step);
  }
  return [...latest.values()].sort(byRank);
}

/**
 * The rules version a projection is stamped with: the projection code's version and a stable
 * hash (FNV-1a) of the policy data (clauses, dates, clusters…) and the indicator catalogue. A
 * store stamped with another one is stale ({@link rulesStaleness}).
 */
export function rulesVersionOf(
  policies: readonly Policy[],
  indicators: readonly IndicatorDefinition[] = INDICATORS,
): string {
  const text = JSON.stringify([policies, indicators]);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `p${PROJECTION_VERSION}-${(h >>> 0).toString(16).padStart(8, '0')}`;
}

/** A projection computed under other rules than those in force: the two rules versions. */
export interface RulesStale {
  stored: string;
  current: string;
}

/**
 * Is the stored projection stale: stamped with another rules version than the current one?
 * Null when current, or when the store carries no stamp yet (a store written before stamps:
 * its next write stamps it).
 */
export function rulesStaleness(stored: string | null, current: string): RulesStale | null {
  return stored !== null && stored !== current ? { stored, current } : null;
}

/** What people are told while the projection is stale (Chinese): what is wrong, what to run. */
export function staleMessage(stale: RulesStale): string {
  return `数据仍按旧规则计算（数据的规则版本 ${stale.stored}，现行规则版本 ${stale.current}）：政策或指标目录已更新，请运行 lkg rebuild 重建数据；重建完成前各项查询仍按旧规则的结果回答。`;
}
