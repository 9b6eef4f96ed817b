/**
 * The `Workbooks` port (domain/ports.ts) with SheetJS: the file reader (./workbook-reader.ts,
 * the default limits) and the writer (./workbook-writer.ts).
 *
 * @module
 */
import type { Workbooks } from '#domain/ports';
import { readWorkbookFile } from './workbook-reader.ts';
import { writeWorkbook } from './workbook-writer.ts';

export const sheetJsWorkbooks: Workbooks = {
  read: (bytes, fileName) => readWorkbookFile(bytes, fileName),
  write: (sheets) => writeWorkbook(sheets),
};
