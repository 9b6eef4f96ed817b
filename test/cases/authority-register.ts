/**
 * Upload authority, registers: unit kind (street, office, bureau) ×
 * relation to the record in the row's 报送月份 (serves, carries indicators only, safety only,
 * cooperating only, none, new record) × the fields changed. Relations come from the real
 * assessment of the facts before, except where an override makes a relation the policy never
 * gives (indicators without service, cooperating without safety).
 *
 * A row sends `sent` (its present columns besides key and 报送月份); every other field of the
 * row holds JUNK, which must change nothing.
 *
 * @module
 */
import type { AuthorityRuleId, ChangeableField } from '#domain/authority/index';
import type { Assignment, Month, RegisterRecord } from '#domain/types';
import type { UnitId } from '#domain/units';
import { r } from './record.ts';

export interface RegisterAuthorityCase {
  name: string;
  uploader: UnitId;
  /** The versions of earlier uploads (empty: a new record). */
  versions: RegisterRecord[];
  /** Overrides of the assessed assignment in the row's month. */
  assignment?: Partial<Assignment>;
  /** The row's 报送月份 (default 2026-10). */
  month?: Month;
  /** The present columns and the values sent. */
  sent: Partial<Omit<RegisterRecord, 'key' | 'month'>>;
  expected: {
    allowed: boolean;
    rule: AuthorityRuleId;
    refused?: ChangeableField[];
    /** True: the row as judged has the uploader as recruiter (an office's new row without 招商单位); false: the row is unchanged. */
    defaulted?: boolean;
    warningCodes?: string[];
  };
}

export const KEY = '91420112MA0000000X';
export const MONTH: Month = '2026-10';

/** Values for the absent columns: none of them may count as a change. */
export const JUNK: RegisterRecord = r({
  key: KEY,
  name: '',
  stage: 'inactive',
  recruiter: 'xiandai',
  street: 'dongshan',
  statStreet: 'xinandu',
  zone: 'sme-city',
  keyProject: 'boe',
  movement: 'relocation',
  originStreet: 'baiquan',
  aboveScale: true,
  category: '包装',
  completedOn: '2019-01-01',
  note: 'JUNK',
  projectCode: 'JUNK',
});

const before = (over: Partial<RegisterRecord>): RegisterRecord => r({ key: KEY, month: '2026-09', ...over });

/** 金银湖街's own enterprise (2.street): service, indicators and safety jinyinhu. */
export const LOCAL = before({ street: 'jinyinhu', stage: 'built' });
/** 机电办's built project in its 板块 径河街 (3.1.retained): service jidian, safety jinghe only. */
export const RETAINED = before({
  recruiter: 'jidian',
  street: 'jinghe',
  stage: 'built',
  completedOn: '2021-05-01',
});
/** 机电办's project being built in 金银湖街 (3.2.pre-handover): jidian serves, jinyinhu cooperates and has safety. */
export const PRE_HANDOVER = before({ recruiter: 'jidian', street: 'jinyinhu', stage: 'building' });
/** LOCAL deregistered in 2026-09 after an active 2026-08 version. */
export const DEREGISTERED: RegisterRecord[] = [
  { ...LOCAL, month: '2026-08' },
  { ...LOCAL, stage: 'inactive' as const },
];

/** Every field a safety/cooperating street may not change, with a value different from RETAINED's. */
export const NOT_TERRITORY: Partial<Omit<RegisterRecord, 'key' | 'month'>>[] = [
  { street: 'changqing' },
  { recruiter: 'shipin' },
  { recruiter: null },
  { statStreet: 'baiquan' },
  { zone: 'zongbao-1' },
  { keyProject: 'corning' },
  { keyProject: '天马' },
  { movement: 'relocation', originStreet: 'baiquan' },
  { aboveScale: true },
  { category: '包装' },
  { note: '已核实' },
  { projectCode: 'XM-2026-001' },
];

