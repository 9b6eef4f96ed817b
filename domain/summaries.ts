/**
 * Monthly indicator summaries (docs/summaries.md): every figure and count for a
 * month M and a unit U, and the district overview — the `lkg summary --json` document
 * (the README (“Try it”)).
 *
 * Attribution follows the enterprise (经济指标随项目走): U's enterprises in M are those whose
 * `indicators` unit in M is U, and their whole year — this year's months and last year's
 * comparable base — moves with them. The as-reported base (原口径) is last year's
 * year-to-date of the enterprises U carried in M−12; `baseShift` is what transfers moved.
 *
 * Pure: no I/O, no clock. Money is exact decimal (domain/decimal.ts) as canonical strings;
 * rates are unrounded fractions computed from exact quotients. Rounding happens only where a
 * person reads (domain/email/).
 *
 * @example
 * ```ts
 * import { summarize } from '#domain/summaries';
 * const { document, enterprises } = summarize({ month: '2026-10', records, indicators, targets, rules: rulesOf(POLICIES) });
 * document.units.find((u) => u.unit === 'changqing')?.indicators.revenue?.ytd; // '9876.5'
 * ```
 *
 * @module
 */
import { type Decimal, isZero, mul, parseDecimal, ratio, sub, sumNullable } from './decimal.ts';
import type { RulesInForce } from './decisions.ts';
import { INDICATOR_IDS } from './indicators.ts';
import { GATHERED_LISTS } from './labels.ts';
import { addMonths, compareMonths, makeMonth, monthOf, monthRange, parseMonthParts } from './months.ts';
import { firstPolicyMonth, policyAt, type RecordInMonth, recordInMonth, storyOf } from './timeline.ts';
import type {
  Assignment,
  IndicatorId,
  IndicatorRow,
  Month,
  RegisterRecord,
  Stage,
  TargetRow,
} from './types.ts';
import {
  isOffice,
  isStreet,
  type OfficeId,
  type StreetId,
  UNITS,
  type UnitId,
  type UnitKind,
} from './units.ts';

// ───────────────────────────── the document (the JSON contract) ─────────────────────────────

/** The figures of one indicator for a unit (or the district) in month M (docs/summaries.md). */
export interface IndicatorFigures {
  /** 本月: Σ of this month's values; null when nobody reported. */
  month: Decimal | null;
  /** 本年累计: January..M of M's year, over the unit's enterprises in M. */
  ytd: Decimal | null;
  /** 上年同期（可比口径）: the same enterprises, one year earlier. */
  lastYearYtd: Decimal | null;
  /** 同比增长（可比口径）: ytd / lastYearYtd − 1; null when the base is 0 or missing. */
  yoy: number | null;
  /** 上月: Σ of M−1's values of the same enterprises (January: last December); null when none reported. */
  previousMonth?: Decimal | null;
  /** 环比: month / previousMonth − 1; null when either is missing or last month was 0. */
  mom?: number | null;
  /** 上年同期（原口径）: last year's ytd of the enterprises the unit carried in M−12; null before the policy. */
  reportedLastYearYtd: Decimal | null;
  /** 基数调整: lastYearYtd − reportedLastYearYtd (a null side counts as 0 when the other is not null). */
  baseShift: Decimal | null;
  /** 年度目标: the targets sheet (unit, M's year); null when none. */
  target: Decimal | null;
  /** 完成率: ytd / target. */
  completion: number | null;
  /** 时序进度: month number / 12. */
  timeProgress: number;
  /** 超（落后）时序进度: completion − timeProgress, a fraction (people read percentage points). */
  ahead: number | null;
  /**
   * The district only: where its target comes from ({@link districtTarget}) — its own row of
   * the targets sheet, the sum of the units' when every unit has one, or none; and how many
   * units have none (「N 个单位未设目标」).
   */
  targetFrom?: 'district' | 'units' | null;
  unitsWithoutTarget?: number;
}

/**
 * The district's 年度目标 of one indicator: the targets sheet's district row (全区) when it has
 * one; else the sum of the units' targets when every unit has one; else none, with the number of
 * units that have none (the overview says 「N 个单位未设目标」 instead of a rate against a part).
 */
export function districtTarget(
  own: Decimal | null,
  units: ReadonlyArray<Decimal | null>,
): { target: Decimal | null; from: 'district' | 'units' | null; unitsWithoutTarget: number } {
  const unitsWithoutTarget = units.filter((t) => t == null).length;
  if (own != null) return { target: own, from: 'district', unitsWithoutTarget };
  if (units.length > 0 && unitsWithoutTarget === 0)
    return { target: sumNullable(units), from: 'units', unitsWithoutTarget };
  return { target: null, from: null, unitsWithoutTarget };
}

