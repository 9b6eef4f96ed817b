/**
 * Decisions as people read them: for a record and month, which decision holds for each role
 * (服务单位, 经济指标承担单位), which others it overrides and what the rules alone answer
 * (`roleAnswers`); for a decision, per role it no longer decides, who replaced it from which
 * month, and whether it is still running (执行中: it decides some role of some enterprise).
 */
import { describe, expect, it } from 'vitest';
import { assess } from '#domain/assess';
import {
  type DecisionEnd,
  type DecisionRecord,
  decisionStanding,
  decisionsFrom,
  type RoleSetting,
  roleAnswers,
  rulesOf,
} from '#domain/decisions';
import { POLICIES } from '#domain/policy/index';
import type { Month } from '#domain/types';
import { r } from '../../cases/record.ts';

const K1 = '91420112MA0000STD1';
const K2 = '91420112MA0000STD2';
/** 机电产业办's projects built in 金银湖街: the rules give both roles to 金银湖街 (3.1.transferred). */
const records = [K1, K2].map((key) =>
  r({ key, recruiter: 'jidian', street: 'jinyinhu', stage: 'built', month: '2026-01' }),
);
const BY = { subject: 'wg-clerk', unit: 'bureau' };

function d(
  id: string,
  from: Month,
  service: RoleSetting,
  indicators: RoleSetting,
  keys: string[] = [K1, K2],
  recordedAt = `2026-05-0${id.charCodeAt(0) - 64}T00:00:00.000Z`,
): DecisionRecord {
  return {
    id,
    keys,
    from,
    service,
    indicators,
    reason: `理由 ${id}`,
    documentNo: `武临开专〔2026〕${id}号`,
    recordedBy: BY,
    recordedAt,
  };
}

const end = (decisionId: string, from: Month): DecisionEnd => ({
  decisionId,
  from,
  reason: null,
  documentNo: null,
  recordedBy: BY,
  recordedAt: '2026-09-01T00:00:00.000Z',
});

interface StandingCase {
  name: string;
  decisions: DecisionRecord[];
  ends?: DecisionEnd[];
  month: Month;
  /** Per role of K1 in the month: the decision holding it (null: the rules), its unit, the decisions it overrides. */
  roles: {
    service: [string | null, string, string[]];
    indicators: [string | null, string, string[]];
  };
  /** Per decision: running, and its supersessions as `role from by keys`. */
  standing: Record<string, [boolean, string[]]>;
}

const cases: StandingCase[] = [
  {
    name: 'one decision: it holds both roles, overrides nothing, runs',
    decisions: [d('A', '2026-06', 'jidian', 'jidian')],
    month: '2026-08',
    roles: { service: ['A', 'jidian', []], indicators: ['A', 'jidian', []] },
    standing: { A: [true, []] },
  },
  {
    name: 'a later decision sets both roles: the earlier is superseded for both from its month and no longer runs',
    decisions: [d('A', '2026-06', 'jidian', 'jidian'), d('B', '2026-08', 'changqing', 'changqing')],
    month: '2026-08',
    roles: { service: ['B', 'changqing', ['A']], indicators: ['B', 'changqing', ['A']] },
    standing: {
      A: [false, ['service 2026-08 B 2', 'indicators 2026-08 B 2']],
      B: [true, []],
    },
  },
  {
    name: 'the month before the later decision: the earlier still holds (it overrides nothing yet)',
    decisions: [d('A', '2026-06', 'jidian', 'jidian'), d('B', '2026-08', 'changqing', 'changqing')],
    month: '2026-07',
    roles: { service: ['A', 'jidian', []], indicators: ['A', 'jidian', []] },
    standing: { A: [true, []], B: [true, []] },
  },
  {
    name: 'a later decision sets only the indicators: the earlier keeps the service and still runs',
    decisions: [d('A', '2026-06', 'jidian', 'jidian'), d('B', '2026-08', null, 'changqing')],
    month: '2026-09',
    roles: { service: ['A', 'jidian', []], indicators: ['B', 'changqing', ['A']] },
    standing: { A: [true, ['indicators 2026-08 B 2']], B: [true, []] },
  },
  {
    name: 'the same month, recorded later: the later recorded holds, from the month they share',
    decisions: [d('A', '2026-06', 'jidian', 'jidian'), d('B', '2026-06', 'changqing', null)],
    month: '2026-06',
    roles: { service: ['B', 'changqing', ['A']], indicators: ['A', 'jidian', []] },
    standing: { A: [true, ['service 2026-06 B 2']], B: [true, []] },
  },
  {
    name: 'a later decision about one of two enterprises: the earlier still decides the other',
    decisions: [d('A', '2026-06', 'jidian', 'jidian'), d('B', '2026-08', 'changqing', 'changqing', [K1])],
    month: '2026-09',
    roles: { service: ['B', 'changqing', ['A']], indicators: ['B', 'changqing', ['A']] },
    standing: {
      A: [true, ['service 2026-08 B 1', 'indicators 2026-08 B 1']],
      B: [true, []],
    },
  },
  {
    name: 'a later decision sets a role back to 按规则: it holds, the unit is the rules’',
    decisions: [d('A', '2026-06', 'jidian', 'jidian'), d('B', '2026-08', 'rules', null)],
    month: '2026-08',
    roles: { service: ['B', 'jinyinhu', ['A']], indicators: ['A', 'jidian', []] },
    standing: { A: [true, ['service 2026-08 B 2']], B: [true, []] },
  },
  {
    name: 'the later decision ended: the earlier holds again and runs; the ended one does not',
    decisions: [d('A', '2026-06', 'jidian', 'jidian'), d('B', '2026-08', 'changqing', 'changqing')],
    ends: [end('B', '2026-10')],
    month: '2026-10',
    roles: { service: ['A', 'jidian', []], indicators: ['A', 'jidian', []] },
    standing: { A: [true, []], B: [false, []] },
  },
  {
    name: 'no decision in force: the rules hold both roles',
    decisions: [d('A', '2026-06', 'jidian', 'jidian')],
    ends: [end('A', '2026-07')],
    month: '2026-08',
    roles: { service: [null, 'jinyinhu', []], indicators: [null, 'jinyinhu', []] },
    standing: { A: [false, []] },
  },
];

describe('roleAnswers and decisionStanding: which decision holds, per role', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const rules = rulesOf(POLICIES, decisionsFrom(c.decisions, c.ends ?? []));
    const byRules = assess(records[0]!, c.month, POLICIES);
    const answers = roleAnswers(byRules, c.month, rules);
    for (const a of answers) {
      const [decision, unit, overrides] = c.roles[a.role];
      expect([a.decision?.id ?? null, a.unit, a.overrides.map((o) => o.id)]).toEqual([
        decision,
        unit,
        overrides,
      ]);
      expect([a.byRules, a.clause]).toEqual(['jinyinhu', '3.1.transferred']);
    }
    for (const decision of decisionsFrom(c.decisions, c.ends ?? [])) {
      const s = decisionStanding(decision, c.month, rules);
      expect([s.running, s.superseded.map((x) => `${x.role} ${x.from} ${x.by.id} ${x.keys}`)]).toEqual(
        c.standing[decision.id],
      );
    }
  });

  it('a decision starting after the month is read at its first month: running', () => {
    const rules = rulesOf(POLICIES, decisionsFrom([d('A', '2026-12', 'jidian', null)], []));
    const [a] = decisionsFrom([d('A', '2026-12', 'jidian', null)], []);
    expect(decisionStanding(a!, '2026-08', rules)).toEqual({ running: true, superseded: [] });
  });
});
