/**
 * Builders for the policy case tables (OpenFisca manner: `{ name, month, input, expected }`).
 *
 * @module
 */
import type { Assignment, Month, RegisterRecord } from '#domain/types';

/** A register record with neutral defaults: a local enterprise of 金银湖街, built, no recruiter. */
export function r(overrides: Partial<RegisterRecord> = {}): RegisterRecord {
  const key = overrides.key ?? '91420112MA0000000X';
  return {
    key,
    uscc: key,
    projectCode: null,
    name: '测试企业有限公司',
    stage: 'built',
    recruiter: null,
    street: 'jinyinhu',
    statStreet: null,
    zone: null,
    keyProject: null,
    movement: null,
    originStreet: null,
    aboveScale: false,
    category: null,
    completedOn: null,
    month: '2026-10',
    note: null,
    ...overrides,
  };
}

/** The fields a case may assert; `warningCodes` are the codes of `warnings`, in order. */
export type Expected = Partial<Omit<Assignment, 'warnings' | 'key' | 'name'>> & { warningCodes?: string[] };

/** One case: a record assessed for a month, and what the assignment must hold. */
export interface PolicyCase {
  name: string;
  month: Month;
  input: RegisterRecord;
  expected: Expected;
}
