/** Rule 1 — 3.1.key: 京东方/康宁 projects and their full industry chain → jidian (docs/policy.md). */
import { type PolicyCase, r } from './record.ts';

const JIDIAN = {
  service: 'jidian',
  indicators: 'jidian',
  lead: null,
  cooperating: null,
  decidedBy: '3.1.key',
} as const;

export const cases: PolicyCase[] = [
  {
    name: 'worked example: 京东方 chain supplier, built, in 慈惠街',
    month: '2026-10',
    input: r({ keyProject: 'boe', recruiter: 'jidian', street: 'cihui', category: '光电子' }),
    expected: { ...JIDIAN, safety: 'cihui', clauses: ['3.1.key', '2.safety'], policyTransfer: false },
  },
  {
    name: '康宁, 在建, 柏泉街 (any stage, any place)',
    month: '2026-10',
    input: r({ keyProject: 'corning', recruiter: 'jidian', street: 'baiquan', stage: 'building' }),
    expected: { ...JIDIAN, stage: 'building', safety: 'baiquan', handover: null, policyTransfer: false },
  },
  {
    name: '京东方, 新引进, no recruiter',
    month: '2026-10',
    input: r({ keyProject: 'boe', stage: 'new', street: 'xinandu' }),
    expected: { ...JIDIAN, stage: 'new', safety: 'xinandu', policyTransfer: false, suggestedOffice: null },
  },
  {
    name: 'Reading: keyProject wins over sme-city (recruited by 慈惠街, zone 中小企业城)',
    month: '2026-10',
    input: r({ keyProject: 'boe', recruiter: 'cihui', street: 'cihui', zone: 'sme-city' }),
    expected: { ...JIDIAN, safety: 'cihui', policyTransfer: true },
  },
  {
    name: 'keyProject wins over changqing (recruited by 新沟镇街 in 长青街)',
    month: '2026-10',
    input: r({ keyProject: 'corning', recruiter: 'xingouzhen', street: 'changqing' }),
    expected: { ...JIDIAN, safety: 'changqing', policyTransfer: true },
  },
  {
    name: 'keyProject recruited by another office moves to jidian (policyTransfer)',
    month: '2026-10',
    input: r({ keyProject: 'boe', recruiter: 'linkong', street: 'baiquan' }),
    expected: { ...JIDIAN, safety: 'baiquan', policyTransfer: true },
  },
  {
    name: 'keyProject beats 3.3 (搬迁 between streets, no recruiter)',
    month: '2026-10',
    input: r({ keyProject: 'boe', movement: 'relocation', originStreet: 'wujiashan', street: 'zoumaling' }),
    expected: { ...JIDIAN, safety: 'zoumaling', clauses: ['3.1.key', '2.safety'] },
  },
  {
    name: 'in force from the first month 2020-04',
    month: '2020-04',
    input: r({ keyProject: 'boe', recruiter: 'jidian', street: 'changqing', month: '2020-04' }),
    expected: { ...JIDIAN, safety: 'changqing' },
  },
];
