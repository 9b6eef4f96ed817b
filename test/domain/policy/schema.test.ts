/**
 * The policy schema (domain/policy/schema.ts): one schema for the policies in force and for
 * drafts — serialisable (JSON round trip), validated with Chinese messages that say what is
 * wrong and what would be right, and the clause dates honoured by the rules.
 */
import { describe, expect, it } from 'vitest';
import { assess } from '#domain/assess';
import {
  POLICIES,
  POLICY_2020_1,
  POLICY_2020_1_DATA,
  type Policy,
  PolicyDataError,
  type PolicyInput,
  parsePolicy,
  policySet,
  ruleChangeMonths,
} from '#domain/policy/index';
import type { Month } from '#domain/types';
import { r } from '../../cases/record.ts';

/** A fresh, mutable JSON copy of 2020-1's data (what a bureau would start a draft from). */
function draft(): PolicyInput & Record<string, unknown> {
  return JSON.parse(JSON.stringify(POLICY_2020_1_DATA));
}

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parsePolicy(input);
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyDataError);
    const e = error as PolicyDataError;
    expect(e.statusCode).toBe(400);
    expect(e.code).toBe('POLICY_INVALID');
    expect(e.message).toMatch(/^政策数据有 \d+ 处错误/u);
    return [...e.issues];
  }
  throw new Error('expected a PolicyDataError');
}

describe('serialisable: the policy in force is data in the one schema', () => {
  it('JSON.stringify of 2020-1 parses back to an equal policy (its data and its parsed form)', () => {
    expect(parsePolicy(JSON.parse(JSON.stringify(POLICY_2020_1_DATA)))).toEqual(POLICY_2020_1);
    expect(parsePolicy(JSON.parse(JSON.stringify(POLICY_2020_1)))).toEqual(POLICY_2020_1);
  });
  it('a parsed policy is deeply frozen', () => {
    expect(Object.isFrozen(POLICY_2020_1)).toBe(true);
    expect(Object.isFrozen(POLICY_2020_1.clusters.jidian.streets)).toBe(true);
    expect(Object.isFrozen(POLICY_2020_1.clauses[0])).toBe(true);
  });
  it('units and zones may be written as Chinese names: they are read as ids', () => {
    const d = draft();
    d.clusters.jidian.streets = ['长青街', '径河街'];
    d.wholeMoves[0] = {
      clause: '3.1.sme-city',
      to: '慈惠街',
      zone: '中小企业城',
      street: null,
      recruiters: [],
    };
    d.keyProjects[0] = { id: 'boe', name: '京东方', office: '机电产业办', clause: '3.1.key' };
    const p = parsePolicy(d);
    expect(p.clusters.jidian.streets).toEqual(['changqing', 'jinghe']);
    expect(p.wholeMoves[0]).toEqual(POLICY_2020_1.wholeMoves[0]);
    expect(p.keyProjects[0]?.office).toBe('jidian');
  });
  it('the set in force: one version, 2020-1', () => {
    expect(POLICIES.map((p) => p.id)).toEqual(['2020-1']);
  });
});

type Change = (d: ReturnType<typeof draft>) => void;

