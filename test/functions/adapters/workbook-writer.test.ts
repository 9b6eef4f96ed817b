/**
 * The workbook writer: escaping, values keep their types, the report workbook read back with
 * SheetJS, and the template (every sheet kind, every header, 填报说明) read back through the
 * reader and the checks.
 */
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { readWorkbookFile } from '#adapters/workbook-reader';
import {
  escapeCellText,
  INSTRUCTIONS_SHEET,
  reportWorkbook,
  templateWorkbook,
  writeWorkbook,
} from '#adapters/workbook-writer';
import {
  REPORT_FINDING_HEADERS,
  REPORT_SUMMARY_HEADERS,
  type ReportOutcome,
  reportVerdict,
  rowTotals,
} from '#domain/import-report';
import { POLICY_2020_1 } from '#domain/policy/index';
import { checkWorkbook, templateSpec } from '#domain/registers/index';
import type { Finding, SheetSummary } from '#domain/types';
import { STREET_NAMES } from '#domain/units';

function rowsOf(bytes: Uint8Array, sheet: string): unknown[][] {
  const wb = XLSX.read(bytes, { type: 'array' });
  const ws = wb.Sheets[sheet];
  if (!ws) throw new Error(`no sheet ${sheet}; sheets: ${wb.SheetNames.join(', ')}`);
  return XLSX.utils.sheet_to_json(ws, { header: 1, raw: true, defval: null });
}

describe('escapeCellText', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['=HYPERLINK("http://evil","点我")', '\'=HYPERLINK("http://evil","点我")'],
    ['+86 027', "'+86 027"],
    ['-', "'-"],
    ['-12.5', "'-12.5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['长青街', '长青街'],
    ['a=b', 'a=b'],
    ["'已有撇号", "'已有撇号"],
    ['', ''],
    [' =1', ' =1'],
  ])('%j → %j', (input, output) => {
    expect(escapeCellText(input)).toBe(output);
  });
});

describe('writeWorkbook', () => {
  it('writes values with their types; text that looks like a formula stays inert text', () => {
    const bytes = writeWorkbook([
      {
        name: '清单',
        rows: [
          ['名称', '数量', '是否', '公式'],
          ['甲', 1234.56, true, '=SUM(B2:B9)'],
          [null, -3, false, '@x'],
        ],
      },
    ]);
    const wb = XLSX.read(bytes, { type: 'array', cellFormula: true });
    const ws = wb.Sheets.清单 as XLSX.WorkSheet;
    expect(ws.D2).toMatchObject({ t: 's', v: "'=SUM(B2:B9)" });
    expect(ws.D2?.f).toBeUndefined();
    expect(ws.B2).toMatchObject({ t: 'n', v: 1234.56 });
    expect(ws.C2).toMatchObject({ t: 'b', v: true });
    expect(ws.A3).toBeUndefined();
    expect(ws.B3).toMatchObject({ t: 'n', v: -3 });
  });

  it('column widths are written; sheet names made valid and unique', () => {
    const bytes = writeWorkbook([
      { name: 'a/b', rows: [['x']], columnWidths: [33] },
      { name: 'a/b', rows: [] },
    ]);
    const wb = XLSX.read(bytes, { type: 'array', cellStyles: true });
    expect(wb.SheetNames).toEqual(['a_b', 'a_b_2']);
    expect(wb.Sheets.a_b?.['!cols']?.[0]?.wch).toBe(33);
  });
});

