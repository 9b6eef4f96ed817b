/**
 * What the template workbook holds (docs/registers.md, `lkg template`): every sheet
 * kind, every header, one example row, and the 填报说明 rows (each column's allowed values).
 * The workbook writer (functions/adapters) turns this into an xlsx; the example rows pass
 * {@link checkWorkbook} without findings.
 *
 * @module
 */
import { INDICATORS } from '../indicators.ts';
import type { Policy } from '../policy/index.ts';
import type { SheetKind } from '../types.ts';
import { DISTRICT, OFFICE_IDS, STREET_NAMES, unitInfo } from '../units.ts';
import { KEY_PROJECT_FORMS, MOVEMENT_FORMS, REGISTER_COLUMNS, STAGE_FORMS } from './columns.ts';
import { OFFICE_CHOICES, STREET_CHOICES, ZONE_CHOICES } from './fields.ts';

export type TemplateValue = string | number | boolean | null;

export interface TemplateSheet {
  /** The sheet name: it holds the tie-break word of its kind (台账, 指标, 目标, 联系人). */
  name: string;
  kind: SheetKind;
  headers: string[];
  /** The example row: its first cell starts with {@link EXAMPLE_MARK}, so it is never imported. */
  example: TemplateValue[];
  /** Headers of the columns written as text cells (codes: leading zeros and 18 digits kept). */
  textColumns: string[];
  /** Dropdown lists (data validation) per header. */
  dropdowns: { column: string; values: string[] }[];
}

export interface TemplateInstruction {
  sheet: string;
  /** The header as the template writes it. */
  column: string;
  /** The values allowed, in Chinese. */
  allowed: string;
  /** Whether it must be filled, in Chinese (是 / 否 / the condition). */
  required: string;
}

export interface TemplateSpec {
  sheets: TemplateSheet[];
  instructions: TemplateInstruction[];
}

const SHEETS: Record<SheetKind, string> = {
  register: '企业项目台账',
  indicators: '月度经济指标',
  targets: '年度目标',
  contacts: '单位联系人',
};

/**
 * The template's example rows start with this word in their first cell (示例：…). No key, unit
 * or email starts with it, so an example row can never be imported: a filled-in template that
 * still holds one gets that row refused (E_EXAMPLE_ROW); the template as downloaded, with only
 * its example rows, is refused with one message (E_TEMPLATE_UNFILLED).
 */
export const EXAMPLE_MARK = '示例';
const EXAMPLE_USCC = `${EXAMPLE_MARK}：91350100M000100Y43（请删除本行）`;
const EXAMPLE_NAME = '武汉示例智能装备有限公司';

function forms(table: Readonly<Record<string, readonly string[]>>): string {
  return Object.values(table)
    .map(([first, ...rest]) => (rest.length > 0 ? `${first}（也可填：${rest.join('、')}）` : `${first}`))
    .join('；');
}

const NUMBER_FORMS = (unit: string) =>
  `表头或单元格可写${unit === '万元' ? '元、亿元' : '美元、亿美元'}，自动精确换算；可写 1,234.5、1.2万；换算后最多 6 位小数`;
const TARGET_AMOUNT = (unit: string) =>
  `全年目标数值，单位${unit}。${NUMBER_FORMS(unit)}。没有目标留空（不改变已有目标），撤回已有目标填“撤回”`;
const AMOUNT = (unit: string) =>
  `数值，单位${unit}（本月数，不是本年累计）。表头或单元格可写${unit === '万元' ? '元、亿元' : '美元、亿美元'}，自动精确换算；可写 1,234.5、1.2万；换算后最多 6 位小数。未报送留空或填“—”（不改变已报送的数值），撤回已报送的数值填“撤回”；不要用 0 表示未报送`;

/** The offices as a dropdown offers them (their usual short names: 机电产业办 …). */
const OFFICE_SHORT: readonly string[] = OFFICE_IDS.map((id) => unitInfo(id).aliases[0] ?? unitInfo(id).name);

/** Said first on every sheet's 填报说明: the example row is not data. */
const EXAMPLE_NOTE = `第 2 行是示例（以“${EXAMPLE_MARK}”开头），系统不导入；请从第 3 行起填写，或直接改写示例行并删去“${EXAMPLE_MARK}”字样`;

const MONTH = '月份，如 2026-10、2026/10、2026年10月、202610';

/**
 * How an upload changes what is stored, said on each sheet's 填报说明 (the rules: registers
 * merge by column, domain/registers/merge.ts; figures cell by cell, domain/figures.ts;
 * contacts replace a unit's, domain/ingest.ts).
 */
