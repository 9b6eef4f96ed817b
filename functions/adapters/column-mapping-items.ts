/**
 * The units' saved column mappings (列名对照, domain/registers/mapping.ts) as items of their own
 * in the store's table: partition `MAP#<unit>`, one item per mapping at `<kind>#<normalised
 * header>`, so saving the same kind and header again replaces it (an upsert) and one Query
 * reads a unit's mappings. Not part of the projection (a rebuild neither reads nor writes
 * them): each import records the mappings it applied, and the replay reads those. The store
 * over a table composes them (`store.columnMappings`, ./table-store.ts).
 *
 * @module
 */
import type { ColumnMappings, Store } from '#domain/ports';
import { mappingKey, type SavedColumnMapping } from '#domain/registers/mapping';
import type { SheetKind } from '#domain/types';
import type { UnitId } from '#domain/units';
import type { Item, ItemKey, Table } from './dynamodb-items.ts';

const partition = (unit: UnitId) => `MAP#${unit}`;
const sortKey = (kind: SheetKind, header: string) => `${kind}#${mappingKey(header)}`;

/** The mappings over the store's table. */
export class ColumnMappingItems implements ColumnMappings {
  constructor(readonly table: Table) {}

  async list(unit: UnitId): Promise<SavedColumnMapping[]> {
    const out: SavedColumnMapping[] = [];
    let startKey: Record<string, string> | null = null;
    do {
      const page = await this.table.query({ partition: partition(unit), startKey });
      for (const item of page.items) if (item.type === 'column-mapping') out.push(mappingOf(item));
      startKey = page.lastKey;
    } while (startKey);
    return out;
  }

  async save(unit: UnitId, mapping: SavedColumnMapping): Promise<SavedColumnMapping> {
    const saved: SavedColumnMapping = {
      kind: mapping.kind,
      header: mapping.header,
      column: mapping.column,
      savedAt: mapping.savedAt,
      savedBy: mapping.savedBy,
    };
    await this.table.putIf(
      { ...keyOf(unit, mapping.kind, mapping.header), type: 'column-mapping', unit, ...saved },
      { kind: 'always' },
    );
    return saved;
  }

  async remove(unit: UnitId, kind: SheetKind, header: string): Promise<boolean> {
    const key = keyOf(unit, kind, header);
    if (!(await this.table.get(key))) return false;
    await this.table.batchWrite([], [key]);
    return true;
  }
}

function keyOf(unit: UnitId, kind: SheetKind, header: string): ItemKey {
  return { pk: partition(unit), sk: sortKey(kind, header) };
}

function mappingOf(item: Item): SavedColumnMapping {
  return {
    kind: item.kind as SheetKind,
    header: String(item.header),
    column: String(item.column),
    savedAt: String(item.savedAt),
    savedBy: String(item.savedBy),
  };
}

/** The column mappings of a store (composition: the routes that need them); null when it keeps none. */
export function columnMappingsOf(store: Store): ColumnMappings | null {
  return store.columnMappings ?? null;
}
