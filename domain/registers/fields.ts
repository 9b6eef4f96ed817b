/**
 * Field parsers for one register value each, shared by the workbook checks and the HTTP
 * what-if ({@link recordFromInput}). A parser reports problems through a callback with a code,
 * a severity and a Chinese message (what is wrong and what would be right) and answers the
 * value, null for blank, or `undefined` when the value is an error.
 *
 * @module
 */
import type { KeyProjectName } from '../key-projects.ts';
import type { Cell, IsoDate, KeyProject, Month, Movement, RecruiterId, Severity, Stage } from '../types.ts';
import {
  findZone,
  OFFICE_IDS,
  STREET_NAMES,
  type StreetId,
  type UnitInfo,
  unitInfo,
  unitsNamed,
  ZONES,
  type ZoneInfo,
} from '../units.ts';
import {
  ambiguousStage,
  findKeyProject,
  findMovement,
  findStage,
  KEY_PROJECT_FORMS,
  MOVEMENT_FORMS,
  STAGE_FORMS,
} from './columns.ts';
import { cellValueAsRead, compact, withoutBidiControls } from './text.ts';
import {
  cellProblem,
  checkUscc,
  type Parsed,
  parseBooleanCell,
  parseDateCell,
  parseMonthCell,
  textOf,
  usccCheckChar,
} from './values.ts';

/** Where a parser sends a finding about the value it reads. */
export type Report = (code: string, severity: Severity, message: string) => void;

export const STREET_CHOICES = STREET_NAMES.join('、');
export const OFFICE_CHOICES = OFFICE_IDS.map((id) => unitInfo(id).aliases[0] ?? unitInfo(id).name).join('、');
export const ZONE_CHOICES = ZONES.map((z) => z.name).join('、');
export const STAGE_CHOICES = (Object.values(STAGE_FORMS) as string[][]).map((f) => f[0]).join('、');
export const MOVEMENT_CHOICES = Object.values(MOVEMENT_FORMS).flat().join('、');

/** `「所在街道」填写为“长清街”` — or `「所在街道」未填写` for a blank cell. */
export function said(label: string, cell: Cell | undefined): string {
  const value = cellValueAsRead(cell);
  return value == null || value.trim() === '' ? `「${label}」未填写` : `「${label}」填写为“${value}”`;
}

const UNIT_CACHE = new Map<string, readonly UnitInfo[]>();
const ZONE_CACHE = new Map<string, ZoneInfo | null>();
const CACHE_LIMIT = 4096;

/** The units a cell's text names (by the list and by the letterhead rule), cached per text. */
export function cachedUnits(text: string): readonly UnitInfo[] {
  let hit = UNIT_CACHE.get(text);
  if (hit === undefined) {
    if (UNIT_CACHE.size >= CACHE_LIMIT) UNIT_CACHE.clear();
    hit = unitsNamed(text);
    UNIT_CACHE.set(text, hit);
  }
  return hit;
}

/**
 * The one unit a cell names; undefined when none, or when it names more than one
 * (E_UNIT_AMBIGUOUS listing them is reported then).
 */
export function oneUnit(
  text: string,
  cell: Cell | undefined,
  label: string,
  report: Report,
): UnitInfo | undefined | null {
  const units = cachedUnits(text);
  if (units.length <= 1) return units[0] ?? null;
  report(
    'E_UNIT_AMBIGUOUS',
    'error',
    `${said(label, cell)}，同时指${units.map((u) => `“${u.name}”`).join('和')}，无法确定是哪一个；一格只能填写一个单位，请只保留其中之一。`,
  );
  return undefined;
}

function cachedZone(text: string): ZoneInfo | undefined {
  let hit = ZONE_CACHE.get(text);
  if (hit === undefined) {
    if (ZONE_CACHE.size >= CACHE_LIMIT) ZONE_CACHE.clear();
    hit = findZone(text) ?? null;
    ZONE_CACHE.set(text, hit);
  }
  return hit ?? undefined;
}

