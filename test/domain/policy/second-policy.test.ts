/**
 * Issue "One timeline", Build 3: adding a second policy version is one policy file plus its
 * case tables. The fictitious `2027-test` (test/cases/fictitious-2027/policy.json, from
 * 2027-01-01) adds clause `3.1.zongbao-2`: every month before 2027-01 is assessed exactly as
 * under 2020-1 alone; from 2027-01 only the records the new clause reaches change, and each
 * gets a transfer (划转) at 2027-01 citing it — in the history, the ingest's record state and
 * the month summaries.
 */

import { describe, expect, it } from 'vitest';
import { assess } from '#domain/assess';
import { rulesOf } from '#domain/decisions';
import { monthRange } from '#domain/months';
import { clauseText, clauseTexts, POLICIES, POLICY_2020_1, policyFor } from '#domain/policy/index';
import { summarize } from '#domain/summaries';
import { changesOf, recordState, transfersOf } from '#domain/timeline';
import type { Assignment, Month } from '#domain/types';
import { cases } from '../../cases/fictitious-2027/cases.ts';
import { NEW_CLAUSE, POLICY_2027_TEST, WITH_2027 } from '../../cases/fictitious-2027/policy.ts';
import { everyCombination } from '../../cases/generate.ts';
import { r } from '../../cases/record.ts';

describe('cases: fictitious policy 2027-test', () => {
  it.each(cases)('$name ($month)', ({ input, month, expected }) => {
    const a = assess(input, month, WITH_2027);
    const { warningCodes = [], ...fields } = expected;
    for (const [field, value] of Object.entries(fields)) {
      expect({ field, value: a[field as keyof Assignment] }).toEqual({ field, value });
    }
    expect(a.warnings.map((w) => w.code)).toEqual(warningCodes);
  });
});

describe('the policy in force comes from the effective dates', () => {
  it.each([
    ['2026-12', '2020-1'],
    ['2027-01', '2027-test'],
    ['2035-06', '2027-test'],
  ] as [Month, string][])('%s → %s', (month, id) => expect(policyFor(month, WITH_2027).id).toBe(id));
  it('before any version is still an error', () => {
    expect(() => assess(r(), '2020-03', WITH_2027)).toThrow(/没有生效的政策/u);
  });
});

describe('clause ids belong to their policy', () => {
  it('the new clause has a text in 2027-test only', () => {
    expect(clauseText(NEW_CLAUSE, POLICY_2027_TEST)).toContain('综保区二期');
    expect(() => clauseText(NEW_CLAUSE, POLICY_2020_1)).toThrow(RangeError);
  });
  it('an answer of 2027-01 resolves its texts in the policy in force then', () => {
    const a = assess(r({ street: 'zoumaling', zone: 'zongbao-2' }), '2027-01', WITH_2027);
    const texts = clauseTexts(a.clauses, policyFor('2027-01', WITH_2027));
    expect(Object.keys(texts)).toEqual([NEW_CLAUSE, '2.safety']);
  });
});