/** Enterprises by stage in M (the investment pipeline; `inactive` never counts). */
export type StageCounts = Record<Exclude<Stage, 'inactive'>, number>;

/** An enterprise named in a list of the summary. */
export interface ListedEnterprise {
  key: string;
  name: string;
  /** In the district's gathered lists: the unit whose row counts the entry. */
  unit?: UnitId;
}

/** A transfer (划转) into or out of the unit in M. */
export interface ListedTransfer extends ListedEnterprise {
  from: UnitId | null;
  to: UnitId | null;
  /** The clause that decides the assignment in M (for a transfer out of the record's last unit: in M). */
  clause: string | null;
}

/** A 3.2.pre-handover project: led by an office, handed to its street on completion. */
export interface ListedHandover extends ListedEnterprise {
  stage: Stage;
  lead: OfficeId | null;
  cooperating: StreetId | null;
}

/** A project completed (建成投产) in M. */
export interface ListedCompletion extends ListedEnterprise {
  completedOn: string;
  /** The unit carrying its indicators in M. */
  indicators: UnitId | null;
}

/** The lists behind the counts (each capped at {@link LIST_LIMIT} entries; the counts are complete). */
export interface SummaryLists {
  transfersIn: ListedTransfer[];
  transfersOut: ListedTransfer[];
  /** 首次报送: records whose first 报送月份 is M. */
  firstReported: ListedEnterprise[];
  /** 新登记: the first-reported ones whose stage in M is 新引进 or 已签约. */
  new: ListedEnterprise[];
  leaving: ListedEnterprise[];
  pendingHandovers: ListedHandover[];
  completedThisMonth: ListedCompletion[];
  notReported: ListedEnterprise[];
}

/** Counts of a unit (or the district) in M. */
export interface SummaryCounts {
  /** Enterprises whose `service` unit is U. */
  served: number;
  /** Enterprises whose `indicators` unit is U. */
  carried: number;
  /** Enterprises whose `cooperating` street is U (3.2.pre-handover). */
  cooperating: number;
  /** Streets: enterprises whose `safety` street is U; null for offices. */
  safety: number | null;
  /** The carried enterprises by stage in M. */
  byStage: StageCounts;
  /**
   * 划入/划出: the indicators unit in M−1 differs from the one in M (the timeline's `storyOf`),
   * a record first reported in M included — exactly the transfers 划转确认 lists for M.
   */
  transfersIn: number;
  transfersOut: number;
  /**
   * 首次报送: records whose first stored 报送月份 is M (a transfer in M too, when their facts
   * read back to M−1 give another unit). Absent in summaries stored before it was counted.
   */
  firstReported: number;
  /** 新登记: first reported in M with the stage 新引进 or 已签约 in M. */
  new: number;
  /** Records inactive in M that were active (and carried by U) in M−1. */
  leaving: number;
  /** 3.2.pre-handover records, listed for the lead office and the cooperating street. */
  pendingHandovers: number;
  /** Projects whose completedOn falls in M. */
  completedThisMonth: number;
  /** Carried enterprises with no indicators row (or only blank values) for M. */
  notReported: number;
}

/** One unit's summary: an element of `units` in the `lkg summary --json` document. */
export interface UnitSummary extends SummaryCounts {
  unit: UnitId;
  /** The unit's Chinese name. */
  name: string;
  kind: UnitKind;
  indicators: Record<IndicatorId, IndicatorFigures>;
  lists: SummaryLists;
}

/** The district total: sums of the units' rows (each enterprise once), rates from its own sums. */
export interface DistrictTotal extends SummaryCounts {
  unit: 'district';
  name: string;
  indicators: Record<IndicatorId, IndicatorFigures>;
  /** Indicator rows of M whose key is in no register (attributed to no unit, so in no sum). */
  unregistered: number;
  lists: Pick<SummaryLists, 'transfersIn' | 'pendingHandovers' | 'completedThisMonth'>;
}

/** The `lkg summary --json` document (the README (“Try it”)). */
export interface SummaryDocument {
  month: Month;
  /** The policy version the assignments were made with, e.g. `2020-1`. */
  policy: string;
  /** month number / 12. */
  timeProgress: number;
  /** Whether M−12 is in force (else the as-reported base and base shift are null). */
  asReportedBase: boolean;
  /** The indicator ids, in catalog order. */
  indicatorIds: IndicatorId[];
  /** One row per serving unit (12 streets, then 6 offices), every one even when empty. */
  units: UnitSummary[];
  total: DistrictTotal;
}

