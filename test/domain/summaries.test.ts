import { describe, expect, it } from 'vitest';
import { decisionsFrom, rulesOf } from '#domain/decisions';
import { PolicyNotInForceError } from '#domain/errors';
import { POLICIES } from '#domain/policy/index';
import {
  figuresOf,
  LIST_LIMIT,
  LIST_NAMES,
  monthsNeeded,
  SUMMARY_UNITS,
  summarize,
  summarizeWithLists,
} from '#domain/summaries';
import type { Month, RegisterRecord, TargetRow } from '#domain/types';
import { STORY_CASES, STORY_DECISION_RECORD, STORY_MONTH, storyCounts } from '../cases/one-story.ts';
import { rec, row } from './summaries-support.ts';

/**
 * The hand-computed case (M = 2026-10):
 * - A: local enterprise in 长青街 (2.street). revenue 2025: 100 + 50; 2026: 200 + 30 (30 in M).
 * - B: 食品医药 project in 径河街, completed 2026-06-15: led by shipin until May (3.2.pre-handover),
 *   then jinghe (3.1.transferred). revenue 2025: 40 + 60; 2026: 10 + 20. Its whole year and its
 *   last-year base move to jinghe; shipin keeps it only in the as-reported base.
 * - C: 食品医药 project in 径河街 completed 2026-10-05: transferred shipin → jinghe in M.
 * - D: 慈惠街, revenue 2025-03 = 0 and 2026-03 = 10: a zero base (yoy null).
 * - E: 柏泉街, no indicator rows at all (null, not 0). F: 柏泉街, tax 0 in M only.
 * - G: 吴家山街, active in 2026-09, inactive from 2026-10 (leaving); revenue 2025-05 = 70.
 * - H: 金银湖街, built, first stored in 2026-10 (首次报送; not 新登记: built; not a transfer: its
 *   facts read back give 金银湖街 in 2026-09 too).
 * - P: 食品医药 project, 新引进, 径河街: a pending handover for shipin and jinghe.
 */
const M = '2026-10';
const records: RegisterRecord[][] = [
  [rec({ key: 'A', month: '2025-01' }), rec({ key: 'A' })],
  [
    rec({
      key: 'B',
      month: '2025-01',
      stage: 'signed',
      recruiter: 'shipin',
      street: 'jinghe',
    }),
    rec({
      key: 'B',
      month: '2026-06',
      stage: 'built',
      recruiter: 'shipin',
      street: 'jinghe',
      completedOn: '2026-06-15',
    }),
  ],
  [
    rec({
      key: 'C',
      stage: 'built',
      recruiter: 'shipin',
      street: 'jinghe',
      completedOn: '2026-10-05',
      month: '2025-01',
    }),
  ],
  [rec({ key: 'D', street: 'cihui', month: '2025-01' })],
  [rec({ key: 'E', street: 'baiquan', month: '2025-01' })],
  [rec({ key: 'F', street: 'baiquan', month: '2025-01' })],
  [
    rec({ key: 'G', street: 'wujiashan', month: '2026-09' }),
    rec({ key: 'G', street: 'wujiashan', stage: 'inactive' }),
  ],
  [rec({ key: 'H', street: 'jinyinhu' })],
  [rec({ key: 'P', stage: 'new', recruiter: 'shipin', street: 'jinghe', month: '2025-01' })],
];
const indicators = [
  row('A', '2025-01', { revenue: '100' }),
  row('A', '2025-10', { revenue: '50' }),
  row('A', '2025-11', { revenue: '999' }), // after M−12: not in last year's same period
  row('A', '2026-01', { revenue: '200' }),
  row('A', '2026-10', { revenue: '30' }),
  row('A', '2026-11', { revenue: '777' }), // after M: ignored
  row('B', '2025-03', { revenue: '40' }),
  row('B', '2025-09', { revenue: '60' }),
  row('B', '2026-02', { revenue: '10' }),
  row('B', '2026-07', { revenue: '20' }),
  row('B', '2026-10', { revenue: null, tax: '1.5' }),
  row('C', '2026-10', { revenue: '5.25' }),
  row('D', '2025-03', { revenue: '0' }),
  row('D', '2026-03', { revenue: '10' }),
  row('D', '2026-10', { revenue: '0.000001' }),
  row('F', '2026-10', { tax: '0' }),
  row('G', '2025-05', { revenue: '70' }),
  row('G', '2026-10', { revenue: '3' }),
  row('H', '2026-10', { revenue: '8' }),
  row('P', '2026-10', { fai: '300' }),
  row('X', '2026-10', { revenue: '1' }), // no register: attributed to no unit
];
const targets: TargetRow[] = [
  { unit: 'changqing', year: 2026, values: { revenue: '1000' } },
  { unit: 'changqing', year: 2025, values: { revenue: '1' } },
  { unit: 'district', year: 2026, values: { revenue: '5000' } },
];

