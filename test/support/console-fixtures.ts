/**
 * Registers a street uploads through the console in the browser tests and screenshots: one
 * with an error (an unknown 项目状态 in row 2, column D) and the same file fixed. The new project is in
 * 长青街 and recruited by 长青街, so it is the street's to add.
 *
 * @module
 */
import { STAGE_LABELS } from '#domain/labels';
import { REGISTER_COLUMNS } from '#domain/registers/index';
import type { RegisterRecord } from '#domain/types';
import { type UnitId, unitName } from '#domain/units';
import { type Rows, workbookBytes } from './workbooks.ts';

/** The new project's USCC (check character computed with domain/registers/values.ts). */
export const NEW_KEY = '91420112MA4CQWEB02';
export const NEW_NAME = '武汉长青控制台测试科技有限公司';

const HEADER = REGISTER_COLUMNS.map((c) => c.header);

/**
 * One register row of a 长青街 project recruited by 长青街 (in the template's column order):
 * its USCC or project code, name and 项目状态; 规上工业 否, 产业类别 新材料, 报送月份 2026-10.
 */
function projectRow(key: string | null, code: string | null, name: string, stage: string): Rows[number] {
  return [
    key,
    code,
    name,
    stage,
    '长青街',
    '长青街',
    null,
    null,
    null,
    null,
    null,
    '否',
    '新材料',
    null,
    '2026-10',
    null,
  ];
}

function register(stage: string): Uint8Array {
  const rows: Rows = [HEADER, projectRow(NEW_KEY, null, NEW_NAME, stage)];
  return workbookBytes({ 企业项目台账: rows });
}

/** Row 2, column D 项目状态: “待定” is not a stage (E_STAGE_UNKNOWN; 在建 is). */
export function registerWithError(): Uint8Array {
  return register('待定');
}

export function registerFixed(): Uint8Array {
  return register('在建');
}

/**
 * A register of `n` projects of 长青街 whose 项目状态 “待定” is not a stage: `n` findings of
 * one message (the console groups them).
 */
export function registerManyErrors(n: number): Uint8Array {
  const rows: Rows = [HEADER];
  for (let i = 1; i <= n; i++)
    rows.push(projectRow(null, `CQ-CHECK-${String(i).padStart(4, '0')}`, `武汉长青检查示例项目${i}`, '待定'));
  return workbookBytes({ 企业项目台账: rows });
}

/** The USCC of the project the check page imports (check character as domain/registers/values.ts computes it). */
export const CHECK_KEY = '91420112MA0000501T';
export const CHECK_NAME = '武汉长青上传前检查示例有限公司';

/** A new project of 长青街, to check and then import. */
export function registerToCheck(key: string): Uint8Array {
  const row = projectRow(key, null, CHECK_NAME, '在建');
  return workbookBytes({ 企业项目台账: [HEADER, row] });
}

/** The header a 长青街 clerk's own form writes for 所在街道 (not a name the rules know). */
export const MAPPED_HEADER = '企业经营地址所属街道办';
export const MAPPED_KEY = '91420112MA0000502X';
export const MAPPED_NAME = '武汉长青列名对照示例有限公司';

/** A new project of 长青街 whose 所在街道 column is headed {@link MAPPED_HEADER}. */
export function registerWithOwnHeader(): Uint8Array {
  const header = HEADER.map((h) => (h === '所在街道' ? MAPPED_HEADER : h));
  const row = projectRow(MAPPED_KEY, null, MAPPED_NAME, '在建');
  return workbookBytes({ 企业项目台账: [header, row] });
}

/** A register of records as the template writes them (Chinese stages, unit names, 搬迁). */
export function registerOf(records: readonly RegisterRecord[]): Uint8Array {
  const cell = (r: RegisterRecord, field: string): string | null => {
    const v = (r as unknown as Record<string, unknown>)[field];
    if (v == null) return null;
    if (field === 'stage') return STAGE_LABELS[r.stage];
    if (field === 'recruiter' || field === 'street' || field === 'statStreet' || field === 'originStreet')
      return unitName(String(v) as UnitId);
    if (field === 'movement') return v === 'relocation' ? '搬迁' : '扩产';
    if (field === 'aboveScale') return v ? '是' : '否';
    if (field === 'keyProject') return null;
    return String(v);
  };
  const rows: Rows = [HEADER, ...records.map((r) => REGISTER_COLUMNS.map((c) => cell(r, c.field)))];
  return workbookBytes({ 企业项目台账: rows });
}