/** One enterprise's row (xlsx attachment): its assignment in M and each indicator's month and ytd. */
export interface EnterpriseFigures {
  key: string;
  name: string;
  stage: Stage;
  service: UnitId | null;
  indicators: UnitId | null;
  cooperating: StreetId | null;
  safety: StreetId | null;
  decidedBy: string | null;
  reported: boolean;
  values: Record<IndicatorId, { month: Decimal | null; ytd: Decimal | null }>;
}

/** The document and the enterprise rows of month M. */
export interface MonthSummaries {
  document: SummaryDocument;
  /** Every enterprise active in M, ordered by carrying unit (as in `units`), then key. */
  enterprises: EnterpriseFigures[];
}

/** What a month's summaries are computed from. */
export interface SummaryInput {
  month: Month;
  /** Every record's stored versions (one array per record, any order). */
  records: Iterable<readonly RegisterRecord[]>;
  /** Indicator rows of January of last year .. M (other months are ignored). */
  indicators: Iterable<IndicatorRow>;
  /** Target rows (other years than M's are ignored). */
  targets: readonly TargetRow[];
  /** The rules in force: the policy in force for each month is used, with the decisions. */
  rules: RulesInForce;
}

/** A unit's enterprises by role in M (`GET /units`): offices have no cooperating or safety count. */
export type UnitRoleCounts = Partial<Record<'service' | 'indicators' | 'cooperating' | 'safety', number>>;

/**
 * Each unit's enterprises by role in M, from the document's rows: service = served,
 * indicators = carried, and for streets cooperating and safety (what the unit's listings hold
 * in M, counted once with the summaries instead of on each request).
 */
export function unitCountsOf(document: Pick<SummaryDocument, 'units'>): Record<string, UnitRoleCounts> {
  const out: Record<string, UnitRoleCounts> = {};
  for (const row of document.units) {
    out[row.unit] =
      row.kind === 'street'
        ? {
            service: row.served,
            indicators: row.carried,
            cooperating: row.cooperating,
            safety: row.safety ?? 0,
          }
        : { service: row.served, indicators: row.carried };
  }
  return out;
}

/** Lists in the document hold at most this many entries; the counts beside them are complete. */
export const LIST_LIMIT = 200;

/** The units with a row in the summaries: every street, then every office (not the bureau). */
export const SUMMARY_UNITS: readonly UnitId[] = UNITS.filter((u) => u.kind !== 'bureau').map((u) => u.id);

/** The months whose indicator rows a summary for M reads: January of M's year − 1 .. M. */
export function monthsNeeded(month: Month): Month[] {
  const { year } = parseMonthParts(month);
  return monthRange(makeMonth(year - 1, 1), month);
}

// ───────────────────────────── computation ─────────────────────────────

/** A record seen from M (its assignments in M, M−1 and M−12 come from the timeline). */
type Entry = RecordInMonth;

interface PerIndicator {
  month: Decimal | null;
  previous: Decimal | null;
  ytd: Decimal | null;
  lastYtd: Decimal | null;
}

const active = (a: Assignment | null | undefined): a is Assignment => a != null && a.status === 'active';

function emptyStages(): StageCounts {
  return { new: 0, signed: 0, building: 0, built: 0 };
}

function emptyCounts(safety: number | null): SummaryCounts {
  return {
    served: 0,
    carried: 0,
    cooperating: 0,
    safety,
    byStage: emptyStages(),
    transfersIn: 0,
    transfersOut: 0,
    firstReported: 0,
    new: 0,
    leaving: 0,
    pendingHandovers: 0,
    completedThisMonth: 0,
    notReported: 0,
  };
}

function emptyLists(): SummaryLists {
  return {
    transfersIn: [],
    transfersOut: [],
    firstReported: [],
    new: [],
    leaving: [],
    pendingHandovers: [],
    completedThisMonth: [],
    notReported: [],
  };
}

function push<T>(list: T[], item: T): void {
  list.push(item);
}

/** The lists as the document holds them: the first {@link LIST_LIMIT} of each. */
function capped<L extends Partial<SummaryLists>>(lists: L): L {
  const out: Record<string, unknown[]> = {};
  for (const [name, list] of Object.entries(lists)) out[name] = (list as unknown[]).slice(0, LIST_LIMIT);
  return out as L;
}

/** The names of the lists (a list added to {@link SummaryLists} is paged the same way). */
export const LIST_NAMES: readonly (keyof SummaryLists)[] = [
  'transfersIn',
  'transfersOut',
  'firstReported',
  'new',
  'leaving',
  'pendingHandovers',
  'completedThisMonth',
  'notReported',
];

