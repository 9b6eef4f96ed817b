/**
 * The monthly emails and their attachment rows (docs/summaries.md). Pure: from a summary to
 * subject, HTML, text and sheet rows; sending and writing the xlsx are the adapters' work.
 *
 * @module
 */
export {
  escapeHtml,
  FIGURE_HEADERS,
  figureTexts,
  indicatorLabel,
  money,
  PIPELINE,
  percent,
  points,
  STAGE_LABELS,
} from './format.ts';
export {
  overviewReminderSubject,
  publishDateLabel,
  renderOverviewReminder,
  renderUnitReminder,
  type UnitReminder,
  unitReminderSubject,
} from './reminder.ts';
export {
  attachmentName,
  type OverviewOptions,
  overviewSubject,
  type RenderedEmail,
  renderOverviewEmail,
  renderUnitEmail,
  shownIndicators,
  unitSubject,
} from './render.ts';
export {
  COUNT_HEADERS,
  enterpriseHeaders,
  INDICATOR_SHEET_HEADERS,
  moneyCell,
  overviewWorkbookSheets,
  type SheetCell,
  type SheetSpec,
  unitWorkbookSheets,
} from './workbook.ts';
