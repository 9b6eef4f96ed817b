/**
 * Helpers for ingest tests: S3 events as S3 sends them, the expected assignments of a
 * workbook (reader, checks, assess), and store snapshots without import items.
 *
 * @module
 */
import type { S3Event } from 'aws-lambda';
import { type Item, visibleItem } from '#adapters/dynamodb-items';
import { readWorkbookFile } from '#adapters/workbook-reader';
import { assess } from '#domain/assess';
import { POLICIES } from '#domain/policy/index';
import type { ImportRecord } from '#domain/ports';
import { checkWorkbook } from '#domain/registers/index';
import { mergeVersion } from '#domain/registers/merge';
import type { Assignment, Month } from '#domain/types';
import { encodeEventKey } from '#infra/local/emulators';

/** An object-created event for one key (encoded as S3 encodes event keys). */
export function s3Event(
  key: string,
  options: { bucket?: string; eventTime?: string; sequencer?: string; versionId?: string } = {},
): S3Event {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: options.eventTime ?? '2026-10-20T02:00:00.000Z',
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: 'AWS:TEST' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': 'R', 'x-amz-id-2': 'I' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'ingest',
          bucket: {
            name: options.bucket ?? 'lkg-territory',
            ownerIdentity: { principalId: 'O' },
            arn: 'arn:aws:s3:::b',
          },
          object: {
            key: encodeEventKey(key),
            size: 1,
            eTag: 'e',
            sequencer: options.sequencer ?? '0055AED6DCD90281E5',
            ...(options.versionId ? { versionId: options.versionId } : {}),
          },
        },
      },
    ],
  };
}

/** Every register row of a workbook assessed for a month, by key (merged as a first version). */
export async function expectedAssignments(
  bytes: Uint8Array,
  fileName: string,
  month: Month,
): Promise<Map<string, Assignment>> {
  const read = await readWorkbookFile(bytes, fileName);
  const parsed = checkWorkbook(read.sheets, { fileName, uploadedMonth: month });
  const out = new Map<string, Assignment>();
  for (const row of parsed.register)
    out.set(row.record.key, assess(mergeVersion(null, row), month, POLICIES));
  return out;
}

/** Data items only (no import records): what an import's effect on the store is. */
export function dataItems(items: readonly Item[]): Item[] {
  return items.filter((i) => !i.pk.startsWith('IMP#') && !isSummaryCache(i));
}

/**
 * The stored (computed) summaries and their bookkeeping: a cache of the
 * data, stamped with the time of the refresh that wrote it, refreshed after the commit (so
 * absent after a crash there, until the sweep). Compared with the full recomputation in
 * test/functions/publish/stored-summaries.test.ts, not item by item here.
 */
export function isSummaryCache(item: Pick<Item, 'pk' | 'sk'>): boolean {
  return (
    item.pk === 'SUMDUE' ||
    (item.pk.startsWith('S#') && item.sk.startsWith('CALC#')) ||
    (item.pk === 'META' && item.sk === 'SUMMARY-WINDOW')
  );
}

/** Is this a data item (record, version, assignment entry, name, indicator, target, contact)? */
export function isDataKey(pk: string): boolean {
  return !pk.startsWith('IMP#') && pk !== 'META' && pk !== 'SUMDUE' && !pk.startsWith('S#');
}

/**
 * The store's content as readers see it: items of imports still `applying` as their previous
 * content, tombstones dropped, and each item without its provenance (`w`, the import that
 * wrote it, and `prev`) — what "the same stored state, item by item" compares.
 */
export function committedItems(items: readonly Item[]): Item[] {
  const pending = new Set(
    items
      .filter((i) => i.sk === 'IMP' && (i.record as ImportRecord).status === 'applying')
      .map((i) => (i.record as ImportRecord).id),
  );
  const out: Item[] = [];
  for (const item of items) {
    if (isSummaryCache(item)) continue;
    const seen = visibleItem(item, pending);
    if (!seen) continue;
    const { w: _w, prev: _prev, ...content } = seen;
    out.push(content as Item);
  }
  return out;
}
