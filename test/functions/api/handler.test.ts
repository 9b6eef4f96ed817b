/**
 * The API handler over the in-memory store: every route, what each caller sees, problem+json
 * errors, cursors, pendingImport.
 */

import { describe, expect, it } from 'vitest';
import type { IngestStore } from '#adapters/dynamodb-items';
import { createApiHandler } from '#functions/api/handler';
import { takeApplyLease } from '../../support/claims.ts';
import {
  apiEvent,
  BUREAU,
  type Claims,
  context,
  fakeSummaries,
  IMP_CQ,
  IMP_JY,
  importRecord,
  KEYS,
  LATEST,
  NAMES,
  seededStore,
  unitClaims,
} from './support/fixtures.ts';

const clock = { now: () => new Date('2026-11-05T02:00:00Z') };

async function setup(given?: IngestStore, extra: Partial<Parameters<typeof createApiHandler>[0]> = {}) {
  const store = given ?? (await seededStore());
  const published: unknown[] = [];
  const api = createApiHandler({
    store,
    clock,
    summaries: fakeSummaries(store),
    publish: async (request) => {
      published.push(request);
      return { sent: 3 };
    },
    cursorSecret: 'test-secret',
    ...extra,
  });
  const call = async (method: string, url: string, claims: Claims, body?: unknown) => {
    const res = await api(apiEvent(method, url, claims, body), context);
    const type = String(res.headers?.['content-type'] ?? '');
    const json = type.includes('json') && res.body ? JSON.parse(res.body) : undefined;
    return { status: res.statusCode, type, json, res };
  };
  return { api, call, store, published };
}

describe('authentication (claims from the JWT authorizer)', () => {
  it.each([
    ['no claims object', null],
    ['bureau role with a street', { 'custom:unit': 'changqing', 'custom:role': 'bureau' }],
    ['unit role with the bureau', { 'custom:unit': 'bureau', 'custom:role': 'unit' }],
    ['unit role with an unknown unit', { 'custom:unit': 'wuhan', 'custom:role': 'unit' }],
    ['missing role', { 'custom:unit': 'changqing' }],
    ['unknown role', { 'custom:unit': 'changqing', 'custom:role': 'admin' }],
    ['zone id as a unit', { 'custom:unit': 'sme-city', 'custom:role': 'unit' }],
  ] as Array<[string, Claims]>)('%s → 401 problem+json', async (_name, claims) => {
    const { call } = await setup();
    const res = await call('GET', '/units', claims);
    expect(res.status).toBe(401);
    expect(res.type).toContain('application/problem+json');
    expect(res.json).toMatchObject({ status: 401, code: 'UNAUTHORIZED', title: expect.any(String) });
    expect(res.json.detail).toMatch(/令牌/);
  });

  it('GET /health needs no token', async () => {
    const { call } = await setup();
    const res = await call('GET', '/health', null);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok' });
  });
});

describe('GET /units', () => {
  it('the bureau gets every unit and counts for every serving unit', async () => {
    const { call } = await setup();
    const res = await call('GET', '/units', BUREAU);
    expect(res.status).toBe(200);
    expect(res.json.month).toBe(LATEST);
    expect(res.json.items).toHaveLength(19);
    const byId = Object.fromEntries(res.json.items.map((u: { id: string }) => [u.id, u]));
    expect(byId.changqing.counts).toEqual({ service: 1, indicators: 1, cooperating: 0, safety: 1 });
    expect(byId.jinghe.counts).toEqual({ service: 0, indicators: 0, cooperating: 1, safety: 2 });
    expect(byId.jidian.counts).toEqual({ service: 1, indicators: 1 });
    expect(byId.bureau.counts).toBeUndefined();
  });

  it('a street gets names of all units but counts for itself only', async () => {
    const { call } = await setup();
    const res = await call('GET', '/units', unitClaims('changqing'));
    const counted = res.json.items
      .filter((u: { counts?: unknown }) => u.counts)
      .map((u: { id: string }) => u.id);
    expect(counted).toEqual(['changqing']);
  });
});

