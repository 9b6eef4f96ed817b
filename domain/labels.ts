/**
 * One catalogue of the words people read: clauses, rules, decisions, states and finding codes
 * in Chinese. The change list, the console, the e-mails, the report workbooks and the CLI take
 * their labels from here, so no clause id (`3.1.key`) or English state (`applied`) reaches a
 * person. Pure data and small functions: no policy schema is loaded (the console imports it).
 *
 * @example
 * ```ts
 * clauseLabel('3.1.key'); // '第三条第（一）项（重大项目）'
 * clauseLabel('decision', { documentNo: '武临开专〔2026〕5号' }); // '工作专班决定（武临开专〔2026〕5号）'
 * IMPORT_STATUS_LABELS.applied; // '已导入'
 * ```
 *
 * @module
 */
import type { Stage } from './types.ts';

// ───────────────────────────── clauses and rules ─────────────────────────────

const CHINESE_DIGITS = '一二三四五六七八九十';

/**
 * A section of the notice as people cite it: `二` → 第二条, `三、一是` → 第三条第（一）项.
 * Anything else is kept as written (a draft may name its sections its own way).
 */
export function sectionLabel(section: string): string {
  const item = /^([一二三四五六七八九十]+)、([一二三四五六七八九十]+)是$/u.exec(section);
  if (item) return `第${item[1]}条第（${item[2]}）项`;
  if (new RegExp(`^[${CHINESE_DIGITS}]+$`, 'u').test(section)) return `第${section}条`;
  return section;
}

/** A section, short, for narrow tables: `三、一是` → 三（一）; others as written. */
export function shortSection(section: string): string {
  return section.replace(/^([一二三四五六七八九十]+)、([一二三四五六七八九十]+)是$/u, '$1（$2）');
}

/**
 * The clauses of 武临开办〔2020〕1号 (policy `2020-1`): the section (二, 三、一是 …) and a few
 * words that tell apart the clauses of one section. The notice's text and titles stay in
 * domain/policy/policy-2020-1.ts; this is only how a person names each.
 */
export const CLAUSE_NAMES: Readonly<Record<string, { section: string; tag: string }>> = {
  '2.street': { section: '二', tag: '属地' },
  '2.safety': { section: '二', tag: '安全生产' },
  '3.1.key': { section: '三、一是', tag: '重大项目' },
  '3.1.sme-city': { section: '三、一是', tag: '企业城' },
  '3.1.changqing': { section: '三、一是', tag: '整体划转' },
  '3.1.retained': { section: '三、一是', tag: '板块内' },
  '3.1.transferred': { section: '三、一是', tag: '板块外' },
  '3.2.in-cluster': { section: '三、二是', tag: '板块内' },
  '3.2.pre-handover': { section: '三、二是', tag: '板块外' },
  '3.3': { section: '三、三是', tag: '扩产搬迁' },
  '3.4': { section: '三、四是', tag: '规上工业' },
  '4': { section: '四', tag: '招商重点' },
};

/** The id an assignment's `decidedBy` carries when the working group's decision decided it. */
export const DECISION_CLAUSE_ID = 'decision';

/** A clause of a policy as the label needs it (section and title; a draft's clauses too). */
export interface ClauseNaming {
  id: string;
  section: string;
  title: string;
}

/** A working-group decision as people cite it: `工作专班决定（武临开专〔2026〕5号）`. */
export function decisionLabel(documentNo: string | null | undefined): string {
  return documentNo ? `工作专班决定（${documentNo}）` : '工作专班决定';
}

/**
 * A clause as a person cites it: `第三条第（一）项（重大项目）`; the working group's decision
 * with its 文号. A clause of a draft: its section and title from `clauses`. Never the id: an
 * unknown clause reads 「未列明的条款」.
 */
export function clauseLabel(
  id: string | null | undefined,
  options: { documentNo?: string | null; clauses?: readonly ClauseNaming[] } = {},
): string {
  if (id == null) return '—';
  if (id === DECISION_CLAUSE_ID) return decisionLabel(options.documentNo);
  const known = CLAUSE_NAMES[id];
  if (known) return `${sectionLabel(known.section)}（${known.tag}）`;
  const drafted = options.clauses?.find((c) => c.id === id);
  if (drafted) return `${sectionLabel(drafted.section)}（${drafted.title}）`;
  return '未列明的条款';
}

/** The roles a working group's decision sets, as people name them. */
export const DECIDED_ROLE_LABELS: Readonly<Record<'service' | 'indicators', string>> = {
  service: '服务单位',
  indicators: '经济指标承担单位',
};

/** `2026-10` → `2026年10月` (the catalogue takes no month module). */
function monthWords(month: string): string {
  const [y, m] = month.split('-');
  return `${y}年${Number(m)}月`;
}

