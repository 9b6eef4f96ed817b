/**
 * Value parsers for register cells (docs/registers.md): booleans, dates, months,
 * amounts, USCC. Each takes a {@link Cell} as the file reader hands it and answers either a
 * value (null: blank, "not reported") or a problem: a Chinese clause saying what is wrong and
 * what would be right, which the caller prefixes with the column and the value as read.
 *
 * Formula cells without a cached value and Excel error cells are reported by
 * {@link cellProblem} before any parser runs; the parsers answer a problem for them too.
 *
 * @example
 * ```ts
 * parseAmount({ t: 'text', v: '12345.67' }, '万元', '元'); // { ok: true, value: '1.234567' }
 * parseMonthCell({ t: 'text', v: '2026年10月' });          // { ok: true, value: '2026-10' }
 * checkUscc('91350100M000100Y43');                         // { uscc: '91350100M000100Y43', format: true, checksum: true }
 * ```
 *
 * @module
 */
import { decimalFromNumber } from '../decimal.ts';
import { WITHDRAW_MARK } from '../figures.ts';
import { type CatalogUnit, unitShift } from '../indicators.ts';
import { makeMonth, monthOf } from '../months.ts';
import type { Cell, IsoDate, Month } from '../types.ts';
import { cleanText, compact } from './text.ts';

/** A parsed value (null: blank) or the reason it is not one. */
export type Parsed<T> = { ok: true; value: T | null } | { ok: false; problem: string };

const BLANK: { ok: true; value: null } = { ok: true, value: null };
function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}
function bad<T>(problem: string): Parsed<T> {
  return { ok: false, problem };
}

/** At most this many digits after the decimal point once converted to the catalog unit. */
export const MAX_DECIMALS = 6;

/** A cell the checks refuse whatever the column: a formula without cached value, an Excel error. */
export function cellProblem(
  cell: Cell | undefined,
): { code: 'E_FORMULA' | 'E_CELL_ERROR'; problem: string } | null {
  if (cell == null) return null;
  if (cell.t === 'formula') {
    return {
      code: 'E_FORMULA',
      problem:
        '是公式，文件中没有它的计算结果（系统不计算公式）；请在 Excel 或 WPS 中打开后保存一次，或直接填写数值',
    };
  }
  if (cell.t === 'error') {
    return { code: 'E_CELL_ERROR', problem: '是 Excel 错误值；请改正公式或引用，填写有效的值' };
  }
  return null;
}

/** The text of a cell for a text field: trimmed, full-width spaces removed; null when blank. */
export function textOf(cell: Cell | undefined): string | null {
  if (cell == null) return null;
  switch (cell.t) {
    case 'text': {
      const s = cleanText(cell.v);
      return s === '' ? null : s;
    }
    case 'number':
      return Number.isFinite(cell.v) ? decimalFromNumber(cell.v) : null;
    case 'boolean':
      return cell.v ? '是' : '否';
    case 'date':
      return cell.v;
    default:
      return null;
  }
}

// ─────────────────────────── booleans ───────────────────────────

const TRUE_FORMS = new Set(['是', 'Y', 'YES', '√', '✓', '✔', '1', 'TRUE', '对']);
const FALSE_FORMS = new Set(['否', 'N', 'NO', '×', '✗', '✘', 'X', '0', 'FALSE', '不是']);
const BOOLEAN_HINT = '应填写 是/否（也可填 Y/N、√/×、1/0、true/false）';

/** 是/否, Y/N, √/×, 1/0, true/false (any case, full- or half-width); blank is null. */
export function parseBooleanCell(cell: Cell | undefined): Parsed<boolean> {
  if (cell == null) return BLANK;
  switch (cell.t) {
    case 'boolean':
      return ok(cell.v);
    case 'number':
      if (cell.v === 1) return ok(true);
      if (cell.v === 0) return ok(false);
      return bad(`不是是/否；${BOOLEAN_HINT}`);
    case 'text': {
      const s = compact(cell.v).toUpperCase();
      if (s === '') return BLANK;
      if (TRUE_FORMS.has(s)) return ok(true);
      if (FALSE_FORMS.has(s)) return ok(false);
      return bad(`不是是/否；${BOOLEAN_HINT}`);
    }
    default:
      return bad(cellProblem(cell)?.problem ?? `不是是/否；${BOOLEAN_HINT}`);
  }
}

// ─────────────────────────── dates and months ───────────────────────────

