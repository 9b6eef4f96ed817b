/**
 * The one judgement of an upload for an uploader against a stored state: the ingest, `lkg
 * assess` and the console's check (`POST /checks`) call it, so the preview is the import.
 *
 * Given a checked workbook (the reader's and the workbook checks' findings) it reads what the
 * store holds for the workbook's keys, checks the rows against it, judges who may change what
 * (the uploader's authority, the recruiter an office's new rows default to), compares 本年累计
 * with the stored months, and — without errors — plans the import and derives the change list
 * from the plan. The ingest then writes the plan; a check only shows it.
 *
 * @module
 */

import { contextFromVersions, judgeUpload } from '#domain/authority/index';
import { type ChangeList, changeListOf, nameFindingsFromStore } from '#domain/changes';
import type { RulesInForce } from '#domain/decisions';
import {
  contentOf,
  type ImportPlan,
  isEmptyPlan,
  planImport,
  rankOf,
  type StoredState,
  versionsBefore,
} from '#domain/ingest';
import { POLICIES } from '#domain/policy/index';
import type { UploadOrder, Workbooks } from '#domain/ports';
import type { IngestStore } from '#domain/projection-store';
import { type ColumnMapping, mergeMappings, type UnknownHeader } from '#domain/registers/mapping';
import { unknownHeadersOf } from '#domain/registers/side';
import { checkAgainstStore } from '#domain/registers/store';
import { knownMonths, yearToDateFindings, yearToDateKeys } from '#domain/registers/ytd';
import { type Finding, hasErrors, type ParsedWorkbook } from '#domain/types';
import type { UnitId } from '#domain/units';
import { rulesInForce } from '#functions/coordination/rules-in-force';
import { savedMappings } from './saved-mappings.ts';
import { parseUpload } from './uploads.ts';

/** Whether the upload would be imported, and whether it would change anything. */
export type Verdict = 'importable' | 'unchanged' | 'refused';

/** The judgement of one upload. */
export interface Judgement {
  verdict: Verdict;
  /** Every finding: the file's, the workbook checks', the store's, the authority's, 本年累计's. */
  findings: Finding[];
  /** The workbook as judged (an office's new rows carry the office as recruiter). */
  workbook: ParsedWorkbook;
  contentId: string;
  /** What the store held for the workbook's keys; null when the workbook had errors before it. */
  stored: StoredState | null;
  /** The plan of the import; null when refused. */
  plan: ImportPlan | null;
  /** The change the import would make; null when refused. */
  changes: ChangeList | null;
}

export interface JudgeInput {
  /** The workbook as checked (`checkWorkbook`). */
  parsed: ParsedWorkbook;
  /** The reader's findings (file level). */
  fileFindings: readonly Finding[];
  uploader: UnitId;
  /** Where the upload stands in upload order (a check: as if uploaded now). */
  order: UploadOrder;
  /** The rules in force (with the working group's decisions); read from the store when absent. */
  policies?: RulesInForce;
}

/**
 * Judges an upload for an uploader against the store. Reads only (the ingest holds the apply
 * lease around it and writes the plan afterwards).
 */
export async function judgeAgainstStore(store: IngestStore, input: JudgeInput): Promise<Judgement> {
  const { parsed, uploader, order } = input;
  const findings: Finding[] = [...input.fileFindings, ...parsed.findings];
  const contentId = store.contentIdOf(parsed);
  if (hasErrors(findings))
    return {
      verdict: 'refused',
      findings,
      workbook: parsed,
      contentId,
      stored: null,
      plan: null,
      changes: null,
    };
  const policies = input.policies ?? (await rulesInForce(store, POLICIES));
  const stored = await store.storedStateFor(parsed, contentId);
  findings.push(...checkAgainstStore(parsed, stored.versions));
  // Who may change what: judged against the state the uploads EARLIER in upload order made, so
  // the verdict does not depend on which later uploads arrived first.
  const rank = rankOf(order, contentId);
  const verdict = judgeUpload(
    uploader,
    parsed,
    contextFromVersions((key) => versionsBefore(stored, key, rank), policies),
  );
  findings.push(...verdict.findings);
  const judged = verdict.workbook;
  // 本年累计 figures: compared with the stored months of their year.
  const ytdKeys = yearToDateKeys(parsed);
  if (ytdKeys.length > 0) {
    const storedRows = (await Promise.all(ytdKeys.map((k) => store.indicatorsByKey(k)))).flat();
    findings.push(...yearToDateFindings(parsed, knownMonths(parsed, storedRows)));
  }
  const named = nameFindingsFromStore(parsed, findings, stored.records, uploader);
  findings.splice(0, findings.length, ...named);
  if (hasErrors(findings))
    return { verdict: 'refused', findings, workbook: judged, contentId, stored, plan: null, changes: null };
  const plan = planImport(contentOf(judged, contentId), stored, { ...order, uploader }, policies);
  const changes = changeListOf({ workbook: judged, stored, plan, uploader });
  return {
    verdict: isEmptyPlan(plan) ? 'unchanged' : 'importable',
    findings,
    workbook: judged,
    contentId,
    stored,
    plan,
    changes,
  };
}

/** A file to judge as if it were uploaded at `eventTime` (a check: now). */
export interface FileToJudge {
  bytes: Uint8Array;
  fileName: string;
  uploader: UnitId;
  eventTime: string;
  /** The check's id (the plan's writer; nothing is written). */
  id?: string;
  /** Column mappings given with a check (not saved): they win over the uploader's saved ones. */
  given?: readonly ColumnMapping[];
}

/** The judgement of a file, with what its reading offers and applied. */
export interface FileJudgement extends Judgement {
  /** The column mappings read with: the uploader's saved ones and the given ones. */
  mapping: ColumnMapping[];
  /** Every header still unknown, with the template columns nearest first (to offer a mapping). */
  unknownHeaders: UnknownHeader[];
}

/**
 * Judges a file as the uploader's upload at `eventTime` against the store: what the import of
 * the same bytes at that moment would do (the console's check, `lkg assess --unit --store`),
 * read with the uploader's saved column mappings (as the import reads it) and the given ones.
 */
export async function judgeFile(
  store: IngestStore,
  file: FileToJudge,
  workbooks: Workbooks,
): Promise<FileJudgement> {
  const mapping = mergeMappings(await savedMappings(store, file.uploader), file.given ?? []);
  const { fileFindings, parsed } = await parseUpload(
    workbooks,
    file.bytes,
    file.fileName,
    file.eventTime,
    mapping,
  );
  const judgement = await judgeAgainstStore(store, {
    parsed,
    fileFindings,
    uploader: file.uploader,
    order: { eventTime: file.eventTime, sequencer: '', importId: file.id ?? 'check' },
  });
  return { ...judgement, mapping, unknownHeaders: [...unknownHeadersOf(parsed)] };
}
