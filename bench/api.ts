/**
 * Bench of the HTTP API on the local stack (npm run bench:api).
 *
 * 20,000 enterprises (override: LKG_BENCH_ENTERPRISES) loaded through the DynamoDB store
 * adapter into dynalite (emulators in-process), the API handler behind the local HTTP server
 * on loopback, then a bounded autocannon load with a fixed duration against three routes:
 * a unit's listing (one page of 100), an enterprise's detail, a name search. For the listing,
 * the same page read with bare DynamoDB Query calls (the very inputs the store sent, captured
 * by an SDK middleware) under the same concurrency and duration gives the ratio
 * API / bare Query on the same machine in the same run.
 *
 * Options (env): LKG_BENCH_ENTERPRISES (20000), LKG_BENCH_SECONDS (10), LKG_BENCH_CONNECTIONS (8).
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
// @ts-expect-error autocannon ships no type declarations (the shapes used are typed below).
import autocannonModule from 'autocannon';
import { documentClient } from '#adapters/aws-clients';
import { createDynamoDbStore } from '#adapters/dynamodb-store';
import { signLocalToken } from '#adapters/jwt';
import type { RegisterRecord } from '#domain/types';
import { STREET_IDS, type StreetId } from '#domain/units';
import { createApiHandler } from '#functions/api/handler';
import { storeSummaries } from '#functions/api/summaries';
import { startApiServer } from '#infra/local/api-server';
import { startEmulators } from '#infra/local/emulators';
import { mix } from '../test/support/mix.ts';

const N = Number(process.env.LKG_BENCH_ENTERPRISES ?? 20_000);
const SECONDS = Number(process.env.LKG_BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.LKG_BENCH_CONNECTIONS ?? 8);
const MONTH = '2026-10';

const PLACES = '吴家山柏泉将军路慈惠走马岭径河长青辛安渡东山金银湖临空港常青新沟'.split('');
const WORDS = [
  '智能',
  '精密',
  '新材',
  '光电',
  '生物',
  '医药',
  '食品',
  '物流',
  '电子',
  '科技',
  '环保',
  '航空',
  '汽车',
  '数据',
];
const KINDS = ['制造', '装备', '贸易', '服务', '科技', '包装', '仓储', '材料'];
const RECRUITERS = [null, null, null, 'jidian', 'gaoxin', 'shipin', 'linkong', 'zongbao', 'xiandai'] as const;

/** A deterministic pseudo-random enterprise i (USCC-like key, a Chinese name, a street). */
function enterprise(i: number): RegisterRecord {
  const key = `91420112MA${String(i).padStart(8, '0')}`;
  const pick = <T>(list: readonly T[], salt: number): T => list[mix(i, salt) % list.length] as T;
  const name = `武汉${pick(PLACES, 1)}${pick(PLACES, 2)}${pick(WORDS, 3)}${pick(KINDS, 4)}有限公司`;
  return {
    key,
    uscc: key,
    projectCode: null,
    name,
    stage: i % 10 === 0 ? 'building' : 'built',
    recruiter: pick(RECRUITERS, 5),
    street: STREET_IDS[i % STREET_IDS.length] as StreetId,
    statStreet: null,
    zone: null,
    keyProject: null,
    movement: null,
    originStreet: null,
    aboveScale: i % 3 === 0,
    category: null,
    completedOn: null,
    month: MONTH,
    note: null,
  };
}

