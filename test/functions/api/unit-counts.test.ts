/**
 * `GET /units` reads the counts stored with the month's summaries (one item) instead of
 * counting every unit's listings per request; a count made stale by a committed change is
 * recomputed as stale summaries are.
 */
import { describe, expect, it } from 'vitest';
import { rulesOf } from '#domain/decisions';
import { POLICIES } from '#domain/policy/index';
import type { UnitRole } from '#domain/ports';
import { EVERY_MONTH } from '#domain/summaries';
import { isStreet, UNITS, type UnitId } from '#domain/units';
import { createApiHandler } from '#functions/api/handler';
import { refreshSummaries } from '#functions/publish/summaries';
import { apiEvent, BUREAU, context, LATEST, seededStore, unitClaims } from './support/fixtures.ts';

async function setup() {
  const store = await seededStore();
  await refreshSummaries(store, EVERY_MONTH, rulesOf(POLICIES), new Date('2026-11-02T00:00:00Z'));
  const api = createApiHandler({
    store,
    clock: { now: () => new Date('2026-11-03T00:00:00Z') },
    cursorSecret: 't',
  });
  const units = async (claims = BUREAU) => {
    const res = await api(apiEvent('GET', '/units', claims), context);
    return JSON.parse(res.body ?? '{}') as {
      month: string;
      items: Array<{ id: UnitId; counts?: Record<string, number> }>;
    };
  };
  return { store, units };
}

const ROLES: UnitRole[] = ['service', 'indicators', 'cooperating', 'safety'];

describe('GET /units: counts stored with the summaries', () => {
  it('equal each unit’s listings in the latest month, for every unit and role', async () => {
    const { store, units } = await setup();
    const answer = await units();
    expect(answer.month).toBe(LATEST);
    for (const unit of UNITS.filter((u) => u.kind !== 'bureau')) {
      const roles = isStreet(unit.id) ? ROLES : ROLES.slice(0, 2);
      const listed: Record<string, number> = {};
      for (const role of roles)
        listed[role] = (await store.listByUnit(unit.id, role, LATEST, { limit: 1000 })).items.length;
      expect(answer.items.find((i) => i.id === unit.id)?.counts, unit.id).toEqual(listed);
    }
  });

  it('a unit sees its own counts only', async () => {
    const { units } = await setup();
    const answer = await units(unitClaims('changqing'));
    expect(answer.items.filter((i) => i.counts).map((i) => i.id)).toEqual(['changqing']);
  });

  it('are read from the stored item; a change still due is recounted', async () => {
    const { store, units } = await setup();
    const key = { pk: `S#${LATEST}`, sk: 'CALC#COUNTS' };
    const item = await store.table.get(key);
    const counts = JSON.parse(String(item?.counts));
    const truth = counts.changqing.service as number;
    counts.changqing.service = 999;
    store.table.load([{ ...(item as typeof key), counts: JSON.stringify(counts) }]);
    expect((await units()).items.find((i) => i.id === 'changqing')?.counts?.service).toBe(999);
    await store.markSummariesDue('some-import', { register: true, indicatorMonths: [], targetYears: [] });
    expect((await units()).items.find((i) => i.id === 'changqing')?.counts?.service).toBe(truth);
  });
});

describe('GET /units: the next publish date (the console home’s countdown)', () => {
  const SH = 'Asia/Shanghai';
  it.each([
    // [now, schedule, zone, publish]
    [
      '2026-11-07T02:00:00Z',
      'cron(0 9 10 * ? *)',
      SH,
      { date: '2026-11-10', time: '09:00', timeZone: SH, month: '2026-10', daysLeft: 3 },
    ],
    [
      '2026-11-10T01:00:00Z', // 09:00 on the 10th: that run is past
      'cron(0 9 10 * ? *)',
      SH,
      { date: '2026-12-10', time: '09:00', timeZone: SH, month: '2026-11', daysLeft: 30 },
    ],
    [
      '2026-11-07T02:00:00Z',
      'rate(30 days)', // not a monthly day-of-month cron: 发布日期未定
      SH,
      { date: null, time: null, timeZone: SH, month: null, daysLeft: null },
    ],
    [
      '2026-11-07T02:00:00Z',
      'cron(0 9 10 * ? *)',
      'Mars/Olympus', // an unknown zone: no date (logged), the counts still answer
      { date: null, time: null, timeZone: 'Mars/Olympus', month: null, daysLeft: null },
    ],
  ])('at %s with %s in %s', async (now, expression, timeZone, publish) => {
    const warnings: string[] = [];
    const api = createApiHandler({
      store: await seededStore(),
      clock: { now: () => new Date(now) },
      cursorSecret: 't',
      publishSchedule: { expression, timeZone },
      logger: { info: () => undefined, warn: (m: string) => warnings.push(m), error: () => undefined },
    });
    for (const claims of [BUREAU, unitClaims('changqing')]) {
      const res = await api(apiEvent('GET', '/units', claims), context);
      expect(res.statusCode).toBe(200);
      expect(JSON.parse(res.body ?? '{}').publish).toEqual(publish);
    }
    expect(warnings.length > 0).toBe(timeZone !== SH);
  });

  it('without the schedule’s settings: 发布日期未定', async () => {
    const api = createApiHandler({
      store: await seededStore(),
      clock: { now: () => new Date() },
      cursorSecret: 't',
    });
    const res = await api(apiEvent('GET', '/units', BUREAU), context);
    expect(JSON.parse(res.body ?? '{}').publish).toMatchObject({ date: null, daysLeft: null });
  });
});
