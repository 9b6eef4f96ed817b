/**
 * Bench of a month's summaries on the local store (npm run bench:summary).
 *
 * N enterprises (LKG_BENCH_ENTERPRISES, default 20,000) with 24 months of indicators
 * (2024-11..2026-10, four indicators each) are loaded into dynalite through the DynamoDB
 * store adapter (register through `seed`, indicator items through `applyPlan` directly, to
 * save time). Then 2026-10's summaries for every unit and the district are computed the way
 * the publish function and the API do (`loadSummaries`: Query only), LKG_BENCH_RUNS times
 * (default 3). Reported: the time to read, the time to compute, and the number of read
 * requests by kind (an SDK middleware counts them).
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
// @ts-expect-error autocannon ships no type declarations (the shapes used are typed where it is called).
import autocannonModule from 'autocannon';
import { documentClient } from '#adapters/aws-clients';
import { createDynamoDbStore } from '#adapters/dynamodb-store';
import { signLocalToken } from '#adapters/jwt';
import { rulesOf } from '#domain/decisions';
import { monthRange } from '#domain/months';
import { POLICIES } from '#domain/policy/index';
import { EVERY_MONTH, type MonthSummaries, monthsNeeded, summarize } from '#domain/summaries';
import type { IndicatorRow, RegisterRecord, Stage } from '#domain/types';
import { OFFICE_IDS, STREET_IDS } from '#domain/units';
import { createApiHandler } from '#functions/api/handler';
import { storeSummaries } from '#functions/api/summaries';
import { loadSummaries, refreshSummaries } from '#functions/publish/summaries';
import { startApiServer } from '#infra/local/api-server';
import { startEmulators } from '#infra/local/emulators';

const N = Number(process.env.LKG_BENCH_ENTERPRISES ?? 20_000);
const RUNS = Number(process.env.LKG_BENCH_RUNS ?? 3);
const SECONDS = Number(process.env.LKG_BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.LKG_BENCH_CONNECTIONS ?? 8);
const autocannon = autocannonModule as (options: Record<string, unknown>) => Promise<unknown>;
const MONTH = '2026-10';
const MONTHS = monthRange('2024-11', MONTH);

function enterprise(i: number): RegisterRecord {
  const street = STREET_IDS[i % STREET_IDS.length]!;
  const office = i % 3 === 0 ? OFFICE_IDS[i % OFFICE_IDS.length]! : null;
  const stages: Stage[] = ['built', 'built', 'built', 'building', 'signed', 'new'];
  const key = `BENCH${String(i).padStart(8, '0')}`;
  return {
    key,
    uscc: null,
    projectCode: key,
    name: `武汉临空基准测试企业${i}有限公司`,
    stage: stages[i % stages.length]!,
    recruiter: office,
    street,
    statStreet: null,
    zone: null,
    keyProject: null,
    movement: null,
    originStreet: null,
    aboveScale: i % 4 === 0,
    category: null,
    completedOn: i % 50 === 0 ? '2026-03-15' : null,
    month: i % 10 === 0 ? '2026-01' : '2024-11',
    note: null,
  };
}

/** Deterministic values with up to 2 decimals (万元). */
function value(i: number, m: number, k: number): string {
  const cents = ((i * 7919 + m * 104729 + k * 1299709) % 500_000) + 100;
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lkg-bench-summary-'));
  const emulators = await startEmulators({
    ports: { dynamodb: 0, s3: 0, ses: 0 },
    s3Directory: join(dir, 's3'),
  });
  const counts = new Map<string, number>();
  let counting = false;
  const client = documentClient(emulators.env);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName);
      if (counting) counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countReads' },
  );
  const store = createDynamoDbStore({ tableName: emulators.tableName, client });
  try {
    console.log(`载入 ${N} 家企业、${MONTHS.length} 个月指标（经 DynamoDB 存储适配器写入 dynalite）……`);
    const started = Date.now();
    for (let from = 0; from < N; from += 5000) {
      const register = Array.from({ length: Math.min(5000, N - from) }, (_, j) => enterprise(from + j));
      // Versions of two months for one in ten records.
      const later = register
        .filter((r) => r.month === '2026-01')
        .map((r) => ({ ...r, month: '2024-11' as const }));
      await store.seed(
        { register: [...later, ...register] },
        { eventTime: '2026-11-01T00:00:00Z', importId: `bench-${from}` },
      );
    }
    for (let from = 0; from < N; from += 2000) {
      const indicators: IndicatorRow[] = [];
      for (let i = from; i < Math.min(N, from + 2000); i++) {
        const key = `BENCH${String(i).padStart(8, '0')}`;
        MONTHS.forEach((month, m) => {
          indicators.push({
            key,
            month,
            values: {
              output: value(i, m, 1),
              revenue: value(i, m, 2),
              tax: value(i, m, 3),
              fai: i % 5 ? null : value(i, m, 4),
            },
          });
        });
      }
      await store.seed(
        { indicators },
        { eventTime: '2026-11-01T00:00:01Z', importId: `bench-indicators-${from}` },
      );
    }
    await store.seed(
      { targets: STREET_IDS.map((unit) => ({ unit, year: 2026, values: { revenue: '1000000' } })) },
      { eventTime: '2026-11-01T00:00:01Z', importId: 'bench-targets' },
    );
    const loadSeconds = (Date.now() - started) / 1000;
    console.log(`载入完成：${loadSeconds.toFixed(1)} 秒，写入 ${store.writeStats.items} 项。`);

    const timings: { read: number; compute: number; total: number }[] = [];
    let last: MonthSummaries | null = null;
    for (let run = 0; run < RUNS; run++) {
      counts.clear();
      counting = true;
      const t0 = performance.now();
      // The same reads as loadSummaries, timed apart from the computation.
      const records: RegisterRecord[][] = [];
      const [, indicatorMonths, targets] = await Promise.all([
        (async () => {
          for await (const versions of store.allVersions()) records.push(versions.map((v) => v.record));
        })(),
        Promise.all(monthsNeeded(MONTH).map((m) => store.indicatorsByMonth(m))),
        store.targets(2026),
      ]);
      const t1 = performance.now();
      counting = false;
      last = summarize({
        month: MONTH,
        records,
        indicators: indicatorMonths.flat(),
        targets,
        rules: rulesOf(POLICIES),
      });
      const t2 = performance.now();
      timings.push({ read: (t1 - t0) / 1000, compute: (t2 - t1) / 1000, total: (t2 - t0) / 1000 });
    }
    // loadSummaries itself once more, for the record (same reads).
    const t3 = performance.now();
    const check = await loadSummaries(store, MONTH, rulesOf(POLICIES));
    const endToEnd = (performance.now() - t3) / 1000;
    if (JSON.stringify(check.document.total) !== JSON.stringify(last?.document.total))
      throw new Error('runs disagree');

    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const reads = [...counts.entries()].sort();
    const totalReads = reads.reduce((s, [, n]) => s + n, 0);
    const figures = {
      enterprises: N,
      indicatorRows: N * MONTHS.length,
      rowsRead: N * monthsNeeded(MONTH).length,
      readSeconds: median(timings.map((t) => t.read)),
      computeSeconds: median(timings.map((t) => t.compute)),
      totalSeconds: median(timings.map((t) => t.total)),
      loadSummariesSeconds: endToEnd,
      readRequests: Object.fromEntries(reads),
      readRequestsTotal: totalReads,
      cpu: cpus()[0]?.model ?? 'unknown',
      node: process.version,
    };
    console.log(`\n${MONTH} 全部单位月报（${N} 家企业，读取 ${figures.rowsRead} 条指标）：`);
    console.log(
      `  读取 ${figures.readSeconds.toFixed(2)} 秒（中位数，${RUNS} 次），计算 ${figures.computeSeconds.toFixed(2)} 秒，合计 ${figures.totalSeconds.toFixed(2)} 秒`,
    );
    console.log(`  读请求 ${totalReads} 次：${reads.map(([k, n]) => `${k} ${n}`).join('，')}`);
    console.log(
      `  全区承担指标企业 ${last?.document.total.carried}，营业收入本年累计 ${last?.document.total.indicators.revenue?.ytd}`,
    );
    console.log(`\nRESULT ${JSON.stringify(figures)}`);
    console.log(
      `\nSTORED ${JSON.stringify(
        await storedSummaries(store, emulators, client, counts, (on) => {
          if (on) counts.clear();
          counting = on;
        }),
      )}`,
    );
  } finally {
    client.destroy();
    await emulators.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The stored summaries: the time to refresh every month, then to refresh
 * after one month's indicators change (2026-03: itself and the later months of 2026), and
 * `GET /summaries/2026-10/units/changqing` through the API on loopback beside a bare GetItem
 * of the same stored item, same concurrency and duration (then the route again once the
 * month is published), with the DynamoDB requests per answer and the load average.
 */
async function storedSummaries(
  store: ReturnType<typeof createDynamoDbStore>,
  emulators: Awaited<ReturnType<typeof startEmulators>>,
  client: ReturnType<typeof documentClient>,
  counts: Map<string, number>,
  count: (on: boolean) => void,
): Promise<Record<string, unknown>> {
  let t = performance.now();
  // Seeded data made no import, so the window is told the indicator months (as an import's change would).
  const all = await refreshSummaries(store, { ...EVERY_MONTH, indicatorMonths: MONTHS }, rulesOf(POLICIES));
  const refreshAllSeconds = (performance.now() - t) / 1000;
  // One month's indicator import: every enterprise's 2026-03 revenue changes.
  const march = (await store.indicatorsByMonth('2026-03')).map((r) => ({
    ...r,
    values: { ...r.values, revenue: value(Number(r.key.slice(5)), 99, 2) },
  }));
  await store.seed({ indicators: march }, { eventTime: '2026-11-02T00:00:00Z', importId: 'bench-march' });
  t = performance.now();
  const one = await refreshSummaries(
    store,
    { register: false, indicatorMonths: ['2026-03'], targetYears: [] },
    rulesOf(POLICIES),
  );
  const refreshOneMonthSeconds = (performance.now() - t) / 1000;
  const stored = await store.computedSummaries(MONTH, true);
  const full = await loadSummaries(store, MONTH, rulesOf(POLICIES));
  if (JSON.stringify(stored?.summaries) !== JSON.stringify(full))
    throw new Error('stored ≠ full recomputation');

  const dir = mkdtempSync(join(tmpdir(), 'lkg-bench-summary-api-'));
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
  try {
    const url = server.url.replace('localhost', '127.0.0.1');
    const token = await signLocalToken(server.secret, { unit: 'changqing' });
    const path = `/summaries/${MONTH}/units/changqing`;
    /** The route under load: latency, and the DynamoDB requests it sent per answer. */
    const route = async () => {
      const before = loadavg()[0];
      count(true);
      const result = (await autocannon({
        url: `${url}${path}`,
        connections: CONNECTIONS,
        duration: SECONDS,
        headers: { authorization: `Bearer ${token}` },
      })) as {
        latency: { p50: number; p99: number };
        non2xx: number;
        errors: number;
        requests: { average: number; total: number };
      };
      count(false);
      const perRequest = Object.fromEntries(
        [...counts].map(([name, n]) => [
          name,
          Math.round((n / Math.max(1, result.requests.total)) * 100) / 100,
        ]),
      );
      return {
        p50: result.latency.p50,
        p99: result.latency.p99,
        rps: result.requests.average,
        errors: result.non2xx + result.errors,
        requestsPerAnswer: perRequest,
        loadAverage: [before, loadavg()[0]],
      };
    };
    const unpublished = await route();
    const key = { pk: `S#${MONTH}`, sk: 'CALC#D#changqing' };
    const item = await client.send(new GetCommand({ TableName: emulators.tableName, Key: key }));
    const itemBytes = Buffer.byteLength(JSON.stringify(item.Item));
    const durations: number[] = [];
    const bareLoad = loadavg()[0];
    const deadline = Date.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (Date.now() < deadline) {
          const t0 = process.hrtime.bigint();
          await client.send(new GetCommand({ TableName: emulators.tableName, Key: key }));
          durations.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      }),
    );
    durations.sort((a, b) => a - b);
    const at = (p: number) =>
      durations[Math.min(durations.length - 1, Math.floor((p / 100) * durations.length))] ?? 0;
    const bare = {
      p50: at(50),
      p99: at(99),
      rps: durations.length / SECONDS,
      itemBytes,
      loadAverage: [bareLoad, loadavg()[0]],
    };
    // The same route once the month is published: the answer also says whether the figures
    // changed since (the unit's published row, `S#<month>`/`SUMMARY#U#<unit>`, in the same
    // BatchGetItem; the whole document, `SUMMARY`, is not read).
    let whenPublished: Record<string, unknown>;
    try {
      await store.saveSummary(
        MONTH,
        (await store.computedSummaries(MONTH, false))?.summaries.document,
        new Date().toISOString(),
      );
      const published = await route();
      const documentBytes = Buffer.byteLength(
        JSON.stringify(
          (
            await client.send(
              new GetCommand({ TableName: emulators.tableName, Key: { pk: `S#${MONTH}`, sk: 'SUMMARY' } }),
            )
          ).Item,
        ),
      );
      whenPublished = {
        getUnitPublished: { ...published, documentBytes },
        ratioP50Published: published.p50 / Math.max(bare.p50, 0.001),
        ratioP99Published: published.p99 / Math.max(bare.p99, 0.001),
      };
    } catch (error) {
      whenPublished = { publishedError: String(error) };
    }
    return {
      refreshAllMonths: all.months.length,
      refreshAllSeconds,
      refreshOneMonthMonths: one.months,
      refreshOneMonthSeconds,
      getUnit: unpublished,
      bareGetItem: bare,
      ratioP50: unpublished.p50 / Math.max(bare.p50, 0.001),
      ratioP99: unpublished.p99 / Math.max(bare.p99, 0.001),
      ...whenPublished,
      connections: CONNECTIONS,
      seconds: SECONDS,
    };
  } finally {
    // Autocannon stops at its deadline with requests in flight: let them finish before the
    // store stops (a GetItem reaching a closed dynalite throws out of its callback).
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
