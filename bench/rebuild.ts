/**
 * A rebuild at district size (npm run bench:rebuild): `lkg rebuild`, run as a person runs it —
 * the CLI in a process of its own against the running local stack (`npm start` in a process
 * of its own: dynalite in its child process, s3rver, the API on its thread) — over N
 * enterprises × M months of stored uploads.
 *
 * `--enterprises N` (default 2,000), `--months M` (default 3, ending 2026-10), `--data DIR` (the
 * stack's data directory, kept afterwards; default a temporary one, removed).
 *
 * 1. Seeds, with the emulators on the data directory and no stack running (so no upload is
 *    imported): a register workbook of the N enterprises and, per month, an indicators
 *    workbook of their figures, each a real xlsx put under `uploads/bureau/` in S3 and checked
 *    as the import reads it (no error allowed), with its import record as the import leaves an
 *    applied upload (status, unit, eventTime/sequencer, objectKey, contentHash, mapping,
 *    counts, sheets) and its upload-index entry. One workbook at a time: 50,000 × 24 fits.
 *    No projection is written: the rebuild writes every item of it.
 * 2. Starts the local stack on free ports on that directory (it imports the example workbook
 *    on its first start, as `npm start` does: an enterprise whose GET answers 200 throughout).
 * 3. Samples the API for 5 s with the stack idle (the same requests as below, for comparison).
 *    Runs `lkg rebuild --json` in a child process: wall time, its peak memory (`VmHWM`, polled
 *    from /proc every 100 ms; the stack's own peak beside it), the items it wrote; meanwhile
 *    this process requests `GET /health` and `GET /enterprises/{key}` (a bureau token) in turn,
 *    every 20 ms: p50 / p99 / max of each, and any failure.
 * 4. Baseline, on the same dynalite: a paged Scan of the projected items the rebuild wrote
 *    (`isProjected`, its writer id in `w`) and a BatchWrite of them (25 per request, 8 requests in flight, as the store writes) into a
 *    fresh table of the same schema; the rebuild's time ÷ the baseline's.
 *
 * The last line is `RESULT <json>` (with the date, the Node.js version and the load average).
 *
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, optionsFrom } from '#adapters/aws-clients';
import { contentIdOf, isProjected } from '#adapters/dynamodb-items';
import { createDynamoDbStore } from '#adapters/dynamodb-store';
import { loadOrCreateSecret, signLocalToken } from '#adapters/jwt';
import { S3Objects, s3Client } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { orderKey } from '#domain/ingest';
import { addMonths } from '#domain/months';
import { inParallel } from '#domain/parallel';
import type { ImportRecord } from '#domain/ports';
import { hasErrors } from '#domain/types';
import { readStackInfo } from '#functions/cli/local-stack';
import { importIdOf, parseUpload } from '#functions/ingest/uploads';
import { ensureTable, LOCAL_CREDENTIALS, LOCAL_REGION, startEmulators } from '#infra/local/emulators';
import { benchDataDir, type LatencySummary, latencySummary, statusKb } from './measure.ts';
import { registerWorkbook, uscc, xlsxOf } from './workbooks.ts';

const { values: args } = parseArgs({
  options: {
    enterprises: { type: 'string', default: '2000' },
    months: { type: 'string', default: '3' },
    data: { type: 'string' },
  },
});
const N = Number(args.enterprises);
const LAST_MONTH = '2026-10';
const MONTHS = Array.from({ length: Number(args.months) }, (_, i) =>
  addMonths(LAST_MONTH, i - Number(args.months) + 1),
);
if (!Number.isInteger(N) || N < 1 || MONTHS.length < 1)
  throw new Error('用法：npm run bench:rebuild -- --enterprises N（≥ 1）--months M（≥ 1）[--data 目录]');
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const UNIT = 'bureau';
/** How long the API is sampled with the stack idle, before the rebuild. */
const IDLE_SAMPLING_MS = 5_000;

