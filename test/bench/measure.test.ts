import { describe, expect, it } from 'vitest';
import { latencySummary, nearestRank, statusKb } from '../../bench/measure.ts';

describe('nearestRank', () => {
  it.each([
    { samples: [], q: 0.5, expected: 0 },
    { samples: [7], q: 0.99, expected: 7 },
    { samples: [3, 1, 2], q: 0.5, expected: 2 },
    { samples: [1, 2, 3, 4], q: 0.5, expected: 2 },
    { samples: Array.from({ length: 100 }, (_, i) => i + 1), q: 0.99, expected: 99 },
    { samples: Array.from({ length: 101 }, (_, i) => i + 1), q: 0.99, expected: 100 },
    { samples: [5, 1], q: 1, expected: 5 },
    { samples: [5, 1], q: 0, expected: 1 },
  ])('$samples at $q → $expected', ({ samples, q, expected }) => {
    expect(nearestRank(samples, q)).toBe(expected);
  });
});

describe('latencySummary', () => {
  it('p50, p99 and max, rounded to 0.1 ms', () => {
    expect(latencySummary([1.04, 2.26, 30.01])).toEqual({ samples: 3, p50Ms: 2.3, p99Ms: 30, maxMs: 30 });
    expect(latencySummary([])).toEqual({ samples: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 });
  });
});

describe('statusKb', () => {
  const status = 'Name:\tnode\nVmPeak:\t 1200000 kB\nVmHWM:\t  812344 kB\nVmRSS:\t  700001 kB\n';
  it.each([
    { field: 'VmHWM' as const, text: status, expected: 812344 },
    { field: 'VmRSS' as const, text: status, expected: 700001 },
    { field: 'VmHWM' as const, text: 'Name:\tzombie\nState:\tZ (zombie)\n', expected: null },
  ])('$field → $expected', ({ field, text, expected }) => {
    expect(statusKb(text, field)).toBe(expected);
  });
});
