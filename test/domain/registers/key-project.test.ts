/**
 * 重大项目: the register records the project as it names it, the policy interprets it (issue
 * "Coordination": a draft that adds a key project must be expressible in registers). Known
 * forms of the listed projects keep their ids; any other name is recorded (compact) with one
 * W_KEY_PROJECT_UNLISTED per sheet; a text longer than a name is an error; blank is null.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assess } from '#domain/assess';
import { listedKeyProject, listedKeyProjects, namesKeyProject } from '#domain/key-projects';
import { POLICIES, POLICY_2020_1_DATA, parsePolicy } from '#domain/policy/index';
import { checkWorkbook, recordFromInput } from '#domain/registers/index';
import type { Finding, Month } from '#domain/types';
import { anyRecord, monthInForce } from '../../cases/generate.ts';
import { r } from '../../cases/record.ts';
import { CONTEXT, registerRow, registerSheet, VALID_USCC } from './helpers.ts';

/** The key projects a policy that adds 天马 lists. */
const WITH_TIANMA = [...listedKeyProjects(POLICIES), { id: 'tianma', name: '天马' }];

const read = (values: readonly (string | null)[], keyProjects?: typeof WITH_TIANMA) =>
  checkWorkbook(
    [
      registerSheet(
        values.map((v, i) =>
          registerRow({ 统一社会信用代码: '', 项目编号: `XM-${i + 1}`, 招商单位: null, 重大项目: v }),
        ),
      ),
    ],
    keyProjects ? { ...CONTEXT, keyProjects } : CONTEXT,
  );

interface Case {
  name: string;
  cells: (string | null)[];
  keyProjects?: typeof WITH_TIANMA;
  /** The recorded keyProject of each row (undefined: the row is not read, an error). */
  recorded: (string | null | undefined)[];
  /** The findings: [code, severity, row, column, value]. */
  findings: [string, Finding['severity'], number, string, string][];
}

const CASES: Case[] = [
  { name: 'blank is null', cells: ['', '   ', null], recorded: [null, null, null], findings: [] },
  {
    name: 'known forms and ids keep their ids (stored data unchanged)',
    cells: [
      '京东方',
      '京东方产业链',
      '京东方全产业链',
      '康宁',
      '康宁全产业链',
      'boe',
      'corning',
      ' 京东方 产业链 ',
    ],
    recorded: ['boe', 'boe', 'boe', 'corning', 'corning', 'boe', 'corning', 'boe'],
    findings: [],
  },
  {
    name: 'another name is recorded (compact) with one warning per sheet naming values and rows',
    cells: ['天马', '富士康', '天 马', '京东方'],
    recorded: ['天马', '富士康', '天马', 'boe'],
    findings: [['W_KEY_PROJECT_UNLISTED', 'warning', 2, 'I 重大项目', '天马、富士康']],
  },
  {
    name: 'a name a policy lists (天马 added): recorded as written, no warning',
    cells: ['天马', 'tianma'],
    keyProjects: WITH_TIANMA,
    recorded: ['天马', 'tianma'],
    findings: [],
  },
  {
    name: 'the boundary: 50 characters is a name, 51 an error',
    cells: ['天'.repeat(50), '天'.repeat(51)],
    recorded: ['天'.repeat(50), undefined],
    findings: [
      ['E_TEXT_TOO_LONG', 'error', 3, 'I 重大项目', '天'.repeat(51)],
      ['W_KEY_PROJECT_UNLISTED', 'warning', 2, 'I 重大项目', '天'.repeat(50)],
    ],
  },
];

describe('重大项目 in a register: a case table', () => {
  it.each(CASES)('$name', ({ cells, keyProjects, recorded, findings }) => {
    const parsed = read(cells, keyProjects);
    const byRow = new Map(parsed.register.map((x) => [x.row, x.record.keyProject]));
    expect(cells.map((_, i) => byRow.get(i + 2))).toEqual(recorded);
    expect(parsed.findings.map((f) => [f.code, f.severity, f.row, f.column, f.value])).toEqual(findings);
  });

  it('the warning says in Chinese what was read, which projects the notice lists, what happens and how to correct', () => {
    const [w] = read(['天马', '富士康', '天马']).findings;
    expect(w?.message).toBe(
      '「重大项目」填写的“天马”（第 2、4 行）、“富士康”（第 3 行）不是现行通知所列的重大项目（所列重大项目：京东方、康宁）。已按填写内容记录；通知列入该项目之前，这些企业（项目）按其他条款判定归属。如是笔误，请改为所列重大项目的名称（京东方、康宁）；不属于重大项目时留空。',
    );
    expect(read(['天马']).sheets[0]).toMatchObject({ errors: 0, warnings: 1, rowsApplied: 1 });
  });

  it('the error beyond 50 characters says what to write instead', () => {
    const [e] = read(['天'.repeat(51)]).findings;
    // The row's enterprise leads the message (its name as the row gives it, and its code).
    expect(e?.message).toMatch(/^企业（项目）“[^”]+”（[^）]+）：/u);
    expect(e?.message).toContain(
      '「重大项目」有 51 个字符，超过 50 个；应只填写重大项目的名称（如“京东方”“康宁”），不属于重大项目时留空，说明请写在「备注」。',
    );
  });
});

