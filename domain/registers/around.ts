/**
 * The rows around a table: 合计/小计/总计 rows, 注：… and 说明 rows,
 * 填表人/审核人/联系电话 rows, blank separator rows. They are recognised, left out, and
 * reported once per sheet (W_ROWS_SKIPPED), not as an error per row; a 合计 row's numbers are
 * checked against the column sums.
 *
 * @module
 */
import type { Cell } from '../types.ts';
import { compact } from './text.ts';

/** total: 合计/总计 · subtotal: 小计 · note: 注/说明 · signature: 填表人/审核人/联系电话 · blank. */
export type AroundKind = 'total' | 'subtotal' | 'note' | 'signature' | 'blank';

/** The words (compacted) that open each kind of row; data, one entry per word. */
export const AROUND_WORDS: Readonly<Record<Exclude<AroundKind, 'blank'>, readonly string[]>> = {
  total: ['合计', '总计', '本页合计', '合计数', '总合计', '累计合计'],
  subtotal: ['小计'],
  note: ['注', '注:', '注：', '说明', '说明:', '说明：', '备注:', '备注：', '填报说明', '附注'],
  signature: [
    '填表人',
    '填报人',
    '制表人',
    '审核人',
    '负责人',
    '单位负责人',
    '统计负责人',
    '分管领导',
    '联系电话',
    '联系人',
    '填报日期',
    '填表日期',
    '报送日期',
  ],
};

/** How the W_ROWS_SKIPPED message names each kind. */
export const AROUND_NAMES: Readonly<Record<AroundKind, string>> = {
  total: '合计',
  subtotal: '小计',
  note: '说明',
  signature: '签字栏',
  blank: '空行',
};

const EXACT = new Map<string, AroundKind>();
for (const [kind, words] of Object.entries(AROUND_WORDS) as [AroundKind, readonly string[]][])
  for (const w of words) EXACT.set(compact(w), kind);
/** A note or signature row opens with its word followed by a colon or the text: `注：1. …`, `填表人：张三`. */
const OPENING =
  /^(注|说明|备注|附注|填报说明|填表人|填报人|制表人|审核人|负责人|单位负责人|统计负责人|分管领导|联系电话|联系人|填报日期|填表日期|报送日期)(?:[:：]|\d|[一二三四五六七八九十]、|[（(])/u;
const SIGNATURE_FIRST =
  /^(填表人|填报人|制表人|审核人|负责人|单位负责人|统计负责人|分管领导|联系电话|联系人|填报日期|填表日期|报送日期)/u;

/**
 * What kind of row around the table this is, or null for a data row. Looks at the first
 * three non-blank cells only (a 序号 number may come first): cheap enough for every row.
 *
 * @param allowDistrict on a targets sheet 全区合计 is the district's row, not a total
 */
export function aroundKindOf(cells: readonly Cell[]): AroundKind | null {
  let seen = 0;
  for (let j = 0; j < cells.length && seen < 3; j++) {
    const cell = cells[j];
    if (cell == null) continue;
    if (cell.t !== 'text') {
      seen++;
      continue;
    }
    const v = cell.v;
    if (v.trim() === '') continue;
    seen++;
    const s = v.length <= 12 ? compact(v) : v.trim();
    const exact = EXACT.get(s);
    if (exact) return exact;
    const m = OPENING.exec(s);
    if (m) return SIGNATURE_FIRST.test(s) ? 'signature' : 'note';
  }
  return null;
}
