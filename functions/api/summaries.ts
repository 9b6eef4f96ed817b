/**
 * The summaries the API serves, computed live from the store (H5's `loadSummaries`: every
 * record's versions by Query over the versions index, the indicator rows of January last
 * year .. M, the year's targets, then the pure `summarize` of summaries.md §1), and their
 * xlsx workbooks (H5's `summaryWorkbook`, the same attachment the emails carry).
 *
 * @module
 */

import { rulesInForce } from '#adapters/coordination-items';
import { POLICIES } from '#domain/policy/index';
import type { Store } from '#domain/ports';
import type { MonthSummaries } from '#domain/summaries';
import type { UnitId } from '#domain/units';
import { loadSummaries } from '#functions/publish/summaries';
import { summaryWorkbook } from '#functions/publish/workbook';
import type { SummaryDocument, SummaryPort } from './routes.ts';

/** Builds an xlsx workbook of a month's summaries: the overview (unit null) or one unit's. */
export type SummaryWorkbookWriter = (
  summaries: MonthSummaries,
  unit: UnitId | null,
) => Promise<{ bytes: Uint8Array; filename: string }> | { bytes: Uint8Array; filename: string };

/**
 * The summaries port over a store.
 *
 * @param writeWorkbook default: the email attachment's workbook (`summaryWorkbook`).
 */
export function storeSummaries(
  store: Store,
  writeWorkbook: SummaryWorkbookWriter = (summaries, unit) => summaryWorkbook(summaries, unit),
): SummaryPort {
  return {
    async document(month) {
      return (await loadSummaries(store, month, await rulesInForce(store, POLICIES)))
        .document as unknown as SummaryDocument;
    },
    async workbook(month, unit) {
      return writeWorkbook(await loadSummaries(store, month, await rulesInForce(store, POLICIES)), unit);
    },
  };
}
