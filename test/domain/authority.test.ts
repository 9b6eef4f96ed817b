/** Upload authority: the case tables, and judgeUpload on a checked workbook. */

import { describe, expect, it } from 'vitest';
import {
  AUTHORITY_RULES,
  CONTACT,
  changedFields,
  contextFromVersions,
  headersOf,
  judgeRegisterRow,
  judgeUpload,
  standingOf,
} from '#domain/authority/index';
import { rulesOf } from '#domain/decisions';
import { POLICIES } from '#domain/policy/index';
import { checkAgainstStore, checkWorkbook, mergeVersion } from '#domain/registers/index';
import type { Assignment, Finding, RegisterRecord, RegisterRow } from '#domain/types';
import type { UnitId } from '#domain/units';
import {
  JUNK,
  KEY,
  LOCAL,
  MONTH,
  type RegisterAuthorityCase,
  cases as registerCases,
} from '../cases/authority-register.ts';
import {
  contactsCases,
  indicatorsCases,
  KEY as SHEETS_KEY,
  targetsCases,
} from '../cases/authority-sheets.ts';
import { contextOf as contextOfKey, emptyWorkbook, otherUnitForms } from '../cases/authority-support.ts';
import { r } from '../cases/record.ts';
import { grid, REGISTER_HEADER, registerRow, VALID_USCC } from './registers/helpers.ts';

// ───────────────────────────── support ─────────────────────────────

function rowOf(c: RegisterAuthorityCase): RegisterRow {
  const month = c.month ?? MONTH;
  return {
    sheet: '台账',
    row: 5,
    record: { ...JUNK, ...c.sent, key: KEY, month },
    present: ['key', 'month', ...(Object.keys(c.sent) as (keyof RegisterRecord)[])],
  };
}

const contextOf = (versions: readonly RegisterRecord[], override?: Partial<Assignment>) =>
  contextOfKey(KEY, versions, override);

function expectRefusalMessage(finding: Finding, uploader: UnitId): void {
  expect(finding.message).toContain(CONTACT);
  expect(finding.message).toMatch(/请/u);
  for (const form of otherUnitForms(uploader)) expect(finding.message).not.toContain(form);
}

// ───────────────────────────── registers ─────────────────────────────

describe('registers: unit kind × relation × fields changed', () => {
  it.each(registerCases)('$name', (c) => {
    const sent = rowOf(c);
    const context = contextOf(c.versions, c.assignment);
    const workbook = emptyWorkbook({
      registerMonth: sent.record.month,
      register: [sent],
      sheets: [{ sheet: '台账', kind: 'register', rowsRead: 1, rowsApplied: 1, errors: 0, warnings: 0 }],
    });
    const verdict = judgeUpload(c.uploader, workbook, context);
    const judged = verdict.workbook.register[0] as RegisterRow;

    const rowVerdict = judgeRegisterRow(c.uploader, judged, context.before(KEY, sent.record.month));
    expect(rowVerdict.rule).toBe(c.expected.rule);
    expect(rowVerdict.allowed).toBe(c.expected.allowed);
    if (!rowVerdict.allowed) expect([...rowVerdict.refused]).toEqual(c.expected.refused ?? []);

    const errors = verdict.findings.filter((f) => f.severity === 'error');
    if (c.expected.allowed) {
      expect(errors).toEqual([]);
      expect(verdict.allowedRegister).toEqual([judged]);
    } else {
      expect(errors).toHaveLength(1);
      const [finding] = errors as [Finding];
      const isNew = c.versions.length === 0;
      expect(finding).toMatchObject({
        code: isNew ? 'E_NOT_YOURS_NEW' : 'E_NOT_YOURS',
        sheet: '台账',
        row: 5,
        value: KEY,
      });
      expectRefusalMessage(finding, c.uploader);
      if (c.expected.refused?.length) expect(finding.message).toContain(headersOf(c.expected.refused));
      expect(verdict.allowedRegister).toEqual([]);
      expect(verdict.workbook.sheets[0]?.errors).toBe(1);
    }
    if (c.expected.warningCodes) {
      expect(verdict.findings.filter((f) => f.severity === 'warning').map((f) => f.code)).toEqual(
        c.expected.warningCodes,
      );
    }
    if (c.expected.defaulted === true) {
      expect(judged.record.recruiter).toBe(c.uploader);
      expect(judged.present).toContain('recruiter');
    } else if (c.expected.defaulted === false) {
      expect(judged).toBe(sent);
    }
  });

  it('covers every register rule', () => {
    const used = new Set(registerCases.map((c) => c.expected.rule));
    for (const id of Object.keys(AUTHORITY_RULES)) {
      if (!['indicators', 'targets', 'contacts'].includes(id)) expect(used).toContain(id);
    }
  });

  it('every rule carries its text and source', () => {
    for (const rule of Object.values(AUTHORITY_RULES)) {
      expect(rule.text.length).toBeGreaterThan(10);
      expect(rule.source).toMatch(/docs\/authority\.md/u);
    }
  });
});

