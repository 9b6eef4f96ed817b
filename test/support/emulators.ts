/**
 * The emulators for integration tests: dynalite (in memory), s3rver (a temp directory) and
 * aws-ses-v2-local, each on a free port, with the table (and its indexes) and the bucket
 * created. `env` is the handlers' environment.
 *
 * @example
 * ```ts
 * const emulators = await startEmulators();
 * afterAll(() => emulators.stop());
 * const store = dynamoDbStoreFromEnv(emulators.env);
 * ```
 *
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Event } from 'aws-lambda';
import { startEmulators as start } from '#infra/local/emulators';

export interface TestEmulators {
  dynamodbEndpoint: string;
  s3Endpoint: string;
  sesEndpoint: string;
  tableName: string;
  bucket: string;
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts the emulators on free ports; `onS3Event` receives s3rver's events (keys encoded as S3 does). */
export async function startEmulators(
  options: { onS3Event?: (event: S3Event) => void } = {},
): Promise<TestEmulators> {
  const dir = mkdtempSync(join(tmpdir(), 'lkg-emulators-'));
  const emulators = await start({
    ports: { dynamodb: 0, s3: 0, ses: 0 },
    s3Directory: join(dir, 's3'),
    ...(options.onS3Event ? { onS3Event: options.onS3Event } : {}),
  });
  return {
    ...emulators,
    async stop() {
      await emulators.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
