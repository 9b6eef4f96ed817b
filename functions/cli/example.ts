/**
 * The example workbook the local stack imports on first start and the tests read
 * (`lkg example --out FILE`): generated here, deterministically — the same bytes on every run
 * and machine — so that the repository stands alone (no file outside it is read).
 *
 * - 企业项目台账: the 36 register rows of the district's example (2026-10), cell for cell as a
 *   unit would fill them in (full names, short names and aliases of units mixed); their facts
 *   are `test/cases/example-2026-10.ts` and their assignments as of 2026-10
 *   `test/cases/example-2026-10.expected.json`.
 * - 月度经济指标 2025-01 .. 2026-10: generated from each record's key with a seeded generator
 *   (built: 营业收入 and 税收收入, 规上工业总产值 when 规上, 进出口总额 for 综保 projects,
 *   occasional 固定资产投资; building: 固定资产投资 and some 实际到位资金; signed: 实际到位资金
 *   in 2026; a project completed inside the window switches in its completion month; nothing
 *   for 新引进, 已注销 or a project without a USCC). Not real figures.
 * - 年度目标 2026 for the 18 units, and 单位联系人: every unit but 辛安渡街 and 东山街 (so the
 *   publisher has units without contacts to report), plus the bureau.
 *
 * @example
 * ```ts
 * import { exampleWorkbook, EXAMPLE_FILE_NAME } from '#functions/cli/example';
 * writeFileSync(EXAMPLE_FILE_NAME, exampleWorkbook());
 * ```
 *
 * @module
 */
import { writeWorkbook } from '#adapters/workbook-writer';
import { compareMonths, monthOf, monthRange } from '#domain/months';
import { REGISTER_COLUMNS } from '#domain/registers/index';
import type { Month } from '#domain/types';
import { UNITS } from '#domain/units';
import type { CellValue, SheetValues } from '#domain/workbooks';

/** The file name the local stack and `lkg example` use. */
export const EXAMPLE_FILE_NAME = '2026-10-示例台账.xlsx';

/** The months of the example's indicators. */
export const EXAMPLE_INDICATOR_MONTHS = { from: '2025-01', to: '2026-10' } as const;

/** The register's columns: the template's (domain/registers/columns.ts). */
const REGISTER_HEADERS = REGISTER_COLUMNS.map((c) => c.header);

