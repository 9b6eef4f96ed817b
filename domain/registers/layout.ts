/**
 * Where a sheet's table is: the header however it is drawn — title rows and
 * 填报单位/单位：万元 rows above it, a two-level header (a merged group cell such as 营业收入
 * or 项目基本情况 over sub-headers in the next row; merges in either row; group labels
 * repeated or not), a 序号 column. Per sheet, never per cell: the data rows are not looked at.
 *
 * @module
 */
import type { Cell, MergedRange, SheetGrid } from '../types.ts';
import { isKnownHeader, normalizeHeader } from './columns.ts';
import { type NamedMonth, namedMonthOf, type Period, periodOf, splitPeriod } from './periods.ts';
import { cellValueAsRead, compact } from './text.ts';
import { checkUscc } from './values.ts';

/** The header row is looked for within this many rows (offices put titles above the table). */
export const HEADER_SEARCH_ROWS = 10;

/** Headers read as "not data" without a finding: the running number of a row. */
export const IGNORED_HEADERS: ReadonlySet<string> = new Set([
  '序号',
  '序',
  '行号',
  '行次',
  'No',
  'No.',
  'NO',
  'NO.',
  '排序',
]);

/** One column of a placed header. */
export interface HeadColumn {
  readonly index: number;
  /** The text to match against the column dictionaries (the group when the sub-header is a period). */
  readonly text: string;
  /** As people read it: `营业收入/本月` for a two-level header, else the one header text. */
  readonly written: string;
  /** The period the header names (本月 / 本年累计 / 上年同期 / 同比), or null. */
  readonly period: Period | null;
  /** A unit written with the sub-header (`本月（万元）`), or null. */
  readonly subUnit: string | null;
  /**
   * The month the (sub-)header names by its number (10月, 1-10月, 上月), or null: its period
   * is decided against the sheet's own month when the columns are bound.
   */
  readonly named?: NamedMonth | null;
}

/** A sheet's header as placed. */
export interface HeaderPlacement {
  /** 0-based row of the (top) header. */
  readonly headerRow: number;
  /** 0-based row of the sub-header, or null for a one-row header. */
  readonly subRow: number | null;
  readonly columns: readonly HeadColumn[];
  /** A sheet-wide unit stated above the table (`单位：万元`), or null. */
  readonly unitAbove: string | null;
  /** The texts above the header (title, 填报单位…): the title may state the month. */
  readonly above: readonly string[];
}

/** The text of a header cell (line breaks removed), or null for a blank or non-text cell. */
export function headerText(cell: Cell | undefined): string | null {
  if (cell == null) return null;
  if (cell.t === 'text') {
    const s = cell.v.replace(/[\r\n]+/gu, '').trim();
    return s === '' ? null : s;
  }
  if (cell.t === 'number' || cell.t === 'date' || cell.t === 'boolean') return cellValueAsRead(cell);
  return null;
}

const UNIT_ABOVE = /单位[:：]\s*(亿美元|万美元|美元|亿元|万元|元)/u;

/** A cell a header row never holds: a number, a date, a boolean, a code of USCC form. */
function isDataLike(cell: Cell | undefined): boolean {
  if (cell == null) return false;
  if (cell.t === 'number' || cell.t === 'date' || cell.t === 'boolean') return true;
  return cell.t === 'text' && cell.v.length >= 18 && checkUscc(cell.v.trim()).format;
}

/** The merges of the sheet that start in the first rows (where headers are). */
function headerMerges(grid: SheetGrid, upTo: number): MergedRange[] {
  return (grid.merges ?? []).filter((m) => m.s.r <= upTo);
}

