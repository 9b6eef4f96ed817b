/**
 * Ports: the interfaces the domain needs from the outside world. Adapters in
 * `functions/adapters/` implement them (DynamoDB, S3, SES, and in-memory fakes for tests).
 *
 * Reads are Query or GetItem on a key or an index in every implementation (docs/storage.md):
 * nothing here may be implemented with a Scan.
 *
 * @module
 */

import type { ChangeList } from './changes.ts';
import type { DecisionLog, RulesInForce } from './decisions.ts';
import type { ColumnMapping, SavedColumnMapping } from './registers/mapping.ts';
import type { CompleteLists, MonthSummaries, SummaryChange, UnitRoleCounts } from './summaries.ts';
import type { TransferActionLog } from './transfer-status.ts';
import type {
  Assignment,
  ContactRow,
  Finding,
  IndicatorRow,
  Month,
  RegisterRecord,
  SheetKind,
  SheetSummary,
  Stage,
  TargetRow,
} from './types.ts';
import type { UnitId } from './units.ts';
import type { SheetValues, WorkbookRead } from './workbooks.ts';

export interface Page<T> {
  items: T[];
  /** Opaque; null on the last page. */
  cursor: string | null;
}

/**
 * Which upload wrote a piece of data: the order of uploads is S3's `eventTime`, the
 * `sequencer` breaking ties on one key (docs/files.md). A later upload wins.
 */
export interface UploadOrder {
  eventTime: string;
  sequencer: string;
  importId: string;
  /** Who uploaded it (stored with the content's rank, so a change list can say who set a figure). */
  uploader?: UnitId;
}

/**
 * A register version as the store derives it: the record for its 报送月份, merged from every
 * row uploaded for that and the earlier 报送月份 (docs/registers.md).
 */
export interface StoredVersion {
  record: RegisterRecord;
}

export type ImportStatus = 'received' | 'applying' | 'applied' | 'unchanged' | 'rejected' | 'failed';

export interface ImportCounts {
  registerRows: number;
  indicatorRows: number;
  targetRows: number;
  contactRows: number;
  errors: number;
  warnings: number;
  /** Data items written (0 for an upload that changes nothing). */
  itemsWritten: number;
}

/** One upload and what became of it. */
export interface ImportRecord {
  /** Stable for the same event: derived from bucket, key, version id and sequencer. */
  id: string;
  bucket: string;
  /** The object key, decoded (e.g. `uploads/changqing/2026-10-台账.xlsx`). */
  objectKey: string;
  versionId: string | null;
  sequencer: string;
  eventTime: string;
  /** sha256 of the object's bytes, hex. */
  contentHash: string | null;
  /** The upload's id (S3 metadata `upload-id`, set by `lkg import`), else null or absent. */
  uploadId?: string | null;
  status: ImportStatus;
  /** The unit whose folder the upload is in (`uploads/<unit id>/…`), else null. */
  unit: UnitId | null;
  /** The latest 报送月份 of the register. */
  registerMonth: Month | null;
  /** Every 报送月份 of the register, oldest first (one sheet per month). */
  registerMonths?: Month[];
  counts: ImportCounts;
  findings: Finding[];
  sheets: SheetSummary[];
  startedAt: string;
  finishedAt: string | null;
  /** For `failed`: what went wrong, in Chinese. */
  error?: string | null;
  /**
   * For `failed`: true when the failure was not the upload's fault (another import held the
   * lease, the store failed) and the import is retried by the sweep (`resumeUnfinishedImports`).
   */
  retry?: boolean;
  /** How many times the import was started (the sweep gives up after a few). */
  attempts?: number;
  /**
   * Every change of the verdict after the import finished (verdicts are part
   * of the projection): an earlier upload delivered late, a rebuild or a decision re-judged it.
   */
  verdictChanges?: VerdictChange[];
  /**
   * The change the import made (domain/changes.ts): the counts and the first entries of each
   * list (bounded: the whole list is in the report object).
   */
  changes?: ChangeList;
  /** For a rebuild's record (`rebuild/<run>`): the rules version it projected under. */
  rulesVersion?: string;
  /**
   * The column mappings the import read the upload with (its unit's saved ones when it was
   * read; domain/registers/mapping.ts): replays read the upload with these again, so saving or
   * removing a mapping later never changes history. Absent: none (imports before mappings).
   */
  mapping?: ColumnMapping[];
}