function notTerritoryCases(
  relation: string,
  uploader: UnitId,
  versions: RegisterRecord[],
  assignment?: Partial<Assignment>,
): RegisterAuthorityCase[] {
  return NOT_TERRITORY.map((sent) => ({
    name: `${relation} street changes ${Object.keys(sent).join('+')}: refused`,
    uploader,
    versions,
    ...(assignment ? { assignment } : {}),
    sent,
    expected: {
      allowed: false,
      rule: 'territory',
      refused: Object.keys(sent) as ChangeableField[],
    },
  }));
}

export const cases: RegisterAuthorityCase[] = [
  // ── the bureau ──
  {
    name: 'bureau moves another unit’s enterprise and changes its recruiter',
    uploader: 'bureau',
    versions: [RETAINED],
    sent: { street: 'dongshan', recruiter: 'xiandai' },
    expected: { allowed: true, rule: 'bureau' },
  },
  {
    name: 'bureau deregisters a street’s enterprise',
    uploader: 'bureau',
    versions: [LOCAL],
    sent: { stage: 'inactive' },
    expected: { allowed: true, rule: 'bureau' },
  },
  {
    name: 'bureau registers a new record without 招商单位 column: no recruiter defaulted, no warning',
    uploader: 'bureau',
    versions: [],
    sent: { name: '新企业', stage: 'new', street: 'baiquan' },
    expected: { allowed: true, rule: 'bureau', defaulted: false, warningCodes: [] },
  },

  // ── a street that serves ──
  {
    name: 'serving street deregisters its enterprise (已注销 by the serving unit)',
    uploader: 'jinyinhu',
    versions: [LOCAL],
    sent: { stage: 'inactive' },
    expected: { allowed: true, rule: 'serves' },
  },
  {
    name: 'serving street reports a 搬迁 to 走马岭街 (the move follows, never refused)',
    uploader: 'jinyinhu',
    versions: [LOCAL],
    sent: { street: 'zoumaling', movement: 'relocation', originStreet: 'jinyinhu' },
    expected: { allowed: true, rule: 'serves' },
  },
  {
    name: 'serving street changes every field',
    uploader: 'jinyinhu',
    versions: [LOCAL],
    sent: { ...JUNK, name: '改名公司', stage: 'signed' },
    expected: { allowed: true, rule: 'serves' },
  },
  {
    name: 'serving street lifts the 已注销 it reported (its last active version served by it)',
    uploader: 'jinyinhu',
    versions: DEREGISTERED,
    sent: { stage: 'built' },
    expected: { allowed: true, rule: 'serves' },
  },

  // ── a street that carries the indicators only ──
  {
    name: 'indicators-only street moves the record (may upload rows for records whose indicators it carries)',
    uploader: 'jinghe',
    versions: [RETAINED],
    assignment: { service: 'jidian', indicators: 'jinghe' },
    sent: { street: 'changqing' },
    expected: { allowed: true, rule: 'carries-indicators' },
  },
  {
    name: 'indicators-only street renames',
    uploader: 'jinghe',
    versions: [RETAINED],
    assignment: { service: 'jidian', indicators: 'jinghe' },
    sent: { name: '新名称有限公司' },
    expected: { allowed: true, rule: 'carries-indicators' },
  },
  {
    name: 'indicators-only street sets 已注销: refused (the serving unit’s)',
    uploader: 'jinghe',
    versions: [RETAINED],
    assignment: { service: 'jidian', indicators: 'jinghe' },
    sent: { stage: 'inactive' },
    expected: { allowed: false, rule: 'deregister', refused: ['stage'] },
  },

  // ── a street that holds the record for safety only (RETAINED, jinghe) ──
  {
    name: 'safety-only street renames',
    uploader: 'jinghe',
    versions: [RETAINED],
    sent: { name: '武汉新名称有限公司' },
    expected: { allowed: true, rule: 'territory' },
  },
  {
    name: 'safety-only street corrects 建成投产日期',
    uploader: 'jinghe',
    versions: [RETAINED],
    sent: { completedOn: '2021-06-30' },
    expected: { allowed: true, rule: 'territory' },
  },
  {
    name: 'safety-only street sets 已建成投产 → 在建 (among the four)',
    uploader: 'jinghe',
    versions: [RETAINED],
    sent: { stage: 'building', completedOn: null },
    expected: { allowed: true, rule: 'territory' },
  },
  {
    name: 'safety-only street sets 已注销: refused',
    uploader: 'jinghe',
    versions: [RETAINED],
    sent: { stage: 'inactive' },
    expected: { allowed: false, rule: 'deregister', refused: ['stage'] },
  },
  {
    name: 'safety-only street re-sends 所在街道 with the same value: no change, allowed',
    uploader: 'jinghe',
    versions: [RETAINED],
    sent: { street: 'jinghe' },
    expected: { allowed: true, rule: 'unchanged' },
  },
  {
    name: 'safety-only street re-sends the whole row unchanged',
    uploader: 'jinghe',
    versions: [RETAINED],
    sent: (({ key: _k, month: _m, ...rest }) => rest)(RETAINED),
    expected: { allowed: true, rule: 'unchanged' },
  },
  {
    name: 'safety-only street renames and moves: refused for 所在街道 only',
    uploader: 'jinghe',
    versions: [RETAINED],
    sent: { name: '改名公司', street: 'changqing' },
    expected: { allowed: false, rule: 'territory', refused: ['street'] },
  },
  ...notTerritoryCases('safety-only', 'jinghe', [RETAINED]),
  {
    name: 'safety-only street lifts 已注销 of a record the office served: refused',
    uploader: 'jinghe',
    versions: [
      { ...RETAINED, month: '2026-08' },
      { ...RETAINED, stage: 'inactive' },
    ],
    sent: { stage: 'built' },
    expected: { allowed: false, rule: 'deregister', refused: ['stage'] },
  },

  // ── a street that cooperates (PRE_HANDOVER, jinyinhu: cooperating and safety) ──
  {
    name: 'cooperating street reports completion 在建 → 已建成投产 (the 3.2 handover to itself follows)',
    uploader: 'jinyinhu',
    versions: [PRE_HANDOVER],
    sent: { stage: 'built', completedOn: '2026-10-15' },
    expected: { allowed: true, rule: 'territory' },
  },
  {
    name: 'cooperating street sets 在建 → 已签约',
    uploader: 'jinyinhu',
    versions: [PRE_HANDOVER],
    sent: { stage: 'signed' },
    expected: { allowed: true, rule: 'territory' },
  },
  {
    name: 'cooperating street sets 已注销: refused',
    uploader: 'jinyinhu',
    versions: [PRE_HANDOVER],
    sent: { stage: 'inactive' },
    expected: { allowed: false, rule: 'deregister', refused: ['stage'] },
  },
  {
    name: 'cooperating street clears the recruiter (would take the project): refused',
    uploader: 'jinyinhu',
    versions: [PRE_HANDOVER],
    sent: { recruiter: null },
    expected: { allowed: false, rule: 'territory', refused: ['recruiter'] },
  },
  {
    name: 'cooperating-only street (safety elsewhere, override) corrects 建成投产日期',
    uploader: 'jinyinhu',
    versions: [PRE_HANDOVER],
    assignment: { cooperating: 'jinyinhu', safety: 'baiquan' },
    sent: { completedOn: '2027-03-31' },
    expected: { allowed: true, rule: 'territory' },
  },
  ...notTerritoryCases('cooperating (and safety)', 'jinyinhu', [PRE_HANDOVER]),
  ...notTerritoryCases('cooperating-only', 'jinyinhu', [PRE_HANDOVER], {
    cooperating: 'jinyinhu',
    safety: 'baiquan',
  }),
  {
    name: 'in the 报送月份 before completion the cooperating street may not move the project',
    uploader: 'jinyinhu',
    versions: [{ ...PRE_HANDOVER, completedOn: '2026-10-15' }],
    month: '2026-09',
    sent: { street: 'baiquan' },
    expected: { allowed: false, rule: 'territory', refused: ['street'] },
  },
  {
    name: 'in the 报送月份 of completion the street serves (handed over) and may move it',
    uploader: 'jinyinhu',
    versions: [{ ...PRE_HANDOVER, completedOn: '2026-10-15' }],
    month: '2026-10',
    sent: { street: 'baiquan' },
    expected: { allowed: true, rule: 'serves' },
  },

  // ── a street with no relation ──
  {
    name: 'another street moves 金银湖街’s enterprise to itself: refused',
    uploader: 'baiquan',
    versions: [LOCAL],
    sent: { street: 'baiquan' },
    expected: { allowed: false, rule: 'other-unit', refused: ['street'] },
  },
  {
    name: 'another street renames: refused',
    uploader: 'baiquan',
    versions: [LOCAL],
    sent: { name: '改名公司' },
    expected: { allowed: false, rule: 'other-unit', refused: ['name'] },
  },
  {
    name: 'another street deregisters: refused',
    uploader: 'baiquan',
    versions: [LOCAL],
    sent: { stage: 'inactive' },
    expected: { allowed: false, rule: 'other-unit', refused: ['stage'] },
  },
  {
    name: 'another street lifts a 已注销: refused',
    uploader: 'baiquan',
    versions: DEREGISTERED,
    sent: { stage: 'built' },
    expected: { allowed: false, rule: 'other-unit', refused: ['stage'] },
  },
  {
    name: 'another street re-sends the row unchanged: allowed',
    uploader: 'baiquan',
    versions: [LOCAL],
    sent: { name: LOCAL.name, stage: 'built', street: 'jinyinhu', recruiter: null },
    expected: { allowed: true, rule: 'unchanged' },
  },
  {
    name: 'another street sends only the key (absent columns change nothing)',
    uploader: 'baiquan',
    versions: [LOCAL],
    sent: {},
    expected: { allowed: true, rule: 'unchanged' },
  },
  {
    name: 'a record never active (registered 已注销): only the bureau, even its street',
    uploader: 'jinyinhu',
    versions: [{ ...LOCAL, stage: 'inactive' }],
    sent: { name: '改名公司' },
    expected: { allowed: false, rule: 'other-unit', refused: ['name'] },
  },

  // ── a street's new records ──
  {
    name: 'street registers a new record in its own street',
    uploader: 'baiquan',
    versions: [],
    sent: { name: '新企业', stage: 'new', street: 'baiquan' },
    expected: { allowed: true, rule: 'new-own-street', defaulted: false, warningCodes: [] },
  },
  {
    name: 'street registers an office’s new project in its own street',
    uploader: 'baiquan',
    versions: [],
    sent: { name: '新项目', stage: 'signed', street: 'baiquan', recruiter: 'jidian' },
    expected: { allowed: true, rule: 'new-own-street', defaulted: false },
  },
  {
    name: 'street registers a new record in another street: refused',
    uploader: 'baiquan',
    versions: [],
    sent: { name: '新企业', stage: 'new', street: 'jinyinhu' },
    expected: { allowed: false, rule: 'new-other-street', refused: [] },
  },
  {
    name: 'street registers a new record it recruited, in another street: refused',
    uploader: 'baiquan',
    versions: [],
    sent: { name: '新企业', stage: 'new', street: 'jinyinhu', recruiter: 'baiquan' },
    expected: { allowed: false, rule: 'new-other-street', refused: [] },
  },
  {
    name: 'street registers a new record on a sheet without 所在街道: refused',
    uploader: 'baiquan',
    versions: [],
    sent: { name: '新企业', stage: 'new' },
    expected: { allowed: false, rule: 'new-other-street', refused: [] },
  },

  // ── an office that serves (RETAINED, jidian) ──
  {
    name: 'serving office deregisters its project',
    uploader: 'jidian',
    versions: [RETAINED],
    sent: { stage: 'inactive' },
    expected: { allowed: true, rule: 'serves' },
  },
  {
    name: 'serving office moves its project out of its 板块 (the transfer to 柏泉街 follows)',
    uploader: 'jidian',
    versions: [RETAINED],
    sent: { street: 'baiquan' },
    expected: { allowed: true, rule: 'serves' },
  },
  {
    name: 'serving office renames on a sheet without 招商单位: the recruiter is not defaulted for a known record',
    uploader: 'jidian',
    versions: [RETAINED],
    sent: { name: '改名公司' },
    expected: { allowed: true, rule: 'serves', defaulted: false, warningCodes: [] },
  },

  // ── an office that carries the indicators only ──
  {
    name: 'indicators-only office changes 产业类别',
    uploader: 'jidian',
    versions: [LOCAL],
    assignment: { service: 'jinyinhu', indicators: 'jidian' },
    sent: { category: '包装' },
    expected: { allowed: true, rule: 'carries-indicators' },
  },
  {
    name: 'indicators-only office sets 已注销: refused',
    uploader: 'jidian',
    versions: [LOCAL],
    assignment: { service: 'jinyinhu', indicators: 'jidian' },
    sent: { stage: 'inactive' },
    expected: { allowed: false, rule: 'deregister', refused: ['stage'] },
  },

  // ── an office with no relation ──
  {
    name: 'another office takes 机电办’s project as its own recruit: refused',
    uploader: 'shipin',
    versions: [RETAINED],
    sent: { recruiter: 'shipin' },
    expected: { allowed: false, rule: 'other-unit', refused: ['recruiter'] },
  },
  {
    name: 'an office claims a street’s enterprise: refused',
    uploader: 'jidian',
    versions: [LOCAL],
    sent: { recruiter: 'jidian' },
    expected: { allowed: false, rule: 'other-unit', refused: ['recruiter'] },
  },
  {
    name: 'another office renames and moves: refused, both named',
    uploader: 'shipin',
    versions: [RETAINED],
    sent: { name: '改名公司', street: 'zoumaling' },
    expected: { allowed: false, rule: 'other-unit', refused: ['name', 'street'] },
  },
  {
    name: 'another office re-sends the row unchanged: allowed',
    uploader: 'shipin',
    versions: [RETAINED],
    sent: { recruiter: 'jidian', street: 'jinghe' },
    expected: { allowed: true, rule: 'unchanged' },
  },

  // ── an office's new records ──
  {
    name: 'office registers its own recruit',
    uploader: 'jidian',
    versions: [],
    sent: { name: '新项目', stage: 'signed', street: 'baiquan', recruiter: 'jidian' },
    expected: { allowed: true, rule: 'new-recruited-by-self', defaulted: false, warningCodes: [] },
  },
  {
    name: 'office registers another office’s recruit: refused',
    uploader: 'jidian',
    versions: [],
    sent: { name: '新项目', stage: 'signed', street: 'baiquan', recruiter: 'shipin' },
    expected: { allowed: false, rule: 'new-recruited-by-other', refused: [] },
  },
  {
    name: 'office registers a street’s recruit: refused',
    uploader: 'jidian',
    versions: [],
    sent: { name: '新项目', stage: 'signed', street: 'baiquan', recruiter: 'baiquan' },
    expected: { allowed: false, rule: 'new-recruited-by-other', refused: [] },
  },
  {
    name: 'office registers a new record with 招商单位 blank: refused',
    uploader: 'jidian',
    versions: [],
    sent: { name: '新项目', stage: 'signed', street: 'baiquan', recruiter: null },
    expected: { allowed: false, rule: 'new-recruited-by-other', refused: [] },
  },
  {
    name: 'office sheet without 招商单位: the office is the recruiter, one warning',
    uploader: 'jidian',
    versions: [],
    sent: { name: '新项目', stage: 'signed', street: 'baiquan' },
    expected: {
      allowed: true,
      rule: 'new-recruited-by-self',
      defaulted: true,
      warningCodes: ['W_RECRUITER_ASSUMED'],
    },
  },
];