/** The bench's start: the stack's lines and the rebuild's start are stamped with the seconds since. */
const BENCH_T0 = performance.now();
const load = () => Number(loadavg()[0]?.toFixed(2));
const seconds = (t0: number) => Math.round((performance.now() - t0) / 10) / 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ── the district's workbooks ──

/** The register of the N enterprises (报送月份: the first month). */
const register = () =>
  registerWorkbook(
    N,
    { key: (i) => uscc(i + 3_000_000), name: (i) => `武汉临空港重建基准企业${i}有限公司` },
    MONTHS[0] as string,
  );

/** One month's indicators of the N enterprises (规上工业总产值 for the 规上 ones). */
function indicatorsWorkbook(m: number): Uint8Array {
  const rows: (string | number)[][] = [
    ['统一社会信用代码', '月份', '规上工业总产值（万元）', '营业收入（万元）', '税收收入（万元）'],
  ];
  const value = (i: number, k: number) => (((i * 7919 + m * 104729 + k * 1299709) % 500_000) + 100) / 100;
  for (let i = 0; i < N; i += 1)
    rows.push([
      uscc(i + 3_000_000),
      MONTHS[m] as string,
      i % 2 === 0 ? value(i, 1) : '',
      value(i, 2),
      value(i, 3),
    ]);
  return xlsxOf(rows, '月度经济指标');
}

// ── 1. the stored uploads ──

/** The applied import record of an upload checked without an error, as the import leaves it. */
async function appliedRecord(bucket: string, objectKey: string, bytes: Uint8Array, n: number) {
  const eventTime = new Date(Date.UTC(2026, 10, 1) + n * 60_000).toISOString();
  const sequencer = n.toString(16).toUpperCase().padStart(16, '0');
  const id = importIdOf({ bucket, key: objectKey, versionId: null, sequencer });
  const { fileFindings, parsed } = await parseUpload(
    sheetJsWorkbooks,
    bytes,
    objectKey.slice(objectKey.lastIndexOf('/') + 1),
    eventTime,
  );
  const findings = [...fileFindings, ...parsed.findings];
  if (hasErrors(findings))
    throw new Error(
      `${objectKey}: ${JSON.stringify(findings.filter((f) => f.severity === 'error').slice(0, 3))}`,
    );
  const now = new Date().toISOString();
  const record: ImportRecord = {
    id,
    bucket,
    objectKey,
    versionId: null,
    sequencer,
    eventTime,
    contentHash: createHash('sha256').update(bytes).digest('hex'),
    status: 'applied',
    unit: UNIT,
    registerMonth: parsed.registerMonth,
    registerMonths: parsed.registerMonths ?? [],
    counts: {
      registerRows: parsed.register.length,
      indicatorRows: parsed.indicators.length,
      targetRows: parsed.targets.length,
      contactRows: parsed.contacts.length,
      errors: 0,
      warnings: findings.length,
      itemsWritten: 0,
    },
    findings,
    sheets: parsed.sheets,
    startedAt: now,
    finishedAt: now,
    attempts: 1,
    retry: false,
    mapping: [],
  };
  return { record, contentId: contentIdOf(parsed), rows: parsed.register.length + parsed.indicators.length };
}

