/**
 * Issue "Coordination", items 1–2 (Must show): case tables for the impact engine — a draft
 * that moves a street into a cluster, one that adds a key project, one that changes the
 * effective month — with the predicted moves and 本年累计 per unit; the district totals
 * reconcile to the last digit; and adopting the draft (a new policy version) and re-projecting
 * the store gives exactly the prediction, item by item (heads, summaries).
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '#adapters/memory-store';
import { impactOf } from '#domain/impact';
import { POLICIES, POLICY_2020_1_DATA, type Policy, parsePolicy, policyFor } from '#domain/policy/index';
import { summarize } from '#domain/summaries';
import { periodAt } from '#domain/timeline';
import type { IndicatorRow, RegisterRecord } from '#domain/types';
import { POLICY_2027_TEST, WITH_2027 } from '../../cases/fictitious-2027/policy.ts';
import { r } from '../../cases/record.ts';

const data = () => JSON.parse(JSON.stringify(POLICY_2020_1_DATA));
const draft = (
  edit: (d: ReturnType<typeof data>) => void,
  id = 'draft-2026',
  from = '2026-07-01',
): Policy => {
  const d = data();
  d.id = id;
  d.docNumber = '武临开办〔2026〕（征求意见稿）';
  d.effectiveFrom = from;
  d.notice = null;
  edit(d);
  return parsePolicy(d);
};

/** 径河街→… a street moved into 机电's cluster: 金银湖街. */
const CLUSTER = draft((d) => d.clusters.jidian.streets.push('jinyinhu'));
/** A key project added (天马), carried by 机电. */
const KEY_PROJECT = draft((d) =>
  d.keyProjects.push({ id: 'tianma', name: '天马', office: 'jidian', clause: '3.1.key' }),
);
/** The fictitious 2027 version, brought forward to 2026-07 (its clause too). */
const EARLIER = (() => {
  const d = JSON.parse(JSON.stringify(POLICY_2027_TEST));
  d.effectiveFrom = '2026-07-01';
  for (const c of d.clauses) if (c.effectiveFrom === '2027-01-01') c.effectiveFrom = '2026-07-01';
  d.notice = null;
  return parsePolicy(d);
})();

const K = (n: number) => `91420112MA4IMP${String(n).padStart(4, '0')}`;
const records: RegisterRecord[] = [
  // jidian built in 金银湖街: 3.1.transferred → 金银湖街 today; in the cluster draft 3.1.retained → 机电.
  r({ key: K(1), name: '金银湖精密制造', recruiter: 'jidian', street: 'jinyinhu', month: '2026-01' }),
  // jidian building in 金银湖街: 3.2.pre-handover (jidian carries, leads, 金银湖街 cooperates) → 3.2.in-cluster.
  r({
    key: K(2),
    name: '金银湖在建装备',
    recruiter: 'jidian',
    street: 'jinyinhu',
    stage: 'building',
    month: '2026-01',
  }),
  // a 天马 project in 径河街 without a recruiter: 2.street 径河街 → 3.1.key 机电.
  r({ key: K(3), name: '天马配套项目', street: 'jinghe', keyProject: 'tianma' as never, month: '2026-01' }),
  // 综保 built in 综保区二期: 3.1.retained 综保办 → 3.1.zongbao-2 走马岭街 (from 2026-07 in the earlier draft).
  r({
    key: K(4),
    name: '综保二期物流',
    recruiter: 'zongbao',
    street: 'zoumaling',
    zone: 'zongbao-2',
    month: '2026-01',
  }),
  // unaffected by every draft.
  r({ key: K(5), name: '长青本地企业', street: 'changqing', month: '2026-01' }),
];
const indicators: IndicatorRow[] = records.flatMap((rec, i) =>
  ['2025-12', '2026-01', '2026-03', '2026-07', '2026-08'].map((month, j) => ({
    key: rec.key,
    month,
    values: { revenue: `${i + 1}${j}.0${j + 1}`, tax: j === 2 ? null : `0.00${i + j + 1}` },
  })),
);

interface ImpactCase {
  name: string;
  draft: Policy;
  base: readonly Policy[];
  month: string;
  moves: Array<
    [
      key: string,
      from: string | null,
      to: string | null,
      clauseBefore: string | null,
      clauseAfter: string | null,
    ]
  >;
  /** Other changes (roles other than indicators). */
  changedOnly?: Array<[key: string, roles: string[]]>;
}

const CASES: ImpactCase[] = [
  {
    name: 'a street moved into a cluster (金银湖街 into 机电)',
    draft: CLUSTER,
    base: POLICIES,
    month: '2026-07',
    moves: [
      [K(1), 'jinyinhu', 'jidian', '3.1.transferred', '3.1.retained'],
      [K(2), 'jidian', 'jidian', '3.2.pre-handover', '3.2.in-cluster'],
    ],
    changedOnly: [
      [K(1), ['service', 'indicators']],
      [K(2), ['lead', 'cooperating']],
    ],
  },
  {
    name: 'a key project added (天马 → 机电)',
    draft: KEY_PROJECT,
    base: POLICIES,
    month: '2026-08',
    moves: [[K(3), 'jinghe', 'jidian', '2.street', '3.1.key']],
  },
  {
    name: 'the effective month changed (2027-test from 2026-07 instead of 2027-01)',
    draft: EARLIER,
    base: WITH_2027,
    month: '2026-07',
    moves: [[K(4), 'zongbao', 'zoumaling', '3.1.retained', '3.1.zongbao-2']],
  },
  {
    name: 'the effective month changed: the month before it nothing moves',
    draft: EARLIER,
    base: WITH_2027,
    month: '2026-06',
    moves: [],
  },
];

