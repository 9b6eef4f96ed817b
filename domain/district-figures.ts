/**
 * The district's figures as the bureau reads them, computed once so that the overview e-mail,
 * the API (`GET /summaries/{month}` adds `ranking`) and the console agree:
 *
 * - a ranking of the units per indicator, the streets among the streets and the industry offices
 *   among the offices (they carry different enterprises: a street those in its territory, an
 *   office the projects it leads and the industries it serves, so their sums are not
 *   comparable): within each group by 完成率 when every unit of the group has a 年度目标 for
 *   the year, else by 本年累计; a unit without the figure ranked on is not ranked; ties share a
 *   rank (1, 2, 2, 4); comparisons are exact (ytd·target cross products, no floats);
 * - district totals in 亿元 (亿美元): an exact shift of the catalogue's 万元 (万美元) by 10⁻⁴,
 *   rounded only in the text people read, the exact figure kept beside it.
 *
 * Pure: no I/O, no clock.
 *
 * @example
 * ```ts
 * rankingOf(document).revenue;
 * // { basis: { street: 'completion', office: 'ytd' },
 * //   ranks: [{ unit: 'changqing', group: 'street', rank: 1 }, …, { unit: 'jidian', group: 'office', rank: 1 }, …] }
 * hundredMillionText('123456.78', '万元'); // '12.35 亿元'
 * ```
 *
 * @module
 */
import { compare, type Decimal, formatDecimal, isNegative, isZero, mul, shift } from './decimal.ts';
import { type CatalogUnit, INDICATORS } from './indicators.ts';
import type { IndicatorId } from './types.ts';
import { isOffice } from './units.ts';

/** What the units are ranked by for one indicator. */
export type RankBasis = 'completion' | 'ytd';

/** The basis as people read it (a table's note, the e-mail). */
export const RANK_BASIS_LABELS: Readonly<Record<RankBasis, string>> = {
  completion: '按完成率排名',
  ytd: '按本年累计排名（有单位未设年度目标）',
};

/** The groups units are ranked within: the streets, and the industry offices. */
export type RankGroup = 'street' | 'office';

/** The groups in the order tables list them. */
export const RANK_GROUPS: readonly RankGroup[] = ['street', 'office'];

/** A group as people read it (「街道第 2 名」, 「产业办按完成率排名」). */
export const RANK_GROUP_LABELS: Readonly<Record<RankGroup, string>> = {
  street: '街道',
  office: '产业办',
};

/** The group a unit is ranked in (an id that is not an office's ranks with the streets). */
export function rankGroupOf(unit: string): RankGroup {
  return isOffice(unit) ? 'office' : 'street';
}

/** A unit's place for one indicator within its group: null when it has no figure to rank on. */
export interface UnitRank {
  unit: string;
  group: RankGroup;
  rank: number | null;
}

/**
 * One indicator's ranking: each group's basis, and every unit — the streets, then the offices,
 * each best first with its unranked last (in the units' order).
 */
export interface IndicatorRanking {
  basis: Record<RankGroup, RankBasis>;
  ranks: UnitRank[];
}

/** The ranking of every indicator of a month. */
export type DistrictRanking = Record<IndicatorId, IndicatorRanking>;

/** What a unit's row must hold to be ranked. */
interface RankedRow {
  unit: string;
  /** Absent in a row that carries no figures (then nothing of it is ranked). */
  indicators?: Record<string, { ytd: Decimal | null; target: Decimal | null } | undefined>;
}

const hasTarget = (t: Decimal | null | undefined): t is Decimal => t != null && !isZero(t) && !isNegative(t);

/**
 * The basis of a group's ranking: 完成率 when every unit of the group has a positive 年度目标
 * (a rate against a target is comparable only when all have one), else 本年累计.
 */
export function rankBasis(rows: readonly RankedRow[], indicator: IndicatorId): RankBasis {
  return rows.length > 0 && rows.every((r) => hasTarget(r.indicators?.[indicator]?.target))
    ? 'completion'
    : 'ytd';
}

/**
 * Exact order of two rows on the basis, greater first: completion compares ytd_a·target_b with
 * ytd_b·target_a (targets positive), ytd compares the sums.
 */
function better(basis: RankBasis, a: { ytd: Decimal; target: Decimal | null }, b: typeof a): -1 | 0 | 1 {
  if (basis === 'ytd') return compare(b.ytd, a.ytd);
  return compare(mul(b.ytd, a.target as Decimal), mul(a.ytd, b.target as Decimal));
}

