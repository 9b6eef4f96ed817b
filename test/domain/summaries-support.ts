/** Small builders for summary tests (records, indicator rows). */
import type { IndicatorRow, Month, RegisterRecord } from '#domain/types';
import { r } from '../cases/record.ts';

/** A register version with defaults: a local, built enterprise in 长青街, no recruiter. */
export function rec(overrides: Partial<RegisterRecord> & { key: string }): RegisterRecord {
  return r({
    uscc: null,
    projectCode: overrides.key,
    name: `企业${overrides.key}`,
    street: 'changqing',
    ...overrides,
  });
}

/** One indicator row: `row('A', '2026-10', { revenue: '30' })`. */
export function row(key: string, month: Month, values: Record<string, string | null>): IndicatorRow {
  return { key, month, values };
}
