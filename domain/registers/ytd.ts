/**
 * 本年累计 (year to date) is never a month value: it is not stored; where the
 * stored months of that year are known it is compared with their sum plus this month
 * (W_YTD_MISMATCH with both numbers), else it is ignored with one warning per sheet
 * (W_YTD_IGNORED). Pure: the caller hands in the months it knows.
 *
 * @example
 * ```ts
 * const findings = yearToDateFindings(parsed, (key, month) => stored.get(`${key}#${month}`));
 * ```
 *
 * @module
 */
import { add, compare, type Decimal } from '../decimal.ts';
import { mergeValues } from '../figures.ts';
import { INDICATORS } from '../indicators.ts';
import { makeMonth, monthLabel, yearToDate } from '../months.ts';
import type { Finding, IndicatorId, IndicatorRow, Month, ParsedWorkbook, YearToDateCell } from '../types.ts';

/** The values of one key's month: undefined when that month is not known at all. */
export type MonthValues = (
  key: string,
  month: Month,
) => Readonly<Record<IndicatorId, Decimal | null>> | undefined;

const HEADERS = new Map(INDICATORS.map((d) => [d.id, d]));

/**
 * The months of the workbook itself, as a {@link MonthValues}: its indicator rows.
 * Combine with the stored ones (`(k, m) => fromWorkbook(k, m) ?? stored(k, m)`).
 */
export function workbookMonths(parsed: ParsedWorkbook): MonthValues {
  return knownMonths(parsed, []);
}

/**
 * The months as they will be after the import: the workbook's rows merged cell by cell over
 * the stored ones (`storedRows`: the stored indicator rows of the keys with 本年累计 figures,
 * e.g. from `Store.indicatorsByKey`; domain/figures.ts `mergeValues`).
 */
export function knownMonths(parsed: ParsedWorkbook, storedRows: readonly IndicatorRow[]): MonthValues {
  const months = new Map<string, Record<IndicatorId, Decimal | null>>();
  for (const row of storedRows) months.set(`${row.key}\u0000${row.month}`, row.values);
  for (const row of parsed.indicators) {
    const at = `${row.key}\u0000${row.month}`;
    months.set(at, mergeValues(months.get(at), row));
  }
  return (key, month) => months.get(`${key}\u0000${month}`);
}

/** The keys whose stored months {@link yearToDateFindings} needs (those with 本年累计 figures). */
export function yearToDateKeys(parsed: ParsedWorkbook): string[] {
  return [...new Set((parsed.yearToDate ?? []).map((c) => c.key))];
}

/** The sum of January … `month` of one indicator, or null when a month is not known. */
export function sumOfYear(
  key: string,
  month: Month,
  indicator: IndicatorId,
  known: MonthValues,
): Decimal | null {
  let sum: Decimal = '0';
  for (const m of yearToDate(month)) {
    const values = known(key, m);
    if (values === undefined) return null;
    const v = values[indicator];
    if (v != null) sum = add(sum, v);
  }
  return sum;
}

/**
 * W_YTD_MISMATCH for each 本年累计 figure that differs from the sum of its year's months
 * (January up to and including the month of its row); W_YTD_IGNORED once per sheet for the
 * figures whose earlier months are not all known.
 */
export function yearToDateFindings(parsed: ParsedWorkbook, known: MonthValues): Finding[] {
  const findings: Finding[] = [];
  const ignored = new Map<string, YearToDateCell[]>();
  for (const cell of parsed.yearToDate ?? []) {
    const sum = sumOfYear(cell.key, cell.month, cell.indicator, known);
    const def = HEADERS.get(cell.indicator);
    const name = def?.header ?? cell.indicator;
    const unit = def?.unit ?? '';
    if (sum === null) {
      const list = ignored.get(cell.sheet) ?? [];
      list.push(cell);
      ignored.set(cell.sheet, list);
      continue;
    }
    if (compare(sum, cell.value) !== 0) {
      findings.push({
        code: 'W_YTD_MISMATCH',
        severity: 'warning',
        sheet: cell.sheet,
        row: cell.row,
        column: cell.column,
        value: cell.value,
        message: `「${name}」本年累计填写为 ${cell.value} ${unit}，但 ${cell.month.slice(0, 4)} 年 1 月至${monthLabel(cell.month)}各月${name}之和为 ${sum} ${unit}（已保存的月份加本月）；本年累计不保存，只作核对：请核对本月数或以前月份的数据。`,
      });
    }
  }
  for (const [sheet, cells] of ignored) {
    const columns = [...new Set(cells.map((c) => c.column))].join('、');
    const missing = missingMonths(cells, known);
    findings.push({
      code: 'W_YTD_IGNORED',
      severity: 'warning',
      sheet,
      row: null,
      column: columns,
      value: null,
      message: `工作表“${sheet}”的本年累计列（${columns}）未导入：本年累计不是当月数，系统只保存本月数；${missing}的数据本文件和已存数据中都没有，无法核对累计数，已忽略（共 ${cells.length} 个）。如需核对，请先上报这些月份的数据。`,
    });
  }
  return findings;
}

/**
 * The months whose figures are missing for the 本年累计 cells of a sheet, as a person reads
 * them: `2026年1月至9月中的 3月、5月` (per year; the cells' own month included when missing).
 */
export function missingMonths(cells: readonly YearToDateCell[], known: MonthValues): string {
  const byYear = new Map<string, { upTo: number; missing: Set<number> }>();
  for (const cell of cells) {
    const year = cell.month.slice(0, 4);
    const upTo = Number(cell.month.slice(5, 7));
    const entry = byYear.get(year) ?? { upTo: 0, missing: new Set<number>() };
    entry.upTo = Math.max(entry.upTo, upTo);
    for (let m = 1; m <= upTo; m++) {
      if (entry.missing.has(m)) continue;
      if (known(cell.key, makeMonth(Number(year), m)) === undefined) entry.missing.add(m);
    }
    byYear.set(year, entry);
  }
  return [...byYear]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([year, { upTo, missing }]) => {
      const list = [...missing].sort((a, b) => a - b).map((m) => `${m}月`);
      // The year's earlier months (the row's own month is normally in the file).
      const earlier = Math.max(1, upTo - 1);
      const span = earlier === 1 ? `${year}年1月` : `${year}年1月至${earlier}月`;
      const all = [...missing].filter((m) => m <= earlier).length === earlier;
      return all && earlier > 1 ? `${span}（各月）` : `${span}中的 ${list.join('、')}`;
    })
    .join('，');
}