/** Entries per page of a complete list (`GET /summaries/{m}/units/{u}/lists/{name}`, its stored pages). */
export const LIST_PAGE = 250;

/**
 * Σ of canonical decimal strings, null when none is reported — {@link sumNullable} with a
 * faster parse for the hot loop (stored values are canonical: no exponent, no `+`).
 */
function sumValues(values: readonly (Decimal | null | undefined)[]): Decimal | null {
  let units = 0n;
  let scale = 0;
  let any = false;
  for (const v of values) {
    if (v == null) continue;
    any = true;
    const dot = v.indexOf('.');
    const s = dot < 0 ? 0 : v.length - dot - 1;
    let u = BigInt(dot < 0 ? v : v.slice(0, dot) + v.slice(dot + 1));
    if (s > scale) {
      units *= 10n ** BigInt(s - scale);
      scale = s;
    } else if (s < scale) u *= 10n ** BigInt(scale - s);
    units += u;
  }
  if (!any) return null;
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return parseDecimal(negative ? `-${text}` : text);
}

/** `a − b` where a null side counts as 0 when the other is not null; null when both are. */
function shiftOf(a: Decimal | null, b: Decimal | null): Decimal | null {
  if (a == null && b == null) return null;
  return sub(a ?? '0', b ?? '0');
}

/**
 * The rates of one indicator from its sums (docs/summaries.md): yoy (null when the base is 0
 * or missing), completion, time progress and ahead — each from an exact quotient, rounded
 * once to the nearest float.
 */
export function figuresFrom(
  sums: {
    month: Decimal | null;
    ytd: Decimal | null;
    lastYearYtd: Decimal | null;
    previousMonth?: Decimal | null;
  },
  reportedLastYearYtd: Decimal | null,
  baseShift: Decimal | null,
  target: Decimal | null,
  monthNumber: number,
): IndicatorFigures {
  const { ytd, lastYearYtd } = sums;
  const yoy =
    ytd != null && lastYearYtd != null && !isZero(lastYearYtd)
      ? ratio(sub(ytd, lastYearYtd), lastYearYtd)
      : null;
  const completion = ratio(ytd, target);
  const previousMonth = sums.previousMonth ?? null;
  const mom =
    sums.month != null && previousMonth != null && !isZero(previousMonth)
      ? ratio(sub(sums.month, previousMonth), previousMonth)
      : null;
  // completion − m/12, exactly: (12·ytd − m·target) / (12·target).
  const ahead =
    completion == null || ytd == null || target == null
      ? null
      : ratio(sub(mul(ytd, '12'), mul(target, String(monthNumber))), mul(target, '12'));
  return {
    month: sums.month,
    ytd,
    lastYearYtd,
    yoy,
    ...(sums.previousMonth !== undefined ? { previousMonth, mom } : {}),
    reportedLastYearYtd,
    baseShift,
    target,
    completion,
    timeProgress: monthNumber / 12,
    ahead,
  };
}

/**
 * Computes every figure and count of docs/summaries.md for month M: one row per serving unit,
 * the district total, and one row per enterprise active in M.
 *
 * @param input the records' versions, the indicator rows of January of last year .. M, the targets
 * @throws PolicyNotInForceError when no policy is in force for M; ValidationError for a malformed month
 */
export function summarize(input: SummaryInput): MonthSummaries {
  return summarizeWithLists(input).summaries;
}

/** Every unit's (and `district`'s) lists behind the counts, complete. */
export type CompleteLists = Record<string, Partial<SummaryLists>>;

/**
 * The district's lists behind its counts: its own transfers (each once: a transfer within the
 * district is both a 划入 and a 划出, so both lists are the one), pending handovers and
 * completions (each project once), and the units' 首次报送, 新登记, 退出 and 未报 gathered in
 * the units' order, each entry with the unit (`unit`) whose row counts it.
 */
function districtLists(
  accs: ReadonlyMap<string, { lists: SummaryLists }>,
  transfers: ListedTransfer[],
  handovers: ListedHandover[],
  completed: ListedCompletion[],
): Partial<SummaryLists> {
  const gathered = (name: (typeof GATHERED_LISTS)[number]): ListedEnterprise[] =>
    SUMMARY_UNITS.flatMap((unit) => (accs.get(unit)?.lists[name] ?? []).map((e) => ({ ...e, unit })));
  return {
    transfersIn: transfers,
    transfersOut: transfers,
    pendingHandovers: handovers,
    completedThisMonth: completed,
    ...Object.fromEntries(GATHERED_LISTS.map((name) => [name, gathered(name)])),
  };
}

