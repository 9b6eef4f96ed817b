/**
 * One story of a month: the case table every reader of month M must agree with — the summary
 * (counts and lists: 划入/划出, 首次报送, 新登记), the transfer index (划转确认), the
 * enterprise's page and history, the e-mails and the console's tiles.
 *
 * The rule (the timeline's `storyOf`): a record whose indicators unit in M−1 (its facts read
 * back to M−1, the decisions in force in M−1 applied) differs from the one in M is a transfer in
 * M — also when M is its first 报送月份; 首次报送 = its first 报送月份 is M; 新登记 = first
 * reported in M with the stage 新引进 or 已签约 in M.
 *
 * @module
 */
import type { DecisionRecord } from '#domain/decisions';
import { usccCheckChar } from '#domain/registers/values';
import type { Month, RegisterRecord } from '#domain/types';
import type { UnitId } from '#domain/units';
import { r } from './record.ts';

export const STORY_MONTH: Month = '2026-10';

/** What every reader must say of a record in {@link STORY_MONTH}. */
export interface StoryCase {
  name: string;
  key: string;
  versions: RegisterRecord[];
  /** The indicators unit in M (where 首次报送 and 新登记 are counted). */
  carrier: UnitId;
  transfer: { from: UnitId; to: UnitId } | null;
  firstReported: boolean;
  registered: boolean;
}

/** A USCC with its check character (the records go through a register upload in the browser test). */
const key = (n: number) => {
  const first17 = `91420112MA4DY000${n}`;
  return `${first17}${usccCheckChar(first17)}`;
};

/** The working group's decision of case 1: from its first month, 金银湖街 carries it. */
export const STORY_DECISION = {
  keys: [key(1)],
  from: STORY_MONTH,
  service: 'jinyinhu',
  indicators: 'jinyinhu',
  reason: '项目落地金银湖街，由街道服务并承担经济指标',
  documentNo: '武临开专〔2026〕21号',
} as const;

/** {@link STORY_DECISION} as recorded (the domain's input). */
export const STORY_DECISION_RECORD: DecisionRecord = {
  id: 'dec-story-1',
  ...STORY_DECISION,
  keys: [...STORY_DECISION.keys],
  recordedBy: { subject: 'test', unit: 'bureau' },
  recordedAt: '2026-11-02T01:00:00.000Z',
};

export const STORY_CASES: StoryCase[] = [
  {
    name: 'a decision in the record’s first month (a signed 机电 project: 机电产业办 by the rules, 金银湖街 by the decision)',
    key: key(1),
    versions: [
      r({
        key: key(1),
        name: '金银湖智能装备项目',
        stage: 'signed',
        recruiter: 'jidian',
        street: 'jinyinhu',
      }),
    ],
    carrier: 'jinyinhu',
    transfer: { from: 'jidian', to: 'jinyinhu' },
    firstReported: true,
    registered: true,
  },
  {
    name: 'a completion handover in the record’s first month (食品医药 project in 径河街, completed 2026-10-05)',
    key: key(2),
    versions: [
      r({
        key: key(2),
        name: '径河食品加工项目',
        recruiter: 'shipin',
        street: 'jinghe',
        completedOn: '2026-10-05',
      }),
    ],
    carrier: 'jinghe',
    transfer: { from: 'shipin', to: 'jinghe' },
    firstReported: true,
    registered: false,
  },
  {
    name: 'a completion handover of a record reported since 2026-06 (在建 then)',
    key: key(3),
    versions: [
      r({
        key: key(3),
        name: '径河医药项目',
        recruiter: 'shipin',
        street: 'jinghe',
        stage: 'building',
        month: '2026-06',
      }),
      r({
        key: key(3),
        name: '径河医药项目',
        recruiter: 'shipin',
        street: 'jinghe',
        completedOn: '2026-09-15',
        month: STORY_MONTH,
      }),
    ],
    carrier: 'jinghe',
    transfer: { from: 'shipin', to: 'jinghe' },
    firstReported: false,
    registered: false,
  },
  {
    name: 'a 搬迁 from 长青街 to 走马岭街 recorded in this month’s version',
    key: key(4),
    versions: [
      r({ key: key(4), name: '走马岭物流有限公司', street: 'changqing', month: '2026-06' }),
      r({
        key: key(4),
        name: '走马岭物流有限公司',
        street: 'zoumaling',
        movement: 'relocation',
        originStreet: 'changqing',
        month: STORY_MONTH,
      }),
    ],
    carrier: 'zoumaling',
    transfer: { from: 'changqing', to: 'zoumaling' },
    firstReported: false,
    registered: false,
  },
  {
    name: 'a 搬迁 first reported this month (its facts read back: 走马岭街 in 2026-09 too)',
    key: key(5),
    versions: [
      r({
        key: key(5),
        name: '走马岭冷链有限公司',
        street: 'zoumaling',
        movement: 'relocation',
        originStreet: 'changqing',
      }),
    ],
    carrier: 'zoumaling',
    transfer: null,
    firstReported: true,
    registered: false,
  },
  {
    name: 'a record first reported years after it was built (建成投产 2019): 首次报送, not 新登记',
    key: key(6),
    versions: [r({ key: key(6), name: '长青老厂有限公司', street: 'changqing', completedOn: '2019-05-20' })],
    carrier: 'changqing',
    transfer: null,
    firstReported: true,
    registered: false,
  },
  {
    name: 'a project newly brought in (新引进) this month: 新登记',
    key: key(7),
    versions: [
      r({ key: key(7), name: '机电新引进项目', stage: 'new', recruiter: 'jidian', street: 'changqing' }),
    ],
    carrier: 'jidian',
    transfer: null,
    firstReported: true,
    registered: true,
  },
];

/** The cases' expected counts of a unit (or the district): 划入, 划出, 首次报送, 新登记 (counted where it is carried in M). */
export function storyCounts(unit: UnitId | 'district'): {
  transfersIn: number;
  transfersOut: number;
  firstReported: number;
  new: number;
} {
  if (unit === 'district') {
    const moved = STORY_CASES.filter((c) => c.transfer).length;
    return {
      transfersIn: moved,
      transfersOut: moved,
      firstReported: STORY_CASES.filter((c) => c.firstReported).length,
      new: STORY_CASES.filter((c) => c.registered).length,
    };
  }
  const mine = STORY_CASES.filter((c) => c.carrier === unit);
  return {
    transfersIn: STORY_CASES.filter((c) => c.transfer?.to === unit).length,
    transfersOut: STORY_CASES.filter((c) => c.transfer?.from === unit).length,
    firstReported: mine.filter((c) => c.firstReported).length,
    new: mine.filter((c) => c.registered).length,
  };
}
