/**
 * The lists behind a summary's counts are complete and paged
 * (`GET /summaries/{month}/units/{unit}/lists/{name}?cursor=`), from the pages stored with the
 * summaries, or recomputed while a change is due; the unit's access rules apply.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '#adapters/memory-store';
import { rulesOf } from '#domain/decisions';
import { POLICIES } from '#domain/policy/index';
import { EVERY_MONTH, LIST_LIMIT, LIST_PAGE } from '#domain/summaries';
import type { RegisterRecord } from '#domain/types';
import { createApiHandler } from '#functions/api/handler';
import { storeSummaries } from '#functions/api/summaries';
import { refreshSummaries } from '#functions/publish/summaries';
import { rec } from '../../domain/summaries-support.ts';
import { apiEvent, BUREAU, type Claims, context, unitClaims } from './support/fixtures.ts';

const MONTH = '2026-10';
/** More enterprises first reported (built: 首次报送, not 新登记) in 长青街 than two pages hold. */
const N = 2 * LIST_PAGE + 17;

async function setup() {
  const store = createMemoryStore();
  const register: RegisterRecord[] = [
    rec({ key: 'OLD', month: '2026-09' }),
    rec({ key: 'OLD', month: MONTH }),
  ];
  for (let i = 0; i < N; i += 1)
    register.push(rec({ key: `NEW${String(i).padStart(4, '0')}`, month: MONTH }));
  await store.seed({ register }, { eventTime: '2026-11-01T00:00:00Z' });
  await refreshSummaries(store, EVERY_MONTH, rulesOf(POLICIES), new Date('2026-11-02T00:00:00Z'));
  const api = createApiHandler({
    store,
    clock: { now: () => new Date('2026-11-03T00:00:00Z') },
    cursorSecret: 't',
    summaries: storeSummaries(store),
  });
  const get = async (url: string, claims: Claims = BUREAU) => {
    const res = await api(apiEvent('GET', url, claims), context);
    return { status: res.statusCode, json: JSON.parse(res.body ?? 'null') };
  };
  /** Every page of a list: the keys in order, and the number of pages. */
  const all = async (unit: string, name: string, claims: Claims = BUREAU) => {
    const keys: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url = `/summaries/${MONTH}/units/${unit}/lists/${name}${cursor ? `?cursor=${cursor}` : ''}`;
      const page = await get(url, claims);
      expect(page.status).toBe(200);
      keys.push(...page.json.items.map((e: { key: string }) => e.key));
      cursor = page.json.cursor;
      pages += 1;
    } while (cursor);
    return { keys, pages };
  };
  return { store, get, all };
}

let shared: ReturnType<typeof setup> | undefined;

describe('complete lists behind the counts, paged', () => {
  it('a list longer than the row’s cap: every entry once, in pages of LIST_PAGE, its length the count', async () => {
    shared ??= setup();
    const { get, all } = await shared;
    const row = (await get(`/summaries/${MONTH}/units/changqing`)).json;
    expect(row.firstReported).toBe(N);
    expect(row.lists.firstReported).toHaveLength(LIST_LIMIT);
    const listed = await all('changqing', 'firstReported', unitClaims('changqing'));
    expect(listed.pages).toBe(3);
    expect(new Set(listed.keys).size).toBe(N);
    expect(listed.keys.slice(0, LIST_LIMIT)).toEqual(
      row.lists.firstReported.map((e: { key: string }) => e.key),
    );
    // built years ago: none is 新登记 (one empty page)
    expect(row.new).toBe(0);
    expect(await all('changqing', 'new')).toEqual({ keys: [], pages: 1 });
    // The total's lists (bureau), and an empty list: one empty page.
    expect((await all('district', 'completedThisMonth')).keys).toEqual([]);
    // The district's gathered lists: every unit's entries, each naming its unit, the count as the total's
    const total = (await get(`/summaries/${MONTH}?lists=none`)).json.total;
    const district = await all('district', 'firstReported');
    expect(district.keys).toHaveLength(total.firstReported);
    expect(new Set(district.keys)).toEqual(new Set(listed.keys));
    const first = (await get(`/summaries/${MONTH}/units/district/lists/firstReported`)).json.items[0];
    expect(first.unit).toBe('changqing');
    expect((await all('changqing', 'leaving')).pages).toBe(1);
  });

  it.each([
    {
      url: `/summaries/${MONTH}?lists=none`,
      rows: (j: { units: object[]; total: object }) => [...j.units, j.total],
    },
    { url: `/summaries/${MONTH}/units/changqing?lists=none`, rows: (j: object) => [j] },
  ])('$url: the counts without the lists (the console reads those page by page)', async ({ url, rows }) => {
    shared ??= setup();
    const { get } = await shared;
    const answer = await get(url);
    expect(answer.status).toBe(200);
    for (const row of rows(answer.json)) {
      expect(row).not.toHaveProperty('lists');
      expect(row).toHaveProperty('notReported');
    }
    expect((await get(url.replace('lists=none', 'lists=all'))).status).toBe(400);
  });

  it('while a change is due: the same pages, recomputed', async () => {
    const { store, all } = await setup();
    const stored = await all('changqing', 'firstReported');
    await store.markSummariesDue('some-import', EVERY_MONTH);
    expect(await all('changqing', 'firstReported')).toEqual(stored);
  });

  it.each([
    {
      name: 'another unit’s list',
      url: `/summaries/${MONTH}/units/changqing/lists/firstReported`,
      claims: unitClaims('jinyinhu'),
      status: 404,
    },
    {
      name: 'the district’s lists for a unit',
      url: `/summaries/${MONTH}/units/district/lists/transfersIn`,
      claims: unitClaims('changqing'),
      status: 404,
    },
    {
      name: 'an unknown list',
      url: `/summaries/${MONTH}/units/changqing/lists/everyone`,
      claims: BUREAU,
      status: 404,
    },
    {
      name: 'an unknown list of the district',
      url: `/summaries/${MONTH}/units/district/lists/everyone`,
      claims: BUREAU,
      status: 404,
    },
    {
      name: 'a cursor of another list',
      url: `/summaries/${MONTH}/units/changqing/lists/notReported?cursor=x`,
      claims: BUREAU,
      status: 400,
    },
  ])('$name: $status', async ({ url, claims, status }) => {
    shared ??= setup();
    const { get } = await shared;
    const answer = await get(url, claims);
    expect(answer.status).toBe(status);
    // people's words only: no list's id in the message
    expect(JSON.stringify(answer.json)).not.toMatch(/firstReported|notReported|transfersIn/);
  });
});