/** Reports a formula without cached value or an Excel error; true when it did. */
export function refuseCell(cell: Cell | undefined, label: string, report: Report): boolean {
  const p = cellProblem(cell);
  if (!p) return false;
  report(p.code, 'error', `${said(label, cell)}，${p.problem}。`);
  return true;
}

/** A text value (trimmed); blank is null; longer than `max` characters is E_TEXT_TOO_LONG. */
export function textField(
  cell: Cell | undefined,
  label: string,
  report: Report,
  max = 500,
): string | null | undefined {
  if (refuseCell(cell, label, report)) return undefined;
  const text = textOf(cell);
  if (text != null && text.length > max) {
    report(
      'E_TEXT_TOO_LONG',
      'error',
      `「${label}」有 ${text.length} 个字符，超过 ${max} 个；请精简到 ${max} 个字符以内。`,
    );
    return undefined;
  }
  return text;
}

/**
 * A name (of an enterprise, a project, a contact): {@link textField} after the invisible
 * bidi controls are removed, with W_BIDI_REMOVED at the row saying so (the name kept as it
 * reads); a name of nothing but such controls is blank.
 */
export function nameField(
  cell: Cell | undefined,
  label: string,
  report: Report,
  max = 500,
): string | null | undefined {
  if (cell?.t !== 'text') return textField(cell, label, report, max);
  const { text, removed } = withoutBidiControls(cell.v);
  if (removed === 0) return textField(cell, label, report, max);
  report(
    'W_BIDI_REMOVED',
    'warning',
    `「${label}」含 ${removed} 个不可见的文字方向控制字符（如 U+202E），会使名称显示得与实际内容不同；已删除，按“${text.trim()}”读取：请核对名称并在原表中删去这些字符。`,
  );
  return textField({ t: 'text', v: text }, label, report, max);
}

/** A 统一社会信用代码: E_USCC_FORMAT for a malformed code, W_USCC_CHECKSUM for a wrong check character. */
export function usccField(cell: Cell | undefined, label: string, report: Report): string | null | undefined {
  if (refuseCell(cell, label, report)) return undefined;
  if (cell?.t === 'number') {
    report(
      'E_USCC_FORMAT',
      'error',
      `${said(label, cell)}，是数字而不是文本（长数字会丢失精度）；统一社会信用代码应为 18 位文本：请将单元格设为文本格式后重新填写。`,
    );
    return undefined;
  }
  const text = textOf(cell);
  if (text == null) return null;
  const r = checkUscc(text);
  if (!r.format) {
    report(
      'E_USCC_FORMAT',
      'error',
      `${said(label, cell)}，不是有效的统一社会信用代码；应为 18 位：前 2 位为数字或大写字母，第 3–8 位为数字（行政区划码），其余 10 位为数字或大写字母（不含 I、O、S、V、Z）。`,
    );
    return undefined;
  }
  if (!r.checksum) {
    report(
      'W_USCC_CHECKSUM',
      'warning',
      `${said(label, cell)}，校验位不符（按 GB 32100，第 18 位应为“${usccCheckChar(r.uscc)}”）；请核对代码是否抄错。`,
    );
  }
  return r.uscc;
}

/** 项目状态: one of the stage forms (E_STAGE_UNKNOWN, also when blank). */
export function stageField(cell: Cell | undefined, label: string, report: Report): Stage | undefined {
  if (refuseCell(cell, label, report)) return undefined;
  const text = textOf(cell);
  const stage = text == null ? undefined : findStage(text);
  const could = text == null || stage ? undefined : ambiguousStage(text);
  if (could) {
    const choices = could.map((s) => STAGE_FORMS[s][0]).join('、');
    report(
      'E_STAGE_AMBIGUOUS',
      'error',
      `${said(label, cell)}，可能是 ${choices} 中的任何一种，无法确定；请改为其中之一：${choices}。`,
    );
    return undefined;
  }
  if (!stage) {
    report('E_STAGE_UNKNOWN', 'error', `${said(label, cell)}，不是项目状态；可填写：${STAGE_CHOICES}。`);
  }
  return stage;
}