describe('months before 2027-01 are unchanged; from 2027-01 only what the new clause reaches', () => {
  const records = everyCombination();
  const before = monthRange('2020-04', '2026-12');
  it('every month 2020-04..2026-12: the version in force is 2020-1 itself', () => {
    for (const month of before) expect(policyFor(month, WITH_2027)).toBe(POLICY_2020_1);
  });
  // assess is pure in (record, month, policy in force); the answers are compared in full for a
  // month of each half-year and the last two months before the switch.
  const sampled: Month[] = [...before.filter((_, i) => i % 6 === 0), '2026-11', '2026-12'];
  it('every generated record, sampled months to 2026-12: the same answer as 2020-1 alone', () => {
    let compared = 0;
    const differing: string[] = [];
    for (const month of sampled) {
      for (const record of records) {
        const a = JSON.stringify(assess(record, month, WITH_2027));
        if (a !== JSON.stringify(assess(record, month, POLICIES))) differing.push(`${record.key} ${month}`);
        compared++;
      }
    }
    expect(differing).toEqual([]);
    expect(compared).toBe(sampled.length * records.length);
  });
  it.each<Month>(['2027-01', '2029-07'])(
    '%s: a record changes only when the new clause decides it',
    (month) => {
      let moved = 0;
      for (const record of records) {
        const before = assess(record, month, POLICIES);
        const after = assess(record, month, WITH_2027);
        if (after.decidedBy === NEW_CLAUSE) {
          moved++;
          expect(record.zone).toBe('zongbao-2');
          expect([after.service, after.indicators]).toEqual(['zoumaling', 'zoumaling']);
        } else {
          expect(after).toEqual(before);
        }
      }
      // Active, in 综保区二期, and no rule before it in the order decides first (a key project,
      // or 3.1.changqing: in 长青街, recruited by 新沟镇街 or 东山街).
      const first = (x: (typeof records)[number]) =>
        x.keyProject != null ||
        (x.street === 'changqing' && ['xingouzhen', 'dongshan'].includes(x.recruiter ?? ''));
      const reached = records.filter((x) => x.stage !== 'inactive' && x.zone === 'zongbao-2' && !first(x));
      expect(moved).toBe(reached.length);
      expect(moved).toBeGreaterThan(100);
    },
  );
});

describe('a record the new clause moves gets a transfer at 2027-01 citing it', () => {
  const versions = [
    r({
      key: '91420112MA0ZB20001',
      stage: 'built',
      recruiter: 'zongbao',
      street: 'zoumaling',
      zone: 'zongbao-2',
      completedOn: '2019-05-01',
      month: '2026-06',
    }),
  ];
  const transfer = {
    key: '91420112MA0ZB20001',
    month: '2027-01',
    from: 'zongbao',
    to: 'zoumaling',
    clause: NEW_CLAUSE,
  };

  it('transfersOf: one transfer, at 2027-01; none under 2020-1 alone', () => {
    expect(transfersOf(versions, monthRange('2026-06', '2027-12'), rulesOf(WITH_2027))).toEqual([transfer]);
    expect(transfersOf(versions, monthRange('2026-06', '2027-12'), rulesOf(POLICIES))).toEqual([]);
  });
  it('changesOf: the history changes at 2027-01', () => {
    const history = changesOf(versions, monthRange('2026-06', '2027-12'), rulesOf(WITH_2027));
    expect(history.map((h) => [h.month, h.assignment.decidedBy])).toEqual([
      ['2026-06', '3.1.retained'],
      ['2027-01', NEW_CLAUSE],
    ]);
  });
  it('the ingest record state: a period from 2027-01 and the transfer (the policy month is a change month)', () => {
    const state = recordState('91420112MA0ZB20001', versions, rulesOf(WITH_2027))!;
    expect(state.periods.map((p) => [p.from, p.to, p.assignment.decidedBy])).toEqual([
      ['2020-04', '2027-01', '3.1.retained'],
      ['2027-01', null, NEW_CLAUSE],
    ]);
    expect(state.transfers).toEqual([transfer]);
    const unchanged = recordState('91420112MA0ZB20001', versions, rulesOf(POLICIES))!;
    expect(unchanged.periods.map((p) => [p.from, p.to])).toEqual([['2020-04', null]]);
  });
  it('the summaries of 2027-01: 综保办 transfers out, 走马岭街 in, citing the new clause', () => {
    const { document } = summarize({
      month: '2027-01',
      records: [versions],
      indicators: [],
      targets: [],
      rules: rulesOf(WITH_2027),
    });
    const unit = (id: string) => document.units.find((u) => u.unit === id)!;
    expect([unit('zongbao').transfersOut, unit('zoumaling').transfersIn]).toEqual([1, 1]);
    expect(unit('zoumaling').lists.transfersIn.map((t) => [t.from, t.to, t.clause])).toEqual([
      ['zongbao', 'zoumaling', NEW_CLAUSE],
    ]);
    const before = summarize({
      month: '2026-12',
      records: [versions],
      indicators: [],
      targets: [],
      rules: rulesOf(WITH_2027),
    });
    expect(before.document.total.transfersIn).toBe(0);
  });
});
