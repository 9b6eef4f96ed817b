/**
 * Hostile files (docs/registers.md): each is generated here, read by the reader and assessed by
 * `lkg assess`; each asserts the exact outcome — the file-level finding, the exit code, and
 * what was or was not parsed.
 */
import * as zlib from 'node:zlib';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as XLSX from 'xlsx';
import { readWorkbookFile } from '#adapters/workbook-reader';
import type { AssessmentDocument } from '#domain/assessment-document';
import {
  encodeGb18030,
  encryptedXls,
  encryptedXlsx,
  entry,
  handXlsx,
  ole2,
  REGISTER_HEADERS,
  REGISTER_ROWS,
  randomBytes,
  runLkg,
  sheetXml,
  tempFile,
  xlsxParts,
  zerosCrc,
  zerosDeflated,
  zip,
} from './support.ts';

// Spies on the two places bytes could be inflated or parsed: SheetJS's read and zlib's inflate.
vi.mock('xlsx', async (importOriginal) => {
  const actual = await importOriginal<typeof import('xlsx')>();
  return { ...actual, read: vi.fn(actual.read) };
});
vi.mock('node:zlib', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:zlib')>();
  return { ...actual, inflateRawSync: vi.fn(actual.inflateRawSync) };
});

const read = vi.mocked(XLSX.read);
const inflate = vi.mocked(zlib.inflateRawSync);

beforeEach(() => {
  read.mockClear();
  inflate.mockClear();
});

function codes(findings: { code: string }[]): string[] {
  return findings.map((f) => f.code);
}

async function assessJson(
  name: string,
  bytes: Uint8Array | string,
): Promise<{ code: number; doc: AssessmentDocument }> {
  const path = tempFile(name, bytes);
  const { code, stdout } = await runLkg(['assess', path, '--json']);
  return { code, doc: JSON.parse(stdout) as AssessmentDocument };
}

const GIB = 1024; // MiB

describe('zip bombs: refused from the central directory, nothing inflated', () => {
  // ≈1 MB on disk, 1 GiB + 1 MiB of zeros when inflated: an honest directory.
  const bombMib = GIB + 1;
  const bomb = zip([
    ...xlsxParts([]).filter((e) => !e.name.startsWith('xl/worksheets/')),
    {
      name: 'xl/worksheets/sheet1.xml',
      stored: zerosDeflated(bombMib),
      method: 8,
      crc: zerosCrc(1),
      size: bombMib * 1024 * 1024,
    },
  ]);

  it('is about 1 MB and declares more than 1 GiB', () => {
    expect(bomb.length).toBeLessThan(1.5 * 1024 * 1024);
    expect(bomb.length).toBeGreaterThan(500 * 1024);
  });

  it('E_ZIP_LIMIT naming the limit; SheetJS never called, nothing inflated', () => {
    const result = readWorkbookFile(bomb, 'bomb.xlsx');
    expect(codes(result.findings)).toEqual(['E_ZIP_LIMIT']);
    expect(result.findings[0]).toMatchObject({ severity: 'error', sheet: null, row: null, column: null });
    expect(result.findings[0]?.message).toContain('解压总大小限制');
    expect(result.sheets).toEqual([]);
    expect(read).not.toHaveBeenCalled();
    expect(inflate).not.toHaveBeenCalled();
  });

  it('lkg assess exits 2 with the file-level finding and no assignment', async () => {
    const { code, doc } = await assessJson('bomb.xlsx', bomb);
    expect(code).toBe(2);
    expect(codes(doc.findings)).toEqual(['E_ZIP_LIMIT']);
    expect(doc.assignments).toEqual([]);
    expect(read).not.toHaveBeenCalled();
  });

  it('a 10 MiB entry of zeros (ratio ≈1000:1, under the size limit) is refused by the ratio', () => {
    const bytes = zip([
      ...xlsxParts([]),
      {
        name: 'xl/media/zeros.bin',
        stored: zerosDeflated(10),
        method: 8,
        crc: zerosCrc(10),
        size: 10 * 1024 * 1024,
      },
    ]);
    const result = readWorkbookFile(bytes, 'ratio.xlsx');
    expect(codes(result.findings)).toEqual(['E_ZIP_LIMIT']);
    expect(result.findings[0]?.message).toContain('压缩比限制');
    expect(read).not.toHaveBeenCalled();
    expect(inflate).not.toHaveBeenCalled();
  });

  it('a directory that lies (declares 1 KB, inflates to 1 GiB) is caught by the inflation ceiling', () => {
    const bytes = zip([
      ...xlsxParts([]),
      { name: 'xl/worksheets/sheet9.xml', stored: zerosDeflated(GIB), method: 8, crc: 0, size: 1024 },
    ]);
    const result = readWorkbookFile(bytes, 'liar.xlsx');
    expect(codes(result.findings)).toEqual(['E_ZIP_LIMIT']);
    expect(result.findings[0]?.message).toContain('与内容不符');
    expect(read).not.toHaveBeenCalled();
    // Inflated with a ceiling of the declared 1 KB: zlib stops there (ERR_BUFFER_TOO_LARGE).
    const liar = inflate.mock.calls.find(
      (c) => (c[1] as zlib.ZlibOptions | undefined)?.maxOutputLength === 1025,
    );
    expect(liar).toBeDefined();
  });

  it('many entries together over 300 MiB: E_ZIP_LIMIT (total)', () => {
    const parts = xlsxParts([]);
    for (let i = 0; i < 4; i++) {
      parts.push({
        name: `xl/media/z${i}.bin`,
        stored: zerosDeflated(100),
        method: 8,
        crc: 0,
        size: 100 * 1024 * 1024,
      });
    }
    const result = readWorkbookFile(zip(parts), 'many.xlsx', { maxRatio: 10_000 });
    expect(codes(result.findings)).toEqual(['E_ZIP_LIMIT']);
    expect(result.findings[0]?.message).toContain('300 MiB');
    expect(inflate).not.toHaveBeenCalled();
  });
});

