import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assess } from '#domain/assess';
import { shift, sumNullable } from '#domain/decimal';
import { rulesOf } from '#domain/decisions';
import { INDICATOR_IDS } from '#domain/indicators';
import { addMonths, makeMonth, monthRange } from '#domain/months';
import { POLICIES } from '#domain/policy/index';
import { summarize } from '#domain/summaries';
import { factsFor } from '#domain/timeline';
import type { IndicatorRow, Month, RegisterRecord, Stage } from '#domain/types';
import { OFFICE_IDS, STREET_IDS } from '#domain/units';
import { rec } from './summaries-support.ts';

const month = (from: number, to: number) =>
  fc.integer({ min: from, max: to }).map((i) => makeMonth(Math.floor(i / 12), (i % 12) + 1));
const MONTHS = month(2024 * 12, 2026 * 12 + 11);
const decimal = fc
  .tuple(fc.bigInt({ min: -(10n ** 9n), max: 10n ** 10n }), fc.integer({ min: 0, max: 6 }))
  .map(([units, scale]) => shift(units.toString(), -scale));

const version = (key: string) =>
  fc
    .record({
      month: MONTHS,
      stage: fc.constantFrom<Stage>('built', 'building', 'signed', 'new', 'inactive'),
      recruiter: fc.constantFrom(null, ...OFFICE_IDS, 'xingouzhen', 'dongshan', 'baiquan'),
      street: fc.constantFrom(...STREET_IDS),
      place: fc.constantFrom(null, 'zongbao-1', 'changqing-park', 'sme-city'),
      completed: fc.option(MONTHS.map((m) => `${m}-15`)),
      keyProject: fc.constantFrom(null, null, null, 'boe' as const),
    })
    .map(
      (v): RegisterRecord =>
        rec({
          key,
          month: v.month,
          stage: v.stage,
          recruiter: v.recruiter as RegisterRecord['recruiter'],
          street: v.place === 'changqing-park' ? 'changqing' : v.place === 'sme-city' ? 'cihui' : v.street,
          zone: v.place as RegisterRecord['zone'],
          completedOn: v.completed,
          keyProject: v.keyProject,
        }),
    );

const world = fc
  .integer({ min: 1, max: 12 })
  .chain((n) => {
    const keys = Array.from({ length: n }, (_, i) => `R${i}`);
    return fc.record({
      records: fc.tuple(...keys.map((k) => fc.array(version(k), { minLength: 1, maxLength: 3 }))),
      indicators: fc.array(
        fc.record({
          key: fc.constantFrom(...keys, 'UNREGISTERED'),
          month: MONTHS,
          values: fc.record(Object.fromEntries(INDICATOR_IDS.map((k) => [k, fc.option(decimal)]))),
        }),
        { maxLength: 60 },
      ),
    });
  })
  .map((w) => {
    // One row per (key, month): the store keeps the latest upload.
    const rows = new Map<string, IndicatorRow>();
    for (const r of w.indicators) rows.set(`${r.key}|${r.month}`, r as IndicatorRow);
    return { ...w, indicators: [...rows.values()] };
  });

describe('summaries: properties', () => {
  it('for every month 2025-01..2026-12: units sum to the district total, and the total is every active enterprise once, to the last digit', () => {
    fc.assert(
      fc.property(world, ({ records, indicators }) => {
        for (const M of monthRange('2025-01', '2026-12')) {
          const { document } = summarize({
            month: M,
            records,
            indicators,
            targets: [],
            rules: rulesOf(POLICIES),
          });
          const year = M.slice(0, 4);
          const lastYear = addMonths(M, -12);
          const activeIn = (m: Month) =>
            new Set(
              records
                .map((vs) => {
                  const f = factsFor(vs, m);
                  return f && assess(f, m, POLICIES).status === 'active' ? f.key : null;
                })
                .filter((k): k is string => k != null),
            );
          const now = activeIn(M);
          const then = activeIn(lastYear);
          for (const k of INDICATOR_IDS) {
            for (const field of [
              'month',
              'ytd',
              'lastYearYtd',
              'reportedLastYearYtd',
              'baseShift',
            ] as const) {
              const units = sumNullable(document.units.map((u) => u.indicators[k]?.[field] ?? null));
              expect(document.total.indicators[k]?.[field]).toBe(units);
            }
            const values = (keys: Set<string>, from: string, to: string) =>
              sumNullable(
                indicators
                  .filter((r) => keys.has(r.key) && r.month >= from && r.month <= to)
                  .map((r) => r.values[k]),
              );
            expect(document.total.indicators[k]?.month).toBe(values(now, M, M));
            expect(document.total.indicators[k]?.ytd).toBe(values(now, `${year}-01`, M));
            expect(document.total.indicators[k]?.lastYearYtd).toBe(
              values(now, `${Number(year) - 1}-01`, lastYear),
            );
            expect(document.total.indicators[k]?.reportedLastYearYtd).toBe(
              values(then, `${Number(year) - 1}-01`, lastYear),
            );
          }
          expect(document.total.carried).toBe(now.size);
          expect(document.units.reduce((s, u) => s + u.carried, 0)).toBe(now.size);
          expect(document.units.reduce((s, u) => s + u.served, 0)).toBe(now.size);
          expect(document.units.reduce((s, u) => s + u.transfersIn, 0)).toBe(document.total.transfersIn);
          expect(document.units.reduce((s, u) => s + u.transfersOut, 0)).toBe(document.total.transfersOut);
        }
      }),
      { numRuns: 60 },
    );
  });
});
