/**
 * `npm start`: the whole system on one machine (interfaces.md §4) — dynalite, s3rver and
 * aws-ses-v2-local in this process with their data in `.data/`, s3rver's object-created
 * events under `uploads/` passed to the same ingest handler as in AWS, an `inbox/` folder
 * watcher, the HTTP API, and on first start the example workbooks imported.
 *
 * Options (flags win over environment variables):
 *
 * | flag | variable | default |
 * |---|---|---|
 * | `--data DIR` | `LKG_DATA_DIR` | `.data` |
 * | `--inbox DIR` | `LKG_INBOX_DIR` | `inbox` |
 * | `--examples DIR` | `LKG_EXAMPLES_DIR` | `../shared/examples` |
 * | `--dynamodb-port N` | `LKG_DYNAMODB_PORT` | 4567 |
 * | `--s3-port N` | `LKG_S3_PORT` | 4568 |
 * | `--ses-port N` | `LKG_SES_PORT` | 8005 |
 * | `--api-port N` | `LKG_API_PORT` | 3000 |
 *
 * @module
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '#adapters/aws-clients';
import { reportWorkbook } from '#adapters/workbook-writer';
import { isUnitId, type UnitId } from '#domain/units';
import { type IngestOutcome, reportKeys } from '#functions/ingest/import-upload';
import { PortInUseError } from './emulators.ts';
import { type LocalStack, ObjectKeyError, startLocalStack } from './local-stack.ts';

export interface MainOptions {
  dataDir: string;
  inboxDir: string;
  examplesDir: string;
  ports: { dynamodb: number; s3: number; ses: number; api: number };
}

const WORKBOOK_EXTENSIONS = new Set(['.xlsx', '.xls', '.csv', '.ods']);

/** Reads flags and environment variables (flags win). */
export function parseOptions(argv: readonly string[], env: Record<string, string | undefined>): MainOptions {
  const flag = (name: string): string | undefined => {
    const i = argv.lastIndexOf(`--${name}`);
    if (i >= 0) return argv[i + 1];
    const eq = argv.find((a) => a.startsWith(`--${name}=`));
    return eq?.slice(name.length + 3);
  };
  const port = (name: string, variable: string, fallback: number): number => {
    const raw = flag(name) ?? env[variable];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535) {
      throw new UsageError(
        `端口「${raw}」无效（--${name} / ${variable}）：应为 0–65535 的整数（0 表示任选空闲端口）。`,
      );
    }
    return n;
  };
  return {
    dataDir: resolve(flag('data') ?? env.LKG_DATA_DIR ?? '.data'),
    inboxDir: resolve(flag('inbox') ?? env.LKG_INBOX_DIR ?? 'inbox'),
    examplesDir: resolve(flag('examples') ?? env.LKG_EXAMPLES_DIR ?? '../shared/examples'),
    ports: {
      dynamodb: port('dynamodb-port', 'LKG_DYNAMODB_PORT', 4567),
      s3: port('s3-port', 'LKG_S3_PORT', 4568),
      ses: port('ses-port', 'LKG_SES_PORT', 8005),
      api: port('api-port', 'LKG_API_PORT', 3000),
    },
  };
}

/** A usage problem: printed, exit 1. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes `<data>/lkg.lock` (our pid); a live holder is a UsageError, a stale lock is replaced. */
export function takeLock(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'lkg.lock');
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
      throw new UsageError(
        `本地环境已在运行（进程 ${pid}，数据目录 ${dataDir}）。同一数据目录只能启动一次：请先在原窗口按 Ctrl-C 停止，或用 --data 指定另一个目录。`,
      );
    }
  }
  writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file);
    } catch {
      // already gone
    }
  };
}

