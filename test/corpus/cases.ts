import { newestPolicy, POLICIES } from '#domain/policy/index';
/**
 * The real-layout corpus: workbooks as district offices keep them, each
 * with exactly what it must give — the findings planted (code, sheet, Excel row, column), the
 * assignments, and what is stored.
 *
 * @module
 */

import { templateWorkbook } from '#adapters/workbook-writer';
import { templateSpec } from '#domain/registers/index';
import { type DrawnSheet, uscc, type Value, workbook, wpsCsv } from './build.ts';

/** A finding as the corpus pins it: code, sheet, Excel row, column (letter and header as written). */
export type Pin = [code: string, sheet: string | null, row: number | null, column: string | null];

/** An assignment as pinned: key, service unit, indicators unit, cooperating street, deciding clause. */
export type AssignmentPin = [
  key: string,
  service: string | null,
  indicators: string | null,
  cooperating: string | null,
  decidedBy: string | null,
];

export interface CorpusCase {
  /** What the workbook is, in a few words. */
  title: string;
  fileName: string;
  bytes: () => Uint8Array;
  /** Workbooks imported before this one (e.g. the register the indicators refer to). */
  before?: { fileName: string; bytes: () => Uint8Array }[];
  status: 'applied' | 'rejected';
  findings: Pin[];
  /** `lkg assess` (no store): the month assessed and each assignment. */
  month: string | null;
  months?: string[];
  assignments: AssignmentPin[];
  /** Stored indicator values after the import, per key#month (catalog unit). */
  indicators?: Record<string, Record<string, string | null>>;
  /** Stored targets of a year, per unit. */
  targets?: { year: number; values: Record<string, Record<string, string | null>> };
  /** Messages that must say what to change (substrings), per pinned code. */
  messages?: Record<string, string[]>;
}

const REGISTER_HEAD: Value[] = ['统一社会信用代码', '企业（项目）名称', '项目状态', '所在街道', '招商单位'];

/** A small register sheet (the enterprises the indicator sheets refer to). */
function register(name: string, rows: [number, string, string, string, string | null][]): DrawnSheet {
  return { name, rows: [REGISTER_HEAD, ...rows.map(([n, ...rest]) => [uscc(n), ...rest])] };
}

/** 1. A two-level register header with title, 填报单位 and 单位 rows, 合计/注/填表人 rows. */
const twoLevelRegister: CorpusCase = {
  title: 'two-level register header with 合计, 注 and 填表人 rows',
  fileName: '长青街企业项目台账.xlsx',
  bytes: () =>
    workbook([
      {
        name: '台账',
        rows: [
          ['2026年10月长青街企业项目台账'],
          ['填报单位：长青街办事处', null, null, null, null, null, null, '填报日期：2026年11月3日'],
          [null, null, null, null, null, null, null, null, null, '单位：万元'],
          [
            '序号',
            '项目基本情况',
            null,
            null,
            '属地情况',
            null,
            '招商引资单位',
            '是否规上',
            '投产时间',
            '备注',
          ],
          [null, '统一社会信用代码', '企业名称', '项目进展', '项目属地', '所属园区', null, null, null, null],
          [
            1,
            uscc(1),
            '武汉长青示例机械有限公司',
            '已投产',
            '长青街办事处',
            null,
            '区机电办',
            '是',
            '2019-05-01',
            null,
          ],
          [
            2,
            uscc(2),
            '武汉长青示例物流有限公司',
            '主体施工',
            '长青街道',
            '长青街1平方公里经济园区',
            '综保办',
            '否',
            null,
            null,
          ],
          [3, uscc(3), '武汉长青示例食品有限公司', '洽谈中', '长青街', null, null, '否', null, '新引进'],
          ['合计', '3 家', null, null, null, null, null, null, null, null],
          ['注：1. 本表每月5日前报送；2. 投产时间填写年月日。'],
          ['填表人：张三', null, null, '审核人：李四', null, null, '联系电话：027-83891234'],
        ],
        merges: ['A1:J1', 'A4:A5', 'B4:D4', 'E4:F4', 'G4:G5', 'H4:H5', 'I4:I5', 'J4:J5'],
      },
    ]),
  status: 'applied',
  findings: [
    ['W_ROWS_SKIPPED', '台账', 9, null],
    ['W_MONTH_SOURCE', '台账', null, null],
  ],
  month: '2026-10',
  assignments: [
    [uscc(1), 'jidian', 'jidian', null, '3.1.retained'],
    [uscc(2), 'zongbao', 'zongbao', 'changqing', '3.2.pre-handover'],
    [uscc(3), 'changqing', 'changqing', null, '2.street'],
  ],
  messages: {
    W_ROWS_SKIPPED: ['第 9 行（合计）', '第 10 行（说明）', '第 11 行（签字栏）'],
    W_MONTH_SOURCE: ['标题“2026年10月长青街企业项目台账”'],
  },
};

