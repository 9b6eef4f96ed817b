/**
 * The columns of the four sheet kinds (docs/registers.md): headers, synonyms and
 * the enumerated values (stages, 重大项目, 扩产搬迁). Data, not code: a synonym is one entry.
 *
 * Header matching is exact after {@link normalizeHeader}: trimmed, spaces and line breaks
 * removed, full-width → half-width, and a unit in brackets at the end dropped and remembered
 * (`税收收入（万元）` → `税收收入`, unit 万元). No edit distance: 营业收入 and 营业成本 differ.
 *
 * @module
 */
import { INDICATORS, type IndicatorDefinition } from '../indicators.ts';
import type { KeyProject, Movement, RegisterRecord, SheetKind, Stage } from '../types.ts';
import { compact } from './text.ts';

/** A register field (the keys of RegisterRecord but `key`). */
export type RegisterField = Exclude<keyof RegisterRecord, 'key'>;

/** One column a sheet kind knows. `indicator` is set for an indicator column. */
export interface ColumnDef {
  /** The field id: a RegisterRecord field, `month`, `unit`, `year`, `email`, `receives`, or `indicator:<id>`. */
  readonly field: string;
  /** The header as the template writes it. */
  readonly header: string;
  readonly synonyms: readonly string[];
  readonly indicator?: IndicatorDefinition;
}

const USCC: ColumnDef = {
  field: 'uscc',
  header: '统一社会信用代码',
  synonyms: ['信用代码', '社会信用代码', '统一信用代码', '统一社会信用代码(注册号)'],
};
const PROJECT_CODE: ColumnDef = {
  field: 'projectCode',
  header: '项目编号',
  synonyms: ['项目代码', '项目编码'],
};
const NAME: ColumnDef = {
  field: 'name',
  header: '企业（项目）名称',
  synonyms: ['企业名称', '项目名称', '名称', '企业(项目)名称', '项目(企业)名称', '企业或项目名称'],
};

/** The register columns, in the template's order. */
export const REGISTER_COLUMNS: readonly ColumnDef[] = [
  USCC,
  PROJECT_CODE,
  NAME,
  {
    field: 'stage',
    header: '项目状态',
    synonyms: ['状态', '项目阶段', '项目进展', '建设状态', '进展情况', '项目进度', '建设进度'],
  },
  {
    field: 'recruiter',
    header: '招商单位',
    synonyms: ['原服务单位', '招商主体', '引进单位', '招商引资单位', '招商责任单位', '招商来源'],
  },
  {
    field: 'street',
    header: '所在街道',
    synonyms: [
      '属地街道',
      '实际经营地',
      '实际经营地街道',
      '选址街道',
      '项目属地',
      '所属街道',
      '所在地',
      // the district's own word for its streets and its town (新沟镇街)
      '所在镇街',
      '属地镇街',
      '镇街',
    ],
  },
  { field: 'statStreet', header: '统计归属街道', synonyms: ['统计归属地', '统计归属', '统计归属镇街'] },
  { field: 'zone', header: '所在园区', synonyms: ['园区', '片区', '所属园区'] },
  { field: 'keyProject', header: '重大项目', synonyms: ['所属重大项目', '所属产业链'] },
  { field: 'movement', header: '扩产搬迁', synonyms: ['扩产/搬迁', '扩产或搬迁'] },
  { field: 'originStreet', header: '原所在街道', synonyms: ['原街道', '迁出街道', '原所在镇街'] },
  {
    field: 'aboveScale',
    header: '规上工业',
    synonyms: ['是否规上工业', '规模以上工业企业', '是否规上', '是否规上工业企业'],
  },
  { field: 'category', header: '产业类别', synonyms: ['行业类别', '所属行业', '所属产业'] },
  {
    field: 'completedOn',
    header: '建成投产日期',
    synonyms: ['投产日期', '建成投产时间', '投产时间', '竣工投产时间', '竣工投产日期'],
  },
  { field: 'month', header: '报送月份', synonyms: ['数据期', '统计月份'] },
  { field: 'note', header: '备注', synonyms: [] },
];

/** One column per catalog indicator (the catalog is data: domain/indicators.ts). */
export const INDICATOR_COLUMNS: readonly ColumnDef[] = INDICATORS.map((indicator) => ({
  field: `indicator:${indicator.id}`,
  header: indicator.header,
  synonyms: indicator.synonyms,
  indicator,
}));