/** One enterprise's indicator rows: M's, M−1's, M's year up to M, last year's up to M−12. */
interface IndicatorSlot {
  month: IndicatorRow | null;
  previous: IndicatorRow | null;
  thisYear: IndicatorRow[];
  lastYear: IndicatorRow[];
}

/** The indicator rows a summary of M reads (January of last year .. M), by enterprise key. */
function indicatorSlots(rows: Iterable<IndicatorRow>, month: Month): Map<string, IndicatorSlot> {
  const { year } = parseMonthParts(month);
  const lastYearFrom = makeMonth(year - 1, 1);
  const lastYear = addMonths(month, -12);
  const previousMonth = addMonths(month, -1);
  const byKey = new Map<string, IndicatorSlot>();
  for (const row of rows) {
    if (compareMonths(row.month, month) > 0 || compareMonths(row.month, lastYearFrom) < 0) continue;
    let slot = byKey.get(row.key);
    if (!slot) {
      slot = { month: null, previous: null, thisYear: [], lastYear: [] };
      byKey.set(row.key, slot);
    }
    if (row.month === month) slot.month = row;
    if (row.month === previousMonth) slot.previous = row;
    if (row.month.startsWith(`${year}-`)) slot.thisYear.push(row);
    else if (compareMonths(row.month, lastYear) <= 0) slot.lastYear.push(row);
  }
  return byKey;
}

/** One enterprise's figures of each indicator: M, M−1, this year's and last year's ytd. */
function perEnterprise(slot: IndicatorSlot | undefined): Record<IndicatorId, PerIndicator> {
  const out: Record<IndicatorId, PerIndicator> = {};
  for (const k of INDICATOR_IDS) {
    out[k] = slot
      ? {
          month: slot.month?.values[k] ?? null,
          previous: slot.previous?.values[k] ?? null,
          ytd: sumValues(slot.thisYear.map((r) => r.values[k])),
          lastYtd: sumValues(slot.lastYear.map((r) => r.values[k])),
        }
      : { month: null, previous: null, ytd: null, lastYtd: null };
  }
  return out;
}

/** A unit's counts, lists and the values it sums, gathered in the pass over the district. */
interface UnitAcc {
  counts: SummaryCounts;
  lists: SummaryLists;
  month: Record<IndicatorId, (Decimal | null)[]>;
  previous: Record<IndicatorId, (Decimal | null)[]>;
  ytd: Record<IndicatorId, (Decimal | null)[]>;
  lastYtd: Record<IndicatorId, (Decimal | null)[]>;
  reported: Record<IndicatorId, (Decimal | null)[]>;
}

function emptyAcc(unit: UnitId): UnitAcc {
  const perIndicator = () => Object.fromEntries(INDICATOR_IDS.map((k) => [k, [] as (Decimal | null)[]]));
  return {
    counts: emptyCounts(isStreet(unit) ? 0 : null),
    lists: emptyLists(),
    month: perIndicator(),
    previous: perIndicator(),
    ytd: perIndicator(),
    lastYtd: perIndicator(),
    reported: perIndicator(),
  };
}

/** The one pass over the district's records in M: what each unit and the district gather. */
class DistrictPass {
  readonly accs = new Map<UnitId, UnitAcc>(SUMMARY_UNITS.map((unit) => [unit, emptyAcc(unit)]));
  readonly total = emptyCounts(0);
  readonly enterprises: EnterpriseFigures[] = [];
  readonly transfers: ListedTransfer[] = [];
  readonly handovers: ListedHandover[] = [];
  readonly completed: ListedCompletion[] = [];
  private readonly figures = new Map<string, Record<IndicatorId, PerIndicator>>();

  constructor(
    readonly month: Month,
    readonly byKey: ReadonlyMap<string, IndicatorSlot>,
  ) {}

  acc(unit: UnitId | null | undefined): UnitAcc | undefined {
    return unit ? this.accs.get(unit) : undefined;
  }

  /** The enterprise's figures (computed once per key). */
  figuresOf(key: string): Record<IndicatorId, PerIndicator> {
    let f = this.figures.get(key);
    if (!f) {
      f = perEnterprise(this.byKey.get(key));
      this.figures.set(key, f);
    }
    return f;
  }

  /** Whether the enterprise has a row of M with a value. */
  reportedIn(key: string): boolean {
    const row = this.byKey.get(key)?.month;
    return row != null && Object.values(row.values).some((v) => v != null);
  }

