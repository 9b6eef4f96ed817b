/**
 * The district at size (npm run bench:district): publishing, the bureau's home and decisions
 * at N enterprises × 24 months of indicators on the local stack's DynamoDB (dynalite, in
 * memory, in a process of its own as `npm start` runs it; `LKG_DYNALITE_HEAP_MB`, default 12288).
 *
 * `--enterprises N` (default 50,000), `--months M` (default 24, ending 2026-10), `--decisions D`
 * (default 20; 0 with `--data`), `--late U` (default 0: not measured) and `--late-rows R` (default 20):
 * a late delivery against U stored uploads of R enterprises each ÷ the same file imported in order
 * (bench/late-delivery.ts; with `--enterprises 0` only that), `--data DIR`: dynalite on disk in DIR, kept afterwards as a local stack's data
 * directory (`npm start -- --data DIR` serves it; `npm run bench:console -- --data DIR` measures
 * the console on it). Without it, dynalite keeps the table in memory and nothing is kept.
 *
 * Measured, each in this one run, with the load average beside it:
 * - import: the register, then the indicators of every month, through the import planner of
 *   the DynamoDB store (`seed`: what an import writes, without reading a workbook);
 * - the stored summaries' refresh (every month);
 * - publish (every unit's email and the overview, recorded) ÷ (reading the stored summaries +
 *   the same number of sends to a no-op mailer); each email's raw MIME size against SES's
 *   40 MB limit;
 * - `GET /units` as the bureau and as a street ÷ one bare GetItem (medians);
 * - one decision timed from recording to `projection: "applied"` (its projection run at once,
 *   as the worker would: it refreshes every month's summaries);
 * - then `POST /decisions` over D decisions ÷ one bare PutItem (p50, p95), their projections
 *   queued and not awaited (the answer, not the worker's projection, is measured).
 *
 * The last line is `RESULT <json>`.
 *
 * @module
 */
import { rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { documentClient } from '#adapters/aws-clients';
import { coordinationOf } from '#adapters/coordination-items';
import { createDynamoDbStore } from '#adapters/dynamodb-store';
import { buildMime } from '#adapters/ses-mailer';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { rulesOf } from '#domain/decisions';
import { addMonths } from '#domain/months';
import { POLICIES } from '#domain/policy/index';
import type { Mailer, MailMessage } from '#domain/ports';
import { EVERY_MONTH, SUMMARY_UNITS } from '#domain/summaries';
import type { ContactRow, IndicatorRow, Month, RegisterRecord, Stage } from '#domain/types';
import { OFFICE_IDS, STREET_IDS } from '#domain/units';
import { createApiHandler } from '#functions/api/handler';
import { storeSummaries } from '#functions/api/summaries';
import { projectQueued } from '#functions/coordination/decide';
import { rulesInForce } from '#functions/coordination/rules-in-force';
import { publishMonth } from '#functions/publish/publish';
import { readSummaries, refreshSummaries } from '#functions/publish/summaries';
import { startEmulators } from '#infra/local/emulators';
import { measureLateDelivery } from './late-delivery.ts';
import { benchDataDir } from './measure.ts';

const { values: args } = parseArgs({
  options: {
    enterprises: { type: 'string', default: '50000' },
    months: { type: 'string', default: '24' },
    decisions: { type: 'string' },
    data: { type: 'string' },
    late: { type: 'string', default: '0' },
    'late-rows': { type: 'string', default: '20' },
  },
});
const N = Number(args.enterprises);
const MONTH = '2026-10';
const MONTHS = Array.from({ length: Number(args.months) }, (_, i) =>
  addMonths(MONTH, i - Number(args.months) + 1),
);
// With --data the stack that serves the data afterwards would project the queued decisions
// first: none unless asked for.
const DECISIONS = Number(args.decisions ?? (args.data ? 0 : 20));
/** SES v2 SendEmail: a message, attachments included (after encoding), is at most 40 MB. */
const SES_MESSAGE_LIMIT = 40 * 1024 * 1024;

const keyOf = (i: number) => `DIST${String(i).padStart(8, '0')}`;

function enterprise(i: number): RegisterRecord {
  const stages: Stage[] = ['built', 'built', 'built', 'building', 'signed', 'new'];
  const key = keyOf(i);
  return {
    key,
    uscc: null,
    projectCode: key,
    name: `武汉临空港区级基准企业${i}有限公司`,
    stage: stages[i % stages.length] as Stage,
    recruiter: i % 3 === 0 ? (OFFICE_IDS[i % OFFICE_IDS.length] ?? null) : null,
    street: STREET_IDS[i % STREET_IDS.length] ?? 'changqing',
    statStreet: null,
    zone: null,
    keyProject: null,
    movement: null,
    originStreet: null,
    aboveScale: i % 4 === 0,
    category: null,
    completedOn: i % 50 === 0 ? '2026-10-15' : null,
    month: i % 10 === 0 ? MONTH : (MONTHS[0] as Month),
    note: null,
  };
}

function value(i: number, m: number, k: number): string {
  const cents = ((i * 7919 + m * 104729 + k * 1299709) % 500_000) + 100;
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

function event(method: string, url: string, unit: string, body?: unknown): APIGatewayProxyEventV2 {
  const [rawPath = '/', rawQueryString = ''] = url.split('?');
  const claims = { 'custom:unit': unit, 'custom:role': unit === 'bureau' ? 'bureau' : 'unit', sub: 'bench' };
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    requestContext: {
      accountId: 'bench',
      apiId: 'bench',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: 'bench',
      routeKey: '$default',
      stage: '$default',
      time: '',
      timeEpoch: 0,
      authorizer: { jwt: { claims, scopes: [] } },
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] as number;
const load = () => Number(loadavg()[0]?.toFixed(2));

async function timed<T>(n: number, f: (i: number) => Promise<T>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const t0 = performance.now();
    await f(i);
    out.push(performance.now() - t0);
  }
  return out;
}

async function main(): Promise<void> {
  const { dir, given } = benchDataDir(args.data, 'district');
  const data = given ? dir : null;
  // dynalite in its own process (as `npm start` runs it): the planner and the table use two cores
  process.env.LKG_DYNALITE_HEAP_MB ??= '12288';
  const emulators = await startEmulators({
    ports: { dynamodb: 0, s3: 0, ses: 0 },
    dynamodbProcess: true,
    s3Directory: join(dir, 's3'),
    ...(data ? { dynamodbPath: join(data, 'dynamodb') } : {}),
  });
  const client = documentClient(emulators.env);
  const store = createDynamoDbStore({ tableName: emulators.tableName, client });
  const result: Record<string, unknown> = { enterprises: N, months: MONTHS.length, node: process.version };
  try {
    // ── a late delivery against --late stored uploads ÷ the same file in order (bench/late-delivery.ts) ──
    if (Number(args.late) > 0) {
      result.late = await measureLateDelivery({
        env: emulators.env,
        client,
        uploads: Number(args.late),
        rows: Number(args['late-rows']),
        load: () => String(load()),
      });
      console.log('late', result.late);
    }
    if (N === 0) {
      result.date = new Date().toISOString();
      console.log(`\nRESULT ${JSON.stringify(result)}`);
      return;
    }
    // ── import ──
    console.log(`载入 ${N} 家企业、${MONTHS.length} 个月指标……`);
    let t0 = performance.now();
    for (let from = 0; from < N; from += 5000) {
      const register = Array.from({ length: Math.min(5000, N - from) }, (_, j) => enterprise(from + j));
      const earlier = register
        .filter((r) => r.month === MONTH)
        .map((r) => ({ ...r, month: MONTHS[0] as Month }));
      await store.seed(
        { register: [...earlier, ...register] },
        { eventTime: '2026-11-01T00:00:00Z', importId: `r-${from}` },
      );
    }
    const registerSeconds = seconds(t0);
    console.log(`  台账：${registerSeconds.toFixed(1)} 秒（负载 ${load()}）`);
    const monthSeconds: number[] = [];
    for (const [m, month] of MONTHS.entries()) {
      const t1 = performance.now();
      for (let from = 0; from < N; from += 10_000) {
        const indicators: IndicatorRow[] = [];
        for (let i = from; i < Math.min(N, from + 10_000); i += 1) {
          // One in twenty does not report in the month published.
          if (month === MONTH && i % 20 === 7) continue;
          indicators.push({
            key: keyOf(i),
            month,
            values: {
              output: value(i, m, 1),
              revenue: value(i, m, 2),
              tax: value(i, m, 3),
              fai: i % 5 ? null : value(i, m, 4),
            },
          });
        }
        await store.seed(
          { indicators },
          { eventTime: `2026-11-01T00:${String(m).padStart(2, '0')}:00Z`, importId: `i-${month}-${from}` },
        );
      }
      monthSeconds.push(seconds(t1));
      console.log(`  ${month}: ${(monthSeconds.at(-1) ?? 0).toFixed(1)} 秒（负载 ${load()}）`);
    }
    const contacts: ContactRow[] = [...SUMMARY_UNITS, 'bureau' as const].map((unit) => ({
      unit,
      name: '联络员',
      email: `${unit}@example.com`,
      receives: true,
    }));
    await store.seed(
      { contacts, targets: STREET_IDS.map((unit) => ({ unit, year: 2026, values: { revenue: '1000000' } })) },
      { eventTime: '2026-11-02T00:00:00Z', importId: 'contacts' },
    );
    result.import = {
      registerSeconds,
      indicatorMonthSeconds: {
        mean: monthSeconds.reduce((a, b) => a + b, 0) / monthSeconds.length,
        max: Math.max(...monthSeconds),
      },
      totalSeconds: seconds(t0),
      load: load(),
    };
    console.log('import', result.import);

    t0 = performance.now();
    await refreshSummaries(store, { ...EVERY_MONTH, indicatorMonths: MONTHS }, rulesOf(POLICIES));
    result.refreshSummaries = { seconds: seconds(t0), load: load() };
    console.log('refresh', result.refreshSummaries);

    // ── publish ÷ (stored summaries read + the same sends to a no-op mailer) ──
    const sizes: Array<{ unit: string; bytes: number }> = [];
    const mailer: Mailer = {
      async send(message: MailMessage) {
        sizes.push({ unit: message.to[0] ?? '', bytes: Buffer.byteLength(buildMime(message)) });
        return `bench-${sizes.length}`;
      },
    };
    t0 = performance.now();
    const published = await publishMonth(
      {
        store,
        mailer,
        clock: { now: () => new Date() },
        workbooks: sheetJsWorkbooks,
        sender: 'lkg@example.com',
        bureauEmail: 'bureau@example.com',
      },
      { month: MONTH },
    );
    const publishSeconds = seconds(t0);
    if (!published.complete || !(await store.getSummary(MONTH))) throw new Error('publication not recorded');
    const sends = published.sent.length;
    t0 = performance.now();
    await readSummaries(store, MONTH, rulesOf(POLICIES), true);
    const noop: Mailer = { send: async () => 'noop' };
    for (let i = 0; i < sends; i += 1)
      await noop.send({ from: '', to: [], subject: '', text: '', html: '', attachments: [] });
    const baseSeconds = seconds(t0);
    const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a), { unit: '', bytes: 0 });
    result.publish = {
      seconds: publishSeconds,
      baselineSeconds: baseSeconds,
      ratio: publishSeconds / baseSeconds,
      sends,
      largestEmail: {
        ...largest,
        mb: largest.bytes / 1024 / 1024,
        withinSesLimit: largest.bytes <= SES_MESSAGE_LIMIT,
      },
      load: load(),
    };
    console.log('publish', result.publish);

    // ── GET /units ÷ GetItem ──
    // The worker's queue: the timed decision's projection runs at once (as the worker would);
    // the latency run's are only queued (each refreshes every month's summaries: waiting for
    // them would measure the projection, not the answer).
    const queued: string[] = [];
    let projection: Promise<number> | undefined;
    let runQueued = false;
    const coordination = coordinationOf(store);
    if (!coordination) throw new Error('the store keeps no decisions');
    const api = createApiHandler({
      store,
      clock: { now: () => new Date() },
      summaries: storeSummaries(store),
      cursorSecret: 'bench-district-cursor-secret-0123456789',
      queueDecision: async (writer) => {
        queued.push(writer);
        if (!runQueued) return;
        const started = performance.now();
        projection = projectQueued(
          { store, coordination: coordination, now: new Date(), clock: { now: () => new Date() } },
          writer,
        ).then((outcome) => {
          if (outcome !== 'committed') throw new Error(`projection ${outcome}`);
          return performance.now() - started;
        });
      },
    });
    const context = { awsRequestId: 'bench', functionName: 'api' } as unknown as Context;
    const call = async (method: string, url: string, unit: string, body?: unknown) => {
      const res = await api(event(method, url, unit, body), context);
      if ((res.statusCode ?? 500) >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
      return JSON.parse(res.body ?? 'null') as Record<string, unknown>;
    };
    const getItem = () =>
      client.send(new GetCommand({ TableName: emulators.tableName, Key: { pk: 'META', sk: 'LATEST' } }));
    await getItem();
    const bare = await timed(30, getItem);
    const bureau = await timed(5, () => call('GET', '/units', 'bureau'));
    const street = await timed(5, () => call('GET', '/units', 'changqing'));
    result.units = {
      bureauMs: quantile(bureau, 0.5),
      streetMs: quantile(street, 0.5),
      getItemMs: quantile(bare, 0.5),
      ratioBureau: quantile(bureau, 0.5) / quantile(bare, 0.5),
      ratioStreet: quantile(street, 0.5) / quantile(bare, 0.5),
      load: load(),
    };
    console.log('units', result.units);

    // ── POST /decisions ÷ PutItem; time to applied ──
    const putItem = (i: number) =>
      client.send(
        new PutCommand({
          TableName: emulators.tableName,
          Item: { pk: `BENCH#${i}`, sk: 'PUT', v: 'x'.repeat(400) },
        }),
      );
    const puts = await timed(30, putItem);
    const decide = (d: number) =>
      call('POST', '/decisions', 'bureau', {
        keys: [keyOf((d * 97 + 1) % N)],
        from: '2026-06',
        service: 'jidian',
        indicators: 'jidian',
        reason: '基准测试：工作专班决定',
        documentNo: `武临开专〔2026〕${d + 1}号`,
      });
    // One decision from recording to `projection: "applied"` (first, on a stack with no
    // decision pending).
    runQueued = true;
    t0 = performance.now();
    const first = await decide(0);
    const answeredMs = performance.now() - t0;
    if (first.projection !== 'pending' || !projection) throw new Error('expected projection pending');
    const projectionMs = await projection;
    const firstListed = (await call('GET', '/decisions', 'bureau')).items as Array<{
      id: string;
      projection: string;
    }>;
    const appliedMs = performance.now() - t0;
    if (firstListed.find((d) => d.id === first.id)?.projection !== 'applied')
      throw new Error('the decision is not listed as applied after its projection');
    // The route's answer over D decisions, their projections queued and not awaited.
    runQueued = false;
    const answers = await timed(DECISIONS, (d) =>
      decide(d + 1).then((posted) => {
        if (posted.projection !== 'pending') throw new Error('expected projection pending');
      }),
    );
    const listed = (await call('GET', '/decisions', 'bureau')).items as Array<{ projection: string }>;
    result.decisions = {
      count: DECISIONS,
      answerP50Ms: quantile(answers, 0.5),
      answerP95Ms: quantile(answers, 0.95),
      putItemMs: quantile(puts, 0.5),
      ratioP50: quantile(answers, 0.5) / quantile(puts, 0.5),
      ratioP95: quantile(answers, 0.95) / quantile(puts, 0.5),
      queuedNotAwaited: queued.length - 1,
      pendingListed: listed.filter((d) => d.projection === 'pending').length,
      one: { answerMs: answeredMs, projectionMs, appliedMs },
      load: load(),
    };
    console.log('decisions', result.decisions);
    result.decisionsInForce = (await rulesInForce(store, POLICIES)).decisions.size;
    result.date = new Date().toISOString();
    console.log(`\nRESULT ${JSON.stringify(result)}`);
  } finally {
    client.destroy();
    await emulators.stop();
    if (data) {
      // A local stack's data directory: no example to import on its first start.
      writeFileSync(join(data, 'examples-imported'), '');
      console.log(`数据保留在 ${data}（npm start -- --data ${data}）`);
    } else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
