/**
 * The district's figures: the units ranked per indicator (by 完成率 when every
 * unit has a target, else by 本年累计; ties share a rank), 亿元 for district totals, exact; the
 * same in the overview e-mail. Cases: targets present, partly missing, the district's own row.
 */
import { describe, expect, it } from 'vitest';
import { rulesOf } from '#domain/decisions';
import {
  districtAmount,
  hundredMillionText,
  rankBasisText,
  rankingOf,
  rankText,
  rankUnits,
  toHundredMillion,
} from '#domain/district-figures';
import { renderOverviewEmail } from '#domain/email/render';
import { POLICIES } from '#domain/policy/index';
import { SUMMARY_UNITS, summarize } from '#domain/summaries';
import type { TargetRow } from '#domain/types';
import type { TargetUnitId } from '#domain/units';
import { rec, row } from './summaries-support.ts';

/** Rows of units a, b, c …: [ytd, target] each. */
const rows = (figures: ReadonlyArray<readonly [string | null, string | null]>) =>
  figures.map(([ytd, target], i) => ({
    unit: String.fromCharCode(97 + i),
    indicators: { revenue: { ytd, target } },
  }));

describe('rankUnits', () => {
  it.each([
    [
      'targets present: by 完成率, not by size (b 50/100 beats a 300/1000)',
      [
        ['300', '1000'],
        ['50', '100'],
        ['10', '100'],
      ],
      'completion',
      { b: 1, a: 2, c: 3 },
    ],
    [
      'targets present, a tie in 完成率 (1/3 and 2/6 exactly) shares the rank, the next skips',
      [
        ['1', '3'],
        ['2', '6'],
        ['9', '10'],
        ['0.1', '10'],
      ],
      'completion',
      { c: 1, a: 2, b: 2, d: 4 },
    ],
    [
      'a target partly missing: by 本年累计 for all',
      [
        ['300', '1000'],
        ['50', '100'],
        ['400', null],
      ],
      'ytd',
      { c: 1, a: 2, b: 3 },
    ],
    [
      'a target of 0 counts as missing (no 完成率): by 本年累计',
      [
        ['300', '1000'],
        ['50', '0'],
      ],
      'ytd',
      { a: 1, b: 2 },
    ],
    [
      'no target at all, equal sums written differently (12.50 and 12.5) tie',
      [
        ['12.50', null],
        ['12.5', null],
        ['-3', null],
      ],
      'ytd',
      { a: 1, b: 1, c: 3 },
    ],
    [
      'a unit without 本年累计 is not ranked (listed last)',
      [
        [null, '100'],
        ['5', '100'],
      ],
      'completion',
      { b: 1, a: null },
    ],
    [
      'exact where floats are not: 0.30000000000000001 beats 0.3 (the same float)',
      [
        ['0.3', '1'],
        ['0.30000000000000001', '1'],
      ],
      'completion',
      { b: 1, a: 2 },
    ],
  ] as const)('%s', (_t, figures, basis, expected) => {
    const ranking = rankUnits(rows(figures), 'revenue');
    expect(ranking.basis.street).toBe(basis);
    expect(Object.fromEntries(ranking.ranks.map((r) => [r.unit, r.rank]))).toEqual(expected);
    // best first, the unranked last
    const ranks = ranking.ranks.map((r) => r.rank ?? Number.POSITIVE_INFINITY);
    expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
  });

  it('the streets are ranked among the streets, the offices among the offices, each on its own basis', () => {
    const ranking = rankUnits(
      [
        { unit: 'changqing', indicators: { revenue: { ytd: '50', target: '100' } } },
        { unit: 'jidian', indicators: { revenue: { ytd: '900', target: null } } },
        { unit: 'jinghe', indicators: { revenue: { ytd: '90', target: '100' } } },
        { unit: 'shipin', indicators: { revenue: { ytd: '10', target: '10' } } },
      ],
      'revenue',
    );
    expect(ranking.basis).toEqual({ street: 'completion', office: 'ytd' });
    expect(ranking.ranks).toEqual([
      { unit: 'jinghe', group: 'street', rank: 1 },
      { unit: 'changqing', group: 'street', rank: 2 },
      { unit: 'jidian', group: 'office', rank: 1 },
      { unit: 'shipin', group: 'office', rank: 2 },
    ]);
    expect(rankText(ranking, 'jidian')).toBe('产业办第 1 名');
    expect(rankBasisText(ranking)).toBe('街道按完成率排名；产业办按本年累计排名（有单位未设年度目标）');
  });

  it('rankText', () => {
    const ranking = rankUnits(
      rows([
        ['1', null],
        [null, null],
      ]),
      'revenue',
    );
    expect(rankText(ranking, 'a')).toBe('街道第 1 名');
    expect(rankText(ranking, 'b')).toBe('—');
    expect(rankText(undefined, 'a')).toBe('—');
  });
});