/**
 * Where a decision stands, in people's words (`decisionStanding`, domain/decisions.ts): 执行中
 * while it decides some role of some of its enterprises, else 已终止 or 已被取代; and per role it
 * no longer decides 「服务单位自2026年10月起已被武临开专〔2026〕93号取代」 (「（2 家企业中的 1 家）」
 * when the later decision is about some of them only).
 */
export function standingWords(
  decision: { keys: readonly string[]; to: string | null },
  standing: {
    running: boolean;
    superseded: ReadonlyArray<{
      role: 'service' | 'indicators';
      from: string;
      by: { documentNo: string };
      keys: number;
    }>;
  },
): { state: string; lines: string[] } {
  const total = decision.keys.length;
  const lines = standing.superseded.map(
    (x) =>
      `${DECIDED_ROLE_LABELS[x.role]}${x.keys < total ? `（${total} 家企业中的 ${x.keys} 家）` : ''}自${monthWords(x.from)}起已被${x.by.documentNo}取代`,
  );
  const state = standing.running ? '执行中' : decision.to ? '已终止' : '已被取代';
  return { state, lines };
}

// ───────────────────────────── register values ─────────────────────────────

/** 项目状态 as the template writes it. */
export const STAGE_LABELS: Readonly<Record<Stage, string>> = {
  built: '已建成投产',
  building: '在建',
  signed: '已签约',
  new: '新引进',
  inactive: '已注销',
};

/** The roles of an assignment. */
export const ROLE_LABELS: Readonly<Record<string, string>> = {
  service: '服务单位',
  indicators: '经济指标承担单位',
  lead: '牵头单位',
  cooperating: '配合街道',
  safety: '安全生产属地',
};

// ───────────────────────────── states ─────────────────────────────

/** An import's status. */
export const IMPORT_STATUS_LABELS: Readonly<Record<string, string>> = {
  received: '已接收，等待检查',
  applying: '正在写入',
  applied: '已导入',
  unchanged: '无变化（与已导入内容相同）',
  rejected: '未导入（有错误）',
  failed: '处理失败',
};

/** A queued run's status (an impact run, a check). */
export const RUN_STATUS_LABELS: Readonly<Record<string, string>> = {
  running: '正在检查',
  done: '已完成',
  failed: '未完成',
};

/** A finding's severity. */
export const SEVERITY_LABELS: Readonly<Record<string, string>> = { error: '错误', warning: '警告' };

/** The verdict of a check: whether the upload would be imported. */
export const VERDICT_LABELS: Readonly<Record<string, string>> = {
  importable: '可以导入',
  unchanged: '可以导入，但不会改变任何数据',
  refused: '不能导入',
};

/** What a change list does to a figure (the report's 变化 and the console's 类别). */
export const FIGURE_CHANGE_LABELS: Readonly<Record<string, string>> = {
  set: '设置指标',
  withdrawn: '撤回指标',
  kept: '保留指标',
};

/** A label from one of the tables above; an unknown state reads 「未知状态」, never the English word. */
export function stateLabel(
  table: Readonly<Record<string, string>>,
  state: string | null | undefined,
): string {
  if (state == null) return '—';
  return table[state] ?? '未知状态';
}

// ───────────────────────────── finding codes ─────────────────────────────

