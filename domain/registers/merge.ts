/**
 * Register versions (docs/registers.md): a register row is the record's version
 * for its 报送月份. A column absent from the sheet keeps the previous value of that field; a
 * column present with a blank cell clears it (for optional fields).
 *
 * @module
 */
import { ValidationError } from '../errors.ts';
import type { RegisterRecord, RegisterRow } from '../types.ts';

/** The fields of a record, in the register's order (key and month are the row's own). */
export const RECORD_FIELDS: readonly (keyof RegisterRecord)[] = [
  'key',
  'uscc',
  'projectCode',
  'name',
  'stage',
  'recruiter',
  'street',
  'statStreet',
  'zone',
  'keyProject',
  'movement',
  'originStreet',
  'aboveScale',
  'category',
  'completedOn',
  'month',
  'note',
];

/** Fields a new record cannot do without: a row without their column needs a stored version. */
export const REQUIRED_FIELDS = [
  'name',
  'stage',
  'street',
] as const satisfies readonly (keyof RegisterRecord)[];

const DEFAULTS: Pick<RegisterRecord, OptionalField> = {
  uscc: null,
  projectCode: null,
  recruiter: null,
  statStreet: null,
  zone: null,
  keyProject: null,
  movement: null,
  originStreet: null,
  aboveScale: false,
  category: null,
  completedOn: null,
  note: null,
};

/** The fields a record may lack: a new record has them null (规上工业: 否). */
type OptionalField = Exclude<keyof RegisterRecord, 'key' | 'name' | 'stage' | 'street' | 'month'>;

/**
 * What a reader (a register row, a what-if input) found for one record: an optional field
 * undefined (not read, or not readable) or null (blank).
 */
export type RecordAsRead = Pick<RegisterRecord, 'key' | 'name' | 'stage' | 'street' | 'month'> & {
  [K in OptionalField]?: RegisterRecord[K] | null | undefined;
};

/**
 * The record a reader's fields make, in {@link RECORD_FIELDS} order: an optional field not
 * found takes its default (null; 规上工业 否).
 */
export function recordAsRead(r: RecordAsRead): RegisterRecord {
  return {
    key: r.key,
    uscc: r.uscc ?? DEFAULTS.uscc,
    projectCode: r.projectCode ?? DEFAULTS.projectCode,
    name: r.name,
    stage: r.stage,
    recruiter: r.recruiter ?? DEFAULTS.recruiter,
    street: r.street,
    statStreet: r.statStreet ?? DEFAULTS.statStreet,
    zone: r.zone ?? DEFAULTS.zone,
    keyProject: r.keyProject ?? DEFAULTS.keyProject,
    movement: r.movement ?? DEFAULTS.movement,
    originStreet: r.originStreet ?? DEFAULTS.originStreet,
    aboveScale: r.aboveScale ?? DEFAULTS.aboveScale,
    category: r.category ?? DEFAULTS.category,
    completedOn: r.completedOn ?? DEFAULTS.completedOn,
    month: r.month,
    note: r.note ?? DEFAULTS.note,
  };
}

/**
 * The record version a row makes: the row's value for every field whose column is present
 * (`row.present`), the previous version's value for every other field, and the defaults
 * (null, 规上工业 否) where there is no previous version. `key` and `month` are the row's.
 *
 * @param previous the latest stored version with the same or an earlier 报送月份 (an earlier
 *   upload of the same month counting as earlier), or null for a new record
 * @throws ValidationError when there is no previous version and the row's sheet lacks the
 *   column of 名称, 项目状态 or 所在街道 ({@link checkAgainstStore} reports these rows first)
 */
export function mergeVersion(previous: RegisterRecord | null, row: RegisterRow): RegisterRecord {
  const present = presentSet(row.present);
  const fresh = row.record;
  if (previous == null) {
    const missing = REQUIRED_FIELDS.filter((f) => !present.has(f));
    if (missing.length > 0) {
      throw new ValidationError(
        `${fresh.key}：尚无已存台账，而工作表“${row.sheet}”缺少${missing.map((f) => `「${HEADERS[f]}」`).join('')}列；新登记的企业（项目）须填写这些列。`,
      );
    }
  }
  const base = previous ?? (DEFAULTS as RegisterRecord);
  // Plain ternaries, no closure per call (mergeVersion runs once per register row).
  return {
    key: fresh.key,
    uscc: present.has('uscc') ? fresh.uscc : base.uscc,
    projectCode: present.has('projectCode') ? fresh.projectCode : base.projectCode,
    name: present.has('name') ? fresh.name : base.name,
    stage: present.has('stage') ? fresh.stage : base.stage,
    recruiter: present.has('recruiter') ? fresh.recruiter : base.recruiter,
    street: present.has('street') ? fresh.street : base.street,
    statStreet: present.has('statStreet') ? fresh.statStreet : base.statStreet,
    zone: present.has('zone') ? fresh.zone : base.zone,
    keyProject: present.has('keyProject') ? fresh.keyProject : base.keyProject,
    movement: present.has('movement') ? fresh.movement : base.movement,
    originStreet: present.has('originStreet') ? fresh.originStreet : base.originStreet,
    aboveScale: present.has('aboveScale') ? fresh.aboveScale : base.aboveScale,
    category: present.has('category') ? fresh.category : base.category,
    completedOn: present.has('completedOn') ? fresh.completedOn : base.completedOn,
    month: fresh.month,
    note: present.has('note') ? fresh.note : base.note,
  };
}

/** `present` arrays are shared by the rows of a sheet: one Set per array. */
const PRESENT_SETS = new WeakMap<ReadonlyArray<keyof RegisterRecord>, ReadonlySet<keyof RegisterRecord>>();
/** The fields of a row's `present` as a Set (cached per array). */
export function presentSet(present: ReadonlyArray<keyof RegisterRecord>): ReadonlySet<keyof RegisterRecord> {
  let set = PRESENT_SETS.get(present);
  if (!set) {
    set = new Set(present);
    PRESENT_SETS.set(present, set);
  }
  return set;
}

const HEADERS: Record<(typeof REQUIRED_FIELDS)[number], string> = {
  name: '企业（项目）名称',
  stage: '项目状态',
  street: '所在街道',
};
