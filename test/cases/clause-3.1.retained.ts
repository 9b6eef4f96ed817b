/** Rule 4 — 3.1.retained: an office's built project inside its 板块 stays with the office (docs/policy.md). */
import type { OfficeId } from '#domain/units';
import { type PolicyCase, r } from './record.ts';

const kept = (office: OfficeId) =>
  ({
    service: office,
    indicators: office,
    lead: null,
    cooperating: null,
    decidedBy: '3.1.retained',
    policyTransfer: false,
    handover: null,
  }) as const;

export const cases: PolicyCase[] = [
  {
    name: 'worked example: 机电 recruited, built, 径河街',
    month: '2026-10',
    input: r({ recruiter: 'jidian', street: 'jinghe' }),
    expected: { ...kept('jidian'), safety: 'jinghe', clauses: ['3.1.retained', '2.safety'] },
  },
  {
    name: '机电, built, 长青街',
    month: '2026-10',
    input: r({ recruiter: 'jidian', street: 'changqing' }),
    expected: { ...kept('jidian'), safety: 'changqing' },
  },
  {
    name: '机电, built, 长青街 inside the 1 km² park (street is in jidian’s cluster)',
    month: '2026-10',
    input: r({ recruiter: 'jidian', street: 'changqing', zone: 'changqing-park' }),
    expected: { ...kept('jidian'), safety: 'changqing' },
  },
  {
    name: 'worked example: 高新 recruited, built, 长青街, zone 长青街1平方公里经济园区',
    month: '2026-10',
    input: r({ recruiter: 'gaoxin', street: 'changqing', zone: 'changqing-park' }),
    expected: { ...kept('gaoxin'), safety: 'changqing' },
  },
  {
    name: '食品医药, built, 走马岭街',
    month: '2026-10',
    input: r({ recruiter: 'shipin', street: 'zoumaling' }),
    expected: { ...kept('shipin'), safety: 'zoumaling' },
  },
  {
    name: '综保物流, built, 走马岭街',
    month: '2026-10',
    input: r({ recruiter: 'zongbao', street: 'zoumaling' }),
    expected: { ...kept('zongbao'), safety: 'zoumaling' },
  },
  {
    name: '综保物流, built, zone 综保区一期 in 辛安渡街 (zone in cluster, street not)',
    month: '2026-10',
    input: r({ recruiter: 'zongbao', street: 'xinandu', zone: 'zongbao-1' }),
    expected: { ...kept('zongbao'), safety: 'xinandu' },
  },
  {
    name: '综保物流, built, zone 综保区二期 in 东山街',
    month: '2026-10',
    input: r({ recruiter: 'zongbao', street: 'dongshan', zone: 'zongbao-2' }),
    expected: { ...kept('zongbao'), safety: 'dongshan' },
  },
  {
    name: '临空, built, 柏泉街',
    month: '2026-10',
    input: r({ recruiter: 'linkong', street: 'baiquan' }),
    expected: { ...kept('linkong'), safety: 'baiquan' },
  },
  {
    name: 'register says 在建 but completedOn is in M: built in M, retained',
    month: '2026-10',
    input: r({ recruiter: 'linkong', street: 'baiquan', stage: 'building', completedOn: '2026-10-31' }),
    expected: { ...kept('linkong'), stage: 'built' },
  },
  {
    name: 'Reading: 3.1 vs 3.2 — an office project completed in 2025 is decided by rule 4',
    month: '2026-10',
    input: r({ recruiter: 'shipin', street: 'zoumaling', completedOn: '2025-06-01' }),
    expected: { ...kept('shipin') },
  },
  {
    name: 'Reading: 3.3 between streets only — a 机电 project that moved from 柏泉街 to 径河街 is judged at 径河街',
    month: '2026-10',
    input: r({ recruiter: 'jidian', street: 'jinghe', movement: 'relocation', originStreet: 'baiquan' }),
    expected: { ...kept('jidian'), safety: 'jinghe', clauses: ['3.1.retained', '2.safety'] },
  },
  {
    name: '规上 with a differing statStreet but carried by the office: no 3.4',
    month: '2026-10',
    input: r({ recruiter: 'jidian', street: 'jinghe', aboveScale: true, statStreet: 'baiquan' }),
    expected: { ...kept('jidian'), clauses: ['3.1.retained', '2.safety'], warningCodes: [] },
  },
];
