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
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { LkgError } from '#domain/errors';
import { objectKeyProblem } from '#domain/object-keys';
import type { ImportRecord } from '#domain/ports';
import type { UnitId } from '#domain/units';
import { UPLOADER_METADATA } from '#domain/uploader';
import {
  createIngestHandler,
  type IngestHandler,
  type IngestOutcome,
  resumeReceivedImports,
  resumeUnfinishedImports,
  type SweepResult,
} from '#functions/ingest/handler';
import { type IngestLogger, reportKeys } from '#functions/ingest/uploads';
import { continueRebuilds } from '#functions/rebuild/run';
import { type EmulatorOptions, type Emulators, startEmulators } from './emulators.ts';
import { expireChecks } from './expire-checks.ts';

export interface LocalStackOptions extends Omit<EmulatorOptions, 'onS3Event'> {
  /** Called after each import (the outcome) or failure (the error). */
  onImport?: (outcome: IngestOutcome | null, error: unknown, event: S3Event) => void;
  /** A rebuild left unfinished that the sweep continues (`continued`), and how it ends. */
  onRebuild?: (event: { runId: string; phase: 'continued' | 'done' | 'waiting'; written?: number }) => void;
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
  /**
   * Puts bytes under `uploads/<unit>/<name>` with the unit recorded on the object (S3 metadata
   * `uploader-unit`), waits for its import and answers its import record (from its report).
   *
   * @throws ObjectKeyError (Chinese) when the key fails `objectKeyProblem`: nothing is stored
   */
  upload(name: string, body: Uint8Array, unit?: UnitId): Promise<ImportRecord | null>;
  /** Uploads a file by path as {@link upload} does (default unit: the bureau). */
  uploadFile(path: string, unit?: UnitId): Promise<ImportRecord | null>;
  /** Resumes the imports a crash or a kill left unfinished (run by `npm start` on start). */
  resumeUnfinished(): Promise<SweepResult>;
  stop(): Promise<void>;
}

/** An object key that may not be stored (too long, `..`, control characters…): the message says why. */
export class ObjectKeyError extends LkgError {}

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
  const {
    onImport: _onImport,
    onRebuild: _onRebuild,
    logger: _logger,
    documentClient: _client,
    ...emulatorOptions
  } = options;
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
    workbooks: sheetJsWorkbooks,
    // One process on its data (main.ts holds the directory's lock) running one import at a
    // time: its imports' claims are held in one name, so the claims of a process that was
    // killed are this one's and a restart resumes its imports at once. No budget: a process
    // has no deadline (its claims take their default term, renewed while it runs).
    claimOwner: 'local-stack',
    ...(options.logger ? { logger: options.logger } : {}),
  };
  ingest = createIngestHandler(deps);
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
  const upload = async (
    name: string,
    body: Uint8Array,
    unit: UnitId = 'bureau',
  ): Promise<ImportRecord | null> => {
    const key = `uploads/${unit}/${name}`;
    const problem = objectKeyProblem(key);
    if (problem) throw new ObjectKeyError(problem);
    await objects.put(emulators.bucket, key, body, 'application/octet-stream', { [UPLOADER_METADATA]: unit });
    await idle();
    try {
      const report = await objects.get(emulators.bucket, reportKeys(key).json);
      return JSON.parse(new TextDecoder().decode(report)) as ImportRecord;
    } catch {
      return null;
    }
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
    uploadFile: (path, unit) => upload(basename(path), readFileSync(path), unit),
    resumeUnfinished: () => {
      // One at a time with the event queue: a resumed import never runs beside a new one.
      const run = queue.then(async () => {
        // As the AWS sweep: a rebuild left unfinished (`lkg rebuild` killed) goes on first.
        const rebuilds = await continueRebuilds(
          { ...deps, remainingMs: () => Number.POSITIVE_INFINITY, invokeSelf: async () => {} },
          (runId) => options.onRebuild?.({ runId, phase: 'continued' }),
        );
        for (const r of rebuilds)
          if (r.status === 'done')
            options.onRebuild?.({ runId: r.outcome.runId, phase: 'done', written: r.outcome.written });
          else if (r.status === 'waiting') options.onRebuild?.({ runId: r.runId, phase: 'waiting' });
        const unfinished = await resumeUnfinishedImports(deps);
        // Locally nothing redelivers an event: an import killed before its first write is run again too.
        const received = await resumeReceivedImports(deps);
        // The bucket's lifecycle rule for the console's checks, done by the sweep locally.
        await expireChecks(s3, emulators.bucket, deps.clock.now()).catch(() => 0);
        return {
          resumed: [...unfinished.resumed, ...received.resumed],
          failed: [...unfinished.failed, ...received.failed],
        };
      });
      queue = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
    async stop() {
      await idle().catch(() => undefined);
      s3.destroy();
      await emulators.stop();
    },
  };
}