/**
 * A street (所在街道, 统计归属街道, 原所在街道): E_UNKNOWN_UNIT when the name is not a street of
 * docs/policy.md; blank is null (the caller decides whether it is required).
 */
export function streetField(
  cell: Cell | undefined,
  label: string,
  report: Report,
): StreetId | null | undefined {
  if (refuseCell(cell, label, report)) return undefined;
  const text = textOf(cell);
  if (text == null) return null;
  const unit = oneUnit(text, cell, label, report);
  if (unit === undefined) return undefined;
  if (unit?.kind === 'street') return unit.id as StreetId;
  const what = unit
    ? `是${unit.kind === 'office' ? '产业建设管理办公室' : '区商务局'}，不是街道`
    : '不是本区街道名称';
  report('E_UNKNOWN_UNIT', 'error', `${said(label, cell)}，${what}；可填写：${STREET_CHOICES}。`);
  return undefined;
}

/** 招商单位: an office or a street; the bureau is E_RECRUITER_BUREAU; blank is null. */
export function recruiterField(
  cell: Cell | undefined,
  label: string,
  report: Report,
): RecruiterId | null | undefined {
  if (refuseCell(cell, label, report)) return undefined;
  const text = textOf(cell);
  if (text == null) return null;
  const unit = oneUnit(text, cell, label, report);
  if (unit === undefined) return undefined;
  if (!unit) {
    report(
      'E_UNKNOWN_UNIT',
      'error',
      `${said(label, cell)}，不是本区产业办或街道名称；可填写产业办：${OFFICE_CHOICES}；或街道：${STREET_CHOICES}；没有招商单位时留空。`,
    );
    return undefined;
  }
  if (unit.kind === 'bureau') {
    report(
      'E_RECRUITER_BUREAU',
      'error',
      `${said(label, cell)}，区商务局（工作专班办公室）不服务企业，不能作为招商单位；应填写招商的产业办（${OFFICE_CHOICES}）或街道，没有时留空。`,
    );
    return undefined;
  }
  return unit.id as RecruiterId;
}

/**
 * A cell naming one entry of a fixed list: what `find` answers for its text; blank is null;
 * `code` with `…，${unknown}` when `find` knows no such entry.
 */
function choiceField<T>(
  cell: Cell | undefined,
  label: string,
  report: Report,
  find: (text: string) => T | undefined,
  code: string,
  unknown: string,
): T | null | undefined {
  if (refuseCell(cell, label, report)) return undefined;
  const text = textOf(cell);
  if (text == null) return null;
  const value = find(text);
  if (!value) {
    report(code, 'error', `${said(label, cell)}，${unknown}`);
    return undefined;
  }
  return value;
}

const ZONE_UNKNOWN = `不是本区园区名称；可填写：${ZONE_CHOICES}；不在这些园区时留空。`;
const MOVEMENT_UNKNOWN = `不是扩产或搬迁；可填写：${MOVEMENT_CHOICES}；都不是时留空。`;

/** 所在园区: a zone of docs/policy.md (E_UNKNOWN_UNIT otherwise); blank is null. */
export function zoneField(
  cell: Cell | undefined,
  label: string,
  report: Report,
): ZoneInfo | null | undefined {
  return choiceField(cell, label, report, cachedZone, 'E_UNKNOWN_UNIT', ZONE_UNKNOWN);
}

/** The longest 重大项目 name a register cell may hold (a project's name, not a description). */
export const KEY_PROJECT_MAX = 50;

/**
 * The key projects the register knows without a policy (the ids of `KEY_PROJECT_FORMS`, each
 * with its first form as name): what W_KEY_PROJECT_UNLISTED lists when the caller gives no
 * policies' list.
 */
