/**
 * One story of a month through the API and the e-mails (over the in-memory store): for every
 * case of test/cases/one-story.ts — a decision in a record's first month (recorded through
 * `POST /decisions`), completion handovers, 搬迁, a record first reported years after it was
 * built — the unit's summary (`GET /summaries/{m}/units/{u}`) and its paged lists, the transfer
 * index (`GET /transfers`, 划转确认), the enterprise (`GET /enterprises/{key}`: its story and
 * history) and the unit's e-mail (the publisher's) say the same.
 */

import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { coordinationOf } from '#adapters/coordination-items';
import { createMemoryStore } from '#adapters/memory-store';
import { unitSubject } from '#domain/email/index';
import type { ContactRow } from '#domain/types';
import { type UnitId, unitName } from '#domain/units';
import { createApiHandler } from '#functions/api/handler';
import { storeSummaries } from '#functions/api/summaries';
import { projectQueued } from '#functions/coordination/decide';
import { createPublishHandler } from '#functions/publish/handler';
import { STORY_CASES, STORY_DECISION, STORY_MONTH, storyCounts } from '../../cases/one-story.ts';
import { fakeMailer } from '../../support/mailer.ts';
import { apiEvent, BUREAU, type Claims, context, unitClaims } from './support/fixtures.ts';

const UNITS = [...new Set(STORY_CASES.flatMap((c) => [c.carrier, c.transfer?.from, c.transfer?.to]))].filter(
  (u): u is UnitId => u != null,
);

const writeWorkbook = (sheets: ReadonlyArray<{ name: string; rows: unknown[][] }>) => {
  const wb = XLSX.utils.book_new();
  for (const s of sheets) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(s.rows), s.name);
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array;
};

async function setup() {
  const store = createMemoryStore();
  const contacts: ContactRow[] = UNITS.map((unit) => ({
    unit,
    name: '联络员',
    email: `${unit}@example.com`,
    receives: true,
  }));
  await store.seed(
    { register: STORY_CASES.flatMap((c) => c.versions), contacts },
    { eventTime: '2026-11-01T00:00:00Z' },
  );
  let now = new Date('2026-11-02T01:00:00Z');
  const tick = () => {
    const t = now;
    now = new Date(now.getTime() + 1000);
    return t;
  };
  const projections: Array<Promise<unknown>> = [];
  const api = createApiHandler({
    store,
    clock: { now: tick },
    cursorSecret: 'test',
    summaries: storeSummaries(store),
    queueDecision: async (writer) => {
      projections.push(
        projectQueued(
          { store, coordination: coordinationOf(store)!, now: tick(), clock: { now: tick } },
          writer,
        ),
      );
    },
  });
  const call = async (method: string, url: string, claims: Claims = BUREAU, body?: unknown) => {
    const res = await api(apiEvent(method, url, claims, body), context);
    await Promise.all(projections.splice(0));
    return { status: res.statusCode, json: res.body ? JSON.parse(res.body) : undefined };
  };
  expect((await call('POST', '/decisions', BUREAU, STORY_DECISION)).status).toBe(201);
  return { store, call };
}

let shared: ReturnType<typeof setup> | undefined;
const world = () => (shared ??= setup());

