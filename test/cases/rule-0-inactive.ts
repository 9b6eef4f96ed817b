/** Rule 0: a record whose stage is `inactive` is never assigned (docs/policy.md). */
import { type Expected, type PolicyCase, r } from './record.ts';

const NONE: Expected = {
  status: 'inactive',
  stage: 'inactive',
  service: null,
  indicators: null,
  lead: null,
  cooperating: null,
  safety: null,
  decidedBy: null,
  clauses: [],
  policyTransfer: false,
  handover: null,
  warningCodes: [],
};

export const cases: PolicyCase[] = [
  {
    name: '已注销, local enterprise',
    month: '2026-10',
    input: r({ stage: 'inactive' }),
    expected: { ...NONE },
  },
  {
    name: 'inactive beats the key project rule',
    month: '2026-10',
    input: r({ stage: 'inactive', keyProject: 'boe', recruiter: 'jidian', street: 'cihui' }),
    expected: { ...NONE },
  },
  {
    name: 'inactive with a completion date stays inactive',
    month: '2026-10',
    input: r({ stage: 'inactive', completedOn: '2019-01-01', recruiter: 'shipin', street: 'jinghe' }),
    expected: { ...NONE },
  },
  {
    name: 'inactive gives no warnings even for an odd category or statStreet',
    month: '2020-04',
    input: r({ stage: 'inactive', category: '不存在的类别', statStreet: 'baiquan' }),
    expected: { ...NONE },
  },
];
