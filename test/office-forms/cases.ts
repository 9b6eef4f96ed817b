/**
 * Office forms: workbooks laid out the way district and street offices keep them — WPS
 * indicator forms with merged titles and 本月/累计 under each indicator, one sheet per street,
 * old .xls files with hidden sheets, GBK CSV exports in the statistics office's words, amounts
 * in 元 and 亿元, text numbers with separators and full-width digits, letterhead unit names,
 * 企业规模, months named by number, stale month headers, 备注 columns, two enterprises of one
 * name. Each is imported onto a store that already holds a register and figures from another
 * upload ({@link BASE}); each pins its exact findings (code, sheet, Excel row, column) and what
 * is stored after it.
 *
 * @module
 */
import { type DrawnSheet, uscc, type Value, workbook, wpsCsv } from '../corpus/build.ts';

/** A finding as pinned: code, sheet, Excel row, column (letter and header as written). */
export type Pin = [code: string, sheet: string | null, row: number | null, column: string | null];

/** Stored figures of one enterprise-month (catalog units), per `key#month`. */
export type Figures = Record<string, Record<string, string | null>>;

/** A register record's stored fields as pinned (the latest version), per key. */
export type Records = Record<string, Record<string, unknown>>;

export interface OfficeForm {
  title: string;
  fileName: string;
  /** The uploader's folder (`uploads/<unit>/`). */
  uploader: string;
  bytes: () => Uint8Array;
  status: 'applied' | 'rejected';
  findings: Pin[];
  /** Substrings each finding of a code must say. */
  messages?: Record<string, string[]>;
  /** Every stored figure of these enterprise-months after the import. */
  figures?: Figures;
  /** Register fields after the import. */
  records?: Records;
}

const E = {
  a: uscc(101),
  b: uscc(102),
  c: uscc(103),
  d: uscc(104),
  e: uscc(105),
  f: uscc(106),
} as const;
export const KEYS = E;

const NAMES: Record<keyof typeof E, string> = {
  a: '武汉长青甲机械有限公司',
  b: '武汉长青乙物流有限公司',
  c: '武汉径河丙材料有限公司',
  d: '武汉径河丁电子有限公司',
  e: '武汉金银湖戊医药有限公司',
  f: '武汉吴家山己科技有限公司',
};

/** What the store holds before every form: a register and the statistics office's figures. */
export const BASE: { fileName: string; bytes: () => Uint8Array }[] = [
  {
    fileName: '2026-10-全区台账.xlsx',
    bytes: () =>
      workbook([
        {
          name: '台账',
          rows: [
            [
              '统一社会信用代码',
              '企业（项目）名称',
              '项目状态',
              '所在街道',
              '招商单位',
              '规上工业',
              '报送月份',
            ],
            [E.a, NAMES.a, '已建成投产', '长青街', null, '是', '2026-10'],
            [E.b, NAMES.b, '已建成投产', '长青街', null, '否', '2026-10'],
            [E.c, NAMES.c, '已建成投产', '径河街', null, '是', '2026-10'],
            [E.d, NAMES.d, '在建', '径河街', null, '否', '2026-10'],
            [E.e, NAMES.e, '已建成投产', '金银湖街', null, '是', '2026-10'],
            [E.f, NAMES.f, '已建成投产', '吴家山街', null, '否', '2026-10'],
          ],
        },
      ]),
  },
  {
    fileName: '2026-10-统计局数据.xlsx',
    bytes: () =>
      workbook([
        {
          name: '指标',
          rows: [
            ['统一社会信用代码', '月份', '规上工业总产值（万元）', '营业收入（万元）', '税收收入（万元）'],
            ...(Object.keys(E) as (keyof typeof E)[]).map((k, i) => [
              E[k],
              '2026-10',
              5000 + i,
              4000 + i,
              200 + i,
            ]),
            [E.a, '2026-09', 4800, 3900, 190],
          ],
        },
      ]),
  },
];

/** The figures {@link BASE} stores for an enterprise (2026-10). */
export function baseFigures(k: keyof typeof E): Record<string, string> {
  const i = (Object.keys(E) as (keyof typeof E)[]).indexOf(k);
  return { output: String(5000 + i), revenue: String(4000 + i), tax: String(200 + i) };
}

const REG_HEAD: Value[] = ['统一社会信用代码', '企业（项目）名称', '项目状态', '所在街道', '招商单位'];

