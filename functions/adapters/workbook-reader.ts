/**
 * The file reader of the import front (docs/registers.md): bytes in, typed cells out
 * ({@link SheetGrid}), or one clear file-level finding — never a stack trace, never a guess.
 *
 * Defensive reading, in order:
 * 1. empty file → `E_FILE_EMPTY`; larger than the file limit → `E_FILE_TOO_LARGE`;
 * 2. the kind is decided by magic bytes, not by the name: zip (`PK\x03\x04`: xlsx, ods),
 *    OLE2 (`D0 CF 11 E0`: xls, or an encrypted OOXML/xls → `E_FILE_ENCRYPTED`), else text
 *    (CSV) when it decodes as UTF-8 or GB18030 without control bytes, else `E_FILE_TYPE`;
 * 3. a zip's central directory is read first, without inflating anything: total uncompressed
 *    size and ratio per entry → `E_ZIP_LIMIT`; then every deflate stream is inflated once with
 *    a hard ceiling (its declared size) so that a directory that lies is caught too, into a
 *    stored (uncompressed) zip that SheetJS reads without inflating again;
 * 4. SheetJS parses with `dense: true` and a row cap (`sheetRows`): only cells present are
 *    visited, a declared range such as `A1:XFD1048576` is never walked; formulas are never
 *    evaluated (cached values; no cached value → `{t:'formula'}`); date-formatted numbers
 *    become calendar dates in the workbook's date system (1900 or 1904);
 * 5. a hidden or very hidden sheet (xlsx, xls: the workbook's sheet state; ods: a table
 *    style with `table:display="false"`) is handed on marked `hidden`, with its first rows
 *    only and no limit finding: it is never data and never the cause of a refusal;
 * 6. CSV is decoded here (strict UTF-8, BOM stripped, else GB18030) and split per RFC 4180
 *    into text cells: `2024-05` and an 18-digit code stay text.
 *
 * @example
 * ```ts
 * import { readWorkbookFile } from '#adapters/workbook-reader';
 * const { sheets, findings } = readWorkbookFile(bytes, '2026-10-台账.xlsx');
 * ```
 *
 * @module
 */
import * as XLSX from 'xlsx';
import { HEADER_SEARCH_ROWS } from '#domain/registers/index';
import type { Cell, Finding, MergedRange, SheetGrid } from '#domain/types';
import type { WorkbookRead } from '#domain/workbooks';
import { type CentralDirectory, readCentralDirectory, unpackToStoredZip } from './zip-inspect.ts';

/** The limits of docs/registers.md (all configurable). */
export interface FileLimits {
  /** Bytes per file (default 20 MiB). */
  maxFileBytes: number;
  /** Data rows per sheet (default 200,000). */
  maxRows: number;
  /** Columns per sheet (default 60). */
  maxColumns: number;
  /** Uncompressed bytes of all zip entries together (default 300 MiB). */
  maxUncompressedBytes: number;
  /** Uncompressed ÷ compressed size of one zip entry (default 200). */
  maxRatio: number;
  /**
   * Entries whose uncompressed size is at most this are exempt from the ratio (a 3 KB XML
   * part of repeated tags can compress 300:1 and is harmless). Default 1 MiB.
   */
  ratioFloorBytes: number;
}

export const DEFAULT_LIMITS: Readonly<FileLimits> = Object.freeze({
  maxFileBytes: 20 * 1024 * 1024,
  maxRows: 200_000,
  maxColumns: 60,
  maxUncompressedBytes: 300 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
});

/** Resolved limits: the defaults with the given overrides. */
export function fileLimits(limits?: Partial<FileLimits>): FileLimits {
  return { ...DEFAULT_LIMITS, ...(limits ?? {}) };
}

function fileFinding(code: string, message: string, value: string | null = null): Finding {
  return { code, severity: 'error', sheet: null, row: null, column: null, value, message };
}

function mib(bytes: number): string {
  const v = bytes / (1024 * 1024);
  return `${Number.isInteger(v) ? v : v.toFixed(1)} MiB`;
}

/**
 * `E_FILE_TOO_LARGE` for a file of this size, or null: callers that know the size before
 * reading (the CLI's `stat`, S3's `ContentLength`) refuse without reading the bytes.
 */
export function fileTooLarge(size: number, limits?: Partial<FileLimits>): Finding | null {
  const { maxFileBytes } = fileLimits(limits);
  if (size <= maxFileBytes) return null;
  return fileFinding(
    'E_FILE_TOO_LARGE',
    `文件大小 ${mib(size)}，超过上限 ${mib(maxFileBytes)}（文件大小限制）；请删去多余的工作表、图片或拆分为多个文件后重新上传。`,
    String(size),
  );
}

