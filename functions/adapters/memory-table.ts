/**
 * A DynamoDB-like table in memory (the in-memory store's, ./memory-store.ts, and the scratch
 * table a replay projects one shard into, ./dynamodb-items.ts): the same keys, indexes,
 * conditions and item-size limit as DynamoDB.
 *
 * @module
 */

import type {
  Condition,
  IndexName,
  Item,
  ItemKey,
  PutCondition,
  QueryInput,
  QueryOutput,
  Table,
  WriteStats,
} from './dynamodb-items.ts';
import { assertItemSize, itemSize } from './item-size.ts';
import { NAME_INDEX_ATTRIBUTES } from './table-schema.ts';

const INDEX_KEYS: Record<IndexName, { pk: 'g1pk' | 'g2pk' | 'g3pk'; sk: 'g1sk' | 'g2sk' | 'g3sk' }> = {
  gsi1: { pk: 'g1pk', sk: 'g1sk' },
  gsi2: { pk: 'g2pk', sk: 'g2sk' },
  gsi3: { pk: 'g3pk', sk: 'g3sk' },
};

/** What an index returns of an item: `gsi3` projects the keys and the name attributes only (as DynamoDB). */
function projected(item: Item, index: IndexName | undefined): Item {
  if (index !== 'gsi3') return item;
  const out: Item = { pk: item.pk, sk: item.sk, g3pk: item.g3pk, g3sk: item.g3sk };
  for (const a of NAME_INDEX_ATTRIBUTES) if (item[a] !== undefined) out[a] = item[a];
  return out;
}

function id(key: ItemKey): string {
  return `${key.pk}\u0000${key.sk}`;
}

function matches(item: Item, filter: readonly Condition[] | undefined): boolean {
  if (!filter) return true;
  return filter.every((c) => {
    const value = item[c.attribute];
    if (typeof value !== 'string') return false;
    switch (c.op) {
      case '<=':
        return value <= c.value;
      case '>':
        return value > c.value;
      case '=':
        return value === c.value;
      case 'contains':
        return value.includes(c.value);
      case 'begins_with':
        return value.startsWith(c.value);
    }
    return false;
  });
}

/** Byte order of UTF-8 strings, as DynamoDB sorts keys. */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * A DynamoDB-like table in memory: items cloned in and out, indexes kept sorted on read. Every
 * written item is measured as DynamoDB measures it and refused over 350 KB (`item-size.ts`).
 */
export class MemoryTable implements Table {
  private readonly items = new Map<string, Item>();
  /**
   * The ids of each partition, of the table and of each index (a query reads its partition,
   * not the table: a scratch projection of a district stays linear), and the ids in key order
   * for scans (made again only when an id comes or goes).
   */
  private readonly partitions = new Map<'table' | IndexName, Map<string, Set<string>>>();
  private sortedIds: string[] | null = null;
  readonly stats: WriteStats = { requests: 0, items: 0 };
  /** The largest item written of each kind (`type` attribute, else the sort key's first segment). */
  readonly largest = new Map<string, { size: number; pk: string; sk: string }>();
  /** Hook for tests: called before every written item; throw to simulate a crash. */
  beforeWrite: ((item: Item | ItemKey, kind: 'put' | 'delete') => void) | null = null;

  /** Every item (tests compare whole states); sorted by keys. */
  snapshot(): Item[] {
    return [...this.items.values()].map((i) => structuredClone(i)).sort((a, b) => compareText(id(a), id(b)));
  }

  /** Refuses an item over the size bound and keeps the largest of its kind. */
  private measure(item: Item): void {
    assertItemSize(item);
    const size = itemSize(item);
    const kind = typeof item.type === 'string' ? item.type : (item.sk.split('#')[0] ?? item.sk);
    const was = this.largest.get(kind);
    if (!was || was.size < size) this.largest.set(kind, { size, pk: item.pk, sk: item.sk });
  }

  /** Puts items as they are, without counting or hooks (tests start from a saved snapshot). */
  load(items: readonly Item[]): void {
    for (const item of items) this.set(structuredClone(item));
  }

  /** Stores an item (already cloned), keeping the partitions' ids. */
  private set(item: Item): void {
    const at = id(item);
    const was = this.items.get(at);
    if (was) this.unindex(at, was);
    else this.sortedIds = null;
    this.items.set(at, item);
    this.index(at, 'table', item.pk);
    for (const [name, keys] of Object.entries(INDEX_KEYS) as [IndexName, (typeof INDEX_KEYS)[IndexName]][])
      this.index(at, name, item[keys.pk]);
  }

  private remove(key: ItemKey): void {
    const at = id(key);
    const was = this.items.get(at);
    if (!was) return;
    this.unindex(at, was);
    this.items.delete(at);
    this.sortedIds = null;
  }

  private index(at: string, name: 'table' | IndexName, partition: unknown): void {
    if (typeof partition !== 'string') return;
    const of = this.partitions.get(name) ?? new Map<string, Set<string>>();
    this.partitions.set(name, of);
    const ids = of.get(partition) ?? new Set<string>();
    of.set(partition, ids);
    ids.add(at);
  }

