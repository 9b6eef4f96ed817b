/**
 * The summaries the API serves: the stored ones, computed once after each import
 * (functions/publish/summaries.ts `readSummaries`: a short Query of `S#<month>`, one GetItem
 * for a unit's row; the full recomputation only while a committed import's refresh is due),
 * and their xlsx workbooks (`summaryWorkbook`, the same attachment the emails carry).
 *
 * @module
 */

import { sheetJsWorkbooks } from '#adapters/workbooks';
import { POLICIES } from '#domain/policy/index';
import type { Store } from '#domain/ports';
import type { MonthSummaries } from '#domain/summaries';
import type { UnitId } from '#domain/units';
import { rulesInForce } from '#functions/coordination/rules-in-force';
import { readListPage, readSummaries, readSummaryRow } from '#functions/publish/summaries';
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
  writeWorkbook: SummaryWorkbookWriter = (summaries, unit) =>
    summaryWorkbook(summaries, unit, sheetJsWorkbooks),
): SummaryPort {
  // Read only when a month is recomputed live: a stored row needs no decisions.
  const rules = () => rulesInForce(store, POLICIES);
  return {
    async document(month) {
      return (await readSummaries(store, month, rules, false)).document as unknown as SummaryDocument;
    },
    async unitRow(month, unit) {
      return (await readSummaryRow(store, month, unit, rules)) as SummaryDocument['units'][number] | null;
    },
    async workbook(month, unit) {
      return writeWorkbook(await readSummaries(store, month, rules, true), unit);
    },
    async listPage(month, unit, name, page) {
      return readListPage(store, month, unit, name, page, rules);
    },
  };
}
