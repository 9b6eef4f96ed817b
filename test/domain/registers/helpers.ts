/**
 * Grids built by hand for the register-check tests, and a minimal SheetJS reading of the
 * example workbook (the production reader lives in functions/adapters; this one only turns
 * the example's cells into typed cells for the domain tests).
 */
import { readFileSync } from 'node:fs';
import * as XLSX from 'xlsx';
import type { Cell, SheetGrid } from '#domain/types';
import { examplePath } from '../../support/workbooks.ts';

export type Raw = string | number | boolean | null | undefined | Exclude<Cell, null>;

/** A cell from a shorthand: string → text, number → number, boolean → boolean, null → empty. */
export function cell(raw: Raw): Cell {
  if (raw == null) return null;
  if (typeof raw === 'string') return { t: 'text', v: raw };
  if (typeof raw === 'number') return { t: 'number', v: raw };
  if (typeof raw === 'boolean') return { t: 'boolean', v: raw };
  return raw;
}

export function grid(name: string, rows: readonly (readonly Raw[])[]): SheetGrid {
  return { name, rows: rows.map((r) => r.map(cell)) };
}

export const date = (v: string): Cell => ({ t: 'date', v });
export const formula = (v: string): Cell => ({ t: 'formula', v });
export const errorCell = (v: string): Cell => ({ t: 'error', v });

export const REGISTER_HEADER = [
  '统一社会信用代码',
  '项目编号',
  '企业（项目）名称',
  '项目状态',
  '招商单位',
  '所在街道',
  '统计归属街道',
  '所在园区',
  '重大项目',
  '扩产搬迁',
  '原所在街道',
  '规上工业',
  '产业类别',
  '建成投产日期',
  '报送月份',
  '备注',
] as const;

export type RegisterInput = Partial<Record<(typeof REGISTER_HEADER)[number], Raw>>;

export const VALID_USCC = '91350100M000100Y43';
export const VALID_USCC_2 = '91440300708461136T';
export const EXAMPLE_USCC = '91420112MA83G07L8M';

/** A valid register row; override any column by its header. */
export function registerRow(over: RegisterInput = {}): Raw[] {
  const base: RegisterInput = {
    统一社会信用代码: VALID_USCC,
    项目编号: '',
    '企业（项目）名称': '武汉测试有限公司',
    项目状态: '已建成投产',
    招商单位: '机电产业办',
    所在街道: '径河街',
    统计归属街道: '',
    所在园区: '',
    重大项目: '',
    扩产搬迁: '',
    原所在街道: '',
    规上工业: '是',
    产业类别: '智能装备制造',
    建成投产日期: '2018-03-01',
    报送月份: '2026-10',
    备注: '',
  };
  const merged = { ...base, ...over };
  // Two enterprises of one name are a warning (W_SAME_NAME_CODES): another code, another name.
  const key = merged.统一社会信用代码 || merged.项目编号;
  if (
    !('企业（项目）名称' in over) &&
    typeof key === 'string' &&
    key.toUpperCase() !== VALID_USCC &&
    key !== ''
  )
    merged['企业（项目）名称'] = `武汉测试有限公司（${key}）`;
  return REGISTER_HEADER.map((h) => merged[h]);
}

/** A register sheet: the full header and the given rows. */
export function registerSheet(rows: Raw[][], name = '企业项目台账'): SheetGrid {
  return grid(name, [[...REGISTER_HEADER], ...rows]);
}

export const CONTEXT = { fileName: '台账.xlsx', uploadedMonth: '2026-11' } as const;

/** The example workbook as typed cells (text stays text, numbers numbers; no guessing). */
export function readExample(path: string): SheetGrid[] {
  const wb = XLSX.read(readFileSync(path), { cellDates: false, cellFormula: false, raw: false });
  return wb.SheetNames.map((name) => {
    const ws = wb.Sheets[name];
    const rows: Cell[][] = [];
    if (!ws?.['!ref']) return { name, rows };
    const range = XLSX.utils.decode_range(ws['!ref']);
    for (let r = range.s.r; r <= range.e.r; r++) {
      const row: Cell[] = [];
      for (let c = range.s.c; c <= range.e.c; c++) {
        const x = ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined;
        if (!x || x.v == null) row.push(null);
        else if (x.t === 'n') row.push({ t: 'number', v: x.v as number });
        else if (x.t === 'b') row.push({ t: 'boolean', v: x.v as boolean });
        else if (x.t === 'e') row.push({ t: 'error', v: String(x.w ?? x.v) });
        else row.push({ t: 'text', v: String(x.v) });
      }
      rows.push(row);
    }
    return { name, rows };
  });
}

/** The example workbook (generated: functions/cli/example.ts), as a file. */
export const EXAMPLE = examplePath();
