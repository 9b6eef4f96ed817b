/** Clause 2.safety: safety is always the record's street, whoever serves (docs/policy.md). */
import { type PolicyCase, r } from './record.ts';

export const cases: PolicyCase[] = [
  {
    name: 'office serves, the street is responsible for safety (retained)',
    month: '2026-10',
    input: r({ recruiter: 'jidian', street: 'jinghe' }),
    expected: { service: 'jidian', safety: 'jinghe', clauses: ['3.1.retained', '2.safety'] },
  },
  {
    name: 'key project in 柏泉街: safety baiquan, service jidian',
    month: '2026-10',
    input: r({ keyProject: 'corning', recruiter: 'jidian', street: 'baiquan' }),
    expected: { service: 'jidian', safety: 'baiquan' },
  },
  {
    name: 'zone 综保区一期 in 辛安渡街: safety xinandu',
    month: '2026-10',
    input: r({ recruiter: 'zongbao', street: 'xinandu', zone: 'zongbao-1', stage: 'building' }),
    expected: { service: 'zongbao', safety: 'xinandu', decidedBy: '3.2.in-cluster' },
  },
  {
    name: '搬迁: safety is the new street, not the origin',
    month: '2026-10',
    input: r({ street: 'zoumaling', movement: 'relocation', originStreet: 'wujiashan' }),
    expected: { safety: 'zoumaling' },
  },
  {
    name: 'statStreet differs: safety is the actual street',
    month: '2026-10',
    input: r({ street: 'jinyinhu', statStreet: 'jiangjunlu', aboveScale: true }),
    expected: { safety: 'jinyinhu' },
  },
];
