/**
 * A month's summaries from the store.
 *
 * - {@link loadSummaries}: the full recomputation, with Query and GetItem only
 *   (docs/storage.md): every record's versions (the versions index, paged), the indicator
 *   rows of January of last year .. M, the year's targets; then the pure `summarize`.
 * - {@link refreshSummaries}: recomputes and stores the summaries of every month a change can
 *   alter (after an import, the sweep, a rebuild), loading the records once for all months.
 * - {@link readSummaries} / {@link readSummaryRow}: what the API, its workbooks and the
 *   publisher read — the stored summaries (a short Query; one GetItem for a unit's row),
 *   recomputed live only when a committed import's refresh is still due for the month (a
 *   crash between the commit and the refresh) or nothing is stored yet.
 *
 * The published document (`S#<month>`/`SUMMARY`, what was sent) is another item, written by
 * the publisher only.
 *
 * @module
 */

import type { RulesInForce } from '#domain/decisions';
import { monthRange } from '#domain/months';
import { firstPolicyMonth } from '#domain/policy/index';
import type { ComputedSummaries, ProjectionReads } from '#domain/ports';
import {
  type CompleteLists,
  changeAffects,
  LIST_PAGE,
  type MonthSummaries,
  mergeChanges,
  monthsNeeded,
  type SummaryChange,
  type SummaryLists,
  summarizeWithLists,
  type UnitRoleCounts,
  unitCountsOf,
} from '#domain/summaries';
import type { IndicatorRow, Month, RegisterRecord, TargetRow } from '#domain/types';

/** What the summaries read and write: the projection, and the computed summaries. */
export type SummaryStore = ProjectionReads & ComputedSummaries;

/**
 * Loads what month M's summaries need and computes them (the full recomputation).
 *
 * @throws PolicyNotInForceError when no policy is in force for M
 */
export async function loadSummaries(
  store: SummaryStore,
  month: Month,
  rules: RulesInForce,
): Promise<MonthSummaries> {
  return (await loadSummariesWithLists(store, month, rules)).summaries;
}

/** {@link loadSummaries} and the complete lists behind the counts. */
async function loadSummariesWithLists(
  store: SummaryStore,
  month: Month,
  rules: RulesInForce,
): Promise<{ summaries: MonthSummaries; lists: CompleteLists }> {
  const [records, indicatorMonths, targets] = await Promise.all([
    allRecords(store),
    Promise.all(monthsNeeded(month).map((m) => store.indicatorsByMonth(m))),
    store.targets(Number(month.slice(0, 4))),
  ]);
  return summarizeWithLists({ month, records, indicators: indicatorMonths.flat(), targets, rules });
}

async function allRecords(store: SummaryStore): Promise<RegisterRecord[][]> {
  const out: RegisterRecord[][] = [];
  for await (const versions of store.allVersions()) out.push(versions.map((v) => v.record));
  return out;
}

/** What a refresh recomputed. */
export interface RefreshResult {
  /** The months whose summaries were stored. */
  months: Month[];
  /** The months another, later refresh had already stored (left as they are). */
  superseded: Month[];
  stamp: string;
}

let refreshCount = 0;

/** A refresh's stamp: when its reads began, then a counter (refreshes in one millisecond stay ordered). */
function stampAt(now: Date): string {
  refreshCount += 1;
  return `${now.toISOString()}#${String(refreshCount).padStart(9, '0')}`;
}

/**
 * Recomputes and stores the summaries of every month the change can alter, within the
 * months summaries are kept for: from the first month with data (a 报送月份, or an indicator
 * month — a record's first version supplies its facts for earlier months) to the last
 * (never before the first policy month). The window only grows. Every month is computed
 * from one read of the records and of each indicator month.
 *
 * @param change `EVERY_MONTH` (domain/summaries.ts) for a rebuild or replay: every month of
 *   the window; a rebuild of a store that never had the window (or data past it) names the
 *   indicator months it re-projects (`{ ...EVERY_MONTH, indicatorMonths }`), since the window
 *   is found without a Scan (stored window, 报送月份, the latest month, the change).
 */
