/**
 * The checks that need the stored register (docs/registers.md, docs/policy.md):
 * E_UNKNOWN_ENTERPRISE, W_NAME_MISMATCH, W_EXPANSION_SAME_KEY, and a new record whose sheet
 * lacks the 名称 / 项目状态 / 所在街道 column (E_NAME_MISSING, E_STAGE_UNKNOWN, E_STREET_MISSING).
 *
 * `lkg assess` (no store) calls it with an empty map.
 *
 * @module
 */
import { OPEN_END } from '../months.ts';
import { factsFor } from '../timeline.ts';
import type { Finding, Month, ParsedWorkbook, RegisterRecord } from '../types.ts';
import { unitName, type ZoneId, zoneInfo } from '../units.ts';
import { mergeVersion, presentSet, REQUIRED_FIELDS } from './merge.ts';
import { SIDE_INFO } from './side.ts';
import { compact, withSubject } from './text.ts';

/**
 * The stored version that is the previous one for a month: the latest with the same or an
 * earlier 报送月份 (a later entry of the list counts as a later upload), else the earliest.
 */
export function previousVersion(
  versions: readonly RegisterRecord[] | undefined,
  month: Month | null,
): RegisterRecord | null {
  // The timeline's facts for the month (no month: the latest version).
  return versions ? factsFor(versions, month ?? OPEN_END) : null;
}

const MISSING: Record<(typeof REQUIRED_FIELDS)[number], { code: string; header: string }> = {
  name: { code: 'E_NAME_MISSING', header: '企业（项目）名称' },
  stage: { code: 'E_STAGE_UNKNOWN', header: '项目状态' },
  street: { code: 'E_STREET_MISSING', header: '所在街道' },
};

/**
 * Findings that need the stored register.
 *
 * - E_UNKNOWN_ENTERPRISE: an indicators row whose key is in neither the stored register nor a
 *   register sheet of this workbook (once per sheet and key, at its first row).
 * - W_NAME_MISMATCH: an indicators row's name differs from the register's (this workbook's
 *   register first, else the stored version); once per sheet, key and name.
 * - W_EXPANSION_SAME_KEY: a 扩产 row whose key is an enterprise already stored at its
 *   原所在街道 (that would move the whole enterprise; if it moved, that is 搬迁).
 * - A register row for a key not stored, on a sheet without the 名称/项目状态/所在街道 column.
 * - E_ZONE_STREET for the merged version when the row lacks the zone or the street column.
 *
 * @param stored every stored version per key (any order)
 */