export const INDICATORS_COLUMNS: readonly ColumnDef[] = [
  USCC,
  PROJECT_CODE,
  NAME,
  { field: 'month', header: '月份', synonyms: ['报送月份', '统计月份', '数据期'] },
  ...INDICATOR_COLUMNS,
];

export const TARGETS_COLUMNS: readonly ColumnDef[] = [
  { field: 'unit', header: '单位', synonyms: ['单位名称', '责任单位'] },
  { field: 'year', header: '年度', synonyms: ['年份'] },
  ...INDICATOR_COLUMNS,
];

export const CONTACTS_COLUMNS: readonly ColumnDef[] = [
  { field: 'unit', header: '单位', synonyms: ['单位名称'] },
  { field: 'name', header: '姓名', synonyms: ['联系人'] },
  { field: 'email', header: '邮箱', synonyms: ['电子邮箱', '邮件地址', 'E-mail', 'Email'] },
  { field: 'receives', header: '接收月报', synonyms: ['是否接收月报'] },
];

/**
 * 企业规模/规模: read as 规上工业 when every value is a scale word ({@link SCALE_FORMS}); a
 * register column only, never written by the template.
 */
export const SCALE_COLUMN: ColumnDef = {
  field: 'scale',
  header: '企业规模',
  synonyms: ['规模', '企业规模类型'],
};

/** The scale words of a 企业规模 column: 规上 (规模以上) is 规上工业 是, 规下 (规模以下) 否. */
export const SCALE_FORMS: ReadonlyMap<string, boolean> = new Map([
  ['规上', true],
  ['规模以上', true],
  ['规上企业', true],
  ['规上工业', true],
  ['规模以上企业', true],
  ['规模以上工业', true],
  ['规模以上工业企业', true],
  ['规下', false],
  ['规模以下', false],
  ['规下企业', false],
  ['规下工业', false],
  ['规模以下企业', false],
  ['规模以下工业', false],
  ['规模以下工业企业', false],
]);

export const COLUMNS: Readonly<Record<SheetKind, readonly ColumnDef[]>> = {
  register: REGISTER_COLUMNS,
  indicators: INDICATORS_COLUMNS,
  targets: TARGETS_COLUMNS,
  contacts: CONTACTS_COLUMNS,
};

export const SHEET_KINDS: readonly SheetKind[] = ['register', 'indicators', 'targets', 'contacts'];

/** The words of a sheet name that name its kind (the tie-break). */
export const SHEET_NAME_WORDS: Readonly<Record<SheetKind, readonly string[]>> = {
  register: ['台账', '名录', '企业清单', '项目清单'],
  indicators: ['指标', '月报'],
  targets: ['目标'],
  contacts: ['联系人', '通讯录'],
};

/** 工作表 kinds in Chinese, for messages. */
export const SHEET_KIND_NAMES: Readonly<Record<SheetKind, string>> = {
  register: '企业项目台账',
  indicators: '月度经济指标',
  targets: '年度目标',
  contacts: '单位联系人',
};

const BRACKETED = /^(.+?)[([【]([^()[\]【】]*)[)\]】]$/u;

/** A header as matched: the whole normalised text, and the text without a trailing bracketed unit. */
export interface HeaderForm {
  /** Normalised: NFKC, no white space. */
  readonly whole: string;
  /** Without the trailing bracket, or null when there is none. */
  readonly base: string | null;
  /** The bracket's content (e.g. 万元), or null. */
  readonly unit: string | null;
}

/** Normalises a header cell's text (docs/registers.md). */
export function normalizeHeader(raw: string): HeaderForm {
  const whole = compact(raw);
  const m = BRACKETED.exec(whole);
  return m ? { whole, base: m[1] ?? null, unit: m[2] ?? null } : { whole, base: null, unit: null };
}

/** A header dictionary: normalised header or synonym → column. A Map: header text never touches a prototype. */
export type HeaderDictionary = ReadonlyMap<string, ColumnDef>;

function dictionary(columns: readonly ColumnDef[]): HeaderDictionary {
  const map = new Map<string, ColumnDef>();
  for (const column of columns) {
    for (const form of [column.header, ...column.synonyms]) map.set(compact(form), column);
  }
  return map;
}

export const DICTIONARIES: Readonly<Record<SheetKind, HeaderDictionary>> = {
  register: dictionary([...REGISTER_COLUMNS, SCALE_COLUMN]),
  indicators: dictionary(INDICATORS_COLUMNS),
  targets: dictionary(TARGETS_COLUMNS),
  contacts: dictionary(CONTACTS_COLUMNS),
};