const INDICATOR_REGISTER = register('台账', [
  [11, '武汉径河示例装备有限公司', '已建成投产', '径河街', null],
  [12, '武汉径河示例材料有限公司', '已建成投产', '径河街', null],
]);

/** 2. 本年累计 before 本月 under merged 营业收入 and 税收收入, with the sub-header row. */
const ytdFirst: CorpusCase = {
  title: 'indicators: 本年累计 before 本月, merged group headers, sub-header row',
  fileName: '2026-01-径河街月报.xlsx',
  bytes: () =>
    workbook([
      INDICATOR_REGISTER,
      {
        name: '2026年1月指标',
        rows: [
          ['2026年1月径河街重点企业经济指标'],
          [null, null, null, null, null, '单位：万元'],
          ['统一社会信用代码', '企业名称', '营业收入', null, '税收收入', null],
          [null, null, '本年累计', '本月', '本年累计', '本月'],
          [uscc(11), '武汉径河示例装备有限公司', 1200, 1200, 60, 60],
          [uscc(12), '武汉径河示例材料有限公司', 900, 850, 40, 40],
          ['合计', null, 2100, 2050, 100, 100],
        ],
        merges: ['A1:F1', 'A3:A4', 'B3:B4', 'C3:D3', 'E3:F3'],
      },
    ]),
  status: 'applied',
  findings: [
    ['W_MONTH_SOURCE', '2026年1月指标', null, null],
    ['W_ROWS_SKIPPED', '2026年1月指标', 7, null],
    ['W_YTD_MISMATCH', '2026年1月指标', 6, 'C 营业收入/本年累计'],
  ],
  month: '2026-01',
  assignments: [
    [uscc(11), 'jinghe', 'jinghe', null, '2.street'],
    [uscc(12), 'jinghe', 'jinghe', null, '2.street'],
  ],
  indicators: {
    [`${uscc(11)}#2026-01`]: { revenue: '1200', tax: '60' },
    [`${uscc(12)}#2026-01`]: { revenue: '850', tax: '40' },
  },
  messages: { W_YTD_MISMATCH: ['900', '850'] },
};

/** 3. 本月 before 1-10月累计, the period in the header itself (no sub-header row). */
const ytdAfter: CorpusCase = {
  title: 'indicators: 本月 before 1-10月累计, periods in the header text, no sub-header row',
  fileName: '2026-10-走马岭街月报.xlsx',
  bytes: () =>
    workbook([
      register('台账', [
        [13, '武汉走马岭示例包装有限公司', '已建成投产', '走马岭街', null],
        [14, '武汉走马岭示例电子有限公司', '在建', '走马岭街', null],
      ]),
      {
        name: '指标',
        rows: [
          [
            '统一社会信用代码',
            '月份',
            '本月营业收入（万元）',
            '1-10月累计营业收入（万元）',
            '税收收入本月',
            '税收收入本年累计',
          ],
          [uscc(13), '2026-10', 310.25, 2900, 15, 140],
          [uscc(14), '2026-10', 0, 0, null, null],
        ],
      },
    ]),
  status: 'applied',
  findings: [['W_YTD_IGNORED', '指标', null, 'D 1-10月累计营业收入（万元）、F 税收收入本年累计']],
  month: '2026-10',
  assignments: [
    [uscc(13), 'zoumaling', 'zoumaling', null, '2.street'],
    [uscc(14), 'zoumaling', 'zoumaling', null, '2.street'],
  ],
  indicators: {
    [`${uscc(13)}#2026-10`]: { revenue: '310.25', tax: '15' },
    [`${uscc(14)}#2026-10`]: { revenue: '0', tax: null },
  },
};