describe('GET /units/{unit}/enterprises', () => {
  it.each([
    ['changqing', 'service', [KEYS.changqing]],
    ['jinghe', 'safety', [KEYS.jidian, KEYS.preHandover].sort()],
    ['jinghe', 'cooperating', [KEYS.preHandover]],
    ['shipin', 'indicators', [KEYS.preHandover]],
    ['zoumaling', 'service', [KEYS.moved]],
  ])('the unit %s as %s sees its own', async (unit, role, keys) => {
    const { call } = await setup();
    const res = await call('GET', `/units/${unit}/enterprises?role=${role}`, unitClaims(unit));
    expect(res.status).toBe(200);
    expect(res.json.items.map((i: { key: string }) => i.key)).toEqual(keys);
    expect(res.json.items[0]).toMatchObject({
      key: expect.any(String),
      name: expect.any(String),
      stage: expect.any(String),
      assignment: expect.any(Object),
    });
  });

  it('an earlier month lists what the unit held then', async () => {
    const { call } = await setup();
    const res = await call('GET', '/units/changqing/enterprises?month=2026-09', unitClaims('changqing'));
    expect(res.json.items.map((i: { key: string }) => i.key)).toEqual([KEYS.changqing, KEYS.moved]);
  });

  it('pages with an opaque signed cursor; a tampered cursor is a 400', async () => {
    const { call } = await setup();
    const first = await call('GET', '/units/changqing/enterprises?month=2026-09&limit=1', BUREAU);
    expect(first.json.items).toHaveLength(1);
    expect(first.json.cursor).toEqual(expect.any(String));
    const second = await call(
      'GET',
      `/units/changqing/enterprises?month=2026-09&limit=1&cursor=${first.json.cursor}`,
      BUREAU,
    );
    expect(second.json.items.map((i: { key: string }) => i.key)).toEqual([KEYS.moved]);
    expect(second.json.cursor).toBeNull();
    const tampered = `${first.json.cursor.slice(0, -2)}xx`;
    const bad = await call(
      'GET',
      `/units/changqing/enterprises?month=2026-09&limit=1&cursor=${tampered}`,
      BUREAU,
    );
    expect(bad.status).toBe(400);
    // A cursor of another listing is refused as well.
    const other = await call(
      'GET',
      `/units/jinghe/enterprises?month=2026-09&limit=1&cursor=${first.json.cursor}`,
      BUREAU,
    );
    expect(other.status).toBe(400);
  });

  it.each([
    ['another street', unitClaims('jinyinhu'), '/units/changqing/enterprises', 404],
    ['an office', unitClaims('jidian'), '/units/changqing/enterprises', 404],
    ['the bureau as a unit', BUREAU, '/units/bureau/enterprises', 404],
    ['an unknown unit', BUREAU, '/units/wuhan/enterprises', 404],
    ['a bad role', BUREAU, '/units/changqing/enterprises?role=owner', 400],
    ['a bad month', BUREAU, '/units/changqing/enterprises?month=2026-13', 400],
    ['a month before the policy', BUREAU, '/units/changqing/enterprises?month=2020-03', 400],
    ['limit 0', BUREAU, '/units/changqing/enterprises?limit=0', 400],
    ['limit 101', BUREAU, '/units/changqing/enterprises?limit=101', 400],
    ['limit 100', BUREAU, '/units/changqing/enterprises?limit=100', 200],
  ] as Array<[string, Claims, string, number]>)('%s → %s', async (_name, claims, url, status) => {
    const { call } = await setup();
    const res = await call('GET', url, claims);
    expect(res.status).toBe(status);
    if (status !== 200) expect(res.type).toContain('problem+json');
  });
});