/** Row `r`'s header texts, a merged cell's text given to every column it covers in that row. */
function filledRow(
  grid: SheetGrid,
  r: number,
  merges: readonly MergedRange[],
  width: number,
): (string | null)[] {
  const row = grid.rows[r] ?? [];
  const out: (string | null)[] = new Array(width).fill(null);
  for (let c = 0; c < width; c++) out[c] = headerText(row[c]);
  for (const m of merges) {
    if (m.s.r > r || m.e.r < r) continue;
    const text = headerText(grid.rows[m.s.r]?.[m.s.c]);
    // A cell merged down from the row above belongs to that row's header: not repeated here.
    if (m.s.r !== r) {
      for (let c = m.s.c; c <= Math.min(m.e.c, width - 1); c++) out[c] = null;
      continue;
    }
    for (let c = m.s.c; c <= Math.min(m.e.c, width - 1); c++) out[c] = text;
  }
  return out;
}

function known(text: string | null): boolean {
  if (text == null) return false;
  const form = normalizeHeader(text);
  if (isKnownHeader(form)) return true;
  const split = splitPeriod(form.base ?? form.whole);
  return split != null && isKnownHeader(normalizeHeader(split.base));
}

/** The period a (sub-)header names: 本月, 本年累计 … or a month by its number (provisional). */
function periodForm(text: string): { period: Period; unit: string | null; named: NamedMonth | null } | null {
  const form = normalizeHeader(text);
  const named = namedMonthOf(form.whole);
  if (named) {
    const period = named.kind === 'single' ? 'month' : named.kind === 'span' ? 'ytd' : 'lastYear';
    return { period, unit: null, named };
  }
  const whole = periodOf(form.whole);
  if (whole) return { period: whole, unit: null, named: null };
  const base = form.base == null ? null : periodOf(form.base);
  if (!base) return null;
  // 上年同期（1-10月）: the brackets name the months, not a unit.
  const unit = form.unit != null && namedMonthOf(form.unit) ? null : form.unit;
  return { period: base, unit, named: null };
}

/** Whether row `r + 1` is the sub-header of row `r` (two-level header). */
function isSubRow(
  grid: SheetGrid,
  r: number,
  top: readonly (string | null)[],
  sub: readonly (string | null)[],
): boolean {
  const next = grid.rows[r + 1];
  if (!next) return false;
  for (const cell of next) if (isDataLike(cell)) return false;
  // A title (one text, merged across the table or not) is no group row, nor is a row of
  // 填报单位：… / 单位：万元 (label and value).
  const distinct = new Set<string>();
  for (const t of top) {
    if (t == null) continue;
    if (/[:：]/u.test(t)) return false;
    distinct.add(t);
  }
  if (distinct.size < 2) return false;
  let evidence = false;
  for (let c = 0; c < sub.length; c++) {
    const s = sub[c] ?? null;
    if (s == null) continue;
    if (periodForm(s)) evidence = true;
    else if (known(s) && !known(top[c] ?? null)) evidence = true;
  }
  return evidence;
}