export const UPLOAD_RULES = {
  register:
    '按企业和报送月份合并：本表有的列以本表为准，有列而单元格留空即清除该项；本表没有的列保留已登记的内容。',
  figures: (cell: string) =>
    `逐项合并（${cell}）：上传只改变填写了数值的单元格，其他已报送的数值不变，一个数值也不会带到其他${cell.includes('月份') ? '月份' : '年度'}；同一单元格以最后上传的为准（无论哪个单位上传）。缺列、留空或填“—”“–”“/”“无”“未报”“-”表示未报送，不改变已有数值（“-”也可能是会计格式的 0，系统会提示；是 0 请填数字 0）。要撤回已报送的数值，在该单元格填“撤回”；一行的各指标都填“撤回”，即撤回该行${cell.includes('月份') ? '企业该月' : '单位该年度'}的全部数值。`,
  contacts:
    '按单位整体替换：上传某单位的联系人，即以本表所列为该单位的全部联系人，未列出的人员不再收到月报。',
} as const;

const RULES_COLUMN = '（导入规则）';
const DATE = '日期，如 2024-05-01、2024/5/1、2024.5.1、2024年5月1日（只填年月时按当月1日）';
const BOOLEAN = '是/否（也可填 Y/N、√/×、1/0、true/false）';

/**
 * The template: every sheet kind with every header, one example row, and the 填报说明; the
 * 产业类别 listed are the 招商重点 of the given policy (`newestPolicy(POLICIES)`).
 */
