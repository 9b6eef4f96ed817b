/**
 * Text normalisation shared by the register checks: full-width → half-width, white space,
 * column letters, the value of a cell as read. Pure and cheap: regular expressions are
 * compiled once, and NFKC runs only when a string holds a character it could change.
 *
 * @module
 */
import { decimalFromNumber } from '../decimal.ts';
import type { Cell } from '../types.ts';

/** A character NFKC may change: anything outside ASCII and the CJK unified ideographs. */
const NEEDS_NFKC = /[^\t-~\u4e00-\u9fff]/u;
const WHITE = /\s+/gu;
const HAS_WHITE = /\s/u;
const FULL_WIDTH_SPACE = /\u3000/gu;

/** NFKC (full-width → half-width) then every kind of white space removed: `吴家山 街` → `吴家山街`. */
export function compact(raw: string): string {
  const s = NEEDS_NFKC.test(raw) ? raw.normalize('NFKC') : raw;
  return HAS_WHITE.test(s) ? s.replace(WHITE, '') : s;
}

/** A text value as kept: trimmed, full-width spaces removed (docs/registers.md). */
export function cleanText(raw: string): string {
  return raw.replace(FULL_WIDTH_SPACE, '').trim();
}

/**
 * The invisible bidirectional controls (embeddings and overrides U+202A–U+202E, isolates
 * U+2066–U+2069, the marks U+200E, U+200F and U+061C): in a name they make it display other
 * than it reads (`‮` turns `司公` into `公司`), so two names look alike that differ.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/gu;
const HAS_BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u;

/** The text without bidi controls, and how many were removed (0: the text unchanged). */
export function withoutBidiControls(text: string): { text: string; removed: number } {
  if (!HAS_BIDI.test(text)) return { text, removed: 0 };
  const kept = text.replace(BIDI_CONTROLS, '');
  return { text: kept, removed: text.length - kept.length };
}

/** The Excel column letter of a 0-based index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** The value of a cell as read, for findings (`value`): null for an empty cell. */
export function cellValueAsRead(cell: Cell | undefined): string | null {
  if (cell == null) return null;
  switch (cell.t) {
    case 'text':
      return cell.v;
    case 'number':
      return Number.isFinite(cell.v) ? decimalFromNumber(cell.v) : String(cell.v);
    case 'boolean':
      return cell.v ? 'TRUE' : 'FALSE';
    case 'date':
    case 'error':
      return cell.v;
    case 'formula':
      return cell.v.startsWith('=') ? cell.v : `=${cell.v}`;
  }
}

/** True for an empty cell or text that is blank once trimmed (full-width spaces included). */
export function isBlankCell(cell: Cell | undefined): boolean {
  return cell == null || (cell.t === 'text' && cleanText(cell.v) === '');
}

/** True when every cell of the row is blank. */
export function isBlankRow(row: readonly Cell[] | undefined): boolean {
  if (!row) return true;
  for (const cell of row) if (!isBlankCell(cell)) return false;
  return true;
}

/** The message with its enterprise named: `企业（项目）“名称”（代码）`. */
export function withSubject(message: string, name: string, key: string | null): string {
  if (message.includes(`“${name}”`)) return message;
  const subject = key ? `企业（项目）“${name}”（${key}）` : `企业（项目）“${name}”`;
  if (key && message.includes(`企业（项目）“${key}”`))
    return message.replace(`企业（项目）“${key}”`, subject);
  if (key && message.includes(`代码“${key}”`))
    return message.replace(`代码“${key}”`, `${subject}的代码“${key}”`);
  return `${subject}：${message}`;
}

/** Months written in Chinese numerals (九月, 十一月): the month's number. */
export const CHINESE_MONTHS: Readonly<Record<string, number>> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
  十一: 11,
  十二: 12,
};
