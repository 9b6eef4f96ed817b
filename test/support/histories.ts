/**
 * Seeded random upload histories over a handful of enterprises and months: registers from the
 * bureau and from streets, indicators from streets and the bureau, some delivered late, some
 * refused for authority (a street changing another street's enterprise, or sending figures of
 * one it does not carry) and accepted again when a late register moves the enterprise. Shared
 * by the late delivery's closure cases and the sharded replay's.
 */
import type { Item } from '#adapters/dynamodb-items';
import { createMemoryStore, type MemoryStore } from '#adapters/memory-store';
import { MemoryObjects } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { generator } from '#functions/cli/example';
import { createIngestHandler } from '#functions/ingest/handler';
import { committedItems, s3Event } from './ingest.ts';
import { type Rows, workbookBytes } from './workbooks.ts';

export const BUCKET = 'lkg-territory';
export const clock = { now: () => new Date('2026-10-20T05:00:00.000Z') };
export const KEYS = [
  '91420112MAP72617XD',
  '91420112MA7GYN4AX2',
  '91420112MAB286Q988',
  '91420112MA60576W45',
  '91420112MAL9F2262Q',
];
export const MONTHS = ['2026-07', '2026-08', '2026-09', '2026-10'];
export const STREETS = [
  { id: 'changqing', name: '长青街' },
  { id: 'jinyinhu', name: '金银湖街' },
] as const;
export const HISTORIES = 30;

/** mulberry32, the example's seeded generator (the same histories on every run). */
export const random = generator;

export interface Upload {
  key: string;
  bytes: Uint8Array;
  /** Its upload order (event time). */
  at: number;
  kind: number;
}

/** One history: uploads in upload order, and the order they are delivered in (some late). */
export function history(seed: number): { uploads: Upload[]; delivery: number[] } {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const keys = KEYS.slice(0, 2 + Math.floor(next() * 3));
  const count = keys.length + 3 + Math.floor(next() * 4);
  const uploads: Upload[] = [];
  for (let i = 0; i < count; i += 1) {
    // Kinds: 0 the bureau's register (first one for each enterprise), 1 a street's register,
    // 2 a street's figures, 3 the bureau's figures.
    const first = i < keys.length;
    const kind = first ? 0 : pick([0, 0, 0, 1, 1, 2, 2, 2, 2, 3]);
    const month = first ? (MONTHS[0] as string) : pick(MONTHS);
    const street = pick(STREETS);
    const rowKeys = first ? [keys[i] as string] : [...new Set([pick(keys), pick(keys)])];
    const register: Rows = [['统一社会信用代码', '企业（项目）名称', '项目状态', '所在街道', '报送月份']];
    const indicators: Rows = [['统一社会信用代码', '月份', '营业收入（万元）']];
    for (const key of rowKeys) {
      const name = `企业${key.slice(-4)}有限公司`;
      if (kind === 0) register.push([key, name, '已建成投产', pick(STREETS).name, month]);
      else if (kind === 1) register.push([key, name, '已建成投产', street.name, month]);
      else indicators.push([key, month, String(100 + Math.floor(next() * 900))]);
    }
    const unit = kind === 0 || kind === 3 ? 'bureau' : street.id;
    const sheets: Record<string, Rows> =
      kind <= 1 ? { 企业项目台账: register } : { 月度经济指标: indicators };
    uploads.push({
      key: `uploads/${unit}/${i}-${kind <= 1 ? '台账' : '指标'}.xlsx`,
      bytes: workbookBytes(sheets),
      at: i,
      kind,
    });
  }
  // Delivered in upload order, but one to three uploads (the bureau's registers first) held
  // back and delivered later.
  const order = uploads.map((_, i) => i);
  const registers = order.filter((i) => i > 0 && uploads[i]?.kind === 0);
  for (let late = 1 + Math.floor(next() * 3); late > 0; late -= 1) {
    const held =
      registers.length > 0 && next() < 0.7
        ? (registers.pop() as number)
        : 1 + Math.floor(next() * (count - 1));
    const from = order.indexOf(held);
    order.splice(from, 1);
    order.splice(Math.min(order.length, from + 1 + Math.floor(next() * order.length)), 0, held);
  }
  return { uploads, delivery: order };
}

/** Everything compared (see the module comment), as readers see it. */
export function compared(items: readonly Item[]): Item[] {
  return committedItems(items).filter(
    (i) =>
      !i.pk.startsWith('IMP#C#') && i.pk !== 'IMP#REFUSED' && !(i.pk === 'META' && i.sk === 'UPLOAD-INDEX'),
  );
}

export async function deliver(
  h: ReturnType<typeof history>,
  options: { full: boolean },
): Promise<{ store: MemoryStore; objects: MemoryObjects; late: Array<number | string> }> {
  const store = createMemoryStore();
  const objects = new MemoryObjects();
  // What each late delivery replayed: its closure's uploads, or every stored upload.
  const late: Array<number | string> = [];
  const logger = {
    info(message: string, extra?: { replayed?: number | string }) {
      if (message.includes('delivered late') && extra?.replayed !== undefined) late.push(extra.replayed);
    },
    warn() {},
    error() {},
  };
  const ingest = createIngestHandler({ store, objects, clock, workbooks: sheetJsWorkbooks, logger });
  for (const i of h.delivery) {
    const u = h.uploads[i] as Upload;
    if (options.full) await store.table.batchWrite([], [{ pk: 'META', sk: 'UPLOAD-INDEX' }]);
    await objects.put(BUCKET, u.key, u.bytes, 'application/octet-stream');
    const time = new Date(Date.UTC(2026, 9, 20, 1, u.at)).toISOString();
    await ingest(s3Event(u.key, { eventTime: time, sequencer: String(u.at).padStart(2, '0') }));
  }
  return { store, objects, late };
}