/** One change of an import's verdict by a replay (shown in its unit's import list). */
export interface VerdictChange {
  /** When the replay committed (ISO). */
  at: string;
  from: ImportStatus;
  to: ImportStatus;
  /** What re-judged it: the import id of the late upload, `rebuild`, or a decision id. */
  by: string;
  /** In Chinese, for the import list. */
  reason: string;
}

export type UnitRole = 'service' | 'indicators' | 'cooperating' | 'safety';

/** A record's assignment in one month, as stored. */
export interface MonthAssignment {
  month: Month;
  assignment: Assignment;
}

/** A transfer (划转): the indicators unit changed from month M−1 to month M. */
export interface Transfer {
  key: string;
  month: Month;
  from: UnitId | null;
  to: UnitId | null;
  clause: string | null;
  /**
   * The working group's decision that causes the transfer (`ended`:
   * false, clause `decision`) or whose end causes it (`ended`: true).
   */
  decision?: { id: string; documentNo: string; ended: boolean };
}

/** An enterprise as a unit lists it. */
export interface EnterpriseListItem {
  key: string;
  name: string;
  stage: Stage;
  assignment: Assignment;
}

/** One email sent (or attempted) for a month's publication. */
export interface SendRecord {
  month: Month;
  /** A unit id, or `bureau` for the district overview. */
  unit: UnitId;
  recipients: string[];
  messageId: string;
  sentAt: string;
}

/** The import records: one per upload event and per writer (a rebuild, a decision). */
export interface ImportRecords {
  /** Creates the import record unless one with the same id exists (conditional write). */
  createImport(record: ImportRecord): Promise<'created' | 'exists'>;
  getImport(id: string): Promise<ImportRecord | null>;
  saveImport(record: ImportRecord): Promise<void>;
  /** The imports of one upload's object key, newest first (its index: usually one item). */
  importsOfObject(objectKey: string): Promise<ImportRecord[]>;
  /**
   * Newest first; `prefix` filters by object key prefix. A unit's prefix (`uploads/changqing/`)
   * reads the unit's index of its uploads, whatever the district's history.
   */
  listImports(options: {
    prefix?: string;
    cursor?: string | null;
    limit: number;
  }): Promise<Page<ImportRecord>>;
  /** An import left `applying` (or `failed` after it started writing), else null. */
  unfinishedImport(): Promise<ImportRecord | null>;
  /**
   * Imports to finish or retry, in upload order: every `applying` one and every `failed` one
   * marked for retry (sparse index partitions; usually empty).
   */
  importsToResume(): Promise<ImportRecord[]>;
  /**
   * The import really running at `now` (holding a live apply lease while planning or
   * writing), else null. An import left `applying` by a crash is not running: readers do not
   * see it, and the sweep finishes it.
   */
  runningImport(now: Date): Promise<ImportRecord | null>;
}

/** The projection as readers see it: register versions, assignments, indicators, targets, contacts. */
export interface ProjectionReads {
  /** Every stored version of these records, ordered by 报送月份. */
  getVersions(keys: readonly string[]): Promise<Map<string, StoredVersion[]>>;
  /** The greatest 报送月份 stored, null when the store is empty. */
  latestMonth(): Promise<Month | null>;
  /** The rules version the projection was computed under (`rulesVersionOf`); null: never stamped. */
  rulesVersion(): Promise<string | null>;
  /** Every record with all its versions (Query over an index, paged internally). */
  allVersions(): AsyncIterable<StoredVersion[]>;
  /** A unit's enterprises in a month by role, ordered by key. */
  listByUnit(
    unit: UnitId,
    role: UnitRole,
    month: Month,
    options: { cursor?: string | null; limit: number },
  ): Promise<Page<EnterpriseListItem>>;
  /** The record's assignment in each month it changed, oldest first. */
  assignmentHistory(key: string): Promise<MonthAssignment[]>;
  /** Transfers (划转) of a record, oldest first. */
  transfers(key: string): Promise<Transfer[]>;
  /** Name fragment (≥ 2 characters) or key; no Scan. */
  search(
    query: string,
    options: { cursor?: string | null; limit: number },
  ): Promise<Page<{ key: string; name: string }>>;

