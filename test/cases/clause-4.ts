/** Clause 4 (appended): 招商重点 — W_FOCUS, W_CATEGORY_UNKNOWN, never a change of assignment (docs/policy.md). */
import { type PolicyCase, r } from './record.ts';

export const cases: PolicyCase[] = [
  {
    name: '机电 project of category 食品 in 长青街: retained, 4, W_FOCUS',
    month: '2026-10',
    input: r({ recruiter: 'jidian', street: 'changqing', category: '食品' }),
    expected: {
      service: 'jidian',
      indicators: 'jidian',
      decidedBy: '3.1.retained',
      clauses: ['3.1.retained', '2.safety', '4'],
      warningCodes: ['W_FOCUS'],
    },
  },
  {
    name: 'category in the office’s own focus: nothing',
    month: '2026-10',
    input: r({ recruiter: 'gaoxin', street: 'changqing', zone: 'changqing-park', category: '高新技术企业' }),
    expected: { clauses: ['3.1.retained', '2.safety'], warningCodes: [] },
  },
  {
    name: 'category known, office recruiter, pre-handover: 4 after 2.safety',
    month: '2026-10',
    input: r({ recruiter: 'xiandai', street: 'wujiashan', stage: 'signed', category: '航空材料' }),
    expected: {
      decidedBy: '3.2.pre-handover',
      clauses: ['3.2.pre-handover', '2.safety', '4'],
      warningCodes: ['W_FOCUS'],
    },
  },
  {
    name: '规上 transferred with a differing statStreet and category outside focus: 3.4 then 4',
    month: '2026-10',
    input: r({
      recruiter: 'linkong',
      street: 'jinghe',
      aboveScale: true,
      statStreet: 'baiquan',
      category: '新能源',
    }),
    expected: {
      indicators: 'jinghe',
      clauses: ['3.1.transferred', '2.safety', '3.4', '4'],
      warningCodes: ['W_FOCUS'],
    },
  },
  {
    name: 'key project recruited by jidian with a category of 食品医药: 3.1.key then 4',
    month: '2026-10',
    input: r({ keyProject: 'corning', recruiter: 'jidian', street: 'baiquan', category: '生物医药' }),
    expected: { clauses: ['3.1.key', '2.safety', '4'], warningCodes: ['W_FOCUS'] },
  },
  {
    name: 'unknown category with an office recruiter: W_CATEGORY_UNKNOWN, no 4',
    month: '2026-10',
    input: r({ recruiter: 'shipin', street: 'zoumaling', category: '冷链仓储' }),
    expected: {
      decidedBy: '3.1.retained',
      clauses: ['3.1.retained', '2.safety'],
      warningCodes: ['W_CATEGORY_UNKNOWN'],
    },
  },
  {
    name: 'unknown category without recruiter: W_CATEGORY_UNKNOWN',
    month: '2026-10',
    input: r({ street: 'jinghe', category: '包装' }),
    expected: { decidedBy: '2.street', warningCodes: ['W_CATEGORY_UNKNOWN'] },
  },
  {
    name: 'a street recruiter with a known category: no 4 (clause 4 binds offices)',
    month: '2026-10',
    input: r({ recruiter: 'jinghe', street: 'jinghe', category: '食品' }),
    expected: { clauses: ['2.street', '2.safety'], warningCodes: [] },
  },
  {
    name: 'category with full-width spaces is normalised (“ 食　品 ”)',
    month: '2026-10',
    input: r({ recruiter: 'shipin', street: 'zoumaling', category: ' 食　品 ' }),
    expected: { clauses: ['3.1.retained', '2.safety'], warningCodes: [] },
  },
  {
    name: 'empty category: nothing',
    month: '2026-10',
    input: r({ recruiter: 'shipin', street: 'zoumaling', category: '  ' }),
    expected: { clauses: ['3.1.retained', '2.safety'], warningCodes: [] },
  },
  {
    name: '新引进 without recruiter, category 大健康: suggestedOffice shipin',
    month: '2026-10',
    input: r({ stage: 'new', street: 'jinghe', category: '大健康' }),
    expected: { decidedBy: '2.street', suggestedOffice: 'shipin', warningCodes: [] },
  },
  {
    name: '新引进 without recruiter, unknown category: suggestedOffice null + W_CATEGORY_UNKNOWN',
    month: '2026-10',
    input: r({ stage: 'new', street: 'jinghe', category: '包装' }),
    expected: { suggestedOffice: null, warningCodes: ['W_CATEGORY_UNKNOWN'] },
  },
];
