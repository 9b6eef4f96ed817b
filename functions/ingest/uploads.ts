/**
 * An upload as the ingest sees it (docs/files.md): the event decoded, its import id, unit and
 * report keys, its object read and checked as a workbook, its report objects written — what the
 * import (./import-upload.ts), the replay (./replay.ts) and the judgement (./judge.ts) share.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type { ChangeList } from '#domain/changes';
import { reportSheets } from '#domain/import-report';
import { listedKeyProjects } from '#domain/key-projects';
import { chinaMonth } from '#domain/months';
import { POLICIES } from '#domain/policy/index';
import type { Clock, ImportRecord, ObjectStore, Workbooks } from '#domain/ports';
import type { IngestStore } from '#domain/projection-store';
import { type ColumnMapping, checkWorkbook } from '#domain/registers/index';
import type { Finding, Month, ParsedWorkbook } from '#domain/types';
import { isUnitId, type UnitId } from '#domain/units';
import { isUploadId } from '#domain/uploader';

/** One object-created event, decoded. */
export interface Upload {
  bucket: string;
  /** Decoded object key (`uploads/…`). */
  key: string;
  versionId: string | null;
  sequencer: string;
  eventTime: string;
  /**
   * The upload id the PUT carried, when the event says it (the local stack's S3 keeps no
   * versions: by the time the import reads the object a later PUT may have replaced it).
   * Else the import reads it from the object's metadata at `versionId`.
   */
  uploadId?: string | null;
}

/** What the ingest logs through (Powertools Logger fits). */
export interface IngestLogger {
  info(message: string, ...extra: unknown[]): void;
  warn(message: string, ...extra: unknown[]): void;
  error(message: string, ...extra: unknown[]): void;
}

export interface IngestDeps {
  store: IngestStore;
  objects: ObjectStore;
  clock: Clock;
  /** Reads the uploaded files and writes the report workbooks. */
  workbooks: Workbooks;
  logger?: IngestLogger;
  /** Set while finishing an abandoned import for another one (no nested finishing). */
  finishing?: boolean;
  /**
   * Milliseconds this invocation has left (a Lambda's `context.getRemainingTimeInMillis`): the
   * claims it takes last that long and a margin (domain/claims.ts). Absent (the local stack and
   * the CLI: a process without a deadline): their fixed default term, renewed while it runs.
   */
  remainingMs?: () => number;
  /**
   * In whose name this invocation claims an import's record (default: a new id per import run).
   * A process that is alone on its store and runs one import at a time (the local stack) gives
   * one name, so it takes over the claims its killed predecessor left at once.
   */
  claimOwner?: string;
}

export const UPLOADS_PREFIX = 'uploads/';
export const REPORTS_PREFIX = 'reports/';

/** Decodes an S3 event key: URL-encoded, `+` for a space. */
export function decodeEventKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

/** The import id of an event: stable for the same bucket, key, version id and sequencer. */
export function importIdOf(upload: Pick<Upload, 'bucket' | 'key' | 'versionId' | 'sequencer'>): string {
  return createHash('sha256')
    .update([upload.bucket, upload.key, upload.versionId ?? '', upload.sequencer].join('\n'))
    .digest('hex')
    .slice(0, 32);
}

/** The unit whose folder an upload is in (`uploads/<unit id>/…`), else null. */
export function unitOfKey(key: string): UnitId | null {
  const parts = key.slice(UPLOADS_PREFIX.length).split('/');
  if (parts.length < 2) return null;
  const first = parts[0] ?? '';
  return isUnitId(first) ? first : null;
}

/** `uploads/a/b.xlsx` → `reports/a/b.xlsx.report.json` (and `.report.xlsx`). */
export function reportKeys(key: string): { json: string; xlsx: string } {
  const path = key.startsWith(UPLOADS_PREFIX) ? key.slice(UPLOADS_PREFIX.length) : key;
  return { json: `${REPORTS_PREFIX}${path}.report.json`, xlsx: `${REPORTS_PREFIX}${path}.report.xlsx` };
}

/** Where the JSON report of one upload (by its `upload-id`) is kept as well: never replaced by another's. */
export function uploadReportKey(uploadId: string): string {
  return `${REPORTS_PREFIX}by-upload/${uploadId}.report.json`;
}

function fileNameOf(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** sha256 of an object's bytes, hex (the import record's `contentHash`). */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export const silent: IngestLogger = { info() {}, warn() {}, error() {} };

/**
 * Writes the report objects (JSON: the import record with the whole change list; xlsx: the
 * change, the findings grouped and every finding, and counts). `changes`: the whole change
 * list when known (the record keeps only its first entries).
 */
export async function writeReports(
  deps: IngestDeps,
  record: ImportRecord,
  changes: ChangeList | null = null,
): Promise<void> {
  const keys = reportKeys(record.objectKey);
  const full = changes ?? record.changes ?? null;
  const json = `${JSON.stringify(full ? { ...record, changes: full } : record, null, 2)}\n`;
  if (record.uploadId && isUploadId(record.uploadId))
    await deps.objects.put(
      record.bucket,
      uploadReportKey(record.uploadId),
      json,
      'application/json; charset=utf-8',
    );
  await deps.objects.put(record.bucket, keys.json, json, 'application/json; charset=utf-8');
  const workbook = deps.workbooks.write(
    reportSheets({
      findings: record.findings,
      sheets: record.sheets,
      outcome: { status: record.status, counts: record.counts },
      changes: full,
    }),
  );
  await deps.objects.put(
    record.bucket,
    keys.xlsx,
    workbook,
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
}

/**
 * Reads an uploaded object and checks it with the column mappings given (an import: its
 * unit's saved ones, recorded; a replay: the ones its import recorded): the file-level
 * findings and the parsed workbook.
 */
export async function readUpload(
  deps: Pick<IngestDeps, 'objects' | 'workbooks'>,
  upload: Pick<Upload, 'bucket' | 'key' | 'versionId' | 'eventTime'>,
  mapping: readonly ColumnMapping[] = [],
): Promise<{ bytes: Uint8Array; fileFindings: Finding[]; parsed: ParsedWorkbook }> {
  const bytes = await deps.objects.get(upload.bucket, upload.key, upload.versionId);
  const fileName = fileNameOf(upload.key);
  return { bytes, ...(await parseUpload(deps.workbooks, bytes, fileName, upload.eventTime, mapping)) };
}

/**
 * Reads a file's bytes and checks the workbook (no store) with the column mappings given: the
 * file-level findings and the parsed workbook.
 */
export async function parseUpload(
  workbooks: Workbooks,
  bytes: Uint8Array,
  fileName: string,
  eventTime: string,
  mapping: readonly ColumnMapping[] = [],
): Promise<{ fileFindings: Finding[]; parsed: ParsedWorkbook }> {
  const read = workbooks.read(bytes, fileName);
  const parsed = checkWorkbook(read.sheets, {
    fileName,
    uploadedMonth: chinaMonth(eventTime),
    keyProjects: listedKeyProjects(POLICIES),
    mapping,
  });
  return { fileFindings: read.findings, parsed };
}

/** The upload an import record was made from (to run it again). */
export function uploadOf(record: ImportRecord): Upload {
  return {
    bucket: record.bucket,
    key: record.objectKey,
    versionId: record.versionId,
    sequencer: record.sequencer,
    eventTime: record.eventTime,
  };
}