/** 1. A WPS form: merged title, 单位 row, 本月/累计 under each indicator, 合计 and 填表人 rows. */
const wpsForm: OfficeForm = {
  title: 'WPS indicators form: merged title, 本月/累计 under each indicator, 合计 and 填表人 rows',
  fileName: '长青街规上企业主要经济指标.xlsx',
  uploader: 'bureau',
  bytes: () =>
    workbook([
      {
        name: '2026年10月',
        rows: [
          ['2026年10月长青街规上企业主要经济指标'],
          ['填报单位：东西湖区长青街道办事处', null, null, null, null, '单位：万元'],
          ['统一社会信用代码', '企业名称', '营业收入', null, '税收收入', null],
          [null, null, '本月', '累计', '本月', '累计'],
          [E.a, NAMES.a, 4100.5, 39000, 210, 1900],
          [E.b, NAMES.b, 320, 3000, null, null],
          ['合计', null, 4420.5, 42000, 210, 1900],
          ['填表人：王五', null, null, '审核人：赵六'],
        ],
        merges: ['A1:F1', 'A3:A4', 'B3:B4', 'C3:D3', 'E3:F3'],
      },
    ]),
  status: 'applied',
  findings: [
    ['W_MONTH_SOURCE', '2026年10月', null, null],
    ['W_ROWS_SKIPPED', '2026年10月', 7, null],
    ['W_YTD_IGNORED', '2026年10月', null, 'D 营业收入/累计、F 税收收入/累计'],
  ],
  messages: { W_YTD_IGNORED: ['2026年1月至9月（各月）的数据本文件和已存数据中都没有'] },
  figures: {
    [`${E.a}#2026-10`]: { output: '5000', revenue: '4100.5', tax: '210' },
    [`${E.b}#2026-10`]: { output: '5001', revenue: '320', tax: '201' },
  },
};

/** 2. One sheet per street, the month from the file name. */
const sheetPerStreet: OfficeForm = {
  title: 'one sheet per street (长青街, 径河街), the month from the file name',
  fileName: '2026-10-各街道重点企业指标.xlsx',
  uploader: 'bureau',
  bytes: () =>
    workbook([
      {
        name: '长青街',
        rows: [
          ['统一社会信用代码', '企业名称', '营业收入（万元）'],
          [E.a, NAMES.a, 4200],
        ],
      },
      {
        name: '径河街',
        rows: [
          ['统一社会信用代码', '企业名称', '税收收入（万元）'],
          [E.c, NAMES.c, 222],
          [E.d, NAMES.d, 0],
        ],
      },
    ]),
  status: 'applied',
  findings: [],
  figures: {
    [`${E.a}#2026-10`]: { output: '5000', revenue: '4200', tax: '200' },
    [`${E.c}#2026-10`]: { output: '5002', revenue: '4002', tax: '222' },
    [`${E.d}#2026-10`]: { output: '5003', revenue: '4003', tax: '0' },
  },
};

const OLD_COPY: DrawnSheet = {
  name: '9月',
  rows: [REG_HEAD, [E.d, NAMES.d, '新引进', '径河街', null]],
  hidden: 1,
};
const DROPDOWN: DrawnSheet = {
  name: '台账下拉选项',
  rows: [
    ['项目状态', '所在街道'],
    ['已建成投产', '长青街'],
    ['在建', '径河街'],
  ],
  hidden: 2,
};

/** 3. An old .xls with a hidden old copy (9月) and a very hidden dropdown sheet. */
const xlsHidden: OfficeForm = {
  title: 'old .xls (BIFF8): a hidden old copy and a very hidden dropdown sheet are not read',
  fileName: '径河街企业台账.xls',
  uploader: 'bureau',
  bytes: () =>
    workbook(
      [
        {
          name: '10月',
          rows: [['2026年企业项目台账'], REG_HEAD, [E.d, NAMES.d, '已建成投产', '径河街', null]],
        },
        OLD_COPY,
        DROPDOWN,
      ],
      'biff8',
    ),
  status: 'applied',
  findings: [
    ['W_SHEET_HIDDEN', '9月', null, null],
    ['W_SHEET_HIDDEN', '台账下拉选项', null, null],
    ['W_MONTH_SOURCE', '10月', null, null],
  ],
  messages: { W_SHEET_HIDDEN: ['取消隐藏', '未读取'] },
  records: { [E.d]: { stage: 'built', month: '2026-10' } },
};