const SPREADSHEET_HINT =
  '请上传 Excel（.xlsx/.xls）、WPS 或 LibreOffice（.ods）表格，或 UTF-8/GBK 编码的 CSV 文件';

function startsWith(b: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((x, i) => b[i] === x);
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Known binary formats that are no spreadsheet, for a precise E_FILE_TYPE message. */
const NOT_SPREADSHEETS: readonly [readonly number[], string][] = [
  [[0x25, 0x50, 0x44, 0x46], 'PDF 文档'],
  [[0x89, 0x50, 0x4e, 0x47], 'PNG 图片'],
  [[0xff, 0xd8, 0xff], 'JPEG 图片'],
  [[0x47, 0x49, 0x46, 0x38], 'GIF 图片'],
  [[0x1f, 0x8b], 'gzip 压缩包'],
  [[0x52, 0x61, 0x72, 0x21], 'RAR 压缩包'],
  [[0x37, 0x7a, 0xbc, 0xaf], '7z 压缩包'],
  [[0xff, 0xfe], 'UTF-16 文本（Excel “Unicode 文本”）'],
  [[0xfe, 0xff], 'UTF-16 文本'],
];

/**
 * Reads a workbook or CSV file into sheets of typed cells, with file-level findings
 * (`sheet`, `row`, `column` null) when the file cannot or must not be read.
 *
 * Limits beyond which a sheet is not read on: rows beyond `maxRows` (plus the header search
 * rows) are not parsed (`E_ROWS_LIMIT`, the sheet named), cells beyond `maxColumns` are not
 * kept (`E_COLUMNS_LIMIT`); such a sheet is handed on with its first rows only, so that the
 * checks still classify it without reporting the limit twice.
 *
 * @param bytes the file's bytes (never written back anywhere)
 * @param fileName the name as uploaded: the CSV sheet is named after it (its month and kind
 *   words count), the format is decided by the bytes
 */
export function readWorkbookFile(
  bytes: Uint8Array,
  fileName: string,
  limits?: Partial<FileLimits>,
): WorkbookRead {
  const lim = fileLimits(limits);
  if (bytes.length === 0) {
    return {
      sheets: [],
      format: null,
      findings: [fileFinding('E_FILE_EMPTY', `文件“${fileName}”是空文件（0 字节）；${SPREADSHEET_HINT}。`)],
    };
  }
  const tooLarge = fileTooLarge(bytes.length, lim);
  if (tooLarge) return { sheets: [], format: null, findings: [tooLarge] };

  if (startsWith(bytes, ZIP)) return readZip(bytes, fileName, lim);
  if (startsWith(bytes, EMPTY_ZIP)) {
    return {
      sheets: [],
      format: null,
      findings: [
        fileFinding(
          'E_FILE_CORRUPT',
          `文件“${fileName}”是一个空的 zip 包，没有工作表；${SPREADSHEET_HINT}。`,
        ),
      ],
    };
  }
  if (startsWith(bytes, OLE2)) return readOle2(bytes, fileName, lim);
  for (const [magic, what] of NOT_SPREADSHEETS) {
    if (startsWith(bytes, magic)) {
      return {
        sheets: [],
        format: null,
        findings: [
          fileFinding('E_FILE_TYPE', `文件“${fileName}”是${what}，不是表格文件；${SPREADSHEET_HINT}。`),
        ],
      };
    }
  }
  return readText(bytes, fileName, lim);
}

// ─────────────────────────────── zip: xlsx, ods ───────────────────────────────

function zipLimit(fileName: string, message: string, value: string | null = null): WorkbookRead {
  return {
    sheets: [],
    format: null,
    findings: [fileFinding('E_ZIP_LIMIT', `文件“${fileName}”${message}`, value)],
  };
}

function corrupt(fileName: string, detail: string): WorkbookRead {
  return {
    sheets: [],
    format: null,
    findings: [
      fileFinding(
        'E_FILE_CORRUPT',
        `文件“${fileName}”已损坏，无法读取（${detail}）；请在 Excel 或 WPS 中打开后重新“另存为” .xlsx 再上传。`,
      ),
    ],
  };
}

/**
 * The limits of a zip, from its central directory only: nothing is inflated here.
 * Returns the finding, or null when the declared sizes are within the limits.
 */
export function checkZipDirectory(
  dir: CentralDirectory & { ok: true },
  fileName: string,
  lim: FileLimits,
): WorkbookRead | null {
  let total = 0;
  for (const e of dir.entries) {
    if (e.method !== 0 && e.method !== 8) return corrupt(fileName, `不支持的压缩方式 ${e.method}`);
    if (e.flags & 0x1) {
      return {
        sheets: [],
        format: null,
        findings: [
          fileFinding('E_FILE_ENCRYPTED', `文件“${fileName}”的 zip 内容已加密；请取消加密后重新上传。`),
        ],
      };
    }
    total += e.uncompressedSize;
    if (total > lim.maxUncompressedBytes) {
      return zipLimit(
        fileName,
        `解压后超过 ${mib(lim.maxUncompressedBytes)}（解压总大小限制，仅“${e.name}”一项就声明 ${mib(e.uncompressedSize)}）；这不是正常的台账文件，请检查文件来源，或删去多余内容后重新保存上传。`,
        String(total),
      );
    }
    if (e.uncompressedSize > lim.ratioFloorBytes) {
      const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
      if (ratio > lim.maxRatio) {
        return zipLimit(
          fileName,
          `中的“${e.name}”压缩比为 ${Math.round(ratio)}:1，超过上限 ${lim.maxRatio}:1（压缩比限制）；这不是正常的台账文件，请检查文件来源后重新保存上传。`,
          String(Math.round(ratio)),
        );
      }
    }
  }
  return null;
}

function readZip(bytes: Uint8Array, fileName: string, lim: FileLimits): WorkbookRead {
  const dir = readCentralDirectory(bytes);
  if (!dir.ok) return corrupt(fileName, dir.reason);
  const refused = checkZipDirectory(dir, fileName, lim);
  if (refused) return refused;
  const names = new Set(dir.entries.map((e) => e.name));
  const isXlsx = names.has('xl/workbook.xml') || names.has('xl/workbook.bin');
  const isOds = names.has('content.xml') && names.has('mimetype');
  if (!isXlsx && !isOds) {
    const what = names.has('word/document.xml')
      ? 'Word 文档'
      : names.has('ppt/presentation.xml')
        ? 'PowerPoint 演示文稿'
        : 'zip 压缩包';
    return notASpreadsheet(fileName, what);
  }
  // The directory may lie: each stream is inflated once, with its declared size as a hard
  // ceiling, into a stored zip; SheetJS reads that one and inflates nothing itself.
  const unpacked = unpackToStoredZip(bytes, dir.entries);
  if (!unpacked.ok) {
    const e = unpacked.entry;
    if (unpacked.problem === 'encrypted') return encrypted(fileName);
    if (unpacked.problem === 'corrupt') return corrupt(fileName, `“${e.name}”无法解压`);
    return zipLimit(
      fileName,
      `中的“${e.name}”解压后超过其声明的大小 ${e.uncompressedSize} 字节（解压大小限制：压缩包目录与内容不符）；这不是正常的台账文件，请检查文件来源后重新保存上传。`,
    );
  }
  // Hidden rows and columns are parsed by SheetJS only with cellStyles, which costs per cell:
  // asked for only when a part says `hidden="1"` (a native search, no parsing).
  return parseWithSheetJs(
    unpacked.zip,
    fileName,
    lim,
    isOds ? 'ods' : 'xlsx',
    mayHideRows(unpacked.zip, isOds),
    isOds ? hiddenOdsTables(unpacked.zip) : undefined,
  );
}

const XML_ENTITIES: Readonly<Record<string, string>> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&apos;': "'",
};