/** Seeds the stored uploads into `dir` (the emulators on it, no stack): the rows replayable. */
async function seed(dir: string): Promise<{ uploads: number; rows: number; bytes: number; seconds: number }> {
  const t0 = performance.now();
  const emulators = await startEmulators({
    ports: { dynamodb: 0, s3: 0, ses: 0 },
    dynamodbProcess: true,
    dynamodbPath: join(dir, 'dynamodb'),
    s3Directory: join(dir, 's3'),
  });
  const client = documentClient(emulators.env);
  const store = createDynamoDbStore({ tableName: emulators.tableName, client });
  const objects = new S3Objects(s3Client(emulators.env));
  const type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  let rows = 0;
  let bytesTotal = 0;
  let lastOrder = '';
  try {
    const files = [
      { name: `${MONTHS[0]}-重建基准台账.xlsx`, bytes: register },
      ...MONTHS.map((month, m) => ({
        name: `${month}-重建基准指标.xlsx`,
        bytes: () => indicatorsWorkbook(m),
      })),
    ];
    for (const [n, file] of files.entries()) {
      const t1 = performance.now();
      const bytes = file.bytes();
      const objectKey = `uploads/${UNIT}/${file.name}`;
      await objects.put(emulators.bucket, objectKey, bytes, type);
      const seeded = await appliedRecord(emulators.bucket, objectKey, bytes, n + 1);
      await store.createImport({ ...seeded.record, status: 'received', finishedAt: null });
      await store.uploads.addUpload(seeded.record.id, seeded.contentId);
      await store.saveImport(seeded.record);
      lastOrder = orderKey(seeded.record);
      rows += seeded.rows;
      bytesTotal += bytes.length;
      console.log(
        `  ${objectKey}：${seeded.rows} 行，${(bytes.length / 1e6).toFixed(1)} MB，${seconds(t1)} 秒（负载 ${load()}）`,
      );
    }
    // As the imports leave it: the latest upload judged (a later one is not delivered late).
    await store.raiseJudgedOrder(lastOrder);
    return { uploads: files.length, rows, bytes: bytesTotal, seconds: seconds(t0) };
  } finally {
    client.destroy();
    await emulators.stop();
  }
}

// ── 2. the local stack ──

interface RunningStack {
  child: ChildProcess;
  api: string;
  log: string[];
  exited: Promise<number | null>;
}

/** `npm start` on the data directory, every port free; resolves when it says READY. */
async function startStack(dir: string): Promise<RunningStack> {
  const child = spawn(
    process.execPath,
    [
      '--openssl-legacy-provider',
      '--import',
      'tsx',
      'infra/local/main.ts',
      ...['--data', dir, '--inbox', join(dir, 'inbox')],
      ...['--dynamodb-port', '0', '--s3-port', '0', '--ses-port', '0', '--api-port', '0'],
    ],
    {
      cwd: ROOT,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const log: string[] = [];
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const ready = new Promise<string>((resolveReady, reject) => {
    const onLine = (line: string) => {
      log.push(`+${seconds(BENCH_T0)} s ${line}`);
      if (line.startsWith('READY ')) resolveReady((JSON.parse(line.slice(6)) as { api: string }).api);
    };
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream?.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk.toString('utf8')).split('\n');
        rest = lines.pop() ?? '';
        lines.forEach(onLine);
      });
    }
    void exited.then((code) => reject(new Error(`本地环境退出（${code}）：\n${log.slice(-20).join('\n')}`)));
  });
  const api = await ready;
  if (!api) throw new Error(`本地环境没有 HTTP 接口：\n${log.join('\n')}`);
  return { child, api, log, exited };
}

async function stopStack(stack: RunningStack): Promise<void> {
  if (stack.child.exitCode === null && stack.child.pid) {
    stack.child.kill('SIGINT');
    await Promise.race([stack.exited, sleep(30_000)]);
    if (stack.child.exitCode === null) stack.child.kill('SIGKILL');
  }
}

// ── 3. the rebuild, and the API meanwhile ──

/** The peak resident set of a process (kB) as /proc says now, or null once it is gone. */
function peakKb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    return statusKb(readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmHWM');
  } catch {
    return null;
  }
}

/** `GET /health` and one enterprise's GET in turn, every 20 ms, until `done()`. */
async function sample(api: string, key: string, token: string, done: () => boolean) {
  const health: number[] = [];
  const enterprise: number[] = [];
  const failures: string[] = [];
  const timed = async (path: string, headers: Record<string, string>, into: number[]) => {
    const t0 = performance.now();
    try {
      const res = await fetch(api + path, { headers, signal: AbortSignal.timeout(30_000) });
      await res.arrayBuffer();
      if (res.status !== 200) failures.push(`${path} ${res.status}`);
    } catch (error) {
      failures.push(`${path} ${error instanceof Error ? error.message : String(error)}`);
    }
    into.push(performance.now() - t0);
  };
  while (!done()) {
    await timed('/health', {}, health);
    await timed(`/enterprises/${encodeURIComponent(key)}`, { authorization: `Bearer ${token}` }, enterprise);
    await sleep(20);
  }
  return { health: latencySummary(health), enterprise: latencySummary(enterprise), failures };
}

