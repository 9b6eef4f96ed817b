/**
 * The upload index's bounds (docs/storage.md, "Late delivery: the closure over keys"): each
 * entry answers whole up to its bound and says "cannot answer" (null, or `~more`) beyond it,
 * so that a late delivery then replays everything instead of missing an upload.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '#adapters/memory-store';
import { INDICATOR_CONTENTS, MORE_CONTENTS, withContent } from '#domain/ingest';

const ids = (n: number, prefix = 'c') =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);

describe('an indicator item lists the contents that gave a row for it, up to INDICATOR_CONTENTS', () => {
  it.each([
    { name: 'none yet: the one', before: undefined, add: 'x', after: ['x'] },
    { name: 'kept sorted, each once', before: ['b', 'd'], add: 'c', after: ['b', 'c', 'd'] },
    { name: 'the same content again: unchanged', before: ['b', 'c'], add: 'c', after: ['b', 'c'] },
    {
      name: 'one below the bound: listed',
      before: ids(INDICATOR_CONTENTS - 1),
      add: 'z',
      after: [...ids(INDICATOR_CONTENTS - 1), 'z'],
    },
    {
      name: 'one beyond the bound: ~more',
      before: ids(INDICATOR_CONTENTS),
      add: 'z',
      after: [MORE_CONTENTS],
    },
    { name: '~more stays', before: [MORE_CONTENTS], add: 'z', after: [MORE_CONTENTS] },
  ])('$name', ({ before, add, after }) => {
    expect(withContent(before, add)).toEqual(after);
  });
});

describe("a content's imports (IMP#C#<content>/UPLOADS), up to 1,000", () => {
  it.each([
    { imports: 1, answered: true },
    { imports: 1000, answered: true },
    { imports: 1001, answered: false },
  ])('$imports imports: answered whole $answered', async ({ imports, answered }) => {
    const store = createMemoryStore();
    for (const id of ids(imports, 'imp-')) await store.uploads.addUpload(id, 'content-a');
    await store.uploads.addUpload('imp-b', 'content-b');
    const found = await store.uploads.importsOf(['content-a', 'content-b']);
    if (answered) expect(new Set(found)).toEqual(new Set([...ids(imports, 'imp-'), 'imp-b']));
    else expect(found).toBeNull();
    // A content never indexed (written before the index): no answer.
    expect(await store.uploads.importsOf(['content-b', 'content-c'])).toBeNull();
  });
});

describe("a refused upload's keys (IMP#REFUSED), in pages of 5,000", () => {
  it.each([
    { keys: 0, pages: 1 },
    { keys: 5000, pages: 1 },
    { keys: 5001, pages: 2 },
  ])('$keys keys: $pages page(s), every key read back', async ({ keys, pages }) => {
    const store = createMemoryStore();
    const list = ids(keys, 'K');
    await store.uploads.addRefused('imp-1', list);
    await store.uploads.addRefused('imp-2', ['K-other']);
    const items = store.table.snapshot().filter((i) => i.pk === 'IMP#REFUSED' && i.importId === 'imp-1');
    expect(items).toHaveLength(pages);
    expect(await store.uploads.refused()).toEqual([
      { importId: 'imp-1', keys: list },
      { importId: 'imp-2', keys: ['K-other'] },
    ]);
  });

  it('a page missing (a crash between two pages): no answer', async () => {
    const store = createMemoryStore();
    await store.uploads.addRefused('imp-1', ids(5001, 'K'));
    await store.table.batchWrite([], [{ pk: 'IMP#REFUSED', sk: 'imp-1#0001' }]);
    expect(await store.uploads.refused()).toBeNull();
  });
});

describe('the index is complete once marked', () => {
  it('absent on a new store, present once marked', async () => {
    const store = createMemoryStore();
    expect(await store.uploads.complete()).toBe(false);
    await store.uploads.markComplete();
    expect(await store.uploads.complete()).toBe(true);
  });
});
