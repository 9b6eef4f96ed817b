/**
 * How figures merge (the one place): indicators per enterprise × month × indicator, targets
 * per unit × year × indicator. An upload sets the figures it gives and nothing else.
 *
 * 填报说明 (domain/registers/template.ts) says the same to the clerk:
 * - 「指标和目标逐项合并：上传只改变填写了数值的单元格；一个数值只属于它所在的月份（年度），不会带到其他月份。」
 * - 「缺列、空白单元格及“—”“–”“/”“无”“未报”“-”表示未报送，不改变已有数值；0 是数值 0。」
 * - 「撤回一个已报送的数值：在该单元格填写“撤回”；一行的各项指标都填写“撤回”，撤回该企业该月的全部指标。」
 *
 * The rule, cell by cell, in upload order (the latest upload that gives a cell decides it,
 * whoever sent it):
 *
 * | the upload's cell                                   | the stored cell after                          |
 * |-----------------------------------------------------|------------------------------------------------|
 * | column absent, empty, a "nothing reported" mark     | unchanged                                      |
 * | a number (0 included)                               | that number, set by this upload                |
 * | 撤回 (withdraw)                                      | 未报 (as if never reported)                    |
 * | 撤回 in every indicator column of the row            | every figure of that enterprise-month withdrawn |
 *
 * A stored cell keeps the content that set it (`source`), so a change list can say who set a
 * figure that is kept. A withdrawn cell is stored as `value: null` with the content that
 * withdrew it: readers see it as 未报; the planner still sees who withdrew it and when, so the
 * result does not depend on the order uploads are planned in.
 *
 * Pure: no clock, no store. The planner (`planImport`, domain/ingest.ts) calls
 * {@link mergeFigures} for every row of an upload, over what the store holds; a rebuild and a
 * late delivery replay the uploads in upload order through the same planner, so they reach
 * the same figures.
 *
 * @example
 * ```ts
 * const { figures } = mergeFigures(
 *   { revenue: { value: '10', source: 'a' }, tax: { value: '1', source: 'a' } },
 *   { values: { revenue: '12', tax: null } },          // tax blank: changes nothing
 *   'b',
 *   () => true,
 * );
 * // figures: { revenue: { value: '12', source: 'b' }, tax: { value: '1', source: 'a' } }
 * ```
 *
 * @module
 */
import type { Decimal } from './decimal.ts';
import { INDICATOR_IDS } from './indicators.ts';
import type { IndicatorId } from './types.ts';

/** What a clerk writes in a figure's cell to withdraw it. */
export const WITHDRAW_MARK = '撤回';

/** One stored figure: its value (null: withdrawn — 未报) and the content that set it. */
export interface StoredFigure {
  value: Decimal | null;
  source: string;
}

/** The stored figures of one enterprise-month (or unit-year), by indicator. */
export type StoredFigures = Record<IndicatorId, StoredFigure>;

/**
 * One row as read: `values` has a key for every indicator column of its sheet (a figure, or
 * null for an empty cell, a "nothing reported" mark or 撤回); `withdrawn` the columns reading 撤回.
 */
export interface GivenFigures {
  values: Readonly<Record<IndicatorId, Decimal | null>>;
  withdrawn?: readonly IndicatorId[];
}

/** What a row does to one indicator: set a figure, or withdraw (null). Absent: nothing. */
export type RowEffects = Map<IndicatorId, Decimal | null>;

/** True when 撤回 is in every indicator column the row's sheet has (the whole enterprise-month). */
export function withdrawsWholeRow(row: GivenFigures): boolean {
  const withdrawn = row.withdrawn ?? [];
  if (withdrawn.length === 0) return false;
  return Object.keys(row.values).every((k) => withdrawn.includes(k));
}

/**
 * What a row does, indicator by indicator: its figures, its withdrawals (every indicator of
 * the catalog when the whole row reads 撤回), nothing for the rest.
 */
export function rowEffects(row: GivenFigures): RowEffects {
  const out: RowEffects = new Map();
  if (withdrawsWholeRow(row)) {
    for (const id of INDICATOR_IDS) out.set(id, null);
    for (const id of row.withdrawn ?? []) out.set(id, null);
    return out;
  }
  for (const [id, value] of Object.entries(row.values)) if (value != null) out.set(id, value);
  for (const id of row.withdrawn ?? []) out.set(id, null);
  return out;
}

/** True when the row gives no figure and withdraws nothing (allowed from anyone: it changes nothing). */
export function givesNothing(row: GivenFigures): boolean {
  return rowEffects(row).size === 0;
}

/** One cell an upload changes: before (null: never stored) and after. */
export interface FigureChange {
  indicator: IndicatorId;
  before: StoredFigure | null;
  after: StoredFigure;
}

/**
 * Merges one row of an upload into the stored figures of its enterprise-month (unit-year).
 *
 * A cell held by another content that is LATER in upload order (`isEarlier(holder)` false) is
 * kept; every other cell the row gives takes the row's value and source — a withdrawal too,
 * even of a cell that holds no figure (it stays 未报 to readers, but an earlier upload planned
 * after it cannot bring a figure back). So the figures after a set of uploads do not depend on
 * the order they are planned in: each cell holds what the latest upload giving it gave. A
 * figure equal to the stored one but given by a later content names that content as its
 * source; the same content giving the same cell again changes nothing (a file uploaded again
 * writes nothing).
 *
 * @param current the stored figures (undefined: none)
 * @param row the row as read
 * @param source the content id of the upload
 * @param isEarlier whether a holder's content comes before this upload in upload order
 * @returns the figures after, and the cells that changed (empty: nothing to write)
 */
export function mergeFigures(
  current: Readonly<StoredFigures> | undefined,
  row: GivenFigures,
  source: string,
  isEarlier: (holder: string) => boolean,
): { figures: StoredFigures; changes: FigureChange[] } {
  const figures: StoredFigures = { ...current };
  const changes: FigureChange[] = [];
  for (const [indicator, value] of rowEffects(row)) {
    const before = figures[indicator] ?? null;
    if (before && before.source !== source && !isEarlier(before.source)) continue;
    if (before && before.value === value && before.source === source) continue;
    const after: StoredFigure = { value, source };
    figures[indicator] = after;
    changes.push({ indicator, before, after });
  }
  return { figures, changes };
}

/**
 * The values of merged figures as readers see them: the figures only (a withdrawn cell is
 * 未报, as if never reported); null when none is left.
 */
export function reportedValues(figures: Readonly<StoredFigures>): Record<IndicatorId, Decimal> | null {
  const out: Record<IndicatorId, Decimal> = {};
  let any = false;
  for (const [id, f] of Object.entries(figures)) {
    if (f.value == null) continue;
    out[id] = f.value;
    any = true;
  }
  return any ? out : null;
}

/**
 * Values merged without sources (a workbook's rows over the stored values, e.g. to compare
 * 本年累计 with the months as they will be): the same rule, the row always the latest.
 */
export function mergeValues(
  current: Readonly<Record<IndicatorId, Decimal | null>> | undefined,
  row: GivenFigures,
): Record<IndicatorId, Decimal | null> {
  const out: Record<IndicatorId, Decimal | null> = { ...current };
  for (const [indicator, value] of rowEffects(row)) {
    if (value === null) delete out[indicator];
    else out[indicator] = value;
  }
  return out;
}
