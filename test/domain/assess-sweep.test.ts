/**
 * The month-by-month sweep (docs/policy.md): from 2020-04 to 2030-12, every generated record
 * (every stage × recruiter × street × zone, with completion dates) has exactly one service and
 * one indicators unit when active, none when inactive, and safety is always its street.
 */
import { describe, expect, it } from 'vitest';
import { assess } from '#domain/assess';
import { monthRange } from '#domain/months';
import { POLICIES } from '#domain/policy/index';
import { isOffice, isStreet, isUnitId, STREET_IDS } from '#domain/units';
import { everyCombination } from '../cases/generate.ts';

const RECORDS = everyCombination();
const MONTHS = monthRange('2020-04', '2030-12');
const YEARS = [...new Set(MONTHS.map((m) => m.slice(0, 4)))];

describe('month-by-month sweep 2020-04 … 2030-12', () => {
  it('generates every combination', () => {
    expect(RECORDS).toHaveLength(5 * 19 * 12 * 5);
    expect(MONTHS).toHaveLength(129);
  });

  it.each(YEARS)('%s: no gap, no overlap, safety is the street', (year) => {
    const problems: string[] = [];
    for (const month of MONTHS.filter((m) => m.startsWith(year))) {
      const carried = new Map<string, number>();
      let active = 0;
      for (const record of RECORDS) {
        const a = assess(record, month, POLICIES);
        const where = `${record.key} ${month}`;
        if (record.stage === 'inactive') {
          if (a.status !== 'inactive') problems.push(`${where}: inactive record assigned`);
          if (
            [a.service, a.indicators, a.lead, a.cooperating, a.safety, a.decidedBy].some((v) => v !== null)
          ) {
            problems.push(`${where}: inactive record has a unit`);
          }
          if (a.clauses.length !== 0) problems.push(`${where}: inactive record cites clauses`);
          continue;
        }
        active++;
        if (a.status !== 'active') problems.push(`${where}: active record not assigned`);
        if (!a.service || !isUnitId(a.service) || a.service === 'bureau')
          problems.push(`${where}: service ${a.service}`);
        if (!a.indicators || !isUnitId(a.indicators) || a.indicators === 'bureau') {
          problems.push(`${where}: indicators ${a.indicators}`);
        }
        if (a.service !== a.indicators) problems.push(`${where}: service ≠ indicators`);
        if (a.indicators !== record.street && !isOffice(a.indicators) && !isStreet(a.indicators)) {
          problems.push(`${where}: odd indicators`);
        }
        if (
          isStreet(a.indicators) &&
          a.indicators !== record.street &&
          a.decidedBy !== '3.1.sme-city' &&
          a.decidedBy !== '3.1.changqing'
        ) {
          problems.push(`${where}: carried by a street that is not its own (${a.indicators})`);
        }
        if (a.safety !== record.street) problems.push(`${where}: safety ${a.safety}`);
        if (a.clauses[0] !== a.decidedBy || a.clauses[1] !== '2.safety')
          problems.push(`${where}: clauses ${a.clauses}`);
        const pre = a.decidedBy === '3.2.pre-handover';
        if (pre !== (a.lead !== null) || pre !== (a.cooperating !== null) || pre !== (a.handover !== null)) {
          problems.push(`${where}: lead/cooperating/handover outside 3.2.pre-handover`);
        }
        if (record.completedOn && record.completedOn <= `${month}-31` && a.stage !== 'built') {
          problems.push(`${where}: completed but ${a.stage}`);
        }
        carried.set(a.indicators ?? 'none', (carried.get(a.indicators ?? 'none') ?? 0) + 1);
      }
      const total = [...carried.values()].reduce((s, n) => s + n, 0);
      if (total !== active || carried.has('none')) problems.push(`${month}: carried ${total} of ${active}`);
      if (problems.length > 20) break;
    }
    expect(problems).toEqual([]);
  });

  it('every street carries someone in 2026-10', () => {
    const carried = new Set(RECORDS.map((rec) => assess(rec, '2026-10', POLICIES).indicators));
    for (const street of STREET_IDS) expect(carried.has(street)).toBe(true);
  });
});
