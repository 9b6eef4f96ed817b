/**
 * The README's curl examples (README.md, between the api-examples markers) run against the
 * local HTTP server over the in-memory store seeded with the example register: with
 * /usr/bin/curl when it exists, and the same requests with fetch.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLocalToken } from '#adapters/jwt';
import { createMemoryStore } from '#adapters/memory-store';
import { type ApiServer, startApiServer } from '#infra/local/api-server';
import { EXAMPLE_RECORDS } from '../../cases/example-2026-10.ts';
import { examples, HAS_CURL, runExample } from './support/examples.ts';
import { fakeSummaries } from './support/fixtures.ts';

let server: ApiServer;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lkg-api-readme-'));
  const store = createMemoryStore();
  await store.seed({ register: EXAMPLE_RECORDS }, { eventTime: '2026-11-01T00:00:00Z' });
  server = await startApiServer({
    port: 0,
    env: {},
    secretFile: join(dir, 'jwt-secret'),
    deps: {
      store,
      clock: { now: () => new Date('2026-11-05T00:00:00Z') },
      summaries: fakeSummaries(store),
      cursorSecret: 'readme-examples-test',
    },
  });
  env = {
    LKG_BUREAU_TOKEN: await signLocalToken(server.secret, { unit: 'bureau' }),
    LKG_STREET_TOKEN: await signLocalToken(server.secret, { unit: 'changqing' }),
  };
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const ways = HAS_CURL ? (['curl', 'fetch'] as const) : (['fetch'] as const);

describe('README curl examples', () => {
  it('there are examples for the routes the README shows', () => {
    expect(examples().length).toBeGreaterThanOrEqual(8);
  });

  it.each(ways.flatMap((how) => examples().map((line) => [how, line] as const)))(
    '%s: %s',
    async (how, line) => {
      const res = await runExample(line, server.url, env, dir, how);
      expect(res.status).toBe(200);
      if (res.file) expect(res.file.length).toBeGreaterThan(0);
      else expect(JSON.parse(res.body).code).toBeUndefined();
    },
  );
});
