/**
 * Upload authority: who may change what, for every sheet kind,
 * decided in the domain. The ingest supplies the uploader (the unit of the upload folder) and
 * a context built from the uploads that come earlier in upload order; {@link judgeUpload} gives
 * the workbook as judged and the findings. As for every error, a workbook with a refused row
 * is applied by nobody.
 *
 * Pure: no I/O, no clock.
 *
 * @module
 */
import { givesNothing } from '../figures.ts';
import { SIDE_INFO } from '../registers/side.ts';
import type { Finding, ParsedWorkbook, RegisterRecord, RegisterRow, SheetSummary } from '../types.ts';
import type { UnitId } from '../units.ts';
import type { AuthorityContext } from './context.ts';
import {
  contactsFinding,
  indicatorsFinding,
  recruiterAssumedFinding,
  registerFinding,
  targetsFinding,
} from './findings.ts';
import {
  judgeContactRow,
  judgeIndicatorRow,
  judgeRegisterRow,
  judgeTargetRow,
  needsDefaultRecruiter,
  withDefaultRecruiter,
} from './rules.ts';

export { type AuthorityContext, contextFromVersions, standingOf } from './context.ts';
export * from './findings.ts';
export * from './rules.ts';

/** The verdict on a workbook. */
export interface UploadVerdict {
  /**
   * The workbook as judged, to plan the import from: an office's new register rows on a sheet
   * without 招商单位 carry the office as recruiter; `findings` and the sheet counts include
   * {@link UploadVerdict.findings}. The same object as the input when nothing changed.
   */
  workbook: ParsedWorkbook;
  /** This judgement's findings only: an error per refused row, W_RECRUITER_ASSUMED per sheet. */
  findings: Finding[];
  /** The register rows allowed (as judged, recruiter defaulted). */
  allowedRegister: RegisterRow[];
}

/** The register rows judged: rows as judged, the allowed ones, findings. */
export interface RegisterJudgement {
  rows: RegisterRow[];
  allowed: RegisterRow[];
  findings: Finding[];
}

/**
 * Judges the register rows of a workbook, each against the record's standing at its 报送月份.
 * An office's new rows on a sheet without 招商单位 get the office as recruiter, with one
 * W_RECRUITER_ASSUMED per sheet.
 */
export function judgeRegister(
  uploader: UnitId,
  workbook: ParsedWorkbook,
  context: Pick<AuthorityContext, 'before'>,
): RegisterJudgement {
  const rows: RegisterRow[] = [];
  const allowed: RegisterRow[] = [];
  const findings: Finding[] = [];
  const withRecruiter = new Map<ReadonlyArray<keyof RegisterRecord>, ReadonlyArray<keyof RegisterRecord>>();
  const defaulted = new Map<string, number>();
  for (const sent of workbook.register) {
    const standing = context.before(sent.record.key, sent.record.month);
    let row = sent;
    if (needsDefaultRecruiter(uploader, sent, standing)) {
      let present = withRecruiter.get(sent.present);
      if (!present) {
        present = [...sent.present, 'recruiter'];
        withRecruiter.set(sent.present, present);
      }
      row = withDefaultRecruiter(sent, uploader, present);
      defaulted.set(row.sheet, (defaulted.get(row.sheet) ?? 0) + 1);
    }
    rows.push(row);
    const verdict = judgeRegisterRow(uploader, row, standing);
    if (verdict.allowed) allowed.push(row);
    else findings.push(registerFinding(workbook, row, verdict));
  }
  for (const [sheet, count] of defaulted) findings.push(recruiterAssumedFinding(sheet, count));
  return { rows, allowed, findings };
}

/**
 * Judges the indicators rows against the unit that carries each enterprise's indicators in the
 * row's month after the allowed register rows. An enterprise neither stored nor on a register
 * sheet of the workbook is left to E_UNKNOWN_ENTERPRISE (checkAgainstStore). A row that gives
 * no figure and withdraws nothing (empty cells, "nothing reported" marks: domain/figures.ts)
 * changes nothing and is allowed from anyone, as an unchanged register row is; 撤回 is judged
 * as a figure is.
 */
export function judgeIndicators(
  uploader: UnitId,
  workbook: ParsedWorkbook,
  context: AuthorityContext,
  allowedRegister: readonly RegisterRow[],
): Finding[] {
  // 「The bureau may change anything.」
  if (workbook.indicators.length === 0 || judgeIndicatorRow(uploader, null).allowed) return [];
  const carrier = context.indicatorsAfter(allowedRegister);
  const registerKeys = new Set(workbook.register.map((r) => r.record.key));
  /** Per key: on a register sheet, or stored (a stored record has facts in every month). */
  const known = new Map<string, boolean>();
  const findings: Finding[] = [];
  for (const row of workbook.indicators) {
    // A row that gives no figure and withdraws nothing changes nothing: anyone may send it.
    if (givesNothing(row)) continue;
    let isKnown = known.get(row.key);
    if (isKnown === undefined) {
      isKnown = registerKeys.has(row.key) || context.before(row.key, row.month).facts != null;
      known.set(row.key, isKnown);
    }
    if (isKnown && !judgeIndicatorRow(uploader, carrier(row.key, row.month)).allowed) {
      findings.push(indicatorsFinding(workbook, row));
    }
  }
  return findings;
}

/** Judges the targets rows: the bureau's only (a row that changes nothing: anyone's). */
export function judgeTargets(uploader: UnitId, workbook: ParsedWorkbook): Finding[] {
  if (judgeTargetRow(uploader).allowed) return [];
  return workbook.targets.filter((row) => !givesNothing(row)).map(targetsFinding);
}

/** Judges the contacts rows: a unit's own only, the bureau any. */
export function judgeContacts(uploader: UnitId, workbook: ParsedWorkbook): Finding[] {
  return workbook.contacts.filter((row) => !judgeContactRow(uploader, row).allowed).map(contactsFinding);
}

/**
 * Who may change what: every row of the workbook judged for the uploader.
 *
 * @param uploader the unit of the upload folder (`bureau` for the bureau)
 * @param workbook the checked workbook (`checkWorkbook`)
 * @param context the state from the uploads earlier in upload order ({@link contextFromVersions})
 */
export function judgeUpload(
  uploader: UnitId,
  workbook: ParsedWorkbook,
  context: AuthorityContext,
): UploadVerdict {
  const register = judgeRegister(uploader, workbook, context);
  const findings = [
    ...register.findings,
    ...judgeIndicators(uploader, workbook, context, register.allowed),
    ...judgeTargets(uploader, workbook),
    ...judgeContacts(uploader, workbook),
  ];
  const changedRows = register.rows.some((row, i) => row !== workbook.register[i]);
  if (findings.length === 0 && !changedRows) {
    return { workbook, findings, allowedRegister: register.allowed };
  }
  const judged: ParsedWorkbook = {
    ...workbook,
    register: register.rows,
    findings: [...workbook.findings, ...findings],
    sheets: countFindings(workbook.sheets, findings),
  };
  const side = SIDE_INFO.get(workbook);
  if (side) SIDE_INFO.set(judged, side);
  return { workbook: judged, findings, allowedRegister: register.allowed };
}

/** The sheet summaries with the findings added to their error and warning counts. */
function countFindings(sheets: readonly SheetSummary[], findings: readonly Finding[]): SheetSummary[] {
  return sheets.map((s) => {
    const own = findings.filter((f) => f.sheet === s.sheet);
    if (own.length === 0) return s;
    const errors = own.filter((f) => f.severity === 'error').length;
    return { ...s, errors: s.errors + errors, warnings: s.warnings + own.length - errors };
  });
}
