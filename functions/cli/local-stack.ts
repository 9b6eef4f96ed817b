/**
 * The running local stack, as `lkg` finds it: `npm start` writes
 * `<data dir>/stack.json` (its pid, addresses, bucket and table); `lkg import`, `lkg summary`
 * and `lkg token` read it from `LKG_DATA_DIR` (else `.data`), so no endpoint flag is needed.
 * Explicit flags and `AWS_ENDPOINT_URL_*` variables still win.
 *
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the running local stack is (written by `npm start` into its data directory). */
export interface StackInfo {
  pid: number;
  api: string | null;
  console: string | null;
  s3: string;
  dynamodb: string;
  ses: string;
  bucket: string;
  table: string;
}

/** The stack file of a data directory. */
export function stackFile(dataDir: string): string {
  return join(dataDir, 'stack.json');
}

/** Writes the stack file (mode 0600). */
export function writeStackInfo(dataDir: string, info: StackInfo): void {
  writeFileSync(stackFile(dataDir), `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
}

/**
 * The running stack of a data directory (`LKG_DATA_DIR`, else `.data`), or null when none is
 * running there (no stack file, or its process is gone).
 */
export function readStackInfo(dataDir: string): StackInfo | null {
  try {
    const info = JSON.parse(readFileSync(stackFile(dataDir), 'utf8')) as StackInfo;
    process.kill(info.pid, 0);
    return info;
  } catch {
    return null;
  }
}

/** The data directory the CLI uses: `LKG_DATA_DIR`, else `.data`. */
export function dataDirOf(env: Record<string, string | undefined>): string {
  return resolve(env.LKG_DATA_DIR ?? '.data');
}

/**
 * Sets the environment of a running local stack where it is not set already: the S3,
 * DynamoDB and SES endpoints, the bucket and the table, the local credentials and region.
 * Resolves to the stack found, or null.
 */
export function useRunningStack(env: Record<string, string | undefined> = process.env): StackInfo | null {
  const info = readStackInfo(dataDirOf(env));
  if (!info) return null;
  const defaults: Record<string, string> = {
    AWS_ENDPOINT_URL_S3: info.s3,
    AWS_ENDPOINT_URL_DYNAMODB: info.dynamodb,
    AWS_ENDPOINT_URL_SESV2: info.ses,
    LKG_BUCKET_NAME: info.bucket,
    LKG_TABLE_NAME: info.table,
  };
  for (const [name, value] of Object.entries(defaults)) env[name] ??= value;
  return info;
}

/** The local signing secret's file: `<data dir>/jwt-secret`. */
export function localSecretFile(env: Record<string, string | undefined> = process.env): string {
  return join(dataDirOf(env), 'jwt-secret');
}

const LOOPBACK_URL = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/;

/** Is the endpoint on this machine (localhost, 127.0.0.1, [::1])? */
export function isLoopbackUrl(endpoint: string | undefined): boolean {
  return endpoint !== undefined && LOOPBACK_URL.test(endpoint);
}

/**
 * The emulators' fixed credentials when the endpoint is on this machine and no AWS credentials
 * are set (the local stack accepts any); otherwise nothing, and the SDK's own chain applies.
 */
export function emulatorCredentials(
  endpoint: string | undefined,
  env: Record<string, string | undefined> = process.env,
): { credentials?: { accessKeyId: string; secretAccessKey: string } } {
  return !env.AWS_ACCESS_KEY_ID && isLoopbackUrl(endpoint)
    ? { credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }
    : {};
}
