/**
 * Who may change what: the rules of upload authority, one per
 * sheet kind, each beside the text it implements (Catala style). The verdicts here are
 * values; the findings a refusal gives are in `findings.ts`.
 *
 * The rules judge the CHANGED FIELDS of a row against the record's facts before the upload,
 * never the assignment that results: a move that follows from an allowed row (a completion
 * handover under 3.2, a 搬迁 reported by the serving unit) is never refused.
 *
 * @module
 */
import type { Assignment, ContactRow, RegisterRecord, RegisterRow } from '../types.ts';
import { isOffice, isStreet, type UnitId } from '../units.ts';

/** The rules of upload authority, by id. */
export type AuthorityRuleId =
  | 'bureau'
  | 'unchanged'
  | 'serves'
  | 'carries-indicators'
  | 'territory'
  | 'deregister'
  | 'other-unit'
  | 'new-own-street'
  | 'new-other-street'
  | 'new-recruited-by-self'
  | 'new-recruited-by-other'
  | 'indicators'
  | 'targets'
  | 'contacts';

export interface AuthorityRule {
  readonly id: AuthorityRuleId;
  /** Where the text comes from. */
  readonly source: string;
  /** The text, copied exactly. */
  readonly text: string;
}

const SOURCE = 'the upload authority rules (docs/authority.md)';

function rule(id: AuthorityRuleId, text: string, source: string = SOURCE): AuthorityRule {
  return { id, source, text };
}

/** Every rule, with the words it implements. */
export const AUTHORITY_RULES: Readonly<Record<AuthorityRuleId, AuthorityRule>> = {
  bureau: rule('bureau', 'The bureau may change anything.'),
  unchanged: rule(
    'unchanged',
    'Moves that follow from an allowed row (a completion handover under 3.2, a 搬迁 reported by the unit serving it) are never refused',
  ),
  serves: rule('serves', "registers: a unit may upload rows for records it serves … in the row's 报送月份"),
  'carries-indicators': rule(
    'carries-indicators',
    "registers: a unit may upload rows for records … whose indicators it carries in the row's 报送月份",
  ),
  territory: rule(
    'territory',
    'a street that holds a record only for safety or as cooperating unit may change only its 名称, 建成投产日期 and 项目状态 among 新引进/已签约/在建/已建成投产',
  ),
  deregister: rule('deregister', '(已注销 only by the serving unit or the bureau)'),
  'other-unit': rule(
    'other-unit',
    "every other change to a record that another unit serves is the bureau's.",
  ),
  'new-own-street': rule('new-own-street', 'and new records located in its own street (a street)'),
  'new-other-street': rule('new-other-street', 'and new records located in its own street (a street)'),
  'new-recruited-by-self': rule(
    'new-recruited-by-self',
    "or recruited by itself (an office; when an office's sheet has no 招商单位 column, the office is the recruiter of its new rows, with one warning)",
  ),
  'new-recruited-by-other': rule('new-recruited-by-other', 'or recruited by itself (an office'),
  indicators: rule(
    'indicators',
    'indicators: only for enterprises whose indicators the unit carries in that month;',
  ),
  targets: rule('targets', 'targets: the bureau only;'),
  contacts: rule('contacts', 'contacts: a unit only its own, the bureau any.'),
};

// ───────────────────────────── relation to a record ─────────────────────────────

/**
 * What a unit is to a record in a month (its assignment then): the unit that serves it, the
 * unit that carries its indicators (and does not serve it), the street of its safety or its
 * cooperating street (and neither of the others), or none.
 */
export type Relation = 'serves' | 'carries-indicators' | 'territory' | 'none';

/**
 * The unit's relation to a record whose assignment in the month is `assignment` (null: no
 * assignment known, relation none).
 *
 * 「企业安全生产管理工作按照属地管理的原则，由属地街道负责，产业建设管理办公室协助配合。」 (clause 二,
 * 2.safety) and 「前期招商引资、项目落地建设服务以产业建设管理办公室为主体，属地街道配合」 (3.2):
 * the street of safety and the cooperating street hold the record without serving it.
 */