/** The columns of a header at row `r`, with the sub-header row when there is one. */
function columnsAt(
  grid: SheetGrid,
  r: number,
  width: number,
  merges: readonly MergedRange[],
): { columns: HeadColumn[]; sub: boolean } {
  const top = filledRow(grid, r, merges, width);
  const below = filledRow(grid, r + 1, merges, width);
  const sub = isSubRow(grid, r, top, below);
  const columns: HeadColumn[] = [];
  let lastGroup: string | null = null;
  for (let c = 0; c < width; c++) {
    let group = top[c] ?? null;
    const s = sub ? (below[c] ?? null) : null;
    const period = s == null ? null : periodForm(s);
    // A group label written once, over sub-headers 本月 / 本年累计 not merged: it goes on.
    if (group == null && period && lastGroup != null) group = lastGroup;
    if (period) lastGroup = group;
    else if (s == null || group == null) lastGroup = null;
    let column: HeadColumn | null = null;
    if (s != null && period && group != null) {
      const groupPeriod = periodOf(normalizeHeader(group).whole);
      // 本月 over 营业收入 (the period as the group) is read the other way round.
      column = groupPeriod
        ? { index: c, text: s, written: `${group}/${s}`, period: groupPeriod, subUnit: null }
        : {
            index: c,
            text: group,
            written: `${group}/${s}`,
            period: period.period,
            subUnit: period.unit,
            named: period.named,
          };
    } else if (s != null && group != null && group !== s) {
      const groupPeriod = periodForm(group);
      if (groupPeriod)
        column = {
          index: c,
          text: s,
          written: `${group}/${s}`,
          period: groupPeriod.period,
          subUnit: groupPeriod.unit,
          named: groupPeriod.named,
        };
      else if (known(s) || !known(group))
        column = { index: c, text: s, written: s, period: null, subUnit: null };
      else column = { index: c, text: group, written: `${group}/${s}`, period: null, subUnit: null };
    } else if (s != null) {
      column = {
        index: c,
        text: s,
        written: s,
        period: period?.period ?? null,
        subUnit: period?.unit ?? null,
        named: period?.named ?? null,
      };
    } else if (group != null) {
      const p = periodForm(group);
      column = {
        index: c,
        text: group,
        written: group,
        period: p?.period ?? null,
        subUnit: p?.unit ?? null,
        named: p?.named ?? null,
      };
    }
    if (column) columns.push(column);
  }
  return { columns, sub };
}

/**
 * Places a sheet's header: the first of the first {@link HEADER_SEARCH_ROWS} rows whose
 * columns (with the sub-header row under it, when there is one) hold at least two known
 * headers (or headers a column mapping names: `mapped`); null when none does.
 */
export function placeHeader(
  grid: SheetGrid,
  mapped: (text: string) => boolean = () => false,
): HeaderPlacement | null {
  const counts = (text: string | null) => known(text) || (text != null && mapped(text));
  const limit = Math.min(grid.rows.length, HEADER_SEARCH_ROWS);
  const merges = headerMerges(grid, limit);
  let width = 0;
  for (let r = 0; r < Math.min(grid.rows.length, limit + 1); r++)
    width = Math.max(width, grid.rows[r]?.length ?? 0);
  for (const m of merges) width = Math.max(width, m.e.c + 1);
  const above: string[] = [];
  for (let r = 0; r < limit; r++) {
    const row = grid.rows[r] ?? [];
    let count = 0;
    for (const cell of row) {
      if (counts(headerText(cell))) count++;
      if (count >= 2) break;
    }
    // A group row alone may hold fewer than two known headers (项目基本情况 | 所在街道).
    const { columns, sub } = columnsAt(grid, r, width, merges);
    let total = 0;
    for (const col of columns) if (counts(col.text)) total++;
    if (count >= 2 || (sub && total >= 2)) {
      let unitAbove: string | null = null;
      for (const text of above) {
        const m = UNIT_ABOVE.exec(compact(text));
        if (m) unitAbove = m[1] ?? null;
      }
      // The unit may also stand at the end of the header row's line above, or in the header row itself.
      for (const cell of row) {
        const t = headerText(cell);
        const m = t == null ? null : UNIT_ABOVE.exec(compact(t));
        if (m) unitAbove = m[1] ?? null;
      }
      return {
        headerRow: r,
        subRow: sub ? r + 1 : null,
        columns: columns.filter((c) => !UNIT_ABOVE.test(compact(c.text))),
        unitAbove,
        above,
      };
    }
    for (const cell of row) {
      const t = headerText(cell);
      if (t != null) above.push(t);
    }
  }
  return null;
}

/**
 * Notes beside the figures: on an indicators, targets or contacts sheet ignored without a
 * finding (on a register sheet 备注 is a field).
 */
export const NOTE_HEADERS: ReadonlySet<string> = new Set([
  '备注',
  '说明',
  '备注说明',
  '情况说明',
  '附注',
  '备注栏',
]);

/** True for a 序号-like header: ignored without a finding. */
export function isIgnoredHeader(text: string): boolean {
  return IGNORED_HEADERS.has(compact(text));
}
