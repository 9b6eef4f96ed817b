/**
 * The xlsx attachment of a summary: the domain builds the rows (`domain/email/workbook.ts`),
 * the `Workbooks` port writes them (SheetJS, formula-like text escaped).
 *
 * @module
 */
import {
  attachmentName,
  overviewWorkbookSheets,
  type SheetSpec,
  unitWorkbookSheets,
} from '#domain/email/index';
import type { Workbooks } from '#domain/ports';
import type { MonthSummaries } from '#domain/summaries';
import type { UnitId } from '#domain/units';

/** The xlsx content type. */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The overview's (unit null) or one unit's workbook: bytes and file name. Matches the API's
 * `SummaryWorkbookWriter` (functions/api/summaries.ts).
 */
export async function summaryWorkbook(
  summaries: MonthSummaries,
  unit: UnitId | null,
  workbooks: Pick<Workbooks, 'write'>,
  options: { unitsWithoutContacts?: readonly UnitId[] } = {},
): Promise<{ bytes: Uint8Array; filename: string }> {
  const sheets: SheetSpec[] = unit
    ? unitWorkbookSheets(summaries, unit)
    : overviewWorkbookSheets(summaries, { unitsWithoutContacts: options.unitsWithoutContacts ?? [] });
  return { bytes: workbooks.write(sheets), filename: attachmentName(summaries.document.month, unit) };
}