export async function refreshSummaries(
  store: SummaryStore,
  change: SummaryChange,
  rules: RulesInForce,
  now: Date = new Date(),
): Promise<RefreshResult> {
  const stamp = stampAt(now);
  const [records, stored, latest] = await Promise.all([
    allRecords(store),
    store.summaryWindow(),
    store.latestMonth(),
  ]);
  const seen: Month[] = [...change.indicatorMonths];
  if (stored) seen.push(stored.first, stored.last);
  if (latest) seen.push(latest);
  for (const versions of records) for (const v of versions) seen.push(v.month);
  seen.sort();
  const start = firstPolicyMonth(rules.policies);
  const first = seen[0] && seen[0] > start ? seen[0] : start;
  const last = seen[seen.length - 1];
  const result: RefreshResult = { months: [], superseded: [], stamp };
  if (!last || last < first) return result;
  if (!stored || stored.first !== first || stored.last !== last)
    await store.saveSummaryWindow({ first, last });

  const indicators = new Map<Month, Promise<IndicatorRow[]>>();
  const targets = new Map<number, Promise<TargetRow[]>>();
  for (const month of monthRange(first, last).filter((m) => changeAffects(change, m))) {
    const needed = monthsNeeded(month);
    for (const m of needed) if (!indicators.has(m)) indicators.set(m, store.indicatorsByMonth(m));
    const year = Number(month.slice(0, 4));
    if (!targets.has(year)) targets.set(year, store.targets(year));
    const rows = await Promise.all(needed.map((m) => indicators.get(m) as Promise<IndicatorRow[]>));
    const { summaries, lists } = summarizeWithLists({
      month,
      records,
      indicators: rows.flat(),
      targets: await (targets.get(year) as Promise<TargetRow[]>),
      rules,
    });
    if (await store.saveComputedSummaries(month, summaries, stamp, lists)) result.months.push(month);
    else result.superseded.push(month);
    // Indicator months no later month needs are let go.
    for (const m of indicators.keys()) if (m < (monthsNeeded(month)[0] as Month)) indicators.delete(m);
  }
  return result;
}

/**
 * Refreshes the summaries of every change still due (recorded before its import's commit)
 * and clears those records. The post-import hook and the scheduled sweep call it; a crash
 * before it finishes leaves the records, so reads of those months recompute live until the
 * next call.
 */
export async function refreshDueSummaries(
  store: SummaryStore,
  rules: RulesInForce,
  now: Date = new Date(),
): Promise<RefreshResult | null> {
  const due = await store.summariesDue();
  if (due.length === 0) return null;
  const result = await refreshSummaries(store, mergeChanges(due.map((d) => d.change)), rules, now);
  await store.clearSummariesDue(due.map((d) => d.importId));
  return result;
}

/** Whether a due change makes the stored summaries of the month stale. */
async function staleFor(store: SummaryStore, month: Month): Promise<boolean> {
  return (await store.summariesDue()).some((d) => changeAffects(d.change, month));
}

/**
 * The policies of a full recomputation, or how to read them: the rules in force are read only
 * when a month is recomputed live (the stored summaries carry what they were computed under).
 */
export type RulesOrReader = RulesInForce | (() => Promise<RulesInForce>);

async function rulesFrom(rules: RulesOrReader): Promise<RulesInForce> {
  return typeof rules === 'function' ? rules() : rules;
}

/**
 * Month M's summaries as the API, its workbooks and the publisher read them: the stored ones
 * (a short Query of `S#<month>`), or the full recomputation when none are stored or a
 * committed import's refresh is still due for M.
 *
 * @param policies the rules in force, or a reader of them (called only to recompute live).
 * @param withEnterprises also the enterprise rows (the workbooks, the publisher).
 */
export async function readSummaries(
  store: SummaryStore,
  month: Month,
  rules: RulesOrReader,
  withEnterprises = true,
): Promise<MonthSummaries> {
  const [stored, stale] = await Promise.all([
    store.computedSummaries(month, withEnterprises),
    staleFor(store, month),
  ]);
  if (stored && !stale) return stored.summaries;
  return loadSummaries(store, month, await rulesFrom(rules));
}

/**
 * One unit's row of month M: one GetItem and the due changes (one more GetItem; the DynamoDB
 * table sends both, and any other read issued in the same tick, as one BatchGetItem), else
 * the full recomputation.
 */
