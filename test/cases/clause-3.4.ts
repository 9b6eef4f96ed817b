/** Clause 3.4 (appended): 规上工业 counted and served by the actual operating place (docs/policy.md). */
import { type PolicyCase, r } from './record.ts';

export const cases: PolicyCase[] = [
  {
    name: '规上, statStreet 将军路街, located 金银湖街, no recruiter: 2.street + 3.4',
    month: '2026-10',
    input: r({ street: 'jinyinhu', statStreet: 'jiangjunlu', aboveScale: true }),
    expected: {
      service: 'jinyinhu',
      indicators: 'jinyinhu',
      decidedBy: '2.street',
      clauses: ['2.street', '2.safety', '3.4'],
      warningCodes: [],
    },
  },
  {
    name: 'Reading: non-规上 with a differing statStreet → W_STAT_STREET only, counted at the street',
    month: '2026-10',
    input: r({ street: 'jinyinhu', statStreet: 'jiangjunlu', aboveScale: false }),
    expected: {
      service: 'jinyinhu',
      indicators: 'jinyinhu',
      decidedBy: '2.street',
      clauses: ['2.street', '2.safety'],
      warningCodes: ['W_STAT_STREET'],
    },
  },
  {
    name: '规上 with statStreet equal to street: no 3.4',
    month: '2026-10',
    input: r({ street: 'jinyinhu', statStreet: 'jinyinhu', aboveScale: true }),
    expected: { clauses: ['2.street', '2.safety'], warningCodes: [] },
  },
  {
    name: '规上 without statStreet: no 3.4',
    month: '2026-10',
    input: r({ street: 'jinyinhu', aboveScale: true }),
    expected: { clauses: ['2.street', '2.safety'], warningCodes: [] },
  },
  {
    name: '规上, key project carried by jidian (an office): no 3.4',
    month: '2026-10',
    input: r({
      keyProject: 'boe',
      recruiter: 'jidian',
      street: 'cihui',
      statStreet: 'jinghe',
      aboveScale: true,
    }),
    expected: { indicators: 'jidian', clauses: ['3.1.key', '2.safety'], warningCodes: [] },
  },
  {
    name: '规上 sme-city enterprise with statStreet 径河街: 3.1.sme-city + 3.4',
    month: '2026-10',
    input: r({ zone: 'sme-city', street: 'cihui', statStreet: 'jinghe', aboveScale: true }),
    expected: { indicators: 'cihui', clauses: ['3.1.sme-city', '2.safety', '3.4'] },
  },
  {
    name: '规上 3.1.changqing with statStreet 新沟镇街: 3.4',
    month: '2026-10',
    input: r({ recruiter: 'xingouzhen', street: 'changqing', statStreet: 'xingouzhen', aboveScale: true }),
    expected: { indicators: 'changqing', clauses: ['3.1.changqing', '2.safety', '3.4'] },
  },
  {
    name: 'non-规上 office record with a differing statStreet: W_STAT_STREET',
    month: '2026-10',
    input: r({ recruiter: 'jidian', street: 'jinghe', statStreet: 'baiquan' }),
    expected: {
      indicators: 'jidian',
      clauses: ['3.1.retained', '2.safety'],
      warningCodes: ['W_STAT_STREET'],
    },
  },
];
