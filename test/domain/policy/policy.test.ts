import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PolicyNotInForceError, ValidationError } from '#domain/errors';
import {
  clauseIds,
  clauseOf,
  clauseText,
  clauseTexts,
  inCluster,
  inFocus,
  officeForCategory,
  POLICIES,
  POLICY_2020_1,
  type Policy,
  policyFor,
} from '#domain/policy/index';
import type { ClauseId, Month } from '#domain/types';
import { OFFICE_IDS } from '#domain/units';

/** The notice's text kept beside a policy (domain/policy/<notice>): the in-repo copy. */
function noticeOf(policy: Policy): string {
  if (!policy.notice) throw new Error(`policy ${policy.id} names no notice file`);
  return readFileSync(new URL(`../../../domain/policy/${policy.notice}`, import.meta.url), 'utf8');
}
const notice = noticeOf(POLICY_2020_1);

const ALL_IDS: ClauseId[] = [
  '2.street',
  '2.safety',
  '3.1.key',
  '3.1.sme-city',
  '3.1.changqing',
  '3.1.retained',
  '3.1.transferred',
  '3.2.in-cluster',
  '3.2.pre-handover',
  '3.3',
  '3.4',
  '4',
];

describe('policy 2020-1 as data', () => {
  it('is 武临开办〔2020〕1号, from 2020-04-27', () => {
    expect(POLICY_2020_1.id).toBe('2020-1');
    expect(POLICY_2020_1.effectiveFrom).toBe('2020-04-27');
    expect(notice).toContain(POLICY_2020_1.docNumber);
    expect(notice).toContain(POLICY_2020_1.title);
    expect(notice).toContain('2020年4月27日');
  });
  it('has exactly one entry per clause id', () => {
    expect([...clauseIds(POLICY_2020_1)].sort()).toEqual([...ALL_IDS].sort());
  });
  it('its notice is the in-repo copy domain/policy/notice-2020-1.txt', () => {
    expect(POLICY_2020_1.notice).toBe('notice-2020-1.txt');
    expect(notice).toContain('武临开办〔2020〕1号');
  });
  it.each(POLICIES.flatMap((p) => p.clauses.map((c) => [p.id, c.id, p] as const)))(
    'every policy in force: %s clause %s is quoted exactly from its notice',
    (_id, clauseId, policy) => {
      expect(noticeOf(policy)).toContain(clauseOf(clauseId, policy)?.text);
    },
  );
  it.each(ALL_IDS)('clause %s quotes the notice exactly and is dated', (id) => {
    const clause = clauseOf(id, POLICY_2020_1)!;
    expect(clause.id).toBe(id);
    expect(clause.text.length).toBeGreaterThan(10);
    expect(notice).toContain(clause.text);
    expect(clause.title).toMatch(/[\u4e00-\u9fff]/u);
    expect(clause.effectiveFrom).toBe('2020-04-27');
    expect(clause.effectiveTo).toBeNull();
    expect(clauseText(id, POLICY_2020_1)).toBe(clause.text);
  });
  it('clauseTexts maps ids to texts', () => {
    expect(clauseTexts(['3.3', '2.safety'], POLICY_2020_1)).toEqual({
      '3.3': clauseText('3.3', POLICY_2020_1),
      '2.safety': clauseText('2.safety', POLICY_2020_1),
    });
  });
  it('an unknown clause id is a RangeError', () => {
    expect(() => clauseText('9.9' as ClauseId, POLICY_2020_1)).toThrow(RangeError);
  });
  it.each(OFFICE_IDS)('the cluster and focus sentences of %s quote the notice', (office) => {
    const cluster = POLICY_2020_1.clusters[office];
    if (cluster.text !== null) expect(notice).toContain(cluster.text);
    expect(notice).toContain(POLICY_2020_1.focus[office].text);
    for (const category of POLICY_2020_1.focus[office].categories) {
      expect(POLICY_2020_1.focus[office].text).toContain(category.slice(0, 2));
    }
  });
  it('key projects are 京东方 and 康宁, both jidian', () => {
    expect(POLICY_2020_1.keyProjects.map((p) => [p.id, p.name, p.office])).toEqual([
      ['boe', '京东方', 'jidian'],
      ['corning', '康宁', 'jidian'],
    ]);
    for (const p of POLICY_2020_1.keyProjects) expect(notice).toContain(p.name);
  });
});

