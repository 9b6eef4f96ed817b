/**
 * Generated records for the month-by-month sweep and the property tests: every stage ×
 * recruiter × street × zone, with completion dates; and fast-check arbitraries.
 *
 * @module
 */
import fc from 'fast-check';
import { makeMonth } from '#domain/months';
import { POLICY_2020_1 } from '#domain/policy/index';
import type { KeyProject, Movement, RecruiterId, RegisterRecord, Stage } from '#domain/types';
import { OFFICE_IDS, STREET_IDS, type StreetId, ZONE_IDS, type ZoneId } from '#domain/units';
import { r } from './record.ts';

export const RECRUITERS: readonly (RecruiterId | null)[] = [null, ...STREET_IDS, ...OFFICE_IDS];
export const ZONES_OR_NONE: readonly (ZoneId | null)[] = [null, ...ZONE_IDS];
export const STAGES: readonly Stage[] = ['built', 'building', 'signed', 'new', 'inactive'];
/** Completion dates around the policy's start, month ends and month starts, and after the sweep. */
export const COMPLETIONS: readonly (string | null)[] = [
  null,
  '2019-06-30',
  '2020-04-27',
  '2020-04-30',
  '2020-05-01',
  '2023-02-28',
  '2024-02-29',
  '2026-09-15',
  '2026-12-31',
  '2027-01-01',
  '2030-12-31',
  '2031-01-01',
];
export const CATEGORIES: readonly (string | null)[] = [
  null,
  ...Object.values(POLICY_2020_1.focus).flatMap((f) => f.categories),
  '包装',
  '商贸',
];

/** Every stage × recruiter × street × zone (5 × 19 × 12 × 5 = 5,700 records), each with a completion date. */
export function everyCombination(): RegisterRecord[] {
  const out: RegisterRecord[] = [];
  let i = 0;
  for (const stage of STAGES) {
    for (const recruiter of RECRUITERS) {
      for (const street of STREET_IDS) {
        for (const zone of ZONES_OR_NONE) {
          const n = i++;
          out.push(
            r({
              key: `GEN-${String(n).padStart(5, '0')}`,
              stage,
              recruiter,
              street,
              zone,
              completedOn: COMPLETIONS[n % COMPLETIONS.length] ?? null,
              keyProject: n % 23 === 0 ? 'boe' : n % 29 === 0 ? 'corning' : null,
              movement: n % 7 === 0 ? 'relocation' : n % 11 === 0 ? 'expansion' : null,
              originStreet:
                n % 7 === 0 || n % 11 === 0 ? (STREET_IDS[n % STREET_IDS.length] as StreetId) : null,
              aboveScale: n % 3 === 0,
              statStreet: n % 5 === 0 ? (STREET_IDS[(n * 7) % STREET_IDS.length] as StreetId) : null,
              category: CATEGORIES[n % CATEGORIES.length] ?? null,
              month: '2020-04',
            }),
          );
        }
      }
    }
  }
  return out;
}

const date = fc
  .date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2036-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** A month from 2020-04 to 2035-12. */
export const monthInForce = fc
  .integer({ min: 2020 * 12 + 3, max: 2035 * 12 + 11 })
  .map((i) => makeMonth(Math.floor(i / 12), (i % 12) + 1));

/** A month before the policy: 1990-01 to 2020-03. */
export const monthBefore = fc
  .integer({ min: 1990 * 12, max: 2020 * 12 + 2 })
  .map((i) => makeMonth(Math.floor(i / 12), (i % 12) + 1));

/** Any register record the checks would accept. */
export const anyRecord: fc.Arbitrary<RegisterRecord> = fc
  .record({
    key: fc.stringMatching(/^[0-9A-Z]{18}$/),
    stage: fc.constantFrom(...STAGES),
    recruiter: fc.constantFrom(...RECRUITERS),
    street: fc.constantFrom(...STREET_IDS),
    statStreet: fc.option(fc.constantFrom(...STREET_IDS), { nil: null }),
    zone: fc.constantFrom(...ZONES_OR_NONE),
    // The ids the register's known forms give, a listed name (京东方), a name no policy lists (天马).
    keyProject: fc.option(fc.constantFrom<KeyProject>('boe', 'corning', '京东方', '天马'), {
      nil: null,
      freq: 5,
    }),
    movement: fc.option(fc.constantFrom<Movement>('expansion', 'relocation'), { nil: null }),
    originStreet: fc.option(fc.constantFrom(...STREET_IDS), { nil: null }),
    aboveScale: fc.boolean(),
    category: fc.constantFrom(...CATEGORIES),
    completedOn: fc.option(date, { nil: null }),
    month: monthInForce,
  })
  .map((f) => r({ ...f, uscc: f.key }));
