/**
 * The browser tests visit every page of the console in every role that may open it: the pages
 * are data (web/src/pages.ts), the page router's cases are all among them, and the page states
 * the browser visits (test/browser/page-states.ts) cover each page × role, signed out and not found.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONSOLE_PAGES } from '../../web/src/pages.ts';
import { PAGE_STATES } from '../browser/page-states.ts';

const ROUTER = readFileSync(new URL('../../web/src/main.tsx', import.meta.url), 'utf8');

describe('every page state is visited', () => {
  it("every case of the console's page router is a page of web/src/pages.ts", () => {
    const cases = [...ROUTER.matchAll(/case '([^']*)':/g)].map((m) => m[1]);
    expect(cases.length).toBeGreaterThan(10);
    const firsts = new Set(CONSOLE_PAGES.map((p) => p.route.split('/')[0]));
    expect(cases.filter((c) => !firsts.has(c))).toEqual([]);
    expect([...firsts].filter((f) => !cases.includes(f ?? ''))).toEqual([]);
  });

  it.each([
    ...CONSOLE_PAGES.flatMap((p) => p.roles.map((role) => [p.route || '(首页)', role, p.route] as const)),
    ['sign-in', 'unit', 'sign-in'] as const,
    ['not-found', 'unit', 'not-found'] as const,
    ['not-found', 'bureau', 'not-found'] as const,
  ])('%s as %s is visited', (_name, role, route) => {
    expect(PAGE_STATES.filter((s) => s.route === route && s.role === role)).not.toEqual([]);
  });

  it('every state names a page of web/src/pages.ts (or no page), once', () => {
    const routes = new Set([...CONSOLE_PAGES.map((p) => p.route), 'sign-in', 'not-found']);
    expect(PAGE_STATES.filter((s) => !routes.has(s.route))).toEqual([]);
    const names = PAGE_STATES.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
