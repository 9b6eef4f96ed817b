/**
 * The shared example (shared/examples/2026-10-示例台账.xlsx) through `lkg assess --json`,
 * compared with its expected projection as the projection's `note` says: every listed field
 * equal, `clauses` as a set, `warningCodes` all among the codes of `warnings`. Once in-process
 * and once through `node bin/lkg.js`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AssessmentDocument } from '#domain/assessment-document';
import type { Assignment } from '#domain/types';
import { runLkg } from './hostile/support.ts';

const EXAMPLE = resolve('../shared/examples/2026-10-示例台账.xlsx');
const EXPECTED = resolve('../shared/examples/2026-10-示例台账.expected.json');

interface Expected {
  note: string;
  month: string;
  assignments: (Record<string, unknown> & { key: string; clauses: string[]; warningCodes: string[] })[];
}
const expected = JSON.parse(readFileSync(EXPECTED, 'utf8')) as Expected;

function compare(doc: AssessmentDocument): void {
  expect(doc.month).toBe(expected.month);
  expect(doc.policy).toBe('2020-1');
  expect(doc.findings.filter((f) => f.severity === 'error')).toEqual([]);
  const byKey = new Map<string, Assignment>(doc.assignments.map((a) => [a.key, a]));
  expect(new Set(byKey.keys())).toEqual(new Set(expected.assignments.map((a) => a.key)));
  for (const want of expected.assignments) {
    const got = byKey.get(want.key) as Assignment & Record<string, unknown>;
    for (const [field, value] of Object.entries(want)) {
      if (field === 'clauses')
        expect(new Set(got.clauses), `${want.key} clauses`).toEqual(new Set(want.clauses));
      else if (field === 'warningCodes') {
        const codes = new Set(got.warnings.map((w) => w.code));
        for (const code of want.warningCodes)
          expect(codes.has(code), `${want.key} warning ${code}`).toBe(true);
      } else expect(got[field], `${want.key} ${field}`).toEqual(value);
    }
  }
}

describe('the shared example through lkg assess --json', () => {
  it('the expected projection names what it compares', () => {
    expect(expected.note).toContain('clauses as a set');
    expect(expected.assignments.length).toBeGreaterThan(30);
  });

  it('in-process: main(["assess", file, "--json"]) exits 0 and matches field by field', async () => {
    const { code, stdout } = await runLkg(['assess', EXAMPLE, '--json']);
    expect(code).toBe(0);
    compare(JSON.parse(stdout) as AssessmentDocument);
  });

  it('spawned: node bin/lkg.js assess file --json matches too', () => {
    const run = spawnSync(process.execPath, ['bin/lkg.js', 'assess', EXAMPLE, '--json'], {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    compare(JSON.parse(run.stdout) as AssessmentDocument);
  });

  it('--month 2026-10 gives the same document as the register month', async () => {
    const a = await runLkg(['assess', EXAMPLE, '--json']);
    const b = await runLkg(['assess', EXAMPLE, '--json', '--month', '2026-10']);
    expect(b.stdout).toBe(a.stdout);
  });
});
