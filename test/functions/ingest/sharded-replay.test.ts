/**
 * A replay re-projects the district shard by shard (functions/ingest/replay.ts,
 * `replayUploadsInto`; the store's `replayShardedProjection`): pass 1 judges the uploads one by
 * one, pass 2 re-projects one shard of record keys at a time, reading the uploads again. For
 * seeded random histories (test/support/histories.ts), the projection rebuilt from nothing
 * equals, item by item, the one the deliveries left — whether in one shard (the uploads kept
 * from pass 1) or in one shard per row (every upload read again for every shard); a sharded
 * replay over the delivered store writes nothing; and a sharded replay stopped between pages
 * of writes, or killed by a failing write in a later shard, run again under the same writer,
 * ends as one that was never stopped.
 */
import { describe, expect, it } from 'vitest';
import { type Item, isProjected, ReprojectPausedError } from '#adapters/dynamodb-items';
import { createMemoryStore } from '#adapters/memory-store';
import type { MemoryObjects } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { type ReplayProgress, replayUploadsInto, verdictsDiffer } from '#functions/ingest/replay';
import { clock, compared, deliver, history } from '../../support/histories.ts';

/** A store holding the same items but no projection (what a rebuild starts from after losing it). */
function withoutProjection(items: readonly Item[]) {
  const store = createMemoryStore();
  store.table.load(items.filter((i) => !isProjected(i)));
  return store;
}

async function rebuilt(
  items: readonly Item[],
  objects: MemoryObjects,
  shardRows: number,
  shouldStop?: () => boolean,
) {
  const store = withoutProjection(items);
  const progress: ReplayProgress[] = [];
  const run = () =>
    replayUploadsInto(
      { store, objects, clock, workbooks: sheetJsWorkbooks },
      { id: 'rebuild-test' },
      { shardRows, onProgress: (p) => progress.push(p), ...(shouldStop ? { shouldStop } : {}) },
    );
  let paused = 0;
  for (;;) {
    try {
      const result = await run();
      return { store, result, paused, progress };
    } catch (error) {
      if (!(error instanceof ReprojectPausedError)) throw error;
      paused += 1;
    }
  }
}

describe('a replay shard by shard equals the projection the deliveries left', () => {
  const seeds = Array.from({ length: 12 }, (_, i) => 2000 + i * 11);

  it.each(seeds)('history %i: from nothing, in one shard and in one shard per row', async (seed) => {
    const delivered = await deliver(history(seed), { full: false });
    const items = delivered.store.table.snapshot();
    const expected = compared(items);
    for (const shardRows of [1_000_000, 1]) {
      const { store, result, progress } = await rebuilt(items, delivered.objects, shardRows);
      expect(verdictsDiffer(result)).toBe(false);
      expect(compared(store.table.snapshot())).toEqual(expected);
      // The write phase counts records and ends at its total.
      const last = progress.filter((p) => p.phase === 'write').at(-1);
      expect(last && last.done === last.total && last.total > 0).toBe(true);
    }
    // Over the delivered store itself, shard by shard: nothing to write.
    const again = await replayUploadsInto(
      { store: delivered.store, objects: delivered.objects, clock, workbooks: sheetJsWorkbooks },
      { id: 'check' },
      { shardRows: 2 },
    );
    expect(again.written).toBe(0);
    expect(compared(delivered.store.table.snapshot())).toEqual(expected);
  });

  it.each(seeds.slice(0, 4))(
    'history %i: stopped between pages, run again: as if never stopped',
    async (seed) => {
      const delivered = await deliver(history(seed), { full: false });
      const items = delivered.store.table.snapshot();
      let calls = 0;
      // Stops at every third look: each run goes a little further (its own writes count as done).
      const { store, paused } = await rebuilt(items, delivered.objects, 1, () => ++calls % 3 === 0);
      expect(paused).toBeGreaterThan(0);
      expect(compared(store.table.snapshot())).toEqual(compared(items));
    },
  );

  it.each(seeds.slice(4, 8))(
    'history %i: killed by a failing write in a later shard, run again: as if never killed',
    async (seed) => {
      const delivered = await deliver(history(seed), { full: false });
      const items = delivered.store.table.snapshot();
      const store = withoutProjection(items);
      let writes = 0;
      store.table.beforeWrite = (item) => {
        if (isProjected(item) && ++writes === 12) throw new Error('the store failed');
      };
      const run = () =>
        replayUploadsInto(
          { store, objects: delivered.objects, clock, workbooks: sheetJsWorkbooks },
          { id: 'rebuild-killed' },
          { shardRows: 3 },
        );
      await expect(run()).rejects.toThrow('the store failed');
      store.table.beforeWrite = null;
      await run();
      expect(compared(store.table.snapshot())).toEqual(compared(items));
    },
  );
});