interface RebuildRun {
  exitCode: number | null;
  seconds: number;
  peakMb: number | null;
  stackPeakMb: number | null;
  written: number | null;
  /** The rebuild's writer id (`rebuild-<run id>`): the items it wrote carry it. */
  writer: string | null;
  output: string;
  health: LatencySummary;
  enterprise: LatencySummary;
  failures: { count: number; first: string[] };
}

/**
 * This process's environment without what would point `lkg` elsewhere than the stack of its
 * data directory (explicit endpoints, table, bucket and credentials win over the stack file).
 */
function stackOnlyEnv(): Record<string, string | undefined> {
  const env = { ...process.env };
  for (const name of Object.keys(env))
    if (
      /^(AWS_ENDPOINT_URL|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|AWS_PROFILE|LKG_TABLE_NAME|LKG_BUCKET_NAME)/.test(
        name,
      )
    )
      delete env[name];
  return env;
}

/** `lkg rebuild --json` in a child process, the API sampled meanwhile. */
async function runRebuild(dir: string, stack: RunningStack, key: string, token: string): Promise<RebuildRun> {
  const t0 = performance.now();
  // The heap bound `lkg rebuild` gives itself (bin/lkg.js), given here so that the process
  // measured is the one rebuilding (without it, the command runs again in a child with it).
  const heap = `--max-old-space-size=${Number(process.env.LKG_REBUILD_HEAP_MB ?? 768)}`;
  const child = spawn(process.execPath, [heap, 'bin/lkg.js', 'rebuild', '--json'], {
    cwd: ROOT,
    env: { ...stackOnlyEnv(), LKG_DATA_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
    const lines = c.toString('utf8').trim().split('\n');
    console.log(`  ${lines.at(-1)}（负载 ${load()}）`);
  });
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  void exited.then((code) => {
    exitCode = code;
  });
  let peak: number | null = null;
  let stackPeak: number | null = null;
  const poll = setInterval(() => {
    peak = Math.max(peak ?? 0, peakKb(child.pid) ?? 0) || peak;
    stackPeak = Math.max(stackPeak ?? 0, peakKb(stack.child.pid) ?? 0) || stackPeak;
  }, 100);
  const sampled = await sample(stack.api, key, token, () => exitCode !== undefined);
  await exited;
  const wall = seconds(t0);
  clearInterval(poll);
  const json = stdout.trim().split('\n').at(-1) ?? '';
  const said = exitCode === 0 ? (JSON.parse(json) as { written: number; runId: string }) : null;
  const mb = (kb: number | null) => (kb === null ? null : Math.round(kb / 1024));
  return {
    exitCode: exitCode ?? null,
    seconds: wall,
    peakMb: mb(peak),
    stackPeakMb: mb(stackPeak),
    written: said?.written ?? null,
    writer: said ? `rebuild-${said.runId}` : null,
    output: exitCode === 0 ? json : stderr.split('\n').slice(-15).join('\n'),
    health: sampled.health,
    enterprise: sampled.enterprise,
    failures: { count: sampled.failures.length, first: sampled.failures.slice(0, 5) },
  };
}

/** The first enterprise the stack's store lists (the example's: the district is not projected yet). */
async function someEnterprise(client: DynamoDBDocumentClient, tableName: string): Promise<string> {
  const store = createDynamoDbStore({ tableName, client });
  for await (const page of store.allVersions()) {
    const key = page[0]?.record.key;
    if (key) return key;
  }
  throw new Error('本地环境没有企业（示例台账未导入？）');
}

// ── 4. the baseline ──

/**
 * A paged Scan of the projected items the rebuild wrote (each names its writer, `w`) and a
 * BatchWrite of them into a fresh table of the same schema.
 */
async function baseline(
  client: DynamoDBDocumentClient,
  env: Record<string, string>,
  from: string,
  writer: string,
) {
  const to = `${from}-baseline`;
  const raw = new DynamoDBClient(optionsFrom(env, 'AWS_ENDPOINT_URL_DYNAMODB'));
  await ensureTable(raw, to);
  raw.destroy();
  const t0 = performance.now();
  let copied = 0;
  let scanned = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: from, ExclusiveStartKey: startKey }));
    const items = (page.Items ?? []).filter(
      (item) => item.w === writer && isProjected(item as { pk: string; sk: string }),
    );
    scanned += page.Items?.length ?? 0;
    const batches: Array<() => Promise<void>> = [];
    for (let i = 0; i < items.length; i += 25)
      batches.push(async () => {
        let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
        while (requests.length > 0) {
          const out = await client.send(new BatchWriteCommand({ RequestItems: { [to]: requests } }));
          requests = (out.UnprocessedItems?.[to] ?? []) as typeof requests;
        }
      });
    await inParallel(batches, 8);
    copied += items.length;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  if (copied === 0) throw new Error(`基准：没有找到重建（${writer}）写入的数据项`);
  return { seconds: seconds(t0), itemsCopied: copied, itemsScanned: scanned, load: load() };
}

