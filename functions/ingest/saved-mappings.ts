/**
 * A unit's saved column mappings as the reader takes them, from the store's port
 * (`store.columnMappings`, domain/ports.ts): what the import and the judgement read an upload
 * with, besides the mappings a check was given.
 *
 * @module
 */
import type { Store } from '#domain/ports';
import type { ColumnMapping } from '#domain/registers/mapping';
import type { UnitId } from '#domain/units';

/** A unit's saved mappings (none for no unit, or when the store keeps none). */
export async function savedMappings(
  store: Pick<Store, 'columnMappings'>,
  unit: UnitId | null,
): Promise<ColumnMapping[]> {
  if (!unit || !store.columnMappings) return [];
  return (await store.columnMappings.list(unit)).map((m) => ({
    kind: m.kind,
    header: m.header,
    column: m.column,
  }));
}
