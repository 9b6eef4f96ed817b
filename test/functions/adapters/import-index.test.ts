/**
 * The imports of one upload and a unit's imports are read through their index: the items read
 * do not grow with the district's history (other units' uploads, earlier ones), and a page of a
 * unit's imports is newest first and complete across pages.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '#adapters/memory-store';
import type { ImportRecord } from '#domain/ports';
import { importRecord } from '../api/support/fixtures.ts';

const at = (n: number) => new Date(Date.UTC(2026, 10, 1) + n * 60_000).toISOString();
const upload = (unit: string, n: number): ImportRecord => ({
  ...importRecord(`${unit}-${String(n).padStart(4, '0')}`, `uploads/${unit}/2026110${n % 9}-${n}/台账.xlsx`),
  startedAt: at(n),
});

async function district(history: number) {
  const store = createMemoryStore();
  // The district's history: other units' uploads, then 长青街's three.
  for (let n = 0; n < history; n += 1) await store.createImport(upload(n % 2 ? 'jinyinhu' : 'jidian', n));
  for (const n of [history + 1, history + 2, history + 3]) await store.createImport(upload('changqing', n));
  // Items read: those queries and batch gets return.
  let read = 0;
  const query = store.table.query.bind(store.table);
  const batchGet = store.table.batchGet.bind(store.table);
  store.table.query = async (input) => {
    const out = await query(input);
    read += out.items.length;
    return out;
  };
  store.table.batchGet = async (k) => {
    const out = await batchGet(k);
    read += out.length;
    return out;
  };
  return { store, read: () => read, reset: () => (read = 0) };
}

describe('imports by index', () => {
  it.each([10, 400])(
    'a unit’s imports with %i other uploads in the district: the same items read',
    async (history) => {
      const { store, read } = await district(history);
      const page = await store.listImports({ prefix: 'uploads/changqing/', limit: 2 });
      expect(page.items.map((i) => i.id)).toEqual([
        upload('changqing', history + 3).id,
        upload('changqing', history + 2).id,
      ]);
      const next = await store.listImports({ prefix: 'uploads/changqing/', cursor: page.cursor, limit: 2 });
      expect(next.items.map((i) => i.id)).toEqual([upload('changqing', history + 1).id]);
      expect(next.cursor).toBeNull();
      // Two pages of a three-entry partition and their records, whatever the history.
      expect(read()).toBeLessThanOrEqual(8);
    },
  );

  it.each([10, 400])(
    'one upload’s imports with %i other uploads: one entry and its record read',
    async (history) => {
      const { store, read } = await district(history);
      const key = upload('changqing', history + 2).objectKey;
      expect((await store.importsOfObject(key)).map((i) => i.objectKey)).toEqual([key]);
      expect(read()).toBe(2);
      expect(await store.importsOfObject('uploads/changqing/none.xlsx')).toEqual([]);
    },
  );
});
