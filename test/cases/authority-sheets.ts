/**
 * Upload authority, the other sheet kinds: indicators (judged against the
 * unit that carries the enterprise's indicators in the row's month, after this upload's allowed
 * register rows), targets (the bureau only) and contacts (a unit its own, the bureau any).
 *
 * @module
 */
import type { Month, RegisterRecord } from '#domain/types';
import type { UnitId } from '#domain/units';
import { DEREGISTERED, KEY, LOCAL, PRE_HANDOVER, RETAINED } from './authority-register.ts';
import { r } from './record.ts';

export const NEW_KEY = '91420112MA0000001Y';

export interface IndicatorsAuthorityCase {
  name: string;
  uploader: UnitId;
  /** The versions of KEY from earlier uploads. */
  versions: RegisterRecord[];
  /** Register rows of the same upload (full rows: every column present). */
  register?: RegisterRecord[];
  /** The indicators rows: key (default KEY) and month. */
  rows: { key?: string; month: Month }[];
  /** The months refused (E_NOT_YOURS_INDICATORS), in row order. */
  refused: Month[];
  /** Other error codes expected (register refusals). */
  otherErrors?: string[];
}

const handedOverInJune: RegisterRecord = { ...PRE_HANDOVER, completedOn: '2026-06-10', month: '2026-01' };

export const indicatorsCases: IndicatorsAuthorityCase[] = [
  {
    name: 'the serving street reports its enterprise',
    uploader: 'jinyinhu',
    versions: [LOCAL],
    rows: [{ month: '2026-09' }, { month: '2026-10' }],
    refused: [],
  },
  {
    name: 'another street reports it: every row refused',
    uploader: 'baiquan',
    versions: [LOCAL],
    rows: [{ month: '2026-09' }, { month: '2026-10' }],
    refused: ['2026-09', '2026-10'],
  },
  {
    name: 'the bureau reports anyone’s',
    uploader: 'bureau',
    versions: [LOCAL],
    rows: [{ month: '2026-10' }],
    refused: [],
  },
  {
    name: 'the safety-only street does not carry the office’s indicators',
    uploader: 'jinghe',
    versions: [RETAINED],
    rows: [{ month: '2026-10' }],
    refused: ['2026-10'],
  },
  {
    name: 'the office carries them',
    uploader: 'jidian',
    versions: [RETAINED],
    rows: [{ month: '2026-10' }],
    refused: [],
  },
  {
    name: 'handover on completion 2026-06-10: the street carries from 2026-06, not 2026-05',
    uploader: 'jinyinhu',
    versions: [handedOverInJune],
    rows: [{ month: '2026-05' }, { month: '2026-06' }],
    refused: ['2026-05'],
  },
  {
    name: 'handover on completion 2026-06-10: the office carries 2026-05, not 2026-06',
    uploader: 'jidian',
    versions: [handedOverInJune],
    rows: [{ month: '2026-05' }, { month: '2026-06' }],
    refused: ['2026-06'],
  },
  {
    name: 'an enterprise the office registers in this same upload',
    uploader: 'jidian',
    versions: [],
    register: [
      r({ key: NEW_KEY, recruiter: 'jidian', street: 'jinghe', stage: 'building', month: '2026-10' }),
    ],
    rows: [{ key: NEW_KEY, month: '2026-10' }],
    refused: [],
  },
  {
    name: 'an enterprise whose registration in this upload is refused: its indicators too',
    uploader: 'jidian',
    versions: [],
    register: [
      r({ key: NEW_KEY, recruiter: 'shipin', street: 'zoumaling', stage: 'building', month: '2026-10' }),
    ],
    rows: [{ key: NEW_KEY, month: '2026-10' }],
    refused: ['2026-10'],
    otherErrors: ['E_NOT_YOURS_NEW'],
  },
  {
    name: 'the serving street moves its enterprise to 走马岭街 in 2026-10: 2026-09 still its, 2026-10 not',
    uploader: 'jinyinhu',
    versions: [LOCAL],
    register: [
      { ...LOCAL, street: 'zoumaling', movement: 'relocation', originStreet: 'jinyinhu', month: '2026-10' },
    ],
    rows: [{ month: '2026-09' }, { month: '2026-10' }],
    refused: ['2026-10'],
  },
  {
    name: 'the street that receives the 搬迁 in this upload’s refused row does not get the indicators',
    uploader: 'zoumaling',
    versions: [LOCAL],
    register: [{ ...LOCAL, street: 'zoumaling', month: '2026-10' }],
    rows: [{ month: '2026-10' }],
    refused: ['2026-10'],
    otherErrors: ['E_NOT_YOURS'],
  },
  {
    name: 'a deregistered enterprise: nobody but the bureau reports months after 已注销',
    uploader: 'jinyinhu',
    versions: DEREGISTERED,
    rows: [{ month: '2026-08' }, { month: '2026-09' }],
    refused: ['2026-09'],
  },
  {
    name: 'an unknown enterprise is left to E_UNKNOWN_ENTERPRISE (no authority finding)',
    uploader: 'baiquan',
    versions: [],
    rows: [{ key: '91420112MA0000009Z', month: '2026-10' }],
    refused: [],
  },
];

export interface TargetsAuthorityCase {
  name: string;
  uploader: UnitId;
  rows: number;
  refused: number;
}

export const targetsCases: TargetsAuthorityCase[] = [
  { name: 'a street uploads targets: every row refused', uploader: 'baiquan', rows: 3, refused: 3 },
  { name: 'an office uploads targets: every row refused', uploader: 'jidian', rows: 2, refused: 2 },
  { name: 'the bureau uploads targets', uploader: 'bureau', rows: 3, refused: 0 },
];

export interface ContactsAuthorityCase {
  name: string;
  uploader: UnitId;
  /** The unit of each contacts row. */
  units: UnitId[];
  /** The indexes of the rows refused. */
  refused: number[];
}

export const contactsCases: ContactsAuthorityCase[] = [
  {
    name: 'a street uploads its own contacts',
    uploader: 'changqing',
    units: ['changqing', 'changqing'],
    refused: [],
  },
  {
    name: 'a street names 柏泉街 and the bureau: those rows refused',
    uploader: 'changqing',
    units: ['changqing', 'baiquan', 'bureau'],
    refused: [1, 2],
  },
  { name: 'an office uploads its own contacts', uploader: 'jidian', units: ['jidian'], refused: [] },
  { name: 'an office names a street: refused', uploader: 'jidian', units: ['jinghe'], refused: [0] },
  {
    name: 'the bureau uploads any unit’s contacts',
    uploader: 'bureau',
    units: ['bureau', 'baiquan', 'jidian'],
    refused: [],
  },
];

export { KEY };
