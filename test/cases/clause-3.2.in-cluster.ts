/** Rule 6 — 3.2.in-cluster: an office's unbuilt project inside its 板块 → the office, all the way. */
import type { OfficeId } from '#domain/units';
import { type PolicyCase, r } from './record.ts';

const office = (o: OfficeId) =>
  ({
    service: o,
    indicators: o,
    lead: null,
    cooperating: null,
    decidedBy: '3.2.in-cluster',
    policyTransfer: false,
    handover: null,
  }) as const;

export const cases: PolicyCase[] = [
  {
    name: 'worked example: 临空 recruited, 在建, 柏泉街',
    month: '2026-10',
    input: r({ recruiter: 'linkong', street: 'baiquan', stage: 'building' }),
    expected: {
      ...office('linkong'),
      stage: 'building',
      safety: 'baiquan',
      clauses: ['3.2.in-cluster', '2.safety'],
    },
  },
  {
    name: '机电, 新引进, 径河街 (project code key)',
    month: '2026-10',
    input: r({
      key: 'XM-2026-031',
      uscc: null,
      projectCode: 'XM-2026-031',
      recruiter: 'jidian',
      street: 'jinghe',
      stage: 'new',
    }),
    expected: { ...office('jidian'), stage: 'new', safety: 'jinghe' },
  },
  {
    name: '高新, 已签约, in the 1 km² park',
    month: '2026-10',
    input: r({ recruiter: 'gaoxin', street: 'changqing', zone: 'changqing-park', stage: 'signed' }),
    expected: { ...office('gaoxin'), stage: 'signed' },
  },
  {
    name: '综保物流, 新引进, zone 综保区二期 in 东山街',
    month: '2026-10',
    input: r({ recruiter: 'zongbao', street: 'dongshan', zone: 'zongbao-2', stage: 'new' }),
    expected: { ...office('zongbao'), stage: 'new', safety: 'dongshan' },
  },
  {
    name: '食品医药, 在建, 走马岭街',
    month: '2026-10',
    input: r({ recruiter: 'shipin', street: 'zoumaling', stage: 'building' }),
    expected: { ...office('shipin'), stage: 'building' },
  },
  {
    name: 'register says built but completedOn after M: building in M, in-cluster',
    month: '2026-10',
    input: r({ recruiter: 'jidian', street: 'changqing', stage: 'built', completedOn: '2026-11-01' }),
    expected: { ...office('jidian'), stage: 'building' },
  },
];