/** 4. The sub-header row deleted (as a clerk would): two unmarked columns under 营业收入. */
const noSubHeader: CorpusCase = {
  title: 'indicators: merged 营业收入 over two columns, sub-header row deleted → refused, never guessed',
  fileName: '2026-10-东山街月报.xlsx',
  bytes: () =>
    workbook([
      register('台账', [[15, '武汉东山示例化工有限公司', '已建成投产', '东山街', null]]),
      {
        name: '月报',
        rows: [
          ['统一社会信用代码', '月份', '营业收入', null, '税收收入', null],
          [uscc(15), '2026-10', 2900, 310, 140, 15],
        ],
        merges: ['C1:D1', 'E1:F1'],
      },
    ]),
  status: 'rejected',
  findings: [
    ['E_INDICATOR_PERIOD', '月报', 1, 'C 营业收入、D 营业收入'],
    ['E_INDICATOR_PERIOD', '月报', 1, 'E 税收收入、F 税收收入'],
  ],
  month: '2026-10',
  assignments: [[uscc(15), 'dongshan', 'dongshan', null, '2.street']],
  messages: { E_INDICATOR_PERIOD: ['哪一列是本月数', '本月'] },
};

/** 5. A GBK CSV as WPS saves it: 营业收入 written once over 当月 / 累计. */
const wpsGbkCsv: CorpusCase = {
  title: 'GBK CSV (WPS): group label written once over 当月/累计',
  fileName: '2026-10-吴家山街指标.csv',
  before: [
    {
      fileName: '2026-10-吴家山街台账.xlsx',
      bytes: () =>
        workbook([
          register('台账', [
            [21, '武汉吴家山示例科技有限公司', '已建成投产', '吴家山街', null],
            [22, '武汉吴家山示例印务有限公司', '已建成投产', '吴家山街', null],
          ]),
        ]),
    },
  ],
  bytes: () =>
    wpsCsv([
      ['统一社会信用代码', '企业名称', '月份', '营业收入', null, '税收收入', null],
      [null, null, null, '当月', '累计', '当月', '累计'],
      [uscc(21), '武汉吴家山示例科技有限公司', '2026-10', '350.5', '3020', '12', '98'],
      [uscc(22), '武汉吴家山示例印务有限公司', '2026-10', '1,200', '9800', '-', '-'],
    ]),
  status: 'applied',
  findings: [
    // The text "-" of a GBK export: read as blank, once per sheet (it may be an accounting zero).
    ['W_DASH_READ_AS_BLANK', '2026-10-吴家山街指标', 4, 'F 税收收入/当月'],
    ['W_YTD_IGNORED', '2026-10-吴家山街指标', null, 'E 营业收入/累计、G 税收收入/累计'],
  ],
  month: null,
  assignments: [],
  indicators: {
    [`${uscc(21)}#2026-10`]: { revenue: '350.5', tax: '12' },
    [`${uscc(22)}#2026-10`]: { revenue: '1200', tax: null },
  },
};

