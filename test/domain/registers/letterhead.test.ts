/**
 * Names as letterheads write them, in the register's cells: units by rule (district prefixes,
 * street and office endings), a cell naming two units, the bureau as 招商单位 in any form, and
 * the 企业规模/规模 column read as 规上工业.
 */
import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '#domain/registers/index';
import { grid, VALID_USCC } from './helpers.ts';

const HEAD = ['统一社会信用代码', '企业（项目）名称', '项目状态', '所在街道', '招商单位'];
const check = (head: string[], row: (string | null)[]) =>
  checkWorkbook([grid('台账', [head, [VALID_USCC, '武汉测试有限公司', ...row]])], {
    fileName: '2026-10-台账.xlsx',
    uploadedMonth: '2026-11',
  });
const codes = (p: ReturnType<typeof check>) => p.findings.map((f) => [f.code, f.row, f.column]);

describe('unit cells by rule', () => {
  it.each([
    ['武汉市东西湖区长青街道办事处', '机电产业管理办公室', 'changqing', 'jidian'],
    ['临空港经开区径河街道办', '区食品医药产业办公室', 'jinghe', 'shipin'],
    ['长青街道办事处（东西湖区）', '武汉临空港经济技术开发区综保办', 'changqing', 'zongbao'],
  ])('所在街道 %j, 招商单位 %j', (street, recruiter, streetId, recruiterId) => {
    const parsed = check(HEAD, ['在建', street, recruiter]);
    expect(parsed.findings).toEqual([]);
    expect(parsed.register[0]?.record.street).toBe(streetId);
    expect(parsed.register[0]?.record.recruiter).toBe(recruiterId);
  });

  it.each([
    '区商务局',
    '东西湖区商务局',
    '武汉市东西湖区商务局',
    '临空港经开区商务局（工作专班办公室）',
    '商务局投资促进科',
  ])('the bureau as 招商单位 (%j) gets the bureau’s own explanation', (form) => {
    const parsed = check(HEAD, ['在建', '长青街', form]);
    expect(codes(parsed)).toEqual([['E_RECRUITER_BUREAU', 2, 'E 招商单位']]);
    expect(parsed.findings[0]?.message).toContain('区商务局（工作专班办公室）不服务企业');
    expect(parsed.findings[0]?.message).not.toContain('不是本区');
  });

  it('a cell naming two units is an error listing both', () => {
    const parsed = check(HEAD, ['在建', '长青街', '长青街、机电办']);
    expect(codes(parsed)).toEqual([['E_UNIT_AMBIGUOUS', 2, 'E 招商单位']]);
    expect(parsed.findings[0]?.message).toContain('“长青街”和“机电产业建设管理办公室”');
  });
});

describe('企业规模 / 规模', () => {
  const WITH_SCALE = [...HEAD, '企业规模'];
  it.each([
    ['规上', true],
    ['规模以上', true],
    ['规下', false],
    ['规模以下', false],
    [null, false],
  ] as const)('企业规模 %j is 规上工业 %j (blank: as a blank 规上工业 cell)', (value, above) => {
    const parsed = check(WITH_SCALE, ['已建成投产', '长青街', null, value]);
    expect(parsed.findings).toEqual([]);
    expect(parsed.register[0]?.record.aboveScale).toBe(above);
    expect(parsed.register[0]?.present).toContain('aboveScale');
  });

  it('规模 with other values (大型) is ignored with today’s warning', () => {
    const parsed = checkWorkbook(
      [
        grid('台账', [
          [...HEAD, '规模'],
          [VALID_USCC, '武汉测试有限公司', '已建成投产', '长青街', null, '大型'],
        ]),
      ],
      { fileName: '2026-10-台账.xlsx', uploadedMonth: '2026-11' },
    );
    expect(codes(parsed)).toEqual([['W_COLUMN_IGNORED', 1, 'F 规模']]);
    expect(parsed.findings[0]?.message).toContain('“大型”');
    expect(parsed.register[0]?.present).not.toContain('aboveScale');
  });

  it.each([
    ['是', '规上', true, []],
    ['否', '规下', false, []],
    ['是', '规下', undefined, [['E_SCALE_CONFLICT', 2, 'G 企业规模']]],
    ['否', '规模以上', undefined, [['E_SCALE_CONFLICT', 2, 'G 企业规模']]],
    [null, '规上', true, []],
    ['是', null, true, []],
  ] as const)('规上工业 %j with 企业规模 %j', (flag, scale, above, findings) => {
    const parsed = check([...HEAD, '规上工业', '企业规模'], ['已建成投产', '长青街', null, flag, scale]);
    expect(codes(parsed)).toEqual(findings);
    expect(parsed.register[0]?.record.aboveScale).toBe(above);
  });
});