describe('a sheet that declares A1:XFD1048576 and holds 5 rows', () => {
  const rows = [
    REGISTER_HEADERS,
    ...REGISTER_ROWS,
    ['91420112MA4D24075Q', '武汉柏泉航空材料有限公司', '已建成投产', '临空产业办', '柏泉街', '2026-10'],
    ['91420112MA83G07L8M', '武汉临空显示配套材料有限公司', '已建成投产', '机电产业办', '慈惠街', '2026-10'],
  ];
  const bytes = handXlsx([{ name: '企业项目台账', xml: sheetXml(rows, 'A1:XFD1048576') }]);

  it('is read as its 5 rows of 6 cells', () => {
    const result = readWorkbookFile(bytes, 'dims.xlsx');
    expect(result.findings).toEqual([]);
    expect(result.sheets).toHaveLength(1);
    expect(result.sheets[0]?.rows).toHaveLength(5);
    expect(result.sheets[0]?.rows.every((r) => r.length === 6)).toBe(true);
    expect(read).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ dense: true }));
  });

  it('is assessed correctly by lkg assess', async () => {
    const { code, doc } = await assessJson('2026-10-dims.xlsx', bytes);
    expect(code).toBe(0);
    expect(doc.month).toBe('2026-10');
    expect(doc.assignments.map((a) => [a.key, a.service, a.decidedBy])).toEqual([
      ['91350100M000100Y43', 'jidian', '3.1.retained'],
      ['91440300708461136T', 'baiquan', '3.1.transferred'],
      ['91420112MA4D24075Q', 'linkong', '3.1.retained'],
      ['91420112MA83G07L8M', 'cihui', '3.1.transferred'],
    ]);
  });
});