describe('changedFields', () => {
  const row = (sent: Partial<RegisterRecord>): RegisterRow => ({
    sheet: 's',
    row: 2,
    record: { ...JUNK, ...sent, key: KEY, month: MONTH },
    present: ['key', 'month', ...(Object.keys(sent) as (keyof RegisterRecord)[])],
  });
  it.each([
    { name: 'nothing present', sent: {}, changed: [] },
    { name: 'same values', sent: { name: LOCAL.name, street: LOCAL.street }, changed: [] },
    { name: 'a blank on a blank field: no change', sent: { category: null, note: null }, changed: [] },
    { name: 'a blank clears a value: a change', sent: { name: '' }, changed: ['name'] },
    { name: 'null → value', sent: { note: '备注' }, changed: ['note'] },
    { name: 'false → true', sent: { aboveScale: true }, changed: ['aboveScale'] },
    {
      name: 'two of three',
      sent: { name: '新名', street: 'jinyinhu', stage: 'signed' },
      changed: ['name', 'stage'],
    },
  ] as const)('$name', ({ sent, changed }) => {
    const r1 = row(sent);
    expect(changedFields(r1, LOCAL)).toEqual(changed);
    // Exactly the fields mergeVersion changes.
    const merged = mergeVersion(LOCAL, r1) as unknown as Record<string, unknown>;
    const old = LOCAL as unknown as Record<string, unknown>;
    const differ = Object.keys(merged).filter((k) => k !== 'month' && merged[k] !== old[k]);
    expect(differ.sort()).toEqual([...changed].sort());
  });
});

describe('standingOf', () => {
  it('a new record: no facts, no assignment', () => {
    expect(standingOf([], MONTH, rulesOf(POLICIES))).toEqual({ facts: null, assignment: null });
    expect(standingOf(undefined, MONTH, rulesOf(POLICIES))).toEqual({ facts: null, assignment: null });
  });
  it('a 已注销 record keeps the assignment of its last active version', () => {
    const s = standingOf(
      [
        { ...LOCAL, month: '2026-08' },
        { ...LOCAL, stage: 'inactive' },
      ],
      MONTH,
      rulesOf(POLICIES),
    );
    expect(s.facts?.stage).toBe('inactive');
    expect(s.assignment?.service).toBe('jinyinhu');
  });
  it('a month before the policy: facts, no assignment', () => {
    expect(standingOf([LOCAL], '2019-12', rulesOf(POLICIES))).toMatchObject({
      facts: LOCAL,
      assignment: null,
    });
  });
});

