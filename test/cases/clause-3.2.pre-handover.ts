/** Rule 7 — 3.2.pre-handover: an office's unbuilt project outside its 板块: office leads, street cooperates. */
import type { OfficeId, StreetId } from '#domain/units';
import { type PolicyCase, r } from './record.ts';

const led = (o: OfficeId, street: StreetId) =>
  ({
    service: o,
    indicators: o,
    lead: o,
    cooperating: street,
    safety: street,
    decidedBy: '3.2.pre-handover',
    policyTransfer: false,
    handover: { to: street, on: 'completion' },
  }) as const;

export const cases: PolicyCase[] = [
  {
    name: 'worked example: 食品医药 recruited, 已签约, 径河街',
    month: '2026-10',
    input: r({ recruiter: 'shipin', street: 'jinghe', stage: 'signed' }),
    expected: { ...led('shipin', 'jinghe'), stage: 'signed', clauses: ['3.2.pre-handover', '2.safety'] },
  },
  {
    name: 'worked example: same, completedOn 2026-09-15, stage 已建成投产, assessed as of 2026-08',
    month: '2026-08',
    input: r({ recruiter: 'shipin', street: 'jinghe', stage: 'built', completedOn: '2026-09-15' }),
    expected: { ...led('shipin', 'jinghe'), stage: 'building' },
  },
  {
    name: 'Reading: 现代服务 unbuilt is led by the office until completion',
    month: '2026-10',
    input: r({ recruiter: 'xiandai', street: 'wujiashan', stage: 'building', category: '人工智能' }),
    expected: { ...led('xiandai', 'wujiashan'), stage: 'building' },
  },
  {
    name: '高新, 已签约, 金银湖街',
    month: '2026-10',
    input: r({ recruiter: 'gaoxin', street: 'jinyinhu', stage: 'signed', category: '初创企业' }),
    expected: { ...led('gaoxin', 'jinyinhu'), stage: 'signed' },
  },
  {
    name: '高新, 在建, 长青街 outside the park',
    month: '2026-10',
    input: r({ recruiter: 'gaoxin', street: 'changqing', stage: 'building' }),
    expected: { ...led('gaoxin', 'changqing') },
  },
  {
    name: '综保物流, 新引进, 东山街 (no zone)',
    month: '2026-10',
    input: r({ recruiter: 'zongbao', street: 'dongshan', stage: 'new' }),
    expected: { ...led('zongbao', 'dongshan'), stage: 'new' },
  },
  {
    name: '临空, 已签约, 常青花园',
    month: '2026-10',
    input: r({ recruiter: 'linkong', street: 'changqinghuayuan', stage: 'signed' }),
    expected: { ...led('linkong', 'changqinghuayuan') },
  },
  {
    name: 'Reading: 3.3 between streets only — a 机电 project 扩产 from 径河街 to 柏泉街, 已签约',
    month: '2026-10',
    input: r({
      recruiter: 'jidian',
      street: 'baiquan',
      stage: 'signed',
      movement: 'expansion',
      originStreet: 'jinghe',
    }),
    expected: { ...led('jidian', 'baiquan') },
  },
  {
    name: 'Reading: hand over in the month of completion — completion on the first day of M+1: still led in M',
    month: '2026-09',
    input: r({ recruiter: 'shipin', street: 'jinghe', stage: 'signed', completedOn: '2026-10-01' }),
    expected: { ...led('shipin', 'jinghe'), stage: 'signed' },
  },
  {
    name: 'Reading: 3.2.pre-handover — the office carries the indicators, even if 规上 with a differing statStreet (no 3.4)',
    month: '2026-10',
    input: r({
      recruiter: 'shipin',
      street: 'jinghe',
      stage: 'building',
      aboveScale: true,
      statStreet: 'zoumaling',
    }),
    expected: { ...led('shipin', 'jinghe'), clauses: ['3.2.pre-handover', '2.safety'] },
  },
];