const TIME_SUFFIX = /(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z)?$/u;
const DATE_SEP = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/u;
const DATE_CN = /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$/u;
const DATE_DIGITS = /^(\d{4})(\d{2})(\d{2})$/u;
const MONTH_SEP = /^(\d{4})[-/.](\d{1,2})$/u;
const MONTH_CN = /^(\d{4})年(\d{1,2})月?$/u;
const MONTH_DIGITS = /^(\d{4})(\d{2})$/u;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;

const DATE_HINT = '应为日期，如 2024-05-01、2024/5/1、2024.5.1 或 2024年5月1日（只有年月时按当月1日）';
const MONTH_HINT = '应为月份，如 2026-10、2026/10、2026年10月 或 202610';

function validDate(y: number, m: number, d: number): IsoDate | null {
  if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return null;
  return `${makeMonth(y, m)}-${String(d).padStart(2, '0')}`;
}

function validMonth(y: number, m: number): Month | null {
  if (y < 2000 || y > 2099 || m < 1 || m > 12) return null;
  return makeMonth(y, m);
}

/** Date text forms (incl. a month alone, meaning the 1st); null when not a date. */
function dateFromText(text: string): { date: IsoDate; monthOnly: boolean } | null | 'invalid' {
  const s = compact(text.replace(TIME_SUFFIX, ''));
  let m = DATE_SEP.exec(s) ?? DATE_CN.exec(s);
  if (m) {
    const [y, mo, d] = m[2] === '-' || m[2] === '/' || m[2] === '.' ? [m[1], m[3], m[4]] : [m[1], m[2], m[3]];
    const date = validDate(Number(y), Number(mo), Number(d));
    return date ? { date, monthOnly: false } : 'invalid';
  }
  m = DATE_DIGITS.exec(s);
  if (m) {
    const date = validDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return date ? { date, monthOnly: false } : 'invalid';
  }
  m = MONTH_SEP.exec(s) ?? MONTH_CN.exec(s) ?? MONTH_DIGITS.exec(s);
  if (m) {
    const date = validDate(Number(m[1]), Number(m[2]), 1);
    return date ? { date, monthOnly: true } : 'invalid';
  }
  return null;
}

/**
 * A date: an Excel date cell, `2024-05-01`, `2024/5/1`, `2024.5.1`, `2024年5月1日`,
 * `20240501` (text or an 8-digit number); a month alone (`2024年5月`, `2024-05`) is the 1st.
 */
export function parseDateCell(cell: Cell | undefined): Parsed<IsoDate> {
  if (cell == null) return BLANK;
  switch (cell.t) {
    case 'date': {
      const m = ISO_DATE.exec(cell.v);
      const date = m ? validDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
      return date ? ok(date) : bad(`不是有效日期；${DATE_HINT}`);
    }
    case 'number': {
      if (Number.isInteger(cell.v) && cell.v >= 19000101 && cell.v <= 20991231) {
        const r = dateFromText(String(cell.v));
        if (r && r !== 'invalid') return ok(r.date);
      }
      return bad(`不是日期（是数字）；${DATE_HINT}；请将单元格设为日期或文本格式`);
    }
    case 'text': {
      if (cleanText(cell.v) === '') return BLANK;
      const r = dateFromText(cell.v);
      if (r === 'invalid') return bad(`不是存在的日期；${DATE_HINT}`);
      return r ? ok(r.date) : bad(`不是日期；${DATE_HINT}`);
    }
    default:
      return bad(cellProblem(cell)?.problem ?? `不是日期；${DATE_HINT}`);
  }
}

/** A month: `2026-10`, `2026/10`, `2026.10`, `2026年10月`, `202610` (text or number), a date (cell or text). */
export function parseMonthCell(cell: Cell | undefined): Parsed<Month> {
  if (cell == null) return BLANK;
  switch (cell.t) {
    case 'date':
      return ISO_DATE.test(cell.v) && validMonth(Number(cell.v.slice(0, 4)), Number(cell.v.slice(5, 7)))
        ? ok(monthOf(cell.v))
        : bad(`不是有效月份；${MONTH_HINT}`);
    case 'number': {
      if (Number.isInteger(cell.v) && cell.v >= 200001 && cell.v <= 209912) {
        const month = validMonth(Math.floor(cell.v / 100), cell.v % 100);
        if (month) return ok(month);
      }
      return bad(`不是月份（是数字）；${MONTH_HINT}；请将单元格设为文本格式`);
    }
    case 'text': {
      if (cleanText(cell.v) === '') return BLANK;
      const s = compact(cell.v.replace(TIME_SUFFIX, ''));
      const m = MONTH_SEP.exec(s) ?? MONTH_CN.exec(s) ?? MONTH_DIGITS.exec(s);
      if (m) {
        const month = validMonth(Number(m[1]), Number(m[2]));
        return month ? ok(month) : bad(`不是存在的月份；${MONTH_HINT}`);
      }
      const r = dateFromText(s);
      if (r && r !== 'invalid') {
        const month = validMonth(Number(r.date.slice(0, 4)), Number(r.date.slice(5, 7)));
        if (month) return ok(month);
      }
      return bad(`不是月份；${MONTH_HINT}`);
    }
    default:
      return bad(cellProblem(cell)?.problem ?? `不是月份；${MONTH_HINT}`);
  }
}

