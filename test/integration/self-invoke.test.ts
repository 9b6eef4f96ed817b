/**
 * Work that outlasts one Lambda invocation, through the ingest (worker) function's real entry
 * point, the real Lambda client (an emulator of Invoke on loopback), dynalite and s3rver:
 * - the rebuild, given a tiny time budget (each invocation may write one page), queues itself
 *   again (InvocationType `Event`) until it commits; the store then equals the fresh import,
 *   item by item;
 * - `POST /impact` in the AWS wiring answers 202 and queues `{source: "lkg.impact", id}` for the
 *   worker, which runs it to the same result as `lkg impact --json` (the run never
 *   outlives the API's invocation).
 */
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#adapters/aws-clients';
import { type Item, isProjected, REPROJECT_PAGE } from '#adapters/dynamodb-items';
import { createDynamoDbStore, type DynamoDbStore } from '#adapters/dynamodb-store';
import { S3Objects, s3Client } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { POLICY_2020_1_DATA } from '#domain/policy/index';
import { apiDepsFromEnv, createApiHandler } from '#functions/api/handler';
import { impactOverStore, readDraft } from '#functions/coordination/impact';
import { createIngestHandler, handler } from '#functions/ingest/handler';
import { apiEvent, BUREAU } from '../functions/api/support/fixtures.ts';
import { startEmulators, type TestEmulators } from '../support/emulators.ts';
import { committedItems, s3Event } from '../support/ingest.ts';
import { type LambdaEmulator, startLambdaEmulator } from '../support/lambda-emulator.ts';
import { exampleBytes } from '../support/workbooks.ts';

const WORKER = 'lkg-worker';
let emulators: TestEmulators;
let lambda: LambdaEmulator;
let store: DynamoDbStore;
const saved = { ...process.env };

/**
 * A budget that lets each invocation write one page: plenty at the first three looks (middy's
 * own, for its early-timeout timer; the apply lease's, whose term is the time left, read once
 * when the rebuild takes it; the rebuild's before its first page), then too little.
 */
const onePagePerInvocation = (call: number) => (call <= 2 ? 900_000 : 1_000);

beforeAll(async () => {
  emulators = await startEmulators();
  lambda = await startLambdaEmulator(
    { [WORKER]: (event, context) => handler(event as never, context) },
    onePagePerInvocation,
  );
  Object.assign(process.env, emulators.env, {
    AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint,
    AWS_LAMBDA_FUNCTION_NAME: WORKER,
    LKG_WORKER_FUNCTION: WORKER,
    LKG_CURSOR_SECRET: 'self-invoke-test',
  });
  store = createDynamoDbStore({ tableName: emulators.tableName, client: documentClient(emulators.env) });
  const objects = new S3Objects(s3Client(emulators.env));
  const key = 'uploads/bureau/2026-10-示例台账.xlsx';
  await objects.put(emulators.bucket, key, exampleBytes(), 'application/octet-stream');
  const ingest = createIngestHandler({
    store,
    objects,
    clock: { now: () => new Date() },
    workbooks: sheetJsWorkbooks,
  });
  await ingest(s3Event(key, { bucket: emulators.bucket }));
}, 60_000);
afterAll(async () => {
  process.env = saved;
  await lambda?.stop();
  await emulators?.stop();
});

async function scan(): Promise<Item[]> {
  const client = documentClient(emulators.env);
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await client.send(
      new ScanCommand({ TableName: emulators.tableName, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    items.push(...((out.Items ?? []) as Item[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

const projection = async () =>
  committedItems(await scan())
    .filter(isProjected)
    .sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));

describe('the worker function re-invokes itself', () => {
  it('a rebuild with a budget of one page per invocation queues itself until the store equals the fresh import', async () => {
    const fresh = await projection();
    expect(fresh.length).toBeGreaterThan(3 * REPROJECT_PAGE);
    // The projection lost: every projected item deleted (what a rebuild must restore).
    const client = documentClient(emulators.env);
    for (let i = 0; i < fresh.length; i += 25)
      await client.send(
        new BatchWriteCommand({
          RequestItems: {
            [emulators.tableName]: fresh
              .slice(i, i + 25)
              .map((it) => ({ DeleteRequest: { Key: { pk: it.pk, sk: it.sk } } })),
          },
        }),
      );
    expect(await projection()).toEqual([]);

    const { lambdaInvokerFromEnv } = await import('#adapters/lambda-invoker');
    await lambdaInvokerFromEnv(process.env, WORKER).invoke({ source: 'lkg.rebuild', runId: 'tiny-budget' });
    await lambda.idle();

    const rebuilds = lambda.invocations.filter(
      (i) => (i.event as { source?: string }).source === 'lkg.rebuild',
    );
    expect(rebuilds.every((i) => i.outcome === 'ok')).toBe(true);
    expect(rebuilds.length).toBeGreaterThan(3);
    expect(rebuilds.map((i) => (i.event as { round?: number }).round ?? 0)).toEqual(
      rebuilds.map((_, n) => n),
    );
    expect(await projection()).toEqual(fresh);
  }, 120_000);

  it('POST /impact answers 202 and the worker runs the queued job to the result lkg impact gives', async () => {
    const api = createApiHandler(await apiDepsFromEnv(process.env));
    // a draft moving 金银湖街 into 机电's 板块 from 2026-07
    const draft = {
      ...POLICY_2020_1_DATA,
      id: 'draft-self-invoke',
      effectiveFrom: '2026-07-01',
      notice: null,
    };
    draft.clusters = {
      ...draft.clusters,
      jidian: { ...draft.clusters.jidian, streets: [...draft.clusters.jidian.streets, 'jinyinhu'] },
    };
    const context = { functionName: 'lkg-api', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;
    const res = await api(apiEvent('POST', '/impact', BUREAU, { policy: draft }), context);
    expect(res.statusCode).toBe(202);
    const { id } = JSON.parse(res.body as string) as { id: string };
    await lambda.idle();
    const queued = lambda.invocations.filter((i) => (i.event as { source?: string }).source === 'lkg.impact');
    expect(queued).toEqual([{ functionName: WORKER, event: { source: 'lkg.impact', id }, outcome: 'ok' }]);
    const got = await api(apiEvent('GET', `/impact/${id}`, BUREAU), context);
    const body = JSON.parse(got.body as string) as { status: string; result: unknown };
    expect(body.status).toBe('done');
    expect(body.result).toEqual(JSON.parse(JSON.stringify(await impactOverStore(store, readDraft(draft)))));
  }, 60_000);
});
