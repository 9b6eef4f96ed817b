/**
 * A console check as stored: one JSON object beside its checked file
 * (`checks/<unit>/<folder>/<hex>.check.json`), written by the check routes (functions/api/)
 * when it is asked for and by the worker (./check-run.ts) when it is done; the import of an
 * upload made from it reads the mappings it was given.
 *
 * @module
 */
import type { ObjectStore } from '#domain/ports';
import type { ColumnMapping, UnknownHeader } from '#domain/registers/mapping';
import type { Finding } from '#domain/types';
import type { UnitId } from '#domain/units';

/** Where checked files and their checks are kept (the ingest never imports them). */
export const CHECKS_PREFIX = 'checks/';
/** How long a check's file and result are kept (the bucket's lifecycle rule; locally the sweep). */
export const CHECK_TTL_DAYS = 1;

/** A check as stored (and answered, with the outcome when done). */
export interface CheckJob {
  id: string;
  unit: UnitId;
  /** The checked object (`checks/<unit>/<folder>/<fileName>`). */
  key: string;
  status: 'running' | 'done' | 'failed';
  requestedAt: string;
  finishedAt: string | null;
  error: string | null;
  verdict: 'importable' | 'unchanged' | 'refused' | null;
  findings: Finding[];
  changes: unknown | null;
  /** The upload made from it by `POST /checks/{id}/import`. */
  importedKey?: string | null;
  /** The column mappings `POST /checks` gave (not saved). */
  given?: ColumnMapping[];
  /** The column mappings read with (the unit's saved ones and the given ones); until done: the given ones. */
  mapping?: ColumnMapping[];
  /** Every header still unknown, with the template columns nearest first (when done). */
  unknownHeaders?: UnknownHeader[];
}

const ID = /^c-([a-z]+)-(\d{14})-([0-9a-f]{8})-([0-9a-f]{8})$/u;

/** The JSON object of a check id, else null for an id that is not one. */
export function checkObjectKey(id: string): { key: string; unit: string } | null {
  const m = ID.exec(id);
  if (!m) return null;
  return { key: `${CHECKS_PREFIX}${m[1]}/${m[2]}-${m[3]}/${m[4]}.check.json`, unit: m[1] as string };
}

/** Reads a stored check (null when absent). */
export async function readCheck(objects: ObjectStore, bucket: string, id: string): Promise<CheckJob | null> {
  const at = checkObjectKey(id);
  if (!at) return null;
  if (!(await objects.head(bucket, at.key))) return null;
  return JSON.parse(new TextDecoder().decode(await objects.get(bucket, at.key))) as CheckJob;
}

/** Writes a check. */
export async function writeCheck(objects: ObjectStore, bucket: string, job: CheckJob): Promise<void> {
  const at = checkObjectKey(job.id);
  if (!at) throw new Error(`not a check id: ${job.id}`);
  await objects.put(bucket, at.key, JSON.stringify(job), 'application/json; charset=utf-8');
}