// ── the run ──

async function main(): Promise<void> {
  const { dir, given } = benchDataDir(args.data, 'rebuild');
  const data = given ? dir : null;
  const result: Record<string, unknown> = {
    enterprises: N,
    months: MONTHS.length,
    node: process.version,
    loadAtStart: load(),
  };
  let stack: RunningStack | null = null;
  try {
    console.log(`存入上传：${N} 家企业的台账、${MONTHS.length} 个月的指标（${dir}）……`);
    result.seed = await seed(dir);
    console.log('seed', result.seed);
    console.log('启动本地环境（空闲端口）……');
    const t0 = performance.now();
    stack = await startStack(dir);
    result.stackStartSeconds = seconds(t0);
    const info = readStackInfo(dir);
    if (!info) throw new Error('本地环境没有写 stack.json');
    const env = {
      AWS_ENDPOINT_URL_DYNAMODB: info.dynamodb,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    };
    const client = documentClient(env);
    try {
      const key = await someEnterprise(client, info.table);
      const token = await signLocalToken(await loadOrCreateSecret(join(dir, 'jwt-secret')), {
        unit: 'bureau',
      });
      // The same requests with the stack idle, for comparison.
      const idleUntil = performance.now() + IDLE_SAMPLING_MS;
      result.idle = await sample(stack.api, key, token, () => performance.now() > idleUntil);
      console.log('idle', result.idle);
      console.log(`lkg rebuild（子进程），其间请求 /health 与 /enterprises/${key}……`);
      const startedAtS = seconds(BENCH_T0);
      const rebuild = await runRebuild(dir, stack, key, token);
      result.rebuild = { startedAtS, ...rebuild, load: load() };
      console.log('rebuild', result.rebuild);
      if (rebuild.exitCode !== 0) throw new Error(`lkg rebuild 失败（退出码 ${rebuild.exitCode}）`);
      const base = await baseline(client, env, info.table, rebuild.writer ?? '');
      result.baseline = base;
      result.ratio = Math.round((rebuild.seconds / base.seconds) * 100) / 100;
      console.log('baseline', base, 'ratio', result.ratio);
    } finally {
      client.destroy();
      // What the stack said about rebuilds and resumed work, stamped (+s since the bench's start):
      // a sweep continuing the rebuild while the CLI runs it is a finding.
      const said = stack.log.filter((line) => /重建|续|中断|失败/.test(line));
      result.stackSaid = said;
      // The sweep continued the rebuild while the CLI ran it (two runs of it at once).
      result.sweepContinuedDuringRebuild = said.some((line) => line.includes('续做中断的重建'));
    }
  } finally {
    if (stack) await stopStack(stack);
    result.date = new Date().toISOString();
    result.loadAtEnd = load();
    console.log(`\nRESULT ${JSON.stringify(result)}`);
    if (data) console.log(`数据保留在 ${data}（npm start -- --data ${data}）`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
