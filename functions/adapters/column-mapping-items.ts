/**
 * The units' saved column mappings (列名对照, domain/registers/mapping.ts) as items of their own
 * in the store's table: partition `MAP#<unit>`, one item per mapping at `<kind>#<normalised
 * header>`, so saving the same kind and header again replaces it (an upsert) and one Query
 * reads a unit's mappings. Not part of the projection (a rebuild neither reads nor writes
 * them): each import records the mappings it applied, and the replay reads those.
 *
 * @module
 */
import type { Store } from '#domain/ports';
import { type ColumnMapping, mappingKey, type SavedColumnMapping } from '#domain/registers/mapping';
import type { SheetKind } from '#domain/types';
import type { UnitId } from '#domain/units';
import { type Item, type ItemKey, ItemStore, type Table } from './dynamodb-items.ts';

const partition = (unit: UnitId) => `MAP#${unit}`;
const sortKey = (kind: SheetKind, header: string) => `${kind}#${mappingKey(header)}`;

/** The saved column mappings of the units. */
export interface ColumnMappingPort {
  /** A unit's mappings, by kind and header key. */
  list(unit: UnitId): Promise<SavedColumnMapping[]>;
  /** Saves one (replacing the unit's mapping of the same kind and normalised header). */
  save(unit: UnitId, mapping: SavedColumnMapping): Promise<SavedColumnMapping>;
  /** Removes one; false when the unit has none of that kind and header. */
  remove(unit: UnitId, kind: SheetKind, header: string): Promise<boolean>;
}

/** The mappings over the store's table. */
export class ColumnMappingItems implements ColumnMappingPort {
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

/** The column mappings of a store built on a table (DynamoDB, memory); null for any other store. */
export function columnMappingsOf(store: Store): ColumnMappingPort | null {
  return store instanceof ItemStore ? new ColumnMappingItems(store.table) : null;
}

/** A unit's saved mappings as the reader takes them (none when the store keeps none). */
export async function savedMappings(store: Store, unit: UnitId | null): Promise<ColumnMapping[]> {
  if (!unit) return [];
  const port = columnMappingsOf(store);
  if (!port) return [];
  return (await port.list(unit)).map((m) => ({ kind: m.kind, header: m.header, column: m.column }));
}
