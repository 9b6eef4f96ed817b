/**
 * 环比: this month against last month, the same enterprises; January against
 * last December; "—" (null) when last month was not reported or was 0. Exact quotients.
 */
import { describe, expect, it } from 'vitest';
import { rulesOf } from '#domain/decisions';
import { FIGURE_HEADERS, figureTexts } from '#domain/email/format';
import { POLICIES } from '#domain/policy/index';
import { figuresFrom, summarize } from '#domain/summaries';
import type { Month } from '#domain/types';
import { rec, row } from './summaries-support.ts';

describe('figuresFrom: 环比', () => {
  it.each([
    ['grew', '120', '100', 0.2, '20.0%'],
    ['fell', '90', '120', -0.25, '-25.0%'],
    ['unchanged', '100', '100', 0, '0.0%'],
    ['last month 0: no rate', '50', '0', null, '—'],
    ['last month not reported', '50', null, null, '—'],
    ['this month not reported', null, '50', null, '—'],
    ['exact: 1/3 rounded once', '4', '3', 1 / 3, '33.3%'],
  ] as const)('%s', (_t, month, previous, mom, text) => {
    const f = figuresFrom(
      { month, ytd: null, lastYearYtd: null, previousMonth: previous },
      null,
      null,
      null,
      6,
    );
    expect(f.mom).toBe(mom);
    expect(figureTexts(f)[FIGURE_HEADERS.indexOf('环比')]).toBe(text);
  });
});

describe('summarize: 环比 of a unit and the district', () => {
  const records = [[rec({ key: 'A', month: '2025-06' })], [rec({ key: 'B', month: '2025-06' })]];
  const run = (month: Month, rows: ReturnType<typeof row>[]) =>
    summarize({ month, records, indicators: rows, targets: [], rules: rulesOf(POLICIES) }).document;

  it.each([
    ['October against September', '2026-10', '2026-09', 0.5],
    ['January against last December', '2026-01', '2025-12', 0.5],
  ] as const)('%s', (_t, month, previous, mom) => {
    const doc = run(month, [
      row('A', previous, { revenue: '60' }),
      row('B', previous, { revenue: '40' }),
      row('A', month, { revenue: '90' }),
      row('B', month, { revenue: '60' }),
    ]);
    const unit = doc.units.find((u) => u.unit === 'changqing')?.indicators.revenue;
    expect(unit).toMatchObject({ month: '150', previousMonth: '100', mom });
    expect(doc.total.indicators.revenue).toMatchObject({ previousMonth: '100', mom });
  });

  it('last month not reported: 环比 is —', () => {
    const doc = run('2026-10', [row('A', '2026-10', { revenue: '90' })]);
    expect(doc.units.find((u) => u.unit === 'changqing')?.indicators.revenue?.mom).toBeNull();
  });
});