export function checkAgainstStore(
  parsed: ParsedWorkbook,
  stored: ReadonlyMap<string, readonly RegisterRecord[]>,
): Finding[] {
  const findings: Finding[] = [];
  const side = SIDE_INFO.get(parsed);
  const registerKeys: ReadonlySet<string> =
    side?.registerKeys ?? new Set(parsed.register.map((r) => r.record.key));
  const registerNames = new Map<string, string>();
  const month = parsed.registerMonth;

  for (const row of parsed.register) {
    const key = row.record.key;
    registerNames.set(key, row.record.name);
    const versions = stored.get(key);
    const previous = previousVersion(versions, month ?? row.record.month);
    const present = presentSet(row.present);
    const keyColumn = side?.keyColumns.get(row.sheet);
    const column = (row.record.uscc ? keyColumn?.uscc : keyColumn?.projectCode) ?? keyColumn?.uscc ?? null;
    if (previous == null) {
      const missing = REQUIRED_FIELDS.filter((f) => !present.has(f));
      for (const field of missing) {
        const { code, header } = MISSING[field];
        findings.push({
          code,
          severity: 'error',
          sheet: row.sheet,
          row: row.row,
          column,
          value: key,
          message: `企业（项目）“${key}”尚未登记，而工作表没有「${header}」列，无法确定其${header}；新登记的企业（项目）请加上「${header}」列并填写。`,
        });
      }
      if (missing.length > 0) continue;
    }
    // Without a previous version the merged zone and street are the row's own (its sheet has
    // the 所在街道 column, checked above) or none: no record needs merging for them.
    const effective = previous == null ? null : mergeVersion(previous, row);
    const zone = effective ? effective.zone : present.has('zone') ? row.record.zone : null;
    const street = effective ? effective.street : row.record.street;
    const liesIn = zone ? zoneInfo(zone).liesIn : null;
    if (liesIn && liesIn !== street && !(present.has('zone') && present.has('street'))) {
      // The row's own columns were checked by checkWorkbook; here one of them is the stored value.
      findings.push({
        code: 'E_ZONE_STREET',
        severity: 'error',
        sheet: row.sheet,
        row: row.row,
        column,
        value: key,
        message: `按本行与已存台账合并后，所在园区为“${zoneInfo(zone as ZoneId).name}”（位于${unitName(liesIn)}），所在街道却为${unitName(street)}，自相矛盾；请在本表同时填写「所在街道」和「所在园区」，使二者一致。`,
      });
    }
    if (
      effective != null &&
      previous != null &&
      effective.movement === 'expansion' &&
      effective.originStreet != null &&
      previous.street === effective.originStreet
    ) {
      findings.push({
        code: 'W_EXPANSION_SAME_KEY',
        severity: 'warning',
        sheet: row.sheet,
        row: row.row,
        column,
        value: key,
        message: `扩产行的代码“${key}”是已登记在${unitName(previous.street)}（原所在街道）的企业本身：按此行，整个企业都将归${unitName(effective.street)}。扩产应作为新项目单独一行（通常填写新项目的「项目编号」），只有新项目的指标划转；如果企业整体迁出，应填写“搬迁”。`,
      });
    }
  }

  const unknownSeen = new Map<string, Finding>();
  const unknownCount = new Map<string, number>();
  const nameSeen = new Set<string>();
  for (const row of parsed.indicators) {
    const keyColumn = side?.keyColumns.get(row.sheet);
    const column = keyColumn?.uscc ?? keyColumn?.projectCode ?? null;
    const versions = stored.get(row.key);
    const known = registerKeys.has(row.key) || (versions != null && versions.length > 0);
    if (!known) {
      const id = `${row.sheet}\u0000${row.key}`;
      unknownCount.set(id, (unknownCount.get(id) ?? 0) + 1);
      if (!unknownSeen.has(id)) {
        const finding: Finding = {
          code: 'E_UNKNOWN_ENTERPRISE',
          severity: 'error',
          sheet: row.sheet,
          row: row.row,
          column,
          value: row.key,
          message: '',
        };
        unknownSeen.set(id, finding);
        findings.push(finding);
      }
      continue;
    }
    if (row.name == null) continue;
    const registered = registerNames.get(row.key) ?? previousVersion(versions, row.month)?.name;
    if (registered == null || registered === '' || compact(registered) === compact(row.name)) continue;
    const id = `${row.sheet}\u0000${row.key}\u0000${row.name}`;
    if (nameSeen.has(id)) continue;
    nameSeen.add(id);
    findings.push({
      code: 'W_NAME_MISMATCH',
      severity: 'warning',
      sheet: row.sheet,
      row: row.row,
      column: keyColumn?.name ?? column,
      value: row.name,
      message: `企业（项目）“${row.key}”的名称填写为“${row.name}”，与台账登记的“${registered}”不同；请核对代码是否填错，或按台账名称填写（如企业已更名，请先更新台账）。`,
    });
  }
  for (const [id, finding] of unknownSeen) {
    const n = unknownCount.get(id) ?? 1;
    finding.message = `代码“${finding.value}”不在已存台账中，本文件的台账工作表中也没有${n > 1 ? `（本表共 ${n} 行使用该代码，自第 ${finding.row} 行起）` : ''}；请先在台账中登记该企业（项目），或核对统一社会信用代码/项目编号是否填错。`;
  }
  return namedByRows(parsed, findings);
}

/**
 * Row findings name the enterprise by the name its row gives (and its code); the register
 * sheet's name for the key when an indicators row gives none.
 */
export function namedByRows(parsed: ParsedWorkbook, findings: Finding[]): Finding[] {
  if (findings.length === 0) return findings;
  const wanted = new Set(findings.filter((f) => f.row != null).map((f) => `${f.sheet}\u0000${f.row}`));
  const subjects = new Map<string, { name: string; key: string }>();
  const names = new Map<string, string>();
  for (const r of parsed.register) {
    if (r.record.name !== '') names.set(r.record.key, r.record.name);
    const id = `${r.sheet}\u0000${r.row}`;
    if (wanted.has(id) && r.record.name !== '') subjects.set(id, { name: r.record.name, key: r.record.key });
  }
  for (const r of parsed.indicators) {
    const id = `${r.sheet}\u0000${r.row}`;
    const name = r.name ?? names.get(r.key);
    if (wanted.has(id) && name) subjects.set(id, { name, key: r.key });
  }
  return findings.map((f) => {
    const subject = subjects.get(`${f.sheet}\u0000${f.row}`);
    return subject ? { ...f, message: withSubject(f.message, subject.name, subject.key) } : f;
  });
}