describe('clusters (docs/policy.md)', () => {
  it.each([
    ['jidian', 'changqing', null, true],
    ['jidian', 'jinghe', null, true],
    ['jidian', 'baiquan', null, false],
    ['shipin', 'zoumaling', null, true],
    ['shipin', 'jinghe', null, false],
    ['zongbao', 'zoumaling', null, true],
    ['zongbao', 'xinandu', 'zongbao-1', true],
    ['zongbao', 'dongshan', 'zongbao-2', true],
    ['zongbao', 'xinandu', null, false],
    ['gaoxin', 'changqing', 'changqing-park', true],
    ['gaoxin', 'changqing', null, false],
    ['linkong', 'baiquan', null, true],
    ['linkong', 'zoumaling', null, false],
    ['xiandai', 'wujiashan', null, false],
    ['xiandai', 'changqing', 'changqing-park', false],
  ] as const)('%s: street %s zone %s inside = %s', (office, street, zone, inside) => {
    expect(inCluster(POLICY_2020_1, office, street, zone)).toBe(inside);
  });
});

describe('招商重点 (docs/policy.md)', () => {
  it.each([
    ['智能装备制造', 'jidian'],
    ['光电子', 'jidian'],
    ['高端人才', 'gaoxin'],
    ['生物医药', 'shipin'],
    ['跨境电商', 'zongbao'],
    ['总部经济', 'linkong'],
    ['大数据', 'xiandai'],
    [' 大 数 据 ', 'xiandai'],
    ['包装', undefined],
    ['食', undefined],
  ])('%j belongs to %s', (category, office) =>
    expect(officeForCategory(category, POLICY_2020_1)).toBe(office),
  );
  it('each category is in exactly one office', () => {
    const all = OFFICE_IDS.flatMap((o) => POLICY_2020_1.focus[o].categories);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(4 + 5 + 4 + 3 + 3 + 4);
  });
  it('inFocus', () => {
    expect(inFocus('jidian', '新能源', POLICY_2020_1)).toBe(true);
    expect(inFocus('jidian', '食品', POLICY_2020_1)).toBe(false);
  });
});

describe('policyFor (docs/policy.md)', () => {
  it.each<Month>(['2020-04', '2020-05', '2026-10', '2030-12'])('%s → 2020-1', (month) => {
    expect(policyFor(month, POLICIES).id).toBe('2020-1');
  });
  it.each<Month>(['2020-03', '2020-01', '2019-12', '1999-04'])(
    '%s → PolicyNotInForceError in Chinese',
    (month) => {
      expect(() => policyFor(month, POLICIES)).toThrow(PolicyNotInForceError);
      expect(() => policyFor(month, POLICIES)).toThrow(
        /没有生效的政策.*2020年4月27日起施行.*2020年4月或以后/u,
      );
    },
  );
  it('the error is a 400 with code POLICY_NOT_IN_FORCE', () => {
    try {
      policyFor('2020-03', POLICIES);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as PolicyNotInForceError).statusCode).toBe(400);
      expect((e as PolicyNotInForceError).code).toBe('POLICY_NOT_IN_FORCE');
    }
  });
  it.each(['2026-13', '202610', ''])('a malformed month %j is a ValidationError', (month) => {
    // not a Month by type: the runtime check is for months that come in untyped (JSON, cells)
    expect(() => policyFor(month as Month, POLICIES)).toThrow(ValidationError);
  });
  it('picks the latest version in force', () => {
    const v2: Policy = { ...POLICY_2020_1, id: '2027-1', effectiveFrom: '2027-03-31' };
    const both = [...POLICIES, v2];
    expect(policyFor('2027-02', both).id).toBe('2020-1');
    expect(policyFor('2027-03', both).id).toBe('2027-1');
    expect(policyFor('2027-04', [v2, ...POLICIES]).id).toBe('2027-1');
    expect(() => policyFor('2027-02', [v2])).toThrow(PolicyNotInForceError);
    expect(() => policyFor('2027-02', [])).toThrow(PolicyNotInForceError);
  });
});