function attribute(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}="([^"]*)"`, 'u').exec(tag);
  return m ? (m[1] ?? '').replace(/&(?:amp|lt|gt|quot|apos);/gu, (e) => XML_ENTITIES[e] ?? e) : null;
}

/**
 * The names of an ods's hidden tables: SheetJS does not read the table's visibility, which
 * LibreOffice and WPS write as a table style with `table:display="false"`. The stored zip
 * holds content.xml uncompressed; it is searched only when that attribute occurs at all.
 */
export function hiddenOdsTables(zip: Buffer): Set<string> {
  const hidden = new Set<string>();
  if (!zip.includes('table:display="false"')) return hidden;
  const text = zip.toString('utf8');
  const styles = new Set<string>();
  for (const m of text.matchAll(/<style:style\b([^>]*[^/>])>([\s\S]*?)<\/style:style>/gu)) {
    const head = m[1] ?? '';
    if (attribute(head, 'style:family') !== 'table') continue;
    if (!/table:display="false"/u.test(m[2] ?? '')) continue;
    const name = attribute(head, 'style:name');
    if (name != null) styles.add(name);
  }
  if (styles.size === 0) return hidden;
  for (const m of text.matchAll(/<table:table\b([^>]*)>/gu)) {
    const style = attribute(m[1] ?? '', 'table:style-name');
    const name = attribute(m[1] ?? '', 'table:name');
    if (style != null && name != null && styles.has(style)) hidden.add(name);
  }
  return hidden;
}

