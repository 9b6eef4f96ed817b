/**
 * The route table (functions/api/route-table.ts) is the one list of routes: the router, API
 * Gateway's routes, the local server's open routes and docs/api.md's route list are derived
 * from it, and its route-wide rules hold on every route (cases generated from the table):
 * `HEAD` wherever `GET`, JSON only as `application/json` (415), a body over the route's limit
 * (413), path parameters over their maximum (400 naming them), one month rule (400), an object
 * key over S3's limit (400), `bureau` routes a 404 to a unit.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLocalToken } from '#adapters/jwt';
import {
  isOpenRequest,
  OBJECT_KEY_MAX_BYTES,
  PATH_PARAMETER_MAX,
  ROUTES,
  type RouteSpec,
  routeOf,
} from '#functions/api/route-table';
import { API_ROUTES } from '#infra/constructs/api';
import { type ApiServer, startApiServer } from '#infra/local/api-server';
import { routeListMarkdown } from '../../../scripts/api-routes-doc.ts';
import { fakeSummaries, KEYS, seededStore } from './support/fixtures.ts';

let server: ApiServer;
let dir: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lkg-route-table-'));
  const store = await seededStore();
  server = await startApiServer({
    port: 0,
    env: {},
    secretFile: join(dir, 'jwt-secret'),
    deps: {
      store,
      clock: { now: () => new Date('2026-11-05T00:00:00Z') },
      summaries: fakeSummaries(store),
      cursorSecret: 'route-table-cursor-secret',
    },
  });
  tokens.bureau = await signLocalToken(server.secret, { unit: 'bureau' });
  tokens.changqing = await signLocalToken(server.secret, { unit: 'changqing' });
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Sample values of each path parameter (valid in form; the record may not exist). */
const SAMPLE: Record<string, string> = {
  unit: 'changqing',
  key: KEYS.changqing,
  month: '2026-10',
  id: 'cc000000000000000000000000000001',
  name: 'new',
};

function pathOf(spec: RouteSpec, replace: Record<string, string> = {}): string {
  return spec.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(replace[name] ?? SAMPLE[name] ?? 'x'),
  );
}

async function call(
  method: string,
  path: string,
  options: { as?: string | null; body?: string; type?: string } = {},
): Promise<{ status: number; text: string; code: string | null; detail: string | null }> {
  const headers: Record<string, string> = {};
  const as = options.as === undefined ? 'bureau' : options.as;
  if (as) headers.authorization = `Bearer ${tokens[as]}`;
  if (options.type) headers['content-type'] = options.type;
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: options.body } : {}),
  });
  const text = await res.text();
  let code: string | null = null;
  let detail: string | null = null;
  if (text && (res.headers.get('content-type') ?? '').includes('problem+json')) {
    const problem = JSON.parse(text) as { code: string; detail: string };
    code = problem.code;
    detail = problem.detail;
  }
  return { status: res.status, text, code, detail };
}

const name = (spec: RouteSpec) => `${spec.method} ${spec.path}`;
const gets = ROUTES.filter((r) => r.method === 'GET');
const jsonRoutes = ROUTES.filter((r) => r.body === 'json');
const withParameters = ROUTES.flatMap((r) =>
  [...r.path.matchAll(/\{([^}]+)\}/g)].map((m) => ({ spec: r as RouteSpec, parameter: m[1] as string })),
);
const withMonth = ROUTES.filter((r) => r.path.includes('{month}'));

describe('one table: what is derived from it agrees with it', () => {
  it('API Gateway has a route for each route of the table, and HEAD for each GET', () => {
    expect(API_ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      [...ROUTES.map(name), ...gets.map((r) => `HEAD ${r.path}`)].sort(),
    );
    for (const r of API_ROUTES)
      expect(r.public ?? false, `${r.method} ${r.path}`).toBe(routeOf(r.method, r.path)?.access === 'public');
  });

  it('each route is one method and path, and each handler serves one route', () => {
    expect(new Set(ROUTES.map(name)).size).toBe(ROUTES.length);
    expect(new Set(ROUTES.map((r) => r.handler)).size).toBe(ROUTES.length);
  });

  it('the local server leaves open what API Gateway leaves open: OPTIONS and the public routes', () => {
    expect(isOpenRequest('GET', '/health')).toBe(true);
    expect(isOpenRequest('HEAD', '/health')).toBe(true);
    expect(isOpenRequest('OPTIONS', '/units')).toBe(true);
    for (const spec of ROUTES)
      expect(isOpenRequest(spec.method, pathOf(spec)), name(spec)).toBe(spec.access === 'public');
  });

  it("docs/api.md's route list is the table's", async () => {
    const doc = await readFile('docs/api.md', 'utf8');
    expect(doc).toContain(routeListMarkdown());
  });

  it.each(ROUTES.map((r) => [name(r), r] as const))(
    '%s is routed (never ROUTE_NOT_FOUND)',
    async (_n, spec) => {
      const res = await call(
        spec.method,
        pathOf(spec),
        spec.body === 'json' ? { body: '{}', type: 'application/json' } : {},
      );
      expect(res.code).not.toBe('ROUTE_NOT_FOUND');
      // 503: a port this test does not configure (publishing, the stored lists), still routed
      expect(res.status === 503 || res.status < 500, `${res.status} ${res.text}`).toBe(true);
    },
  );

  it.each(ROUTES.filter((r) => r.access !== 'public').map((r) => [name(r), r] as const))(
    '%s without a token → 401',
    async (_n, spec) => {
      expect((await call(spec.method, pathOf(spec), { as: null })).status).toBe(401);
    },
  );

  it.each(ROUTES.filter((r) => r.access === 'bureau').map((r) => [name(r), r] as const))(
    '%s (bureau) as a street → 404',
    async (_n, spec) => {
      const res = await call(spec.method, pathOf(spec), {
        as: 'changqing',
        ...(spec.body === 'json' ? { body: '{}', type: 'application/json' } : {}),
      });
      expect(res.status).toBe(404);
    },
  );
});