  /** Counts one record of the district in M. */
  count(e: Entry): void {
    // The as-reported base stays where the record was carried in M−12 (even if inactive now).
    if (active(e.lastYear)) {
      const carrier = this.acc(e.lastYear.indicators);
      if (carrier) {
        const f = this.figuresOf(e.key);
        for (const k of INDICATOR_IDS) carrier.reported[k]?.push(f[k]?.lastYtd ?? null);
      }
    }
    if (active(e.now)) this.countActive(e, e.now);
    else if (active(e.previous)) {
      // Leaving: inactive in M, active in M−1 (listed where it was carried).
      const was = this.acc(e.previous.indicators);
      if (was) {
        was.counts.leaving += 1;
        push(was.lists.leaving, listed(e));
      }
      this.total.leaving += 1;
    }
  }

  /** An enterprise active in M: its row, its roles, the figures its carrier sums, its story. */
  private countActive(e: Entry, now: Assignment): void {
    const f = this.figuresOf(e.key);
    const reported = this.reportedIn(e.key);
    const stage = now.stage as Exclude<Stage, 'inactive'>;
    this.enterprises.push({
      key: e.key,
      name: e.name,
      stage,
      service: now.service,
      indicators: now.indicators,
      cooperating: now.cooperating,
      safety: now.safety,
      decidedBy: now.decidedBy,
      reported,
      values: Object.fromEntries(
        INDICATOR_IDS.map((k) => [k, { month: f[k]?.month ?? null, ytd: f[k]?.ytd ?? null }]),
      ),
    });
    const served = this.acc(now.service);
    if (served) served.counts.served += 1;
    const coop = this.acc(now.cooperating);
    if (coop) coop.counts.cooperating += 1;
    const safety = this.acc(now.safety);
    if (safety && safety.counts.safety != null) safety.counts.safety += 1;
    const total = this.total;
    total.served += 1;
    total.carried += 1;
    total.safety = (total.safety ?? 0) + 1;
    if (now.cooperating) total.cooperating += 1;
    total.byStage[stage] += 1;

    const carrier = this.acc(now.indicators);
    if (carrier) {
      carrier.counts.carried += 1;
      carrier.counts.byStage[stage] += 1;
      for (const k of INDICATOR_IDS) {
        carrier.month[k]?.push(f[k]?.month ?? null);
        carrier.previous[k]?.push(f[k]?.previous ?? null);
        carrier.ytd[k]?.push(f[k]?.ytd ?? null);
        carrier.lastYtd[k]?.push(f[k]?.lastYtd ?? null);
      }
      if (!reported) {
        carrier.counts.notReported += 1;
        push(carrier.lists.notReported, listed(e));
      }
    }
    if (!reported) total.notReported += 1;
    this.countStory(e, now, carrier);
    if (now.handover != null) this.countHandover(e, now, stage);
    const completedOn = e.facts.completedOn;
    if (completedOn != null && monthOf(completedOn) === this.month) this.countCompletion(e, now, completedOn);
  }

  /** The month's story (the timeline's one answer): 首次报送, 新登记, 划入/划出. */
  private countStory(e: Entry, now: Assignment, carrier: UnitAcc | undefined): void {
    const story = storyOf(e, this.month);
    if (story.firstReported) {
      if (carrier) {
        carrier.counts.firstReported += 1;
        push(carrier.lists.firstReported, listed(e));
      }
      this.total.firstReported += 1;
    }
    if (story.registered) {
      if (carrier) {
        carrier.counts.new += 1;
        push(carrier.lists.new, listed(e));
      }
      this.total.new += 1;
    }
    if (story.transfer) {
      const t: ListedTransfer = {
        ...listed(e),
        from: story.transfer.from,
        to: story.transfer.to,
        clause: now.decidedBy,
      };
      const out = this.acc(story.transfer.from);
      if (out) {
        out.counts.transfersOut += 1;
        push(out.lists.transfersOut, t);
      }
      if (carrier) {
        carrier.counts.transfersIn += 1;
        push(carrier.lists.transfersIn, t);
      }
      this.total.transfersIn += 1;
      this.total.transfersOut += 1;
      push(this.transfers, t);
    }
  }

  /**
   * A pending handover (2020-1: 3.2.pre-handover; any policy: the preHandover rule sets
   * `handover`): listed for the lead office and the cooperating street; once in the total.
   */
  private countHandover(e: Entry, now: Assignment, stage: Stage): void {
    const h: ListedHandover = { ...listed(e), stage, lead: now.lead, cooperating: now.cooperating };
    for (const unit of new Set([now.lead, now.cooperating])) {
      const a = this.acc(unit);
      if (a) {
        a.counts.pendingHandovers += 1;
        push(a.lists.pendingHandovers, h);
      }
    }
    this.total.pendingHandovers += 1;
    push(this.handovers, h);
  }

