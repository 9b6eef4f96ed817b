/**
 * The office forms' stored figures before and after their import, onto a store already
 * holding the statistics office's figures (BASE): an upload sets the figures it gives and
 * nothing else (the cell merge); a refused form changes nothing. The expected figures after are
 * written out in cases.ts; before, every enterprise-month holds BASE's.
 */
import { expect, it } from 'vitest';
import { type Figures, OFFICE_FORMS } from './cases.ts';
import { baseStore } from './support.ts';

const withFigures = OFFICE_FORMS.filter((f) => f.figures);

it.each(withFigures.map((f) => [f.title, f] as const))(
  '%s: the stored figures before and after',
  async (_t, form) => {
    const { upload_, figures } = await baseStore();
    const ids = Object.keys(form.figures as Figures);
    const before = await figures(ids);
    // Before: BASE's figures of 2026-10 (规上工业总产值, 营业收入, 税收收入) for every enterprise-month.
    for (const id of ids)
      expect(Object.keys(before[id] ?? {}).sort(), id).toEqual(['output', 'revenue', 'tax']);
    const outcome = await upload_(form);
    expect(outcome.status).toBe(form.status);
    const after = await figures(ids);
    expect(after).toEqual(form.figures);
    if (form.status === 'rejected') expect(after).toEqual(before);
    // Only the cells the form gives changed: every other stored figure is as before.
    for (const id of ids)
      for (const [indicator, value] of Object.entries(before[id] ?? {}))
        if (form.figures?.[id]?.[indicator] === value) expect(after[id]?.[indicator]).toBe(value);
  },
);

it('every office form with figures is covered, at least four of them applied', () => {
  expect(withFigures.filter((f) => f.status === 'applied').length).toBeGreaterThanOrEqual(4);
});
