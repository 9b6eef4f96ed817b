/**
 * The local stack as a library: the emulators, the ingest handler fed by s3rver's events (one
 * import at a time, in arrival order), and an upload helper. `main.ts` (`npm start`) and the
 * benchmarks use it.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Event } from 'aws-lambda';
import { documentClient } from '#adapters/aws-clients';
import { createDynamoDbStore, type DynamoDbStore } from '#adapters/dynamodb-store';
import { S3Objects, s3Client } from '#adapters/s3-objects';
import { createIngestHandler, type IngestHandler, type IngestOutcome } from '#functions/ingest/handler';
import { type IngestLogger, resumeUnfinishedImports } from '#functions/ingest/import-upload';
import { type EmulatorOptions, type Emulators, startEmulators } from './emulators.ts';

export interface LocalStackOptions extends Omit<EmulatorOptions, 'onS3Event'> {
  /** Called after each import (the outcome) or failure (the error). */
  /** After each import: its outcome or error; `event` null for an import resumed at start. */
  onImport?: (outcome: IngestOutcome | null, error: unknown, event: S3Event | null) => void;
  logger?: IngestLogger;
  /** The DocumentClient of the store (benchmarks add counting middleware); default from the emulators' env. */
  documentClient?: (env: Record<string, string>) => DynamoDBDocumentClient;
}

export interface LocalStack {
  emulators: Emulators;
  env: Record<string, string>;
  store: DynamoDbStore;
  s3: S3Client;
  objects: S3Objects;
  /** The ingest handler the events go to (the same as in AWS, over the local clients). */
  ingest: IngestHandler;
  /** Resolves when every event received so far has been handled. */
  idle(): Promise<void>;
  /** Puts bytes under `uploads/<name>` (an S3 event follows) and waits for its import. */
  upload(name: string, body: Uint8Array): Promise<void>;
  /** Uploads a file by path under `uploads/<prefix><file name>` and waits for its import. */
  uploadFile(path: string, prefix?: string): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the emulators and wires s3rver's object-created events to the ingest handler. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  let queue: Promise<void> = Promise.resolve();
  let ingest: IngestHandler | null = null;
  const received: S3Event[] = [];
  const onS3Event = (event: S3Event): void => {
    queue = queue.then(async () => {
      if (!ingest) {
        received.push(event);
        return;
      }
      try {
        const outcomes = await ingest(event);
        for (const outcome of outcomes) options.onImport?.(outcome, null, event);
      } catch (error) {
        options.onImport?.(null, error, event);
      }
    });
  };
  const { onImport: _onImport, logger: _logger, documentClient: _client, ...emulatorOptions } = options;
  const emulators = await startEmulators({ ...emulatorOptions, onS3Event });
  const env = emulators.env;
  const client = options.documentClient ? options.documentClient(env) : documentClient(env);
  const store = createDynamoDbStore({ tableName: emulators.tableName, client });
  const s3 = s3Client(env);
  const objects = new S3Objects(s3);
  const deps = {
    store,
    objects,
    clock: { now: () => new Date() },
    ...(options.logger ? { logger: options.logger } : {}),
  };
  ingest = createIngestHandler(deps);
  // Imports a previous run left unfinished (killed mid-import) or failed for a reason not
  // their own: finished first, in upload order, before any new event.
  queue = queue.then(async () => {
    const { outcomes, failures } = await resumeUnfinishedImports(deps);
    for (const outcome of outcomes) options.onImport?.(outcome, null, null);
    for (const failure of failures) options.onImport?.(null, new Error(failure.error), null);
  });
  for (const event of received.splice(0)) onS3Event(event);

  const idle = async (): Promise<void> => {
    let seen: Promise<void>;
    do {
      seen = queue;
      await seen;
      // s3rver emits the event after the PUT's response may have been sent: let it arrive.
      await new Promise((r) => setTimeout(r, 20));
    } while (seen !== queue);
  };
  const upload = async (name: string, body: Uint8Array): Promise<void> => {
    await objects.put(emulators.bucket, `uploads/${name}`, body, 'application/octet-stream');
    await idle();
  };
  return {
    emulators,
    env,
    store,
    s3,
    objects,
    ingest,
    idle,
    upload,
    uploadFile: (path, prefix = '') => upload(`${prefix}${basename(path)}`, readFileSync(path)),
    async stop() {
      await idle().catch(() => undefined);
      s3.destroy();
      await emulators.stop();
    },
  };
}
