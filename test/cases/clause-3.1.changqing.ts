/** Rule 3 — 3.1.changqing: in 长青街 and recruited by 新沟镇街 or 东山街 → changqing (docs/policy.md). */
import { type PolicyCase, r } from './record.ts';

const CQ = {
  service: 'changqing',
  indicators: 'changqing',
  lead: null,
  cooperating: null,
  safety: 'changqing',
  decidedBy: '3.1.changqing',
} as const;

export const cases: PolicyCase[] = [
  {
    name: 'worked example: recruited by 新沟镇街, located 长青街',
    month: '2026-10',
    input: r({ recruiter: 'xingouzhen', street: 'changqing' }),
    expected: { ...CQ, clauses: ['3.1.changqing', '2.safety'], policyTransfer: true },
  },
  {
    name: 'recruited by 东山街, located 长青街',
    month: '2026-10',
    input: r({ recruiter: 'dongshan', street: 'changqing' }),
    expected: { ...CQ, policyTransfer: true },
  },
  {
    name: 'Reading: 整体 — 在建 project of 东山街 in 长青街',
    month: '2026-10',
    input: r({ recruiter: 'dongshan', street: 'changqing', stage: 'building' }),
    expected: { ...CQ, stage: 'building', policyTransfer: true },
  },
  {
    name: 'Reading: 整体 — 新引进 project of 新沟镇街 in the 1 km² park of 长青街',
    month: '2026-10',
    input: r({ recruiter: 'xingouzhen', street: 'changqing', zone: 'changqing-park', stage: 'new' }),
    expected: { ...CQ, stage: 'new', policyTransfer: true },
  },
  {
    name: 'recruited by 新沟镇街 but located 径河街: rule 9, the territory wins',
    month: '2026-10',
    input: r({ recruiter: 'xingouzhen', street: 'jinghe' }),
    expected: { service: 'jinghe', indicators: 'jinghe', decidedBy: '2.street', policyTransfer: false },
  },
  {
    name: 'recruited by 吴家山街, located 长青街: not rule 3',
    month: '2026-10',
    input: r({ recruiter: 'wujiashan', street: 'changqing' }),
    expected: { service: 'changqing', indicators: 'changqing', decidedBy: '2.street', policyTransfer: false },
  },
  {
    name: '长青 is not 常青: recruited by 新沟镇街, located 常青花园 → rule 9',
    month: '2026-10',
    input: r({ recruiter: 'xingouzhen', street: 'changqinghuayuan' }),
    expected: { service: 'changqinghuayuan', indicators: 'changqinghuayuan', decidedBy: '2.street' },
  },
];