  private unindex(at: string, item: Item): void {
    const drop = (name: 'table' | IndexName, partition: unknown) => {
      if (typeof partition === 'string') this.partitions.get(name)?.get(partition)?.delete(at);
    };
    drop('table', item.pk);
    for (const [name, keys] of Object.entries(INDEX_KEYS) as [IndexName, (typeof INDEX_KEYS)[IndexName]][])
      drop(name, item[keys.pk]);
  }

  async scan(startKey?: Record<string, string> | null): Promise<QueryOutput> {
    if (!this.sortedIds) {
      const ids = [...this.items.keys()];
      const bytes = new Map(ids.map((at) => [at, Buffer.from(at, 'utf8')]));
      this.sortedIds = ids.sort((a, b) => Buffer.compare(bytes.get(a) as Buffer, bytes.get(b) as Buffer));
    }
    const all = this.sortedIds;
    let start = 0;
    if (startKey) {
      // the first id after the start key (binary search in key order)
      const after = Buffer.from(id({ pk: startKey.pk ?? '', sk: startKey.sk ?? '' }), 'utf8');
      let lo = 0;
      let hi = all.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (Buffer.compare(Buffer.from(all[mid] as string, 'utf8'), after) > 0) hi = mid;
        else lo = mid + 1;
      }
      start = lo;
    }
    const ids = all.slice(start, start + 1000);
    const items = ids.map((at) => structuredClone(this.items.get(at) as Item));
    const last = items.at(-1);
    return { items, lastKey: start + 1000 < all.length && last ? { pk: last.pk, sk: last.sk } : null };
  }

  async get(key: ItemKey): Promise<Item | null> {
    const item = this.items.get(id(key));
    return item ? structuredClone(item) : null;
  }

  async batchGet(keys: readonly ItemKey[]): Promise<Item[]> {
    const out: Item[] = [];
    const seen = new Set<string>();
    for (const key of keys) {
      const k = id(key);
      if (seen.has(k)) continue;
      seen.add(k);
      const item = this.items.get(k);
      if (item) out.push(structuredClone(item));
    }
    return out;
  }

  async query(input: QueryInput): Promise<QueryOutput> {
    const index = input.index ? INDEX_KEYS[input.index] : { pk: 'pk' as const, sk: 'sk' as const };
    const candidates: Item[] = [];
    for (const at of this.partitions.get(input.index ?? 'table')?.get(input.partition) ?? []) {
      const item = this.items.get(at) as Item;
      const sk = item[index.sk];
      if (typeof sk !== 'string') continue;
      if (input.prefix !== undefined && !sk.startsWith(input.prefix)) continue;
      candidates.push(item);
    }
    const order = (a: Item, b: Item): number =>
      compareText(String(a[index.sk]), String(b[index.sk])) || compareText(id(a), id(b));
    candidates.sort(input.forward === false ? (a, b) => order(b, a) : order);
    let start = 0;
    if (input.startKey) {
      const after = input.startKey;
      const probe = { ...after } as Item;
      start = candidates.findIndex((c) =>
        input.forward === false ? order(c, probe) < 0 : order(c, probe) > 0,
      );
      if (start < 0) start = candidates.length;
    }
    const limit = input.limit ?? Number.POSITIVE_INFINITY;
    const evaluated = candidates.slice(start, start + limit);
    const more = start + evaluated.length < candidates.length;
    const last = evaluated[evaluated.length - 1];
    const lastKey: Record<string, string> | null =
      more && last
        ? {
            pk: last.pk,
            sk: last.sk,
            ...(input.index
              ? { [index.pk]: String(last[index.pk]), [index.sk]: String(last[index.sk]) }
              : {}),
          }
        : null;
    return {
      items: evaluated
        .filter((i) => matches(i, input.filter))
        .map((i) => structuredClone(projected(i, input.index))),
      lastKey,
    };
  }

  async batchWrite(puts: readonly Item[], deletes: readonly ItemKey[]): Promise<WriteStats> {
    const total = puts.length + deletes.length;
    const requests = Math.ceil(total / 25);
    for (const item of puts) this.measure(item);
    for (const item of puts) {
      this.beforeWrite?.(item, 'put');
      this.set(structuredClone(item));
    }
    for (const key of deletes) {
      this.beforeWrite?.(key, 'delete');
      this.remove(key);
    }
    this.stats.requests += requests;
    this.stats.items += total;
    return { requests, items: total };
  }

  async putIf(item: Item, condition: PutCondition): Promise<boolean> {
    this.measure(item);
    const existing = this.items.get(id(item));
    if (condition.kind === 'notExists' && existing) return false;
    if (condition.kind === 'lease' && existing) {
      const value = existing[condition.attribute];
      const free = typeof value !== 'string' || value < condition.value;
      if (!free && existing[condition.holderAttribute] !== condition.holder) return false;
    }
    if (condition.kind === 'atMost' && existing) {
      const value = existing[condition.attribute];
      if (typeof value === 'string' && value > condition.value) return false;
    }
    if (condition.kind === 'equals') {
      const value = existing?.[condition.attribute];
      if ((value === undefined ? null : value) !== condition.value) return false;
    }
    if (condition.kind === 'lessThan' && existing) {
      const value = existing[condition.attribute];
      if (typeof value === 'string' && !(value < condition.value)) return false;
    }
    this.beforeWrite?.(item, 'put');
    this.set(structuredClone(item));
    this.stats.requests += 1;
    this.stats.items += 1;
    return true;
  }
}