/** 6. One sheet per month in one .xls (BIFF8): 8月 (year in its title), 9月, 10月. */
const monthSheetsXls: CorpusCase = {
  title: '.xls (BIFF8) with one sheet per month; the same key in every month',
  fileName: '长青街企业台账.xls',
  bytes: () =>
    workbook(
      [
        {
          name: '8月',
          rows: [
            ['2026年企业项目台账'],
            REGISTER_HEAD,
            [uscc(31), '武汉长青示例显示器件有限公司', '新引进', '长青街', '机电办'],
          ],
        },
        {
          name: '9月',
          rows: [
            REGISTER_HEAD,
            [uscc(31), '武汉长青示例显示器件有限公司', '在建', '长青街', '机电办'],
            [uscc(32), '武汉长青示例冷链有限公司', '已签约', '长青街', null],
          ],
        },
        {
          name: '10月',
          rows: [
            REGISTER_HEAD,
            [uscc(31), '武汉长青示例显示器件有限公司', '已建成投产', '长青街', '机电办'],
            [uscc(32), '武汉长青示例冷链有限公司', '在建', '长青街', null],
          ],
        },
      ],
      'biff8',
    ),
  status: 'applied',
  findings: [
    ['W_MONTH_SOURCE', '8月', null, null],
    ['W_MONTH_SOURCE', '9月', null, null],
    ['W_MONTH_SOURCE', '10月', null, null],
  ],
  month: '2026-10',
  months: ['2026-08', '2026-09', '2026-10'],
  assignments: [
    [uscc(31), 'jidian', 'jidian', null, '3.1.retained'],
    [uscc(32), 'changqing', 'changqing', null, '2.street'],
  ],
  messages: { W_MONTH_SOURCE: ['年份取自标题“2026年企业项目台账”', '年份取自同一文件的其他工作表'] },
};

/** 7. Office header names and letterhead unit names. */
const officeNames: CorpusCase = {
  title: 'office header names, letterhead unit names, everyday stage words',
  fileName: '2026-10-慈惠街台账.xlsx',
  bytes: () =>
    workbook([
      {
        name: '企业名录',
        rows: [
          [
            '序号',
            '信用代码',
            '企业名称',
            '建设状态',
            '引进单位',
            '所属街道',
            '所属园区',
            '是否规上工业企业',
            '竣工投产时间',
            '所属行业',
            '属地',
          ],
          [
            1,
            uscc(41),
            '武汉慈惠示例食品有限公司',
            '已投产',
            '区机电办',
            '慈惠街道办事处',
            '中小企业城',
            '是',
            '2020-08-01',
            '食品加工',
            '慈惠',
          ],
          [
            2,
            uscc(42),
            '武汉径河示例物流有限公司',
            '施工中',
            '综保办',
            '径河街道',
            null,
            '否',
            null,
            '物流',
            '径河',
          ],
          [
            3,
            uscc(43),
            '武汉常青示例软件有限公司',
            '前期洽谈',
            null,
            '常青花园新区管理委员会',
            null,
            '否',
            null,
            '软件',
            '常青花园',
          ],
        ],
      },
    ]),
  status: 'applied',
  findings: [
    ['W_COLUMN_READ_AS', '企业名录', 1, 'F 所属街道'],
    ['W_COLUMN_IGNORED', '企业名录', 1, 'K 属地'],
  ],
  month: '2026-10',
  assignments: [
    [uscc(41), 'cihui', 'cihui', null, '3.1.sme-city'],
    [uscc(42), 'zongbao', 'zongbao', 'jinghe', '3.2.pre-handover'],
    [uscc(43), 'changqinghuayuan', 'changqinghuayuan', null, '2.street'],
  ],
  messages: { W_COLUMN_IGNORED: ['「属地」是否指「所在街道」'], W_COLUMN_READ_AS: ['统计归属街道'] },
};