describe('GET /enterprises/{key}', () => {
  it('the bureau sees the record, assignment with clause texts, history, transfers and indicators', async () => {
    const { call } = await setup();
    const res = await call('GET', `/enterprises/${KEYS.moved}`, BUREAU);
    expect(res.status).toBe(200);
    expect(res.json.month).toBe(LATEST);
    expect(res.json.record).toMatchObject({ key: KEYS.moved, street: 'zoumaling', movement: 'relocation' });
    expect(res.json.assignment).toMatchObject({
      service: 'zoumaling',
      indicators: 'zoumaling',
      decidedBy: '3.3',
    });
    expect(Object.keys(res.json.clauseTexts).sort()).toEqual([...res.json.assignment.clauses].sort());
    expect(res.json.clauseTexts['3.3']).toContain('扩产');
    // The history starts in the policy's first month: the earliest version stands for the months before it.
    expect(res.json.history.map((h: { month: string }) => h.month)).toEqual(['2020-04', '2026-10']);
    expect(res.json.transfers).toEqual([
      { month: '2026-10', from: 'changqing', to: 'zoumaling', clause: '3.3' },
    ]);
    expect(res.json.indicators).toEqual({ '2026-08': { revenue: '100.5' }, '2026-10': { revenue: '300' } });
    expect(res.json.visibleUntil).toBeNull();
  });

  it('a unit that held it only earlier sees up to the last month it held it', async () => {
    const { call } = await setup();
    const res = await call('GET', `/enterprises/${KEYS.moved}`, unitClaims('changqing'));
    expect(res.status).toBe(200);
    expect(res.json.visibleUntil).toBe('2026-09');
    expect(res.json.month).toBe('2026-09');
    expect(res.json.record.street).toBe('changqing');
    expect(res.json.assignment.service).toBe('changqing');
    expect(res.json.history.map((h: { month: string }) => h.month)).toEqual(['2020-04']);
    expect(res.json.transfers).toEqual([]);
    expect(Object.keys(res.json.indicators)).toEqual(['2026-08']);
    expect(res.res.body).not.toContain('zoumaling');
  });

  it.each([
    ['2026-08', 200],
    ['2026-09', 200],
    ['2026-10', 404],
    ['2027-01', 404],
  ])('the earlier holder asking for %s → %s', async (month, status) => {
    const { call } = await setup();
    const res = await call('GET', `/enterprises/${KEYS.moved}?month=${month}`, unitClaims('changqing'));
    expect(res.status).toBe(status);
  });

  it.each([
    ['the new street', 'zoumaling', KEYS.moved],
    ['the safety street of an office enterprise', 'jinghe', KEYS.jidian],
    ['the serving office', 'jidian', KEYS.jidian],
    ['the cooperating street', 'jinghe', KEYS.preHandover],
    ['the leading office', 'shipin', KEYS.preHandover],
  ])('%s sees the whole history', async (_name, unit, key) => {
    const { call } = await setup();
    const res = await call('GET', `/enterprises/${key}?month=2026-10`, unitClaims(unit));
    expect(res.status).toBe(200);
    expect(res.json.visibleUntil).toBeNull();
  });

  it.each([
    ['another street', 'jinyinhu', KEYS.changqing],
    ['an office', 'gaoxin', KEYS.changqing],
    ['a street that never held it', 'jinghe', KEYS.moved],
  ])('%s → 404 with the same answer as a key that does not exist', async (_name, unit, key) => {
    const { call } = await setup();
    const hidden = await call('GET', `/enterprises/${key}`, unitClaims(unit));
    const missing = await call('GET', `/enterprises/${key.slice(0, -1)}Z`, unitClaims(unit));
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.json.code).toBe(missing.json.code);
    expect(hidden.json.detail.replace(key, 'K')).toBe(
      missing.json.detail.replace(`${key.slice(0, -1)}Z`, 'K'),
    );
    expect(hidden.res.body).not.toContain('有限公司');
  });

  it('a month before the policy is a 400 naming the first month', async () => {
    const { call } = await setup();
    const res = await call('GET', `/enterprises/${KEYS.changqing}?month=2019-12`, BUREAU);
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('POLICY_NOT_IN_FORCE');
    expect(res.json.detail).toContain('2020年4月');
  });
});