function describeOutcome(outcome: IngestOutcome): string {
  const names: Record<string, string> = {
    applied: '已导入',
    unchanged: '无变化',
    rejected: '未导入（有错误）',
    applying: '导入中断',
    failed: '失败',
    received: '已接收',
  };
  const r = outcome.record;
  const counts = r
    ? `台账 ${r.counts.registerRows} 行，指标 ${r.counts.indicatorRows} 行，错误 ${r.counts.errors}，提示 ${r.counts.warnings}，写入 ${r.counts.itemsWritten} 项`
    : '';
  const dup = outcome.duplicate ? '（重复事件，已忽略）' : '';
  return `导入 ${outcome.key}：${names[outcome.status] ?? outcome.status}${dup}${counts ? `；${counts}` : ''}`;
}

/** Workbooks in a folder (top level only). */
function workbooksIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter(
      (f) => WORKBOOK_EXTENSIONS.has(extname(f).toLowerCase()) && !f.startsWith('~$') && !f.startsWith('.'),
    )
    .map((f) => join(dir, f))
    .filter((p) => statSync(p).isFile())
    .sort();
}

/** The inbox's folders that are never watched: where processed files go. */
export const INBOX_DONE_FOLDERS = ['imported', 'rejected'] as const;

/**
 * The workbooks waiting in the inbox, with the unit each is uploaded for: files at the top
 * level are the bureau's; files in `inbox/<unit id>/` are that unit's. Other folders (among
 * them `imported/` and `rejected/`) are not watched.
 */
export function inboxFiles(inboxDir: string): Array<{ path: string; unit: UnitId }> {
  const out = workbooksIn(inboxDir).map((path) => ({ path, unit: 'bureau' as UnitId }));
  if (!existsSync(inboxDir)) return out;
  for (const folder of readdirSync(inboxDir).sort()) {
    if (!isUnitId(folder) || !statSync(join(inboxDir, folder)).isDirectory()) continue;
    for (const path of workbooksIn(join(inboxDir, folder))) out.push({ path, unit: folder });
  }
  return out;
}

const MAX_FILE_NAME_BYTES = 255;

/**
 * `<stamp>-<name><suffix>` cut (at a character boundary, keeping the extension) so that it fits
 * a file system's 255-byte name limit.
 */
export function processedName(stamp: string, name: string, suffix = ''): string {
  const bytes = (t: string) => Buffer.byteLength(t, 'utf8');
  const ext = extname(name);
  let stem = name.slice(0, name.length - ext.length);
  const fixed = `${stamp}-`.length + bytes(ext) + bytes(suffix);
  while (stem.length > 0 && fixed + bytes(stem) > MAX_FILE_NAME_BYTES) stem = [...stem].slice(0, -1).join('');
  return `${stamp}-${stem}${ext}${suffix}`;
}

/** A refusal of a file that could not even be uploaded (its name), as a report workbook. */
function keyRefusalReport(message: string): Uint8Array {
  return reportWorkbook({
    findings: [
      { code: 'E_OBJECT_KEY', severity: 'error', sheet: null, row: null, column: null, value: null, message },
    ],
    sheets: [],
  });
}

/**
 * Imports one inbox file for its unit and moves it, with its report workbook beside it, to
 * `inbox/imported/` (applied, unchanged, or unfinished: resumed on the next start) or
 * `inbox/rejected/` (refused or failed). A name that cannot be an object key is refused
 * without upload.
 */
async function processInboxFile(
  stack: LocalStack,
  inboxDir: string,
  path: string,
  unit: UnitId,
): Promise<void> {
  const name = basename(path);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  let folder: (typeof INBOX_DONE_FOLDERS)[number];
  let report: Uint8Array | null = null;
  try {
    console.log(`收件箱：上传 ${name} → uploads/${unit}/${name}`);
    const record = await stack.uploadFile(path, unit);
    folder = record && ['rejected', 'failed'].includes(record.status) ? 'rejected' : 'imported';
    if (record) {
      report = await stack.objects
        .get(stack.emulators.bucket, reportKeys(record.objectKey).xlsx)
        .catch(() => null);
    }
  } catch (error) {
    if (!(error instanceof ObjectKeyError)) throw error;
    console.log(`收件箱：${name} 未导入：${error.message}`);
    folder = 'rejected';
    report = keyRefusalReport(`${error.message}文件未导入。`);
  }
  const target = join(inboxDir, folder);
  mkdirSync(target, { recursive: true });
  renameSync(path, join(target, processedName(stamp, name)));
  if (report) writeFileSync(join(target, processedName(stamp, name, '.report.xlsx')), report);
}