/** The register rows, as the example's units filled them in (columns of REGISTER_HEADERS). */
const REGISTER_ROWS: readonly (readonly (string | null)[])[] = [
  [
    '91420112MA83G07L8M',
    null,
    '武汉临空显示配套材料有限公司',
    '已建成投产',
    '机电产业建设管理办公室',
    '慈惠街',
    null,
    null,
    '京东方',
    null,
    null,
    '是',
    '光电子',
    '2019-06-30',
    '2026-10',
    null,
  ],
  [
    '91420112MA75W0H238',
    null,
    '武汉临空玻璃基板深加工有限公司',
    '在建',
    '机电产业办',
    '柏泉街',
    null,
    null,
    '康宁',
    null,
    null,
    '否',
    '新材料',
    null,
    '2026-10',
    null,
  ],
  [
    '91420112MAB9T2156U',
    null,
    '武汉径河智能装备制造有限公司',
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
  [
    '91420112MAA8FX4Q29',
    null,
    '武汉长青新材料科技有限公司',
    '已建成投产',
    '机电办',
    '长青街',
    null,
    null,
    null,
    null,
    null,
    '是',
    '新材料',
    '2017-09-12',
    '2026-10',
    null,
  ],
  [
    '91420112MA4D24075Q',
    null,
    '武汉柏泉新能源电池有限公司',
    '已建成投产',
    '机电产业办',
    '柏泉街',
    null,
    null,
    null,
    null,
    null,
    '是',
    '新能源',
    '2019-11-20',
    '2026-10',
    null,
  ],
  [
    '91420112MA12278E67',
    null,
    '武汉吴家山光电器件有限公司',
    '已建成投产',
    '机电产业办',
    '吴家山街',
    null,
    null,
    null,
    null,
    null,
    '是',
    '光电子',
    '2016-05-05',
    '2026-10',
    null,
  ],
  [
    '91420112MAB286Q988',
    null,
    '武汉长青园区芯片设计有限公司',
    '已建成投产',
    '高新技术产业办',
    '长青街',
    null,
    '长青街1平方公里经济园区',
    null,
    null,
    null,
    '否',
    '高新技术企业',
    '2019-01-10',
    '2026-10',
    null,
  ],
  [
    '91420112MAYM515X0K',
    null,
    '武汉长青科创服务有限公司',
    '已建成投产',
    '高新技术产业办',
    '长青街',
    null,
    null,
    null,
    null,
    null,
    '否',
    '科创企业',
    '2018-08-08',
    '2026-10',
    null,
  ],
  [
    '91420112MA60576W45',
    null,
    '武汉临空孵化器运营有限公司',
    '在建',
    '高新办',
    '长青街',
    null,
    '长青街1平方公里经济园区',
    null,
    null,
    null,
    '否',
    '孵化加速器',
    null,
    '2026-10',
    null,
  ],
  [
    '91420112MA33N99B2M',
    null,
    '武汉金银湖初创科技有限公司',
    '已签约',
    '高新技术产业办',
    '金银湖街',
    null,
    null,
    null,
    null,
    null,
    '否',
    '初创企业',
    null,
    '2026-10',
    null,
  ],
  [
    '91420112MA95RN5C82',
    null,
    '武汉走马岭食品有限公司',
    '已建成投产',
    '食品医药产业办',
    '走马岭街',
    null,
    null,
    null,
    null,
    null,
    '是',
    '食品',
    '2015-04-01',
    '2026-10',
    null,
  ],
  [
    '91420112MA875M1M1U',
    null,
    '武汉径河生物医药有限公司',
    '已建成投产',
    '食品医药产业办',
    '径河街',
    null,
    null,
    null,
    null,
    null,
    '是',
    '生物医药',
    '2017-02-14',
    '2026-10',
    null,
  ],
  [
    '91420112MABT0KWK5X',
    null,
    '武汉临空大健康产业有限公司',
    '已签约',
    '食品医药产业办',
    '径河街',
    null,
    null,
    null,
    null,
    null,
    '否',
    '大健康',
    null,
    '2026-10',
    null,
  ],
  [
    '91420112MA4N844K9X',
    null,
    '武汉径河保健品有限公司',
    '已建成投产',
    '食品医药办',
    '径河街',
    null,
    null,
    null,
    null,
    null,
    '否',
    '保健品',
    '2026-09-15',
    '2026-10',
    null,
  ],
  [
    '91420112MA4ND3Q932',
    null,
    '武汉临空跨境电商有限公司',
    '已建成投产',
    '综合保税物流产业办',
    '走马岭街',
    null,
    null,
    null,
    null,
    null,
    '否',
    '跨境电商',
    '2019-07-01',
    '2026-10',
    null,
  ],
  [
    '91420112MAKF5M821Q',
    null,
    '武汉综保出口加工有限公司',
    '已建成投产',
    '综保物流产业办',
    '辛安渡街',
    null,
    '综保区一期',
    null,
    null,
    null,
    '是',
    '出口加工',
    '2018-12-01',
    '2026-10',
    null,
  ],
  [
    '91420112MABEF88UXL',
    null,
    '武汉将军路出口贸易有限公司',
    '已建成投产',
    '综保物流产业办',
    '将军路街',
    null,
    null,
    null,
    null,
    null,
    '否',
    '出口贸易',
    '2016-10-10',
    '2026-10',
    null,
  ],
  [
    '91420112MA58EY2L7R',
    null,
    '武汉东山出口加工有限公司',
    '新引进',
    '综保物流产业办',
    '东山街',
    null,
    null,
    null,
    null,
    null,
    '否',
    '出口加工',
    null,
    '2026-10',
    null,
  ],
  [
    '91420112MA91QYJF24',
    null,
    '武汉柏泉航空材料有限公司',
    '已建成投产',
    '临空产业办',
    '柏泉街',
    null,
    null,
    null,
    null,
    null,
    '是',
    '航空材料',
    '2019-09-09',
    '2026-10',
    null,
  ],
  [
    '91420112MA65KL8856',
    null,
    '武汉临空总部运营有限公司',
    '已建成投产',
    '临空产业办',
    '走马岭街',
    null,
    null,
    null,
    null,
    null,
    '否',
    '总部经济',
    '2018-01-01',
    '2026-10',
    null,
  ],
  [
    '91420112MAF418128L',
    null,
    '武汉柏泉航空部件有限公司',
    '在建',
    '临空办',
    '柏泉街',
    null,
    null,
    null,
    null,
    null,
    '否',
    '航空材料',
    null,
    '2026-10',
    null,
  ],
  [
    '91420112MA04H15401',
    null,
    '武汉金银湖大数据有限公司',
    '已建成投产',
    '现代服务产业办',
    '金银湖街',
    null,
    null,
    null,
    null,
    null,
    '否',
    '大数据',
    '2020-08-01',
    '2026-10',
    null,
  ],
  [
    '91420112MAMP0WD69Y',
    null,
    '武汉吴家山人工智能有限公司',
    '在建',
    '现代服务产业办',
    '吴家山街',
    null,
    null,
    null,
    null,
    null,
    '否',
    '人工智能',
    null,
    '2026-10',
    null,
  ],
  [
    '91420112MAFUPX577T',
    null,
    '武汉中小企业城机电配件有限公司',
    '已建成投产',
    '机电产业办',
    '慈惠街',
    null,
    '中小企业城',
    null,
    null,
    null,
    '否',
    '智能装备制造',
    '2014-06-01',
    '2026-10',
    null,
  ],
  [
    '91420112MA84QRG379',
    null,
    '武汉中小企业城包装有限公司',
    '已建成投产',
    null,
    '慈惠街',
    null,
    '中小企业城',
    null,
    null,
    null,
    '否',
    null,
    '2013-03-01',
    '2026-10',
    null,
  ],
  [
    '91420112MAL9F2262Q',
    null,
    '武汉新沟镇机械有限公司',
    '已建成投产',
    '新沟镇街',
    '长青街',
    null,
    null,
    null,
    null,
    null,
    '否',
    null,
    '2012-05-01',
    '2026-10',
    null,
  ],
  [
    '91420112MA04C17543',
    null,
    '武汉东山物流有限公司',
    '已建成投产',
    '东山街',
    '长青街',
    null,
    null,
    null,
    null,
    null,
    '否',
    null,
    '2011-07-01',
    '2026-10',
    null,
  ],
  [
    '91420112MA871U478G',
    null,
    '武汉走马岭冷链仓储有限公司',
    '已建成投产',
    null,
    '走马岭街',
    null,
    null,
    null,
    '搬迁',
    '吴家山街',
    '否',
    null,
    '2025-12-01',
    '2026-10',
    null,
  ],
  [
    '91420112MAB72YX742',
    null,
    '武汉新沟镇扩产车间项目',
    '在建',
    '径河街',
    '新沟镇街',
    null,
    null,
    null,
    '扩产',
    '径河街',
    '否',
    null,
    null,
    '2026-10',
    null,
  ],
  [
    '91420112MA7GYN4AX2',
    null,
    '武汉金银湖机电制造有限公司',
    '已建成投产',
    null,
    '金银湖街',
    '将军路街',
    null,
    null,
    null,
    null,
    '是',
    null,
    '2010-01-01',
    '2026-10',
    null,
  ],
  [
    '91420112MAP72617XD',
    null,
    '武汉常青花园商贸有限公司',
    '已建成投产',
    null,
    '常青花园',
    null,
    null,
    null,
    null,
    null,
    '否',
    null,
    '2012-01-01',
    '2026-10',
    null,
  ],
  [
    '91420112MA865EC41K',
    null,
    '武汉径河已注销贸易有限公司',
    '已注销',
    null,
    '径河街',
    null,
    null,
    null,
    null,
    null,
    '否',
    null,
    null,
    '2026-10',
    null,
  ],
  [
    null,
    'XM-2026-031',
    '径河智能装备二期项目',
    '新引进',
    '机电产业办',
    '径河街',
    null,
    null,
    null,
    null,
    null,
    '否',
    '智能装备制造',
    null,
    '2026-10',
    null,
  ],
  [
    '91420112MAL1TJ559J',
    null,
    '武汉长青食品配料有限公司',
    '已建成投产',
    '机电产业办',
    '长青街',
    null,
    null,
    null,
    null,
    null,
    '否',
    '食品',
    '2019-04-04',
    '2026-10',
    null,
  ],
  [
    '91420112MA0282N046',
    null,
    '武汉径河包装材料有限公司',
    '已建成投产',
    '吴家山街',
    '径河街',
    null,
    null,
    null,
    null,
    null,
    '否',
    null,
    '2015-05-05',
    '2026-10',
    null,
  ],
  [
    '91420112MA174A936K',
    null,
    '武汉常青花园航空服务有限公司',
    '已签约',
    '临空产业办',
    '常青花园',
    null,
    null,
    null,
    null,
    null,
    '否',
    '高端现代服务业',
    null,
    '2026-10',
    null,
  ],
];

const INDICATOR_HEADERS = [
  '统一社会信用代码',
  '项目编号',
  '企业（项目）名称',
  '月份',
  '规上工业总产值（万元）',
  '营业收入（万元）',
  '税收收入（万元）',
  '固定资产投资（万元）',
  '进出口总额（万美元）',
  '实际到位资金（万元）',
];

const TARGET_HEADERS = [
  '单位',
  '年度',
  '规上工业总产值（万元）',
  '营业收入（万元）',
  '税收收入（万元）',
  '固定资产投资（万元）',
  '实际到位资金（万元）',
];

/** The 2026 targets of the 18 units (万元). */
const TARGET_ROWS: readonly (readonly (string | number)[])[] = [
  ['吴家山街', 2026, 28143, 108410, 4464, 6627, 8700],
  ['柏泉街', 2026, 31121, 116675, 6031, 8204, 3021],
  ['将军路街', 2026, 37892, 115268, 6451, 5522, 7345],
  ['慈惠街', 2026, 44959, 112713, 4227, 21459, 1664],
  ['走马岭街', 2026, 33639, 38997, 4790, 7487, 6347],
  ['径河街', 2026, 76746, 84243, 4260, 5717, 3024],
  ['长青街', 2026, 52884, 115291, 1656, 21100, 1771],
  ['辛安渡街', 2026, 33438, 58496, 3325, 18696, 6974],
  ['东山街', 2026, 23548, 80103, 4326, 13955, 5588],
  ['常青花园', 2026, 79657, 76444, 2621, 23058, 4916],
  ['新沟镇街', 2026, 62092, 62717, 1655, 15035, 1292],
  ['金银湖街', 2026, 40822, 81707, 5888, 19440, 2863],
  ['机电产业建设管理办公室', 2026, 36516, 74393, 2535, 12099, 1852],
  ['食品医药产业建设管理办公室', 2026, 60823, 45424, 5624, 5852, 8285],
  ['综合保税物流产业建设管理办公室', 2026, 82203, 82133, 3204, 5031, 4412],
  ['高新技术产业建设管理办公室', 2026, 27998, 96772, 5668, 18971, 4579],
  ['临空产业建设管理办公室', 2026, 88340, 39377, 5164, 7383, 2042],
  ['现代服务产业建设管理办公室', 2026, 44058, 42613, 4568, 19886, 3479],
];

/** Units without a contact in the example (the overview lists them as 未配置联系人). */
const WITHOUT_CONTACT = new Set(['xinandu', 'dongshan']);

// ─────────────────────────── the generated indicators ───────────────────────────

/** FNV-1a of a text: the seed of a record's figures. */
function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** mulberry32: a small deterministic generator of numbers in [0, 1). */
export function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer cents → a number of 万元 with at most two decimals. */
const yuan = (cents: number): number => cents / 100;

interface RegisterFacts {
  key: string;
  name: string;
  stage: string;
  recruiter: string | null;
  aboveScale: boolean;
  completedMonth: Month | null;
}

function factsOf(row: readonly (string | null)[]): RegisterFacts | null {
  const uscc = row[0] ?? null;
  if (uscc == null) return null; // a project without a USCC reports no indicators here
  return {
    key: uscc,
    name: row[2] ?? '',
    stage: row[3] ?? '',
    recruiter: row[4] ?? null,
    aboveScale: row[11] === '是',
    completedMonth: row[13] ? monthOf(row[13]) : null,
  };
}

function months(): Month[] {
  return monthRange(EXAMPLE_INDICATOR_MONTHS.from, EXAMPLE_INDICATOR_MONTHS.to);
}

/** One record's indicator rows: columns 规上工业总产值 … 实际到位资金 (null: not reported). */
function indicatorRowsOf(f: RegisterFacts): CellValue[][] {
  if (f.stage === '新引进' || f.stage === '已注销') return [];
  const random = generator(seedOf(f.key));
  const scale = 50_000 + Math.floor(random() * 450_000); // 500–5,000 万元 a month, in cents
  const invest = 5_000 + Math.floor(random() * 145_000); // 50–1,500 万元
  const exports = (f.recruiter ?? '').startsWith('综合保税') || (f.recruiter ?? '').startsWith('综保');
  const out: CellValue[][] = [];
  for (const month of months()) {
    const built =
      f.stage === '已建成投产' && (f.completedMonth == null || compareMonths(f.completedMonth, month) <= 0);
    const signedOnly = f.stage === '已签约';
    if (signedOnly && compareMonths(month, '2026-01') < 0) continue;
    const wobble = 0.85 + random() * 0.3;
    const values: (number | null)[] = [null, null, null, null, null, null];
    if (built) {
      const output = Math.round(scale * wobble);
      const revenue = Math.round((output * 10) / 9);
      if (f.aboveScale) values[0] = yuan(output);
      values[1] = yuan(revenue);
      values[2] = yuan(Math.round(revenue / 20));
      if (exports) values[4] = yuan(Math.round(revenue / 50));
      if (random() < 0.15) values[3] = yuan(Math.round(invest * 0.3 * wobble));
    } else if (signedOnly) {
      values[5] = yuan(Math.round(invest * wobble * 0.4));
    } else {
      values[3] = yuan(Math.round(invest * wobble));
      if (random() < 0.45) values[5] = yuan(Math.round(invest * 0.5 * wobble));
    }
    if (values.every((v) => v == null)) continue;
    out.push([f.key, null, f.name, month, ...values]);
  }
  return out;
}

// ─────────────────────────── the workbook ───────────────────────────

/** The example's sheets as rows of values (header row first): deterministic. */
export function exampleSheets(): SheetValues[] {
  const facts = REGISTER_ROWS.map(factsOf).filter((f): f is RegisterFacts => f != null);
  const contacts = UNITS.filter((u) => !WITHOUT_CONTACT.has(u.id)).map((u) => [
    u.name,
    u.kind === 'bureau' ? '工作专班办公室' : '联络员',
    `${u.id}@example.com`,
    '是',
  ]);
  return [
    { name: '企业项目台账', rows: [REGISTER_HEADERS, ...REGISTER_ROWS.map((r) => [...r])] },
    { name: '月度经济指标', rows: [INDICATOR_HEADERS, ...facts.flatMap(indicatorRowsOf)] },
    { name: '年度目标', rows: [TARGET_HEADERS, ...TARGET_ROWS.map((r) => [...r])] },
    { name: '单位联系人', rows: [['单位', '姓名', '邮箱', '接收月报'], ...contacts] },
  ];
}

/** The example workbook (xlsx bytes): the same bytes on every call. */
export function exampleWorkbook(): Uint8Array {
  return writeWorkbook(exampleSheets());
}
