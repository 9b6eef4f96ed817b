/**
 * The emulators of the local stack in this process: dynalite (DynamoDB), s3rver (S3) and
 * aws-ses-v2-local (SES v2). Used by `npm start` (`infra/local/main.ts`), the integration
 * tests (`test/support/emulators.ts`) and the benchmarks.
 *
 * The table (with its indexes, `tableDefinition()`) and the bucket are created when missing.
 * s3rver's object-created events are handed on as real S3 events: the key URL-encoded as S3
 * does (`+` for a space).
 *
 * @module
 */

import { AsyncLocalStorage } from 'node:async_hooks';
import { fork } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Event } from 'aws-lambda';
import sesLocal from 'aws-ses-v2-local';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { DEFAULT_TABLE_NAME, tableDefinition } from '#adapters/table-schema';
import { LkgError } from '#domain/errors';
import { objectKeyProblem } from '#domain/object-keys';
import { UPLOAD_ID_METADATA } from '#domain/uploader';
import { LOCAL_S3_CORS } from './console.ts';

/** The local credentials (s3rver's defaults; dynalite and SES accept anything). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
export const LOCAL_REGION = 'us-east-1';
export const DEFAULT_BUCKET = 'lkg-territory';

export interface EmulatorOptions {
  /** Loopback by default. */
  host?: string;
  /** 0: a free port. */
  ports: { dynamodb: number; s3: number; ses: number };
  /** dynalite's LevelDB directory; absent: in memory. */
  dynamodbPath?: string;
  /**
   * Runs dynalite in a child process of its own (`npm start` does): reads keep being answered
   * while this process works (an import, a rebuild). Default: in this process (tests).
   */
  dynamodbProcess?: boolean;
  /** s3rver's directory (required: s3rver keeps objects on disk). */
  s3Directory: string;
  tableName?: string;
  bucket?: string;
  /** Called with each object-created event under any key, keys URL-encoded as S3 does. */
  onS3Event?: (event: S3Event) => void;
}

export interface Emulators {
  dynamodbEndpoint: string;
  s3Endpoint: string;
  sesEndpoint: string;
  tableName: string;
  bucket: string;
  /** The handlers' environment: table, bucket, endpoints, region, credentials. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** A port in use (or not allowed): which service and which port. */
export class PortInUseError extends LkgError {
  constructor(
    readonly service: string,
    readonly port: number,
  ) {
    super(
      `端口 ${port} 已被占用（${service}）：请关闭占用该端口的程序，或换一个端口（见 docs/local-stack.md）。`,
    );
  }
}

/** Fails with PortInUseError when the port cannot be listened on (0 always succeeds). */
export async function assertPortFree(service: string, port: number, host: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () => reject(new PortInUseError(service, port)));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

function listen(server: Server, port: number, host: string, service: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES' ? new PortInUseError(service, port) : error,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

/**
 * Encodes an object key as S3 event notifications do: each path segment URL-encoded, a space
 * as `+` (so a `+` in the key is `%2B`).
 */
export function encodeEventKey(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%20/g, '+'))
    .join('/');
}

/** The bits of a Koa context the key guard reads and writes. */
interface GuardContext {
  path: string;
  status: number;
  type: string;
  body: unknown;
}

/**
 * The object key of a path-style S3 request (`/<bucket>/<key>`), decoded; null for requests on
 * the service or a bucket, or a path that does not decode.
 */
export function objectKeyOfPath(path: string): string | null {
  const match = /^\/[^/]+\/(.+)$/s.exec(path);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return '\u0000';
  }
}

/**
 * A middleware placed before s3rver's own: a request naming an object key that fails
 * `objectKeyProblem` (too long, a `..` segment, control characters…) answers 400 with an S3
 * error document and never reaches s3rver's file store — so a key can neither leave the data
 * folder nor crash the process with ENAMETOOLONG.
 */