describe('contextFromVersions.indicatorsAfter', () => {
  it('an allowed new row whose sheet lacks a required column changes nothing (no throw)', () => {
    const row: RegisterRow = {
      sheet: '台账',
      row: 2,
      record: { ...JUNK, recruiter: 'jidian' },
      present: ['key', 'month', 'recruiter', 'name'],
    };
    const carrier = contextFromVersions(() => undefined, rulesOf(POLICIES)).indicatorsAfter([row]);
    expect(carrier(KEY, MONTH)).toBeNull();
  });
  it('an allowed row replaces the stored version of its 报送月份', () => {
    const stored = [LOCAL, { ...LOCAL, month: MONTH, note: '旧' }];
    const row: RegisterRow = {
      sheet: '台账',
      row: 2,
      record: { ...JUNK, street: 'cihui', month: MONTH },
      present: ['key', 'month', 'street'],
    };
    const carrier = contextFromVersions(
      (k) => (k === KEY ? stored : undefined),
      rulesOf(POLICIES),
    ).indicatorsAfter([row]);
    expect(carrier(KEY, '2026-09')).toBe('jinyinhu');
    expect(carrier(KEY, MONTH)).toBe('cihui');
  });
});

// ───────────────────────────── indicators, targets, contacts ─────────────────────────────

describe('indicators: only for enterprises whose indicators the unit carries in that month', () => {
  it.each(indicatorsCases)('$name', (c) => {
    const register: RegisterRow[] = (c.register ?? []).map((record, i) => ({
      sheet: '台账',
      row: 2 + i,
      record,
      present: Object.keys(record) as (keyof RegisterRecord)[],
    }));
    const workbook = emptyWorkbook({
      register,
      indicators: c.rows.map((row, i) => ({
        key: row.key ?? SHEETS_KEY,
        month: row.month,
        values: { revenue: '1' },
        sheet: '指标',
        row: 2 + i,
        name: null,
      })),
    });
    const verdict = judgeUpload(c.uploader, workbook, contextOf(c.versions));
    const refused = verdict.findings.filter((f) => f.code === 'E_NOT_YOURS_INDICATORS');
    expect(refused.map((f) => c.rows[(f.row as number) - 2]?.month)).toEqual(c.refused);
    for (const f of refused) {
      expect(f).toMatchObject({ severity: 'error', sheet: '指标' });
      expectRefusalMessage(f, c.uploader);
    }
    const others = verdict.findings.filter(
      (f) => f.severity === 'error' && f.code !== 'E_NOT_YOURS_INDICATORS',
    );
    expect(others.map((f) => f.code)).toEqual(c.otherErrors ?? []);
  });
});

describe('targets: the bureau only', () => {
  it.each(targetsCases)('$name', (c) => {
    const workbook = emptyWorkbook({
      targets: Array.from({ length: c.rows }, (_, i) => ({
        unit: 'baiquan' as const,
        year: 2026,
        values: { revenue: '1' },
        sheet: '目标',
        row: 2 + i,
      })),
    });
    const { findings } = judgeUpload(c.uploader, workbook, contextOf([]));
    expect(findings).toHaveLength(c.refused);
    for (const f of findings) {
      expect(f).toMatchObject({
        code: 'E_TARGETS_BUREAU_ONLY',
        severity: 'error',
        sheet: '目标',
        value: '2026',
      });
      expectRefusalMessage(f, c.uploader);
    }
  });
});

describe('contacts: a unit only its own, the bureau any', () => {
  it.each(contactsCases)('$name', (c) => {
    const workbook = emptyWorkbook({
      contacts: c.units.map((unit, i) => ({
        unit,
        name: '张三',
        email: `contact${i}@example.com`,
        receives: true,
        sheet: '联系人',
        row: 2 + i,
      })),
    });
    const { findings } = judgeUpload(c.uploader, workbook, contextOf([]));
    expect(findings.map((f) => (f.row as number) - 2)).toEqual(c.refused);
    for (const f of findings) {
      expect(f).toMatchObject({ code: 'E_CONTACTS_OTHER_UNIT', severity: 'error', sheet: '联系人' });
      expectRefusalMessage(f, c.uploader);
    }
  });
});

// ───────────────────────────── judgeUpload on a checked workbook ─────────────────────────────

