/**
 * The local sweep (infra/local/main.ts `sweepEvery`): while `npm start` runs, what AWS's
 * scheduled sweep does — finishing imports and decisions left unfinished — every interval, one
 * sweep at a time, until stopped.
 */
import { describe, expect, it, vi } from 'vitest';
import { sweepEvery } from '#infra/local/main';

describe('sweepEvery', () => {
  it('sweeps every interval, never two at once, and not after it is stopped', async () => {
    let running = 0;
    let most = 0;
    let calls = 0;
    let release: () => void = () => undefined;
    const stack = {
      resumeUnfinished: vi.fn(async () => {
        calls++;
        running++;
        most = Math.max(most, running);
        // the first sweep is slow: later ticks come while it runs
        if (calls === 1) await new Promise<void>((r) => (release = r));
        running--;
        return { resumed: [], failed: [] };
      }),
    };
    const stop = sweepEvery(stack, 5);
    await vi.waitFor(() => expect(calls).toBe(1));
    await new Promise((r) => setTimeout(r, 30)); // several ticks while the first still runs
    expect(calls).toBe(1);
    release();
    await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(3));
    stop();
    const after = calls;
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toBeLessThanOrEqual(after + 1); // at most one already under way
    expect(most).toBe(1);
  });
});
