/**
 * The sweep through the ingest Lambda's entry point, over dynalite and s3rver:
 * an import a failing store left `applying` is finished by the scheduled event
 * `{"source":"lkg.sweep"}` — what EventBridge Scheduler sends (infra/constructs/ingest.ts).
 */
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#adapters/aws-clients';
import { createDynamoDbStore, type DynamoDbStore } from '#adapters/dynamodb-store';
import { S3Objects, s3Client } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { createIngestHandler, handler, type SweepResult } from '#functions/ingest/handler';
import { startEmulators, type TestEmulators } from '../support/emulators.ts';
import { s3Event } from '../support/ingest.ts';
import { exampleBytes } from '../support/workbooks.ts';

let emulators: TestEmulators;
let store: DynamoDbStore;
const saved = { ...process.env };

beforeAll(async () => {
  emulators = await startEmulators();
  Object.assign(process.env, emulators.env); // the Lambda entry point reads its deps from here
  store = createDynamoDbStore({ tableName: emulators.tableName, client: documentClient(emulators.env) });
}, 30_000);
afterAll(async () => {
  process.env = saved;
  await emulators?.stop();
});

const context = {
  functionName: 'lkg-ingest',
  awsRequestId: 'sweep-test',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:lkg-ingest',
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;

describe('the ingest Lambda’s sweep event', () => {
  it('resumes an import left applying, and then finds nothing to do', async () => {
    const key = 'uploads/bureau/2026-10-示例台账.xlsx';
    const objects = new S3Objects(s3Client(emulators.env));
    await objects.put(emulators.bucket, key, exampleBytes(), 'application/octet-stream');
    // A store whose second batch write fails: the import stops half-way, `applying`.
    const failing = createDynamoDbStore({
      tableName: emulators.tableName,
      client: documentClient(emulators.env),
    });
    const batchWrite = failing.table.batchWrite.bind(failing.table);
    let batches = 0;
    failing.table.batchWrite = async (puts, deletes) => {
      if (++batches > 1) throw new Error('simulated crash');
      return batchWrite(puts, deletes);
    };
    const ingest = createIngestHandler({
      store: failing,
      objects,
      clock: { now: () => new Date() },
      workbooks: sheetJsWorkbooks,
    });
    await expect(ingest(s3Event(key, { bucket: emulators.bucket }))).rejects.toThrow('simulated crash');
    const unfinished = await store.unfinishedImport();
    expect(unfinished?.status).toBe('applying');

    const swept = (await handler({ source: 'lkg.sweep' }, context)) as SweepResult;
    expect(swept.failed).toEqual([]);
    expect(swept.resumed.map((o) => [o.id, o.status])).toEqual([[unfinished?.id, 'applied']]);
    expect(await store.unfinishedImport()).toBeNull();
    expect((await store.getImport(unfinished?.id as string))?.status).toBe('applied');
    let records = 0;
    for await (const _ of store.allVersions()) records++;
    expect(records).toBe(36);

    expect(await handler({ source: 'lkg.sweep' }, context)).toEqual({ resumed: [], failed: [] });
  }, 60_000);
});