export const REGISTER_KEY_PROJECTS: readonly KeyProjectName[] = Object.entries(KEY_PROJECT_FORMS).map(
  ([id, forms]) => ({ id, name: forms[0] ?? id }),
);

/**
 * 重大项目 as the register names it: a known form of a key project is its id (京东方产业链 →
 * `boe`); any other text is recorded compact (white space removed; the policies decide whether
 * it is a key project: the caller reports W_KEY_PROJECT_UNLISTED for it); longer than
 * {@link KEY_PROJECT_MAX} characters is E_TEXT_TOO_LONG; blank is null.
 */
export function keyProjectField(
  cell: Cell | undefined,
  label: string,
  report: Report,
): KeyProject | null | undefined {
  if (refuseCell(cell, label, report)) return undefined;
  const text = textOf(cell);
  if (text == null) return null;
  const known = findKeyProject(text);
  if (known) return known;
  const name = compact(text);
  if (name.length > KEY_PROJECT_MAX) {
    report(
      'E_TEXT_TOO_LONG',
      'error',
      `「${label}」有 ${name.length} 个字符，超过 ${KEY_PROJECT_MAX} 个；应只填写重大项目的名称（如${REGISTER_KEY_PROJECTS.map((p) => `“${p.name}”`).join('')}），不属于重大项目时留空，说明请写在「备注」。`,
    );
    return undefined;
  }
  return name;
}

/**
 * The one W_KEY_PROJECT_UNLISTED message: the values (each with where it was written, e.g.
 * `“天马”（第 5、7 行）`) that name no key project of `listed` (the policies in force); they
 * are recorded, and assigned by the other clauses until a policy lists them.
 */
export function keyProjectUnlistedMessage(
  label: string,
  values: readonly string[],
  listed: readonly KeyProjectName[],
): string {
  const names = listed.map((p) => p.name).join('、');
  return `「${label}」填写的${values.join('、')}不是现行通知所列的重大项目（${names ? `所列重大项目：${names}` : '现行通知未列重大项目'}）。已按填写内容记录；通知列入该项目之前，这些企业（项目）按其他条款判定归属。如是笔误，请改为所列重大项目的名称${names ? `（${names}）` : ''}；不属于重大项目时留空。`;
}

/** 扩产搬迁: 扩产 or 搬迁 (E_MOVEMENT_UNKNOWN otherwise); blank is null. */
export function movementField(
  cell: Cell | undefined,
  label: string,
  report: Report,
): Movement | null | undefined {
  return choiceField(cell, label, report, findMovement, 'E_MOVEMENT_UNKNOWN', MOVEMENT_UNKNOWN);
}

/**
 * A cell a typed parser reads: its value (null when blank); else `code` (or the cell's own
 * problem, such as a formula error) with the parser's problem.
 */
function parsedField<T>(
  parsed: Parsed<T>,
  cell: Cell | undefined,
  label: string,
  report: Report,
  code: string,
): T | null | undefined {
  if (parsed.ok) return parsed.value;
  report(cellProblem(cell)?.code ?? code, 'error', `${said(label, cell)}，${parsed.problem}。`);
  return undefined;
}

/** 是/否 (规上工业, 接收月报). */
export function booleanField(
  cell: Cell | undefined,
  label: string,
  report: Report,
): boolean | null | undefined {
  return parsedField(parseBooleanCell(cell), cell, label, report, 'E_BOOLEAN');
}

/** A date (建成投产日期). */
export function dateField(cell: Cell | undefined, label: string, report: Report): IsoDate | null | undefined {
  return parsedField(parseDateCell(cell), cell, label, report, 'E_DATE');
}

/** A month (月份, 报送月份). */
export function monthField(cell: Cell | undefined, label: string, report: Report): Month | null | undefined {
  return parsedField(parseMonthCell(cell), cell, label, report, 'E_MONTH');
}
