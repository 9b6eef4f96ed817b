/**
 * The real ingest handler against the emulators (dynalite, s3rver on free ports): the DynamoDB
 * store, the S3 object store, the SDK calls as in AWS. Data-item writes are counted by an SDK
 * middleware on the DocumentClient (BatchWriteItem items whose partition is not an import
 * record or the meta item).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#adapters/aws-clients';
import { createDynamoDbStore, type DynamoDbStore } from '#adapters/dynamodb-store';
import { S3Objects, s3Client } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { UNIT_ROLES } from '#domain/ingest';
import { periodAt } from '#domain/timeline';
import { UNITS } from '#domain/units';
import { createIngestHandler, type IngestHandler } from '#functions/ingest/handler';
import { reportKeys } from '#functions/ingest/uploads';
import { ensureTable } from '#infra/local/emulators';
import { startEmulators, type TestEmulators } from '../support/emulators.ts';
import { expectedAssignments, isDataKey, s3Event } from '../support/ingest.ts';
import { exampleBytes, exampleWith } from '../support/workbooks.ts';

let emulators: TestEmulators;
let objects: S3Objects;
let tables = 0;

beforeAll(async () => {
  emulators = await startEmulators();
  objects = new S3Objects(s3Client(emulators.env));
}, 30_000);
afterAll(async () => {
  await emulators?.stop();
});

interface Harness {
  store: DynamoDbStore;
  ingest: IngestHandler;
  counts: { dataItems: number; batchRequests: number };
  /** Throw on the n-th BatchWriteItem request from now on (null: never). */
  failOnBatch: { at: number | null };
}