describe('GET /enterprises?q=', () => {
  it.each([
    [
      'the bureau, a common fragment',
      BUREAU,
      '有限公司',
      [KEYS.changqing, KEYS.jidian, KEYS.jinyinhu, KEYS.moved].sort(),
    ],
    ['the bureau, by key', BUREAU, KEYS.jidian, [KEYS.jidian]],
    ['changqing, a common fragment', unitClaims('changqing'), '有限公司', [KEYS.changqing]],
    ['changqing, another unit\u2019s name', unitClaims('changqing'), '金银湖', []],
    ['changqing, the enterprise that left', unitClaims('changqing'), '迁建', []],
    ['jinghe, a project it cooperates on', unitClaims('jinghe'), '生物医药', [KEYS.preHandover]],
    ['jidian, another unit\u2019s key', unitClaims('jidian'), KEYS.changqing, []],
  ] as Array<[string, Claims, string, string[]]>)('%s', async (_name, claims, q, keys) => {
    const { call } = await setup();
    const res = await call('GET', `/enterprises?q=${encodeURIComponent(q)}`, claims);
    expect(res.status).toBe(200);
    expect(res.json.items.map((i: { key: string }) => i.key).sort()).toEqual(keys);
  });

  it.each([
    ['one character', '长', 400],
    ['missing', '', 400],
    ['two characters', '长青', 200],
    ['spaces around two characters', '  长青 ', 200],
  ])('q %s → %s', async (_name, q, status) => {
    const { call } = await setup();
    const res = await call('GET', q ? `/enterprises?q=${encodeURIComponent(q)}` : '/enterprises', BUREAU);
    expect(res.status).toBe(status);
  });
});

describe('GET /imports', () => {
  it('the bureau sees every import; a unit only those under uploads/<its id>/', async () => {
    const { call } = await setup();
    const all = await call('GET', '/imports', BUREAU);
    expect(all.json.items.map((i: { id: string }) => i.id).sort()).toEqual([IMP_CQ, IMP_JY].sort());
    const own = await call('GET', '/imports', unitClaims('changqing'));
    expect(own.json.items.map((i: { id: string }) => i.id)).toEqual([IMP_CQ]);
    const none = await call('GET', '/imports', unitClaims('jidian'));
    expect(none.json.items).toEqual([]);
  });

  it.each([
    [BUREAU, IMP_JY, 200],
    [unitClaims('changqing'), IMP_CQ, 200],
    [unitClaims('changqing'), IMP_JY, 404],
    [unitClaims('changqing'), 'ee000000000000000000000000000003', 404],
    [BUREAU, 'imp-none', 400],
    [BUREAU, 'x'.repeat(2100), 400],
  ] as Array<[Claims, string, number]>)('GET /imports/{id} %#', async (claims, id, status) => {
    const { call } = await setup();
    const res = await call('GET', `/imports/${id}`, claims);
    expect(res.status).toBe(status);
  });
});

describe('pendingImport', () => {
  it('every answer to a signed-in caller names the unfinished import (body and header)', async () => {
    const store = await seededStore();
    await store.createImport(importRecord('imp-run', 'uploads/jinyinhu/x.xlsx', 'applying'));
    const { call } = await setup(store);
    for (const url of ['/units', `/enterprises/${KEYS.changqing}`, '/enterprises/nope']) {
      const res = await call('GET', url, unitClaims('changqing'));
      expect(res.json.pendingImport).toEqual({ id: 'imp-run', startedAt: expect.any(String) });
      expect(res.res.headers?.['x-lkg-pending-import']).toContain('imp-run');
    }
    const anonymous = await call('GET', '/units', null);
    expect(anonymous.json.pendingImport).toBeUndefined();
  });

  it('no pendingImport when every import finished', async () => {
    const { call } = await setup();
    const res = await call('GET', '/units', BUREAU);
    expect(res.json.pendingImport).toBeUndefined();
  });
});

