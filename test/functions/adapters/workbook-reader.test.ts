/**
 * The reader's cell typing: cached values, never a formula evaluated; dates by number format
 * in both date systems; text, numbers, booleans, errors; CSV splitting per RFC 4180.
 */
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { decodeText, parseCsv, readWorkbookFile, serialToIsoDate } from '#adapters/workbook-reader';
import { checkWorkbook } from '#domain/registers/index';
import { encodeGb18030, handXlsx, REGISTER_HEADERS, REGISTER_ROWS, sheetXml } from '../../hostile/support.ts';

describe('xlsx cells', () => {
  const xml = sheetXml([
    ['文本', '数字', '公式有缓存', '公式无缓存', '日期', '布尔'],
    [
      '长青街',
      1234.5600000000002,
      { formula: 'SUM(B2:B2)', cached: 42 },
      { formula: 'NOW()' },
      { serial: 45413, style: 'date' },
      { bool: true },
    ],
  ]);

  it.each([
    [false, '2024-05-01'],
    [true, '2028-05-02'],
  ])('date1904=%s: cached values, formulas never evaluated, dates as shown', (date1904, date) => {
    const { sheets, findings } = readWorkbookFile(handXlsx([{ name: 'S', xml }], { date1904 }), 'cells.xlsx');
    expect(findings).toEqual([]);
    expect(sheets[0]?.rows[1]).toEqual([
      { t: 'text', v: '长青街' },
      { t: 'number', v: 1234.5600000000002 },
      { t: 'number', v: 42 },
      { t: 'formula', v: '=NOW()' },
      { t: 'date', v: date },
      { t: 'boolean', v: true },
    ]);
  });

  it('a formula cell without a cached value is an error for that cell in the checks', () => {
    const rows = [
      REGISTER_HEADERS,
      [...(REGISTER_ROWS[0] as string[]).slice(0, 4), { formula: 'A1&"街"' }, '2026-10'],
    ];
    const { sheets } = readWorkbookFile(handXlsx([{ name: '台账', xml: sheetXml(rows) }]), 'f.xlsx');
    const parsed = checkWorkbook(sheets, { fileName: 'f.xlsx', uploadedMonth: '2026-10' });
    expect(parsed.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.row])).toEqual([
      ['E_FORMULA', 2],
    ]);
  });

  it.each([
    [1, false, '1900-01-01'],
    [59, false, '1900-02-28'],
    [61, false, '1900-03-01'],
    [45413, false, '2024-05-01'],
    [45413.75, false, '2024-05-01'],
    [0, true, '1904-01-01'],
    [43951, true, '2024-05-01'],
  ])('serial %s (1904: %s) is %s', (serial, date1904, iso) => {
    expect(serialToIsoDate(serial, date1904)).toBe(iso);
  });

  it('error values as Excel shows them', () => {
    const xmlE = sheetXml([['a']]).replace('</row>', '<c r="B1" t="e"><v>#N/A</v></c></row>');
    const { sheets } = readWorkbookFile(handXlsx([{ name: 'S', xml: xmlE }]), 'e.xlsx');
    expect(sheets[0]?.rows[0]?.[1]).toEqual({ t: 'error', v: '#N/A' });
  });

  it('a workbook written by SheetJS with date cells reads dates, text stays text', () => {
    const ws = XLSX.utils.aoa_to_sheet(
      [
        ['日期', '代码', '月份'],
        [new Date(Date.UTC(2024, 4, 1)), '914201123030123456', '2024-05'],
      ],
      {
        cellDates: true,
        UTC: true,
      },
    );
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'S');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const { sheets } = readWorkbookFile(bytes, 'd.xlsx');
    expect(sheets[0]?.rows[1]).toEqual([
      { t: 'date', v: '2024-05-01' },
      { t: 'text', v: '914201123030123456' },
      { t: 'text', v: '2024-05' },
    ]);
  });

  it.each([
    ['xls', 'biff8'],
    ['ods', 'ods'],
  ] as const)('%s files are read by their bytes whatever the name', (_label, bookType) => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([REGISTER_HEADERS, ...REGISTER_ROWS]), '台账');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType }) as ArrayBuffer);
    const { sheets, findings, format } = readWorkbookFile(bytes, 'named-wrong.csv');
    expect(findings).toEqual([]);
    expect(format).toBe(bookType === 'biff8' ? 'xls' : 'ods');
    expect(sheets[0]?.rows[1]?.[0]).toEqual({ t: 'text', v: '91350100M000100Y43' });
    expect(sheets[0]?.rows).toHaveLength(3);
  });
});

describe('CSV', () => {
  it.each([
    [
      'a,b\r\nc,d\r\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'a,b\nc,d',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'a,b\rc,d\r',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    ['"a,1","b""2"\n', [['a,1', 'b"2']]],
    ['"多\r\n行",x\n', [['多\r\n行', 'x']]],
    ['a,,c\n', [['a', null, 'c']]],
    ['a,b,\n', [['a', 'b']]],
    ['\n\na,b\n', [[], [], ['a', 'b']]],
    ['x,"",y', [['x', null, 'y']]],
  ])('%j', (text, expected) => {
    const { rows, unterminated } = parseCsv(text);
    expect(unterminated).toBeNull();
    expect(rows.map((r) => r.map((c) => (c == null ? null : c.v)))).toEqual(expected);
  });

  it('an unterminated quote is a damaged file', () => {
    expect(parseCsv('a,"b\nc,d').unterminated).toBe(1);
    const { findings } = readWorkbookFile(new TextEncoder().encode('a,"b\nc,d'), 'x.csv');
    expect(findings.map((f) => f.code)).toEqual(['E_FILE_CORRUPT']);
  });

  it('tab-separated text is split on tabs', () => {
    const { sheets } = readWorkbookFile(new TextEncoder().encode('名称\t所在街道\n甲\t径河街\n'), 'x.txt');
    expect(sheets[0]?.rows[1]).toEqual([
      { t: 'text', v: '甲' },
      { t: 'text', v: '径河街' },
    ]);
  });

  it.each([
    ['UTF-8', new TextEncoder().encode('径河街'), 'utf-8', '径河街'],
    ['GBK', encodeGb18030('径河街'), 'gb18030', '径河街'],
    ['GB18030 four-byte', new Uint8Array([0x95, 0x32, 0x82, 0x36]), 'gb18030', '𠀀'],
    ['neither', new Uint8Array([0x81, 0x20, 0xff]), null, null],
  ])('decodes %s', (_label, bytes, encoding, text) => {
    const decoded = decodeText(bytes);
    expect(decoded?.encoding ?? null).toBe(encoding);
    expect(decoded?.text ?? null).toBe(text);
  });

  it('the CSV sheet is named after the file (its kind word and month count)', () => {
    const csv = [REGISTER_HEADERS, ...REGISTER_ROWS].map((r) => r.join(',')).join('\n');
    const { sheets } = readWorkbookFile(new TextEncoder().encode(csv), '/tmp/2026-10-台账.csv');
    expect(sheets.map((s) => s.name)).toEqual(['2026-10-台账']);
  });
});