describe('bytes that are no readable spreadsheet: one file-level error, exit 2', () => {
  const docx = zip([entry('[Content_Types].xml', '<Types/>'), entry('word/document.xml', '<w:document/>')]);
  const xlsx = handXlsx([{ name: '台账', xml: sheetXml([REGISTER_HEADERS, ...REGISTER_ROWS]) }]);
  const cases: [string, string, Uint8Array | string, string, string][] = [
    ['random bytes named .xlsx', 'random.xlsx', randomBytes(64 * 1024), 'E_FILE_TYPE', '不是表格文件'],
    [
      'random bytes without NUL named .csv',
      'random.csv',
      randomBytes(4096, 7).map((b) => b || 0xff),
      'E_FILE_TYPE',
      '不是表格文件',
    ],
    ['an empty file', 'empty.xlsx', new Uint8Array(0), 'E_FILE_EMPTY', '空文件'],
    ['a file of blanks', 'blank.csv', '  \r\n\r\n  ', 'E_FILE_EMPTY', '没有任何内容'],
    [
      'a password-protected xlsx (OLE2 with EncryptionInfo)',
      'secret.xlsx',
      encryptedXlsx(),
      'E_FILE_ENCRYPTED',
      '密码',
    ],
    ['a password-protected xls (FilePass record)', 'secret.xls', encryptedXls(), 'E_FILE_ENCRYPTED', '密码'],
    ['a Word document', 'report.xlsx', docx, 'E_FILE_TYPE', 'Word'],
    [
      'an OLE2 container that is no workbook',
      'old.xls',
      ole2({ WordDocument: new Uint8Array(512) }),
      'E_FILE_TYPE',
      'Word',
    ],
    [
      'a truncated xlsx',
      'cut.xlsx',
      xlsx.subarray(0, Math.floor(xlsx.length / 2)),
      'E_FILE_CORRUPT',
      '已损坏',
    ],
    ['a PDF named .xlsx', 'scan.xlsx', '%PDF-1.7\n%âãÏÓ\n1 0 obj', 'E_FILE_TYPE', 'PDF'],
    ['a one-column text file', 'notes.csv', '这是一份说明\n没有表格\n第三行\n', 'E_FILE_TYPE', '两列'],
    [
      'UTF-16 text (Excel “Unicode 文本”)',
      'unicode.txt',
      new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x2c, 0x00]),
      'E_FILE_TYPE',
      'UTF-16',
    ],
  ];

  it.each(cases)('%s → %s', async (_label, name, bytes, code, words) => {
    const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
    const result = readWorkbookFile(data, name);
    expect(codes(result.findings)).toEqual([code]);
    expect(result.findings[0]).toMatchObject({ severity: 'error', sheet: null, row: null, column: null });
    expect(result.findings[0]?.message).toContain(words);
    expect(result.sheets).toEqual([]);
    const run = await assessJson(name, data);
    expect(run.code).toBe(2);
    expect(codes(run.doc.findings)).toEqual([code]);
    expect(run.doc.assignments).toEqual([]);
  });

  it('a file over the size limit: E_FILE_TOO_LARGE naming the limit', () => {
    const result = readWorkbookFile(xlsx, 'big.xlsx', { maxFileBytes: 1024 });
    expect(codes(result.findings)).toEqual(['E_FILE_TOO_LARGE']);
    expect(result.findings[0]?.message).toContain('文件大小限制');
    expect(read).not.toHaveBeenCalled();
  });
});

describe('row and column limits: the sheet is named, rows beyond are not read', () => {
  const many = [
    REGISTER_HEADERS,
    ...Array.from({ length: 40 }, (_, i) => [`P${i}`, `项目${i}`, '在建', '', '径河街', '2026-10']),
  ];

  it.each([
    ['xlsx', 'rows.xlsx', handXlsx([{ name: '台账', xml: sheetXml(many) }])],
    ['csv', 'rows-台账.csv', new TextEncoder().encode(many.map((r) => r.join(',')).join('\n'))],
  ])('%s: E_ROWS_LIMIT at maxRows 5', (_kind, name, bytes) => {
    const result = readWorkbookFile(bytes, name, { maxRows: 5 });
    expect(codes(result.findings)).toEqual(['E_ROWS_LIMIT']);
    expect(result.findings[0]?.sheet).toBe(result.sheets[0]?.name);
    expect(result.findings[0]?.message).toContain('行数限制');
    // Only the header search rows are handed on.
    expect(result.sheets[0]?.rows.length).toBeLessThanOrEqual(11);
  });

  it('E_COLUMNS_LIMIT at maxColumns 4; cells beyond are not kept', () => {
    const bytes = handXlsx([{ name: '台账', xml: sheetXml([REGISTER_HEADERS, ...REGISTER_ROWS]) }]);
    const result = readWorkbookFile(bytes, 'cols.xlsx', { maxColumns: 4 });
    expect(codes(result.findings)).toEqual(['E_COLUMNS_LIMIT']);
    expect(result.findings[0]).toMatchObject({ sheet: '台账', value: '6' });
    expect(Math.max(...(result.sheets[0]?.rows.map((r) => r.length) ?? []))).toBe(4);
  });

  it('a cell far out at XFD in a small sheet: E_COLUMNS_LIMIT, no 16,384-cell rows', () => {
    const xml = sheetXml([REGISTER_HEADERS, ...REGISTER_ROWS]).replace(
      '</row>',
      '<c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>',
    );
    const result = readWorkbookFile(handXlsx([{ name: '台账', xml }]), 'far.xlsx');
    expect(codes(result.findings)).toEqual(['E_COLUMNS_LIMIT']);
    expect(result.findings[0]?.value).toBe('16384');
    expect(Math.max(...(result.sheets[0]?.rows.map((r) => r.length) ?? []))).toBeLessThanOrEqual(60);
  });
});

