/**
 * The xlsx attachment of a summary: the domain builds the rows (`domain/email/workbook.ts`),
 * the workbook writer (`functions/adapters/workbook-writer.ts`, SheetJS) writes them with
 * formula-like text escaped.
 *
 * @module
 */
import { writeWorkbook } from '#adapters/workbook-writer';
import {
  attachmentName,
  overviewWorkbookSheets,
  type SheetSpec,
  unitWorkbookSheets,
} from '#domain/email/index';
import type { MonthSummaries } from '#domain/summaries';
import type { UnitId } from '#domain/units';

/** Writes sheets into xlsx bytes. */
export type WorkbookWriter = (sheets: SheetSpec[]) => Uint8Array;

/** The xlsx content type. */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The project's workbook writer (SheetJS; formula-like text escaped). */
export const defaultWorkbookWriter: WorkbookWriter = (sheets) => writeWorkbook(sheets);

/**
 * The overview's (unit null) or one unit's workbook: bytes and file name. Matches the API's
 * `SummaryWorkbookWriter` (functions/api/summaries.ts).
 */
export async function summaryWorkbook(
  summaries: MonthSummaries,
  unit: UnitId | null,
  options: { unitsWithoutContacts?: readonly UnitId[]; write?: WorkbookWriter } = {},
): Promise<{ bytes: Uint8Array; filename: string }> {
  const write = options.write ?? defaultWorkbookWriter;
  const sheets = unit
    ? unitWorkbookSheets(summaries, unit)
    : overviewWorkbookSheets(summaries, { unitsWithoutContacts: options.unitsWithoutContacts ?? [] });
  return { bytes: write(sheets), filename: attachmentName(summaries.document.month, unit) };
}
