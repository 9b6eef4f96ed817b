/**
 * The store over a table (DynamoDB, or the memory table of tests and scratch work) with the
 * ports composed on it: the item store's reads and writes and its claims, coordination
 * (./coordination-items.ts) and the units' column mappings (./column-mapping-items.ts) as
 * items of the same table. The factories of both stores
 * (./dynamodb-store.ts, ./memory-store.ts) build this one.
 *
 * @module
 */
import type { RulesInForce } from '#domain/decisions';
import type { ColumnMappings, Coordination } from '#domain/ports';
import { ColumnMappingItems } from './column-mapping-items.ts';
import { coordinationOver } from './coordination-items.ts';
import { ItemStore, type Table } from './dynamodb-items.ts';

/** An {@link ItemStore} with its coordination and column mappings ports. */
export class TableStore extends ItemStore {
  readonly coordination: Coordination;
  readonly columnMappings: ColumnMappings;

  constructor(table: Table, rules?: RulesInForce) {
    super(table, rules);
    this.coordination = coordinationOver(this);
    this.columnMappings = new ColumnMappingItems(table);
  }
}