/** 4. An .xls whose only data sheet is hidden: refused, naming it. */
const xlsOnlyHidden: OfficeForm = {
  title: '.xls whose only data sheet is hidden: refused, naming it',
  fileName: '2026-10-径河街台账.xls',
  uploader: 'bureau',
  bytes: () =>
    workbook([{ name: '说明', rows: [['本表由径河街道填报，数据见隐藏表']] }, OLD_COPY, DROPDOWN], 'biff8'),
  status: 'rejected',
  findings: [
    ['W_SHEET_HIDDEN', '9月', null, null],
    ['W_SHEET_HIDDEN', '台账下拉选项', null, null],
    ['W_SHEET_IGNORED', '说明', null, null],
    ['E_SHEETS_HIDDEN', null, null, null],
  ],
  messages: { E_SHEETS_HIDDEN: ['“9月”', '取消隐藏'] },
  records: { [E.d]: { stage: 'building' } },
};

/** 5. A GBK CSV export in the statistics office's words (主营业务收入, 纳税额, 本期/上年同期, 元). */
const statsCsv: OfficeForm = {
  title: 'GBK CSV export in the statistics office’s words, amounts in 元 with separators',
  fileName: '2026-10-统计局导出.csv',
  uploader: 'bureau',
  bytes: () =>
    wpsCsv([
      ['统一社会信用代码', '企业名称', '月份', '主营业务收入（元）', null, '纳税额（元）', null],
      [null, null, null, '本期', '上年同期', '本期', '上年同期'],
      [E.e, NAMES.e, '2026-10', '12,345,678.90', '11,000,000', '2,100,000', '1,900,000'],
      [E.f, NAMES.f, '2026-10', '９８７，６５４', '900,000', null, null],
    ]),
  status: 'applied',
  findings: [
    ['W_PERIOD_IGNORED', '2026-10-统计局导出', 1, 'E 主营业务收入（元）/上年同期、G 纳税额（元）/上年同期'],
  ],
  figures: {
    [`${E.e}#2026-10`]: { output: '5004', revenue: '1234.56789', tax: '210' },
    [`${E.f}#2026-10`]: { output: '5005', revenue: '98.7654', tax: '205' },
  },
};

/** 6. Amounts in 亿元 and 元 per cell, full-width digits and separators, an 亿元 column. */
const amounts: OfficeForm = {
  title: 'amounts in 亿元 and 元 (cell and header), text numbers with separators and full-width digits',
  fileName: '2026-10-金银湖街月报.xlsx',
  uploader: 'bureau',
  bytes: () =>
    workbook([
      {
        name: '月报',
        rows: [
          ['统一社会信用代码', '月份', '营业收入', '固定资产投资（亿元）', '税收收入（元）'],
          [E.e, '2026年10月', '1.25亿元', 0.35, '３，４５６，７８９．５'],
          [E.c, '202610', '１２，３４５．６７', '0.0012', 1234567],
        ],
      },
    ]),
  status: 'applied',
  findings: [],
  figures: {
    [`${E.e}#2026-10`]: { output: '5004', revenue: '12500', tax: '345.67895', fai: '3500' },
    [`${E.c}#2026-10`]: { output: '5002', revenue: '12345.67', tax: '123.4567', fai: '12' },
  },
};

/** 7. Letterhead unit names in a register (uploaded by the bureau). */
const letterheads: OfficeForm = {
  title: 'letterhead unit names: district prefixes, 街道办事处, 产业管理办公室, 产业办公室',
  fileName: '2026-10-新引进项目台账.xlsx',
  uploader: 'bureau',
  bytes: () =>
    workbook([
      {
        name: '台账',
        rows: [
          REG_HEAD,
          [uscc(111), '武汉长青庚装备有限公司', '在建', '武汉市东西湖区长青街道办事处', '机电产业管理办公室'],
          [
            uscc(112),
            '武汉径河辛食品有限公司',
            '已签约',
            '临空港经开区径河街道办',
            '东西湖区食品医药产业办公室',
          ],
          [
            uscc(113),
            '武汉金银湖壬物流有限公司',
            '新引进',
            '金银湖街道（东西湖区）',
            '武汉临空港经济技术开发区综保办',
          ],
        ],
      },
    ]),
  status: 'applied',
  findings: [],
  records: {
    [uscc(111)]: { street: 'changqing', recruiter: 'jidian' },
    [uscc(112)]: { street: 'jinghe', recruiter: 'shipin' },
    [uscc(113)]: { street: 'jinyinhu', recruiter: 'zongbao' },
  },
};

