/**
 * The HTTP API end to end on the emulators: the example workbook imported by the real ingest
 * handler (s3rver → DynamoDB on dynalite), then the local HTTP server (real token checks)
 * with the handler built from the environment, as `npm start` runs it. Also: the README's curl
 * examples against this stack, and no route issuing a Scan.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#adapters/aws-clients';
import { createDynamoDbStore } from '#adapters/dynamodb-store';
import { signLocalToken } from '#adapters/jwt';
import { S3Objects, s3Client } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import type { Assignment } from '#domain/types';
import { createApiHandler } from '#functions/api/handler';
import { storeSummaries } from '#functions/api/summaries';
import { createIngestHandler } from '#functions/ingest/handler';
import { type ApiServer, startApiServer } from '#infra/local/api-server';
import { examples, runExample } from '../functions/api/support/examples.ts';
import { apiEvent, BUREAU, context, unitClaims } from '../functions/api/support/fixtures.ts';
import { startEmulators, type TestEmulators } from '../support/emulators.ts';
import { expectedAssignments, s3Event } from '../support/ingest.ts';
import { exampleBytes, exampleSheets, type Rows, workbookBytes } from '../support/workbooks.ts';

/** The example names every unit's enterprises: the bureau uploads it. */
const UPLOAD = 'uploads/bureau/2026-10-示例台账.xlsx';
/** 长青街's own upload: its contacts sheet (the example's 长青街 row), which it may change. */
const STREET_UPLOAD = 'uploads/changqing/2026-10-联系人.xlsx';
const MONTH = '2026-10';

let emulators: TestEmulators;
let server: ApiServer;
let dir: string;
let expected: Map<string, Assignment>;
const tokens: Record<string, string> = {};
/** Every DynamoDB command the no-Scan client sent. */
const commands: string[] = [];

/** A DocumentClient that fails on Scan (and records every command name). */
function noScanClient(env: Record<string, string>): DynamoDBDocumentClient {
  const client = documentClient(env);
  client.middlewareStack.add(
    (next, ctx) => async (args) => {
      const name = ctx.commandName ?? '';
      commands.push(name);
      if (/^Scan/.test(name)) throw new Error(`a Scan was issued: ${name}`);
      return next(args);
    },
    { step: 'initialize', name: 'failOnScan' },
  );
  return client;
}

beforeAll(async () => {
  emulators = await startEmulators();
  dir = await mkdtemp(join(tmpdir(), 'lkg-api-it-'));
  const store = createDynamoDbStore({ tableName: emulators.tableName, client: noScanClient(emulators.env) });
  const objects = new S3Objects(s3Client(emulators.env));
  const bytes = exampleBytes();
  await objects.put(emulators.bucket, UPLOAD, bytes, 'application/octet-stream');
  const ingest = createIngestHandler({
    store,
    objects,
    clock: { now: () => new Date('2026-11-02T02:00:00Z') },
    workbooks: sheetJsWorkbooks,
  });
  const [outcome] = await ingest(s3Event(UPLOAD, { bucket: emulators.bucket }));
  expect(outcome?.status).toBe('applied');
  const contacts = (exampleSheets().get('单位联系人') as Rows).filter(
    (row, i) => i === 0 || row[0] === '长青街',
  );
  await objects.put(emulators.bucket, STREET_UPLOAD, workbookBytes({ 单位联系人: contacts }), 'x');
  const [own] = await ingest(
    s3Event(STREET_UPLOAD, { bucket: emulators.bucket, eventTime: '2026-10-21T00:00:00Z', sequencer: '02' }),
  );
  expect(own?.status).toBe('applied'); // the same contact, now from the street's own upload
  expected = await expectedAssignments(bytes, '2026-10-示例台账.xlsx', MONTH);
  server = await startApiServer({ port: 0, env: emulators.env, secretFile: join(dir, 'jwt-secret') });
  for (const unit of ['bureau', 'changqing', 'jinyinhu', 'jidian', 'cihui']) {
    tokens[unit] = await signLocalToken(server.secret, { unit });
  }
}, 120_000);

