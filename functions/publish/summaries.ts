/**
 * A month's summaries from the store, with Query and GetItem only (architecture.md §3):
 * every record's versions (the versions index, paged), the indicator rows of January of last
 * year .. M (one query set per month), the year's targets; then the pure `summarize`.
 *
 * @module
 */

import { POLICIES } from '#domain/policy/index';
import type { Store } from '#domain/ports';
import { type MonthSummaries, monthsNeeded, summarize } from '#domain/summaries';
import type { Month, RegisterRecord } from '#domain/types';

/**
 * Loads what month M's summaries need and computes them.
 *
 * @throws PolicyNotInForceError when no policy is in force for M
 */
export async function loadSummaries(store: Store, month: Month): Promise<MonthSummaries> {
  const [records, indicatorMonths, targets] = await Promise.all([
    (async () => {
      const out: RegisterRecord[][] = [];
      for await (const versions of store.allVersions()) out.push(versions.map((v) => v.record));
      return out;
    })(),
    Promise.all(monthsNeeded(month).map((m) => store.indicatorsByMonth(m))),
    store.targets(Number(month.slice(0, 4))),
  ]);
  return summarize({ month, records, indicators: indicatorMonths.flat(), targets, policies: POLICIES });
}
