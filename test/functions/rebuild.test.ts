/**
 * The AWS rebuild handler's logic with a tiny time budget: each invocation
 * writes one page, then invokes itself (here: in process, asynchronously queued) until the
 * rebuild commits; the store then equals a fresh import under the new reading, item by item,
 * and no invocation ever showed readers a mix. A run stopped by its budget, or killed between two
 * writes, is continued by the sweep and ends as a fresh rebuild.
 */
import { describe, expect, it } from 'vitest';
import { isProjected, REPROJECT_PAGE } from '#adapters/dynamodb-items';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { releaseApplyLease } from '#functions/ingest/lease';
import { writerRecord } from '#functions/ingest/writer';
import { continueRebuilds, type RebuildEvent, runRebuild } from '#functions/rebuild/run';
import { WITH_2027 } from '../cases/fictitious-2027/policy.ts';
import { takeApplyLease } from '../support/claims.ts';
import { clock, freshUnder, imported, projection } from '../support/rebuild-uploads.ts';

/** What the sweep's continuation of a rebuild runs with: under WITH_2027, no self-invocation. */
function sweepDeps(
  store: Awaited<ReturnType<typeof imported>>['store'],
  objects: Awaited<ReturnType<typeof imported>>['objects'],
) {
  return {
    store,
    objects,
    clock,
    workbooks: sheetJsWorkbooks,
    policies: WITH_2027,
    invokeSelf: async () => undefined,
  };
}

describe('the rebuild Lambda', () => {
  it('given a tiny time budget re-invokes itself until the store equals a fresh import, never showing a mix', async () => {
    const { store, objects } = await imported();
    const before = projection(store.table.snapshot());
    const expected = await freshUnder(WITH_2027);
    expect(expected).not.toEqual(before);

    // The budget: enough for one page of writes per invocation.
    let writesThisRound = 0;
    store.table.beforeWrite = (item) => {
      if (isProjected(item)) writesThisRound++;
    };
    let checks = 0;
    /** Between pages: readers still see exactly the last complete projection. */
    const remainingMs = () => {
      checks++;
      expect(projection(store.table.snapshot())).toEqual(before);
      return writesThisRound > 0 ? 1_000 : 900_000;
    };
    const queue: RebuildEvent[] = [{ runId: 'tiny' }];
    const rounds: string[] = [];
    while (queue.length > 0) {
      const event = queue.shift() as RebuildEvent;
      writesThisRound = 0;
      const result = await runRebuild(
        {
          store,
          objects,
          clock,
          workbooks: sheetJsWorkbooks,
          policies: WITH_2027,
          remainingMs,
          invokeSelf: async (next) => {
            queue.push(next);
          },
        },
        event,
      );
      rounds.push(result.status);
      if (result.status === 'done') store.table.beforeWrite = null;
    }
    expect(rounds.at(-1)).toBe('done');
    expect(rounds.filter((s) => s === 'continued').length).toBeGreaterThan(0);
    expect(checks).toBeGreaterThan(rounds.length - 1);
    expect(REPROJECT_PAGE).toBeGreaterThan(0);
    expect(projection(store.table.snapshot())).toEqual(expected);
  });

  it('a run stopped by its budget without a self-invocation is continued by the sweep (continueRebuilds)', async () => {
    const { store, objects } = await imported();
    let written = 0;
    store.table.beforeWrite = (item) => {
      if (isProjected(item)) written++;
    };
    const deps = sweepDeps(store, objects);
    const first = await runRebuild(
      { ...deps, remainingMs: () => (written > 0 ? 1 : 900_000) },
      { runId: 'swept' },
    );
    expect(first.status).toBe('continued');
    expect((await store.getImport('rebuild-swept'))?.status).toBe('applying');
    // An upload writing (it holds the lease): the sweep's rebuild waits, without failing the sweep.
    const busy = writerRecord('busy-upload', 'uploads/bureau/busy.xlsx', clock.now());
    await store.createImport(busy);
    expect(await takeApplyLease(store, 'busy-upload', clock.now(), 60_000)).toBe(true);
    expect(await continueRebuilds({ ...deps, remainingMs: () => 900_000 })).toEqual([
      { status: 'waiting', runId: 'swept' },
    ]);
    await store.saveImport({ ...busy, status: 'failed', retry: false });
    await releaseApplyLease(store, 'busy-upload');
    const continued: string[] = [];
    const swept = await continueRebuilds({ ...deps, remainingMs: () => 900_000 }, (runId) =>
      continued.push(runId),
    );
    expect(swept.map((r) => r.status)).toEqual(['done']);
    // the local stack logs both: 续做中断的重建（swept） and 重建（swept）已完成
    expect(continued).toEqual(['swept']);
    expect((await store.getImport('rebuild-swept'))?.status).toBe('applied');
  });

  it('a run killed part-way (its process died between two writes) is continued by the sweep and equals a fresh rebuild', async () => {
    const { store, objects } = await imported();
    const expected = await freshUnder(WITH_2027);
    let written = 0;
    store.table.beforeWrite = (item) => {
      if (isProjected(item) && ++written > 2) throw new Error('the process died');
    };
    const deps = sweepDeps(store, objects);
    await expect(runRebuild({ ...deps, remainingMs: () => 900_000 }, { runId: 'killed' })).rejects.toThrow(
      'the process died',
    );
    store.table.beforeWrite = null;
    expect((await store.getImport('rebuild-killed'))?.status).toBe('applying');
    const swept = await continueRebuilds({ ...deps, remainingMs: () => 900_000 });
    expect(swept.map((r) => r.status)).toEqual(['done']);
    expect(projection(store.table.snapshot())).toEqual(expected);
  });

  it('a run going on elsewhere (`lkg rebuild`: it holds the lease) is left to it, not continued beside it', async () => {
    const { store, objects } = await imported();
    const live = writerRecord('rebuild-live', 'rebuild/live', clock.now());
    await store.createImport({ ...live, status: 'applying' });
    expect(await takeApplyLease(store, 'rebuild-live', clock.now(), 60_000)).toBe(true);
    const deps = sweepDeps(store, objects);
    const continued: string[] = [];
    expect(
      await continueRebuilds({ ...deps, remainingMs: () => 900_000 }, (id) => continued.push(id)),
    ).toEqual([{ status: 'running', runId: 'live' }]);
    expect(continued).toEqual([]);
    // Its lease ended (the run died): the next sweep continues it.
    await releaseApplyLease(store, 'rebuild-live');
    const swept = await continueRebuilds({ ...deps, remainingMs: () => 900_000 });
    expect(swept.map((r) => r.status)).toEqual(['done']);
  });
});