/** 8. Targets in 亿元 (stated above the table) with a 全区合计 row that does not add up. */
const targetsYiyuan: CorpusCase = {
  title: 'targets in 亿元 with a 全区合计 row',
  fileName: '2026年度目标.xlsx',
  bytes: () =>
    workbook([
      {
        name: '年度目标',
        rows: [
          ['2026年度经济指标目标'],
          ['单位：亿元'],
          ['序号', '单位', '年度', '营业收入', '税收收入'],
          [1, '长青街道', 2026, 10.5, 0.8],
          [2, '径河街办事处', 2026, 8, 0.6],
          [3, '区机电办', 2026, 20, 1.5],
          [null, '全区合计', 2026, 40, 2.9],
        ],
        merges: ['A1:E1'],
      },
    ]),
  status: 'applied',
  findings: [['W_TARGET_SUM_MISMATCH', '年度目标', 7, 'D 营业收入']],
  month: null,
  assignments: [],
  targets: {
    year: 2026,
    values: {
      changqing: { revenue: '105000', tax: '8000' },
      jinghe: { revenue: '80000', tax: '6000' },
      jidian: { revenue: '200000', tax: '15000' },
      district: { revenue: '400000', tax: '29000' },
    },
  },
  messages: { W_TARGET_SUM_MISMATCH: ['400000', '385000'] },
};

/** 9. The template as downloaded. */
const templateAsDownloaded: CorpusCase = {
  title: 'the template as downloaded',
  fileName: '台账填报模板.xlsx',
  bytes: () => templateWorkbook(newestPolicy(POLICIES)),
  status: 'rejected',
  findings: [['E_TEMPLATE_UNFILLED', null, null, null]],
  month: null,
  assignments: [],
};

/** 10. A filled-in template that kept its example row. */
const templateKeptExample: CorpusCase = {
  title: 'a filled-in template that kept its example row',
  fileName: '2026-10-柏泉街台账.xlsx',
  bytes: () => {
    const spec = templateSpec(newestPolicy(POLICIES));
    const reg = spec.sheets[0];
    if (!reg) throw new Error('no register sheet');
    const row = (values: Record<string, Value>) => reg.headers.map((h) => values[h] ?? null);
    return workbook([
      {
        name: reg.name,
        rows: [
          reg.headers,
          reg.example as Value[],
          row({
            统一社会信用代码: uscc(61),
            '企业（项目）名称': '武汉柏泉示例农业有限公司',
            项目状态: '已建成投产',
            所在街道: '柏泉街',
            报送月份: '2026-10',
          }),
          row({
            统一社会信用代码: uscc(62),
            '企业（项目）名称': '武汉柏泉示例光电有限公司',
            项目状态: '在建',
            招商单位: '机电产业办',
            所在街道: '柏泉街',
            报送月份: '2026-10',
          }),
        ],
      },
      ...spec.sheets.slice(1).map((s) => ({ name: s.name, rows: [s.headers] })),
    ]);
  },
  status: 'rejected',
  findings: [['E_EXAMPLE_ROW', '企业项目台账', 2, 'A 统一社会信用代码']],
  month: '2026-10',
  assignments: [
    [uscc(61), 'baiquan', 'baiquan', null, '2.street'],
    [uscc(62), 'jidian', 'jidian', 'baiquan', '3.2.pre-handover'],
  ],
  messages: { E_EXAMPLE_ROW: ['示例行', '删除这一行'] },
};

/** 11. Two rows with one key and different content; a hidden row and a hidden column with data. */
const duplicatesHidden: CorpusCase = {
  title: 'one key twice with different content; hidden row and column holding data',
  fileName: '2026-10-金银湖街台账.xlsx',
  bytes: () =>
    workbook([
      {
        name: '台账',
        rows: [
          REGISTER_HEAD,
          [uscc(51), '武汉金银湖示例医药有限公司', '在建', '金银湖街', null],
          [uscc(52), '武汉金银湖示例酒店有限公司', '已建成投产', '金银湖街', null],
          [uscc(51), '武汉金银湖示例医药有限公司', '已建成投产', '金银湖街', null],
          [uscc(53), '武汉金银湖示例仓储有限公司', '已建成投产', '金银湖街', '综保物流产业办'],
        ],
        hiddenRows: [4],
        hiddenColumns: [4],
      },
    ]),
  status: 'rejected',
  findings: [
    ['E_DUPLICATE_KEY', '台账', 4, 'A 统一社会信用代码'],
    ['E_DUPLICATE_KEY', '台账', 2, 'A 统一社会信用代码'],
    ['W_HIDDEN_DATA', '台账', 5, 'E'],
  ],
  month: '2026-10',
  assignments: [
    [uscc(52), 'jinyinhu', 'jinyinhu', null, '2.street'],
    [uscc(53), 'jinyinhu', 'jinyinhu', null, '3.1.transferred'],
  ],
  messages: { E_DUPLICATE_KEY: ['第 2 行', '第 4 行'] },
};