describe('judgeUpload on a workbook from checkWorkbook', () => {
  const header = REGISTER_HEADER.filter((h) => h !== '招商单位');
  const withoutRecruiter = (over: Parameters<typeof registerRow>[0]) => {
    const full = registerRow(over);
    return full.filter((_, i) => REGISTER_HEADER[i] !== '招商单位');
  };
  const parse = (rows: ReturnType<typeof registerRow>[], hdr: readonly string[] = REGISTER_HEADER) =>
    checkWorkbook([grid('企业台账', [hdr as unknown as string[], ...rows])], {
      fileName: '2026-10.xlsx',
      uploadedMonth: MONTH,
    });
  const stored = (record: RegisterRecord) =>
    contextFromVersions((key) => (key === record.key ? [record] : undefined), rulesOf(POLICIES));

  it('a refused row: the finding sits at the key column, and the workbook counts it', () => {
    const parsed = parse([registerRow({ 所在街道: '柏泉街', 报送月份: MONTH })]);
    expect(parsed.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const theirs = r({ key: VALID_USCC, uscc: VALID_USCC, street: 'jinyinhu', month: '2026-09' });
    const verdict = judgeUpload('baiquan', parsed, stored(theirs));
    expect(verdict.findings).toHaveLength(1);
    expect(verdict.findings[0]).toMatchObject({ code: 'E_NOT_YOURS', column: 'A 统一社会信用代码', row: 2 });
    expect(verdict.workbook.findings).toEqual([...parsed.findings, ...verdict.findings]);
    expect(verdict.workbook.sheets[0]?.errors).toBe((parsed.sheets[0]?.errors ?? 0) + 1);
    // The judged workbook still works with checkAgainstStore (its side information carried over).
    expect(checkAgainstStore(verdict.workbook, new Map([[theirs.key, [theirs]]]))).toEqual(
      checkAgainstStore(parsed, new Map([[theirs.key, [theirs]]])),
    );
  });

  it('nothing refused, nothing defaulted: the same workbook object', () => {
    const parsed = parse([registerRow({ 所在街道: '柏泉街', 报送月份: MONTH })]);
    const verdict = judgeUpload(
      'baiquan',
      parsed,
      contextFromVersions(() => undefined, rulesOf(POLICIES)),
    );
    expect(verdict.findings).toEqual([]);
    expect(verdict.workbook).toBe(parsed);
  });

  it('an office sheet without 招商单位: new rows recruited by the office, ONE warning per sheet', () => {
    const parsed = parse(
      [
        withoutRecruiter({ 统一社会信用代码: VALID_USCC, 所在街道: '径河街', 报送月份: MONTH }),
        withoutRecruiter({ 统一社会信用代码: '91440300708461136T', 所在街道: '柏泉街', 报送月份: MONTH }),
      ],
      header,
    );
    expect(parsed.register).toHaveLength(2);
    const verdict = judgeUpload(
      'jidian',
      parsed,
      contextFromVersions(() => undefined, rulesOf(POLICIES)),
    );
    expect(verdict.findings.map((f) => f.code)).toEqual(['W_RECRUITER_ASSUMED']);
    expect(verdict.findings[0]).toMatchObject({ sheet: '企业台账', severity: 'warning' });
    expect(verdict.findings[0]?.message).toContain('2 个');
    expect(verdict.workbook.register.map((row) => row.record.recruiter)).toEqual(['jidian', 'jidian']);
    expect(verdict.workbook.register.map((row) => mergeVersion(null, row).recruiter)).toEqual([
      'jidian',
      'jidian',
    ]);
    expect(verdict.workbook.sheets[0]?.warnings).toBe((parsed.sheets[0]?.warnings ?? 0) + 1);
    // The rows of the input are untouched.
    expect(parsed.register.map((row) => row.present.includes('recruiter'))).toEqual([false, false]);
  });

  it('an office sheet without 招商单位 and only known records: no warning, nothing defaulted', () => {
    const parsed = parse([withoutRecruiter({ 所在街道: '径河街', 报送月份: MONTH })], header);
    const own = r({
      key: VALID_USCC,
      uscc: VALID_USCC,
      recruiter: 'jidian',
      street: 'jinghe',
      month: '2026-09',
    });
    const verdict = judgeUpload('jidian', parsed, stored(own));
    expect(verdict.findings).toEqual([]);
    expect(verdict.workbook).toBe(parsed);
  });
});