afterAll(async () => {
  await server?.close();
  await emulators?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function get(path: string, unit: string | null) {
  const res = await fetch(`${server.url}${path}`, {
    headers: unit ? { authorization: `Bearer ${tokens[unit]}` } : {},
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    text,
    json: text.startsWith('{') ? JSON.parse(text) : null,
  };
}

function keysWhere(test: (a: Assignment) => boolean): string[] {
  return [...expected.values()]
    .filter(test)
    .map((a) => a.key)
    .sort();
}

describe('the API on the emulators (handler from the environment)', () => {
  it('GET /health', async () => {
    expect((await get('/health', null)).json).toEqual({ status: 'ok' });
  });

  it('GET /units: the bureau sees every unit’s counts, a street its own', async () => {
    const bureau = await get('/units', 'bureau');
    expect(bureau.status).toBe(200);
    expect(bureau.json.month).toBe(MONTH);
    const changqing = bureau.json.items.find((u: { id: string }) => u.id === 'changqing');
    expect(changqing.counts.service).toBe(keysWhere((a) => a.service === 'changqing').length);
    const street = await get('/units', 'changqing');
    expect(
      street.json.items.filter((u: { counts?: unknown }) => u.counts).map((u: { id: string }) => u.id),
    ).toEqual(['changqing']);
  });

  it.each([
    ['changqing', 'service'],
    ['changqing', 'safety'],
    ['jidian', 'indicators'],
    ['cihui', 'service'],
  ] as const)('GET /units/%s/enterprises?role=%s lists exactly the assessed ones', async (unit, role) => {
    const res = await get(`/units/${unit}/enterprises?role=${role}&limit=100`, unit);
    expect(res.status).toBe(200);
    expect(res.json.items.map((i: { key: string }) => i.key).sort()).toEqual(
      keysWhere((a) => a[role] === unit),
    );
    for (const item of res.json.items) expect(item.assignment).toEqual(expected.get(item.key));
  });

  it('pages of 2 walk the whole list with opaque cursors', async () => {
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/units/changqing/enterprises?role=safety&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await get(q, 'changqing');
      expect(res.json.items.length).toBeLessThanOrEqual(2);
      all.push(...res.json.items.map((i: { key: string }) => i.key));
      cursor = res.json.cursor;
    } while (cursor);
    expect(all.sort()).toEqual(keysWhere((a) => a.safety === 'changqing'));
  });

  it('GET /enterprises/{key}: the bureau and the serving unit see it, another unit gets 404', async () => {
    const key = '91420112MA83G07L8M';
    const bureau = await get(`/enterprises/${key}`, 'bureau');
    expect(bureau.status).toBe(200);
    expect(bureau.json.assignment).toEqual(expected.get(key));
    expect(Object.keys(bureau.json.clauseTexts).sort()).toEqual([...bureau.json.assignment.clauses].sort());
    expect(bureau.json.record).toMatchObject({ key, street: 'cihui', keyProject: 'boe' });
    expect((await get(`/enterprises/${key}`, 'jidian')).status).toBe(200);
    expect((await get(`/enterprises/${key}`, 'cihui')).status).toBe(200);
    const other = await get(`/enterprises/${key}`, 'changqing');
    expect(other.status).toBe(404);
    expect(other.text).not.toContain(bureau.json.record.name);
  });

  it('GET /enterprises?q=临空: the bureau finds every name with it; a street only its own', async () => {
    const withFragment = [...expected.values()].filter(
      (a) => a.name.includes('临空') && a.status === 'active',
    );
    const bureau = await get(`/enterprises?q=${encodeURIComponent('临空')}&limit=100`, 'bureau');
    expect(bureau.json.items.map((i: { key: string }) => i.key).sort()).toEqual(
      [...expected.values()]
        .filter((a) => a.name.includes('临空'))
        .map((a) => a.key)
        .sort(),
    );
    const street = await get(`/enterprises?q=${encodeURIComponent('临空')}&limit=100`, 'changqing');
    const own = withFragment.filter((a) =>
      [a.service, a.indicators, a.cooperating, a.safety].includes('changqing'),
    );
    expect(street.json.items.map((i: { key: string }) => i.key).sort()).toEqual(own.map((a) => a.key).sort());
    for (const a of withFragment.filter((x) => !own.includes(x))) expect(street.text).not.toContain(a.name);
  });

  it('GET /imports: the uploading street and the bureau see the import, another street does not', async () => {
    const bureau = await get('/imports', 'bureau');
    expect(bureau.json.items.map((i: { objectKey: string }) => i.objectKey).sort()).toEqual(
      [STREET_UPLOAD, UPLOAD].sort(),
    );
    const own = bureau.json.items.find((i: { objectKey: string }) => i.objectKey === STREET_UPLOAD);
    const theBureaus = bureau.json.items.find((i: { objectKey: string }) => i.objectKey === UPLOAD);
    expect(theBureaus).toMatchObject({ status: 'applied' });
    expect((await get('/imports', 'changqing')).json.items.map((i: { id: string }) => i.id)).toEqual([
      own.id,
    ]);
    expect((await get('/imports', 'jinyinhu')).json.items).toHaveLength(0);
    expect((await get(`/imports/${own.id}`, 'changqing')).status).toBe(200);
    expect((await get(`/imports/${own.id}`, 'jinyinhu')).status).toBe(404);
    expect((await get(`/imports/${theBureaus.id}`, 'changqing')).status).toBe(404);
  });

  it('POST /assess answers without storing', async () => {
    const before = await get('/units', 'bureau');
    const res = await fetch(`${server.url}/assess`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.jinyinhu}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        record: {
          projectCode: 'XM-NEW-1',
          name: '新项目',
          stage: '在建',
          recruiter: '临空办',
          street: '柏泉街',
        },
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { month: string; assignment: Assignment };
    expect(body.month).toBe(MONTH);
    expect(body.assignment).toMatchObject({ service: 'linkong', decidedBy: '3.2.in-cluster' });
    expect((await get('/units', 'bureau')).json).toEqual(before.json);
  });
});

describe('README curl examples on the emulator stack', () => {
  it.each(examples())('%s', async (line) => {
    const env = { LKG_BUREAU_TOKEN: tokens.bureau as string, LKG_STREET_TOKEN: tokens.changqing as string };
    const res = await runExample(line, server.url, env, dir);
    expect(res.status).toBe(200);
    if (res.file) {
      // An xlsx is a zip: PK.
      expect(Buffer.from(res.file.subarray(0, 2)).toString('latin1')).toBe('PK');
    } else {
      expect(JSON.parse(res.body).code).toBeUndefined();
    }
  });
});

describe('no Scan on any route', () => {
  it('every route through a client that fails on Scan', async () => {
    const store = createDynamoDbStore({
      tableName: emulators.tableName,
      client: noScanClient(emulators.env),
    });
    const api = createApiHandler({
      store,
      clock: { now: () => new Date() },
      summaries: storeSummaries(store),
      cursorSecret: 'api-integration-test',
    });
    commands.length = 0;
    const calls: Array<[string, string, Record<string, string>, unknown?]> = [
      ['GET', '/units', BUREAU as Record<string, string>],
      ['GET', '/units/changqing/enterprises?role=service', unitClaims('changqing') as Record<string, string>],
      ['GET', '/enterprises/91420112MA83G07L8M', BUREAU as Record<string, string>],
      [
        'GET',
        `/enterprises?q=${encodeURIComponent('临空')}`,
        unitClaims('changqing') as Record<string, string>,
      ],
      ['GET', '/summaries/2026-10', BUREAU as Record<string, string>],
      ['GET', '/summaries/2026-10/units/changqing', unitClaims('changqing') as Record<string, string>],
      ['GET', '/imports', unitClaims('changqing') as Record<string, string>],
    ];
    for (const [method, url, claims] of calls) {
      const res = await api(apiEvent(method, url, claims), context);
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(200);
    }
    expect(commands.length).toBeGreaterThan(0);
    expect(commands.filter((c) => /Scan/.test(c))).toEqual([]);
  });
});