  /** Completed this month: for the unit carrying it now, the one that carried it in M−1 and a recruiting office. */
  private countCompletion(e: Entry, now: Assignment, completedOn: string): void {
    const c: ListedCompletion = { ...listed(e), completedOn, indicators: now.indicators };
    const recruiter = isOffice(e.facts.recruiter) ? e.facts.recruiter : null;
    const prevUnit = active(e.previous) ? e.previous.indicators : null;
    for (const unit of new Set([now.indicators, prevUnit, recruiter])) {
      const a = this.acc(unit);
      if (a) {
        a.counts.completedThisMonth += 1;
        push(a.lists.completedThisMonth, c);
      }
    }
    this.total.completedThisMonth += 1;
    push(this.completed, c);
  }
}

const listed = (e: Entry): ListedEnterprise => ({ key: e.key, name: e.name });

/** What the figures of a row need besides its sums: the year's targets, M's number, the base. */
interface FigureContext {
  targetOf: (unit: string, k: IndicatorId) => Decimal | null;
  monthNumber: number;
  hasLastYear: boolean;
}

/** Each serving unit's row: its counts, its figures from its sums, its lists (capped). */
function unitRows(accs: ReadonlyMap<UnitId, UnitAcc>, ctx: FigureContext): UnitSummary[] {
  const { hasLastYear } = ctx;
  return SUMMARY_UNITS.map((unit) => {
    const a = accs.get(unit) as UnitAcc;
    const info = UNITS.find((u) => u.id === unit);
    const indicators: Record<IndicatorId, IndicatorFigures> = {};
    for (const k of INDICATOR_IDS) {
      const ytd = sumNullable(a.ytd[k] ?? []);
      const lastYearYtd = sumNullable(a.lastYtd[k] ?? []);
      const reported = hasLastYear ? sumNullable(a.reported[k] ?? []) : null;
      indicators[k] = figuresFrom(
        {
          month: sumNullable(a.month[k] ?? []),
          ytd,
          lastYearYtd,
          previousMonth: sumNullable(a.previous[k] ?? []),
        },
        reported,
        hasLastYear ? shiftOf(lastYearYtd, reported) : null,
        ctx.targetOf(unit, k),
        ctx.monthNumber,
      );
    }
    return {
      unit,
      name: info?.name ?? unit,
      kind: info?.kind ?? 'street',
      ...a.counts,
      indicators,
      lists: capped(a.lists),
    };
  });
}

/** The district's figures: sums of the units' rows, rates from its own sums, its target. */
function districtIndicators(
  units: readonly UnitSummary[],
  ctx: FigureContext,
): Record<IndicatorId, IndicatorFigures> {
  const { hasLastYear } = ctx;
  const out: Record<IndicatorId, IndicatorFigures> = {};
  for (const k of INDICATOR_IDS) {
    const pick = (
      field: 'month' | 'ytd' | 'lastYearYtd' | 'reportedLastYearYtd' | 'baseShift' | 'previousMonth',
    ) => sumNullable(units.map((u) => u.indicators[k]?.[field] ?? null));
    const target = districtTarget(
      ctx.targetOf('district', k),
      units.map((u) => u.indicators[k]?.target ?? null),
    );
    out[k] = {
      ...figuresFrom(
        {
          month: pick('month'),
          ytd: pick('ytd'),
          lastYearYtd: pick('lastYearYtd'),
          previousMonth: pick('previousMonth'),
        },
        hasLastYear ? pick('reportedLastYearYtd') : null,
        hasLastYear ? pick('baseShift') : null,
        target.target,
        ctx.monthNumber,
      ),
      targetFrom: target.from,
      unitsWithoutTarget: target.unitsWithoutTarget,
    };
  }
  return out;
}