const { document, enterprises } = summarize({
  month: M,
  records,
  indicators,
  targets,
  rules: rulesOf(POLICIES),
});
const unit = (id: string) => {
  const u = document.units.find((x) => x.unit === id);
  if (!u) throw new Error(`no unit ${id}`);
  return u;
};
const revenue = (id: string) => unit(id).indicators.revenue!;

describe('summarize: figures (hand-computed)', () => {
  it.each([
    // unit, month, ytd, lastYearYtd, reportedLastYearYtd, baseShift
    ['changqing', '30', '230', '150', '150', '0'],
    ['jinghe', '5.25', '35.25', '100', null, '100'],
    ['shipin', null, null, null, '100', '-100'],
    ['cihui', '0.000001', '10.000001', '0', '0', '0'],
    ['baiquan', null, null, null, null, null],
    ['wujiashan', null, null, null, '70', '-70'],
    ['jinyinhu', '8', '8', null, null, null],
    ['jidian', null, null, null, null, null],
  ])(
    '%s revenue: month %s, ytd %s, lastYearYtd %s, reported %s, baseShift %s',
    (id, month, ytd, last, reported, shift) => {
      const f = revenue(id);
      expect([f.month, f.ytd, f.lastYearYtd, f.reportedLastYearYtd, f.baseShift]).toEqual([
        month,
        ytd,
        last,
        reported,
        shift,
      ]);
    },
  );

  it('an enterprise handed over mid-year brings its whole year and its last-year base; baseShift is its last-year figure', () => {
    expect(revenue('jinghe').ytd).toBe('35.25'); // B: 10 + 20 (also Feb, when shipin led it) + C: 5.25
    expect(revenue('jinghe').lastYearYtd).toBe('100'); // B's 2025 Jan..Oct
    expect(revenue('jinghe').baseShift).toBe('100');
    expect(revenue('shipin').baseShift).toBe('-100');
    expect(revenue('jinghe').yoy).toBeCloseTo(-0.6475, 15);
  });

  it.each([
    ['changqing', 230 / 150 - 1],
    ['jinghe', -0.6475],
    ['cihui', null], // zero base
    ['shipin', null], // missing base and ytd
    ['jinyinhu', null], // no base
  ])('%s yoy = %s', (id, yoy) => {
    if (yoy === null) expect(revenue(id).yoy).toBeNull();
    else expect(revenue(id).yoy).toBeCloseTo(yoy, 14);
  });

  it('target, completion, time progress and ahead; a unit without a target has null rates', () => {
    const f = revenue('changqing');
    expect(f.target).toBe('1000');
    expect(f.completion).toBe(0.23);
    expect(f.timeProgress).toBe(10 / 12);
    expect(f.ahead).toBeCloseTo(0.23 - 10 / 12, 15);
    const j = revenue('jinghe');
    expect([j.target, j.completion, j.ahead]).toEqual([null, null, null]);
    expect(j.timeProgress).toBe(10 / 12);
  });

  it('null is "not reported", one reported 0 makes 0', () => {
    expect(unit('baiquan').indicators.tax!.month).toBe('0'); // F reported 0
    expect(unit('baiquan').indicators.revenue!.month).toBeNull();
    expect(unit('baiquan').indicators.tax!.ytd).toBe('0');
    expect(unit('baiquan').indicators.tax!.lastYearYtd).toBeNull();
  });

  it('the inactive record counts for no one in M, but keeps its as-reported base where it was carried', () => {
    expect(revenue('wujiashan').month).toBeNull(); // G reported 3 in M but is inactive
    expect(revenue('wujiashan').lastYearYtd).toBeNull();
    expect(revenue('wujiashan').reportedLastYearYtd).toBe('70');
    expect(unit('wujiashan').carried).toBe(0);
    expect(enterprises.map((e) => e.key)).not.toContain('G');
  });

  it('the district total is the sum of the units, rates from its own sums, target from the district row', () => {
    const t = document.total.indicators.revenue!;
    expect(t.month).toBe('43.250001'); // 30 + 5.25 + 0.000001 + 8
    expect(t.ytd).toBe('283.250001');
    expect(t.lastYearYtd).toBe('250');
    expect(t.reportedLastYearYtd).toBe('320'); // A 150 + B 100 (shipin) + D 0 + G 70
    expect(t.baseShift).toBe('-70');
    expect(t.target).toBe('5000');
    expect(t.completion).toBe(283.250001 / 5000);
    expect(t.yoy).toBeCloseTo(283.250001 / 250 - 1, 14);
    expect(document.total.unregistered).toBe(1);
    expect(document.total.indicators.fai!.month).toBe('300');
  });
});