describe('validation: every issue, with its path, in Chinese', () => {
  it.each<[string, Change, string, RegExp]>([
    ['not an object', () => undefined, '（整个政策）', /类型不对：应为对象/u],
    [
      'a missing field',
      (d) => delete (d as Record<string, unknown>).title,
      'title',
      /缺少通知标题 title：应为文字/u,
    ],
    ['an unknown field', (d) => Object.assign(d, { remark: 'x' }), '（整个政策）', /不认识的字段：remark/u],
    [
      'a malformed date',
      (d) => Object.assign(d, { effectiveFrom: '2027-02-30' }),
      'effectiveFrom',
      /不是有效日期.*YYYY-MM-DD/u,
    ],
    [
      'a duplicate clause id',
      (d) => d.clauses.push({ ...d.clauses[0]! }),
      'clauses[12].id',
      /条款编号“2\.street”重复/u,
    ],
    [
      'the reserved clause id decision',
      (d) => d.clauses.push({ ...d.clauses[0]!, id: 'decision' }),
      'clauses[12].id',
      /保留给工作专班的决定/u,
    ],
    [
      'a clause ending before it starts',
      (d) => Object.assign(d.clauses[2]!, { effectiveTo: '2020-01-01' }),
      'clauses[2].effectiveTo',
      /早于施行日期/u,
    ],
    [
      'an unknown rule',
      (d) => Object.assign(d.rules[0]!, { rule: 'magic' }),
      'rules[0].rule',
      /不在规则库中：应为 keyProject、/u,
    ],
    [
      'a rule citing a clause the policy lacks',
      (d) => Object.assign(d.rules[3]!, { clause: '3.9' }),
      'rules[3].clause',
      /引用的条款“3\.9”不在本政策的条款 clauses 中/u,
    ],
    ['street not last', (d) => d.rules.reverse(), 'rules[0].rule', /必须是规则顺序 rules 的最后一条/u],
    ['no catch-all street', (d) => d.rules.pop(), 'rules[7].rule', /最后一条必须是 street/u],
    [
      'the catch-all clause ending',
      (d) => Object.assign(d.clauses[0]!, { effectiveTo: '2030-12-31' }),
      'rules[8].clause',
      /始终有效/u,
    ],
    ['no safety citation', (d) => d.citations.shift(), 'citations', /必须包含 safety/u],
    [
      'a whole move without its rule',
      (d) => d.rules.splice(1, 1),
      'wholeMoves[0].clause',
      /没有对应的 wholeMove 规则.*"rule":"wholeMove","clause":"3\.1\.sme-city"/u,
    ],
    [
      'a wholeMove rule without a place',
      (d) => d.wholeMoves.shift(),
      'rules[1]',
      /整体划转 wholeMoves 中没有该条款的地点/u,
    ],
    [
      'a whole move naming a zone and a street',
      (d) => Object.assign(d.wholeMoves[0]!, { street: 'cihui' }),
      'wholeMoves[0]',
      /二选一/u,
    ],
    [
      'an unknown street',
      (d) => d.clusters.jidian.streets.push('长清街'),
      'clusters.jidian.streets[2]',
      /“长清街”不是街道：应为十二个街道之一.*长青街/u,
    ],
    [
      'an office given as a street',
      (d) => Object.assign(d.wholeMoves[0]!, { to: 'jidian' }),
      'wholeMoves[0].to',
      /不是街道/u,
    ],
    [
      'an unknown zone',
      (d) => d.clusters.zongbao.zones.push('三期'),
      'clusters.zongbao.zones[2]',
      /“三期”不是园区/u,
    ],
    [
      'a missing office',
      (d) => delete (d.clusters as Record<string, unknown>).xiandai,
      'clusters.xiandai',
      /缺少此项/u,
    ],
    [
      'a duplicate key project',
      (d) => d.keyProjects.push({ ...d.keyProjects[0]! }),
      'keyProjects[2].id',
      /重大项目编号“boe”重复/u,
    ],
    [
      'two key projects of one name (a register names a key project by name)',
      (d) => d.keyProjects.push({ ...d.keyProjects[0]!, id: 'boe-2', name: ' 京东方 ' }),
      'keyProjects[2].name',
      /重大项目名称“ 京东方 ”与重大项目“boe”的名称相同/u,
    ],
    [
      'a key project under a clause without a keyProject rule',
      (d) => Object.assign(d.keyProjects[0]!, { clause: '3.3' }),
      'keyProjects[0].clause',
      /没有对应的 keyProject 规则/u,
    ],
  ])('%s → %s: %s', (label, change, path, message) => {
    const d = draft();
    change(d);
    const issues = issuesOf(label === 'not an object' ? 42 : d);
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
    for (const issue of issues) expect(issue.message).toMatch(/[\u4e00-\u9fff]/u);
  });

  it('lists every issue at once', () => {
    const d = draft();
    d.effectiveFrom = 'soon';
    d.rules[0]!.rule = 'magic' as never;
    d.clusters.jidian.streets.push('nowhere');
    expect(issuesOf(d).map((i) => i.path)).toEqual([
      'effectiveFrom',
      'clusters.jidian.streets[2]',
      'rules[0].rule',
    ]);
  });

  it('a set of versions: ids and first days unique, sorted oldest first', () => {
    const later = parsePolicy({ ...draft(), id: '2027-1', effectiveFrom: '2027-01-01' });
    expect(policySet([later, POLICY_2020_1]).map((p) => p.id)).toEqual(['2020-1', '2027-1']);
    expect(() => policySet([POLICY_2020_1, POLICY_2020_1])).toThrow(/政策编号“2020-1”重复/u);
    expect(() =>
      policySet([POLICY_2020_1, { ...later, effectiveFrom: POLICY_2020_1.effectiveFrom }]),
    ).toThrow(/都自 2020-04-27 起施行/u);
  });
});

describe('clause dates: a rule applies while the clause it cites is in force', () => {
  const d = draft();
  Object.assign(d.clauses.find((c) => c.id === '3.1.key')!, { effectiveTo: '2026-06-30' });
  const ended: Policy = parsePolicy(d);
  const boe = r({ keyProject: 'boe', recruiter: 'jidian', street: 'cihui', completedOn: '2019-01-01' });

  it.each([
    ['2026-06', '3.1.key', 'jidian'],
    ['2026-07', '3.1.transferred', 'cihui'],
  ] as [Month, string, string][])('3.1.key ending 2026-06-30: %s is decided by %s', (month, clause, unit) => {
    const a = assess(boe, month, [ended]);
    expect([a.decidedBy, a.indicators]).toEqual([clause, unit]);
  });
  it('the months the rules change include the month after a clause ends', () => {
    expect(ruleChangeMonths([ended])).toEqual(['2020-04', '2026-07']);
    expect(ruleChangeMonths(POLICIES)).toEqual(['2020-04']);
  });
});