/** The enterprise rows by carrying unit (in the units' order), then key. */
function sortEnterprises(enterprises: EnterpriseFigures[]): void {
  const unitOrder = new Map(SUMMARY_UNITS.map((u, i) => [u as string, i]));
  enterprises.sort(
    (a, b) =>
      (unitOrder.get(a.indicators ?? '') ?? 99) - (unitOrder.get(b.indicators ?? '') ?? 99) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/**
 * {@link summarize}, and the lists behind the counts complete (the document's rows hold the
 * first {@link LIST_LIMIT} of each): what the stored list pages are written from. One pass over
 * the district ({@link DistrictPass}) gathers every count, sum and list; the rows' figures come
 * from those sums.
 */
export function summarizeWithLists(input: SummaryInput): { summaries: MonthSummaries; lists: CompleteLists } {
  const { month, rules } = input;
  const policy = policyAt(month, rules.policies);
  const { year, month: monthNumber } = parseMonthParts(month);
  const hasLastYear = compareMonths(addMonths(month, -12), firstPolicyMonth(rules.policies)) >= 0;

  // ── assignments in M, M−1 and M−12 (the timeline) ──
  const entries = new Map<string, Entry>();
  for (const versions of input.records) {
    const entry = recordInMonth(versions, month, rules);
    if (entry) entries.set(entry.key, entry);
  }
  const byKey = indicatorSlots(input.indicators, month);
  const pass = new DistrictPass(month, byKey);
  const sortedEntries = [...entries.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const e of sortedEntries) pass.count(e);

  const ctx: FigureContext = {
    targetOf: (unit, k) => input.targets.find((t) => t.year === year && t.unit === unit)?.values[k] ?? null,
    monthNumber,
    hasLastYear,
  };
  const units = unitRows(pass.accs, ctx);
  const lists: CompleteLists = {
    district: districtLists(pass.accs, pass.transfers, pass.handovers, pass.completed),
  };
  for (const unit of SUMMARY_UNITS) lists[unit] = (pass.accs.get(unit) as UnitAcc).lists;
  let unregistered = 0;
  for (const [key, slot] of byKey) if (slot.month && !entries.has(key)) unregistered += 1;
  sortEnterprises(pass.enterprises);

  const summaries: MonthSummaries = {
    document: {
      month,
      policy: policy.id,
      timeProgress: monthNumber / 12,
      asReportedBase: hasLastYear,
      indicatorIds: [...INDICATOR_IDS],
      units,
      total: {
        unit: 'district',
        name: '全区',
        ...pass.total,
        indicators: districtIndicators(units, ctx),
        unregistered,
        lists: capped({
          transfersIn: pass.transfers,
          pendingHandovers: pass.handovers,
          completedThisMonth: pass.completed,
        }),
      },
    },
    enterprises: pass.enterprises,
  };
  return { summaries, lists };
}

/**
 * The part of a document whose change means "the figures changed": every count and figure,
 * without the lists' order-insensitive details. Used to say whether a published summary is
 * still current.
 */
export function figuresOf(document: SummaryDocument): unknown {
  const strip = <T extends { lists: unknown }>(row: T): Omit<T, 'lists'> => {
    const { lists: _lists, ...rest } = row;
    return rest;
  };
  return { month: document.month, units: document.units.map(strip), total: strip(document.total) };
}

// ───────────────────────────── which months a change touches ─────────────────────────────

/**
 * What an import changed, as far as the summaries care: register rows (any 报送月份: a
 * record's first version supplies its facts for earlier months too, docs/policy.md, so every
 * month may change), the months of indicator rows, the years of target rows. Contacts change
 * no figure.
 */
export interface SummaryChange {
  register: boolean;
  indicatorMonths: Month[];
  targetYears: number[];
}

/** The change of a workbook's rows. */
export function summaryChangeOf(rows: {
  register: readonly unknown[];
  indicators: readonly { month: Month }[];
  targets: readonly { year: number }[];
}): SummaryChange {
  return {
    register: rows.register.length > 0,
    indicatorMonths: [...new Set(rows.indicators.map((r) => r.month))].sort(),
    targetYears: [...new Set(rows.targets.map((r) => r.year))].sort(),
  };
}

/** Whether the change can alter month M's summaries (M reads the indicators of {@link monthsNeeded}). */
export function changeAffects(change: SummaryChange, month: Month): boolean {
  if (change.register) return true;
  if (change.targetYears.includes(parseMonthParts(month).year)) return true;
  const needed = monthsNeeded(month);
  return change.indicatorMonths.some((m) => compareMonths(m, month) <= 0 && m >= (needed[0] as Month));
}

/** The union of changes (a refresh of several imports at once). */
export function mergeChanges(changes: readonly SummaryChange[]): SummaryChange {
  return {
    register: changes.some((c) => c.register),
    indicatorMonths: [...new Set(changes.flatMap((c) => c.indicatorMonths))].sort(),
    targetYears: [...new Set(changes.flatMap((c) => c.targetYears))].sort(),
  };
}

/** Every month: the change that makes every stored summary be recomputed (a rebuild). */
export const EVERY_MONTH: SummaryChange = { register: true, indicatorMonths: [], targetYears: [] };
