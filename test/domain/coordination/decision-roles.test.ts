/**
 * Decisions per role: for each role (service, indicators) the decision in force in M with the
 * latest `from` that sets that role decides it (ties: the later recorded); a decision sets a
 * role to a unit, back to 按规则, or leaves it alone. And upload authority agrees with the
 * timeline on who holds a record, for random records, decisions and months (fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contextFromVersions } from '#domain/authority/index';
import {
  BY_RULES,
  type DecisionRecord,
  decisionsFrom,
  parseDecisionInput,
  type RoleSetting,
  rulesOf,
} from '#domain/decisions';
import { addMonths } from '#domain/months';
import { POLICIES } from '#domain/policy/index';
import { assignmentAt } from '#domain/timeline';
import type { Month, RegisterRecord } from '#domain/types';
import { UNITS, type UnitId } from '#domain/units';
import { r } from '../../cases/record.ts';

const KEY = '91420112MA0000ROLE';
/** 机电产业办's project built in 金银湖街: the rules move it to the street (service and indicators: jinyinhu). */
const record = r({ key: KEY, recruiter: 'jidian', street: 'jinyinhu', stage: 'built', month: '2026-01' });
const BY = { subject: 'wg-clerk', unit: 'bureau' };

function d(
  id: string,
  from: Month,
  service: RoleSetting,
  indicators: RoleSetting,
  recordedAt = `2026-0${id.length}-01T00:00:00.000Z`,
): DecisionRecord {
  return {
    id,
    keys: [KEY],
    from,
    service,
    indicators,
    reason: `理由 ${id}`,
    documentNo: `武临开专〔2026〕${id}号`,
    recordedBy: BY,
    recordedAt,
  };
}

interface RoleCase {
  name: string;
  decisions: DecisionRecord[];
  month: Month;
  service: UnitId;
  indicators: UnitId;
  /** The decision the answer names (null: the rules alone). */
  decidedBy: string | null;
}

const T1 = '2026-05-01T00:00:00.000Z';
const T2 = '2026-05-02T00:00:00.000Z';

const cases: RoleCase[] = [
  {
    name: 'no decision: the rules',
    decisions: [],
    month: '2026-07',
    service: 'jinyinhu',
    indicators: 'jinyinhu',
    decidedBy: null,
  },
  {
    name: 'one decision sets both roles',
    decisions: [d('A', '2026-06', 'jidian', 'jidian')],
    month: '2026-06',
    service: 'jidian',
    indicators: 'jidian',
    decidedBy: 'A',
  },
  {
    name: 'the month before its first month: the rules',
    decisions: [d('A', '2026-06', 'jidian', 'jidian')],
    month: '2026-05',
    service: 'jinyinhu',
    indicators: 'jinyinhu',
    decidedBy: null,
  },
  {
    name: 'a later decision setting only the indicators keeps the earlier one’s service',
    decisions: [d('A', '2026-06', 'jidian', 'jidian'), d('BB', '2026-08', null, 'changqing')],
    month: '2026-08',
    service: 'jidian',
    indicators: 'changqing',
    decidedBy: 'BB',
  },
  {
    name: '… and before the later one’s first month the earlier one decides both',
    decisions: [d('A', '2026-06', 'jidian', 'jidian'), d('BB', '2026-08', null, 'changqing')],
    month: '2026-07',
    service: 'jidian',
    indicators: 'jidian',
    decidedBy: 'A',
  },
  {
    name: 'an explicit 按规则 for the indicators: the rules’ unit, the service still decided',
    decisions: [d('A', '2026-06', 'jidian', 'jidian'), d('BB', '2026-08', null, BY_RULES)],
    month: '2026-09',
    service: 'jidian',
    indicators: 'jinyinhu',
    decidedBy: 'A',
  },
  {
    name: '按规则 for both roles: the rules alone (no decision named)',
    decisions: [d('A', '2026-06', 'jidian', 'jidian'), d('BB', '2026-08', BY_RULES, BY_RULES)],
    month: '2026-08',
    service: 'jinyinhu',
    indicators: 'jinyinhu',
    decidedBy: null,
  },
  {
    name: 'an earlier `from` recorded later does not override a later `from`',
    decisions: [d('A', '2026-08', 'jidian', 'jidian', T1), d('BB', '2026-06', 'changqing', 'changqing', T2)],
    month: '2026-09',
    service: 'jidian',
    indicators: 'jidian',
    decidedBy: 'A',
  },
  {
    name: 'the same `from`: the later recorded decides',
    decisions: [d('A', '2026-06', 'jidian', 'jidian', T2), d('BB', '2026-06', 'changqing', 'changqing', T1)],
    month: '2026-06',
    service: 'jidian',
    indicators: 'jidian',
    decidedBy: 'A',
  },
  {
    name: 'the same `from`, each role by the later recorded that sets it',
    decisions: [d('A', '2026-06', 'jidian', null, T2), d('BB', '2026-06', 'changqing', 'changqing', T1)],
    month: '2026-06',
    service: 'jidian',
    indicators: 'changqing',
    decidedBy: 'A',
  },
];