describe('reportWorkbook', () => {
  const findings: Finding[] = [
    {
      code: 'E_FILE_TYPE',
      severity: 'error',
      sheet: null,
      row: null,
      column: null,
      value: null,
      message: '不是表格文件',
    },
    {
      code: 'E_UNKNOWN_UNIT',
      severity: 'error',
      sheet: '企业项目台账',
      row: 7,
      column: 'F 所在街道',
      value: '=长清街',
      message: '「所在街道」填写为“长清街”，不是本区街道名称',
    },
    {
      code: 'W_COLUMN_IGNORED',
      severity: 'warning',
      sheet: '企业项目台账',
      row: 1,
      column: 'Q 其他',
      value: '其他',
      message: '未知列，已忽略',
    },
  ];
  const sheets: SheetSummary[] = [
    { sheet: '企业项目台账', kind: 'register', rowsRead: 36, rowsApplied: 0, errors: 1, warnings: 1 },
    { sheet: '说明', kind: null, rowsRead: 0, rowsApplied: 0, errors: 0, warnings: 0 },
  ];
  const bytes = reportWorkbook({ findings, sheets });

  it('审核结果: the verdict first, then one row per finding, errors first, 严重程度 in Chinese, values escaped', () => {
    expect(rowsOf(bytes, '审核结果')).toEqual([
      [
        '结论：不能导入。原因：发现 2 个错误（见下表，错误在前）；整个文件改正后重新上传',
        null,
        null,
        null,
        null,
        null,
      ],
      [...REPORT_FINDING_HEADERS],
      ['错误', '（整个文件）', null, null, null, '不是表格文件'],
      ['错误', '企业项目台账', 7, 'F 所在街道', "'=长清街", '「所在街道」填写为“长清街”，不是本区街道名称'],
      ['警告', '企业项目台账', 1, 'Q 其他', '其他', '未知列，已忽略'],
    ]);
  });

  it('汇总: per sheet rows read, applied, errors, warnings, the file, and a total', () => {
    expect(rowsOf(bytes, '汇总')).toEqual([
      [...REPORT_SUMMARY_HEADERS],
      ['企业项目台账', '企业项目台账', 36, 0, 1, 1],
      ['说明', '未识别', 0, 0, 0, 0],
      ['（整个文件）', null, null, null, 1, 0],
      ['合计', null, 36, 0, 2, 1],
    ]);
  });

  it.each<[ReportOutcome, Finding[], string]>([
    [
      {
        status: 'applied',
        counts: {
          registerRows: 36,
          indicatorRows: 12,
          targetRows: 0,
          contactRows: 0,
          errors: 0,
          warnings: 1,
          itemsWritten: 80,
        },
      },
      [findings[2] as Finding],
      '结论：已导入（台账 36 行、指标 12 行）；有 1 个警告，请核实。',
    ],
    [{ status: 'unchanged' }, [], '结论：已导入，内容与已保存的相同，没有数据变化。'],
    [
      { status: 'rejected' },
      [findings[1] as Finding, findings[2] as Finding],
      '结论：未导入。原因：「所在街道」填写为“长清街”，不是本区街道名称',
    ],
    [
      { status: 'failed' },
      [],
      '结论：未导入。原因：系统处理时出错（不是文件的问题），系统会自动重试；如仍失败，请联系管理员。',
    ],
  ])('the first line says whether the file was imported: %j', (outcome, list, line) => {
    expect(reportVerdict(list, outcome)).toBe(line);
    expect(rowsOf(reportWorkbook({ findings: list, sheets, outcome }), '审核结果')[0]?.[0]).toBe(line);
  });

  it('the 合计 row is rowTotals(sheets): the figures the ingest logs', () => {
    const total = rowsOf(bytes, '汇总').find((r) => r[0] === '合计');
    const { rowsRead, rowsApplied } = rowTotals(sheets);
    expect([total?.[2], total?.[3]]).toEqual([rowsRead, rowsApplied]);
  });

  it('errors come before warnings whatever the order found', () => {
    const rows = rowsOf(
      reportWorkbook({ findings: [findings[2] as Finding, findings[1] as Finding], sheets }),
      '审核结果',
    );
    expect(rows.slice(2).map((r) => r[0])).toEqual(['错误', '警告']);
  });

  it('an empty report still has both sheets', () => {
    const empty = reportWorkbook({ findings: [], sheets: [] });
    expect(rowsOf(empty, '审核结果')).toEqual([
      ['结论：可以导入。', null, null, null, null, null],
      [...REPORT_FINDING_HEADERS],
    ]);
    expect(rowsOf(empty, '汇总')).toEqual([[...REPORT_SUMMARY_HEADERS], ['合计', null, 0, 0, 0, 0]]);
  });
});

