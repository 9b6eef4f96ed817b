/**
 * The office forms through the ingest handler on the in-memory store: {@link BASE} first (a
 * register and the statistics office's figures), then the form, as uploads in that order.
 *
 * @module
 */
import { createMemoryStore } from '#adapters/memory-store';
import { MemoryObjects } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import type { Finding } from '#domain/types';
import { createIngestHandler } from '#functions/ingest/handler';
import { s3Event } from '../support/ingest.ts';
import { BASE, type Figures, type OfficeForm, type Pin } from './cases.ts';

const BUCKET = 'lkg-territory';
export const pin = (f: Finding): Pin => [f.code, f.sheet, f.row, f.column];
export const byPin = (a: Pin, b: Pin) => JSON.stringify(a).localeCompare(JSON.stringify(b));

/** A store holding {@link BASE}, and a function that uploads one form onto it. */
export async function baseStore() {
  const store = createMemoryStore();
  const objects = new MemoryObjects();
  const ingest = createIngestHandler({
    store,
    objects,
    clock: { now: () => new Date('2026-11-05T03:00:00.000Z') },
    workbooks: sheetJsWorkbooks,
  });
  let n = 0;
  const upload = async (uploader: string, fileName: string, bytes: Uint8Array) => {
    n++;
    const key = `uploads/${uploader}/${fileName}`;
    await objects.put(BUCKET, key, bytes, 'application/octet-stream', {});
    const [outcome] = await ingest(
      s3Event(key, {
        eventTime: `2026-11-05T${String(n).padStart(2, '0')}:00:00.000Z`,
        sequencer: String(n).padStart(4, '0'),
      }),
    );
    if (!outcome?.record) throw new Error(`no import record for ${fileName}`);
    return outcome;
  };
  for (const b of BASE) {
    const outcome = await upload('bureau', b.fileName, b.bytes());
    if (outcome.status !== 'applied')
      throw new Error(`base ${b.fileName}: ${JSON.stringify(outcome.record?.findings)}`);
  }
  /** Every stored figure of the given enterprise-months (`key#month`), null when not reported. */
  const figures = async (ids: readonly string[]): Promise<Figures> => {
    const out: Figures = {};
    for (const id of ids) {
      const [k, month] = id.split('#') as [string, string];
      const row = (await store.indicatorsByKey(k)).find((r) => r.month === month);
      out[id] = Object.fromEntries(Object.entries(row?.values ?? {}).filter(([, v]) => v != null));
    }
    return out;
  };
  return {
    store,
    objects,
    upload,
    figures,
    upload_: (f: OfficeForm) => upload(f.uploader, f.fileName, f.bytes()),
  };
}
