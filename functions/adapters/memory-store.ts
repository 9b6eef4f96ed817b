/**
 * The in-memory store: the same single-table design and the same store logic as the DynamoDB
 * store (`dynamodb-items.ts`), over a table held in maps. For handler and domain tests.
 *
 * @example
 * ```ts
 * import { createMemoryStore } from '#adapters/memory-store';
 * const store = createMemoryStore();
 * await store.seed({ register: records, indicators: rows }, { eventTime: '2026-10-05T00:00:00Z' });
 * const page = await store.listByUnit('changqing', 'service', '2026-10', { limit: 100 });
 * ```
 *
 * @module
 */

import { MemoryTable } from './memory-table.ts';
import { TableStore } from './table-store.ts';

export { MemoryTable } from './memory-table.ts';

/** The in-memory store: a `TableStore` over a `MemoryTable` (`store.table` for inspection). */
export type MemoryStore = TableStore & { table: MemoryTable };

/** Creates an empty in-memory store with the same semantics as the DynamoDB store. */
export function createMemoryStore(): MemoryStore {
  return new TableStore(new MemoryTable()) as MemoryStore;
}
