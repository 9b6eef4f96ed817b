/**
 * `lkg rebuild` shows its progress: each phase (the stored uploads read and judged again, then
 * the enterprises and projects re-projected) as 「重建：重新计算企业和项目 12,000 / 50,000 个（24%），约剩 3 分钟」, at most every two seconds.
 */
import { describe, expect, it } from 'vitest';
import { progressLine, progressPrinter, timeLeftText } from '#functions/cli/commands/rebuild';
import type { ReplayProgress } from '#functions/ingest/replay';

describe('rebuild progress', () => {
  it.each([
    ['before the first step', 0, 0, 100, '估算中'],
    ['a second per step, 20 left', 10_000, 10, 30, '约剩不到 1 分钟'],
    ['a second per step, 59 left (59 s)', 1_000, 1, 60, '约剩不到 1 分钟'],
    ['a second per step, 60 left (1 min)', 1_000, 1, 61, '约剩 1 分钟'],
    ['12,000 of 50,000 in 57 s: 3 min', 57_000, 12_000, 50_000, '约剩 3 分钟'],
    ['an hour and a half', 60_000, 1, 91, '约剩 1 小时 30 分钟'],
    ['all done', 5_000, 10, 10, '即将完成'],
  ])('%s', (_t, elapsed, done, total, text) => {
    expect(timeLeftText(elapsed, done, total)).toBe(text);
  });

  it.each<[ReplayProgress, number, string]>([
    [
      { phase: 'write', done: 12_000, total: 50_000 },
      57_000,
      '重建：重新计算企业和项目 12,000 / 50,000 个（24%），约剩 3 分钟',
    ],
    [{ phase: 'read', done: 0, total: 480 }, 0, '重建：读取并判定已存上传 0 / 480 个（0%），估算中'],
    [{ phase: 'read', done: 480, total: 480 }, 9_000, '重建：读取并判定已存上传 480 / 480 个（100%），完成'],
    [{ phase: 'write', done: 0, total: 0 }, 0, '重建：重新计算企业和项目 0 / 0 个（100%），完成'],
  ])('%j', (p, elapsed, line) => {
    expect(progressLine(p, elapsed)).toBe(line);
  });

  it('prints each phase’s start and end, and between them at most every 2 s', () => {
    const lines: string[] = [];
    let t = 0;
    const report = progressPrinter(
      (l) => lines.push(l),
      () => t,
    );
    const steps: Array<[number, ReplayProgress]> = [
      [0, { phase: 'read', done: 0, total: 3 }],
      [500, { phase: 'read', done: 1, total: 3 }], // within 2 s: not printed
      [2_100, { phase: 'read', done: 2, total: 3 }],
      [2_200, { phase: 'read', done: 3, total: 3 }], // the end: printed
      [2_300, { phase: 'write', done: 0, total: 1_000 }], // a new phase: printed, its own clock
      [2_400, { phase: 'write', done: 500, total: 1_000 }],
      [4_400, { phase: 'write', done: 1_000, total: 1_000 }],
    ];
    for (const [at, p] of steps) {
      t = at;
      report(p);
    }
    expect(lines).toEqual([
      '重建：读取并判定已存上传 0 / 3 个（0%），估算中',
      '重建：读取并判定已存上传 2 / 3 个（66%），约剩不到 1 分钟',
      '重建：读取并判定已存上传 3 / 3 个（100%），完成',
      '重建：重新计算企业和项目 0 / 1,000 个（0%），估算中',
      '重建：重新计算企业和项目 1,000 / 1,000 个（100%），完成',
    ]);
  });
});
