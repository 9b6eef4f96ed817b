/** The stage in a month (docs/policy.md): every boundary. */
import { type PolicyCase, r } from './record.ts';

const office = { recruiter: 'shipin', street: 'jinghe' } as const; // outside shipin's cluster

export const cases: PolicyCase[] = [
  {
    name: 'completion on the last day of M → built in M (transferred)',
    month: '2026-09',
    input: r({ ...office, stage: 'signed', completedOn: '2026-09-30' }),
    expected: { stage: 'built', decidedBy: '3.1.transferred', indicators: 'jinghe', handover: null },
  },
  {
    name: 'completion on the first day of M+1 → still building in M (pre-handover)',
    month: '2026-09',
    input: r({ ...office, stage: 'building', completedOn: '2026-10-01' }),
    expected: { stage: 'building', decidedBy: '3.2.pre-handover', indicators: 'shipin' },
  },
  {
    name: 'completion on the first day of M → built in M',
    month: '2026-10',
    input: r({ ...office, stage: 'building', completedOn: '2026-10-01' }),
    expected: { stage: 'built', decidedBy: '3.1.transferred' },
  },
  {
    name: 'register says built with completedOn after M → building',
    month: '2026-08',
    input: r({ ...office, stage: 'built', completedOn: '2026-09-15' }),
    expected: { stage: 'building', decidedBy: '3.2.pre-handover' },
  },
  {
    name: 'register says built, no completedOn → built',
    month: '2026-08',
    input: r({ ...office, stage: 'built', completedOn: null }),
    expected: { stage: 'built', decidedBy: '3.1.transferred' },
  },
  {
    name: 'register says 新引进, completedOn before M → built',
    month: '2026-10',
    input: r({ ...office, stage: 'new', completedOn: '2026-01-10' }),
    expected: { stage: 'built', decidedBy: '3.1.transferred', suggestedOffice: undefined },
  },
  {
    name: 'register says 已签约, no completedOn → signed',
    month: '2026-10',
    input: r({ ...office, stage: 'signed' }),
    expected: { stage: 'signed', decidedBy: '3.2.pre-handover' },
  },
  {
    name: '29 February in a leap year is the last day of 2024-02',
    month: '2024-02',
    input: r({ ...office, stage: 'building', completedOn: '2024-02-29' }),
    expected: { stage: 'built', decidedBy: '3.1.transferred' },
  },
  {
    name: 'completed 2024-03-01 → still building in 2024-02',
    month: '2024-02',
    input: r({ ...office, stage: 'building', completedOn: '2024-03-01' }),
    expected: { stage: 'building', decidedBy: '3.2.pre-handover' },
  },
  {
    name: 'completion on the last day of December → built in December',
    month: '2025-12',
    input: r({ ...office, stage: 'building', completedOn: '2025-12-31' }),
    expected: { stage: 'built', decidedBy: '3.1.transferred' },
  },
  {
    name: 'completed 2026-01-01 → building in 2025-12 (year boundary)',
    month: '2025-12',
    input: r({ ...office, stage: 'built', completedOn: '2026-01-01' }),
    expected: { stage: 'building', decidedBy: '3.2.pre-handover' },
  },
  {
    name: 'the policy’s first month: completed on its effective day 2020-04-27 → built in 2020-04',
    month: '2020-04',
    input: r({ ...office, stage: 'building', completedOn: '2020-04-27' }),
    expected: { stage: 'built', decidedBy: '3.1.transferred' },
  },
  {
    name: 'completed before the policy (2019) and assessed in 2020-04 → built',
    month: '2020-04',
    input: r({ ...office, stage: 'built', completedOn: '2019-06-30' }),
    expected: { stage: 'built', decidedBy: '3.1.transferred' },
  },
  {
    name: 'inactive with completedOn → inactive',
    month: '2026-10',
    input: r({ ...office, stage: 'inactive', completedOn: '2020-01-01' }),
    expected: { stage: 'inactive', status: 'inactive', decidedBy: null },
  },
];
