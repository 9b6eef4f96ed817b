/** Rule 9 — 2.street: everything else (recruited by a street, or none) → the street (docs/policy.md). */
import type { StreetId } from '#domain/units';
import { type PolicyCase, r } from './record.ts';

const street = (s: StreetId) =>
  ({
    service: s,
    indicators: s,
    lead: null,
    cooperating: null,
    safety: s,
    decidedBy: '2.street',
    policyTransfer: false,
    handover: null,
  }) as const;

export const cases: PolicyCase[] = [
  {
    name: 'worked example: local enterprise, 金银湖街',
    month: '2026-10',
    input: r({ street: 'jinyinhu' }),
    expected: { ...street('jinyinhu'), stage: 'built', clauses: ['2.street', '2.safety'], warningCodes: [] },
  },
  {
    name: 'Reading: recruited by another street (吴家山街), located 径河街: the territory wins',
    month: '2026-10',
    input: r({ recruiter: 'wujiashan', street: 'jinghe' }),
    expected: { ...street('jinghe') },
  },
  {
    name: 'recruited by its own street',
    month: '2026-10',
    input: r({ recruiter: 'jinghe', street: 'jinghe' }),
    expected: { ...street('jinghe') },
  },
  {
    name: '常青花园, no recruiter',
    month: '2026-10',
    input: r({ street: 'changqinghuayuan' }),
    expected: { ...street('changqinghuayuan') },
  },
  {
    name: '在建 street project in 长青街 recruited by 长青街',
    month: '2026-10',
    input: r({ recruiter: 'changqing', street: 'changqing', stage: 'building' }),
    expected: { ...street('changqing'), stage: 'building' },
  },
  {
    name: '新引进, no recruiter, no category: suggestedOffice null',
    month: '2026-10',
    input: r({ stage: 'new', street: 'dongshan' }),
    expected: { ...street('dongshan'), stage: 'new', suggestedOffice: null },
  },
  {
    name: '新引进, no recruiter, category 跨境电商: suggestedOffice zongbao (assignment unchanged)',
    month: '2026-10',
    input: r({ stage: 'new', street: 'dongshan', category: '跨境电商' }),
    expected: {
      ...street('dongshan'),
      stage: 'new',
      suggestedOffice: 'zongbao',
      clauses: ['2.street', '2.safety'],
    },
  },
  {
    name: '新引进 recruited by a street: no suggestion',
    month: '2026-10',
    input: r({ stage: 'new', street: 'dongshan', recruiter: 'dongshan', category: '跨境电商' }),
    expected: { ...street('dongshan'), suggestedOffice: undefined },
  },
  {
    name: '已签约, no recruiter: no suggestion (only 新引进)',
    month: '2026-10',
    input: r({ stage: 'signed', street: 'dongshan', category: '跨境电商' }),
    expected: { ...street('dongshan'), suggestedOffice: undefined },
  },
];