// ─────────────────────────────── OLE2: xls, encrypted ───────────────────────────────

/** A container of another kind (a Word document, a zip of other files…): named, and refused. */
function notASpreadsheet(fileName: string, what: string): WorkbookRead {
  return {
    sheets: [],
    format: null,
    findings: [fileFinding('E_FILE_TYPE', `文件“${fileName}”是${what}，不是表格文件；${SPREADSHEET_HINT}。`)],
  };
}

function encrypted(fileName: string): WorkbookRead {
  return {
    sheets: [],
    format: null,
    findings: [
      fileFinding(
        'E_FILE_ENCRYPTED',
        `文件“${fileName}”设置了打开密码（已加密），系统无法读取；请在 Excel 或 WPS 中“文件 → 信息 → 保护工作簿 → 用密码进行加密”清除密码后重新上传。`,
      ),
    ],
  };
}

function readOle2(bytes: Uint8Array, fileName: string, lim: FileLimits): WorkbookRead {
  let container: { FullPaths: string[] };
  try {
    container = XLSX.CFB.read(bytes, { type: 'array' }) as { FullPaths: string[] };
  } catch (error) {
    return corrupt(fileName, `OLE 复合文档无法解析：${(error as Error).message}`);
  }
  const streams = new Set(
    container.FullPaths.map((p: string) => p.replace(/\/$/u, '').split('/').pop() ?? ''),
  );
  // An encrypted xlsx/xlsm/ods is an OLE2 container with EncryptionInfo + EncryptedPackage.
  if (streams.has('EncryptionInfo') || streams.has('EncryptedPackage')) return encrypted(fileName);
  if (!streams.has('Workbook') && !streams.has('Book')) {
    const what = streams.has('WordDocument')
      ? 'Word 文档（.doc）'
      : streams.has('PowerPoint Document')
        ? 'PowerPoint 演示文稿（.ppt）'
        : 'OLE 复合文档';
    return notASpreadsheet(fileName, what);
  }
  return parseWithSheetJs(bytes, fileName, lim, 'xls', true);
}

// ─────────────────────────────── SheetJS ───────────────────────────────

/** Excel error codes (BIFF), as Excel shows them. */
const ERROR_TEXT: Readonly<Record<number, string>> = {
  0: '#NULL!',
  7: '#DIV/0!',
  15: '#VALUE!',
  23: '#REF!',
  29: '#NAME?',
  36: '#NUM!',
  42: '#N/A',
  43: '#GETTING_DATA',
};

const isDateFormatCache = new Map<string, boolean>();
function isDateFormat(z: string | number | undefined): boolean {
  if (typeof z !== 'string' || z === 'General') return false;
  let hit = isDateFormatCache.get(z);
  if (hit === undefined) {
    hit = Boolean(XLSX.SSF.is_date(z));
    isDateFormatCache.set(z, hit);
  }
  return hit === true;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** An Excel serial as the calendar date it shows (1900 system with its 29 Feb 1900, or 1904). */
export function serialToIsoDate(serial: number, date1904: boolean): string | null {
  const parts = XLSX.SSF.parse_date_code(serial, { date1904 });
  if (!parts || !Number.isFinite(parts.y) || parts.y < 1 || parts.y > 9999) return null;
  return `${String(parts.y).padStart(4, '0')}-${pad2(parts.m)}-${pad2(parts.d)}`;
}

function dateFromJs(d: Date): string {
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** One SheetJS cell as a typed {@link Cell}: raw values, never a guess. */
function toCell(c: XLSX.CellObject, date1904: boolean): Cell {
  const v = c.v;
  if (c.f != null && (v === undefined || c.t === 'z')) return { t: 'formula', v: `=${c.f}` };
  switch (c.t) {
    case 's':
      return typeof v === 'string' && v !== ''
        ? { t: 'text', v }
        : v == null || v === ''
          ? null
          : { t: 'text', v: String(v) };
    case 'n': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return null;
      if (isDateFormat(c.z)) {
        const iso = serialToIsoDate(v, date1904);
        if (iso) return { t: 'date', v: iso };
      }
      return { t: 'number', v };
    }
    case 'b':
      return { t: 'boolean', v: Boolean(v) };
    case 'd':
      if (v instanceof Date && !Number.isNaN(v.getTime())) return { t: 'date', v: dateFromJs(v) };
      if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/u.test(v)) return { t: 'date', v: v.slice(0, 10) };
      return null;
    case 'e':
      return {
        t: 'error',
        v: typeof v === 'number' ? (ERROR_TEXT[v] ?? c.w ?? '#ERROR') : String(c.w ?? v ?? '#ERROR'),
      };
    default:
      return null;
  }
}

