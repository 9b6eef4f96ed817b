/**
 * Name search: 2,000 enterprises (LKG_SEARCH_ENTERPRISES to change; 50,000 is `npm run
 * bench:search`) loaded through
 * the DynamoDB store adapter into dynalite, searched through the API handler by Chinese
 * fragments of 2–4 characters. Every page is walked and the union compared with the names
 * that contain the fragment; a street sees only its own. The DynamoDB client fails on any
 * Scan: the answers come from the store's name index (the record heads in the sparse `gsi3`,
 * docs/storage.md), by Query. The register import writes at most 10 items per new enterprise
 *, its uploaded rows included.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#adapters/aws-clients';
import { createDynamoDbStore } from '#adapters/dynamodb-store';
import type { RegisterRecord } from '#domain/types';
import type { StreetId } from '#domain/units';
import { type ApiHandler, createApiHandler } from '#functions/api/handler';
import { apiEvent, BUREAU, type Claims, context, unitClaims } from '../functions/api/support/fixtures.ts';
import { startEmulators, type TestEmulators } from '../support/emulators.ts';
import { enterprise } from '../support/search-enterprises.ts';

const N = Number(process.env.LKG_SEARCH_ENTERPRISES ?? 2_000);
let emulators: TestEmulators;
let api: ApiHandler;
const all: RegisterRecord[] = [];
const commands: string[] = [];
let itemsWritten = 0;

function noScanClient(env: Record<string, string>): DynamoDBDocumentClient {
  const client = documentClient(env);
  client.middlewareStack.add(
    (next, ctx) => async (args) => {
      const name = ctx.commandName ?? '';
      commands.push(name);
      if (name === 'BatchWriteCommand') {
        const requests = (args.input as { RequestItems?: Record<string, unknown[]> }).RequestItems ?? {};
        for (const list of Object.values(requests)) itemsWritten += list.length;
      }
      if (/^Scan/.test(name)) throw new Error(`a Scan was issued: ${name}`);
      return next(args);
    },
    { step: 'initialize', name: 'failOnScan' },
  );
  return client;
}

beforeAll(async () => {
  emulators = await startEmulators();
  const store = createDynamoDbStore({ tableName: emulators.tableName, client: noScanClient(emulators.env) });
  for (let from = 0; from < N; from += 5000) {
    const register = Array.from({ length: Math.min(5000, N - from) }, (_, j) => enterprise(from + j));
    all.push(...register);
    await store.seed({ register }, { eventTime: '2026-11-01T00:00:00Z', importId: `scale-${from}` });
  }
  api = createApiHandler({ store, clock: { now: () => new Date() }, cursorSecret: 'api-search-test' });
}, 1_800_000);

afterAll(async () => {
  await emulators?.stop();
});

/** Every key the search answers, walking every page. */
async function searchAll(
  q: string,
  claims: Claims,
  byName = true,
): Promise<{ keys: string[]; pages: number }> {
  const keys: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const url: string = `/enterprises?q=${encodeURIComponent(q)}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await api(apiEvent('GET', url, claims), context);
    expect(res.statusCode, res.body).toBe(200);
    const body = JSON.parse(res.body as string) as {
      items: { key: string; name: string }[];
      cursor: string | null;
    };
    expect(body.items.length).toBeLessThanOrEqual(100);
    if (byName) for (const item of body.items) expect(item.name).toContain(q);
    keys.push(...body.items.map((i) => i.key));
    cursor = body.cursor;
    pages++;
  } while (cursor);
  return { keys: keys.sort(), pages };
}

const expectedKeys = (q: string, street?: StreetId) =>
  all
    .filter((r) => r.name.includes(q) && (!street || r.street === street))
    .map((r) => r.key)
    .sort();

describe(`name search over ${N} enterprises without a Scan`, () => {
  it('the store holds them all', () => {
    expect(all).toHaveLength(N);
  });

  it('the register import wrote at most 10 items per new enterprise', () => {
    // Uploaded row, version, head (also the name entry), service, indicators and safety entries.
    expect(itemsWritten / N).toBeLessThanOrEqual(10);
  });

  it.each(['星辰航空', '智能装备', '光电', '长青', '电子包装', '无此企业'])(
    'the bureau searching “%s” gets exactly the names that contain it',
    async (q) => {
      commands.length = 0;
      const { keys } = await searchAll(q, BUREAU);
      expect(keys).toEqual(expectedKeys(q));
      // Not vacuous: every fragment but the made-up one has hits (at 2,000 enterprises and more).
      if (N >= 2000) expect(keys.length > 0).toBe(q !== '无此企业');
      expect(commands.filter((c) => /Scan/.test(c))).toEqual([]);
      expect(commands).toContain('QueryCommand');
    },
  );

  it.each([
    ['changqing', '智能装备'],
    ['jinyinhu', '星辰航空'],
    ['cihui', '医药'],
  ] as const)('the street %s searching “%s” gets only its own', async (street, q) => {
    const { keys } = await searchAll(q, unitClaims(street));
    expect(keys).toEqual(expectedKeys(q, street));
    if (N >= 2000) expect(keys.length).toBeGreaterThan(0);
  });

  it('a key finds its enterprise', async () => {
    const target = all[12_345 % N] as RegisterRecord;
    const { keys } = await searchAll(target.key, BUREAU, false);
    expect(keys).toEqual([target.key]);
  });
});