describe('decisions per role (case table)', () => {
  it.each(cases)('$name', (c) => {
    const rules = rulesOf(POLICIES, decisionsFrom(c.decisions, []));
    const a = assignmentAt([record], c.month, rules)!;
    expect({ service: a.service, indicators: a.indicators }).toEqual({
      service: c.service,
      indicators: c.indicators,
    });
    expect(a.decision?.id ?? null).toBe(c.decidedBy);
    expect(a.decidedBy === 'decision').toBe(c.decidedBy !== null);
  });

  it('an ended decision that set a role: the role falls back to the next decision that sets it', () => {
    const rules = rulesOf(
      POLICIES,
      decisionsFrom(
        [d('A', '2026-06', 'jidian', 'jidian'), d('BB', '2026-08', null, 'changqing')],
        [
          {
            decisionId: 'BB',
            from: '2026-10',
            reason: null,
            documentNo: null,
            recordedBy: BY,
            recordedAt: '2026-09-01T00:00:00.000Z',
          },
        ],
      ),
    );
    expect(assignmentAt([record], '2026-10', rules)).toMatchObject({
      service: 'jidian',
      indicators: 'jidian',
    });
  });
});

describe('reading a role: a unit, null or 按规则 (back to the rules), absent (left alone)', () => {
  const base = { keys: [KEY], from: '2026-06', reason: '理由', documentNo: '武临开专〔2026〕1号' };
  it.each([
    [{ service: '长青街' }, 'changqing', null],
    [{ service: null, indicators: '长青街' }, BY_RULES, 'changqing'],
    [{ service: '按规则' }, BY_RULES, null],
    [{ indicators: 'rules' }, null, BY_RULES],
    [{ service: '', indicators: '机电产业办' }, null, 'jidian'],
  ])('%j', (input, service, indicators) => {
    expect(parseDecisionInput({ ...base, ...input })).toMatchObject({ service, indicators });
  });
  it('neither role: refused, saying how to set one back to the rules', () => {
    expect(() => parseDecisionInput(base)).toThrow(/按规则/);
  });
});

// ───────────────────────────── property: authority and the timeline agree ─────────────────────────────

const STREETS = UNITS.filter((u) => u.kind === 'street').map((u) => u.id);
const OFFICES = UNITS.filter((u) => u.kind === 'office').map((u) => u.id);
const MONTHS = Array.from({ length: 24 }, (_, i) => addMonths('2025-06', i));
const month = fc.constantFrom(...MONTHS);
const unit = fc.constantFrom<UnitId>(...STREETS, ...OFFICES);
const setting = fc.oneof(fc.constant(null), fc.constant(BY_RULES), unit) as fc.Arbitrary<RoleSetting>;

const version = fc.record({
  month,
  street: fc.constantFrom<UnitId>(...STREETS),
  recruiter: fc.option(fc.constantFrom<UnitId>(...OFFICES), { nil: null }),
  stage: fc.constantFrom('built', 'building', 'signed', 'inactive' as const),
});

const decisionArb = fc.record({
  from: month,
  length: fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }),
  service: setting,
  indicators: setting,
  recordedAt: fc.integer({ min: 0, max: 1000 }),
});

describe('upload authority and the timeline agree on the holder (property)', () => {
  it('for random records, decisions and months', () => {
    fc.assert(
      fc.property(
        fc.array(version, { minLength: 1, maxLength: 4 }),
        fc.array(decisionArb, { maxLength: 4 }),
        month,
        (vs, ds, m) => {
          const versions: RegisterRecord[] = vs.map((v) =>
            r({
              key: KEY,
              month: v.month,
              street: v.street as RegisterRecord['street'],
              recruiter: v.recruiter as RegisterRecord['recruiter'],
              stage: v.stage as RegisterRecord['stage'],
              completedOn: v.stage === 'built' ? '2021-05-01' : null,
            }),
          );
          const records = ds
            .filter((x) => x.service !== null || x.indicators !== null)
            .map((x, i) =>
              d(
                `P${i}`,
                x.from,
                x.service,
                x.indicators,
                new Date(Date.UTC(2026, 0, 1, 0, x.recordedAt)).toISOString(),
              ),
            );
          const ends = ds.flatMap((x, i) =>
            x.length === null || records[i] === undefined
              ? []
              : [
                  {
                    decisionId: `P${i}`,
                    from: addMonths(x.from, x.length),
                    reason: null,
                    documentNo: null,
                    recordedBy: BY,
                    recordedAt: '2026-12-01T00:00:00.000Z',
                  },
                ],
          );
          const rules = rulesOf(POLICIES, decisionsFrom(records, ends));
          const context = contextFromVersions((k) => (k === KEY ? versions : undefined), rules);
          const timeline = assignmentAt(versions, m, rules);
          // The indicators carrier after an upload with no register rows: the timeline's.
          expect(context.indicatorsAfter([])(KEY, m)).toBe(timeline?.indicators ?? null);
          // The standing before an upload: the timeline's answer for the facts a row of M merges onto.
          const standing = context.before(KEY, m);
          if (standing.facts && standing.facts.stage !== 'inactive')
            expect(standing.assignment).toEqual(timeline);
        },
      ),
      { numRuns: 300 },
    );
  });
});