describe('templateWorkbook', () => {
  const bytes = templateWorkbook(POLICY_2020_1);
  const spec = templateSpec(POLICY_2020_1);

  it('has every sheet kind with every header and its example row, and 填报说明', () => {
    const wb = XLSX.read(bytes, { type: 'array' });
    expect(wb.SheetNames).toEqual([...spec.sheets.map((s) => s.name), INSTRUCTIONS_SHEET]);
    expect(new Set(spec.sheets.map((s) => s.kind))).toEqual(
      new Set(['register', 'indicators', 'targets', 'contacts']),
    );
    for (const s of spec.sheets) {
      const rows = rowsOf(bytes, s.name);
      expect(rows[0]).toEqual(s.headers);
      expect(rows[1]).toEqual(s.example.map((v) => (v === '' ? null : v)));
    }
    const instructions = rowsOf(bytes, INSTRUCTIONS_SHEET);
    expect(instructions[0]).toEqual(['工作表', '列', '可填写的值', '是否必填']);
    expect(instructions.slice(1)).toEqual(
      spec.instructions.map((i) => [i.sheet, i.column, i.allowed, i.required]),
    );
  });

  it('read back as downloaded: every kind recognised, refused with one message, 填报说明 not reported', () => {
    const read = readWorkbookFile(bytes, '台账填报模板.xlsx');
    expect(read.findings).toEqual([]);
    const parsed = checkWorkbook(read.sheets, { fileName: '台账填报模板.xlsx', uploadedMonth: '2026-10' });
    expect(parsed.findings).toEqual([expect.objectContaining({ code: 'E_TEMPLATE_UNFILLED', sheet: null })]);
    expect(parsed.sheets.filter((s) => s.kind != null).map((s) => s.kind)).toEqual(
      spec.sheets.map((s) => s.kind),
    );
    expect(parsed.register).toHaveLength(0);
  });

  it('its sheet XML holds the dropdown lists of 项目状态, 所在街道, 招商单位 and 规上工业', () => {
    const zip = XLSX.CFB.read(bytes, { type: 'array' });
    const sheetXml = (n: number) => {
      const at = zip.FullPaths.findIndex((p: string) => p.endsWith(`/xl/worksheets/sheet${n}.xml`));
      return Buffer.from(zip.FileIndex[at]?.content as Uint8Array).toString('utf8');
    };
    const register = sheetXml(1);
    const lists = [
      ...register.matchAll(
        /<dataValidation type="list"[^>]*sqref="([A-Z]+)2:[A-Z]+1000"><formula1>&quot;([^<]*)&quot;<\/formula1>/gu,
      ),
    ].map((m) => [m[1], m[2]]);
    const header = spec.sheets[0]?.headers ?? [];
    const col = (h: string) => XLSX.utils.encode_col(header.indexOf(h));
    expect(lists).toEqual([
      [col('项目状态'), '已建成投产,在建,已签约,新引进,已注销'],
      [col('所在街道'), STREET_NAMES.join(',')],
      [col('招商单位'), expect.stringMatching(/^机电产业办,.*,长青街,.*金银湖街$/u)],
      [col('规上工业'), '是,否'],
    ]);
    // In the schema's order: after </sheetData>, before what follows it.
    expect(register.indexOf('<dataValidations')).toBeGreaterThan(register.indexOf('</sheetData>'));
    // SheetJS reads the patched workbook (and Excel's order is kept): the sheets are intact.
    expect(XLSX.read(bytes).SheetNames).toEqual([...spec.sheets.map((s) => s.name), INSTRUCTIONS_SHEET]);
  });

  it('formats the key columns as text, also in the empty rows below the example', () => {
    const wb = XLSX.read(bytes, { cellNF: true });
    const ws = wb.Sheets[spec.sheets[0]?.name ?? ''] as XLSX.WorkSheet;
    for (const ref of ['A2', 'A3', 'A500', 'B3', 'O3'])
      expect((ws[ref] as XLSX.CellObject | undefined)?.z).toBe('@');
  });
});
