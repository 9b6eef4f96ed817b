/**
 * Terminal tables for the `lkg` commands: widths in display columns, where a CJK character
 * (East Asian Wide or Fullwidth) takes two columns, so that a Chinese table lines up and fits
 * an 80-column terminal.
 *
 * @example
 * ```ts
 * import { table } from '../format.ts';
 * console.log(table([{ header: '名称', width: 20 }, { header: '街道', width: 8 }], [['武汉示例有限公司', '径河街']]));
 * ```
 *
 * @module
 */

/** The terminal width the tables are made for. */
export const TERMINAL_COLUMNS = 80;

/** True for code points a terminal draws two columns wide (East Asian Wide/Fullwidth). */
export function isWide(cp: number): boolean {
  return (
    cp >= 0x1100 &&
    (cp <= 0x115f ||
      cp === 0x2026 || // … (ambiguous: counted wide so that a cut never overflows)
      (cp >= 0x2e80 && cp <= 0x303e) ||
      (cp >= 0x3041 && cp <= 0x33ff) ||
      (cp >= 0x3400 && cp <= 0x4dbf) ||
      (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xa000 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe10 && cp <= 0xfe19) ||
      (cp >= 0xfe30 && cp <= 0xfe6f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x1f300 && cp <= 0x1f64f) ||
      (cp >= 0x1f900 && cp <= 0x1f9ff) ||
      (cp >= 0x20000 && cp <= 0x3fffd))
  );
}

/** True for code points that take no column (combining marks, zero-width characters). */
function isZeroWidth(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff
  );
}

function charWidth(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (isZeroWidth(cp)) return 0;
  return isWide(cp) ? 2 : 1;
}

/** The width of a string in terminal columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w;
}

/** Cuts a string to at most `width` columns, ending with `…` when something was cut. */
export function truncate(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  const room = width - 2; // `…` counted as 2
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = charWidth(ch);
    if (w + cw > room) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

/** Pads (or cuts) a string to exactly `width` columns. */
export function pad(s: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = truncate(s, width);
  const fill = ' '.repeat(Math.max(0, width - displayWidth(cut)));
  return align === 'left' ? cut + fill : fill + cut;
}

export interface Column {
  header: string;
  /** Width in display columns. */
  width: number;
  align?: 'left' | 'right';
}

/**
 * A table: a header line, a rule, one line per row; columns separated by two spaces, every
 * cell cut to its column. Trailing spaces are trimmed.
 */
export function table(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) =>
    columns
      .map((c, j) => pad(cells[j] ?? '', c.width, c.align))
      .join('  ')
      .trimEnd();
  const total = columns.reduce((n, c) => n + c.width, 0) + 2 * (columns.length - 1);
  return [
    line(columns.map((c) => c.header)),
    '─'.repeat(Math.min(total, TERMINAL_COLUMNS)),
    ...rows.map(line),
  ].join('\n');
}

/** Marks that must not start a line (Chinese line breaking, 避头点). */
const NO_LINE_START = new Set([...'，。、；：！？）》」』”’…%,.;:!?)]}']);

/**
 * Wraps text to lines of at most `width` columns; continuation lines are indented by
 * `indent` spaces. Breaks between any two CJK characters, and at spaces in other text.
 */
export function wrap(text: string, width = TERMINAL_COLUMNS, indent = 0): string {
  const lines: string[] = [];
  let current = '';
  let w = 0;
  const limit = () => (lines.length === 0 ? width : width - indent);
  for (const ch of text) {
    if (ch === '\n') {
      lines.push(current);
      current = '';
      w = 0;
      continue;
    }
    const cw = charWidth(ch);
    if (w + cw > limit()) {
      // Prefer breaking at the last space when the line is Latin text.
      const space = current.lastIndexOf(' ');
      const tail = space > 0 ? current.slice(space + 1) : '';
      if (space > 0 && cw === 1 && ch !== ' ' && tail.length <= 20 && displayWidth(tail) === tail.length) {
        lines.push(current.slice(0, space));
        current = current.slice(space + 1);
        w = displayWidth(current);
      } else if (NO_LINE_START.has(ch) && current.length > 1) {
        // Chinese line breaking: a closing mark never starts a line; carry the last character over.
        const chars = [...current];
        const last = chars.pop() as string;
        lines.push(chars.join(''));
        current = last;
        w = charWidth(last);
      } else {
        lines.push(current);
        current = '';
        w = 0;
      }
      if (ch === ' ') continue;
    }
    current += ch;
    w += cw;
  }
  lines.push(current);
  return lines.map((l, i) => (i === 0 ? l : ' '.repeat(indent) + l).trimEnd()).join('\n');
}

/**
 * An instant as people read it: Beijing time (UTC+8, no daylight saving), `2026-11-10 09:00:00（北京时间）`.
 */
export function beijingTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const text = new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
  return `${text}（北京时间）`;
}
