/** Rule 8 — 3.3: 扩产/搬迁 between streets → the new street (docs/policy.md). */
import type { StreetId } from '#domain/units';
import { type PolicyCase, r } from './record.ts';

const at = (street: StreetId) =>
  ({
    service: street,
    indicators: street,
    lead: null,
    cooperating: null,
    safety: street,
    decidedBy: '3.3',
    policyTransfer: false,
    handover: null,
  }) as const;

export const cases: PolicyCase[] = [
  {
    name: 'worked example: moved (搬迁) from 吴家山街 to 走马岭街, no recruiter',
    month: '2026-10',
    input: r({ street: 'zoumaling', movement: 'relocation', originStreet: 'wujiashan' }),
    expected: { ...at('zoumaling'), clauses: ['3.3', '2.safety'], warningCodes: [] },
  },
  {
    name: 'Reading: 扩产 is the new project at the new site (row of its own), recruited by the origin street',
    month: '2026-10',
    input: r({
      key: 'XM-2026-100',
      uscc: null,
      projectCode: 'XM-2026-100',
      street: 'xingouzhen',
      recruiter: 'jinghe',
      stage: 'building',
      movement: 'expansion',
      originStreet: 'jinghe',
    }),
    expected: { ...at('xingouzhen'), stage: 'building' },
  },
  {
    name: '搬迁 recruited by the new street itself',
    month: '2026-10',
    input: r({ street: 'baiquan', recruiter: 'baiquan', movement: 'relocation', originStreet: 'cihui' }),
    expected: { ...at('baiquan') },
  },
  {
    name: '规上 搬迁 with statStreet still the origin street: 3.3 then 3.4',
    month: '2026-10',
    input: r({
      street: 'zoumaling',
      movement: 'relocation',
      originStreet: 'wujiashan',
      aboveScale: true,
      statStreet: 'wujiashan',
    }),
    expected: { ...at('zoumaling'), clauses: ['3.3', '2.safety', '3.4'] },
  },
  {
    name: 'Reading: movement with originStreet equal to street → W_MOVEMENT_SAME_STREET, then rule 9',
    month: '2026-10',
    input: r({ street: 'jinghe', movement: 'expansion', originStreet: 'jinghe' }),
    expected: {
      service: 'jinghe',
      indicators: 'jinghe',
      decidedBy: '2.street',
      clauses: ['2.street', '2.safety'],
      warningCodes: ['W_MOVEMENT_SAME_STREET'],
    },
  },
  {
    name: 'movement without originStreet (E_ORIGIN_MISSING in the register checks) → rule 9',
    month: '2026-10',
    input: r({ street: 'jinghe', movement: 'relocation', originStreet: null }),
    expected: { service: 'jinghe', indicators: 'jinghe', decidedBy: '2.street', warningCodes: [] },
  },
  {
    name: 'the sme-city rule comes before 3.3 (搬迁 into 中小企业城)',
    month: '2026-10',
    input: r({ street: 'cihui', zone: 'sme-city', movement: 'relocation', originStreet: 'jinghe' }),
    expected: { service: 'cihui', indicators: 'cihui', decidedBy: '3.1.sme-city' },
  },
  {
    name: 'an office project moving between streets: W_MOVEMENT_SAME_STREET does not apply, rules 4–7 decide',
    month: '2026-10',
    input: r({ recruiter: 'linkong', street: 'baiquan', movement: 'relocation', originStreet: 'zoumaling' }),
    expected: { service: 'linkong', indicators: 'linkong', decidedBy: '3.1.retained', warningCodes: [] },
  },
];
