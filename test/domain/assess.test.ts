import { describe, expect, it } from 'vitest';
import { assess, RULE_LIBRARY, stageIn } from '#domain/assess';
import { PolicyNotInForceError, ValidationError } from '#domain/errors';
import { clauseIds, DECIDING_RULE_IDS, POLICIES, POLICY_2020_1 } from '#domain/policy/index';
import { factsFor } from '#domain/timeline';
import type { Assignment, ClauseId, Month } from '#domain/types';
import { CASE_FILES } from '../cases/index.ts';
import { type Expected, r } from '../cases/record.ts';

function check(a: Assignment, expected: Expected): void {
  const { warningCodes = [], ...fields } = expected;
  for (const [field, value] of Object.entries(fields)) {
    expect({ field, value: a[field as keyof Assignment] }).toEqual({ field, value });
  }
  expect(a.warnings.map((w) => w.code)).toEqual(warningCodes);
  for (const w of a.warnings) expect(w.message).toMatch(/[\u4e00-\u9fff]/u);
}

for (const [file, cases] of Object.entries(CASE_FILES)) {
  describe(`cases: ${file}`, () => {
    it.each(cases)('$name ($month)', ({ input, month, expected }) => {
      const a = assess(input, month, POLICIES);
      expect(a.key).toBe(input.key);
      expect(a.name).toBe(input.name);
      check(a, expected);
      if (a.status === 'active') {
        expect(a.clauses[0]).toBe(a.decidedBy);
        expect(a.clauses[1]).toBe('2.safety');
        expect(a.safety).toBe(input.street);
      }
    });
  });
}

describe('the case tables cover the policy', () => {
  const all = Object.values(CASE_FILES).flat();
  const outcomes = all.map((c) => assess(c.input, c.month, POLICIES));
  const CLAUSE_IDS = clauseIds(POLICY_2020_1);
  const deciding: ClauseId[] = CLAUSE_IDS.filter((id) => !['2.safety', '3.4', '4'].includes(id));
  it.each(deciding)('some case is decided by %s', (id) => {
    expect(outcomes.some((a) => a.decidedBy === id)).toBe(true);
  });
  it.each(CLAUSE_IDS)('some case cites %s', (id) => {
    expect(outcomes.some((a) => a.clauses.includes(id))).toBe(true);
  });
  it.each(['W_STAT_STREET', 'W_FOCUS', 'W_CATEGORY_UNKNOWN', 'W_MOVEMENT_SAME_STREET'])(
    'some case warns %s',
    (code) => expect(outcomes.some((a) => a.warnings.some((w) => w.code === code))).toBe(true),
  );
  it('every worked example and every reading is a case', () => {
    expect(CASE_FILES['worked examples']).toHaveLength(13);
    expect(all.filter((c) => c.name.startsWith('Reading:')).length).toBeGreaterThanOrEqual(15);
  });
  it('2020-1 uses nine rules of the library, the last (street) always matches', () => {
    expect(POLICY_2020_1.rules).toHaveLength(9);
    expect(POLICY_2020_1.rules.at(-1)).toEqual({ rule: 'street', clause: '2.street' });
    expect(Object.keys(RULE_LIBRARY).sort()).toEqual([...DECIDING_RULE_IDS].sort());
  });
});

describe('stageIn', () => {
  it.each([
    ['building', '2026-09-30', '2026-09', 'built'],
    ['building', '2026-10-01', '2026-09', 'building'],
    ['built', '2026-10-01', '2026-09', 'building'],
    ['built', null, '2026-09', 'built'],
    ['signed', null, '2026-09', 'signed'],
    ['new', '2026-09-01', '2026-09', 'built'],
    ['new', '2026-09-02', '2026-08', 'new'],
    ['signed', '2026-10-01', '2026-09', 'signed'],
    ['inactive', '2020-01-01', '2026-09', 'inactive'],
    ['building', '2023-02-28', '2023-02', 'built'],
    ['building', '2023-03-01', '2023-02', 'building'],
  ] as const)('register %s, completedOn %s, in %s → %s', (stage, completedOn, month, out) => {
    expect(stageIn(r({ stage, completedOn }), month)).toBe(out);
  });
});

describe('factsFor (docs/policy.md)', () => {
  const v = (month: Month, street: 'jinghe' | 'baiquan' | 'cihui') => r({ month, street });
  const versions = [v('2026-08', 'baiquan'), v('2026-03', 'jinghe'), v('2026-10', 'cihui')];
  it.each([
    ['2026-10', '2026-10'],
    ['2026-12', '2026-10'],
    ['2026-09', '2026-08'],
    ['2026-08', '2026-08'],
    ['2026-07', '2026-03'],
    ['2026-03', '2026-03'],
    ['2026-02', '2026-03'],
    ['2020-04', '2026-03'],
  ] as [Month, Month][])('for %s uses the version of %s', (month, used) => {
    expect(factsFor(versions, month)?.month).toBe(used);
  });
  it('is null without versions', () => expect(factsFor([], '2026-10')).toBeNull());
});

describe('the policy in force', () => {
  it.each<Month>(['2020-03', '2019-12', '2000-01'])(
    'assessing %s throws PolicyNotInForceError in Chinese',
    (month) => {
      const fn = () => assess(r(), month, POLICIES);
      expect(fn).toThrow(PolicyNotInForceError);
      expect(fn).toThrow(/没有生效的政策.*2020年4月27日起施行.*2020年4月或以后/u);
    },
  );
  it.each<Month>(['2020-04', '2030-12'])('assessing %s works', (month) => {
    expect(assess(r(), month, POLICIES).status).toBe('active');
  });
  it.each(['2026-13', '2026-1', 'now', ''])('a malformed month %j is a ValidationError', (month) => {
    // not a Month by type: the runtime check is for months that come in untyped (JSON, cells)
    expect(() => assess(r(), month as Month, POLICIES)).toThrow(ValidationError);
  });
  it('a record whose street is not a street is a ValidationError', () => {
    expect(() => assess(r({ street: 'jidian' as never }), '2026-10', POLICIES)).toThrow(ValidationError);
  });
  it('a record recruited by the bureau is a ValidationError (E_RECRUITER_BUREAU is the checks’ finding)', () => {
    expect(() => assess(r({ recruiter: 'bureau' as never }), '2026-10', POLICIES)).toThrow(/区商务局/u);
  });
  it('an inactive record is never checked further', () => {
    expect(assess(r({ stage: 'inactive', street: 'nowhere' as never }), '2026-10', POLICIES).status).toBe(
      'inactive',
    );
  });
  it('uses the version of the set given that is in force for the month', () => {
    const later = { ...POLICY_2020_1, id: 'later', effectiveFrom: '2027-01-15' };
    expect(() => assess(r(), '2026-12', [later])).toThrow(PolicyNotInForceError);
    expect(assess(r(), '2027-01', [later]).decidedBy).toBe('2.street');
  });
});