  // ── indicators, targets, contacts ──
  indicatorsByMonth(month: Month): Promise<IndicatorRow[]>;
  indicatorsByKey(key: string): Promise<IndicatorRow[]>;
  targets(year: number): Promise<TargetRow[]>;
  contacts(): Promise<ContactRow[]>;
}

/** What was published: the sends and reminders, the published documents, the publication records. */
export interface Publication {
  sends(month: Month): Promise<SendRecord[]>;
  recordSend(send: SendRecord): Promise<void>;
  /** The reminders (催报) sent for a month, one record per e-mail. */
  reminders(month: Month): Promise<SendRecord[]>;
  recordReminder(send: SendRecord): Promise<void>;
  /** Stores the figures a publication sent (the `lkg summary --json` document). */
  saveSummary(month: Month, document: unknown, publishedAt: string): Promise<void>;
  getSummary(month: Month): Promise<{ document: unknown; publishedAt: string } | null>;
  /**
   * One unit's (or `district`'s) row of the published document and when it was published
   * (row null when the document has none for the unit); null when the month is not published.
   */
  publishedRow(month: Month, unit: string): Promise<{ row: unknown; publishedAt: string } | null>;
  /** The month's publication record: written before the first send, completed after the last. */
  savePublication(record: PublicationRecord): Promise<void>;
  getPublication(month: Month): Promise<PublicationRecord | null>;
}

/** The summaries computed after each writer's commit, and which of them are due. */
export interface ComputedSummaries {
  /**
   * Stores one month's computed summaries — apart from the published document — stamped with
   * the refresh (`<ISO time its reads began>#…`): false, and nothing more written, when a
   * refresh with a greater stamp got there first.
   */
  saveComputedSummaries(
    month: Month,
    summaries: MonthSummaries,
    stamp: string,
    lists?: CompleteLists,
  ): Promise<boolean>;
  /** Page n (from 0) of a unit's (or `district`'s) complete list behind a count; null when not stored. */
  computedListPage(
    month: Month,
    unit: string,
    name: string,
    page: number,
  ): Promise<{ entries: unknown[]; pages: number; stamp: string } | null>;
  /** The month's computed summaries (the enterprise rows too when asked), null when none or mixed. */
  computedSummaries(month: Month, withEnterprises: boolean): Promise<StoredSummaries | null>;
  /** One unit's (or `district`'s) computed row: one GetItem. */
  computedSummaryRow(month: Month, unit: string): Promise<{ row: unknown; stamp: string } | null>;
  /** Every unit's enterprises by role in the month, stored with the computed summaries: one GetItem. */
  computedCounts(month: Month): Promise<{ counts: Record<string, UnitRoleCounts>; stamp: string } | null>;
  /** Records, before an import's commit, which summaries it makes stale until they are refreshed. */
  markSummariesDue(importId: string, change: SummaryChange): Promise<void>;
  /** The changes not yet refreshed (usually none: one Query of an empty partition). */
  summariesDue(): Promise<Array<{ importId: string; change: SummaryChange }>>;
  clearSummariesDue(importIds: readonly string[]): Promise<void>;
  /** The months summaries are kept for (the first and last month with data seen by a refresh). */
  summaryWindow(): Promise<{ first: Month; last: Month } | null>;
  saveSummaryWindow(window: { first: Month; last: Month }): Promise<void>;
}

/**
 * The store, split by what it stores — each part its own port: the import records, the
 * projection's reads, the publication, the computed summaries, the claims, coordination and the
 * units' column mappings. DynamoDB in AWS and on the local stack, the memory table in tests:
 * one implementation over the table composes them (functions/adapters/table-store.ts).
 */
export interface Store extends ImportRecords, ProjectionReads, Publication, ComputedSummaries {
  /** Who may do one piece of work now (the apply lease, imports, decisions' writers, e-mails). */
  readonly claims: Claims;

