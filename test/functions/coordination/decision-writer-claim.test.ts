import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '#adapters/memory-store';
import { factWritten, openDecisionWriter, projectDecision } from '#functions/coordination/project-decision';

const T0 = Date.parse('2026-11-10T01:00:00.000Z');

/** A writer opened by a request whose fact is not written yet, and the sweep coming by. */
describe('a decision writer without its fact, under the request’s claim', () => {
  it.each([
    ['while the request holds its claim: left open', 10_000, undefined, 'applying'],
    ['once the request’s time ran out (default term): closed', 61_000, undefined, 'unchanged'],
    ['within the request’s budget and margin: left open', 100_000, 90_000, 'applying'],
    ['after the request’s budget and margin: closed', 121_000, 90_000, 'unchanged'],
  ] as const)('the sweep %s', async (_name, sweepAt, remainingMs, status) => {
    const store = createMemoryStore();
    const at = (ms: number, budget?: number) => ({
      store,
      clock: { now: () => new Date(T0 + ms) },
      ...(budget === undefined ? {} : { remainingMs: () => budget }),
    });
    const opened = await openDecisionWriter(at(0, remainingMs), 'd-1', false);
    expect(opened.claim).not.toBeNull();
    expect(await projectDecision(at(sweepAt), opened.writer)).toBeNull();
    expect((await store.getImport(opened.writer.id))?.status).toBe(status);
    // The request writes its fact now: a writer closed under it (its claim lost) is opened again.
    const writer = await factWritten(at(sweepAt + 1), opened);
    expect(writer.status).toBe('applying');
    expect((await store.getImport(opened.writer.id))?.status).toBe('applying');
  });
});