export function templateSpec(policy: Policy): TemplateSpec {
  const indicatorHeaders = INDICATORS.map((i) => `${i.header}（${i.unit}）`);
  const categories = OFFICE_IDS.map(
    (id) => `${unitInfo(id).aliases[0] ?? id}：${policy.focus[id].categories.join('、')}`,
  ).join('；');

  const register: TemplateSheet = {
    name: SHEETS.register,
    kind: 'register',
    headers: REGISTER_COLUMNS.map((c) => c.header),
    example: [
      EXAMPLE_USCC,
      null,
      EXAMPLE_NAME,
      '已建成投产',
      '机电产业办',
      '径河街',
      null,
      null,
      null,
      null,
      null,
      '是',
      '智能装备制造',
      '2018-03-01',
      '2026-10',
      null,
    ],
    textColumns: ['统一社会信用代码', '项目编号', '报送月份', '建成投产日期'],
    dropdowns: [
      { column: '项目状态', values: Object.values(STAGE_FORMS).map((f) => f[0] as string) },
      { column: '所在街道', values: [...STREET_NAMES] },
      { column: '招商单位', values: [...OFFICE_SHORT, ...STREET_NAMES] },
      { column: '规上工业', values: ['是', '否'] },
    ],
  };
  const indicators: TemplateSheet = {
    name: SHEETS.indicators,
    kind: 'indicators',
    headers: ['统一社会信用代码', '项目编号', '企业（项目）名称', '月份', ...indicatorHeaders],
    example: [
      EXAMPLE_USCC,
      null,
      EXAMPLE_NAME,
      '2026-10',
      ...INDICATORS.map((i) => EXAMPLE_AMOUNTS[i.id] ?? null),
    ],
    textColumns: ['统一社会信用代码', '项目编号', '月份'],
    dropdowns: [],
  };
  const targets: TemplateSheet = {
    name: SHEETS.targets,
    kind: 'targets',
    headers: ['单位', '年度', ...indicatorHeaders],
    example: [`${EXAMPLE_MARK}：径河街`, 2026, ...INDICATORS.map((i) => EXAMPLE_TARGETS[i.id] ?? null)],
    textColumns: ['单位'],
    dropdowns: [{ column: '单位', values: [DISTRICT.name, ...STREET_NAMES, ...OFFICE_SHORT] }],
  };
  const contacts: TemplateSheet = {
    name: SHEETS.contacts,
    kind: 'contacts',
    headers: ['单位', '姓名', '邮箱', '接收月报'],
    example: [`${EXAMPLE_MARK}：径河街`, '联络员', 'jinghe@example.com', '是'],
    textColumns: ['单位', '邮箱'],
    dropdowns: [{ column: '接收月报', values: ['是', '否'] }],
  };

  const registerAllowed: Record<string, [string, string]> = {
    统一社会信用代码: [
      '18 位统一社会信用代码（GB 32100），请将单元格设为文本格式',
      '与「项目编号」至少填一项',
    ],
    项目编号: ['文本，不超过 40 个字符；尚未注册企业的项目填写', '与「统一社会信用代码」至少填一项'],
    '企业（项目）名称': ['文本，不超过 200 个字符', '是'],
    项目状态: [forms(STAGE_FORMS), '是'],
    招商单位: [`产业办：${OFFICE_CHOICES}；或街道：${STREET_CHOICES}；不可填区商务局`, '否（没有时留空）'],
    所在街道: [`企业实际经营地或项目选址所在街道：${STREET_CHOICES}`, '是'],
    统计归属街道: [`街道：${STREET_CHOICES}`, '否'],
    所在园区: [`${ZONE_CHOICES}（长青街1平方公里经济园区须在长青街，中小企业城须在慈惠街）`, '否'],
    重大项目: [
      `${forms(KEY_PROJECT_FORMS)}；其他项目填写其名称（不超过 50 个字符），通知未列为重大项目的照填写记录、导入时提示，按其他条款判定归属`,
      '否（不属于重大项目时留空）',
    ],
    扩产搬迁: [forms(MOVEMENT_FORMS), '否'],
    原所在街道: [`扩产或搬迁前所在街道：${STREET_CHOICES}`, '填写「扩产搬迁」时必填'],
    规上工业: [BOOLEAN, '否（留空为否）'],
    产业类别: [`文本；各产业办招商重点：${categories}`, '否'],
    建成投产日期: [DATE, '否'],
    报送月份: [
      `${MONTH}；一个工作表须为同一月份（每月一个工作表时，工作表可命名为“2026年8月”）`,
      '否（未填时取工作表名称、标题或文件名中的年月，如“2026-10-台账.xlsx”）',
    ],
    备注: ['文本', '否'],
  };
  const instructions: TemplateInstruction[] = [
    { sheet: register.name, column: '（示例行）', allowed: EXAMPLE_NOTE, required: '—' },
    { sheet: register.name, column: RULES_COLUMN, allowed: UPLOAD_RULES.register, required: '—' },
  ];
  for (const column of register.headers) {
    const [allowed, required] = registerAllowed[column] ?? ['文本', '否'];
    instructions.push({ sheet: register.name, column, allowed, required });
  }
  instructions.push(
    { sheet: indicators.name, column: '（示例行）', allowed: EXAMPLE_NOTE, required: '—' },
    {
      sheet: indicators.name,
      column: RULES_COLUMN,
      allowed: UPLOAD_RULES.figures('企业 × 月份 × 指标'),
      required: '—',
    },
    {
      sheet: indicators.name,
      column: '统一社会信用代码',
      allowed: '与台账相同',
      required: '与「项目编号」至少填一项',
    },
    {
      sheet: indicators.name,
      column: '项目编号',
      allowed: '与台账相同',
      required: '与「统一社会信用代码」至少填一项',
    },
    { sheet: indicators.name, column: '企业（项目）名称', allowed: '与台账登记的名称一致', required: '否' },
    {
      sheet: indicators.name,
      column: '月份',
      allowed: `${MONTH}；每月一个工作表时可不要此列，工作表命名为“2026年8月”`,
      required: '是（或在工作表名称中写明）',
    },
    ...INDICATORS.map((i, n) => ({
      sheet: indicators.name,
      column: indicatorHeaders[n] ?? i.header,
      allowed: AMOUNT(i.unit),
      required: '否（至少有一个指标列）',
    })),
    { sheet: targets.name, column: '（示例行）', allowed: EXAMPLE_NOTE, required: '—' },
    {
      sheet: targets.name,
      column: RULES_COLUMN,
      allowed: UPLOAD_RULES.figures('单位 × 年度 × 指标'),
      required: '—',
    },
    {
      sheet: targets.name,
      column: '单位',
      allowed: `${DISTRICT.name}；街道：${STREET_CHOICES}；产业办：${OFFICE_CHOICES}`,
      required: '是',
    },
    { sheet: targets.name, column: '年度', allowed: '四位年份，如 2026', required: '是' },
    ...INDICATORS.map((i, n) => ({
      sheet: targets.name,
      column: indicatorHeaders[n] ?? i.header,
      allowed: TARGET_AMOUNT(i.unit),
      required: '否（至少有一个指标列）',
    })),
    { sheet: contacts.name, column: '（示例行）', allowed: EXAMPLE_NOTE, required: '—' },
    { sheet: contacts.name, column: RULES_COLUMN, allowed: UPLOAD_RULES.contacts, required: '—' },
    {
      sheet: contacts.name,
      column: '单位',
      allowed: `街道：${STREET_CHOICES}；产业办：${OFFICE_CHOICES}；区商务局`,
      required: '是',
    },
    { sheet: contacts.name, column: '姓名', allowed: '文本', required: '否' },
    { sheet: contacts.name, column: '邮箱', allowed: '邮箱地址，如 name@example.com', required: '是' },
    { sheet: contacts.name, column: '接收月报', allowed: BOOLEAN, required: '否（留空为是）' },
  );
  return { sheets: [register, indicators, targets, contacts], instructions };
}

const EXAMPLE_AMOUNTS: Record<string, number> = {
  output: 2118.62,
  revenue: 2354.03,
  tax: 117.7,
  fai: 194.05,
};
const EXAMPLE_TARGETS: Record<string, number> = {
  output: 76746,
  revenue: 84243,
  tax: 4260,
  fai: 5717,
  funds: 3024,
};
