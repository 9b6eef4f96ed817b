/** Rule 2 — 3.1.sme-city: zone 中小企业城 → cihui, every stage (docs/policy.md). */
import { type PolicyCase, r } from './record.ts';

const CIHUI = {
  service: 'cihui',
  indicators: 'cihui',
  lead: null,
  cooperating: null,
  safety: 'cihui',
  decidedBy: '3.1.sme-city',
} as const;

export const cases: PolicyCase[] = [
  {
    name: 'worked example: 中小企业城 enterprise, 慈惠街, recruited by 机电',
    month: '2026-10',
    input: r({ zone: 'sme-city', street: 'cihui', recruiter: 'jidian', category: '智能装备制造' }),
    expected: { ...CIHUI, clauses: ['3.1.sme-city', '2.safety'], policyTransfer: true },
  },
  {
    name: 'no recruiter: no policyTransfer',
    month: '2026-10',
    input: r({ zone: 'sme-city', street: 'cihui' }),
    expected: { ...CIHUI, policyTransfer: false },
  },
  {
    name: 'recruited by 慈惠街 itself: no policyTransfer',
    month: '2026-10',
    input: r({ zone: 'sme-city', street: 'cihui', recruiter: 'cihui' }),
    expected: { ...CIHUI, policyTransfer: false },
  },
  {
    name: 'Reading: 整体 — an office project 已签约 in the zone goes to cihui too (not 3.2)',
    month: '2026-10',
    input: r({ zone: 'sme-city', street: 'cihui', recruiter: 'gaoxin', stage: 'signed' }),
    expected: { ...CIHUI, stage: 'signed', handover: null, policyTransfer: true },
  },
  {
    name: 'Reading: 整体 — 在建 recruited by 机电',
    month: '2026-10',
    input: r({ zone: 'sme-city', street: 'cihui', recruiter: 'jidian', stage: 'building' }),
    expected: { ...CIHUI, stage: 'building', policyTransfer: true },
  },
  {
    name: 'Reading: 整体 — 新引进 with no recruiter',
    month: '2026-10',
    input: r({ zone: 'sme-city', street: 'cihui', stage: 'new' }),
    expected: { ...CIHUI, stage: 'new', policyTransfer: false, suggestedOffice: null },
  },
];