/** One group's ranking (competition ranking: ties share a rank, the next skips). */
function rankGroup(rows: readonly RankedRow[], indicator: IndicatorId, group: RankGroup) {
  const basis = rankBasis(rows, indicator);
  const ranked: Array<{ unit: string; ytd: Decimal; target: Decimal | null; order: number }> = [];
  const unranked: UnitRank[] = [];
  rows.forEach((r, order) => {
    const f = r.indicators?.[indicator];
    if (f?.ytd == null) unranked.push({ unit: r.unit, group, rank: null });
    else ranked.push({ unit: r.unit, ytd: f.ytd, target: f.target, order });
  });
  ranked.sort((a, b) => better(basis, a, b) || a.order - b.order);
  const ranks: UnitRank[] = [];
  ranked.forEach((r, i) => {
    const previous = ranked[i - 1];
    const tied = previous !== undefined && better(basis, previous, r) === 0;
    ranks.push({ unit: r.unit, group, rank: tied ? (ranks[i - 1]?.rank ?? i + 1) : i + 1 });
  });
  return { basis, ranks: [...ranks, ...unranked] };
}

/** One indicator's ranking of the rows: the streets among the streets, the offices among the offices. */
export function rankUnits(rows: readonly RankedRow[], indicator: IndicatorId): IndicatorRanking {
  const basis = {} as Record<RankGroup, RankBasis>;
  const ranks: UnitRank[] = [];
  for (const group of RANK_GROUPS) {
    const ranked = rankGroup(
      rows.filter((r) => rankGroupOf(r.unit) === group),
      indicator,
      group,
    );
    basis[group] = ranked.basis;
    ranks.push(...ranked.ranks);
  }
  return { basis, ranks };
}

/** Every indicator's ranking of a month's units. */
export function rankingOf(document: {
  indicatorIds?: readonly IndicatorId[];
  units: readonly RankedRow[];
}): DistrictRanking {
  const out: DistrictRanking = {};
  for (const k of document.indicatorIds ?? []) out[k] = rankUnits(document.units, k);
  return out;
}

/** A unit's place as people read it: 「街道第 2 名」, 「产业办第 1 名」, or 「—」 when it is not ranked. */
export function placeText(place: UnitRank | null | undefined): string {
  return place?.rank == null ? '—' : `${RANK_GROUP_LABELS[place.group]}第 ${place.rank} 名`;
}

/** A unit's rank for an indicator as people read it (see {@link placeText}). */
export function rankText(ranking: IndicatorRanking | undefined, unit: string): string {
  return placeText(ranking?.ranks.find((r) => r.unit === unit));
}

/**
 * How an indicator's units are ranked, as a table's note reads it: 「街道按完成率排名；产业办按本年累计排名（有单位未设年度目标）」
 * (a group without units is left out).
 */
export function rankBasisText(ranking: IndicatorRanking | undefined): string {
  const groups = RANK_GROUPS.filter((g) => ranking?.ranks.some((r) => r.group === g) ?? true);
  return groups
    .map((g) => `${RANK_GROUP_LABELS[g]}${RANK_BASIS_LABELS[ranking?.basis[g] ?? 'ytd']}`)
    .join('；');
}

// ───────────────────────────── 亿元 for district totals ─────────────────────────────

/** The unit 10⁴ times the catalogue's: 亿元 for 万元, 亿美元 for 万美元. */
export function hundredMillionUnit(unit: CatalogUnit): string {
  return unit === '万元' ? '亿元' : '亿美元';
}

/** A value in the catalogue's unit (万元 or 万美元) in 亿元 (亿美元), exactly (×10⁻⁴). */
export function toHundredMillion(value: Decimal): Decimal {
  return shift(value, -4);
}

/** 「12.35 亿元」: the exact 亿 figure rounded half away from zero to 2 decimals; 「—」 for null. */
export function hundredMillionText(value: Decimal | null | undefined, unit: CatalogUnit): string {
  if (value == null) return '—';
  return `${formatDecimal(toHundredMillion(value), 2)} ${hundredMillionUnit(unit)}`;
}

/** An indicator's district total as people read it, and the exact figure behind it. */
export function districtAmount(
  value: Decimal | null | undefined,
  indicator: IndicatorId,
): { text: string; exact: string } {
  const unit = INDICATORS.find((i) => i.id === indicator)?.unit ?? '万元';
  if (value == null) return { text: '—', exact: '—' };
  return {
    text: hundredMillionText(value, unit),
    exact: `${toHundredMillion(value)} ${hundredMillionUnit(unit)}`,
  };
}
