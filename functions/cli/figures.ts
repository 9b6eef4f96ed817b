/**
 * `lkg assess` on an indicators sheet: the figures as read, per enterprise and month, each with
 * what was written and what is stored (`12,345,678.90 元 → 1,234.56789 万元`, stored exactly,
 * shown in the monthly summaries to 2 decimals), so that a clerk checks 本月 against 累计 and
 * 元 against 万元 before sending.
 *
 * @module
 */
import { formatDecimal } from '#domain/decimal';
import { indicatorDefinition } from '#domain/indicators';
import { monthLabel } from '#domain/months';
import { SIDE_INFO } from '#domain/registers/side';
import { cellValueAsRead } from '#domain/registers/text';
import type { ParsedWorkbook, SheetGrid } from '#domain/types';
import { TERMINAL_COLUMNS, wrap } from './format.ts';

/** At most this many enterprise-months are listed (the rest counted). */
export const FIGURES_SHOWN = 200;

/** A canonical decimal with thousands separators, every digit kept: `1234.56789` → `1,234.56789`. */
export function groupedExact(value: string): string {
  const negative = value.startsWith('-');
  const body = negative ? value.slice(1) : value;
  const [int = '', frac] = body.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/gu, ',');
  return `${negative ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/**
 * The section `读取的指标数据`: one block per enterprise and month (in sheet order), one line
 * per indicator given: as written (with the unit of its header or of the table) → stored in the
 * catalog unit (exact) and as the summaries show it. Empty when the workbook has no figures.
 *
 * @param sheets the sheets as read (before they are let go)
 * @param parsed what `checkWorkbook` answered for them
 */
export function renderFigures(sheets: readonly SheetGrid[], parsed: ParsedWorkbook): string {
  const rows = parsed.indicators;
  if (rows.length === 0) return '';
  const columns = SIDE_INFO.get(parsed)?.amountColumns;
  const grids = new Map(sheets.map((s) => [s.name, s]));
  const out = [
    '',
    `读取的指标数据（${rows.length} 行；按企业、月份列出填写值和保存值：保存精确值，月报显示两位小数）：`,
  ];
  for (const row of rows.slice(0, FIGURES_SHOWN)) {
    const name = row.name ? `${row.name}（${row.key}）` : row.key;
    const sheet = row.sheet;
    out.push(
      wrap(`  ${name}　${monthLabel(row.month)}　（“${sheet}”第 ${row.row} 行）`, TERMINAL_COLUMNS, 4),
    );
    const cells = grids.get(sheet)?.rows[row.row - 1];
    for (const col of columns?.get(sheet) ?? []) {
      const def = indicatorDefinition(col.indicator);
      const value = row.values[col.indicator];
      const written = cellValueAsRead(cells?.[col.index] ?? undefined);
      if (value == null && (written == null || written.trim() === '')) continue;
      const as =
        written == null
          ? '（空）'
          : `${written}${col.unit && /\d$/u.test(written.normalize('NFKC')) ? ` ${col.unit}` : ''}`;
      const stored =
        value == null
          ? '未报（不保存数值）'
          : `${groupedExact(value)} ${def.unit}（月报显示 ${formatDecimal(value)}）`;
      out.push(wrap(`    ${def.header}：${as} → ${stored}`, TERMINAL_COLUMNS, 6));
    }
  }
  if (rows.length > FIGURES_SHOWN) out.push(`  ……另有 ${rows.length - FIGURES_SHOWN} 行未列出。`);
  return out.join('\n');
}
