/**
 * The authorization matrix: every route × {no token, bad signature, expired, the bureau, the
 * owning unit (changqing), another street (jinyinhu), another office (jidian)}, through the
 * local HTTP server (real token checks) over the in-memory store seeded with assessed records.
 * Every cell has its expected status, and no body names an enterprise the caller may not see.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnMappingsOf } from '#adapters/column-mapping-items';
import { coordinationOf } from '#adapters/coordination-items';
import { signLocalToken } from '#adapters/jwt';
import { MemoryObjects } from '#adapters/s3-objects';
import { rulesOf } from '#domain/decisions';
import { POLICIES, POLICY_2020_1_DATA } from '#domain/policy/index';
import { ROUTES } from '#functions/api/route-table';
import { writeCheck } from '#functions/ingest/check-job';
import { planPublication } from '#functions/publish/plan';
import { type ApiServer, startApiServer } from '#infra/local/api-server';
import { fakeSummaries, IMP_CQ, KEYS, NAMES, seededStore } from './support/fixtures.ts';

type CallerName = 'none' | 'badSignature' | 'expired' | 'bureau' | 'owner' | 'otherStreet' | 'otherOffice';
const CALLERS: CallerName[] = [
  'none',
  'badSignature',
  'expired',
  'bureau',
  'owner',
  'otherStreet',
  'otherOffice',
];

/** The names each caller may see in some answer (the rest must never appear). */
const VISIBLE: Record<CallerName, string[]> = {
  none: [],
  badSignature: [],
  expired: [],
  bureau: Object.values(NAMES),
  owner: [NAMES.changqing, NAMES.moved],
  otherStreet: [NAMES.jinyinhu],
  otherOffice: [NAMES.jidian],
};

interface Row {
  route: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  /** Statuses for bureau, owner, otherStreet, otherOffice (no/bad/expired token: always 401). */
  expected: [number, number, number, number];
  /** Optionally: items each signed-in caller gets (bureau, owner, otherStreet, otherOffice). */
  items?: [number, number, number, number];
}

const assessBody = {
  record: {
    key: '91420112MA4NEW0001',
    name: '新引进测试企业',
    street: 'baiquan',
    recruiter: 'jidian',
    stage: 'built',
  },
};

const DECISION_ID = 'd-20260910-matrix01';
const IMPACT_ID = 'i-20261101-matrix000001';

/** A check of the owner's (changqing), done: its file and its result in the bucket. */
const CHECK_FILE = 'checks/changqing/20261105080000-0a1b2c3d/台账.csv';
const CHECK_ID = 'c-changqing-20261105080000-0a1b2c3d-00aa11bb';
const objects = new MemoryObjects();

