/**
 * Small measuring helpers of the benches: latency summaries, a process's peak memory as
 * Linux reports it, and the directory a bench keeps its district in.
 *
 * @module
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** p50, p99 and the maximum of a list of latencies (ms), with the number of samples. */
export interface LatencySummary {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * The value at quantile `q` (0–1) of `samples` by the nearest-rank method: the smallest sample
 * with at least `q` of the samples at or below it; 0 for no samples.
 */
export function nearestRank(samples: readonly number[], q: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

/** p50 / p99 / max of the samples (ms, rounded to 0.1 ms). */
export function latencySummary(samples: readonly number[]): LatencySummary {
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    samples: samples.length,
    p50Ms: round(nearestRank(samples, 0.5)),
    p99Ms: round(nearestRank(samples, 0.99)),
    maxMs: round(samples.length === 0 ? 0 : Math.max(...samples)),
  };
}

/**
 * A field in kB of `/proc/<pid>/status` (`VmHWM`: the peak resident set; `VmRSS`: the resident
 * set now), or null when the text has none.
 */
export function statusKb(statusText: string, field: 'VmHWM' | 'VmRSS'): number | null {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(statusText);
  return match ? Number(match[1]) : null;
}

/**
 * The directory a bench keeps its district in: `--data DIR` (it must not hold a table yet),
 * else a new temporary one named after the bench.
 */
export function benchDataDir(data: string | undefined, bench: string): { dir: string; given: boolean } {
  const given = data ? resolve(data) : null;
  if (given && existsSync(join(given, 'dynamodb')))
    throw new Error(`数据目录 ${given} 已有数据：请指定一个新的（空的）目录。`);
  const dir = given ?? mkdtempSync(join(tmpdir(), `lkg-bench-${bench}-`));
  mkdirSync(dir, { recursive: true });
  return { dir, given: given !== null };
}