describe('headers __proto__, constructor, toString', () => {
  const csv = [
    [...REGISTER_HEADERS, '__proto__', 'constructor', 'toString', 'hasOwnProperty'].join(','),
    ...REGISTER_ROWS.map((r) => [...r, '{"polluted":1}', 'x', 'y', 'z'].join(',')),
  ].join('\r\n');

  it('are ignored with a warning each, and pollute nothing', async () => {
    const { code, doc } = await assessJson('2026-10-台账.csv', csv);
    expect(code).toBe(0);
    const ignored = doc.findings.filter((f) => f.code === 'W_COLUMN_IGNORED');
    expect(ignored.map((f) => f.column)).toEqual([
      'G __proto__',
      'H constructor',
      'I toString',
      'J hasOwnProperty',
    ]);
    expect(doc.assignments).toHaveLength(2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(typeof Object.prototype.toString).toBe('function');
    for (const a of doc.assignments) expect(Object.keys(a)).not.toContain('__proto__');
  });
});

describe('CSV encodings and raw text', () => {
  const name = '武汉𠀀科技有限公司';
  const rows = [
    REGISTER_HEADERS,
    ['91350100M000100Y43', name, '已建成投产', '机电产业办', '径河街', '2026-10'],
  ];
  const text = rows.map((r) => r.join(',')).join('\r\n');

  it('GB18030 with a four-byte character (𠀀 = 95 32 82 36)', async () => {
    const bytes = encodeGb18030(text);
    expect([...bytes.subarray(0, 4)]).not.toEqual([0xef, 0xbb, 0xbf]);
    expect(Buffer.from(bytes).includes(Buffer.from([0x95, 0x32, 0x82, 0x36]))).toBe(true);
    const result = readWorkbookFile(bytes, '2026-10-台账.csv');
    expect(result.format).toBe('csv');
    expect(result.sheets[0]?.rows[1]?.[1]).toEqual({ t: 'text', v: name });
    const { code, doc } = await assessJson('2026-10-台账.csv', bytes);
    expect(code).toBe(0);
    expect(doc.assignments.map((a) => a.name)).toEqual([name]);
  });

  it.each([
    ['UTF-8 without BOM', new TextEncoder().encode(text)],
    ['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)])],
  ])('%s', async (_label, bytes) => {
    const result = readWorkbookFile(bytes, '2026-10-台账.csv');
    expect(result.sheets[0]?.rows[0]?.[0]).toEqual({ t: 'text', v: '统一社会信用代码' });
    const { code, doc } = await assessJson('2026-10-台账.csv', bytes);
    expect(code).toBe(0);
    expect(doc.assignments.map((a) => [a.name, a.service])).toEqual([[name, 'jidian']]);
  });

  it('an 18-digit code, 2024-05, 00123 and 1e5 stay text; quotes per RFC 4180', () => {
    const csv =
      '统一社会信用代码,建成投产日期,项目编号,备注,名称\r\n914201123030123456,2024-05,00123,"说""明"",含,逗号\n和换行",1e5\r\n';
    const result = readWorkbookFile(new TextEncoder().encode(csv), 'x.csv');
    expect(result.sheets[0]?.rows[1]).toEqual([
      { t: 'text', v: '914201123030123456' },
      { t: 'text', v: '2024-05' },
      { t: 'text', v: '00123' },
      { t: 'text', v: '说"明",含,逗号\n和换行' },
      { t: 'text', v: '1e5' },
    ]);
  });
});
