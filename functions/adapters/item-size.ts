/**
 * DynamoDB's item size, counted as DynamoDB counts it, and the bound this store keeps under
 * DynamoDB's 400 KB limit. The memory table refuses every item over {@link ITEM_SIZE_LIMIT}, so
 * a test that writes an item that would fail in AWS fails too.
 *
 * DynamoDB's rule (Developer Guide, "Item sizes and formats"): an item's size is the sum of its
 * attribute names' UTF-8 lengths and its values' sizes. A string: its UTF-8 length; a number:
 * about one byte per two significant digits, plus one; binary: its length; a boolean or null:
 * 1 byte; a list or map: 3 bytes, plus 1 byte per element, plus the elements' sizes (a map's
 * keys count as attribute names); a set: the sum of its elements.
 *
 * @module
 */

import { LkgError } from '#domain/errors';

/** The store's bound, under DynamoDB's with room for what its estimate may miss: 350 KB. */
export const ITEM_SIZE_LIMIT = 350 * 1024;

/** The size of a number as DynamoDB stores it: one byte per two significant digits, plus one. */
function numberSize(n: number | bigint): number {
  const digits = String(n)
    .replace(/^-/, '')
    .replace(/e.*$/i, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

/** The size of one attribute value. */
export function valueSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number' || typeof value === 'bigint') return numberSize(value);
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) {
    let size = 0;
    for (const v of value) size += valueSize(v);
    return size;
  }
  if (Array.isArray(value)) {
    let size = 3;
    for (const v of value) size += 1 + valueSize(v);
    return size;
  }
  if (typeof value === 'object') {
    let size = 3;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      size += 1 + Buffer.byteLength(k, 'utf8') + valueSize(v);
    }
    return size;
  }
  return 0;
}

/** An item's size in bytes: the attribute names' UTF-8 lengths and the values' sizes. */
export function itemSize(item: Record<string, unknown>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    size += Buffer.byteLength(name, 'utf8') + valueSize(value);
  }
  return size;
}

/** An item over the store's bound: which item, its size, and the bound. */
export class ItemTooLargeError extends LkgError {
  constructor(
    readonly key: { pk: string; sk: string },
    readonly size: number,
  ) {
    super(
      `条目 ${key.pk} / ${key.sk} 大小 ${size} 字节，超过上限 ${ITEM_SIZE_LIMIT} 字节（DynamoDB 单条上限 400 KB）：该类条目应分页存储。`,
    );
  }
}

/** Throws {@link ItemTooLargeError} for an item over {@link ITEM_SIZE_LIMIT}. */
export function assertItemSize(item: Record<string, unknown> & { pk: string; sk: string }): void {
  const size = itemSize(item);
  if (size > ITEM_SIZE_LIMIT) throw new ItemTooLargeError({ pk: item.pk, sk: item.sk }, size);
}