/** Whether an xlsx (its stored zip) may have hidden rows or columns: `hidden="1"`/`"true"` anywhere. */
function mayHideRows(zip: Buffer, ods: boolean): boolean {
  if (ods) return zip.includes('table:visibility="collapse"');
  // One native scan for ` hidden="`, then a look at the value (1 or true).
  for (let at = zip.indexOf(' hidden="'); at >= 0; at = zip.indexOf(' hidden="', at + 9)) {
    const v = zip[at + 9];
    if (v === 0x31 || v === 0x74) return true;
  }
  return false;
}

/** The merges that can touch a header (the first rows): 0-based, inclusive. */
function headerMerges(ws: XLSX.WorkSheet): MergedRange[] | undefined {
  const merges = ws['!merges'];
  if (!merges || merges.length === 0) return undefined;
  const out: MergedRange[] = [];
  for (const m of merges) {
    if (m.s.r > HEADER_SEARCH_ROWS + 1) continue;
    out.push({ s: { r: m.s.r, c: m.s.c }, e: { r: m.e.r, c: m.e.c } });
    if (out.length >= 1000) break;
  }
  return out.length > 0 ? out : undefined;
}

/** 0-based indexes of the hidden rows or columns SheetJS read (`!rows`/`!cols`), or undefined. */
function hiddenOf(list: ({ hidden?: boolean } | undefined)[] | undefined, cap: number): number[] | undefined {
  if (!list) return undefined;
  const out: number[] = [];
  const n = Math.min(list.length, cap);
  for (let i = 0; i < n; i++) if (list[i]?.hidden) out.push(i);
  return out.length > 0 ? out : undefined;
}

/**
 * SheetJS's reading of the bytes: dense, at most `sheetRows` rows a sheet, formulas as stubs;
 * a password or encryption is E_FILE_ENCRYPTED, anything else it refuses E_FILE_CORRUPT.
 */