const MATRIX: Row[] = [
  { route: 'GET /units', method: 'GET', url: '/units', expected: [200, 200, 200, 200] },
  {
    route: 'GET /units/{unit}/enterprises',
    method: 'GET',
    url: '/units/changqing/enterprises?month=2026-09',
    expected: [200, 200, 404, 404],
    items: [2, 2, -1, -1],
  },
  {
    route: 'GET /enterprises/{key}',
    method: 'GET',
    url: `/enterprises/${KEYS.changqing}`,
    expected: [200, 200, 404, 404],
  },
  {
    route: 'GET /enterprises/{key} (earlier holder)',
    method: 'GET',
    url: `/enterprises/${KEYS.moved}`,
    expected: [200, 200, 404, 404],
  },
  {
    route: 'GET /enterprises/{key}?month= after it left',
    method: 'GET',
    url: `/enterprises/${KEYS.moved}?month=2026-10`,
    expected: [200, 404, 404, 404],
  },
  {
    route: 'GET /enterprises?q=',
    method: 'GET',
    url: `/enterprises?q=${encodeURIComponent('长青精密')}`,
    expected: [200, 200, 200, 200],
    items: [1, 1, 0, 0],
  },
  {
    route: 'GET /enterprises?q= (fragment of every name)',
    method: 'GET',
    url: `/enterprises?q=${encodeURIComponent('有限公司')}`,
    expected: [200, 200, 200, 200],
    items: [4, 1, 1, 1],
  },
  {
    route: 'GET /summaries/{month}',
    method: 'GET',
    url: '/summaries/2026-10',
    expected: [200, 404, 404, 404],
  },
  {
    route: 'GET /summaries/{month}/units/{unit}',
    method: 'GET',
    url: '/summaries/2026-10/units/changqing',
    expected: [200, 200, 404, 404],
  },
  {
    route: 'GET /summaries/{month}/units/{unit}/workbook',
    method: 'GET',
    url: '/summaries/2026-10/units/changqing/workbook',
    expected: [200, 200, 404, 404],
  },
  {
    route: 'GET /summaries/{month}/units/{unit}/lists/{name}',
    method: 'GET',
    url: '/summaries/2026-10/units/changqing/lists/notReported',
    expected: [200, 200, 404, 404],
  },
  {
    route: 'GET /summaries/{month}/workbook',
    method: 'GET',
    url: '/summaries/2026-10/workbook',
    expected: [200, 404, 404, 404],
  },
  {
    route: 'GET /imports',
    method: 'GET',
    url: '/imports',
    expected: [200, 200, 200, 200],
    items: [2, 1, 1, 0],
  },
  { route: 'GET /imports/{id}', method: 'GET', url: `/imports/${IMP_CQ}`, expected: [200, 200, 404, 404] },
  { route: 'POST /assess', method: 'POST', url: '/assess', body: assessBody, expected: [200, 200, 200, 200] },
  {
    route: 'POST /summaries/{month}/publish',
    method: 'POST',
    url: '/summaries/2026-10/publish?force=true',
    expected: [200, 404, 404, 404],
  },
  // issue "Coordination": reads first (the writes below change what they list)
  {
    route: 'GET /decisions',
    method: 'GET',
    url: '/decisions',
    expected: [200, 200, 200, 200],
    items: [1, 1, 0, 0],
  },
  {
    route: 'GET /decisions (another unit)',
    method: 'GET',
    url: '/decisions?unit=changqing',
    expected: [200, 200, 404, 404],
  },
  {
    route: 'GET /transfers',
    method: 'GET',
    url: '/transfers?month=2026-10',
    expected: [200, 200, 200, 200],
    items: [1, 1, 0, 0],
  },
  {
    route: 'POST /decisions',
    method: 'POST',
    url: '/decisions',
    body: {
      keys: [KEYS.jinyinhu],
      from: '2026-10',
      service: '金银湖街',
      reason: '专班核实：实际经营地在金银湖街',
      documentNo: '武临开专〔2026〕9号',
    },
    expected: [201, 404, 404, 404],
  },
  {
    route: 'POST /decisions/{id}/end',
    method: 'POST',
    url: `/decisions/${DECISION_ID}/end`,
    body: { from: '2026-11', reason: '情况变化', documentNo: '武临开专〔2026〕10号' },
    expected: [200, 404, 404, 404],
  },
  {
    route: 'POST /transfers/{id}/confirm',
    method: 'POST',
    url: `/transfers/${encodeURIComponent(`${KEYS.moved}#2026-10`)}/confirm`,
    body: {},
    expected: [404, 200, 404, 404],
  },
  {
    route: 'POST /transfers/{id}/object',
    method: 'POST',
    url: `/transfers/${encodeURIComponent(`${KEYS.moved}#2026-10`)}/object`,
    body: { reason: '企业仍在长青街经营' },
    expected: [404, 200, 404, 404],
  },
  {
    route: 'POST /transfers/{id}/settle',
    method: 'POST',
    url: `/transfers/${encodeURIComponent(`${KEYS.moved}#2026-10`)}/settle`,
    body: { reason: '经专班核实，已搬迁至走马岭街' },
    expected: [200, 404, 404, 404],
  },
  {
    route: 'POST /impact',
    method: 'POST',
    url: '/impact',
    body: {
      policy: { ...POLICY_2020_1_DATA, id: 'draft-matrix', effectiveFrom: '2026-10-01', notice: null },
      month: '2026-10',
    },
    expected: [202, 404, 404, 404],
  },
  { route: 'GET /impact/{id}', method: 'GET', url: `/impact/${IMPACT_ID}`, expected: [200, 404, 404, 404] },
  // the web console's routes (functions/api/console-routes.ts)
  {
    route: 'POST /uploads',
    method: 'POST',
    url: '/uploads',
    body: { fileName: '台账.xlsx', size: 1000 },
    expected: [201, 201, 201, 201],
  },
  {
    route: 'GET /imports?key=',
    method: 'GET',
    url: `/imports?key=${encodeURIComponent(`uploads/changqing/2026-10-${NAMES.changqing}台账.xlsx`)}`,
    expected: [200, 200, 404, 404],
  },
  {
    route: 'GET /imports/{id}/report',
    method: 'GET',
    url: `/imports/${IMP_CQ}/report`,
    expected: [200, 200, 404, 404],
  },
  { route: 'GET /template', method: 'GET', url: '/template', expected: [200, 200, 200, 200] },
  // the console's check before uploading (functions/api/check-routes.ts): only the caller's own checks/<unit>/
  {
    route: 'POST /checks/uploads',
    method: 'POST',
    url: '/checks/uploads',
    body: { fileName: '台账.xlsx', size: 1000 },
    expected: [201, 201, 201, 201],
  },
  {
    route: 'POST /checks',
    method: 'POST',
    url: '/checks',
    body: { key: CHECK_FILE },
    expected: [404, 202, 404, 404],
  },
  { route: 'GET /checks/{id}', method: 'GET', url: `/checks/${CHECK_ID}`, expected: [404, 200, 404, 404] },
  {
    route: 'POST /checks/{id}/import',
    method: 'POST',
    url: `/checks/${CHECK_ID}/import`,
    body: {},
    expected: [404, 201, 404, 404],
  },
  // a unit's column mappings (functions/api/mapping-routes.ts): the unit manages its own, the
  // bureau sees and removes any (one is seeded for changqing)
  {
    route: 'GET /units/{unit}/column-mappings',
    method: 'GET',
    url: '/units/changqing/column-mappings',
    expected: [200, 200, 404, 404],
    items: [1, 1, -1, -1],
  },
  {
    route: 'PUT /units/{unit}/column-mappings',
    method: 'PUT',
    url: '/units/changqing/column-mappings',
    body: { kind: 'register', header: '企业地址（街道）', column: '所在街道' },
    expected: [404, 200, 404, 404],
  },
  {
    // the bureau (asked first) removes it, so the owner finds it gone (the owner removing its
    // own: test/functions/api/column-mappings.test.ts)
    route: 'DELETE /units/{unit}/column-mappings',
    method: 'DELETE',
    url: `/units/changqing/column-mappings?kind=register&header=${encodeURIComponent('属地')}`,
    expected: [204, 404, 404, 404],
  },
  {
    route: 'POST /summaries/{month}/publish?dryRun=true',
    method: 'POST',
    url: '/summaries/2026-10/publish?dryRun=true',
    expected: [200, 404, 404, 404],
  },
];

