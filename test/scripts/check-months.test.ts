/**
 * The month check of `npm run lint` (scripts/check-months.ts): planted cases fail it, the
 * module's own answers pass, domain/months.ts may compare by hand, and domain/ passes today.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMonths } from '../../scripts/check-months.ts';

const FILE = 'domain/planted.ts';

describe('the month check', () => {
  it.each([
    ['a month compared with <', 'export const f = (month: string, to: string) => month < to;'],
    ['a property compared with >=', 'export const f = (a: { from: string }, m: string) => a.from >= m;'],
    ['a YYYY-MM literal compared', "export const f = (x: string) => x <= '2026-06';"],
    [
      'localeCompare on months',
      'export const f = (a: { month: string }, b: { month: string }) => a.month.localeCompare(b.month);',
    ],
    ['months sorted without the comparator', 'export const f = (months: string[]) => [...months].sort();'],
    ['a sentinel', "export const LAST = '9999-12';"],
  ])('fails on %s', (_name, text) => {
    expect(checkMonths(FILE, text)).toHaveLength(1);
  });

  it.each([
    [
      'compareMonths',
      "import { compareMonths } from './months.ts';\nexport const f = (a: string, month: string) => compareMonths(a, month) < 0;",
    ],
    [
      'sortMonths and sort(compareMonths)',
      'export const f = (months: string[]) => [sortMonths(months), months.sort(compareMonths)];',
    ],
    [
      'numbers named month',
      'export const f = (u: { completedThisMonth: number }) => u.completedThisMonth > 0;',
    ],
    ['other comparisons', 'export const f = (a: number, b: number) => a < b;'],
  ])('passes %s', (_name, text) => {
    expect(checkMonths(FILE, text)).toEqual([]);
  });

  it('lets domain/months.ts compare by hand', () => {
    expect(
      checkMonths('domain/months.ts', 'export const f = (month: string, to: string) => month < to;'),
    ).toEqual([]);
  });

  it('passes domain/ as it is', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => {
        const p = join(dir, n);
        return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(n) ? [p] : [];
      });
    expect(files('domain').flatMap((f) => checkMonths(f, readFileSync(f, 'utf8')))).toEqual([]);
  });
});