export function relationOf(unit: UnitId, assignment: Assignment | null): Relation {
  if (!assignment) return 'none';
  if (assignment.service === unit) return 'serves';
  if (assignment.indicators === unit) return 'carries-indicators';
  if (isStreet(unit) && (assignment.safety === unit || assignment.cooperating === unit)) return 'territory';
  return 'none';
}

// ───────────────────────────── changed fields ─────────────────────────────

/** A register field a row may change (all but the key and the 报送月份, which are the row's own). */
export type ChangeableField = Exclude<keyof RegisterRecord, 'key' | 'month'>;

/**
 * The fields a row changes on the record's facts before: the fields whose column is present
 * (`row.present`) and whose value differs. An absent column changes nothing (docs/registers.md);
 * a present field equal to the old value is no change. Exactly the fields where
 * `mergeVersion(facts, row)` differs from `facts`.
 */
export function changedFields(row: RegisterRow, facts: RegisterRecord): ChangeableField[] {
  const out: ChangeableField[] = [];
  const sent = row.record as unknown as Record<string, unknown>;
  const old = facts as unknown as Record<string, unknown>;
  for (const field of row.present) {
    if (field === 'key' || field === 'month') continue;
    if (sent[field] !== old[field] && !out.includes(field)) out.push(field);
  }
  return out;
}

/** The fields a street of safety or cooperation may change: 名称, 建成投产日期, 项目状态. */
export const TERRITORY_FIELDS: readonly ChangeableField[] = ['name', 'completedOn', 'stage'];

// ───────────────────────────── register rows ─────────────────────────────

/** The record as known before this upload, at the row's 报送月份. */
export interface RecordStanding {
  /**
   * The version the row merges onto (the latest with 报送月份 ≤ the row's, else the earliest),
   * from the uploads earlier in upload order; null: a new record.
   */
  facts: RegisterRecord | null;
  /**
   * Who serves, carries the indicators, cooperates and is responsible for safety in the row's
   * 报送月份 (for a record whose facts say 已注销: as its last active version assigned it, so
   * the unit that served it may correct a 已注销). Null: not known (only the bureau may change it).
   */
  assignment: Assignment | null;
}

/** The verdict on one row: allowed, or refused with the rule that refuses and the fields. */
export type RowVerdict =
  | { readonly allowed: true; readonly rule: AuthorityRuleId }
  | {
      readonly allowed: false;
      readonly rule: AuthorityRuleId;
      /** The changed fields the uploader may not change (empty for a new record). */
      readonly refused: readonly ChangeableField[];
    };

const allow = (rule: AuthorityRuleId): RowVerdict => ({ allowed: true, rule });
const refuse = (rule: AuthorityRuleId, refused: readonly ChangeableField[] = []): RowVerdict => ({
  allowed: false,
  rule,
  refused,
});

/**
 * May `uploader` upload this register row? The row as the uploader sent it (for an office's
 * sheet without 招商单位: its new rows with the recruiter already defaulted, see
 * {@link withDefaultRecruiter}).
 */
export function judgeRegisterRow(uploader: UnitId, row: RegisterRow, standing: RecordStanding): RowVerdict {
  // 「The bureau may change anything.」
  if (uploader === 'bureau') return allow('bureau');
  if (standing.facts == null) return judgeNewRecord(uploader, row);
  const changed = changedFields(row, standing.facts);
  // A row that changes nothing is no change, whoever sends it.
  if (changed.length === 0) return allow('unchanged');
  return judgeChanges(relationOf(uploader, standing.assignment), changed, standing.facts, row.record);
}

/**
 * A new record.
 *
 * 「and new records located in its own street (a street) or recruited by itself (an office …)」
 *
 * Reading: a street's new record must name its own street in 所在街道 (a sheet without that
 * column cannot show it: refused); an office's must name itself in 招商单位 (blank or another
 * unit: refused). A street may not register a new record located in another street, even one
 * it recruited: the street of the site, an office or the bureau registers it.
 */