describe('one story of a month: the summary API, 划转确认, the enterprise and the e-mail agree', () => {
  it.each(UNITS.map((u) => [u]))('%s: its summary row and lists, as the unit reads them', async (unit) => {
    const { call } = await world();
    const row = (await call('GET', `/summaries/${STORY_MONTH}/units/${unit}`, unitClaims(unit))).json;
    expect({
      transfersIn: row.transfersIn,
      transfersOut: row.transfersOut,
      firstReported: row.firstReported,
      new: row.new,
    }).toEqual(storyCounts(unit));
    for (const [name, pick] of [
      ['transfersIn', (c: (typeof STORY_CASES)[number]) => c.transfer?.to === unit],
      ['transfersOut', (c: (typeof STORY_CASES)[number]) => c.transfer?.from === unit],
      ['firstReported', (c: (typeof STORY_CASES)[number]) => c.carrier === unit && c.firstReported],
      ['new', (c: (typeof STORY_CASES)[number]) => c.carrier === unit && c.registered],
    ] as const) {
      const page = await call(
        'GET',
        `/summaries/${STORY_MONTH}/units/${unit}/lists/${name}`,
        unitClaims(unit),
      );
      expect(page.status).toBe(200);
      expect(page.json.items.map((e: { key: string }) => e.key).sort()).toEqual(
        STORY_CASES.filter(pick)
          .map((c) => c.key)
          .sort(),
      );
    }
    // 划转确认 as the unit reads it: the transfers it gives and receives are the row's 划出 and 划入
    const transfers = (await call('GET', `/transfers?month=${STORY_MONTH}`, unitClaims(unit))).json
      .items as Array<{
      key: string;
      from: string;
      to: string;
    }>;
    expect(transfers.filter((t) => t.to === unit).length).toBe(row.transfersIn);
    expect(transfers.filter((t) => t.from === unit).length).toBe(row.transfersOut);
  });

  it('the district: the transfer index lists exactly the cases’ transfers; the total counts them', async () => {
    const { call } = await world();
    const listed = (await call('GET', `/transfers?month=${STORY_MONTH}`)).json.items as Array<{
      key: string;
      from: string;
      to: string;
    }>;
    expect(listed.map((t) => `${t.key} ${t.from}→${t.to}`).sort()).toEqual(
      STORY_CASES.filter((c) => c.transfer)
        .map((c) => `${c.key} ${c.transfer?.from}→${c.transfer?.to}`)
        .sort(),
    );
    const total = (await call('GET', `/summaries/${STORY_MONTH}`)).json.total;
    expect({
      transfersIn: total.transfersIn,
      transfersOut: total.transfersOut,
      firstReported: total.firstReported,
      new: total.new,
    }).toEqual(storyCounts('district'));
  });

  it.each(STORY_CASES.map((c) => [c.name, c] as const))('the enterprise: %s', async (_name, c) => {
    const { call } = await world();
    const e = (await call('GET', `/enterprises/${c.key}?month=${STORY_MONTH}`)).json;
    expect(e.story).toEqual({
      firstReported: c.firstReported,
      registered: c.registered,
      transfer: c.transfer,
    });
    expect(e.assignment.indicators).toBe(c.carrier);
    // its transfers and its history show the move in the month
    expect(
      e.transfers
        .filter((t: { month: string }) => t.month === STORY_MONTH)
        .map((t: { from: string; to: string }) => ({ from: t.from, to: t.to })),
    ).toEqual(c.transfer ? [c.transfer] : []);
    const inMonth = e.history.find((h: { month: string }) => h.month === STORY_MONTH);
    if (c.transfer) expect(inMonth?.assignment.indicators).toBe(c.transfer.to);
  });

  it('the decision of the first case: the enterprise names it per role, with the rules’ answer; it runs', async () => {
    const { call } = await world();
    const [c] = STORY_CASES;
    const e = (await call('GET', `/enterprises/${c!.key}?month=${STORY_MONTH}`)).json;
    expect(
      e.roles.map(
        (r: { role: string; unit: string; byRules: string; decision: { documentNo: string } | null }) => [
          r.role,
          r.unit,
          r.decision?.documentNo ?? null,
          r.byRules,
        ],
      ),
    ).toEqual([
      ['service', 'jinyinhu', STORY_DECISION.documentNo, 'jidian'],
      ['indicators', 'jinyinhu', STORY_DECISION.documentNo, 'jidian'],
    ]);
    const listed = (await call('GET', '/decisions')).json.items;
    expect(listed.map((d: { standing: unknown }) => d.standing)).toEqual([{ running: true, superseded: [] }]);
  });

  it('the e-mails: each unit’s headline, 首次报送/新登记 and lists name the same records; the notes state the rule', async () => {
    const { store } = await world();
    const { mailer, sent } = fakeMailer();
    await createPublishHandler({
      store,
      mailer,
      clock: { now: () => new Date('2026-11-10T01:00:00Z') },
      sender: 'lkg@example.com',
      bureauEmail: 'bureau@example.com',
      workbooks: { write: writeWorkbook },
    })({ month: STORY_MONTH });
    for (const unit of UNITS) {
      const mail = sent.find((m) => m.subject === unitSubject(STORY_MONTH, unit));
      expect(mail, unitName(unit)).toBeDefined();
      const n = storyCounts(unit);
      expect(mail!.text).toContain(`划入 ${n.transfersIn} 家、划出 ${n.transfersOut} 家`);
      expect(mail!.text).toContain(`本月首次报送 ${n.firstReported} 家（其中新登记 ${n.new} 家）`);
      expect(mail!.html).toContain('新登记：首次报送且本月项目状态为新引进或已签约的项目');
      for (const c of STORY_CASES.filter((x) => x.transfer?.to === unit || x.transfer?.from === unit))
        expect(mail!.text).toContain(c.key);
    }
  });
});
