/**
 * The rebuildable projection over the in-memory store and objects: a
 * rebuild under a changed reading (the policies plus the fictitious 2027-test) makes the store
 * equal, item by item, a fresh import of the same uploads under that reading; readers see the
 * old projection during the whole rebuild and the new one after its commit, never a mix.
 */
import { describe, expect, it } from 'vitest';
import { isProjected } from '#adapters/dynamodb-items';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { rebuildProjection } from '#functions/ingest/rebuild';
import type { ReplayProgress } from '#functions/ingest/replay';
import { WITH_2027 } from '../../cases/fictitious-2027/policy.ts';
import { clock, freshUnder, imported, projection } from '../../support/rebuild-uploads.ts';

describe('lkg rebuild', () => {
  it('after a changed reading the store equals a fresh import under it, item by item; readers never see a mix', async () => {
    const { store, objects } = await imported();
    const before = projection(store.table.snapshot());
    const expected = await freshUnder(WITH_2027);
    expect(expected).not.toEqual(before);
    let writes = 0;
    let committed = false;
    store.table.beforeWrite = () => {
      writes++;
      // Before each write: readers see exactly the last complete projection — the old one
      // until the commit, the new one after it (the pending hint is cleared after the commit),
      // never a mix and never back.
      const seen = projection(store.table.snapshot());
      if (!committed) {
        try {
          expect(seen).toEqual(before);
          return;
        } catch {
          committed = true;
        }
      }
      expect(seen).toEqual(expected);
    };
    const outcome = await rebuildProjection(
      { store, objects, clock, workbooks: sheetJsWorkbooks },
      { runId: 'r1', policies: WITH_2027 },
    );
    store.table.beforeWrite = null;
    expect(writes).toBeGreaterThan(0);
    expect(outcome.written).toBeGreaterThan(0);
    expect(outcome.verdictsChanged).toEqual([]);
    expect(projection(store.table.snapshot())).toEqual(expected);
    expect((await store.getImport('rebuild-r1'))?.rulesVersion).toBe(outcome.rulesVersion);
    // Idempotent: the same rebuild again writes nothing.
    const again = await rebuildProjection(
      { store, objects, clock, workbooks: sheetJsWorkbooks },
      { runId: 'r2', policies: WITH_2027 },
    );
    expect(again.written).toBe(0);
  });

  it('tells its progress: every stored upload read and judged, then every enterprise and project re-projected', async () => {
    const { store, objects } = await imported();
    const seen: ReplayProgress[] = [];
    const outcome = await rebuildProjection(
      { store, objects, clock, workbooks: sheetJsWorkbooks },
      { runId: 'progress', policies: WITH_2027, onProgress: (p) => seen.push({ ...p }) },
    );
    const read = seen.filter((p) => p.phase === 'read');
    const write = seen.filter((p) => p.phase === 'write');
    expect(read[0]?.done).toBe(0);
    expect(read.at(-1)?.done).toBe(read.at(-1)?.total);
    expect(read.at(-1)?.total).toBeGreaterThan(0);
    // reading first, then writing; each phase counts up to its total
    expect(seen.findIndex((p) => p.phase === 'write')).toBeGreaterThan(
      seen.findLastIndex((p) => p.phase === 'read'),
    );
    for (const phase of [read, write])
      expect(phase.map((p) => p.done)).toEqual([...phase.map((p) => p.done)].sort((a, b) => a - b));
    expect(write.at(-1)?.done).toBe(write.at(-1)?.total);
    // counted in records (enterprises and projects), not items
    expect(write.at(-1)?.total).toBeGreaterThan(0);
    expect(outcome.written).toBeGreaterThan(0);
  });

  it('a rebuild under the policies in force leaves a consistent store as it is', async () => {
    const { store, objects } = await imported();
    const before = projection(store.table.snapshot());
    const outcome = await rebuildProjection(
      { store, objects, clock, workbooks: sheetJsWorkbooks },
      { runId: 'same' },
    );
    expect(outcome.written).toBe(0);
    expect(projection(store.table.snapshot())).toEqual(before);
  });
});

describe('what a replay or rebuild may rewrite (isProjected)', () => {
  // Inputs and caches a replay must never delete: it compares the stored projection with a
  // scratch one, so an item it calls projected but never produces would be deleted.
  it.each([
    ['R#91420112MA83G07L8M', 'HEAD', true],
    ['R#91420112MA83G07L8M', 'V#2026-10', true],
    ['R#91420112MA83G07L8M', 'U#service#2020-04#changqing', true],
    ['I#91420112MA83G07L8M', '2026-10', true],
    ['T#2026', 'changqing', true],
    ['TM#2026-10', '91420112MA83G07L8M', true],
    ['CONTACTS', 'changqing#a@example.gov.cn', true],
    ['META', 'LATEST', true],
    ['N#临空', '91420112MA83G07L8M', true],
    ['META', 'APPLY-LEASE', false],
    ['META', 'SUMMARY-WINDOW', false],
    ['IMP#0123456789abcdef0123456789abcdef', 'IMP', false],
    ['IMP#C#abc', 'RANK', false],
    ['S#2026-10', 'SUMMARY', false],
    ['S#2026-10', 'CALC#D#changqing', false],
    ['S#2026-10', 'SEND#changqing#m-1', false],
    ['SUMDUE', 'rebuild-1', false],
    ['DECISIONS', 'D#d-20261130-0a1b2c3d', false],
    ['DECISIONS', 'E#d-20261130-0a1b2c3d', false],
    ['X#91420112MA83G07L8M#2026-10', 'A#1', false],
    ['IMPACT#i-1', 'JOB', false],
  ] as const)('%s / %s → %s', (pk, sk, projected) => {
    expect(isProjected({ pk, sk })).toBe(projected);
  });
});
