/**
 * Formatting for people (docs/summaries.md: rounding happens only where a person reads):
 * 2 decimals for 万元/万美元, 1 decimal for percentages, "—" for null, and HTML escaping.
 *
 * @module
 */
import { type Decimal, decimalFromNumber, formatDecimal } from '../decimal.ts';
import { INDICATORS } from '../indicators.ts';
import type { IndicatorFigures } from '../summaries.ts';
import type { Stage } from '../types.ts';
import { UNITS, type UnitId } from '../units.ts';

/**
 * What 首次报送, 新登记 and a first-reported transfer mean (the e-mails' notes, the text
 * alternative and the workbook's 说明): the timeline's `storyOf`, in people's words.
 */
export const STORY_NOTE =
  '首次报送：报送月份首次为本月的企业（项目）；新登记：首次报送且本月项目状态为新引进或已签约的项目（多年前已建成投产、本月才首次报送的企业只计首次报送，不计新登记）；首次报送的企业按其台账信息上月若由另一单位承担指标（如工作专班决定、建成投产移交），同时计入本月划入、划出，与“划转确认”所列一致。';

/**
 * 首次报送 and 新登记 of a row in a sentence. A summary stored before 首次报送 was counted has
 * no `firstReported`: its `new` counted every first-reported record.
 */
export function storyCounts(c: { firstReported?: number; new: number }): string {
  return c.firstReported == null
    ? `本月首次报送 ${c.new} 家`
    : `本月首次报送 ${c.firstReported} 家（其中新登记 ${c.new} 家）`;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Money, rounded half away from zero to 2 decimals with thousands separators; "—" for null. */
export function money(value: Decimal | null | undefined): string {
  return formatDecimal(value ?? null, 2);
}

/** A fraction as a percentage with 1 decimal (0.19753 → "19.8%"); "—" for null. */
export function percent(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '—';
  return `${formatDecimal(decimalFromNumber(value * 100), 1)}%`;
}

/** A difference of fractions in percentage points: "超 2.3 个百分点", "落后 63.5 个百分点", "持平". */
export function points(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '—';
  const text = formatDecimal(decimalFromNumber(Math.abs(value) * 100), 1);
  if (text === '0.0') return '持平';
  return value > 0 ? `超 ${text} 个百分点` : `落后 ${text} 个百分点`;
}

/** Percentage rounded to 1 decimal as a number (for xlsx cells), null for null. */
export function percentNumber(value: number | null | undefined): number | null {
  if (value == null || !Number.isFinite(value)) return null;
  return Number(formatDecimal(decimalFromNumber(value * 100), 1).replace(/,/g, ''));
}

/** The column headers of an indicator's figures, in {@link figureTexts} order. */
export const FIGURE_HEADERS: readonly string[] = [
  '本月',
  '本年累计',
  '同比（可比口径）',
  '环比',
  '年度目标',
  '完成率',
  '时序进度',
  '超（落后）时序进度',
];

/** An indicator's figures as text, one per {@link FIGURE_HEADERS} column. */
export function figureTexts(f: IndicatorFigures): string[] {
  return [
    money(f.month),
    money(f.ytd),
    percent(f.yoy),
    percent(f.mom ?? null),
    targetText(f),
    percent(f.completion),
    percent(f.timeProgress),
    points(f.ahead),
  ];
}

/**
 * 年度目标 as people read it: the amount; for the district, 「（各单位之和）」 when it is the sum
 * of the units' targets, or 「— （N 个单位未设目标）」 when there is none to compare with.
 */
export function targetText(
  f: Pick<IndicatorFigures, 'target' | 'targetFrom' | 'unitsWithoutTarget'>,
): string {
  if (f.target != null)
    return f.targetFrom === 'units' ? `${money(f.target)}（各单位之和）` : money(f.target);
  const missing = f.unitsWithoutTarget ?? 0;
  return missing > 0 && f.targetFrom === null ? `—（${missing} 个单位未设目标）` : money(f.target);
}

/** Stage names as the registers write them. */
export const STAGE_LABELS: Record<Stage, string> = {
  new: '新引进',
  signed: '已签约',
  building: '在建',
  built: '已建成投产',
  inactive: '已注销/已迁出',
};

/** The pipeline order for offices (新引进 → 已签约 → 在建 → 已建成投产). */
export const PIPELINE: readonly Exclude<Stage, 'inactive'>[] = ['new', 'signed', 'building', 'built'];

/** `营业收入（万元）`. */
export function indicatorLabel(id: string): string {
  const def = INDICATORS.find((i) => i.id === id);
  return def ? `${def.header}（${def.unit}）` : id;
}

/** `营业收入`. */
export function indicatorName(id: string): string {
  return INDICATORS.find((i) => i.id === id)?.header ?? id;
}

/** A unit's short name for narrow table cells: an office's shortest 产业办 alias (综保物流产业办), else its name. */
export function shortUnitName(unit: UnitId | string): string {
  const info = UNITS.find((u) => u.id === unit);
  if (!info) return String(unit);
  if (info.kind !== 'office') return info.name;
  const forms = info.aliases.filter((a) => a.endsWith('产业办')).sort((a, b) => a.length - b.length);
  return forms[0] ?? info.name;
}

/** The unit of an indicator (万元 or 万美元). */
export function indicatorUnit(id: string): string {
  return INDICATORS.find((i) => i.id === id)?.unit ?? '';
}