function judgeNewRecord(uploader: UnitId, row: RegisterRow): RowVerdict {
  const present = row.present;
  if (isStreet(uploader)) {
    return present.includes('street') && row.record.street === uploader
      ? allow('new-own-street')
      : refuse('new-other-street');
  }
  if (isOffice(uploader)) {
    return present.includes('recruiter') && row.record.recruiter === uploader
      ? allow('new-recruited-by-self')
      : refuse('new-recruited-by-other');
  }
  return refuse('other-unit');
}

/**
 * Changes to a known record, by the uploader's relation to it in the row's 报送月份.
 *
 * 「a unit may upload rows for records it serves or whose indicators it carries in the row's
 * 报送月份」 — 「a street that holds a record only for safety or as cooperating unit may change
 * only its 名称, 建成投产日期 and 项目状态 among 新引进/已签约/在建/已建成投产 (已注销 only by the
 * serving unit or the bureau); every other change to a record that another unit serves is the
 * bureau's.」
 *
 * Reading: 已注销 is the serving unit's in both directions (setting it, or lifting it), also
 * against the unit that carries the indicators without serving; the safety / cooperating street
 * may change 项目状态 only from one of the four stages to another.
 */
function judgeChanges(
  relation: Relation,
  changed: readonly ChangeableField[],
  before: RegisterRecord,
  sent: RegisterRecord,
): RowVerdict {
  if (relation === 'serves') return allow('serves');
  const touchesInactive =
    changed.includes('stage') && (before.stage === 'inactive' || sent.stage === 'inactive');
  if (relation === 'carries-indicators') {
    return touchesInactive ? refuse('deregister', ['stage']) : allow('carries-indicators');
  }
  if (relation === 'territory') {
    const refused = changed.filter((f) => !TERRITORY_FIELDS.includes(f));
    if (refused.length > 0) return refuse('territory', refused);
    if (touchesInactive) return refuse('deregister', ['stage']);
    return allow('territory');
  }
  return refuse('other-unit', changed);
}

/**
 * The row an office sent on a sheet without the 招商单位 column, for a new record: the office
 * as its recruiter.
 *
 * 「when an office's sheet has no 招商单位 column, the office is the recruiter of its new rows,
 * with one warning」
 *
 * @param present the sheet's `present` with `recruiter` added (shared by the sheet's rows)
 */
export function withDefaultRecruiter(
  row: RegisterRow,
  office: UnitId,
  present: ReadonlyArray<keyof RegisterRecord>,
): RegisterRow {
  if (!isOffice(office)) return row;
  return { ...row, record: { ...row.record, recruiter: office }, present };
}

/** True when the rule applies: an office's new row on a sheet without 招商单位. */
export function needsDefaultRecruiter(uploader: UnitId, row: RegisterRow, standing: RecordStanding): boolean {
  return isOffice(uploader) && standing.facts == null && !row.present.includes('recruiter');
}

// ───────────────────────────── indicators, targets, contacts ─────────────────────────────

/**
 * An indicators row for an enterprise in a month.
 *
 * 「indicators: only for enterprises whose indicators the unit carries in that month;」 and
 * 「The bureau may change anything.」
 *
 * @param carrier the unit that carries the enterprise's indicators in the row's month, after
 *   this upload's allowed register rows (null: none)
 */
export function judgeIndicatorRow(uploader: UnitId, carrier: UnitId | null): RowVerdict {
  if (uploader === 'bureau') return allow('bureau');
  return carrier === uploader ? allow('indicators') : refuse('indicators');
}

/** 「targets: the bureau only;」 */
export function judgeTargetRow(uploader: UnitId): RowVerdict {
  return uploader === 'bureau' ? allow('bureau') : refuse('targets');
}

/** 「contacts: a unit only its own, the bureau any.」 */
export function judgeContactRow(uploader: UnitId, row: Pick<ContactRow, 'unit'>): RowVerdict {
  if (uploader === 'bureau') return allow('bureau');
  return row.unit === uploader ? allow('contacts') : refuse('contacts');
}