describe('summarize: counts', () => {
  it.each([
    // unit, served, carried, cooperating, safety, transfersIn, transfersOut, firstReported, new, leaving, pending, completed, notReported
    ['changqing', 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0],
    ['jinghe', 2, 2, 1, 3, 1, 0, 0, 0, 0, 1, 1, 0],
    ['shipin', 1, 1, 0, null, 0, 1, 0, 0, 0, 1, 1, 0],
    ['baiquan', 2, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1],
    ['wujiashan', 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0],
    ['jinyinhu', 1, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0],
  ])(
    '%s',
    (id, served, carried, coop, safety, tin, tout, first, nw, leaving, pending, completed, notReported) => {
      const u = unit(id);
      expect([
        u.served,
        u.carried,
        u.cooperating,
        u.safety,
        u.transfersIn,
        u.transfersOut,
        u.firstReported,
        u.new,
        u.leaving,
        u.pendingHandovers,
        u.completedThisMonth,
        u.notReported,
      ]).toEqual([
        served,
        carried,
        coop,
        safety,
        tin,
        tout,
        first,
        nw,
        leaving,
        pending,
        completed,
        notReported,
      ]);
    },
  );

  it('by stage, lists and the total counting every enterprise once', () => {
    expect(unit('shipin').byStage).toEqual({ new: 1, signed: 0, building: 0, built: 0 });
    expect(unit('jinghe').lists.transfersIn).toEqual([
      { key: 'C', name: '企业C', from: 'shipin', to: 'jinghe', clause: '3.1.transferred' },
    ]);
    expect(unit('shipin').lists.transfersOut.map((t) => t.key)).toEqual(['C']);
    expect(unit('jinghe').lists.pendingHandovers).toEqual([
      { key: 'P', name: '企业P', stage: 'new', lead: 'shipin', cooperating: 'jinghe' },
    ]);
    expect(unit('baiquan').lists.notReported).toEqual([{ key: 'E', name: '企业E' }]);
    expect(unit('wujiashan').lists.leaving).toEqual([{ key: 'G', name: '企业G' }]);
    const t = document.total;
    expect([t.served, t.carried, t.cooperating, t.safety, t.transfersIn, t.transfersOut]).toEqual([
      8, 8, 1, 8, 1, 1,
    ]);
    expect([
      t.firstReported,
      t.new,
      t.leaving,
      t.pendingHandovers,
      t.completedThisMonth,
      t.notReported,
    ]).toEqual([1, 0, 1, 1, 1, 1]);
    expect(unit('jinyinhu').lists.firstReported).toEqual([{ key: 'H', name: '企业H' }]);
    expect(unit('jinyinhu').lists.new).toEqual([]);
    expect(t.byStage).toEqual({ new: 1, signed: 0, building: 0, built: 7 });
    const sumOfUnits = (f: 'carried' | 'transfersIn' | 'notReported' | 'new' | 'leaving') =>
      document.units.reduce((s, u) => s + u[f], 0);
    expect(sumOfUnits('carried')).toBe(t.carried);
    expect(sumOfUnits('transfersIn')).toBe(t.transfersIn);
    expect(document.units.reduce((s, u) => s + u.pendingHandovers, 0)).toBe(2); // listed twice, once in the total
  });

  it('the district has every list behind its counts, complete, each entry once and (gathered) naming its unit', () => {
    const { lists } = summarizeWithLists({
      month: M,
      records,
      indicators,
      targets,
      rules: rulesOf(POLICIES),
    });
    const district = lists.district ?? {};
    for (const name of LIST_NAMES)
      expect([name, district[name]?.length]).toEqual([name, document.total[name]]);
    expect(district.notReported).toEqual([{ key: 'E', name: '企业E', unit: 'baiquan' }]);
    expect(district.leaving).toEqual([{ key: 'G', name: '企业G', unit: 'wujiashan' }]);
    expect(district.firstReported).toEqual([{ key: 'H', name: '企业H', unit: 'jinyinhu' }]);
    // a transfer within the district is a 划入 and a 划出: one list
    expect(district.transfersOut).toEqual(district.transfersIn);
  });

  it('one row per serving unit (streets, then offices), enterprise rows with month and ytd', () => {
    expect(document.units.map((u) => u.unit)).toEqual(SUMMARY_UNITS);
    expect(document.units).toHaveLength(18);
    const b = enterprises.find((e) => e.key === 'B')!;
    expect(b).toMatchObject({ stage: 'built', service: 'jinghe', indicators: 'jinghe', reported: true });
    expect(b.values.revenue).toEqual({ month: null, ytd: '30' });
    expect(b.values.tax).toEqual({ month: '1.5', ytd: '1.5' });
    expect(enterprises.find((e) => e.key === 'E')!.reported).toBe(false);
  });
});

