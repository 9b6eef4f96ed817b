/**
 * The findings of upload authority: codes and Chinese messages.
 *
 * 「Each refused row is an error that says the record is not the uploader's and names 区商务局
 * as the contact — not the holding unit (the API's not-found rule holds for uploads too)」
 *
 * So a message names no unit but 区商务局: not the unit that serves the record, not the street
 * the row names, not the unit a contacts row names; it echoes only the key and the name the
 * uploader typed. Where a person needs the value, `value` holds it as read.
 *
 * @module
 */
import { monthLabel } from '../months.ts';
import { REGISTER_COLUMNS } from '../registers/columns.ts';
import { SIDE_INFO } from '../registers/side.ts';
import type { Finding, Month, ParsedWorkbook, RegisterRow } from '../types.ts';
import type { ChangeableField, RowVerdict } from './rules.ts';

/** The finding codes of upload authority. */
export const AUTHORITY_CODES = {
  /** A register row changes a known record in a way the uploader may not. */
  notYours: 'E_NOT_YOURS',
  /** A register row registers a new record not in the street's own street / not recruited by the office. */
  notYoursNew: 'E_NOT_YOURS_NEW',
  /** An indicators row for an enterprise whose indicators the uploader does not carry that month. */
  notYoursIndicators: 'E_NOT_YOURS_INDICATORS',
  /** A targets row uploaded by a unit other than the bureau. */
  targetsBureauOnly: 'E_TARGETS_BUREAU_ONLY',
  /** A contacts row for a unit other than the uploader. */
  contactsOtherUnit: 'E_CONTACTS_OTHER_UNIT',
  /** An office's sheet without 招商单位: its new records recorded as recruited by the office (one per sheet). */
  recruiterAssumed: 'W_RECRUITER_ASSUMED',
} as const;

/** Whom a refused row is told to contact. */
export const CONTACT = '区商务局';

const HEADER = new Map<string, string>(REGISTER_COLUMNS.map((c) => [c.field, c.header]));

/** `「所在街道」「招商单位」`: the headers of fields, as the template writes them. */
export function headersOf(fields: readonly ChangeableField[]): string {
  return fields.map((f) => `「${HEADER.get(f) ?? f}」`).join('');
}

/** `企业（项目）“名称”（key）` with the name only when the row has the name column. */
function recordLabel(row: RegisterRow | { key: string; name: string | null }): string {
  if ('record' in row) {
    const name = row.present.includes('name') ? row.record.name : null;
    return label(row.record.key, name);
  }
  return label(row.key, row.name);
}

function label(key: string, name: string | null): string {
  return name ? `企业（项目）“${name}”（${key}）` : `企业（项目）${key}`;
}

/** The key column of a sheet (`A 统一社会信用代码`), when the workbook came from checkWorkbook. */
function keyColumn(workbook: ParsedWorkbook, sheet: string, byUscc: boolean): string | null {
  const columns = SIDE_INFO.get(workbook)?.keyColumns.get(sheet);
  if (!columns) return null;
  return (byUscc ? columns.uscc : columns.projectCode) ?? columns.uscc ?? columns.projectCode ?? null;
}

function error(
  code: string,
  place: { sheet: string; row: number; column: string | null; value: string | null },
  message: string,
): Finding {
  return { code, severity: 'error', ...place, message };
}