const versions = records.map((x) => [x]);

describe('impact of a draft policy: case tables', () => {
  it.each(CASES)('$name', ({ draft: d, base, month, moves, changedOnly }) => {
    const result = impactOf({ draft: d, month, records: versions, indicators, policies: base });
    expect(
      result.enterprises.map((e) => [
        e.key,
        e.before.indicators,
        e.after.indicators,
        e.before.decidedBy,
        e.after.decidedBy,
      ]),
    ).toEqual(moves);
    for (const [key, roles] of changedOnly ?? [])
      expect(result.enterprises.find((e) => e.key === key)?.changed).toEqual(roles);
    // The district reconciles to the last digit; every unit: after = before + in − out.
    expect(result.district.reconciles).toBe(true);
    expect(result.district.ytdAfter).toEqual(result.district.ytdBefore);
    const moved = moves.filter(([, from, to]) => from !== to);
    expect(result.units.reduce((n, u) => n + u.in, 0)).toBe(moved.length);
    expect(result.units.reduce((n, u) => n + u.out, 0)).toBe(moved.length);
    for (const [key, from, to] of moved) {
      const ytd = result.enterprises.find((e) => e.key === key)!.ytd;
      expect(result.units.find((u) => u.unit === from)?.ytdOut).toEqual(ytd);
      expect(result.units.find((u) => u.unit === to)?.ytdIn).toEqual(ytd);
    }
  });

  it('本年累计 is January..M of M’s year, exact decimals', () => {
    const result = impactOf({
      draft: KEY_PROJECT,
      month: '2026-08',
      records: versions,
      indicators,
      policies: POLICIES,
    });
    // K(3) (i = 2): 2026-01 "31.02", 2026-03 "32.03", 2026-07 "33.04", 2026-08 "34.05"; tax: 0.004 + 0.006 + 0.007.
    expect(result.enterprises[0]?.ytd).toEqual({ revenue: '130.14', tax: '0.017' });
  });

  it('a month before the draft: nothing changes, and the headline says so', () => {
    const result = impactOf({
      draft: CLUSTER,
      month: '2026-06',
      records: versions,
      indicators,
      policies: POLICIES,
    });
    expect(result.draftInForce).toBe(false);
    expect(result.enterprises).toEqual([]);
  });
});

describe('adopting the draft and re-projecting gives exactly the prediction', () => {
  it.each(CASES.filter((c) => c.moves.length > 0))(
    '$name: heads and summaries, item by item',
    async ({ draft: d, base, month }) => {
      const store = createMemoryStore();
      await store.seed({ register: records, indicators }, { eventTime: '2026-09-01T00:00:00Z' });
      const prediction = impactOf({ draft: d, month, records: versions, indicators, policies: base });
      const adopted = [...base.filter((p) => p.id !== d.id), d].sort((a, b) =>
        a.effectiveFrom.localeCompare(b.effectiveFrom),
      );
      // Adopt: the draft is a policy version; re-project every record (the ingest's projection).
      await store.reproject(
        records.map((x) => x.key),
        adopted,
        'adopt-draft',
      );
      for (const rec of records) {
        const state = await store.recordState(rec.key);
        const stored = periodAt(state!, month)!.assignment;
        const predicted = prediction.enterprises.find((e) => e.key === rec.key);
        const before = impactOf({ draft: d, month, records: [[rec]], indicators: [], policies: base })
          .enterprises[0];
        if (predicted) {
          expect({
            key: rec.key,
            service: stored.service,
            indicators: stored.indicators,
            lead: stored.lead,
            cooperating: stored.cooperating,
            safety: stored.safety,
            decidedBy: stored.decidedBy,
            clauses: stored.clauses,
          }).toEqual({
            key: rec.key,
            ...Object.fromEntries(Object.entries(predicted.after).filter(([k]) => k !== 'policy')),
          });
        } else expect(before).toBeUndefined();
      }
      // The summaries of the adopted rules: each unit's carried 本年累计 is the predicted `after`.
      const summary = summarize({
        month,
        records: versions,
        indicators,
        targets: [],
        policies: adopted,
      }).document;
      for (const u of prediction.units) {
        const row = summary.units.find((x) => x.unit === u.unit)!;
        expect({ unit: u.unit, carried: row.carried, revenue: row.indicators.revenue?.ytd ?? null }).toEqual({
          unit: u.unit,
          carried: u.carriedAfter,
          revenue: u.ytdAfter.revenue ?? null,
        });
      }
      expect(policyFor(month, adopted).id).toBe(d.id);
    },
  );
});