/** 12. A header that cannot be placed, and a stage word with two meanings. */
const headerNotPlaced: CorpusCase = {
  title: 'a 台账 sheet without 项目状态/所在街道, and 已落地',
  fileName: '2026-10-辛安渡街台账.xlsx',
  bytes: () =>
    workbook([
      {
        name: '台账',
        rows: [
          ['辛安渡街企业情况'],
          ['统一社会信用代码', '企业名称', '备注'],
          [uscc(71), '武汉辛安渡示例农产品有限公司', null],
        ],
      },
      {
        name: '项目清单',
        rows: [REGISTER_HEAD, [uscc(72), '武汉辛安渡示例新材料有限公司', '已落地', '辛安渡街', null]],
      },
    ]),
  status: 'rejected',
  findings: [
    ['E_SHEET_AMBIGUOUS', '台账', 2, null],
    ['E_STAGE_AMBIGUOUS', '项目清单', 2, 'C 项目状态'],
  ],
  month: '2026-10',
  assignments: [],
  messages: {
    E_SHEET_AMBIGUOUS: ['已把第 2 行当作表头', '「项目状态」或「所在街道」'],
    E_STAGE_AMBIGUOUS: ['已签约、在建、已建成投产'],
  },
};

/** 13. 本年累计 against the months stored by earlier uploads (January and February). */
const ytdAgainstStored: CorpusCase = {
  title: '本年累计 compared with the months stored by earlier imports',
  fileName: '2026-03-将军路街月报.xlsx',
  before: ['2026-01', '2026-02'].map((month, i) => ({
    fileName: `${month}-将军路街月报.xlsx`,
    bytes: () =>
      workbook([
        register('台账', [
          [81, '武汉将军路示例汽配有限公司', '已建成投产', '将军路街', null],
          [82, '武汉将军路示例服饰有限公司', '已建成投产', '将军路街', null],
        ]),
        {
          name: '指标',
          rows: [
            ['统一社会信用代码', '月份', '营业收入（万元）'],
            [uscc(81), month, 100 + i],
            [uscc(82), month, 50],
          ],
        },
      ]),
  })),
  bytes: () =>
    workbook([
      {
        name: '3月指标',
        rows: [
          ['2026年3月将军路街重点企业指标'],
          ['统一社会信用代码', '营业收入（万元）', null],
          [null, '本月', '1-3月累计'],
          [uscc(81), 102, 303],
          [uscc(82), 50, 160],
        ],
        merges: ['B2:C2'],
      },
    ]),
  status: 'applied',
  findings: [
    ['W_MONTH_SOURCE', '3月指标', null, null],
    ['W_YTD_MISMATCH', '3月指标', 5, 'C 营业收入（万元）/1-3月累计'],
  ],
  month: null,
  assignments: [],
  indicators: {
    [`${uscc(81)}#2026-03`]: { revenue: '102' },
    [`${uscc(82)}#2026-03`]: { revenue: '50' },
    [`${uscc(81)}#2026-01`]: { revenue: '100' },
  },
  messages: { W_YTD_MISMATCH: ['160', '150'], W_MONTH_SOURCE: ['年份取自标题'] },
};

export const CORPUS: readonly CorpusCase[] = [
  twoLevelRegister,
  ytdFirst,
  ytdAfter,
  noSubHeader,
  wpsGbkCsv,
  monthSheetsXls,
  officeNames,
  targetsYiyuan,
  templateAsDownloaded,
  templateKeptExample,
  duplicatesHidden,
  headerNotPlaced,
  ytdAgainstStored,
];