/** The column a header names in a sheet kind, and the unit its brackets hold. */
export function matchHeader(
  form: HeaderForm,
  kind: SheetKind,
): { column: ColumnDef; unit: string | null } | undefined {
  const dict = DICTIONARIES[kind];
  const whole = dict.get(form.whole);
  if (whole) return { column: whole, unit: null };
  if (form.base != null) {
    const base = dict.get(form.base);
    if (base) return { column: base, unit: form.unit };
  }
  return undefined;
}

/** True when the header is known to any sheet kind. */
export function isKnownHeader(form: HeaderForm): boolean {
  for (const kind of SHEET_KINDS) if (matchHeader(form, kind)) return true;
  return false;
}

// ─────────────────────────── enumerated values ───────────────────────────

/** Stage values (docs/registers.md): the official form first. */
export const STAGE_FORMS: Readonly<Record<Stage, readonly string[]>> = {
  built: ['已建成投产', '建成投产', '已投产', '投产', '已竣工投产'],
  building: ['在建', '在建项目', '建设中', '已开工', '主体施工', '施工中', '在建中', '开工建设'],
  signed: ['已签约', '签约', '已签约未开工'],
  new: ['新引进', '新引进项目', '在谈', '洽谈', '拟引进', '前期洽谈', '洽谈中'],
  inactive: ['已注销', '已迁出', '已迁出区外', '注销'],
};

export const KEY_PROJECT_FORMS: Readonly<Record<KeyProject, readonly string[]>> = {
  boe: ['京东方', '京东方产业链', '京东方全产业链'],
  corning: ['康宁', '康宁产业链', '康宁全产业链'],
};

export const MOVEMENT_FORMS: Readonly<Record<Movement, readonly string[]>> = {
  expansion: ['扩产'],
  relocation: ['搬迁'],
};

function enumMap<T extends string>(forms: Readonly<Record<T, readonly string[]>>): ReadonlyMap<string, T> {
  const map = new Map<string, T>();
  for (const [id, list] of Object.entries(forms) as [T, readonly string[]][]) {
    map.set(id, id);
    for (const form of list) map.set(compact(form), id);
  }
  return map;
}

/**
 * Stage words that could mean more than one stage: an error listing the choices, never a
 * guess (已落地 may be 已签约, 在建 or 已建成投产).
 */
export const AMBIGUOUS_STAGE_FORMS: ReadonlyMap<string, readonly Stage[]> = new Map<string, readonly Stage[]>(
  [
    ['已落地', ['signed', 'building', 'built']],
    ['落地', ['signed', 'building', 'built']],
    ['推进中', ['new', 'signed', 'building']],
    ['已完成', ['built', 'inactive']],
  ],
);

/** The stages a cell text may mean when it is ambiguous; undefined when it is not. */
export function ambiguousStage(text: string): readonly Stage[] | undefined {
  return AMBIGUOUS_STAGE_FORMS.get(compact(text));
}

/**
 * Synonyms that are read as their column but may mean another one: one warning per sheet says
 * how the column was read (所属街道 may also mean the statistical street of notice 三（四）).
 */
export const READ_AS_NOTES: ReadonlyMap<string, string> = new Map([
  [
    '所属街道',
    '列「所属街道」按「所在街道」（企业实际经营地或项目选址所在的街道）读取；如该列指的是统计归属街道（通知三（四）），请将列名改为「统计归属街道」后重新上传。',
  ],
]);

const STAGE_MAP = enumMap(STAGE_FORMS);
const KEY_PROJECT_MAP = enumMap(KEY_PROJECT_FORMS);
const MOVEMENT_MAP = enumMap(MOVEMENT_FORMS);

/** The stage a cell text names (Chinese form or id); undefined when none. */
export function findStage(text: string): Stage | undefined {
  return STAGE_MAP.get(compact(text));
}
export function findKeyProject(text: string): KeyProject | undefined {
  return KEY_PROJECT_MAP.get(compact(text));
}
export function findMovement(text: string): Movement | undefined {
  return MOVEMENT_MAP.get(compact(text));
}

/** The Chinese label of each register field, for messages (the template's header). */
export const REGISTER_HEADERS: Readonly<Record<RegisterField, string>> = Object.fromEntries(
  REGISTER_COLUMNS.map((c) => [c.field, c.header]),
) as Record<RegisterField, string>;