export async function readSummaryRow(
  store: SummaryStore,
  month: Month,
  unit: string,
  rules: RulesOrReader,
): Promise<unknown> {
  const [stored, stale] = await Promise.all([store.computedSummaryRow(month, unit), staleFor(store, month)]);
  if (stored && !stale) return stored.row;
  const { document } = await loadSummaries(store, month, await rulesFrom(rules));
  return unit === 'district' ? document.total : (document.units.find((u) => u.unit === unit) ?? null);
}

/**
 * Every unit's enterprises by role in month M (`GET /units`): the counts stored with the
 * computed summaries (one GetItem, and the due changes), else — none stored, or a committed
 * change's refresh still due for M — the full recomputation, as {@link readSummaryRow}.
 */
export async function readUnitCounts(
  store: SummaryStore,
  month: Month,
  rules: RulesOrReader,
): Promise<Record<string, UnitRoleCounts>> {
  const [stored, stale] = await Promise.all([store.computedCounts(month), staleFor(store, month)]);
  if (stored && !stale) return stored.counts;
  const { document } = await loadSummaries(store, month, await rulesFrom(rules));
  return unitCountsOf(document);
}

/** A page of a complete list behind a count: its entries and the next page's number (null: the last). */
export interface ListPage {
  items: unknown[];
  next: number | null;
  /** The list's length (the count beside it). */
  total: number;
}

/**
 * Page `page` (from 0) of a unit's (or `district`'s) complete list `name` in month M: the stored
 * page (one GetItem, with the unit's row and the due changes), else — not stored, stored by
 * another refresh than the row, or a committed change's refresh still due — from the full
 * recomputation. Null when the unit has no such list.
 */
export async function readListPage(
  store: SummaryStore,
  month: Month,
  unit: string,
  name: string,
  page: number,
  rules: RulesOrReader,
): Promise<ListPage | null> {
  const [row, stored, stale] = await Promise.all([
    store.computedSummaryRow(month, unit),
    store.computedListPage(month, unit, name, page),
    staleFor(store, month),
  ]);
  const total = (row?.row as Record<string, unknown> | null)?.[name];
  if (row && !stale && typeof total === 'number') {
    if (total === 0 || page * LIST_PAGE >= total) return { items: [], next: null, total };
    if (stored && stored.stamp === row.stamp)
      return { items: stored.entries, next: page + 1 < stored.pages ? page + 1 : null, total };
  }
  const { lists } = await loadSummariesWithLists(store, month, await rulesFrom(rules));
  const list = lists[unit]?.[name as keyof SummaryLists];
  if (!list) return null;
  const items = list.slice(page * LIST_PAGE, (page + 1) * LIST_PAGE);
  return { items, next: (page + 1) * LIST_PAGE < list.length ? page + 1 : null, total: list.length };
}

/**
 * Every listed unit's complete list `name` in month M: the stored pages while they are current
 * (as {@link readListPage}), else — nothing stored, or a committed change's refresh still due —
 * one full recomputation for all the units (not one per unit).
 */
export async function readCompleteLists(
  store: SummaryStore,
  month: Month,
  units: readonly string[],
  name: keyof SummaryLists,
  rules: RulesOrReader,
): Promise<Map<string, unknown[]>> {
  const out = new Map<string, unknown[]>();
  if (!(await staleFor(store, month))) {
    for (const unit of units) {
      const items: unknown[] = [];
      let page: number | null = 0;
      while (page != null) {
        const [row, stored]: [
          { row: unknown; stamp: string } | null,
          { entries: unknown[]; pages: number; stamp: string } | null,
        ] = await Promise.all([
          store.computedSummaryRow(month, unit),
          store.computedListPage(month, unit, name, page),
        ]);
        const total = (row?.row as Record<string, unknown> | null)?.[name];
        if (!row || typeof total !== 'number') break;
        if (total === 0 || page * LIST_PAGE >= total) {
          page = null;
        } else if (stored && stored.stamp === row.stamp) {
          items.push(...stored.entries);
          page = page + 1 < stored.pages ? page + 1 : null;
        } else break;
      }
      if (page != null) break; // not stored (or mixed refreshes): recompute once, below
      out.set(unit, items);
    }
    if (out.size === units.length) return out;
  }
  const { lists } = await loadSummariesWithLists(store, month, await rulesFrom(rules));
  return new Map(units.map((unit) => [unit, (lists[unit]?.[name] ?? []) as unknown[]]));
}