describe('summarize: the policy boundary', () => {
  it.each([
    ['2020-04', false, false],
    ['2020-05', true, false],
    ['2021-03', true, false],
    ['2021-04', true, true],
  ] as [Month, boolean, boolean][])(
    '%s: transfers possible %s, as-reported base %s',
    (month, transfers, base) => {
      const versions = [
        [
          rec({
            key: 'T',
            stage: 'built',
            recruiter: 'shipin',
            street: 'jinghe',
            completedOn: `${month}-01`,
            month: '2020-01',
          }),
        ],
      ];
      const rows = [row('T', month, { revenue: '1' }), row('T', '2020-04', { revenue: '2' })];
      const s = summarize({
        month,
        records: versions,
        indicators: rows,
        targets: [],
        rules: rulesOf(POLICIES),
      }).document;
      expect(s.total.transfersIn).toBe(transfers ? 1 : 0);
      expect(s.asReportedBase).toBe(base);
      const jinghe = s.units.find((u) => u.unit === 'jinghe')!.indicators.revenue!;
      if (base)
        expect(jinghe.reportedLastYearYtd).toBeNull(); // jinghe did not carry T in M−12, no value
      else expect([jinghe.reportedLastYearYtd, jinghe.baseShift]).toEqual([null, null]);
    },
  );

  it('a month before the policy is an error, not a guess', () => {
    expect(() =>
      summarize({ month: '2020-03', records: [], indicators: [], targets: [], rules: rulesOf(POLICIES) }),
    ).toThrow(PolicyNotInForceError);
  });

  it('monthsNeeded: January of last year .. M', () => {
    expect(monthsNeeded('2026-02')).toEqual(['2025-01', ...monthsNeeded('2026-02').slice(1)]);
    expect(monthsNeeded('2026-02')).toHaveLength(14);
    expect(monthsNeeded('2026-12').at(-1)).toBe('2026-12');
  });

  it('lists are capped, counts are complete; figuresOf ignores lists', () => {
    const many = Array.from({ length: LIST_LIMIT + 5 }, (_, i) => [
      rec({ key: `K${String(i).padStart(4, '0')}` }),
    ]);
    const s = summarize({
      month: M,
      records: many,
      indicators: [],
      targets: [],
      rules: rulesOf(POLICIES),
    }).document;
    const u = s.units.find((x) => x.unit === 'changqing')!;
    expect(u.notReported).toBe(LIST_LIMIT + 5);
    expect(u.lists.notReported).toHaveLength(LIST_LIMIT);
    expect(JSON.stringify(figuresOf(s))).not.toContain('lists');
  });
});

describe('summarize: the one-story case table (划入/划出 as 划转确认 lists them, 首次报送, 新登记)', () => {
  const rules = rulesOf(POLICIES, decisionsFrom([STORY_DECISION_RECORD], []));
  const { document: story } = summarize({
    month: STORY_MONTH,
    records: STORY_CASES.map((c) => c.versions),
    indicators: [],
    targets: [],
    rules,
  });
  const units = [...new Set(STORY_CASES.flatMap((c) => [c.carrier, c.transfer?.from, c.transfer?.to]))];
  it.each(units.filter((u) => u != null).map((u) => [u]))('%s: counts and lists', (id) => {
    const u = story.units.find((x) => x.unit === id)!;
    expect({
      transfersIn: u.transfersIn,
      transfersOut: u.transfersOut,
      firstReported: u.firstReported,
      new: u.new,
    }).toEqual(storyCounts(id));
    const keys = (pick: (c: (typeof STORY_CASES)[number]) => boolean) =>
      STORY_CASES.filter(pick)
        .map((c) => c.key)
        .sort();
    expect(u.lists.transfersIn.map((t) => t.key).sort()).toEqual(keys((c) => c.transfer?.to === id));
    expect(u.lists.transfersOut.map((t) => t.key).sort()).toEqual(keys((c) => c.transfer?.from === id));
    expect(u.lists.firstReported.map((t) => t.key).sort()).toEqual(
      keys((c) => c.carrier === id && c.firstReported),
    );
    expect(u.lists.new.map((t) => t.key).sort()).toEqual(keys((c) => c.carrier === id && c.registered));
  });
  it('the district: each record once', () => {
    const t = story.total;
    expect({
      transfersIn: t.transfersIn,
      transfersOut: t.transfersOut,
      firstReported: t.firstReported,
      new: t.new,
    }).toEqual(storyCounts('district'));
  });
});
