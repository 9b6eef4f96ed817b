/** Property tests (fast-check) for the invariants of docs/policy.md. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assess } from '#domain/assess';
import { add, sumNullable } from '#domain/decimal';
import { PolicyNotInForceError } from '#domain/errors';
import { POLICIES, policyFor } from '#domain/policy/index';
import { factsFor } from '#domain/timeline';
import type { RegisterRecord } from '#domain/types';
import { isStreet } from '#domain/units';
import { anyRecord, monthBefore, monthInForce } from '../cases/generate.ts';
import { r } from '../cases/record.ts';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const RUNS = { numRuns: 2000 };

describe('docs/policy.md invariants', () => {
  it('exactly one service and one indicators unit for an active record, none for an inactive one', () => {
    fc.assert(
      fc.property(anyRecord, monthInForce, (record, month) => {
        const a = assess(record, month, POLICIES);
        if (record.stage === 'inactive') {
          return a.status === 'inactive' && a.service === null && a.indicators === null && a.safety === null;
        }
        return a.status === 'active' && typeof a.service === 'string' && typeof a.indicators === 'string';
      }),
      RUNS,
    );
  });

  it('safety is always a street, and always the record’s street', () => {
    fc.assert(
      fc.property(anyRecord, monthInForce, (record, month) => {
        const a = assess(record, month, POLICIES);
        return a.status === 'inactive' || (isStreet(a.safety) && a.safety === record.street);
      }),
      RUNS,
    );
  });

  it('deterministic: same inputs, same output, any number of times, input untouched', () => {
    fc.assert(
      fc.property(anyRecord, monthInForce, (record, month) => {
        const copy = structuredClone(record);
        const first = assess(deepFreeze(record), month, POLICIES);
        expect(assess(copy, month, POLICIES)).toEqual(first);
        expect(assess(record, month, POLICIES)).toEqual(first);
        expect(record).toEqual(copy);
      }),
      { numRuns: 500 },
    );
  });

  it('order independent: assessing a register in any order gives the same assignments', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(anyRecord, { selector: (r) => r.key, maxLength: 30 }),
        monthInForce,
        fc.nat(),
        (records, month, seed) => {
          const forward = new Map(records.map((r) => [r.key, assess(r, month, POLICIES)]));
          const shuffled = [...records].sort(
            (a, b) => (a.key.charCodeAt(seed % 18) ^ seed) - (b.key.charCodeAt(seed % 18) ^ seed),
          );
          const backward = new Map([...shuffled].reverse().map((r) => [r.key, assess(r, month, POLICIES)]));
          for (const [key, a] of forward) expect(backward.get(key)).toEqual(a);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('factsFor does not depend on the order of the versions', () => {
    fc.assert(
      fc.property(fc.array(monthInForce, { minLength: 1, maxLength: 8 }), monthInForce, (months, month) => {
        const versions: RegisterRecord[] = [...new Set(months)].map((m) => r({ month: m }));
        const a = factsFor(versions, month)?.month;
        const b = factsFor([...versions].reverse(), month)?.month;
        const expected =
          versions
            .filter((v) => v.month <= month)
            .map((v) => v.month)
            .sort()
            .at(-1) ?? [...new Set(months)].sort()[0];
        return a === b && a === expected;
      }),
      RUNS,
    );
  });

  it('indicators of a month sum, unit by unit, to the district total, to the last digit', () => {
    const value = fc
      .tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 6 }))
      .map(([n, places]) => {
        const s = (n < 0n ? -n : n).toString().padStart(places + 1, '0');
        const text = places ? `${s.slice(0, -places)}.${s.slice(-places)}` : s;
        return n < 0n ? `-${text}` : text;
      });
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(anyRecord, value), { selector: ([r]) => r.key, maxLength: 40 }),
        monthInForce,
        (rows, month) => {
          const byUnit = new Map<string, string[]>();
          const active: string[] = [];
          for (const [record, v] of rows) {
            const unit = assess(record, month, POLICIES).indicators;
            if (unit === null) continue;
            active.push(v);
            byUnit.set(unit, [...(byUnit.get(unit) ?? []), v]);
          }
          const units = [...byUnit.values()].map((vs) => sumNullable(vs) ?? '0');
          const total = units.reduce((s, v) => add(s, v), '0');
          expect(total).toBe(sumNullable(active) ?? '0');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('evaluating a month before any policy is in force is an error, not a guess', () => {
    fc.assert(
      fc.property(anyRecord, monthBefore, (record, month) => {
        expect(() => assess(record, month, POLICIES)).toThrow(PolicyNotInForceError);
        expect(() => policyFor(month, POLICIES)).toThrow(PolicyNotInForceError);
      }),
      { numRuns: 500 },
    );
  });

  it('clauses: decidedBy first, then 2.safety, no duplicates; warnings in Chinese', () => {
    fc.assert(
      fc.property(anyRecord, monthInForce, (record, month) => {
        const a = assess(record, month, POLICIES);
        if (a.status === 'inactive') return a.clauses.length === 0 && a.warnings.length === 0;
        return (
          a.clauses[0] === a.decidedBy &&
          a.clauses[1] === '2.safety' &&
          new Set(a.clauses).size === a.clauses.length &&
          a.warnings.every((w) => /^W_[A-Z_]+$/u.test(w.code) && /[\u4e00-\u9fff]/u.test(w.message))
        );
      }),
      RUNS,
    );
  });
});
