/**
 * The case table of the fictitious policy `2027-test` (assessed under 2020-1 + 2027-test):
 * the new clause `3.1.zongbao-2` moves 综保区二期 wholly to 走马岭街 from 2027-01; 2026-12 is
 * still 2020-1's answer; the rules before it in the order (keyProject, the other whole moves)
 * still win; other places are unchanged.
 *
 * @module
 */
import { type Expected, type PolicyCase, r } from '../record.ts';

const ZOUMALING: Expected = {
  service: 'zoumaling',
  indicators: 'zoumaling',
  lead: null,
  cooperating: null,
  safety: 'zoumaling',
  decidedBy: '3.1.zongbao-2',
  clauses: ['3.1.zongbao-2', '2.safety'],
};

const builtInZone2 = r({
  stage: 'built',
  recruiter: 'zongbao',
  street: 'zoumaling',
  zone: 'zongbao-2',
  completedOn: '2021-05-01',
});
const buildingInZone2 = r({
  stage: 'building',
  recruiter: 'zongbao',
  street: 'zoumaling',
  zone: 'zongbao-2',
});

export const cases: PolicyCase[] = [
  {
    name: 'the last month of 2020-1: a built 综保 project in 综保区二期 is retained by 综保办',
    month: '2026-12',
    input: builtInZone2,
    expected: { service: 'zongbao', indicators: 'zongbao', decidedBy: '3.1.retained', policyTransfer: false },
  },
  {
    name: 'the first month of 2027-test: the same project is moved wholly to 走马岭街',
    month: '2027-01',
    input: builtInZone2,
    expected: { ...ZOUMALING, policyTransfer: true },
  },
  {
    name: 'a later month of 2027-test: still 走马岭街',
    month: '2030-12',
    input: builtInZone2,
    expected: { ...ZOUMALING, policyTransfer: true },
  },
  {
    name: 'moved wholly: a project still building goes too (2026-12: 3.2.in-cluster)',
    month: '2026-12',
    input: buildingInZone2,
    expected: { service: 'zongbao', indicators: 'zongbao', decidedBy: '3.2.in-cluster' },
  },
  {
    name: 'moved wholly: a project still building goes too (2027-01: 3.1.zongbao-2)',
    month: '2027-01',
    input: buildingInZone2,
    expected: { ...ZOUMALING, policyTransfer: true, handover: null },
  },
  {
    name: 'recruited by 走马岭街 itself: decided by the new clause, no policyTransfer',
    month: '2027-01',
    input: r({ recruiter: 'zoumaling', street: 'zoumaling', zone: 'zongbao-2' }),
    expected: { ...ZOUMALING, policyTransfer: false },
  },
  {
    name: 'a key project in 综保区二期 stays with 机电 (keyProject comes first in the order)',
    month: '2027-01',
    input: r({ recruiter: 'jidian', street: 'zoumaling', zone: 'zongbao-2', keyProject: 'boe' }),
    expected: { service: 'jidian', indicators: 'jidian', decidedBy: '3.1.key' },
  },
  {
    name: '综保区一期 is not moved',
    month: '2027-01',
    input: r({ recruiter: 'zongbao', street: 'zoumaling', zone: 'zongbao-1', completedOn: '2021-05-01' }),
    expected: { service: 'zongbao', indicators: 'zongbao', decidedBy: '3.1.retained' },
  },
  {
    name: '中小企业城 still goes to 慈惠街 under 2027-test',
    month: '2027-01',
    input: r({ zone: 'sme-city', street: 'cihui', recruiter: 'jidian' }),
    expected: { service: 'cihui', indicators: 'cihui', decidedBy: '3.1.sme-city' },
  },
  {
    name: 'an inactive record in 综保区二期 stays inactive',
    month: '2027-01',
    input: r({ stage: 'inactive', zone: 'zongbao-2', street: 'zoumaling' }),
    expected: { status: 'inactive', decidedBy: null, clauses: [] },
  },
];
