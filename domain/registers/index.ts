/**
 * The register checks: the pure part of the spreadsheet import front
 * (docs/registers.md). The file reader (functions/adapters) turns bytes into
 * {@link SheetGrid}s; everything here is pure: no I/O, no clock.
 *
 * @module
 */
export * from './columns.ts';
export {
  KEY_PROJECT_MAX,
  OFFICE_CHOICES,
  REGISTER_KEY_PROJECTS,
  STAGE_CHOICES,
  STREET_CHOICES,
  ZONE_CHOICES,
} from './fields.ts';
export { INPUT_FIELDS, recordFromInput } from './input.ts';
export {
  type ColumnMapping,
  checkMapping,
  MAPPINGS_MAX,
  mappingChoices,
  mappingKey,
  mergeMappings,
  type SavedColumnMapping,
  type UnknownHeader,
} from './mapping.ts';
export { mergeVersion, RECORD_FIELDS, REQUIRED_FIELDS } from './merge.ts';
export { unknownHeadersOf } from './side.ts';
export { checkAgainstStore, previousVersion } from './store.ts';
export {
  type TemplateInstruction,
  type TemplateSheet,
  type TemplateSpec,
  type TemplateValue,
  templateSpec,
} from './template.ts';
export { cellValueAsRead, cleanText, columnLetter, compact } from './text.ts';
export * from './values.ts';
export {
  type CheckContext,
  checkWorkbook,
  DEFAULT_LIMITS,
  HEADER_SEARCH_ROWS,
  type SheetLimits,
} from './workbook.ts';
