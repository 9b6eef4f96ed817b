/** docs/policy.md: the worked examples, as of 2026-10, one table. */
import { type PolicyCase, r } from './record.ts';

const same = { recruiter: 'shipin', street: 'jinghe' } as const;
const row = (
  service: string,
  indicators: string,
  lead: string | null,
  cooperating: string | null,
  decidedBy: string,
) => ({ service, indicators, lead, cooperating, decidedBy }) as PolicyCase['expected'];

export const cases: PolicyCase[] = [
  {
    name: '京东方 chain supplier, built, in 慈惠街',
    month: '2026-10',
    input: r({ keyProject: 'boe', street: 'cihui' }),
    expected: row('jidian', 'jidian', null, null, '3.1.key'),
  },
  {
    name: '机电 recruited, built, 径河街',
    month: '2026-10',
    input: r({ recruiter: 'jidian', street: 'jinghe' }),
    expected: row('jidian', 'jidian', null, null, '3.1.retained'),
  },
  {
    name: '机电 recruited, built, 柏泉街',
    month: '2026-10',
    input: r({ recruiter: 'jidian', street: 'baiquan' }),
    expected: row('baiquan', 'baiquan', null, null, '3.1.transferred'),
  },
  {
    name: '高新 recruited, built, 长青街, no zone',
    month: '2026-10',
    input: r({ recruiter: 'gaoxin', street: 'changqing' }),
    expected: row('changqing', 'changqing', null, null, '3.1.transferred'),
  },
  {
    name: '高新 recruited, built, 长青街, zone 长青街1平方公里经济园区',
    month: '2026-10',
    input: r({ recruiter: 'gaoxin', street: 'changqing', zone: 'changqing-park' }),
    expected: row('gaoxin', 'gaoxin', null, null, '3.1.retained'),
  },
  {
    name: '临空 recruited, 在建, 柏泉街',
    month: '2026-10',
    input: r({ recruiter: 'linkong', street: 'baiquan', stage: 'building' }),
    expected: row('linkong', 'linkong', null, null, '3.2.in-cluster'),
  },
  {
    name: '食品医药 recruited, 已签约, 径河街',
    month: '2026-10',
    input: r({ ...same, stage: 'signed' }),
    expected: row('shipin', 'shipin', 'shipin', 'jinghe', '3.2.pre-handover'),
  },
  {
    name: 'same, completedOn 2026-09-15, stage 已建成投产',
    month: '2026-10',
    input: r({ ...same, stage: 'built', completedOn: '2026-09-15' }),
    expected: row('jinghe', 'jinghe', null, null, '3.1.transferred'),
  },
  {
    name: 'same, assessed as of 2026-08',
    month: '2026-08',
    input: r({ ...same, stage: 'built', completedOn: '2026-09-15' }),
    expected: row('shipin', 'shipin', 'shipin', 'jinghe', '3.2.pre-handover'),
  },
  {
    name: '中小企业城 enterprise, 慈惠街, recruited by 机电',
    month: '2026-10',
    input: r({ zone: 'sme-city', street: 'cihui', recruiter: 'jidian' }),
    expected: row('cihui', 'cihui', null, null, '3.1.sme-city'),
  },
  {
    name: 'recruited by 新沟镇街, located 长青街',
    month: '2026-10',
    input: r({ recruiter: 'xingouzhen', street: 'changqing' }),
    expected: row('changqing', 'changqing', null, null, '3.1.changqing'),
  },
  {
    name: 'moved (搬迁) from 吴家山街 to 走马岭街, no recruiter',
    month: '2026-10',
    input: r({ movement: 'relocation', originStreet: 'wujiashan', street: 'zoumaling' }),
    expected: row('zoumaling', 'zoumaling', null, null, '3.3'),
  },
  {
    name: 'local enterprise, 金银湖街',
    month: '2026-10',
    input: r({ street: 'jinyinhu' }),
    expected: row('jinyinhu', 'jinyinhu', null, null, '2.street'),
  },
];