interface AutocannonResult {
  latency: { p50: number; p99: number };
  requests: { average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = autocannonModule as Autocannon;

interface Figures {
  p50: number;
  p99: number;
  rps: number;
  errors: number;
}

async function load(url: string, token: string, paths: string[]): Promise<Figures> {
  let next = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { authorization: `Bearer ${token}` },
    requests: [
      {
        setupRequest: (request: { path: string }) => {
          request.path = paths[next++ % paths.length] as string;
          return request;
        },
      },
    ],
  });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    errors: result.non2xx + result.errors + result.timeouts,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lkg-bench-api-'));
  const emulators = await startEmulators({
    ports: { dynamodb: 0, s3: 0, ses: 0 },
    s3Directory: join(dir, 's3'),
  });
  const captured: QueryCommandInput[] = [];
  let capturing = false;
  const client = documentClient(emulators.env);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (capturing && context.commandName === 'QueryCommand')
        captured.push(structuredClone(args.input as QueryCommandInput));
      return next(args);
    },
    { step: 'initialize', name: 'captureQueries' },
  );
  const store = createDynamoDbStore({ tableName: emulators.tableName, client });

  console.log(`载入 ${N} 家企业（经 DynamoDB 存储适配器写入 dynalite）……`);
  const started = Date.now();
  for (let from = 0; from < N; from += 5000) {
    const register = Array.from({ length: Math.min(5000, N - from) }, (_, j) => enterprise(from + j));
    await store.seed({ register }, { eventTime: '2026-11-01T00:00:00Z', importId: `bench-${from}` });
  }
  const loadSeconds = (Date.now() - started) / 1000;
  console.log(
    `载入完成：${loadSeconds.toFixed(1)} 秒，写入 ${store.writeStats.items} 项（${store.writeStats.requests} 次请求）。`,
  );

  const api = createApiHandler({
    store,
    clock: { now: () => new Date() },
    summaries: storeSummaries(store),
    cursorSecret: randomBytes(32).toString('base64url'),
  });
  const server = await startApiServer({
    port: 0,
    host: '127.0.0.1',
    env: emulators.env,
    handler: api,
    secretFile: join(dir, 'jwt-secret'),
  });
  const url = server.url.replace('localhost', '127.0.0.1');
  const unitToken = await signLocalToken(server.secret, { unit: 'changqing' });
  const bureauToken = await signLocalToken(server.secret, { unit: 'bureau' });

  // The pages and keys the load uses.
  capturing = true;
  const page = await store.listByUnit('changqing', 'service', MONTH, { limit: 100 });
  capturing = false;
  const listingQueries = [...captured];
  const detailKeys = page.items.map((i) => i.key);
  const fragments = ['长青', '智能', '光电', '金银', '物流', '精密'];

  const listing = await load(url, unitToken, ['/units/changqing/enterprises?role=service&limit=100']);
  const detail = await load(
    url,
    unitToken,
    detailKeys.map((k) => `/enterprises/${k}`),
  );
  const search = await load(
    url,
    bureauToken,
    fragments.map((q) => `/enterprises?q=${encodeURIComponent(q)}&limit=20`),
  );

  // The same page with bare Query calls: same concurrency, same duration.
  const durations: number[] = [];
  const deadline = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < deadline) {
        const t = process.hrtime.bigint();
        for (const input of listingQueries) await client.send(new QueryCommand(input));
        durations.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  durations.sort((a, b) => a - b);
  const bare: Figures = {
    p50: percentile(durations, 50),
    p99: percentile(durations, 99),
    rps: durations.length / SECONDS,
    errors: 0,
  };

  const row = (name: string, f: Figures) =>
    `| ${name} | ${f.p50.toFixed(1)} | ${f.p99.toFixed(1)} | ${f.rps.toFixed(0)} | ${f.errors} |`;
  console.log('');
  console.log(
    `机器：${cpus().length} 核 ${cpus()[0]?.model ?? ''}，Node ${process.version}；${N} 家企业；每条路由 ${SECONDS} 秒，${CONNECTIONS} 个并发连接（仅回环地址）。`,
  );
  console.log('| 路由 | p50 (ms) | p99 (ms) | 请求/秒 | 非 2xx/错误 |');
  console.log('|---|---|---|---|---|');
  console.log(row(`GET /units/changqing/enterprises（一页 ${page.items.length} 家）`, listing));
  console.log(row(`GET /enterprises/{key}（${detailKeys.length} 个企业轮换）`, detail));
  console.log(row(`GET /enterprises?q=（${fragments.length} 个两字片段轮换）`, search));
  console.log(row(`同一页的裸 DynamoDB Query（${listingQueries.length} 次 Query）`, bare));
  console.log('');
  console.log(
    `企业清单 API / 裸 Query：p50 ${(listing.p50 / bare.p50).toFixed(2)} 倍，p99 ${(listing.p99 / bare.p99).toFixed(2)} 倍。`,
  );

  await server.close();
  await emulators.stop();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(`bench:api 失败：${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