/** 8. The bureau in a letterhead form as 招商单位, and a cell naming two units: refused. */
const bureauRecruiter: OfficeForm = {
  title:
    'the bureau as 招商单位 (东西湖区商务局) and a cell naming two units: refused with the bureau’s own explanation',
  fileName: '2026-10-招商项目台账.xlsx',
  uploader: 'bureau',
  bytes: () =>
    workbook([
      {
        name: '台账',
        rows: [
          REG_HEAD,
          [uscc(114), '武汉长青癸科技有限公司', '新引进', '长青街', '东西湖区商务局'],
          [uscc(115), '武汉长青子材料有限公司', '新引进', '长青街', '长青街/机电办'],
        ],
      },
    ]),
  status: 'rejected',
  findings: [
    ['E_RECRUITER_BUREAU', '台账', 2, 'E 招商单位'],
    ['E_UNIT_AMBIGUOUS', '台账', 3, 'E 招商单位'],
  ],
  messages: {
    E_RECRUITER_BUREAU: ['武汉长青癸科技有限公司', '区商务局（工作专班办公室）不服务企业'],
    E_UNIT_AMBIGUOUS: ['“长青街”和“机电产业建设管理办公室”'],
  },
};

/** 9. 企业规模 (规上/规模以下) read as 规上工业. */
const scale: OfficeForm = {
  title: '企业规模 of 规上/规模以下 read as 规上工业',
  fileName: '2026-10-径河街台账（规模）.xlsx',
  uploader: 'bureau',
  bytes: () =>
    workbook([
      {
        name: '台账',
        rows: [
          [...REG_HEAD, '企业规模'],
          [E.c, NAMES.c, '已建成投产', '径河街', null, '规模以下'],
          [E.d, NAMES.d, '已建成投产', '径河街', null, '规上'],
        ],
      },
    ]),
  status: 'applied',
  findings: [],
  records: { [E.c]: { aboveScale: false }, [E.d]: { aboveScale: true, stage: 'built' } },
};

/** 10. 规上工业 and 企业规模 disagree: refused. */
const scaleConflict: OfficeForm = {
  title: '规上工业 and 企业规模 disagree: refused',
  fileName: '2026-10-长青街台账.xlsx',
  uploader: 'bureau',
  bytes: () =>
    workbook([
      {
        name: '台账',
        rows: [
          [...REG_HEAD, '规上工业', '规模'],
          [E.a, NAMES.a, '已建成投产', '长青街', null, '是', '规下'],
        ],
      },
    ]),
  status: 'rejected',
  findings: [['E_SCALE_CONFLICT', '台账', 2, 'G 规模']],
  messages: { E_SCALE_CONFLICT: ['武汉长青甲机械有限公司', '两列不一致'] },
  records: { [E.a]: { aboveScale: true } },
};

/** 11. Months named by number: 10月, 1-10月, 2025年10月 and 上月 under the indicators. */
const monthsByNumber: OfficeForm = {
  title: 'months named by number: 10月 / 1-10月 / 2025年10月 / 上月 under each indicator',
  fileName: '吴家山街指标.xlsx',
  uploader: 'bureau',
  bytes: () =>
    workbook([
      {
        name: '10月',
        rows: [
          ['2026年10月吴家山街重点企业指标'],
          ['统一社会信用代码', '营业收入（万元）', null, null, '税收收入（万元）', null],
          [null, '10月', '1-10月', '2025年10月', '上月', '10月份'],
          [E.f, 4321, 40000, 3900, 199, 211],
        ],
        merges: ['A1:F1', 'A2:A3', 'B2:D2', 'E2:F2'],
      },
    ]),
  status: 'applied',
  findings: [
    ['W_MONTH_SOURCE', '10月', null, null],
    ['W_PERIOD_IGNORED', '10月', 2, 'D 营业收入（万元）/2025年10月'],
    ['W_MONTH_COLUMN_IGNORED', '10月', 2, 'E 税收收入（万元）/上月'],
    ['W_YTD_IGNORED', '10月', null, 'C 营业收入（万元）/1-10月'],
  ],
  figures: { [`${E.f}#2026-10`]: { output: '5005', revenue: '4321', tax: '211' } },
};

