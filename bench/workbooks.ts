/**
 * What the benches that write real workbooks share: a valid 统一社会信用代码 per enterprise
 * number, and an xlsx of one sheet.
 *
 * @module
 */
import * as XLSX from 'xlsx';
import { usccCheckChar } from '#domain/registers/values';

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid 统一社会信用代码 for enterprise i (its check character computed). */
export function uscc(i: number): string {
  let body = '';
  for (let k = 0, n = i; k < 7; k += 1, n = Math.floor(n / 31)) body = USCC_CHARS[n % 31] + body;
  const first17 = `91420112MA${body}`;
  return first17 + usccCheckChar(first17);
}

/** An xlsx workbook of one sheet. */
export function xlsxOf(rows: (string | number)[][], sheet: string): Uint8Array {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), sheet);
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}