const FILE_MONTH = [
  /(?<!\d)(20\d{2})-(0[1-9]|1[0-2])(?!\d)/u,
  /(?<!\d)(20\d{2})年(0?[1-9]|1[0-2])月/u,
  /(?<!\d)(20\d{2})(0[1-9]|1[0-2])(?!\d)/u,
];

/**
 * The month a file name states: `YYYY-MM`, `YYYY年M月` or `YYYYMM` (year 2000–2099, month
 * 01–12, not part of a longer run of digits); the earliest in the name wins; null when none.
 */
export function monthFromFileName(fileName: string): Month | null {
  const base = fileName.split(/[\\/]/u).pop() ?? fileName;
  const name = compact(base);
  let best: { at: number; month: Month } | null = null;
  for (const re of FILE_MONTH) {
    const m = re.exec(name);
    if (m && (best === null || m.index < best.at))
      best = { at: m.index, month: makeMonth(Number(m[1]), Number(m[2])) };
  }
  return best?.month ?? null;
}

// ─────────────────────────── amounts ───────────────────────────

/**
 * "Not reported" marks: blank, `-`, `—`, `–`, `/` (and their full-width or doubled forms),
 * 无, 未报 (未报送). They change no stored figure (domain/figures.ts); a text `-` may be an
 * accounting-format zero: the sheet reader warns once (W_DASH_READ_AS_BLANK, {@link isTextDash}).
 */
const NULL_MARKS = new Set(['-', '--', '—', '——', '–', '/', '－', '／', '─', '无', '未报', '未报送']);

/** True when a cell is the text `-` (also full-width): blank, but perhaps an accounting-format zero. */
export function isTextDash(cell: Cell | undefined): boolean {
  return cell?.t === 'text' && compact(cell.v) === '-';
}

/** True when a cell reads 撤回: the stored figure is withdrawn (domain/figures.ts). */
export function isWithdrawal(cell: Cell | undefined): boolean {
  return cell?.t === 'text' && compact(cell.v) === WITHDRAW_MARK;
}
const PLAIN_NUMBER = /^[+-]?\d+(?:\.\d+)?$/u;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/u;
const CELL_UNITS: readonly string[] = ['亿美元', '万美元', '美元', '亿元', '万元', '元', '亿', '万'];

/**
 * The power of ten that converts a unit written in a header or a cell to the catalog unit:
 * 元/万元/亿元 for 万元, 美元/万美元/亿美元 for 万美元; a bare 万 or 亿 means that many of the
 * catalog currency. Undefined when the unit does not fit the column.
 */
export function amountShift(written: string, catalogUnit: CatalogUnit): number | undefined {
  if (written === '万') return 0;
  if (written === '亿') return 4;
  return unitShift(written, catalogUnit);
}

/**
 * An amount in the catalog unit, as an exact decimal string. A number cell is read as Excel
 * shows it (15 significant digits); text may use thousands separators, full-width digits and
 * a unit (`1.2万`, `1.2亿`, `12345.67元`), which overrides the header's unit. Blank, `-`,
 * `—`, `/` are null ("not reported", never zero). More than {@link MAX_DECIMALS} decimals after
 * conversion is a problem: values are never rounded on input.
 *
 * @param headerUnit the unit written in the header's brackets (null: the catalog unit)
 */
