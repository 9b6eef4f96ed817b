/**
 * The summaries the API serves, computed live from the store with the domain's
 * `summarize` (summaries.md §1): every record's versions (Query over the versions index),
 * the indicator rows of January last year .. M (by month), the year's targets.
 *
 * @module
 */

import type { Store } from '#domain/ports';
import { type MonthSummaries, monthsNeeded, summarize } from '#domain/summaries';
import type { Month, RegisterRecord } from '#domain/types';
import type { UnitId } from '#domain/units';
import type { SummaryDocument, SummaryPort } from './routes.ts';

/** Builds an xlsx workbook of a month's summaries: the overview (unit null) or one unit's. */
export type SummaryWorkbookWriter = (
  summaries: MonthSummaries,
  unit: UnitId | null,
) => Promise<{ bytes: Uint8Array; filename: string }> | { bytes: Uint8Array; filename: string };

/** The month's summaries from the store. */
export async function loadSummaries(store: Store, month: Month): Promise<MonthSummaries> {
  const records: RegisterRecord[][] = [];
  for await (const versions of store.allVersions()) records.push(versions.map((v) => v.record));
  const [indicatorMonths, targets] = await Promise.all([
    Promise.all(monthsNeeded(month).map((m) => store.indicatorsByMonth(m))),
    store.targets(Number(month.slice(0, 4))),
  ]);
  return summarize({ month, records, indicators: indicatorMonths.flat(), targets });
}

/**
 * The summaries port over a store. Without a workbook writer the workbook routes answer 503.
 */
export function storeSummaries(store: Store, writeWorkbook?: SummaryWorkbookWriter): SummaryPort {
  return {
    async document(month) {
      return (await loadSummaries(store, month)).document as unknown as SummaryDocument;
    },
    async workbook(month, unit) {
      if (!writeWorkbook) {
        const { UnavailableError } = await import('./problem.ts');
        throw new UnavailableError('本部署未配置汇总工作簿：请改用 JSON 汇总，或联系运维人员。');
      }
      return writeWorkbook(await loadSummaries(store, month), unit);
    },
  };
}