/** 12. A form carried forward from September: stale month headers, refused naming both months. */
const staleHeaders: OfficeForm = {
  title: 'a form carried forward with stale month headers (9月, 1-9月 on a 2026年10月 sheet): refused',
  fileName: '2026-10-径河街月报.xlsx',
  uploader: 'bureau',
  bytes: () =>
    workbook([
      {
        name: '指标',
        rows: [
          ['统一社会信用代码', '营业收入（万元）', null],
          [null, '9月', '1-9月'],
          [E.c, 4100, 36000],
        ],
        merges: ['B1:C1'],
      },
    ]),
  status: 'rejected',
  findings: [['E_HEADER_MONTH', '指标', 1, 'B 营业收入（万元）/9月、C 营业收入（万元）/1-9月']],
  messages: { E_HEADER_MONTH: ['表头写的是 9月、1-9月', '本表的月份是 2026年10月', '文件名'] },
  figures: { [`${E.c}#2026-10`]: baseFigures('c') },
};

/** 13. 备注 columns on an indicators sheet and a targets sheet: ignored without a finding. */
const notes: OfficeForm = {
  title: '备注/说明 columns on indicators and targets sheets are ignored without a finding',
  fileName: '2026-10-长青街月报及目标.xlsx',
  uploader: 'bureau',
  bytes: () =>
    workbook([
      {
        name: '指标',
        rows: [
          ['序号', '统一社会信用代码', '月份', '税收收入（万元）', '备注'],
          [1, E.b, '2026-10', 205.5, '含退税'],
        ],
      },
      {
        name: '年度目标',
        rows: [
          ['单位', '年度', '营业收入（亿元）', '说明'],
          ['东西湖区长青街道办事处', 2026, 12.5, '区下达'],
        ],
      },
    ]),
  status: 'applied',
  findings: [],
  figures: { [`${E.b}#2026-10`]: { output: '5001', revenue: '4001', tax: '205.5' } },
};

/** 14. Two enterprises of one name (different codes): one warning naming the rows. */
const sameName: OfficeForm = {
  title: 'two enterprises of one name: one warning naming the rows',
  fileName: '2026-10-金银湖街台账.xlsx',
  uploader: 'bureau',
  bytes: () =>
    workbook([
      {
        name: '台账',
        rows: [
          REG_HEAD,
          [E.e, NAMES.e, '已建成投产', '金银湖街', null],
          [uscc(116), NAMES.e, '在建', '金银湖街', null],
        ],
      },
    ]),
  status: 'applied',
  findings: [['W_SAME_NAME_CODES', '台账', 2, null]],
  messages: { W_SAME_NAME_CODES: [`${E.e}（第 2 行）；${uscc(116)}（第 3 行）`] },
  records: { [uscc(116)]: { name: NAMES.e, stage: 'building' } },
};

/** 15. A row finding names the enterprise as the row gives it. */
const namedFinding: OfficeForm = {
  title: 'a row finding names the enterprise by the row’s name and code',
  fileName: '2026-10-吴家山街月报.xlsx',
  uploader: 'bureau',
  bytes: () =>
    workbook([
      {
        name: '指标',
        rows: [
          ['统一社会信用代码', '企业名称', '月份', '营业收入（万元）'],
          [E.f, NAMES.f, '2026-10', '约4000'],
        ],
      },
    ]),
  status: 'rejected',
  findings: [['E_NUMBER', '指标', 2, 'D 营业收入（万元）']],
  messages: { E_NUMBER: [`企业（项目）“${NAMES.f}”（${E.f}）：「营业收入（万元）」填写为“约4000”`] },
  figures: { [`${E.f}#2026-10`]: baseFigures('f') },
};

export const OFFICE_FORMS: readonly OfficeForm[] = [
  wpsForm,
  sheetPerStreet,
  xlsHidden,
  xlsOnlyHidden,
  statsCsv,
  amounts,
  letterheads,
  bureauRecruiter,
  scale,
  scaleConflict,
  monthsByNumber,
  staleHeaders,
  notes,
  sameName,
  namedFinding,
];