describe('重大项目 in the what-if (recordFromInput)', () => {
  const base = { uscc: VALID_USCC, name: '新企业', stage: 'built', street: 'baiquan' };
  it.each<[string, unknown, { keyProjects?: typeof WITH_TIANMA }, string | null, string[]]>([
    ['a known form', '康宁全产业链', {}, 'corning', []],
    ['blank', ' ', {}, null, []],
    ['another name: recorded, warned', '天马', {}, '天马', ['W_KEY_PROJECT_UNLISTED']],
    ['a name the policy lists', '天马', { keyProjects: WITH_TIANMA }, '天马', []],
  ])('%s', (_name, value, options, recorded, codes) => {
    const result = recordFromInput({ ...base, keyProject: value }, '2026-10', options);
    expect(result.record?.keyProject).toBe(recorded);
    expect(result.findings.map((f) => [f.code, f.severity, f.column])).toEqual(
      codes.map((c) => [c, 'warning', 'keyProject']),
    );
  });
});

describe('the policy interprets: rule keyProject matches by id or by name', () => {
  const draft = (() => {
    const d = JSON.parse(JSON.stringify(POLICY_2020_1_DATA));
    d.id = 'draft-tianma';
    d.docNumber = '武临开办〔2026〕（征求意见稿）';
    d.effectiveFrom = '2026-07-01';
    d.notice = null;
    d.keyProjects.push({ id: 'tianma', name: '天马', office: 'jidian', clause: '3.1.key' });
    return parsePolicy(d);
  })();
  const adopted = [...POLICIES, draft];
  it.each<[string, string | null, Month, string, string]>([
    ['the id boe', 'boe', '2026-10', 'jidian', '3.1.key'],
    ['the name 京东方 (a what-if may hold it)', '京东方', '2026-10', 'jidian', '3.1.key'],
    ['天马 before the policy that lists it: the other clauses', '天马', '2026-06', 'jinghe', '2.street'],
    ['天马 from the policy that lists it', '天马', '2026-07', 'jidian', '3.1.key'],
    ['天 马 (compact) from the policy', '天 马', '2026-07', 'jidian', '3.1.key'],
    ['its id tianma from the policy', 'tianma', '2026-07', 'jidian', '3.1.key'],
    ['天马产业链 is not the name the policy lists', '天马产业链', '2026-07', 'jinghe', '2.street'],
    ['no key project', null, '2026-07', 'jinghe', '2.street'],
  ])('%s', (_name, keyProject, month, unit, clause) => {
    const a = assess(r({ street: 'jinghe', keyProject, month: '2026-01' }), month, adopted);
    expect([a.indicators, a.decidedBy]).toEqual([unit, clause]);
  });

  it.each<[string, string, boolean]>([
    ['boe', 'boe', true],
    ['京东方', '京东方', true],
    ['京 东 方', '京 东 方', true],
    ['京东方产业链 (a form the reader maps to boe, not a name)', '京东方产业链', false],
    ['康宁', '康宁', false],
  ])('namesKeyProject(京东方, %s)', (_name, value, expected) => {
    expect(namesKeyProject({ id: 'boe', name: '京东方' }, value)).toBe(expected);
    expect(listedKeyProject(listedKeyProjects(POLICIES), value)?.id === 'boe').toBe(expected);
  });
});

describe('properties: a name is its id, an unlisted name is no key project', () => {
  it('for any record and month: 京东方 decides as boe; 天马 (unlisted) as no key project', () => {
    fc.assert(
      fc.property(anyRecord, monthInForce, (record, month) => {
        const as = (keyProject: string | null) => assess({ ...record, keyProject }, month, POLICIES);
        expect(as('京东方')).toEqual(as('boe'));
        expect(as('天马')).toEqual(as(null));
      }),
      { numRuns: 300 },
    );
  });
});
