/**
 * Issue "Coordination", item 3 (Must show): a working group's decision overriding a rule from
 * month M. Answers before M are the rules'; from M they cite the 文号 (`decidedBy: "decision"`,
 * `clauses: ["decision", <the rules' clauses>…]`, `assignment.decision`, `clauseTexts.decision`);
 * ended at M+3 the rules answer again from M+3; the transfers at M and at M+3 are in the
 * record's history. Ending is a new fact: the decision itself is never edited.
 */
import { describe, expect, it } from 'vitest';
import {
  checkEnd,
  clauseTextsOf,
  type DecisionEnd,
  type DecisionRecord,
  decisionsFrom,
  parseDecisionInput,
  rulesOf,
} from '#domain/decisions';
import { ValidationError } from '#domain/errors';
import { addMonths, monthRange } from '#domain/months';
import { POLICIES, policyFor } from '#domain/policy/index';
import { assignmentAt, historyOf, recordState } from '#domain/timeline';
import { r } from '../../cases/record.ts';

const KEY = '91420112MA0000DEC1';
/** A 机电产业办 project built in 金银湖街, outside its 板块: the rules move it to the street (3.1.transferred). */
const record = r({ key: KEY, recruiter: 'jidian', street: 'jinyinhu', stage: 'built', month: '2026-01' });
const M = '2026-06';
const BY = { subject: 'wg-clerk', unit: 'bureau' };

const decision: DecisionRecord = {
  id: 'd-0001',
  keys: [KEY],
  from: M,
  service: 'jidian',
  indicators: 'jidian',
  reason: '该项目与京东方配套，由机电产业办继续服务并承担经济指标',
  documentNo: '武临开专〔2026〕3号',
  recordedBy: BY,
  recordedAt: '2026-05-20T08:00:00.000Z',
};
const end: DecisionEnd = {
  decisionId: 'd-0001',
  from: addMonths(M, 3),
  reason: '配套关系结束',
  documentNo: '武临开专〔2026〕7号',
  recordedBy: BY,
  recordedAt: '2026-08-20T08:00:00.000Z',
};

