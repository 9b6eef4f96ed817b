import { describe, expect, it } from 'vitest';
import { POLICY_2020_1 } from '#domain/policy/index';
import { checkAgainstStore, checkWorkbook, mergeVersion, templateSpec } from '#domain/registers/index';
import { EXAMPLE_RECORDS } from '../../cases/example-2026-10.ts';
import { EXAMPLE, grid, readExample } from './helpers.ts';

describe('the example workbook (generated: functions/cli/example.ts)', () => {
  const sheets = readExample(EXAMPLE);
  const parsed = checkWorkbook(sheets, { fileName: '2026-10-示例台账.xlsx', uploadedMonth: '2026-11' });

  it('has no findings, here or against an empty store', () => {
    expect(parsed.findings).toEqual([]);
    expect(checkAgainstStore(parsed, new Map())).toEqual([]);
  });

  it('its register is exactly the 36 records of the district example (test/cases/example-2026-10.ts)', () => {
    expect(parsed.register.map((row) => mergeVersion(null, row))).toEqual(EXAMPLE_RECORDS);
  });

  it('reads every sheet as its kind', () => {
    expect(parsed.sheets).toEqual([
      { sheet: '企业项目台账', kind: 'register', rowsRead: 36, rowsApplied: 36, errors: 0, warnings: 0 },
      { sheet: '月度经济指标', kind: 'indicators', rowsRead: 690, rowsApplied: 690, errors: 0, warnings: 0 },
      { sheet: '年度目标', kind: 'targets', rowsRead: 18, rowsApplied: 18, errors: 0, warnings: 0 },
      { sheet: '单位联系人', kind: 'contacts', rowsRead: 17, rowsApplied: 17, errors: 0, warnings: 0 },
    ]);
    expect(parsed.registerMonth).toBe('2026-10');
  });

  it.each([
    [
      2,
      {
        key: '91420112MA83G07L8M',
        stage: 'built',
        recruiter: 'jidian',
        street: 'cihui',
        keyProject: 'boe',
        aboveScale: true,
        category: '光电子',
        completedOn: '2019-06-30',
        month: '2026-10',
      },
    ],
    [
      30,
      {
        key: '91420112MAB72YX742',
        stage: 'building',
        recruiter: 'jinghe',
        street: 'xingouzhen',
        movement: 'expansion',
        originStreet: 'jinghe',
      },
    ],
    [34, { key: 'XM-2026-031', uscc: null, projectCode: 'XM-2026-031', stage: 'new' }],
    [8, { zone: 'changqing-park', recruiter: 'gaoxin', street: 'changqing' }],
    [31, { statStreet: 'jiangjunlu', street: 'jinyinhu' }],
  ])('register row %i reads as %o', (row, expected) => {
    expect(parsed.register.find((r) => r.row === row)?.record).toMatchObject(expected);
  });

  it('reads indicator values as exact decimals, blanks as not reported', () => {
    expect(parsed.indicators[0]).toMatchObject({
      key: '91420112MA83G07L8M',
      month: '2025-01',
      values: { output: '1892.97', revenue: '2103.3', tax: '105.17', fai: null, trade: null, funds: null },
    });
    expect(parsed.targets[0]).toMatchObject({ unit: 'wujiashan', year: 2026, values: { output: '28143' } });
    expect(parsed.contacts.at(-1)).toMatchObject({
      unit: 'bureau',
      email: 'bureau@example.com',
      receives: true,
    });
  });
});

describe('templateSpec', () => {
  const spec = templateSpec(POLICY_2020_1);

  it('as downloaded (example rows only) it is refused with one clear message', () => {
    const sheets = spec.sheets.map((s) => grid(s.name, [s.headers, s.example]));
    const parsed = checkWorkbook(sheets, { fileName: '模板.xlsx', uploadedMonth: '2026-10' });
    expect(parsed.findings).toEqual([
      expect.objectContaining({ code: 'E_TEMPLATE_UNFILLED', severity: 'error', sheet: null, row: null }),
    ]);
    expect(parsed.register).toEqual([]);
  });

  it('its example rows with the 示例 mark removed pass the checks without findings', () => {
    const unmark = (v: unknown) =>
      typeof v === 'string' ? v.replace(/^示例：/u, '').replace(/（请删除本行）$/u, '') : v;
    const sheets = spec.sheets.map((s) =>
      grid(s.name, [s.headers, s.example.map((v, j) => (j === 0 ? unmark(v) : v)) as typeof s.example]),
    );
    const parsed = checkWorkbook(sheets, { fileName: '模板.xlsx', uploadedMonth: '2026-10' });
    expect(parsed.findings).toEqual([]);
    expect(checkAgainstStore(parsed, new Map())).toEqual([]);
    expect(parsed.sheets.map((s) => [s.kind, s.rowsApplied])).toEqual([
      ['register', 1],
      ['indicators', 1],
      ['targets', 1],
      ['contacts', 1],
    ]);
  });

  it('has one example value per header and an instruction for every column', () => {
    for (const sheet of spec.sheets) {
      expect(sheet.example).toHaveLength(sheet.headers.length);
      for (const header of sheet.headers) {
        expect(spec.instructions).toContainEqual(
          expect.objectContaining({ sheet: sheet.name, column: header }),
        );
      }
    }
    expect(spec.sheets.map((s) => s.kind)).toEqual(['register', 'indicators', 'targets', 'contacts']);
  });
});
