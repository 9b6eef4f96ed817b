import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assess } from '#domain/assess';
import { POLICIES } from '#domain/policy/index';
import { EXAMPLE_MONTH, EXAMPLE_RECORDS } from '../cases/example-2026-10.ts';

interface ExpectedAssignment {
  key: string;
  status: string;
  service: string | null;
  indicators: string | null;
  lead: string | null;
  cooperating: string | null;
  safety: string | null;
  decidedBy: string | null;
  clauses: string[];
  warningCodes: string[];
}
const expectedDoc = JSON.parse(
  readFileSync(new URL('../cases/example-2026-10.expected.json', import.meta.url), 'utf8'),
) as { month: string; assignments: ExpectedAssignment[] };

describe('the example workbook 2026-10 (hand-written records)', () => {
  it('covers every expected record', () => {
    expect(expectedDoc.month).toBe(EXAMPLE_MONTH);
    expect(EXAMPLE_RECORDS.map((r) => r.key).sort()).toEqual(
      expectedDoc.assignments.map((a) => a.key).sort(),
    );
  });

  it.each(expectedDoc.assignments.map((e) => [e.key, e] as const))('%s', (key, e) => {
    const record = EXAMPLE_RECORDS.find((r) => r.key === key)!;
    const a = assess(record, EXAMPLE_MONTH, POLICIES);
    expect({
      status: a.status,
      service: a.service,
      indicators: a.indicators,
      lead: a.lead,
      cooperating: a.cooperating,
      safety: a.safety,
      decidedBy: a.decidedBy,
    }).toEqual({
      status: e.status,
      service: e.service,
      indicators: e.indicators,
      lead: e.lead,
      cooperating: e.cooperating,
      safety: e.safety,
      decidedBy: e.decidedBy,
    });
    // The clause order matches the expected document exactly (the contract asks for a set).
    expect(a.clauses).toEqual(e.clauses);
    const codes = a.warnings.map((w) => w.code);
    for (const code of e.warningCodes) expect(codes).toContain(code);
    expect(codes).toEqual(e.warningCodes);
  });
});
