/**
 * The template column(s) an unknown header most likely means: a header still
 * unknown gets a warning naming them — 「属地」是否指「所在街道」？ — not a generic list.
 * Nearness is the number of characters the header shares with a column's header or one of its
 * synonyms (at least two, or all of a one-character header); ties are all named.
 *
 * @module
 */
import type { SheetKind } from '../types.ts';
import { COLUMNS } from './columns.ts';
import { compact } from './text.ts';

function shared(a: string, b: string): number {
  const chars = new Set(b);
  let n = 0;
  for (const ch of new Set(a)) if (chars.has(ch)) n++;
  return n;
}

/** The template headers nearest to `written` in a sheet kind, best first (at most three). */
export function nearestColumns(written: string, kind: SheetKind): string[] {
  const text = compact(written).replace(/[（(][^）)]*[）)]$/u, '');
  if (text === '') return [];
  let best = 0;
  let names: string[] = [];
  for (const column of COLUMNS[kind]) {
    let score = 0;
    for (const form of [column.header, ...column.synonyms])
      score = Math.max(score, shared(text, compact(form)));
    if (score < Math.min(2, text.length)) continue;
    if (score > best) {
      best = score;
      names = [column.header];
    } else if (score === best && !names.includes(column.header)) names.push(column.header);
  }
  return names.slice(0, 3);
}

/** How many columns {@link rankedColumns} names at most. */
export const RANKED_MAX = 6;

/**
 * The template headers of a sheet kind that share characters with `written`, nearest first
 * (ties in the template's order): what the console offers for an unknown header. The text in
 * the header's brackets counts too (企业地址（街道） is near 所在街道).
 */
export function rankedColumns(written: string, kind: SheetKind): string[] {
  const whole = compact(written);
  const stripped = whole.replace(/[（(][^）)]*[）)]$/u, '');
  const plain = whole.replace(/[（）()[\]【】]/gu, '');
  const scored: { header: string; score: number; at: number }[] = [];
  for (const [at, column] of COLUMNS[kind].entries()) {
    let score = 0;
    for (const form of [column.header, ...column.synonyms]) {
      const f = compact(form);
      score = Math.max(score, shared(stripped, f), shared(plain, f));
    }
    if (score >= Math.min(2, plain.length) && score > 0) scored.push({ header: column.header, score, at });
  }
  return scored
    .sort((a, b) => b.score - a.score || a.at - b.at)
    .slice(0, RANKED_MAX)
    .map((s) => s.header);
}