describe('route-wide rules, on every route of the table', () => {
  it.each(gets.map((r) => [name(r), r] as const))(
    'HEAD %s answers as GET, without a body',
    async (_n, spec) => {
      const get = await call('GET', pathOf(spec));
      const head = await call('HEAD', pathOf(spec));
      expect(head.status).toBe(get.status);
      expect(head.text).toBe('');
    },
  );

  it('HEAD /health needs no token', async () => {
    expect((await call('HEAD', '/health', { as: null })).status).toBe(200);
  });

  it.each(jsonRoutes.map((r) => [name(r), r] as const))(
    '%s: a JSON body sent as text/plain → 415',
    async (_n, spec) => {
      const res = await call(spec.method, pathOf(spec), { body: '{}', type: 'text/plain' });
      expect(res.status).toBe(415);
      expect(res.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(res.detail).toContain('application/json');
    },
  );

  it.each(jsonRoutes.map((r) => [name(r), r] as const))(
    '%s: a body one byte over its limit → 413 naming the limit',
    async (_n, spec) => {
      const limit = spec.bodyLimit ?? 0;
      const body = `{"x":"${'a'.repeat(limit - 7)}"}`;
      expect(Buffer.byteLength(body)).toBe(limit + 1);
      const res = await call(spec.method, pathOf(spec), { body, type: 'application/json' });
      expect(res.status).toBe(413);
      expect(res.code).toBe('PAYLOAD_TOO_LARGE');
      expect(res.detail).toMatch(/应不超过 \d+ (KB|MB)/);
    },
  );

  it.each(withParameters.map((p) => [name(p.spec), p.parameter, p.spec] as const))(
    '%s: {%s} one character over the maximum → 400 naming it',
    async (_n, parameter, spec) => {
      const long = 'K'.repeat(PATH_PARAMETER_MAX + 1);
      const res = await call(spec.method, pathOf(spec, { [parameter]: long }), {
        ...(spec.body === 'json' ? { body: '{}', type: 'application/json' } : {}),
      });
      expect(res.status).toBe(400);
      if (parameter !== 'month') {
        expect(res.code).toBe('PATH_PARAMETER_TOO_LONG');
        expect(res.detail).toContain(`应不超过 ${PATH_PARAMETER_MAX} 个字符`);
      }
    },
  );

  it.each(withMonth.flatMap((r) => ['2100-01', '9999-12', '2026-13'].map((m) => [name(r), m, r] as const)))(
    '%s with month %s → 400',
    async (_n, month, spec) => {
      const res = await call(spec.method, pathOf(spec, { month }));
      expect(res.status).toBe(400);
      expect(res.detail).toMatch(/月份/);
    },
  );

  it.each(gets.map((r) => [name(r), r] as const))(
    '%s?month=2100-01 → 400 (the one upper bound)',
    async (_n, spec) => {
      if (spec.access === 'public') return;
      const res = await call('GET', `${pathOf(spec)}?month=2100-01`);
      expect(res.status).toBe(400);
    },
  );

  it('GET /imports?key= over S3’s 1,024 bytes → 400 naming the limit', async () => {
    const res = await call(
      'GET',
      `/imports?key=${encodeURIComponent(`uploads/changqing/${'长'.repeat(400)}`)}`,
    );
    expect(res.status).toBe(400);
    expect(res.detail).toContain(`应不超过 ${OBJECT_KEY_MAX_BYTES} 字节`);
  });
});