  // ── coordination ──
  /**
   * The working group's decisions, the actions about transfers and impact runs; absent in a
   * store that keeps none (a scratch store a replay projects into): no decisions are in force
   * there.
   */
  readonly coordination?: Coordination;

  // ── column mappings ──
  /** The units' saved column mappings; absent in a store that keeps none (a replay's scratch store). */
  readonly columnMappings?: ColumnMappings;
}

/**
 * The units' saved column mappings (列名对照, domain/registers/mapping.ts): not part of the
 * projection (a rebuild neither reads nor writes them); each import records the mappings it
 * read with. One implementation over the table serves both stores
 * (functions/adapters/column-mapping-items.ts).
 */
export interface ColumnMappings {
  /** A unit's mappings, by kind and header key. */
  list(unit: UnitId): Promise<SavedColumnMapping[]>;
  /** Saves one (replacing the unit's mapping of the same kind and normalised header). */
  save(unit: UnitId, mapping: SavedColumnMapping): Promise<SavedColumnMapping>;
  /** Removes one; false when the unit has none of that kind and header. */
  remove(unit: UnitId, kind: SheetKind, header: string): Promise<boolean>;
}

/**
 * Coordination (docs/coordination.md): the working group's decisions (domain/decisions.ts), the
 * actions about transfers (domain/transfer-status.ts), the re-projection of records a decision
 * names and the impact runs of draft policies. One implementation over the table serves the
 * DynamoDB and the memory stores (functions/adapters/coordination-items.ts).
 */
export interface Coordination {
  readonly decisions: DecisionLog;
  readonly transferActions: TransferActionLog;
  /** Every transfer of a month with the record's name (the projection's transfer index). */
  transfersInMonth(month: Month): Promise<Array<Transfer & { name: string }>>;
  /** Re-projects records under the rules given; returns the items written. */
  reproject(keys: readonly string[], rules: RulesInForce, writer: string): Promise<number>;
  /** Impact runs of draft policies (`POST /impact`). */
  readonly impactJobs: ImpactJobs;
}

/** An impact run (`POST /impact`): who asked, for which draft and month, and its outcome. */
export interface ImpactJob {
  id: string;
  status: 'running' | 'done' | 'failed';
  draft: { id: string; docNumber: string };
  month: string | null;
  requestedBy: { subject: string; unit: string };
  requestedAt: string;
  finishedAt: string | null;
  /** For `failed`: what went wrong, in Chinese. */
  error: string | null;
}

/** The impact runs: each written when asked for, and once more when done with its result. */
export interface ImpactJobs {
  /**
   * Records a new run with the draft it evaluates (the worker that runs it reads the draft
   * back: in AWS another invocation, see functions/coordination/impact.ts `runImpactJob`).
   */
  create(job: ImpactJob, draft: unknown): Promise<void>;
  /** The run and the draft it evaluates; null for an unknown id. */
  pending(id: string): Promise<{ job: ImpactJob; draft: unknown } | null>;
  /** Stores the run's outcome, and its result (the `lkg impact --json` document) when there is one. */
  finish(job: ImpactJob, result: unknown | null): Promise<void>;
  /** The job and, when done, its result; null for an unknown id. */
  get(id: string): Promise<{ job: ImpactJob; result: unknown | null } | null>;
}

/**
 * What a claim is on. `apply`: the one writer of the projection (id `projection`); `import`:
 * an upload's import on its record (id: the import's id); `decision`: a working group's
 * decision's writer (id: the writer's id); `send` and `reminder`: a unit's e-mail of a month
 * (id `<month>#<unit>`).
 */
export type ClaimKind = 'apply' | 'import' | 'decision' | 'send' | 'reminder';

/** What an attempt to take a claim found. */
export type ClaimOutcome =
  | { held: true }
  /** Held by `by` (live until `until`), or completed (`done`: by `by`, never taken again but by force). */
  | { held: false; by: string; until: string; done: boolean };

/**
 * Claims (domain/claims.ts): one owner at a time holds a piece of work, until it completes it,
 * releases it or its time runs out. Conditional writes in every implementation.
 */