export function parseAmount(
  cell: Cell | undefined,
  catalogUnit: CatalogUnit = '万元',
  headerUnit: string | null = null,
): Parsed<string> {
  if (cell == null) return BLANK;
  const headerExp = headerUnit == null ? 0 : amountShift(compact(headerUnit), catalogUnit);
  if (headerExp === undefined)
    return bad(`表头单位“${headerUnit}”无法换算为${catalogUnit}；表头单位应为 ${unitChoices(catalogUnit)}`);
  let digits: string;
  let exp = headerExp;
  switch (cell.t) {
    case 'number':
      if (!Number.isFinite(cell.v)) return bad(`不是数值；应填写数值（单位${catalogUnit}）`);
      digits = decimalOfNumber(cell.v);
      break;
    case 'text': {
      let s = compact(cell.v);
      if (s === '' || NULL_MARKS.has(s)) return BLANK;
      for (const unit of CELL_UNITS) {
        if (s.endsWith(unit) && s.length > unit.length) {
          const e = amountShift(unit, catalogUnit);
          if (e === undefined) {
            return bad(`单位“${unit}”与本列的${catalogUnit}不符；应填写以${catalogUnit}计的数值`);
          }
          exp = e;
          s = s.slice(0, s.length - unit.length);
          break;
        }
      }
      if (PLAIN_NUMBER.test(s)) digits = canonicalDecimal(s);
      else if (GROUPED_NUMBER.test(s)) digits = canonicalDecimal(s.replaceAll(',', ''));
      else
        return bad(
          `不是数值；应填写数值，如 1234.5、1,234.5 或 1.2万（单位${catalogUnit}），未报送可留空或填“-”，撤回已报送的数值填“撤回”`,
        );
      break;
    }
    case 'boolean':
    case 'date':
      return bad(`不是数值；应填写数值（单位${catalogUnit}）`);
    default:
      return bad(cellProblem(cell)?.problem ?? `不是数值；应填写数值（单位${catalogUnit}）`);
  }
  const value = exp === 0 ? digits : shiftDecimal(digits, exp);
  const point = value.indexOf('.');
  const places = point < 0 ? 0 : value.length - point - 1;
  if (places > MAX_DECIMALS) {
    return bad(
      `换算为${catalogUnit}后为 ${value}，有 ${places} 位小数；最多 ${MAX_DECIMALS} 位（系统不做四舍五入），请核对单位或数值`,
    );
  }
  return ok(value);
}

// String arithmetic for the hot path (no BigInt per cell); equal to domain/decimal.ts (tested).

const LEADING_ZEROS = /^0+(?=\d)/u;
const TRAILING_ZEROS = /0+$/u;

/** The canonical decimal of a plain decimal text (`+012.50` → `12.5`, `-0` → `0`). */
export function canonicalDecimal(text: string): string {
  let sign = '';
  let body = text;
  if (body[0] === '+' || body[0] === '-') {
    sign = body[0] === '-' ? '-' : '';
    body = body.slice(1);
  }
  const point = body.indexOf('.');
  let int = point < 0 ? body : body.slice(0, point);
  let frac = point < 0 ? '' : body.slice(point + 1);
  int = int.replace(LEADING_ZEROS, '');
  if (frac !== '') frac = frac.replace(TRAILING_ZEROS, '');
  const out = frac === '' ? int : `${int}.${frac}`;
  return out === '0' ? '0' : sign + out;
}

/** A canonical decimal times 10^exp, exactly (the decimal point moves). */
export function shiftDecimal(value: string, exp: number): string {
  const negative = value[0] === '-';
  const body = negative ? value.slice(1) : value;
  const point = body.indexOf('.');
  const int = point < 0 ? body : body.slice(0, point);
  const digits = point < 0 ? body : int + body.slice(point + 1);
  const at = int.length + exp;
  let text: string;
  if (at <= 0) text = `0.${'0'.repeat(-at)}${digits}`;
  else if (at >= digits.length) text = digits + '0'.repeat(at - digits.length);
  else text = `${digits.slice(0, at)}.${digits.slice(at)}`;
  return canonicalDecimal(negative ? `-${text}` : text);
}

/** A number cell as Excel shows it (15 significant digits), as a canonical decimal. */
export function decimalOfNumber(n: number): string {
  const text = n.toPrecision(15);
  return text.includes('e') ? decimalFromNumber(n) : canonicalDecimal(text);
}

function unitChoices(catalogUnit: CatalogUnit): string {
  return catalogUnit === '万元' ? '元、万元 或 亿元' : '美元、万美元 或 亿美元';
}

// ─────────────────────────── USCC ───────────────────────────

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_FORMAT = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/u;
const USCC_WEIGHTS: readonly number[] = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});

/** The check character a USCC's first 17 characters call for (GB 32100). */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i] ?? '') * (USCC_WEIGHTS[i] ?? 0);
  return USCC_CHARS[(31 - (sum % 31)) % 31] ?? '';
}

/**
 * Checks a 统一社会信用代码: upper-cased, trimmed, full-width → half-width, then the format
 * (`^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$`, E_USCC_FORMAT) and the check
 * character (weights 3^(i−1) mod 31, W_USCC_CHECKSUM).
 */
export function checkUscc(raw: string): { uscc: string; format: boolean; checksum: boolean } {
  const uscc = compact(raw).toUpperCase();
  if (!USCC_FORMAT.test(uscc)) return { uscc, format: false, checksum: false };
  return { uscc, format: true, checksum: usccCheckChar(uscc) === uscc[17] };
}
