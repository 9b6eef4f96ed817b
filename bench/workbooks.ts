/**
 * What the benches that write real workbooks share: a valid 统一社会信用代码 per enterprise
 * number, an xlsx of one sheet, and a register of N built enterprises.
 *
 * @module
 */
import * as XLSX from 'xlsx';
import { usccCheckChar } from '#domain/registers/values';
import { UNITS } from '#domain/units';

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

const STREETS = UNITS.filter((u) => u.kind === 'street').map((u) => u.name);
const OFFICES = UNITS.filter((u) => u.kind === 'office').map((u) => u.name);

/**
 * A register of `n` built enterprises (企业项目台账), one 报送月份: a third recruited by an office,
 * every street in turn, half 规上工业.
 */
export function registerWorkbook(
  n: number,
  enterprise: { key: (i: number) => string; name: (i: number) => string },
  month: string,
): Uint8Array {
  const rows: (string | number)[][] = [
    [
      '统一社会信用代码',
      '企业（项目）名称',
      '项目状态',
      '招商单位',
      '所在街道',
      '规上工业',
      '建成投产日期',
      '报送月份',
    ],
  ];
  for (let i = 0; i < n; i += 1)
    rows.push([
      enterprise.key(i),
      enterprise.name(i),
      '已建成投产',
      i % 3 === 0 ? (OFFICES[i % OFFICES.length] as string) : '',
      STREETS[i % STREETS.length] as string,
      i % 2 === 0 ? '是' : '否',
      `20${10 + (i % 10)}-0${1 + (i % 9)}-15`,
      month,
    ]);
  return xlsxOf(rows, '企业项目台账');
}