function readWithSheetJs(
  bytes: Uint8Array,
  fileName: string,
  sheetRows: number,
  hiddenInfo: boolean,
): XLSX.WorkBook | WorkbookRead {
  try {
    return XLSX.read(bytes, {
      // A Buffer (the stored zip) is read as one: SheetJS then takes views, never copies.
      type: Buffer.isBuffer(bytes) ? 'buffer' : 'array',
      dense: true,
      sheetRows,
      cellDates: false,
      cellNF: true,
      cellFormula: true,
      cellHTML: false,
      cellText: false,
      cellStyles: hiddenInfo,
      // Stubs on: SheetJS drops a formula cell without a cached value otherwise (it reads it
      // as 0 and then as blank); as a stub it keeps its formula and becomes {t:'formula'}.
      sheetStubs: true,
      bookVBA: false,
      bookDeps: false,
      bookFiles: false,
      WTF: false,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/password|encrypt/iu.test(message)) return encrypted(fileName);
    return corrupt(fileName, message.slice(0, 200));
  }
}

/**
 * A sheet's rows as cells: only the rows and cells present are visited (holes are skipped,
 * never the declared range), at most `rowCount` rows and `maxColumns` columns kept; `width`
 * counts every column present, so the sheet's limit finding can name it.
 *
 * @param texts cells are values, never changed after reading: a short text that recurs (a
 *   street, a stage, a month) is one shared Cell instead of one object per occurrence
 */
function rowsOfSheet(
  data: XLSX.CellObject[][],
  rowCount: number,
  maxColumns: number,
  date1904: boolean,
  texts: Map<string, Cell>,
): { rows: Cell[][]; width: number; lastRow: number } {
  const rows: Cell[][] = [];
  let width = 0;
  let lastRow = -1;
  for (let r = 0; r < rowCount; r++) {
    const src = data[r];
    if (!src) continue;
    let out: Cell[] | null = null;
    const n = src.length;
    for (let j = 0; j < n; j++) {
      const c = src[j];
      if (!c) continue;
      let cell: Cell;
      const v = c.v;
      if (c.t === 's' && c.f == null && typeof v === 'string' && v !== '') {
        // The common case, inline: a text cell without formula.
        const shared = v.length <= 32 ? texts.get(v) : undefined;
        if (shared) cell = shared;
        else {
          cell = { t: 'text', v };
          if (v.length <= 32 && texts.size < 100_000) texts.set(v, cell);
        }
      } else {
        cell = toCell(c, date1904);
        if (cell == null) continue;
      }
      if (j + 1 > width) width = j + 1;
      if (j >= maxColumns) continue;
      if (!out) out = new Array<Cell>(Math.min(n, maxColumns)).fill(null);
      out[j] = cell;
    }
    if (out) {
      // Trailing empties (cells present but blank) are not part of the row.
      let end = out.length;
      while (end > 0 && out[end - 1] == null) end--;
      out.length = end;
      rows[r] = out;
      lastRow = r;
    }
  }
  for (let r = 0; r <= lastRow; r++) if (rows[r] === undefined) rows[r] = [];
  rows.length = lastRow + 1;
  return { rows, width, lastRow };
}

/** What a grid keeps of the sheet's layout: the header's merges, its hidden rows and columns. */
function withSheetLayout(grid: SheetGrid, ws: XLSX.WorkSheet, cap: number, maxColumns: number): void {
  const merges = headerMerges(ws);
  if (merges) grid.merges = merges;
  const hiddenRows = hiddenOf(ws['!rows'], cap + 1);
  if (hiddenRows) grid.hiddenRows = hiddenRows;
  const hiddenColumns = hiddenOf(ws['!cols'], maxColumns);
  if (hiddenColumns) grid.hiddenColumns = hiddenColumns;
}

function parseWithSheetJs(
  bytes: Uint8Array,
  fileName: string,
  lim: FileLimits,
  format: 'xlsx' | 'ods' | 'xls',
  hiddenInfo = false,
  odsHidden?: ReadonlySet<string>,
): WorkbookRead {
  // Rows read per sheet: the data rows allowed, the header search rows, and one more to know
  // whether the sheet goes on beyond the limit.
  const cap = lim.maxRows + HEADER_SEARCH_ROWS;
  const wb = readWithSheetJs(bytes, fileName, cap + 1, hiddenInfo);
  if (!('SheetNames' in wb)) return wb;
  const date1904 = Boolean(wb.Workbook?.WBProps?.date1904);
  const findings: Finding[] = [];
  const sheets: SheetGrid[] = [];
  const texts = new Map<string, Cell>();
  for (const [index, name] of wb.SheetNames.entries()) {
    const ws = wb.Sheets[name] as (XLSX.WorkSheet & { '!data'?: XLSX.CellObject[][] }) | undefined;
    const hidden = sheetHidden(wb, index, name, odsHidden);
    if (hidden) {
      // Never data: its first rows only (what it looks like), no limit finding.
      const rows = firstRows(ws?.['!data'] ?? [], date1904, lim.maxColumns);
      sheets.push({ name, rows, hidden });
      delete wb.Sheets[name];
      continue;
    }
    const data = ws?.['!data'] ?? [];
    const { rows, width, lastRow } = rowsOfSheet(
      data,
      Math.min(data.length, cap + 1),
      lim.maxColumns,
      date1904,
      texts,
    );
    const grid = limitSheet(name, rows, width, lastRow, cap, lim, findings);
    if (ws) withSheetLayout(grid, ws, cap, lim.maxColumns);
    sheets.push(grid);
    // SheetJS's cells of this sheet are no longer needed: free them before the next sheet.
    delete wb.Sheets[name];
  }
  return { sheets, findings, format };
}

/** Whether sheet `index` is hidden (1) or very hidden (2): the workbook's sheet state, or the ods's table style. */
function sheetHidden(
  wb: XLSX.WorkBook,
  index: number,
  name: string,
  odsHidden: ReadonlySet<string> | undefined,
): 1 | 2 | undefined {
  const state = wb.Workbook?.Sheets?.[index]?.Hidden;
  if (state === 1 || state === 2) return state;
  return odsHidden?.has(name) ? 1 : undefined;
}

/** The first rows of a sheet (the header search rows and one), as typed cells. */
function firstRows(data: XLSX.CellObject[][], date1904: boolean, maxColumns: number): Cell[][] {
  const rows: Cell[][] = [];
  const n = Math.min(data.length, HEADER_SEARCH_ROWS + 1);
  for (let r = 0; r < n; r++) {
    const src = data[r] ?? [];
    const out: Cell[] = [];
    for (let j = 0; j < Math.min(src.length, maxColumns); j++) {
      const c = src[j];
      out[j] = c ? toCell(c, date1904) : null;
    }
    rows.push(out);
  }
  return rows;
}

/** Applies the row and column limits to a sheet as read (see {@link readWorkbookFile}). */
function limitSheet(
  name: string,
  rows: Cell[][],
  width: number,
  lastRow: number,
  cap: number,
  lim: FileLimits,
  findings: Finding[],
): SheetGrid {
  let over = false;
  if (lastRow >= cap) {
    over = true;
    findings.push({
      code: 'E_ROWS_LIMIT',
      severity: 'error',
      sheet: name,
      row: null,
      column: null,
      value: null,
      message: `工作表“${name}”超过 ${lim.maxRows} 行数据（每个工作表的行数限制），其余行未读取；请拆分为多个文件，每个工作表不超过 ${lim.maxRows} 行后分别上传。`,
    });
  }
  if (width > lim.maxColumns) {
    over = true;
    findings.push({
      code: 'E_COLUMNS_LIMIT',
      severity: 'error',
      sheet: name,
      row: null,
      column: null,
      value: String(width),
      message: `工作表“${name}”有 ${width} 列，超过上限 ${lim.maxColumns} 列（列数限制）；请删去多余的列（模板最多需要 ${lim.maxColumns} 列）后重新上传。`,
    });
  }
  // Over a limit: hand on the header search rows only (the checks still name the sheet's kind).
  return { name, rows: over ? rows.slice(0, HEADER_SEARCH_ROWS + 1) : rows };
}

// ─────────────────────────────── text: CSV ───────────────────────────────

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const gb18030 = new TextDecoder('gb18030', { fatal: true });

/** Decodes CSV bytes: strict UTF-8 (BOM stripped), else GB18030 (GBK is a subset); null when neither. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' } | null {
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    // not UTF-8
  }
  try {
    return { text: gb18030.decode(bytes), encoding: 'gb18030' };
  } catch {
    return null;
  }
}

/** True when text holds control characters no CSV has (NUL, and C0 controls but tab/CR/LF). */
function hasBinaryControls(text: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting binary bytes is the point
  return /[\u0000-\u0008\u000B\u000C\u000E-\u001A\u001C-\u001F\u007F]/u.test(text);
}

function notSpreadsheet(fileName: string, why: string): WorkbookRead {
  return {
    sheets: [],
    format: null,
    findings: [fileFinding('E_FILE_TYPE', `文件“${fileName}”${why}，不是表格文件；${SPREADSHEET_HINT}。`)],
  };
}

function sheetNameOf(fileName: string): string {
  const base = fileName.split(/[\\/]/u).pop() ?? fileName;
  const stem = base.replace(/\.[^.]*$/u, '');
  return stem === '' ? 'CSV' : stem;
}

/** The delimiter of a CSV: comma, else tab or semicolon when the first line has those and no comma. */
function delimiterOf(text: string): string {
  const end = text.indexOf('\n');
  const first = end < 0 ? text : text.slice(0, end);
  const count = (ch: string) => first.split(ch).length - 1;
  const comma = count(',');
  const tab = count('\t');
  const semicolon = count(';');
  if (comma >= tab && comma >= semicolon) return ',';
  return tab >= semicolon ? '\t' : ';';
}

function readText(bytes: Uint8Array, fileName: string, lim: FileLimits): WorkbookRead {
  // NUL bytes: binary (or UTF-16), never a CSV.
  if (bytes.includes(0)) return notSpreadsheet(fileName, '含有二进制内容');
  const decoded = decodeText(bytes);
  if (!decoded) return notSpreadsheet(fileName, '既不是 UTF-8 也不是 GBK/GB18030 编码的文本');
  let text = decoded.text;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (hasBinaryControls(text)) return notSpreadsheet(fileName, '含有二进制控制字符');
  if (text.trim() === '') {
    return {
      sheets: [],
      format: null,
      findings: [
        fileFinding('E_FILE_EMPTY', `文件“${fileName}”没有任何内容（只有空白）；${SPREADSHEET_HINT}。`),
      ],
    };
  }
  const delimiter = delimiterOf(text);
  const cap = lim.maxRows + HEADER_SEARCH_ROWS;
  const parsed = parseCsv(text, delimiter, cap + 1);
  if (parsed.unterminated) {
    return corrupt(fileName, `第 ${parsed.unterminated} 行的引号没有闭合`);
  }
  // A table has at least two columns somewhere in its first rows (a header row matches ≥ 2
  // known headers); a "one-column CSV" is a text file, not a spreadsheet.
  const probe = parsed.rows.slice(0, HEADER_SEARCH_ROWS);
  if (!probe.some((r) => r.filter((c) => c != null).length >= 2)) {
    return notSpreadsheet(fileName, '前 10 行没有任何一行含有两列以上（不是以逗号分隔的表格）');
  }
  const findings: Finding[] = [];
  const name = sheetNameOf(fileName);
  let width = 0;
  let lastRow = -1;
  const rows: Cell[][] = [];
  for (let r = 0; r < parsed.rows.length; r++) {
    const src = parsed.rows[r] ?? [];
    let w = 0;
    for (let j = 0; j < src.length; j++) if (src[j] != null) w = j + 1;
    if (w > width) width = w;
    rows.push(src.length > lim.maxColumns ? src.slice(0, lim.maxColumns) : src);
    if (w > 0) lastRow = r;
  }
  rows.length = lastRow + 1;
  return { sheets: [limitSheet(name, rows, width, lastRow, cap, lim, findings)], findings, format: 'csv' };
}

/**
 * RFC 4180 CSV into text cells: quoted fields (`""` an escaped quote, line breaks kept),
 * CRLF, LF or CR line ends; an empty field is null. Stops after `maxRows` rows.
 * Every cell is text: nothing is converted to a number or a date.
 */
export function parseCsv(
  text: string,
  delimiter = ',',
  maxRows = Number.POSITIVE_INFINITY,
): { rows: Cell[][]; unterminated: number | null } {
  const rows: Cell[][] = [];
  let row: Cell[] = [];
  let i = 0;
  const n = text.length;
  let line = 1;
  const d = delimiter.charCodeAt(0);
  const push = (value: string) => {
    row.push(value === '' ? null : { t: 'text', v: value });
  };
  while (i <= n && rows.length < maxRows) {
    if (i === n) {
      // end of text: a last row without a line break
      if (row.length > 0) rows.push(row);
      break;
    }
    let value: string;
    if (text.charCodeAt(i) === 34 /* " */) {
      const quoted = quotedField(text, i, d);
      if (!quoted) return { rows, unterminated: line };
      value = quoted.value;
      i = quoted.end;
      line += quoted.breaks;
    } else {
      const k = fieldEnd(text, i, d);
      value = text.slice(i, k);
      i = k;
    }
    push(value);
    if (i >= n) {
      rows.push(row);
      row = [];
      break;
    }
    const c = text.charCodeAt(i);
    if (c === d) {
      i++;
      if (i === n) {
        push('');
        rows.push(row);
        row = [];
        break;
      }
      continue;
    }
    // line end: CRLF, LF or CR
    i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
    line++;
    rows.push(row);
    row = [];
  }
  // Trailing empty cells are not cells.
  for (const r of rows) {
    let end = r.length;
    while (end > 0 && r[end - 1] == null) end--;
    r.length = end;
  }
  return { rows, unterminated: null };
}

/** Where a field's unquoted text from `i` ends: the delimiter, a line break or the end of the text. */
function fieldEnd(text: string, i: number, d: number): number {
  const n = text.length;
  let k = i;
  while (k < n) {
    const c = text.charCodeAt(k);
    if (c === d || c === 10 || c === 13) break;
    k++;
  }
  return k;
}

/**
 * A quoted field from its opening quote at `i`: its text (`""` an escaped quote, line breaks
 * kept; text after the closing quote up to the delimiter is kept, leniently, as Excel does),
 * where it ends and how many line breaks it holds; null when its quote is never closed.
 */
function quotedField(
  text: string,
  i: number,
  d: number,
): { value: string; end: number; breaks: number } | null {
  let j = i + 1;
  let buf = '';
  let breaks = 0;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q < 0) return null;
    const chunk = text.slice(j, q);
    for (let k = 0; k < chunk.length; k++) if (chunk.charCodeAt(k) === 10) breaks++;
    buf += chunk;
    if (text.charCodeAt(q + 1) === 34) {
      buf += '"';
      j = q + 2;
      continue;
    }
    const end = fieldEnd(text, q + 1, d);
    return { value: buf + text.slice(q + 1, end), end, breaks };
  }
}