describe('亿元 for district totals, exact', () => {
  it.each([
    ['123456.78', '万元', '12.345678', '12.35 亿元'],
    ['5', '万元', '0.0005', '0.00 亿元'],
    ['-250000', '万元', '-25', '-25.00 亿元'],
    ['1234567890.123456', '万美元', '123456.7890123456', '123,456.79 亿美元'],
    ['0', '万元', '0', '0.00 亿元'],
  ] as const)('%s %s', (value, unit, exact, text) => {
    expect(toHundredMillion(value)).toBe(exact);
    expect(hundredMillionText(value, unit)).toBe(text);
  });

  it('the exact figure stays retrievable', () => {
    expect(districtAmount('123456.78', 'revenue')).toEqual({
      text: '12.35 亿元',
      exact: '12.345678 亿元',
    });
    expect(districtAmount('10000', 'trade').text).toBe('1.00 亿美元');
    expect(districtAmount(null, 'revenue')).toEqual({ text: '—', exact: '—' });
  });
});

describe('summarize → ranking and the overview e-mail', () => {
  // 长青街 (changqing) carries A, 径河街 (jinghe) carries B, 金银湖街 (jinyinhu) carries C.
  const records = [
    [rec({ key: 'A', street: 'changqing', month: '2026-01' })],
    [rec({ key: 'B', street: 'jinghe', month: '2026-01' })],
    [rec({ key: 'C', street: 'jinyinhu', month: '2026-01' })],
    // two signed projects, their indicators carried by the offices that lead them
    [rec({ key: 'D', stage: 'signed', recruiter: 'shipin', street: 'jinghe', month: '2026-01' })],
    [rec({ key: 'E', stage: 'signed', recruiter: 'jidian', street: 'jinghe', month: '2026-01' })],
  ];
  const indicators = [
    row('A', '2026-06', { revenue: '600000' }),
    row('B', '2026-06', { revenue: '150000' }),
    row('C', '2026-06', { revenue: '150000' }),
    row('D', '2026-06', { revenue: '100000' }),
    row('E', '2026-06', { revenue: '50000' }),
  ];
  const unitTargets = (units: readonly TargetUnitId[]): TargetRow[] =>
    units.map((unit, i) => ({
      unit,
      year: 2026,
      values: { revenue: ['1200000', '200000', '300000'][i] ?? '1' },
    }));
  const everyUnit = (): TargetRow[] => {
    const named: TargetUnitId[] = ['changqing', 'jinghe', 'jinyinhu'];
    const rest = SUMMARY_UNITS.filter((u) => !named.includes(u)).map(
      (unit): TargetRow => ({ unit, year: 2026, values: { revenue: '1000' } }),
    );
    return [...unitTargets(named), ...rest];
  };
  const run = (targets: TargetRow[]) =>
    summarize({ month: '2026-06', records, indicators, targets, rules: rulesOf(POLICIES) }).document;
  const places = (document: ReturnType<typeof run>) =>
    Object.fromEntries(
      rankingOf(document)
        .revenue?.ranks.filter((r) => r.rank != null)
        .map((r) => [r.unit, r.rank]) ?? [],
    );

  const BY_RATE = '按完成率排名';
  const BY_SUM = '按本年累计排名（有单位未设年度目标）';
  const OFFICES = '产业办：1. 食品医药产业建设管理办公室、2. 机电产业建设管理办公室';
  it.each([
    [
      'targets present for every unit: by 完成率 (径河街 75 % before 长青街 50 % and 金银湖街 50 %); the offices apart',
      () => everyUnit(),
      { street: 'completion', office: 'completion' },
      { jinghe: 1, changqing: 2, jinyinhu: 2, shipin: 1, jidian: 2 },
      `街道${BY_RATE}；产业办${BY_RATE}`,
      `街道：1. 径河街、2. 长青街、2. 金银湖街；${OFFICES}`,
    ],
    [
      'targets partly missing: by 本年累计 (金银湖街 and 径河街 tie)',
      () => unitTargets(['changqing', 'jinghe']),
      { street: 'ytd', office: 'ytd' },
      { changqing: 1, jinghe: 2, jinyinhu: 2, shipin: 1, jidian: 2 },
      `街道${BY_SUM}；产业办${BY_SUM}`,
      `街道：1. 长青街、2. 径河街、2. 金银湖街；${OFFICES}`,
    ],
    [
      'every street has a target, no office: the streets by 完成率, the offices by 本年累计',
      () =>
        everyUnit().filter(
          (t) => !['shipin', 'jidian', 'zongbao', 'gaoxin', 'linkong', 'xiandai'].includes(t.unit),
        ),
      { street: 'completion', office: 'ytd' },
      { jinghe: 1, changqing: 2, jinyinhu: 2, shipin: 1, jidian: 2 },
      `街道${BY_RATE}；产业办${BY_SUM}`,
      `街道：1. 径河街、2. 长青街、2. 金银湖街；${OFFICES}`,
    ],
    [
      'the district row only: the district has a 完成率, the units are ranked by 本年累计',
      (): TargetRow[] => [{ unit: 'district', year: 2026, values: { revenue: '2000000' } }],
      { street: 'ytd', office: 'ytd' },
      { changqing: 1, jinghe: 2, jinyinhu: 2, shipin: 1, jidian: 2 },
      `街道${BY_SUM}；产业办${BY_SUM}`,
      `街道：1. 长青街、2. 径河街、2. 金银湖街；${OFFICES}`,
    ],
  ] as const)('%s', (_t, targets, basis, expected, note, line) => {
    const document = run(targets());
    expect(rankingOf(document).revenue?.basis).toEqual(basis);
    expect(places(document)).toEqual(expected);
    const mail = renderOverviewEmail(document, { unitsWithoutContacts: [] });
    expect(mail.html).toContain('>排名</th>');
    expect(mail.html).toContain(note);
    expect(mail.text).toContain(`营业收入（万元）（${note}）：${line}`);
    // the district's 本年累计 (1,050,000 万元) in 亿元, with the exact figure
    expect(mail.html).toMatch(/>营业收入<\/td>.*?>105\.00 亿元<\/td>.*?>105 亿元<\/td>/s);
    expect(mail.text).toContain('全区本年累计（以亿计）：营业收入 105.00 亿元（精确值 105 亿元）');
  });

  it('the per-unit table lists the units best first', () => {
    const mail = renderOverviewEmail(run(everyUnit()), { unitsWithoutContacts: [] });
    const table = mail.html.slice(mail.html.indexOf('分单位：营业收入'));
    const order = ['径河街', '长青街', '金银湖街'].map((n) => table.indexOf(`>${n}<`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((x, y) => x - y));
  });
});
