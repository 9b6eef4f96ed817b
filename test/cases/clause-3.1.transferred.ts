/** Rule 5 — 3.1.transferred: an office's built project outside its 板块 goes to its street (docs/policy.md). */
import type { StreetId } from '#domain/units';
import { type PolicyCase, r } from './record.ts';

const moved = (street: StreetId) =>
  ({
    service: street,
    indicators: street,
    lead: null,
    cooperating: null,
    safety: street,
    decidedBy: '3.1.transferred',
    policyTransfer: true,
    handover: null,
  }) as const;

export const cases: PolicyCase[] = [
  {
    name: 'worked example: 机电 recruited, built, 柏泉街',
    month: '2026-10',
    input: r({ recruiter: 'jidian', street: 'baiquan' }),
    expected: { ...moved('baiquan'), clauses: ['3.1.transferred', '2.safety'] },
  },
  {
    name: 'worked example: 高新 recruited, built, 长青街, no zone (the cluster is the park only)',
    month: '2026-10',
    input: r({ recruiter: 'gaoxin', street: 'changqing' }),
    expected: { ...moved('changqing') },
  },
  {
    name: 'worked example: same (食品医药, 径河街), completedOn 2026-09-15, stage 已建成投产',
    month: '2026-10',
    input: r({ recruiter: 'shipin', street: 'jinghe', completedOn: '2026-09-15' }),
    expected: { ...moved('jinghe'), stage: 'built' },
  },
  {
    name: 'Reading: 现代服务 has no cluster — every built 现代服务 project goes to its street',
    month: '2026-10',
    input: r({ recruiter: 'xiandai', street: 'jinyinhu', category: '大数据' }),
    expected: { ...moved('jinyinhu') },
  },
  {
    name: 'Reading: 现代服务 built in 长青街 1 km² park still goes to the street',
    month: '2026-10',
    input: r({ recruiter: 'xiandai', street: 'changqing', zone: 'changqing-park' }),
    expected: { ...moved('changqing') },
  },
  {
    name: '临空, built, 走马岭街',
    month: '2026-10',
    input: r({ recruiter: 'linkong', street: 'zoumaling' }),
    expected: { ...moved('zoumaling') },
  },
  {
    name: '综保物流, built, 将军路街',
    month: '2026-10',
    input: r({ recruiter: 'zongbao', street: 'jiangjunlu' }),
    expected: { ...moved('jiangjunlu') },
  },
  {
    name: '综保物流, built, in the 1 km² park (not its zone) → 长青街',
    month: '2026-10',
    input: r({ recruiter: 'zongbao', street: 'changqing', zone: 'changqing-park' }),
    expected: { ...moved('changqing') },
  },
  {
    name: '高新, built, zone 综保区一期 (not its zone) → the street',
    month: '2026-10',
    input: r({ recruiter: 'gaoxin', street: 'xinandu', zone: 'zongbao-1' }),
    expected: { ...moved('xinandu') },
  },
  {
    name: '规上 with a differing statStreet: 3.4 appended',
    month: '2026-10',
    input: r({ recruiter: 'jidian', street: 'baiquan', aboveScale: true, statStreet: 'jinghe' }),
    expected: { ...moved('baiquan'), clauses: ['3.1.transferred', '2.safety', '3.4'] },
  },
];
