import { describe, expect, it } from 'vitest';
import { decisionsFrom, rulesOf } from '#domain/decisions';
import { PolicyNotInForceError } from '#domain/errors';
import { monthRange } from '#domain/months';
import { POLICIES, POLICY_2020_1 } from '#domain/policy/index';
import {
  assignmentAt,
  assignmentsOver,
  changesOf,
  recordInMonth,
  sameAssignment,
  storyOf,
  transferInMonth,
  transfersOf,
} from '#domain/timeline';
import type { Month } from '#domain/types';
import { STORY_CASES, STORY_DECISION_RECORD, STORY_MONTH } from '../cases/one-story.ts';
import { r } from '../cases/record.ts';

/** 食品医药 project in 径河街 (outside its cluster), completed 2026-09-15. */
const project = [
  r({ key: 'P1', recruiter: 'shipin', street: 'jinghe', stage: 'signed', month: '2026-03' }),
  r({ key: 'P1', recruiter: 'shipin', street: 'jinghe', stage: 'building', month: '2026-06' }),
  r({
    key: 'P1',
    recruiter: 'shipin',
    street: 'jinghe',
    stage: 'built',
    completedOn: '2026-09-15',
    month: '2026-10',
  }),
];

describe('assignmentsOver', () => {
  it('assesses each month with the facts for it', () => {
    const over = assignmentsOver(project, ['2026-10', '2026-02', '2026-07', '2026-09'], rulesOf(POLICIES));
    expect([...over.keys()]).toEqual(['2026-02', '2026-07', '2026-09', '2026-10']);
    // 2026-02: before the first version, the earliest version's facts (signed).
    expect(over.get('2026-02')).toMatchObject({ stage: 'signed', decidedBy: '3.2.pre-handover' });
    expect(over.get('2026-07')).toMatchObject({ stage: 'building', indicators: 'shipin' });
    // 2026-09: the June version has no completion date yet: still building.
    expect(over.get('2026-09')).toMatchObject({ stage: 'building', indicators: 'shipin' });
    expect(over.get('2026-10')).toMatchObject({
      stage: 'built',
      indicators: 'jinghe',
      decidedBy: '3.1.transferred',
    });
  });
  it('is empty without versions', () => {
    expect(assignmentsOver([], ['2026-10'], rulesOf(POLICIES)).size).toBe(0);
    expect(assignmentAt([], '2026-10', rulesOf(POLICIES))).toBeNull();
  });
  it('a month before the policy is an error', () => {
    expect(() => assignmentsOver(project, ['2020-03'], rulesOf(POLICIES))).toThrow(PolicyNotInForceError);
  });
  it('uses the policy given', () => {
    expect(assignmentsOver(project, ['2026-10'], rulesOf([POLICY_2020_1])).get('2026-10')?.indicators).toBe(
      'jinghe',
    );
  });
});

describe('changesOf (the history: the assignment per month it changed)', () => {
  it('lists the first month and each change, oldest first', () => {
    const changes = changesOf(project, monthRange('2026-01', '2026-12'), rulesOf(POLICIES));
    expect(changes.map((c) => [c.month, c.assignment.stage, c.assignment.indicators])).toEqual([
      ['2026-01', 'signed', 'shipin'],
      ['2026-06', 'building', 'shipin'],
      ['2026-10', 'built', 'jinghe'],
    ]);
  });
  it('the latest facts decide every later month (a completion date known later counts from its month)', () => {
    const latest = [project[2]!];
    const changes = changesOf(latest, monthRange('2026-07', '2026-11'), rulesOf(POLICIES));
    expect(changes.map((c) => [c.month, c.assignment.decidedBy])).toEqual([
      ['2026-07', '3.2.pre-handover'],
      ['2026-09', '3.1.transferred'],
    ]);
  });
  it('warnings alone are not a change', () => {
    const a = assignmentAt([r({ category: '包装' })], '2026-10', rulesOf(POLICIES))!;
    const b = assignmentAt([r({ category: null })], '2026-10', rulesOf(POLICIES))!;
    expect(sameAssignment(a, b)).toBe(true);
  });
  it('becoming inactive is a change', () => {
    const versions = [
      r({ key: 'Q', month: '2026-01' }),
      r({ key: 'Q', stage: 'inactive', month: '2026-05' }),
    ];
    expect(
      changesOf(versions, monthRange('2026-01', '2026-12'), rulesOf(POLICIES)).map((c) => [
        c.month,
        c.assignment.status,
      ]),
    ).toEqual([
      ['2026-01', 'active'],
      ['2026-05', 'inactive'],
    ]);
  });
});