describe('POST /assess', () => {
  it('one record → its assignment with clause texts, nothing stored', async () => {
    const store = await seededStore();
    const before = JSON.stringify(store.table.snapshot());
    const { call } = await setup(store);
    const res = await call('POST', '/assess', unitClaims('jinyinhu'), {
      month: '2026-10',
      record: {
        key: '91420112MA4NEW0001',
        name: '新企业',
        street: 'baiquan',
        recruiter: 'jidian',
        stage: 'built',
      },
    });
    expect(res.status).toBe(200);
    expect(res.json.assignment).toMatchObject({ service: 'baiquan', decidedBy: '3.1.transferred' });
    expect(Object.keys(res.json.clauseTexts).sort()).toEqual([...res.json.assignment.clauses].sort());
    expect(JSON.stringify(store.table.snapshot())).toBe(before);
  });

  it('records → assignments in order; default month is the latest stored', async () => {
    const { call } = await setup();
    const res = await call('POST', '/assess', BUREAU, {
      records: [
        { projectCode: 'A1', name: '甲', street: 'jinyinhu', stage: 'built' },
        {
          projectCode: 'A2',
          name: '乙',
          street: '慈惠街道',
          zone: '中小企业城',
          recruiter: '机电办',
          stage: '在建',
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.json.month).toBe(LATEST);
    expect(res.json.assignments.map((a: { decidedBy: string }) => a.decidedBy)).toEqual([
      '2.street',
      '3.1.sme-city',
    ]);
  });

  it.each([
    ['京东方产业链 (a known form)', '京东方产业链', 'jidian', '3.1.key', []],
    [
      '天马 (no policy in force lists it): assessed by the other clauses, with a warning',
      '天马',
      'jinghe',
      '2.street',
      ['W_KEY_PROJECT_UNLISTED'],
    ],
  ])('重大项目 %s', async (_name, keyProject, service, decidedBy, codes) => {
    const { call } = await setup();
    const res = await call('POST', '/assess', BUREAU, {
      month: '2026-10',
      record: { projectCode: 'A1', name: '甲', street: 'jinghe', stage: 'built', keyProject },
    });
    expect(res.status).toBe(200);
    expect(res.json.assignment).toMatchObject({ service, decidedBy });
    expect(res.json.findings.map((f: { code: string }) => f.code)).toEqual(codes);
  });

  it.each([
    ['neither record nor records', {}],
    ['both', { record: {}, records: [{}] }],
    ['records empty', { records: [] }],
    ['records over 1000', { records: Array.from({ length: 1001 }, () => ({})) }],
    ['a bad month', { month: '2026-1', record: {} }],
    [
      'a month before the policy',
      { month: '2019-01', record: { projectCode: 'A1', name: '甲', street: 'jinyinhu', stage: 'built' } },
    ],
    ['record not an object', { record: 'x' }],
    ['an invalid record', { record: { name: '甲', street: 42 } }],
  ])('%s → 400 problem+json in Chinese', async (_name, body) => {
    const { call } = await setup();
    const res = await call('POST', '/assess', BUREAU, body);
    expect(res.status).toBe(400);
    expect(res.type).toContain('problem+json');
    expect(res.json.detail).toMatch(/[\u4e00-\u9fff]/);
  });

  it('an invalid record lists its findings', async () => {
    const { call } = await setup();
    const res = await call('POST', '/assess', BUREAU, {
      records: [{ projectCode: 'A1', name: '甲', street: 'jinyinhu', stage: 'built' }, { name: '乙' }],
    });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('INVALID_RECORD');
    expect(res.json.findings.map((f: { index: number; code: string }) => [f.index, f.code])).toEqual([
      [1, 'E_KEY_MISSING'],
      [1, 'E_STAGE_UNKNOWN'],
      [1, 'E_STREET_MISSING'],
    ]);
    expect(res.json.findings[0].message).toMatch(/项目编号/);
    expect(res.json.detail).toContain('第2条');
  });

  it.each([
    ['malformed JSON', '{"record":', 'application/json', 400],
    ['no content type', '{}', undefined, 415],
  ])('%s → %s', async (_name, body, type, status) => {
    const { api } = await setup();
    const event = apiEvent('POST', '/assess', BUREAU, body);
    event.headers = type ? { 'content-type': type } : {};
    const res = await api(event, context);
    expect(res.statusCode).toBe(status);
    expect(JSON.parse(res.body as string).detail).toMatch(/JSON/);
  });
});

describe('summaries and publishing', () => {
  it.each([
    ['GET', '/summaries/2026-10', BUREAU, 200],
    ['GET', '/summaries/2026-10', unitClaims('changqing'), 404],
    ['GET', '/summaries/2026-10/units/changqing', unitClaims('changqing'), 200],
    ['GET', '/summaries/2026-10/units/changqing', unitClaims('jinyinhu'), 404],
    ['GET', '/summaries/2026-10/units/changqing', BUREAU, 200],
    ['GET', '/summaries/2026-10/units/changqing/workbook', unitClaims('changqing'), 200],
    ['GET', '/summaries/2026-10/units/changqing/workbook', unitClaims('jidian'), 404],
    ['GET', '/summaries/2026-10/workbook', BUREAU, 200],
    ['GET', '/summaries/2026-10/workbook', unitClaims('changqing'), 404],
    ['GET', '/summaries/2026-1/workbook', BUREAU, 400],
    ['POST', '/summaries/2026-10/publish?force=true', BUREAU, 200],
    ['POST', '/summaries/2026-10/publish', unitClaims('changqing'), 404],
  ] as Array<[string, string, Claims, number]>)('%s %s %# → %s', async (method, url, claims, status) => {
    const { call } = await setup();
    const res = await call(method, url, claims);
    expect(res.status).toBe(status);
  });

  it('a unit summary holds that unit only and says whether it was published', async () => {
    const store = await seededStore();
    const { call } = await setup(store);
    const res = await call('GET', '/summaries/2026-10/units/changqing', unitClaims('changqing'));
    expect(res.json).toMatchObject({ unit: 'changqing', carried: 1, publication: { publishedAt: null } });
    expect(res.res.body).not.toContain(NAMES.jinyinhu);
    const doc = await fakeSummaries(store).document('2026-10');
    await store.saveSummary('2026-10', doc, '2026-11-10T01:00:00Z');
    const after = await call('GET', '/summaries/2026-10', BUREAU);
    expect(after.json.publication).toEqual({
      publishedAt: '2026-11-10T01:00:00Z',
      changedSincePublished: false,
    });
  });

  it('a workbook is an xlsx attachment (base64 for API Gateway)', async () => {
    const { call } = await setup();
    const res = await call('GET', '/summaries/2026-10/units/changqing/workbook', BUREAU);
    expect(res.res.isBase64Encoded).toBe(true);
    expect(res.type).toContain('spreadsheetml');
    expect(Buffer.from(res.res.body as string, 'base64').toString()).toBe('PK-fake-2026-10-changqing');
    expect(res.res.headers?.['content-disposition']).toContain("filename*=UTF-8''");
  });

  it('publish passes month and force to the publisher', async () => {
    const { call, published } = await setup();
    await call('POST', '/summaries/2026-09/publish?force=true', BUREAU);
    await call('POST', '/summaries/2026-10/publish', BUREAU);
    expect(published).toEqual([
      { month: '2026-09', force: true },
      { month: '2026-10', force: false },
    ]);
  });

  it('without a publisher the route answers 503', async () => {
    const { call } = await setup(undefined, { publish: undefined });
    const res = await call('POST', '/summaries/2026-10/publish', BUREAU);
    expect(res.status).toBe(503);
  });
});

describe('errors', () => {
  it('an unknown route is a Chinese 404 problem', async () => {
    const { call } = await setup();
    const res = await call('GET', '/nothing', BUREAU);
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ code: 'ROUTE_NOT_FOUND', status: 404 });
    expect(res.json.type).toMatch(/^urn:/);
  });

  it('a server error shows a generic detail, never the cause', async () => {
    const store = await seededStore();
    store.latestMonth = async () => {
      throw new Error('ResourceNotFoundException: secret table lkg-prod');
    };
    const errors: unknown[] = [];
    const { call } = await setup(store, {
      logger: { info: () => {}, warn: () => {}, error: (...a) => errors.push(a) },
    });
    const res = await call('GET', '/units', BUREAU);
    expect(res.status).toBe(500);
    expect(res.json.code).toBe('INTERNAL');
    expect(res.res.body).not.toContain('lkg-prod');
    expect(errors).toHaveLength(1);
  });

  it('CORS: only known origins on authenticated routes, any on /health; errors carry the same headers', async () => {
    const known = 'https://lkg.example.gov.cn';
    const { api } = await setup(undefined, { allowedOrigins: [known] });
    const headersOf = async (url: string, claims: Claims, origin?: string) => {
      const event = apiEvent('GET', url, claims);
      if (origin) event.headers = { ...event.headers, origin };
      const res = await api(event, context);
      return { status: res.statusCode, headers: res.headers ?? {} };
    };
    const ok = await headersOf('/units', BUREAU, known);
    expect(ok.headers['access-control-allow-origin']).toBe(known);
    expect(ok.headers['access-control-expose-headers']).toContain('x-lkg-pending-import');
    expect(ok.headers.vary).toBe('origin');
    const denied = await headersOf('/units', null, known);
    expect(denied.status).toBe(401);
    const notFound = await headersOf('/units/nowhere/enterprises', BUREAU, known);
    expect(notFound.status).toBe(404);
    for (const answer of [denied, notFound]) {
      expect(Object.keys(answer.headers).sort()).toEqual(Object.keys(ok.headers).sort());
      expect(answer.headers['access-control-allow-origin']).toBe(known);
    }
    const stranger = await headersOf('/units', BUREAU, 'https://evil.example');
    expect(stranger.status).toBe(200);
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
    expect((await headersOf('/units', BUREAU)).headers['access-control-allow-origin']).toBeUndefined();
    expect(
      (await headersOf('/health', null, 'https://evil.example')).headers['access-control-allow-origin'],
    ).toBe('*');
  });
});

describe('API Gateway stage', () => {
  it('a named stage in the path is stripped before routing', async () => {
    const { api } = await setup();
    const event = apiEvent('GET', '/prod/units', BUREAU);
    (event.requestContext as { stage: string }).stage = 'prod';
    const res = await api(event, context);
    expect(res.statusCode).toBe(200);
  });
});

describe('summaries and publishing with the real computation (memory store)', () => {
  async function real() {
    const store = await seededStore();
    const sent: string[] = [];
    const publishDeps = {
      store,
      mailer: {
        send: async (m: { subject: string }) => {
          sent.push(m.subject);
          return `msg-${sent.length}`;
        },
      },
      clock,
      sender: 'lkg@example.gov.cn',
      bureauEmail: 'bureau@example.gov.cn',
      workbooks: { write: () => new Uint8Array([0x50, 0x4b]) },
    };
    const { publishMonth } = await import('#functions/publish/handler');
    const { storeSummaries } = await import('#functions/api/summaries');
    const ctx = await setup(store, {
      summaries: storeSummaries(store, () => ({ bytes: new Uint8Array([0x50, 0x4b]), filename: 'x.xlsx' })),
      publish: (request) => publishMonth(publishDeps, request),
    });
    return { ...ctx, sent };
  }

  it('the overview has a row per serving unit; a street’s summary is its row', async () => {
    const { call } = await real();
    const overview = await call('GET', '/summaries/2026-10', BUREAU);
    expect(overview.status).toBe(200);
    expect(overview.json.units).toHaveLength(18);
    expect(overview.json.publication).toEqual({ publishedAt: null, changedSincePublished: null });
    // the district's ranking, computed in the domain (the same as the overview e-mail's)
    expect(overview.json.ranking.revenue.ranks).toHaveLength(18);
    expect(['completion', 'ytd']).toContain(overview.json.ranking.revenue.basis.street);
    expect(['completion', 'ytd']).toContain(overview.json.ranking.revenue.basis.office);
    const own = await call('GET', '/summaries/2026-10/units/changqing', unitClaims('changqing'));
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({ unit: 'changqing', month: '2026-10' });
    expect(own.json.units).toBeUndefined();
    expect(own.res.body).not.toContain(NAMES.jinyinhu);
  });

  it('publishing sends the overview, then says the figures are unchanged', async () => {
    const { call, sent } = await real();
    const res = await call('POST', '/summaries/2026-10/publish', BUREAU);
    expect(res.status).toBe(200);
    expect(sent.some((s) => s.includes('全区'))).toBe(true);
    const after = await call('GET', '/summaries/2026-10', BUREAU);
    expect(after.json.publication).toMatchObject({
      publishedAt: expect.any(String),
      changedSincePublished: false,
    });
  });

  it('publishing while an import is unfinished is a 409 naming the import', async () => {
    const { call, store } = await real();
    await store.createImport(importRecord('imp-run', 'uploads/jinyinhu/x.xlsx', 'applying'));
    // Running: it holds the apply lease (an import a crash left applying does not block).
    await takeApplyLease(store as unknown as IngestStore, 'imp-run', clock.now(), 60_000);
    const res = await call('POST', '/summaries/2026-10/publish', BUREAU);
    expect(res.status).toBe(409);
    expect(res.json.detail).toContain('imp-run');
    expect(res.json.pendingImport).toMatchObject({ id: 'imp-run' });
  });
});