describe('a decision overriding a rule from M', () => {
  const open = rulesOf(POLICIES, decisionsFrom([decision], []));
  const ended = rulesOf(POLICIES, decisionsFrom([decision], [end]));

  it.each(monthRange('2025-01', addMonths(M, -1)))('before M (%s): exactly the rules’ answer', (month) => {
    expect(assignmentAt([record], month, open)).toEqual(assignmentAt([record], month, rulesOf(POLICIES)));
  });

  it.each(monthRange(M, '2027-12'))('from M (%s): decided by the decision, citing the 文号', (month) => {
    const rules = assignmentAt([record], month, rulesOf(POLICIES))!;
    const a = assignmentAt([record], month, open)!;
    expect(rules.decidedBy).toBe('3.1.transferred');
    expect(a).toMatchObject({
      service: 'jidian',
      indicators: 'jidian',
      lead: rules.lead,
      cooperating: rules.cooperating,
      safety: rules.safety,
      decidedBy: 'decision',
      clauses: ['decision', ...rules.clauses],
      decision: {
        id: 'd-0001',
        documentNo: '武临开专〔2026〕3号',
        reason: decision.reason,
        from: M,
        to: null,
        overrides: '3.1.transferred',
      },
    });
    const texts = clauseTextsOf(a, policyFor(month, open.policies));
    expect(texts.decision).toContain('武临开专〔2026〕3号');
    expect(texts.decision).toContain(decision.reason);
    expect(Object.keys(texts)).toEqual(['decision', ...rules.clauses]);
  });

  it('ended at M+3: the decision from M to M+3 (exclusive), the rules again from M+3', () => {
    for (const month of monthRange(M, addMonths(M, 2)))
      expect(assignmentAt([record], month, ended)).toMatchObject({
        decidedBy: 'decision',
        decision: { to: '2026-09' },
      });
    for (const month of monthRange(addMonths(M, 3), '2027-12'))
      expect(assignmentAt([record], month, ended)).toEqual(assignmentAt([record], month, rulesOf(POLICIES)));
  });

  it('the history and the transfers: at M (clause decision) and at M+3 (the rules’ clause, naming the ended decision)', () => {
    const state = recordState(KEY, [record], ended)!;
    expect(state.transfers).toEqual([
      {
        key: KEY,
        month: M,
        from: 'jinyinhu',
        to: 'jidian',
        clause: 'decision',
        decision: { id: 'd-0001', documentNo: '武临开专〔2026〕3号', ended: false },
      },
      {
        key: KEY,
        month: '2026-09',
        from: 'jidian',
        to: 'jinyinhu',
        clause: '3.1.transferred',
        decision: { id: 'd-0001', documentNo: '武临开专〔2026〕3号', ended: true },
      },
    ]);
    const history = historyOf(state).map((h) => [h.month, h.assignment.decidedBy, h.assignment.indicators]);
    expect(history).toEqual([
      ['2020-04', '3.1.transferred', 'jinyinhu'],
      [M, 'decision', 'jidian'],
      ['2026-09', '3.1.transferred', 'jinyinhu'],
    ]);
    // Without decisions the record has no transfer at all.
    expect(recordState(KEY, [record], rulesOf(POLICIES))!.transfers).toEqual([]);
  });

  it('a decision setting only the indicators keeps the rules’ service', () => {
    const only = rulesOf(POLICIES, decisionsFrom([{ ...decision, service: null }], []));
    expect(assignmentAt([record], M, only)).toMatchObject({
      service: 'jinyinhu',
      indicators: 'jidian',
      decidedBy: 'decision',
    });
  });

  it('a later decision with the same units under another 文号 is a change in the history (no transfer)', () => {
    const later: DecisionRecord = {
      ...decision,
      id: 'd-0002',
      from: '2026-08',
      documentNo: '武临开专〔2026〕5号',
      recordedAt: '2026-07-20T08:00:00.000Z',
    };
    const state = recordState(KEY, [record], rulesOf(POLICIES, decisionsFrom([decision, later], [])))!;
    expect(historyOf(state).map((h) => [h.month, h.assignment.decision?.documentNo ?? null])).toEqual([
      ['2020-04', null],
      [M, '武临开专〔2026〕3号'],
      ['2026-08', '武临开专〔2026〕5号'],
    ]);
    expect(state.transfers.map((t) => t.month)).toEqual([M]);
  });

  it('an inactive record is answered by the rules alone', () => {
    const gone = r({ key: KEY, stage: 'inactive', month: '2026-01' });
    expect(assignmentAt([gone], M, open)).toEqual(assignmentAt([gone], M, rulesOf(POLICIES)));
  });

  it('the audit trail: recorded, then ended (the decision itself unchanged)', () => {
    const [d] = decisionsFrom([decision], [end]);
    expect(d).toMatchObject({ ...decision, to: '2026-09' });
    expect(d!.trail.map((t) => [t.action, t.month, t.recordedBy.subject])).toEqual([
      ['recorded', M, 'wg-clerk'],
      ['ended', '2026-09', 'wg-clerk'],
    ]);
    expect(() => checkEnd(d!, '2026-10')).toThrow(/已自2026年9月起终止/u);
    expect(() => checkEnd(decisionsFrom([decision], [])[0]!, M)).toThrow(/应晚于/u);
  });
});

describe('reading a decision request (Chinese messages)', () => {
  const ok = {
    keys: [KEY],
    from: M,
    indicators: '机电产业办',
    reason: '理由',
    documentNo: '武临开专〔2026〕3号',
  };
  it('units as ids or Chinese names', () => {
    expect(parseDecisionInput(ok)).toMatchObject({ indicators: 'jidian', service: null });
    expect(parseDecisionInput({ ...ok, service: '长青街' })).toMatchObject({ service: 'changqing' });
  });
  it.each([
    [{ ...ok, keys: [] }, /缺少 keys/u],
    [{ ...ok, from: '2026-6' }, /起始月份“2026-6”格式不正确/u],
    [{ ...ok, indicators: undefined }, /至少指定服务单位/u],
    [{ ...ok, indicators: '区商务局' }, /不是街道或产业办/u],
    [{ ...ok, reason: ' ' }, /缺少决定理由/u],
    [{ ...ok, documentNo: '' }, /缺少文号/u],
    [{ ...ok, extra: 1 }, /未知字段 extra/u],
  ])('%#: %s', (body, message) => {
    expect(() => parseDecisionInput(body)).toThrow(ValidationError);
    expect(() => parseDecisionInput(body)).toThrow(message);
  });
});