async function harness(): Promise<Harness> {
  const tableName = `ingest-${++tables}`;
  const raw = new DynamoDBClient({
    endpoint: emulators.dynamodbEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  await ensureTable(raw, tableName);
  raw.destroy();
  const client: DynamoDBDocumentClient = documentClient(emulators.env);
  const counts = { dataItems: 0, batchRequests: 0 };
  const failOnBatch: { at: number | null } = { at: null };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'BatchWriteItemCommand') {
        counts.batchRequests++;
        if (failOnBatch.at !== null && counts.batchRequests >= failOnBatch.at)
          throw new Error('simulated crash');
        const input = args.input as {
          RequestItems?: Record<
            string,
            { PutRequest?: { Item: { pk: string } }; DeleteRequest?: { Key: { pk: string } } }[]
          >;
        };
        for (const list of Object.values(input.RequestItems ?? {})) {
          for (const r of list)
            if (isDataKey(r.PutRequest?.Item.pk ?? r.DeleteRequest?.Key.pk ?? '')) counts.dataItems++;
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'countDataItems' },
  );
  const store = createDynamoDbStore({ tableName, client, retry: { baseDelayMs: 1, maxDelayMs: 5 } });
  const ingest = createIngestHandler({
    store,
    objects,
    clock: { now: () => new Date() },
    workbooks: sheetJsWorkbooks,
  });
  return { store, ingest, counts, failOnBatch };
}

/** Everything the API and the summaries read, for every key and unit: the store's state as seen through its reads. */
async function observe(store: DynamoDbStore, keys: readonly string[]): Promise<unknown> {
  const versions = await store.getVersions(keys);
  const perKey = await Promise.all(
    keys.map(async (k) => ({
      k,
      versions: versions.get(k)?.map((v) => v.record),
      state: await store.recordState(k),
      indicators: await store.indicatorsByKey(k),
    })),
  );
  const lists: Record<string, string[]> = {};
  for (const unit of UNITS) {
    for (const role of UNIT_ROLES) {
      lists[`${unit.id}/${role}`] = (
        await store.listByUnit(unit.id, role, '2026-10', { limit: 1000 })
      ).items.map((i) => i.key);
    }
  }
  return {
    perKey,
    lists,
    latest: await store.latestMonth(),
    targets: await store.targets(2026),
    contacts: await store.contacts(),
    month: await store.indicatorsByMonth('2026-10'),
  };
}

/** The example names every unit's enterprises: only the bureau may upload it. */
const KEY = 'uploads/bureau/2026-10 示例+台账.xlsx';

describe('ingest on the emulators', () => {
  it('imports the example (a key with Chinese, a space and a +): every stored assignment for 2026-10 is the assessment of its row', async () => {
    const h = await harness();
    const bytes = exampleBytes();
    await objects.put(emulators.bucket, KEY, bytes, 'application/octet-stream');
    const [outcome] = await h.ingest(s3Event(KEY, { bucket: emulators.bucket }));
    expect(outcome).toMatchObject({ status: 'applied', key: KEY });
    const expected = await expectedAssignments(bytes, '2026-10 示例+台账.xlsx', '2026-10');
    for (const [key, assignment] of expected) {
      const state = await h.store.recordState(key);
      expect(state && periodAt(state, '2026-10')?.assignment, key).toEqual(assignment);
    }
    const report = JSON.parse(
      new TextDecoder().decode(await objects.get(emulators.bucket, reportKeys(KEY).json)),
    );
    expect(report).toMatchObject({ status: 'applied', objectKey: KEY, unit: 'bureau' });
    expect(await objects.head(emulators.bucket, reportKeys(KEY).xlsx)).not.toBeNull();
  });

  it('the same file again writes no data item; the same event again is one import', async () => {
    const h = await harness();
    await objects.put(emulators.bucket, KEY, exampleBytes(), 'x');
    await h.ingest(s3Event(KEY, { bucket: emulators.bucket, sequencer: '01' }));
    expect(h.counts.dataItems).toBeGreaterThan(0);
    const after = h.counts.dataItems;
    const [again] = await h.ingest(
      s3Event(KEY, { bucket: emulators.bucket, sequencer: '02', eventTime: '2026-10-21T00:00:00Z' }),
    );
    expect(again?.status).toBe('unchanged');
    expect(h.counts.dataItems - after).toBe(0);
    const [dup] = await h.ingest(
      s3Event(KEY, { bucket: emulators.bucket, sequencer: '02', eventTime: '2026-10-21T00:00:00Z' }),
    );
    expect(dup).toMatchObject({ duplicate: true, id: again?.id });
    expect((await h.store.listImports({ limit: 10 })).items).toHaveLength(2);
  });

  it('a rejected workbook writes no data item and leaves every read as it was', async () => {
    const h = await harness();
    await objects.put(emulators.bucket, KEY, exampleBytes(), 'x');
    await h.ingest(s3Event(KEY, { bucket: emulators.bucket }));
    const keys = [...(await expectedAssignments(exampleBytes(), 'x-2026-10.xlsx', '2026-10')).keys()];
    const before = await observe(h.store, keys);
    const writes = h.counts.dataItems;
    const bad = exampleWith((rows) => {
      (rows[1] as (string | number | null)[])[3] = '半建成'; // no such stage
      (rows[2] as (string | number | null)[])[2] = '改名有限公司';
    });
    const badKey = 'uploads/changqing/错误.xlsx';
    await objects.put(emulators.bucket, badKey, bad, 'x');
    const [outcome] = await h.ingest(s3Event(badKey, { bucket: emulators.bucket, sequencer: '09' }));
    expect(outcome?.status).toBe('rejected');
    expect(h.counts.dataItems).toBe(writes);
    expect(await observe(h.store, keys)).toEqual(before);
    expect(await objects.head(emulators.bucket, reportKeys(badKey).xlsx)).not.toBeNull();
  });

  it('two uploads delivered in reverse order end in the later one’s state', async () => {
    const rename = (n: string) =>
      exampleWith((rows) => {
        (rows[1] as (string | number | null)[])[2] = n;
      });
    const earlier = {
      key: 'uploads/bureau/early.xlsx',
      bytes: rename('较早上传有限公司'),
      eventTime: '2026-10-20T01:00:00Z',
      sequencer: '0A',
    };
    const later = {
      key: 'uploads/bureau/late.xlsx',
      bytes: rename('较晚上传有限公司'),
      eventTime: '2026-10-20T02:00:00Z',
      sequencer: '0B',
    };
    const forward = await harness();
    const reverse = await harness();
    for (const u of [earlier, later]) await objects.put(emulators.bucket, u.key, u.bytes, 'x');
    for (const u of [earlier, later])
      await forward.ingest(s3Event(u.key, { bucket: emulators.bucket, ...u }));
    for (const u of [later, earlier])
      await reverse.ingest(s3Event(u.key, { bucket: emulators.bucket, ...u }));
    const keys = [...(await expectedAssignments(later.bytes, 'x-2026-10.xlsx', '2026-10')).keys()];
    expect(
      (await reverse.store.getVersions(['91420112MA83G07L8M'])).get('91420112MA83G07L8M')?.[0]?.record.name,
    ).toBe('较晚上传有限公司');
    expect(await observe(reverse.store, keys)).toEqual(await observe(forward.store, keys));
  });

  // Request 1 writes the import's index entries (by key and by unit), before the import is
  // marked applying; the data items' batches follow.
  it.each([2, 5, 31])(
    'a store failing at its BatchWriteItem request %i leaves the import applying and invisible; the redelivery completes it, nothing lost or doubled',
    async (failAt) => {
      const clean = await harness();
      const crashing = await harness();
      await objects.put(emulators.bucket, KEY, exampleBytes(), 'x');
      const event = s3Event(KEY, { bucket: emulators.bucket });
      await clean.ingest(event);
      crashing.failOnBatch.at = failAt;
      await expect(crashing.ingest(event)).rejects.toThrow('simulated crash');
      expect((await crashing.store.unfinishedImport())?.status).toBe('applying');
      const keys = [...(await expectedAssignments(exampleBytes(), 'x-2026-10.xlsx', '2026-10')).keys()];
      // Nothing of the stopped import is visible: every read answers as before it.
      expect(await observe(crashing.store, keys)).toEqual(await observe((await harness()).store, keys));
      crashing.failOnBatch.at = null;
      const [outcome] = await crashing.ingest(event);
      expect(outcome?.status).toBe('applied');
      expect(await crashing.store.unfinishedImport()).toBeNull();
      expect(await observe(crashing.store, keys)).toEqual(await observe(clean.store, keys));
      expect((await crashing.store.listImports({ limit: 10 })).items).toHaveLength(1);
    },
  );
});
