/**
 * every probe a regression test, through the local HTTP server (real token
 * checks) over the in-memory store: keys, import ids, months and cursors answer 400, a token
 * without `exp` 401, a 401 carries the headers of every other answer, CORS only for known
 * origins.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, signLocalToken } from '#adapters/jwt';
import { cursorCodec } from '#functions/api/cursor';
import { type ApiServer, startApiServer } from '#infra/local/api-server';
import { isLoopbackHost } from '#infra/local/console';
import { fakeSummaries, seededStore } from './support/fixtures.ts';

const KNOWN = 'https://lkg.example.gov.cn';
let server: ApiServer;
let dir: string;
let bureau: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lkg-api-hardening-'));
  const store = await seededStore();
  server = await startApiServer({
    port: 0,
    env: { LKG_ALLOWED_ORIGINS: KNOWN },
    secretFile: join(dir, 'jwt-secret'),
    deps: {
      store,
      clock: { now: () => new Date('2026-11-05T00:00:00Z') },
      summaries: fakeSummaries(store),
      cursorSecret: 'hardening-cursor-secret',
      allowedOrigins: [KNOWN],
    },
  });
  bureau = await signLocalToken(server.secret, { unit: 'bureau' });
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function get(url: string, token: string | null, origin?: string) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (origin) headers.origin = origin;
  const res = await fetch(`${server.url}${url}`, { headers });
  const text = await res.text();
  const answerHeaders: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!['date', 'connection', 'keep-alive', 'content-length'].includes(name)) answerHeaders[name] = value;
  });
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: answerHeaders };
}

describe('input that should be 400 is 400 (never 500)', () => {
  const forged = `${Buffer.from(JSON.stringify({ c: 'x', s: 'imports:bureau' })).toString('base64url')}.AAAAAAAAAAAAAAAAAAAAAA`;
  const unsigned = Buffer.from(JSON.stringify({ c: 'x', s: 'imports:bureau' })).toString('base64url');
  const otherSecret = cursorCodec('another-secret').encode('x', 'imports:bureau') as string;
  const probes: Array<[string, string, string]> = [
    ['a 2,100-byte enterprise key', `/enterprises/${'K'.repeat(2100)}`, 'PATH_PARAMETER_TOO_LONG'],
    ['a 2,100-byte import id', `/imports/${'a'.repeat(2100)}`, 'PATH_PARAMETER_TOO_LONG'],
    ['month 9999-12 (enterprise)', '/enterprises/91420112MA83G07L8M?month=9999-12', 'INVALID_REQUEST'],
    ['month 9999-12 (listing)', '/units/changqing/enterprises?month=9999-12', 'INVALID_REQUEST'],
    ['month 9999-12 (summary path)', '/summaries/9999-12', 'INVALID_REQUEST'],
    ['month 2100-01', '/summaries/2100-01/units/changqing', 'INVALID_REQUEST'],
    [
      'month 2020-03 (before the policy)',
      '/units/changqing/enterprises?month=2020-03',
      'POLICY_NOT_IN_FORCE',
    ],
    ['a forged cursor', `/imports?cursor=${forged}`, 'VALIDATION'],
    ['an unsigned cursor', `/imports?cursor=${unsigned}`, 'VALIDATION'],
    ['a cursor signed with another secret', `/imports?cursor=${otherSecret}`, 'VALIDATION'],
    ['a 5,000-character cursor', `/imports?cursor=${'A'.repeat(5000)}`, 'VALIDATION'],
  ];
  it.each(probes)('%s → 400', async (_name, url, code) => {
    const res = await get(url, bureau);
    if (code === 'ROUTE_NOT_FOUND') {
      expect(res.status).toBe(404);
      return;
    }
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
    expect(res.body.detail).toMatch(/[\u4e00-\u9fff]/);
  });

  it('the boundary months 2020-04 and 2099-12 are accepted', async () => {
    expect((await get('/units/changqing/enterprises?month=2020-04', bureau)).status).toBe(200);
    expect((await get('/units/changqing/enterprises?month=2099-12', bureau)).status).toBe(200);
  });
});

describe('local tokens and the 401', () => {
  it('a token without exp is refused (401), with a message saying why', async () => {
    const noExp = await new SignJWT({ 'custom:unit': 'bureau', 'custom:role': 'bureau', token_use: 'id' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt()
      .sign(server.secret);
    const res = await get('/units', noExp);
    expect(res.status).toBe(401);
    expect(res.body.detail).toContain('有效期（exp）');
  });

  it('a 401 carries the same headers as other answers to the same request', async () => {
    const ok = await get('/units', bureau, KNOWN);
    const notFound = await get('/units/nowhere/enterprises', bureau, KNOWN);
    const missing = await get('/units', null, KNOWN);
    const badToken = await get('/units', 'not-a-token', KNOWN);
    expect([ok.status, notFound.status, missing.status, badToken.status]).toEqual([200, 404, 401, 401]);
    const names = (h: Record<string, string>) => Object.keys(h).sort();
    expect(names(missing.headers)).toEqual(names(notFound.headers));
    expect(names(badToken.headers)).toEqual(names(notFound.headers));
    for (const answer of [notFound, missing, badToken]) {
      expect(answer.headers['access-control-allow-origin']).toBe(KNOWN);
      expect(answer.headers.vary).toBe('origin');
      expect(answer.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    }
    expect(ok.headers['access-control-allow-origin']).toBe(KNOWN);
  });

  it('an unknown origin gets no CORS headers on authenticated routes, 401 or not', async () => {
    for (const answer of [
      await get('/units', bureau, 'https://evil.example'),
      await get('/units', null, 'https://evil.example'),
    ]) {
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('the local server keeps its cursor secret in the data directory when none is given', async () => {
    const local = await startApiServer({
      port: 0,
      env: { LKG_TABLE_NAME: 'unused' },
      secretFile: join(dir, 'data', 'jwt-secret'),
    });
    try {
      expect(
        (await readFile(join(dir, 'data', 'cursor-secret'), 'utf8')).trim().length,
      ).toBeGreaterThanOrEqual(32);
    } finally {
      await local.close();
    }
  });
});

describe('POST /local/token answers only requests to a loopback name (no DNS rebinding)', () => {
  it.each([
    ['localhost', true],
    ['localhost:3000', true],
    ['LOCALHOST:3000', true],
    ['127.0.0.1', true],
    ['127.0.0.1:3000', true],
    ['127.255.1.2:8080', true],
    ['[::1]', true],
    ['[::1]:3000', true],
    ['[::ffff:127.0.0.1]:3000', true],
    ['evil.example', false],
    ['evil.example:3000', false],
    ['localhost.evil.example', false],
    ['127.0.0.1.nip.io', false],
    ['128.0.0.1', false],
    ['127.0.0.256', false],
    ['10.0.0.5:3000', false],
    ['0.0.0.0:3000', false],
    ['[::2]:3000', false],
    ['localhost:99999', false],
    ['', false],
    [undefined, false],
  ])('Host %s → %s', (host, ok) => {
    expect(isLoopbackHost(host)).toBe(ok);
  });

  function post(url: string, host: string): Promise<{ status: number; body: Record<string, unknown> }> {
    return new Promise((resolve, reject) => {
      const req = request(
        `${url}/local/token`,
        { method: 'POST', headers: { host, 'content-type': 'application/json' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ unit: 'bureau' }));
    });
  }

  it.each([
    ['localhost:3000', 200],
    ['127.0.0.1', 200],
    ['[::1]:3000', 200],
    ['attacker.example:3000', 403],
    ['192.168.1.10:3000', 403],
  ])('Host %s → %i', async (host, status) => {
    const local = await startApiServer({
      port: 0,
      env: { LKG_TABLE_NAME: 'unused' },
      secretFile: join(dir, 'console', 'jwt-secret'),
      console: { distDir: null },
    });
    try {
      const answer = await post(local.url, host);
      expect(answer.status).toBe(status);
      if (status === 200) expect(typeof answer.body.token).toBe('string');
      else {
        expect(answer.body.token).toBeUndefined();
        expect(answer.body.detail).toMatch(/本地登录只接受发往本机回环地址的请求/);
      }
    } finally {
      await local.close();
    }
  });
});