/**
 * Watches the inbox (polling, so it works on every file system): a workbook whose size is the
 * same on two polls is uploaded for its unit (`inbox/` → `uploads/bureau/`, `inbox/<unit id>/`
 * → `uploads/<unit id>/`), imported, and moved with its report to `inbox/imported/` or
 * `inbox/rejected/`.
 */
export function watchInbox(stack: LocalStack, inboxDir: string, intervalMs = 1000): () => void {
  for (const folder of INBOX_DONE_FOLDERS) mkdirSync(join(inboxDir, folder), { recursive: true });
  const sizes = new Map<string, number>();
  let busy = false;
  const poll = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      for (const { path, unit } of inboxFiles(inboxDir)) {
        try {
          const size = statSync(path).size;
          if (sizes.get(path) !== size) {
            sizes.set(path, size);
            continue;
          }
          sizes.delete(path);
          await processInboxFile(stack, inboxDir, path, unit);
        } catch (error) {
          console.error(
            `收件箱处理 ${basename(path)} 失败：${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void poll(), intervalMs);
  return () => clearInterval(timer);
}

/**
 * Starts the HTTP API (H6's `infra/local/api-server.ts`) when it is there; resolves to its
 * banner and close function, or null when the API server is not available.
 */
export async function startLocalApi(
  port: number,
  env: Record<string, string>,
  dataDir: string,
): Promise<{ url: string; banner: string; close(): Promise<void> } | null> {
  const file = new URL('./api-server.ts', import.meta.url);
  if (!existsSync(file)) return null;
  const mod = (await import(file.href)) as {
    startApiServer?: (options: {
      port: number;
      env: Record<string, string>;
      secretFile?: string;
    }) => Promise<{
      url: string;
      banner: string;
      close(): Promise<void>;
    }>;
  };
  if (!mod.startApiServer) return null;
  return await mod.startApiServer({ port, env, secretFile: join(dataDir, 'jwt-secret') });
}

async function countRecords(stack: LocalStack): Promise<{ records: number; latest: string | null }> {
  let records = 0;
  for await (const _ of stack.store.allVersions()) records++;
  return { records, latest: await stack.store.latestMonth() };
}

/**
 * `LKG_LOCAL_WRITE_DELAY_MS` (tests only: the `kill -9` test makes an import slow enough to be
 * killed half-way): each BatchWriteItem of the store waits that long first. Unset: no delay.
 */
function writeDelay(env: Record<string, string | undefined>): {
  documentClient?: (env: Record<string, string>) => DynamoDBDocumentClient;
} {
  const ms = Number(env.LKG_LOCAL_WRITE_DELAY_MS ?? 0);
  if (!Number.isFinite(ms) || ms <= 0) return {};
  return {
    documentClient: (stackEnv) => {
      const client = documentClient(stackEnv);
      client.middlewareStack.add(
        (next, context) => async (args) => {
          if (String(context.commandName).startsWith('BatchWrite'))
            await new Promise((r) => setTimeout(r, ms));
          return next(args);
        },
        { step: 'initialize', name: 'lkgLocalWriteDelay' },
      );
      return client;
    },
  };
}

/** Runs the local stack until SIGINT/SIGTERM; resolves to the exit code. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  let options: MainOptions;
  let release: () => void;
  try {
    options = parseOptions(argv, process.env);
    release = takeLock(options.dataDir);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
  const firstStart = !existsSync(join(options.dataDir, 'dynamodb'));
  let stack: LocalStack;
  try {
    stack = await startLocalStack({
      ports: options.ports,
      dynamodbPath: join(options.dataDir, 'dynamodb'),
      s3Directory: join(options.dataDir, 's3'),
      ...writeDelay(process.env),
      onImport: (outcome, error) => {
        if (outcome) console.log(describeOutcome(outcome));
        else console.error(`导入失败：${error instanceof Error ? error.message : String(error)}`);
      },
    });
  } catch (error) {
    release();
    if (error instanceof PortInUseError) {
      console.error(
        `${error.message}\n可用参数：--dynamodb-port、--s3-port、--ses-port、--api-port（或环境变量 LKG_*_PORT）。`,
      );
    } else {
      console.error(`本地环境启动失败：${error instanceof Error ? error.message : String(error)}`);
    }
    return 1;
  }

  // Imports a crash or a kill left unfinished are finished before anything else.
  const swept = await stack.resumeUnfinished();
  for (const outcome of swept.resumed) console.log(`续完中断的导入：${describeOutcome(outcome)}`);
  for (const failure of swept.failed) console.error(`中断的导入 ${failure.key} 仍未完成：${failure.error}`);

  const examplesMarker = join(options.dataDir, 'examples-imported');
  if (firstStart || !existsSync(examplesMarker)) {
    const examples = workbooksIn(options.examplesDir);
    for (const path of examples) {
      console.log(`首次启动：导入示例 ${basename(path)}（uploads/bureau/）`);
      await stack.uploadFile(path, 'bureau');
    }
    writeFileSync(examplesMarker, examples.map((p) => basename(p)).join('\n'));
  }

  let api: { url: string; banner: string; close(): Promise<void> } | null = null;
  try {
    api = await startLocalApi(options.ports.api, stack.env, options.dataDir);
  } catch (error) {
    console.error(`HTTP 接口未能启动：${error instanceof Error ? error.message : String(error)}`);
  }
  const stopInbox = watchInbox(stack, options.inboxDir);
  const { records, latest } = await countRecords(stack);
  console.log(
    [
      '',
      '临空港经开区 企业服务属地划分 — 本地环境已启动',
      `  DynamoDB（dynalite）：${stack.emulators.dynamodbEndpoint}  表 ${stack.emulators.tableName}`,
      `  S3（s3rver）：        ${stack.emulators.s3Endpoint}  桶 ${stack.emulators.bucket}（上传到 uploads/，报告在 reports/）`,
      `  SES（邮件）：          ${stack.emulators.sesEndpoint}  （网页查看已发送邮件）`,
      `  数据目录：            ${options.dataDir}`,
      `  收件箱：              ${options.inboxDir}（放入工作簿即自动导入）`,
      `  台账：                ${records} 家企业（项目），最新报送月份 ${latest ?? '—'}`,
      api ? api.banner : '  HTTP 接口：未启动（infra/local/api-server.ts 不可用）',
      '',
      '按 Ctrl-C 停止；再次启动保留数据。',
      `READY ${JSON.stringify({ records, latest, api: api?.url ?? null, s3: stack.emulators.s3Endpoint })}`,
    ].join('\n'),
  );

  return await new Promise<number>((resolveExit) => {
    let stopping = false;
    const stop = async (): Promise<void> => {
      if (stopping) return;
      stopping = true;
      console.log('正在停止本地环境…');
      stopInbox();
      await api?.close().catch(() => undefined);
      await stack.stop().catch(() => undefined);
      release();
      console.log('已停止。');
      resolveExit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  });
}

if (
  import.meta.url === new URL(process.argv[1] ?? '', 'file://').href ||
  process.argv[1]?.endsWith('infra/local/main.ts')
) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(`本地环境异常退出：${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