export interface Claims {
  /**
   * Takes the claim for `owner` until `expiresAt` when it is free: never taken, released,
   * expired at `now`, or already `owner`'s. `takeOver`: also when held by that owner (seen
   * gone by the caller), whatever its expiry; `force`: in every case, a completed claim too.
   */
  acquire(
    kind: ClaimKind,
    id: string,
    owner: string,
    term: { now: Date; expiresAt: Date },
    options?: { takeOver?: string; force?: boolean },
  ): Promise<ClaimOutcome>;
  /**
   * Extends `owner`'s claim to `expiresAt`.
   *
   * @throws ClaimLostError when another owner holds it now, or it was completed or released
   *   (nothing written)
   */
  renew(kind: ClaimKind, id: string, owner: string, expiresAt: Date): Promise<void>;
  /**
   * Marks the work done: nobody takes the claim again (but by force).
   *
   * @throws ClaimLostError when `owner` no longer holds it (nothing written)
   */
  complete(kind: ClaimKind, id: string, owner: string): Promise<void>;
  /** Gives `owner`'s claim back; false (nothing written) when `owner` does not hold it. */
  release(kind: ClaimKind, id: string, owner: string): Promise<boolean>;
  /** The owner holding a live claim at `now`, else null (free, expired or completed). */
  holder(kind: ClaimKind, id: string, now: Date): Promise<string | null>;
}

/** A month's stored (computed) summaries and the refresh that wrote them. */
export interface StoredSummaries {
  summaries: MonthSummaries;
  stamp: string;
}

/** The claim of one run on one unit's email of one month. */
export interface SendClaim {
  month: Month;
  unit: UnitId;
  /** The publishing run (a random id per run). */
  run: string;
  /** What is sent: the monthly summary (the default) or the reminder before the publish date (催报). */
  kind?: SendKind;
}

/** The e-mails claimed and recorded once per month and unit: the monthly summary, the reminder (催报). */
export type SendKind = 'summary' | 'reminder';

/** A month's publication: `sending` from before the first email until every one is sent. */
export interface PublicationRecord {
  month: Month;
  status: 'sending' | 'published';
  /** The run that wrote the record last. */
  run: string;
  startedAt: string;
  /** Set when published. */
  publishedAt: string | null;
  /** The units (and `bureau`) the publication sends to: every one must have a send. */
  units: UnitId[];
}

/** The object store: S3 in AWS, s3rver locally. */
export interface ObjectStore {
  get(bucket: string, key: string, versionId?: string | null): Promise<Uint8Array>;
  /** `metadata`: S3 user metadata (sent as `x-amz-meta-<name>`), e.g. `uploader-unit`. */
  put(
    bucket: string,
    key: string,
    body: Uint8Array | string,
    contentType: string,
    metadata?: Record<string, string>,
  ): Promise<void>;
  /** Null when there is no such object (or version); `metadata` is the S3 user metadata, names lower-case. */
  head(bucket: string, key: string, versionId?: string | null): Promise<ObjectHead | null>;
}

/** What a HEAD of an object answers. */
export interface ObjectHead {
  size: number;
  versionId: string | null;
  /** S3 user metadata without the `x-amz-meta-` prefix, names lower-case. */
  metadata: Record<string, string>;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface MailMessage {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  attachments: MailAttachment[];
}

/** The mailer: SES v2 in AWS, aws-ses-v2-local locally. */
export interface Mailer {
  /** Sends one email; resolves to the message id. */
  send(message: MailMessage): Promise<string>;
}

/** The clock, for handlers (the domain never reads it). */
export interface Clock {
  now(): Date;
}

/**
 * Workbooks read and written (SheetJS: functions/adapters/workbooks.ts): an uploaded file's
 * bytes into sheets of typed cells, sheets of values into xlsx bytes.
 */
export interface Workbooks {
  /**
   * Reads a workbook or CSV file: its sheets, and file-level findings when it cannot or must
   * not be read (never throws on bad bytes).
   *
   * @param fileName the name as uploaded (a CSV's sheet is named after it)
   */
  read(bytes: Uint8Array, fileName: string): WorkbookRead;
  /** Writes sheets of values as xlsx (text a spreadsheet would take for a formula made inert). */
  write(sheets: readonly SheetValues[]): Uint8Array;
}