describe('transfersOf (划转: the indicators unit changed from M−1 to M)', () => {
  it('the handover on completion is a transfer in the completion month', () => {
    expect(transfersOf(project, monthRange('2026-01', '2026-12'), rulesOf(POLICIES))).toEqual([
      { key: 'P1', month: '2026-10', from: 'shipin', to: 'jinghe', clause: '3.1.transferred' },
    ]);
  });
  it('M−1 is assessed even when it is not among the months asked', () => {
    expect(transfersOf(project, ['2026-10'], rulesOf(POLICIES))).toHaveLength(1);
    expect(transfersOf(project, ['2026-11'], rulesOf(POLICIES))).toHaveLength(0);
  });
  it('none in the policy’s first month 2020-04', () => {
    const built = [r({ key: 'E', recruiter: 'jidian', street: 'baiquan', month: '2020-04' })];
    expect(transfersOf(built, monthRange('2020-04', '2020-12'), rulesOf(POLICIES))).toEqual([]);
  });
  it('completion on 2020-04-30 is no transfer in 2020-04; completion on 2020-05-01 is one in 2020-05', () => {
    const at = (completedOn: string) => [
      r({
        key: 'E',
        recruiter: 'jidian',
        street: 'baiquan',
        stage: 'building',
        completedOn,
        month: '2020-04',
      }),
    ];
    expect(transfersOf(at('2020-04-30'), monthRange('2020-04', '2020-06'), rulesOf(POLICIES))).toEqual([]);
    expect(transfersOf(at('2020-05-01'), monthRange('2020-04', '2020-06'), rulesOf(POLICIES))).toEqual([
      { key: 'E', month: '2020-05', from: 'jidian', to: 'baiquan', clause: '3.1.transferred' },
    ]);
  });
  it('a 搬迁 recorded in a later version moves the indicators in that month', () => {
    const versions = [
      r({ key: 'M', street: 'wujiashan', month: '2025-01' }),
      r({
        key: 'M',
        street: 'zoumaling',
        movement: 'relocation',
        originStreet: 'wujiashan',
        month: '2025-07',
      }),
    ];
    expect(transfersOf(versions, monthRange('2025-01', '2025-12'), rulesOf(POLICIES))).toEqual([
      { key: 'M', month: '2025-07', from: 'wujiashan', to: 'zoumaling', clause: '3.3' },
    ]);
  });
  it('becoming inactive is leaving, not a transfer', () => {
    const versions = [
      r({ key: 'Q', month: '2026-01' }),
      r({ key: 'Q', stage: 'inactive', month: '2026-05' }),
    ];
    expect(transfersOf(versions, monthRange('2026-01', '2026-12'), rulesOf(POLICIES))).toEqual([]);
  });
  it('no versions, no transfers', () => expect(transfersOf([], ['2026-10'], rulesOf(POLICIES))).toEqual([]));

  // A 食品医药 project in 径河街 first reported in F, completed on a day in C. One reading: the
  // history, the transfer index (划转确认) and the summaries' 划入/划出 all show the move its
  // facts — read back to earlier months (docs/policy.md) — give, the first reported month included.
  const firstReportedIn = (first: Month, completedOn: string) => [
    r({ key: 'F', recruiter: 'shipin', street: 'jinghe', stage: 'built', completedOn, month: first }),
  ];
  it.each([
    ['completed in its first 报送月份', '2026-10', '2026-10-05', ['2026-10']],
    ['completed on the first day of its first 报送月份', '2026-10', '2026-10-01', ['2026-10']],
    ['completed the month before its first 报送月份', '2026-10', '2026-09-30', ['2026-09']],
    ['completed the month after its first 报送月份', '2026-09', '2026-10-01', ['2026-10']],
  ] as [string, Month, string, Month[]][])(
    '%s: listed and counted by the summaries in %j',
    (_name, first, completedOn, listed) => {
      const versions = firstReportedIn(first, completedOn);
      const months = monthRange('2026-06', '2026-12');
      expect(transfersOf(versions, months, rulesOf(POLICIES)).map((t) => t.month)).toEqual(listed);
      expect(
        months.filter((m) => {
          const rec = recordInMonth(versions, m, rulesOf(POLICIES));
          return rec != null && transferInMonth(rec);
        }),
      ).toEqual(listed);
    },
  );
});

describe('storyOf: one story of a month (首次报送, 新登记, 划入/划出), the one-story case table', () => {
  const rules = rulesOf(POLICIES, decisionsFrom([STORY_DECISION_RECORD], []));
  it.each(STORY_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const rec = recordInMonth(c.versions, STORY_MONTH, rules)!;
    expect(storyOf(rec, STORY_MONTH)).toEqual({
      firstReported: c.firstReported,
      registered: c.registered,
      transfer: c.transfer,
    });
    expect(rec.now.indicators).toBe(c.carrier);
    // the transfer index lists exactly the story's transfer
    expect(transfersOf(c.versions, [STORY_MONTH], rules).map((t) => ({ from: t.from, to: t.to }))).toEqual(
      c.transfer ? [c.transfer] : [],
    );
  });
  it.each([
    ['new', true],
    ['signed', true],
    ['building', false],
    ['built', false],
  ] as const)('first reported with the stage %s: 新登记 %s', (stage, registered) => {
    const rec = recordInMonth([r({ key: 'N', stage, recruiter: 'jidian' })], '2026-10', rulesOf(POLICIES))!;
    expect(storyOf(rec, '2026-10')).toMatchObject({ firstReported: true, registered });
    expect(storyOf(rec, '2026-11')).toMatchObject({ firstReported: false, registered: false });
  });
  it('a record first reported as 注销 is neither 首次报送 nor 新登记 (it is carried by no unit)', () => {
    const rec = recordInMonth([r({ key: 'Z', stage: 'inactive' })], '2026-10', rulesOf(POLICIES))!;
    expect(storyOf(rec, '2026-10')).toEqual({ firstReported: false, registered: false, transfer: null });
  });
});