let server: ApiServer;
let dir: string;
const tokens: Partial<Record<CallerName, string>> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lkg-api-matrix-'));
  const store = await seededStore();
  // A decision about the owner's enterprise (the rules' units kept): the bureau and the owner see it.
  const coordination = coordinationOf(store)!;
  await coordination.decisions.record({
    id: DECISION_ID,
    keys: [KEYS.changqing],
    from: '2026-09',
    service: 'changqing',
    indicators: null,
    reason: '专班确认由长青街服务',
    documentNo: '武临开专〔2026〕2号',
    recordedBy: { subject: 'local:bureau', unit: 'bureau' },
    recordedAt: '2026-09-10T00:00:00.000Z',
  });
  await coordination.impactJobs.create(
    {
      id: IMPACT_ID,
      status: 'running',
      draft: { id: 'draft-matrix', docNumber: '征求意见稿' },
      month: '2026-10',
      requestedBy: { subject: 'local:bureau', unit: 'bureau' },
      requestedAt: '2026-11-01T00:00:00.000Z',
      finishedAt: null,
      error: null,
    },
    {},
  );
  await coordination.reproject(
    [KEYS.changqing],
    rulesOf(POLICIES, await coordination.decisions.all()),
    `decision:${DECISION_ID}`,
  );
  await columnMappingsOf(store)!.save('changqing', {
    kind: 'register',
    header: '属地',
    column: '所在街道',
    savedAt: '2026-11-01T00:00:00.000Z',
    savedBy: 'local:changqing',
  });
  await objects.put('lkg-local', CHECK_FILE, '统一社会信用代码\r\n', 'text/csv');
  await writeCheck(objects, 'lkg-local', {
    id: CHECK_ID,
    unit: 'changqing',
    key: CHECK_FILE,
    status: 'done',
    requestedAt: '2026-11-05T00:00:00.000Z',
    finishedAt: '2026-11-05T00:00:01.000Z',
    error: null,
    verdict: 'unchanged',
    findings: [],
    changes: null,
  });
  server = await startApiServer({
    port: 0,
    env: {},
    secretFile: join(dir, 'jwt-secret'),
    deps: {
      store,
      clock: { now: () => new Date('2026-11-05T00:00:00Z') },
      summaries: { ...fakeSummaries(store), listPage: async () => ({ items: [], next: null, total: 0 }) },
      publish: async () => ({ sent: 0 }),
      cursorSecret: 'matrix',
      uploads: {
        bucket: 'lkg-local',
        presign: async (r) => ({ url: `http://s3.local/${r.key}`, headers: {} }),
      },
      checks: {
        bucket: 'lkg-local',
        objects,
        presign: async (r) => ({ url: `http://s3.local/${r.key}`, headers: {} }),
        queue: async () => {},
      },
      publishPlan: async (month) => planPublication({ store, bureauEmail: 'swj@example.com' }, month, false),
    },
  });
  const foreign = new TextEncoder().encode('another-secret-another-secret-another-secret');
  const past = Math.floor(Date.now() / 1000) - 3600;
  tokens.badSignature = await signLocalToken(foreign, { unit: 'bureau' });
  tokens.expired = await signLocalToken(server.secret, {
    unit: 'bureau',
    issuedAt: past - 60,
    expiresIn: past,
  });
  tokens.bureau = await signLocalToken(server.secret, { unit: 'bureau' });
  tokens.owner = await signLocalToken(server.secret, { unit: 'changqing' });
  tokens.otherStreet = await signLocalToken(server.secret, { unit: 'jinyinhu' });
  tokens.otherOffice = await signLocalToken(server.secret, { unit: 'jidian' });
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function request(row: Pick<Row, 'method' | 'url' | 'body'>, caller: CallerName) {
  const headers: Record<string, string> = {};
  const token = tokens[caller];
  if (token) headers.authorization = `Bearer ${token}`;
  if (row.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.url}${row.url}`, {
    method: row.method,
    headers,
    ...(row.body !== undefined ? { body: JSON.stringify(row.body) } : {}),
  });
  const buffer = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: buffer.toString('utf8') };
}

const cells = MATRIX.flatMap((row) =>
  CALLERS.map((caller) => {
    const index = CALLERS.indexOf(caller) - 3;
    const status = index < 0 ? 401 : row.expected[index as 0 | 1 | 2 | 3];
    const items = index < 0 ? undefined : row.items?.[index as 0 | 1 | 2 | 3];
    return { row, caller, status, items };
  }),
);

describe('authorization matrix (local HTTP server, real token checks)', () => {
  it.each(cells.map((c) => [c.row.route, c.caller, c.status, c] as const))(
    '%s as %s → %s',
    async (_route, caller, status, cell) => {
      const res = await request(cell.row, caller);
      expect(res.status).toBe(status);
      if (status >= 400) {
        expect(res.type).toContain('application/problem+json');
        const problem = JSON.parse(res.text);
        expect(problem).toMatchObject({
          status,
          code: expect.any(String),
          type: expect.any(String),
          title: expect.any(String),
        });
        expect(problem.detail).toMatch(/[\u4e00-\u9fff]/);
      }
      if (cell.items !== undefined && cell.items >= 0)
        expect(JSON.parse(res.text).items).toHaveLength(cell.items);
      for (const name of Object.values(NAMES)) {
        if (!VISIBLE[caller].includes(name))
          expect(res.text, `${caller} must not see ${name}`).not.toContain(name);
      }
    },
  );

  it.each(CALLERS)('GET /health as %s → 200 (no authorizer on the health route)', async (caller) => {
    const res = await request({ method: 'GET', url: '/health' }, caller);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ status: 'ok' });
  });

  it.each([
    ['a malformed token', 'Bearer not.a.jwt'],
    ['another scheme', `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['an empty bearer', 'Bearer '],
  ])('%s → 401', async (_name, authorization) => {
    const res = await fetch(`${server.url}/units`, { headers: { authorization } });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('a signed token with an invalid unit/role pair → 401 from the handler', async () => {
    const { signRawToken } = await import('#adapters/jwt');
    const token = await signRawToken(server.secret, { 'custom:unit': 'changqing', 'custom:role': 'bureau' });
    const res = await fetch(`${server.url}/units`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { detail: string }).detail).toContain('custom:role');
  });

  it('every route of the route table is in the matrix', () => {
    const routes = new Set(MATRIX.map((m) => m.route.replace(/ \(.*\)$/, '').replace(/\?.*$/, '')));
    // GET /health: its own case above (every caller, no token)
    const guarded = ROUTES.filter((r) => r.access !== 'public');
    expect([...routes].sort()).toEqual(guarded.map((r) => `${r.method} ${r.path}`).sort());
  });
});