/** The message of a refused register row (no unit named but 区商务局). */
export function registerMessage(row: RegisterRow, verdict: Extract<RowVerdict, { allowed: false }>): string {
  const what = recordLabel(row);
  switch (verdict.rule) {
    case 'new-other-street':
      return row.present.includes('street')
        ? `${what}尚未登记，所填「所在街道」不是本街道：街道只能登记位于本街道的新企业（项目）。请核对「所在街道」，位于其他街道的请删除本行；如需登记，请联系${CONTACT}。`
        : `${what}尚未登记，而工作表没有「所在街道」列，无法确认其位于本街道：街道只能登记位于本街道的新企业（项目）。请加上「所在街道」列并填写；如有疑问，请联系${CONTACT}。`;
    case 'new-recruited-by-other':
      return row.record.recruiter == null
        ? `${what}尚未登记，「招商单位」为空：产业办只能登记本单位招商的新企业（项目）。如为本单位招商，请在「招商单位」填写本单位；否则请删除本行，如需登记，请联系${CONTACT}。`
        : `${what}尚未登记，所填「招商单位」不是本单位：产业办只能登记本单位招商的新企业（项目）。请核对「招商单位」，其他单位招商的请删除本行；如需登记，请联系${CONTACT}。`;
    case 'deregister':
      return `${what}不由本单位服务：将「项目状态」改为“已注销”或由“已注销”改回，只能由其服务单位或${CONTACT}填报。请删除本行或不改「项目状态」；如该企业（项目）已注销、迁出或恢复经营，请联系${CONTACT}。`;
    case 'territory':
      return `${what}不由本单位服务：本街道负责其安全生产或配合服务，只能修改其「企业（项目）名称」「建成投产日期」和「项目状态」（在新引进、已签约、在建、已建成投产之间），不能修改其${headersOf(verdict.refused)}。请删除这些修改（与已登记内容相同的值不算修改）；如需变更，请联系${CONTACT}。`;
    default:
      return `${what}不是本单位服务的企业（项目），本单位不能修改其${headersOf(verdict.refused)}。请删除本行（与已登记内容相同的值不算修改）；如需变更，请联系${CONTACT}。`;
  }
}

/** The finding of a refused register row: at the row's key column, value the key. */
export function registerFinding(
  workbook: ParsedWorkbook,
  row: RegisterRow,
  verdict: Extract<RowVerdict, { allowed: false }>,
): Finding {
  const isNew = verdict.rule === 'new-other-street' || verdict.rule === 'new-recruited-by-other';
  return error(
    isNew ? AUTHORITY_CODES.notYoursNew : AUTHORITY_CODES.notYours,
    {
      sheet: row.sheet,
      row: row.row,
      column: keyColumn(workbook, row.sheet, row.record.uscc != null),
      value: row.record.key,
    },
    registerMessage(row, verdict),
  );
}

/** The finding of a refused indicators row. */
export function indicatorsFinding(
  workbook: ParsedWorkbook,
  row: { sheet: string; row: number; key: string; month: Month; name: string | null },
): Finding {
  const byUscc = /^[0-9A-Z]{18}$/u.test(row.key);
  return error(
    AUTHORITY_CODES.notYoursIndicators,
    { sheet: row.sheet, row: row.row, column: keyColumn(workbook, row.sheet, byUscc), value: row.key },
    `${recordLabel(row)}${monthLabel(row.month)}的经济指标不由本单位承担，本单位不能报送。请删除本行；如需变更，请联系${CONTACT}。`,
  );
}

/** The finding of a targets row uploaded by a unit other than the bureau. */
export function targetsFinding(row: { sheet: string; row: number; year: number }): Finding {
  return error(
    AUTHORITY_CODES.targetsBureauOnly,
    { sheet: row.sheet, row: row.row, column: null, value: String(row.year) },
    `目标只能由${CONTACT}上传，本单位不能上传目标。请删除工作表“${row.sheet}”（或本行）；如需调整目标，请联系${CONTACT}。`,
  );
}

/** The finding of a contacts row for another unit (the unit and the address are not echoed). */
export function contactsFinding(row: { sheet: string; row: number; email: string }): Finding {
  return error(
    AUTHORITY_CODES.contactsOtherUnit,
    { sheet: row.sheet, row: row.row, column: null, value: row.email },
    `本行是其他单位的联系人：每个单位只能上传本单位的联系人。请删除本行，或将「单位」改为本单位；如需变更其他单位的联系人，请联系${CONTACT}。`,
  );
}

/** The one warning of an office's register sheet without 招商单位 whose new records were defaulted. */
export function recruiterAssumedFinding(sheet: string, count: number): Finding {
  return {
    code: AUTHORITY_CODES.recruiterAssumed,
    severity: 'warning',
    sheet,
    row: null,
    column: null,
    value: null,
    message: `工作表“${sheet}”没有「招商单位」列：本表 ${count} 个新登记的企业（项目）按本单位招商登记（招商单位记为本单位）。如有不是本单位招商的，请加上「招商单位」列并如实填写。`,
  };
}