export function keyGuard(): (ctx: GuardContext, next: () => Promise<unknown>) => Promise<unknown> {
  return async (ctx, next) => {
    const key = objectKeyOfPath(ctx.path);
    const problem = key === null ? null : objectKeyProblem(key.endsWith('/') ? key.slice(0, -1) : key);
    if (!problem) return next();
    ctx.status = 400;
    ctx.type = 'application/xml';
    const escaped = problem.replace(
      /[<>&]/g,
      (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c] as string,
    );
    ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InvalidArgument</Code><Message>${escaped}</Message></Error>`;
    return undefined;
  };
}

/** The headers of the S3 request being handled (s3rver emits its events while handling it). */
const s3Request = new AsyncLocalStorage<Record<string, string | string[] | undefined>>();

/** A middleware placed before s3rver's own: the request's headers for its event (see {@link s3Request}). */
function rememberRequest(): (
  ctx: { headers: Record<string, string | string[] | undefined> },
  next: () => Promise<unknown>,
) => Promise<unknown> {
  return (ctx, next) => s3Request.run(ctx.headers, next);
}

let lastSequencer = '';
let sameMillisecond = 0;

/**
 * A sequencer unique to each event: s3rver's (the millisecond, hex) and a counter within it, so
 * that two PUTs of one key in the same millisecond are two uploads (S3's sequencers of one key
 * never repeat), still ordered as they came.
 */
export function uniqueSequencer(millisecondHex: string): string {
  sameMillisecond = millisecondHex === lastSequencer ? sameMillisecond + 1 : 0;
  lastSequencer = millisecondHex;
  return `${millisecondHex}${sameMillisecond.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Forks `dynalite-process.ts` and waits until it listens: its port and how to stop it. The
 * child exits when this process disconnects (a crash, `kill -9`), so its LevelDB lock is freed.
 */
async function forkDynalite(
  port: number,
  host: string,
  path: string | undefined,
): Promise<{ port: number; stop(): Promise<void> }> {
  // LKG_DYNALITE_HEAP_MB: a larger heap for an in-memory table at district size (the benches)
  const heap = Number(process.env.LKG_DYNALITE_HEAP_MB ?? 0);
  const child = fork(fileURLToPath(new URL('./dynalite-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', ...(heap > 0 ? [`--max-old-space-size=${heap}`] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.send('stop');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  const answer = await new Promise<{ listening?: number; error?: string; code?: string | null }>(
    (resolveAnswer, reject) => {
      child.once('message', (m) => resolveAnswer(m as { listening?: number }));
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`dynalite 进程启动失败（退出码 ${code}）`)));
      child.send({ port, host, ...(path ? { path } : {}) });
    },
  );
  if (answer.listening === undefined) {
    await stop();
    if (answer.code === 'EADDRINUSE' || answer.code === 'EACCES')
      throw new PortInUseError('DynamoDB（dynalite）', port);
    throw new Error(`dynalite 进程启动失败：${answer.error ?? '未知原因'}`);
  }
  return { port: answer.listening, stop };
}

/** Creates the table (and waits until it is active) unless it exists. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(tableDefinition(tableName)));
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceInUseException') throw error;
  }
  for (let i = 0; i < 200; i++) {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (out.Table?.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === 'ACTIVE');
    if (out.Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}

/** Starts the three emulators, creates the table and the bucket. */
export async function startEmulators(options: EmulatorOptions): Promise<Emulators> {
  const host = options.host ?? '127.0.0.1';
  const tableName = options.tableName ?? DEFAULT_TABLE_NAME;
  const bucket = options.bucket ?? DEFAULT_BUCKET;
  await assertPortFree('DynamoDB（dynalite）', options.ports.dynamodb, host);
  await assertPortFree('S3（s3rver）', options.ports.s3, host);
  await assertPortFree('SES（aws-ses-v2-local）', options.ports.ses, host);

  const stops: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    // DynamoDB
    if (options.dynamodbPath) mkdirSync(options.dynamodbPath, { recursive: true });
    let dynamoPort: number;
    if (options.dynamodbProcess) {
      const child = await forkDynalite(options.ports.dynamodb, host, options.dynamodbPath);
      dynamoPort = child.port;
      stops.push(child.stop);
    } else {
      const dynamo = dynalite({
        createTableMs: 0,
        deleteTableMs: 0,
        updateTableMs: 0,
        ...(options.dynamodbPath ? { path: options.dynamodbPath } : {}),
      }) as Server;
      dynamoPort = await listen(dynamo, options.ports.dynamodb, host, 'DynamoDB（dynalite）');
      stops.push(() => closeServer(dynamo));
    }
    const dynamodbEndpoint = `http://${host}:${dynamoPort}`;
    const ddb = new DynamoDBClient({
      endpoint: dynamodbEndpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    await ensureTable(ddb, tableName);
    ddb.destroy();

    // S3
    mkdirSync(options.s3Directory, { recursive: true });
    const s3 = new S3rver({
      port: options.ports.s3,
      address: host,
      directory: options.s3Directory,
      silent: true,
      configureBuckets: [{ name: bucket, configs: [LOCAL_S3_CORS] }],
    });
    // The guard runs before s3rver's middleware (Koa composes `middleware` when it starts).
    (s3 as unknown as { middleware: unknown[] }).middleware.unshift(keyGuard(), rememberRequest());
    let s3Port: number;
    try {
      s3Port = (await s3.run()).port;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' || code === 'EACCES')
        throw new PortInUseError('S3（s3rver）', options.ports.s3);
      throw error;
    }
    stops.push(async () => {
      (s3 as unknown as { httpServer?: Server }).httpServer?.closeAllConnections?.();
      await s3.close();
    });
    if (options.onS3Event) {
      const handler = options.onS3Event;
      s3.on('event', (raw: S3Event) => {
        const event = structuredClone(raw);
        const headers = s3Request.getStore();
        const uploadId = headers?.[`x-amz-meta-${UPLOAD_ID_METADATA}`];
        for (const record of event.Records) {
          if (!record.eventName.startsWith('ObjectCreated')) return;
          record.s3.object.key = encodeEventKey(record.s3.object.key);
          record.s3.object.sequencer = uniqueSequencer(record.s3.object.sequencer);
          // S3 keeps the versions an event names; s3rver keeps only the latest object, so the
          // event carries the upload id its PUT set (a later PUT may replace the object's).
          if (typeof uploadId === 'string') (record.s3.object as { uploadId?: string }).uploadId = uploadId;
        }
        handler(event);
      });
    }
    const s3Endpoint = `http://${host}:${s3Port}`;

    // SES
    const startSes = (sesLocal as unknown as { default?: typeof sesLocal }).default ?? sesLocal;
    const ses = (await Promise.race([
      startSes({ port: options.ports.ses, host }),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new PortInUseError('SES（aws-ses-v2-local）', options.ports.ses)), 5000),
      ),
    ])) as Server;
    stops.push(() => closeServer(ses));
    const sesEndpoint = `http://${host}:${(ses.address() as AddressInfo).port}`;

    const env: Record<string, string> = {
      LKG_TABLE_NAME: tableName,
      LKG_BUCKET_NAME: bucket,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint,
      AWS_ENDPOINT_URL_S3: s3Endpoint,
      AWS_ENDPOINT_URL_SESV2: sesEndpoint,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    };
    return { dynamodbEndpoint, s3Endpoint, sesEndpoint, tableName, bucket, env, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