/** What each finding code is about, in a few words (the grouped findings' and the report's 类别). */
export const FINDING_LABELS: Readonly<Record<string, string>> = {
  E_ASSESS: '无法判定归属',
  E_BOOLEAN: '是/否填写有误',
  E_CELL_ERROR: '单元格为错误值',
  E_COLUMNS_LIMIT: '列数超过上限',
  E_COLUMN_MISSING: '缺少必需的列',
  E_COLUMN_UNIT: '金额单位不认识',
  E_CONTACTS_OTHER_UNIT: '联系人属于其他单位',
  E_DATE: '日期填写有误',
  E_DECIMALS: '小数位过多',
  E_DUPLICATE_KEY: '同一企业重复填报',
  E_EMAIL: '邮箱格式有误',
  E_EXAMPLE_ROW: '模板示例行未删除',
  E_FIELD_TYPE: '内容类型有误',
  E_FILE_CORRUPT: '文件已损坏',
  E_FILE_EMPTY: '文件为空',
  E_FILE_ENCRYPTED: '文件已加密',
  E_FILE_TOO_LARGE: '文件过大',
  E_FILE_TYPE: '文件类型不支持',
  E_FORMULA: '公式无结果值',
  E_HEADER_DUPLICATE: '表头重复',
  E_INDICATOR_PERIOD: '指标期间不明',
  E_KEY_MISSING: '缺少信用代码或项目编号',
  E_MONTH: '月份填写有误',
  E_MONTH_MISSING: '缺少报送月份',
  E_MONTH_MIXED: '月份不一致',
  E_MOVEMENT_UNKNOWN: '扩产搬迁填写有误',
  E_NAME_MISSING: '缺少企业名称',
  E_NOT_YOURS: '无权修改他单位企业',
  E_NOT_YOURS_INDICATORS: '无权报送他单位指标',
  E_NOT_YOURS_NEW: '无权新增他单位企业',
  E_NUMBER: '数值填写有误',
  E_OBJECT_KEY: '文件名或路径不可用',
  E_ORIGIN_MISSING: '缺少原所在街道',
  E_POLICY_NOT_IN_FORCE: '月份早于政策施行',
  E_RECRUITER_BUREAU: '招商单位不能是区商务局',
  E_ROWS_LIMIT: '行数超过上限',
  E_SHEET_AMBIGUOUS: '工作表类型不明',
  E_STAGE_AMBIGUOUS: '项目状态不明',
  E_STAGE_UNKNOWN: '项目状态不认识',
  E_STREET_MISSING: '缺少所在街道',
  E_TARGETS_BUREAU_ONLY: '年度目标只能由区商务局报送',
  E_TEMPLATE_UNFILLED: '模板未填写',
  E_TEXT_TOO_LONG: '文字过长',
  E_UNIT_MISSING: '缺少单位',
  E_UNKNOWN_ENTERPRISE: '企业不在台账中',
  E_UNKNOWN_UNIT: '单位名称不认识',
  E_UPLOAD_FOLDER: '上传位置有误',
  E_USCC_FORMAT: '信用代码格式有误',
  E_YEAR: '年度填写有误',
  E_ZIP_LIMIT: '压缩内容超限',
  E_ZONE_STREET: '园区与街道不符',
  W_CATEGORY_UNKNOWN: '产业类别不认识',
  W_COLUMN_IGNORED: '未使用的列',
  W_COLUMN_MAPPED: '按列名对照读取',
  W_COLUMN_READ_AS: '列按其他名称读取',
  W_DASH_READ_AS_BLANK: '“-”按未填报读取',
  W_DUPLICATE_ROW: '重复的行',
  W_EXPANSION_SAME_KEY: '扩产企业代码相同',
  W_FIELD_IGNORED: '未使用的内容',
  W_FIGURE_WITHDRAWN: '撤回的指标',
  W_FOCUS: '招商重点提示',
  W_HIDDEN_DATA: '隐藏的数据',
  W_KEY_PROJECT_UNLISTED: '重大项目未列入',
  W_MAPPING_UNUSED: '未使用的列名对照',
  W_MONTH_ASSUMED: '月份按推定读取',
  W_MONTH_SOURCE: '月份来源',
  W_MOVEMENT_SAME_STREET: '扩产搬迁未换街道',
  W_NAME_MISMATCH: '名称与已存不符',
  W_NEGATIVE: '负数',
  W_PERIOD_IGNORED: '未使用的期间列',
  W_RECRUITER_ASSUMED: '招商单位按上传单位记录',
  W_ROWS_SKIPPED: '跳过的行',
  W_SHEET_IGNORED: '未读取的工作表',
  W_STAT_STREET: '统计归属街道提示',
  W_TARGET_SUM_MISMATCH: '目标合计不符',
  W_TOTAL_MISMATCH: '合计不符',
  W_UPLOADER_DEPENDS: '结论取决于上传单位',
  W_USCC_CHECKSUM: '信用代码校验位不符',
  W_YTD_IGNORED: '本年累计未使用',
  W_YTD_MISMATCH: '本年累计与各月不符',
};

/** A finding code's label; a code not in the catalogue reads by its severity. */
export function findingLabel(code: string): string {
  return FINDING_LABELS[code] ?? (code.startsWith('E_') ? '其他错误' : '其他提示');
}

/** The lists behind a summary's counts (a unit's, or the district's), as people read their names. */
export const LIST_LABELS: Readonly<Record<string, string>> = {
  transfersIn: '本月划入企业',
  transfersOut: '本月划出企业',
  firstReported: '本月首次报送企业',
  new: '本月新登记项目（新引进或已签约）',
  leaving: '本月退出企业',
  pendingHandovers: '待移交项目',
  completedThisMonth: '本月建成投产项目',
  notReported: '未报指标企业',
};

/** The lists of a unit's row the district's lists gather, each entry naming its unit (domain/summaries.ts). */
export const GATHERED_LISTS = ['firstReported', 'new', 'leaving', 'notReported'] as const;
