/**
 * Name search at scale (npm run bench:search; moved it here from CI, where
 * test/integration/api-search.test.ts runs 2,000 enterprises).
 *
 * N enterprises (LKG_BENCH_ENTERPRISES, default 50,000) are loaded through the DynamoDB store
 * adapter into dynalite; every fragment is searched through the API handler by the bureau and
 * by a street, every page walked, and the union compared with the names that hold the
 * fragment (a street: only its own). Reported: items written per enterprise (BatchWriteItem
 * items ÷ N), the load time, and each search's time (all pages). Fails on any Scan.
 *
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { documentClient } from '#adapters/aws-clients';
import { createDynamoDbStore } from '#adapters/dynamodb-store';
import type { RegisterRecord } from '#domain/types';
import type { StreetId } from '#domain/units';
import { createApiHandler } from '#functions/api/handler';
import { startEmulators } from '#infra/local/emulators';
import {
  apiEvent,
  BUREAU,
  type Claims,
  context,
  unitClaims,
} from '../test/functions/api/support/fixtures.ts';
import { enterprise } from '../test/support/search-enterprises.ts';

const N = Number(process.env.LKG_BENCH_ENTERPRISES ?? 50_000);
async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lkg-bench-search-'));
  const emulators = await startEmulators({
    ports: { dynamodb: 0, s3: 0, ses: 0 },
    s3Directory: join(dir, 's3'),
  });
  let itemsWritten = 0;
  const client = documentClient(emulators.env);
  client.middlewareStack.add(
    (next, ctx) => async (args) => {
      const name = ctx.commandName ?? '';
      if (/^Scan/.test(name)) throw new Error(`a Scan was issued: ${name}`);
      if (name === 'BatchWriteCommand') {
        const requests = (args.input as { RequestItems?: Record<string, unknown[]> }).RequestItems ?? {};
        for (const list of Object.values(requests)) itemsWritten += list.length;
      }
      return next(args);
    },
    { step: 'initialize', name: 'countWrites' },
  );
  const store = createDynamoDbStore({ tableName: emulators.tableName, client });
  try {
    const all: RegisterRecord[] = [];
    const started = performance.now();
    for (let from = 0; from < N; from += 5000) {
      const register = Array.from({ length: Math.min(5000, N - from) }, (_, j) => enterprise(from + j));
      all.push(...register);
      await store.seed({ register }, { eventTime: '2026-11-01T00:00:00Z', importId: `scale-${from}` });
    }
    const loadSeconds = (performance.now() - started) / 1000;
    const api = createApiHandler({ store, clock: { now: () => new Date() }, cursorSecret: 'bench-search' });
    const searchAll = async (q: string, claims: Claims): Promise<string[]> => {
      const keys: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/enterprises?q=${encodeURIComponent(q)}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const res = await api(apiEvent('GET', url, claims), context);
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
        const body = JSON.parse(res.body as string) as { items: { key: string }[]; cursor: string | null };
        keys.push(...body.items.map((i) => i.key));
        cursor = body.cursor;
      } while (cursor);
      return keys.sort();
    };
    const rows: string[] = [];
    const cases: Array<[string, StreetId | null]> = [
      ['星辰航空', null],
      ['智能装备', null],
      ['光电', null],
      ['长青', null],
      ['无此企业', null],
      ['智能装备', 'changqing'],
      ['医药', 'cihui'],
    ];
    for (const [q, street] of cases) {
      const t = performance.now();
      const keys = await searchAll(q, street ? unitClaims(street) : BUREAU);
      const ms = performance.now() - t;
      const expected = all
        .filter((e) => e.name.includes(q) && (!street || e.street === street))
        .map((e) => e.key)
        .sort();
      if (JSON.stringify(keys) !== JSON.stringify(expected))
        throw new Error(`“${q}” (${street ?? 'bureau'}): wrong answer`);
      rows.push(`| ${q} | ${street ?? '区商务局'} | ${keys.length} | ${ms.toFixed(0)} |`);
    }
    console.log(
      `\n${N} 家企业：载入 ${loadSeconds.toFixed(1)} 秒；每家新企业写入 ${(itemsWritten / N).toFixed(2)} 项（BatchWriteItem 项数 ÷ 企业数）。`,
    );
    console.log('| 片段 | 查询者 | 命中 | 全部页面耗时 (ms) |\n|---|---|---|---|');
    for (const row of rows) console.log(row);
  } finally {
    client.destroy();
    await emulators.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
