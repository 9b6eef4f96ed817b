/**
 * The DynamoDB adapter's SDK calls where they matter: BatchWriteItem 25 per request with
 * UnprocessedItems retried, BatchGetItem 100 per request with UnprocessedKeys retried, the
 * conditional puts.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Item } from '#adapters/dynamodb-items';
import { DynamoTable, UnprocessedItemsError } from '#adapters/dynamodb-store';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const mock = mockClient(doc);
const fast = { baseDelayMs: 1, maxDelayMs: 2, attempts: 4, concurrency: 1 };

function items(n: number): Item[] {
  return Array.from({ length: n }, (_, i) => ({ pk: `P#${i}`, sk: 'S', v: i }));
}

beforeEach(() => mock.reset());

describe('batchWrite', () => {
  it.each([
    [0, []],
    [1, [1]],
    [25, [25]],
    [26, [25, 1]],
    [60, [25, 25, 10]],
  ])('%i items → requests of %j', async (n, sizes) => {
    mock.on(BatchWriteCommand).resolves({});
    const table = new DynamoTable(doc, 't', fast);
    const stats = await table.batchWrite(items(n), []);
    const calls = mock.commandCalls(BatchWriteCommand);
    expect(calls.map((c) => c.args[0].input.RequestItems?.t?.length)).toEqual(sizes);
    expect(stats).toEqual({ requests: sizes.length, items: n });
  });

  it('writes a key named twice once (the last write wins)', async () => {
    mock.on(BatchWriteCommand).resolves({});
    const table = new DynamoTable(doc, 't', fast);
    await table.batchWrite(
      [
        { pk: 'a', sk: 'b', v: 1 },
        { pk: 'a', sk: 'b', v: 2 },
      ],
      [],
    );
    const sent = mock.commandCalls(BatchWriteCommand)[0]?.args[0].input.RequestItems?.t;
    expect(sent).toEqual([{ PutRequest: { Item: { pk: 'a', sk: 'b', v: 2 } } }]);
  });

  it('retries UnprocessedItems until none remain', async () => {
    const batch = items(3);
    mock
      .on(BatchWriteCommand)
      .resolvesOnce({
        UnprocessedItems: { t: [{ PutRequest: { Item: batch[1] } }, { PutRequest: { Item: batch[2] } }] },
      })
      .resolvesOnce({ UnprocessedItems: { t: [{ PutRequest: { Item: batch[2] } }] } })
      .resolves({});
    const table = new DynamoTable(doc, 't', fast);
    const stats = await table.batchWrite(batch, []);
    const calls = mock.commandCalls(BatchWriteCommand);
    expect(calls.map((c) => c.args[0].input.RequestItems?.t?.length)).toEqual([3, 2, 1]);
    expect(stats).toEqual({ requests: 3, items: 3 });
  });

  it('gives up after the last attempt with a clear error', async () => {
    const batch = items(1);
    mock.on(BatchWriteCommand).resolves({ UnprocessedItems: { t: [{ PutRequest: { Item: batch[0] } }] } });
    const table = new DynamoTable(doc, 't', fast);
    await expect(table.batchWrite(batch, [])).rejects.toBeInstanceOf(UnprocessedItemsError);
    expect(mock.commandCalls(BatchWriteCommand)).toHaveLength(4);
  });

  it('sends deletes as DeleteRequest', async () => {
    mock.on(BatchWriteCommand).resolves({});
    const table = new DynamoTable(doc, 't', fast);
    await table.batchWrite([], [{ pk: 'a', sk: 'b' }]);
    expect(mock.commandCalls(BatchWriteCommand)[0]?.args[0].input.RequestItems?.t).toEqual([
      { DeleteRequest: { Key: { pk: 'a', sk: 'b' } } },
    ]);
  });
});

describe('batchGet', () => {
  it.each([
    [1, [1]],
    [100, [100]],
    [101, [100, 1]],
    [250, [100, 100, 50]],
  ])('%i keys → requests of %j', async (n, sizes) => {
    mock.on(BatchGetCommand).resolves({ Responses: { t: [] } });
    const table = new DynamoTable(doc, 't', fast);
    await table.batchGet(items(n).map(({ pk, sk }) => ({ pk, sk })));
    expect(
      mock.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems?.t?.Keys?.length),
    ).toEqual(sizes);
  });

  it('retries UnprocessedKeys and returns every item', async () => {
    mock
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { t: [{ pk: 'a', sk: 'S' }] },
        UnprocessedKeys: { t: { Keys: [{ pk: 'b', sk: 'S' }] } },
      })
      .resolves({ Responses: { t: [{ pk: 'b', sk: 'S' }] } });
    const table = new DynamoTable(doc, 't', fast);
    const got = await table.batchGet([
      { pk: 'a', sk: 'S' },
      { pk: 'b', sk: 'S' },
    ]);
    expect(got.map((i) => i.pk).sort()).toEqual(['a', 'b']);
    expect(mock.commandCalls(BatchGetCommand)[1]?.args[0].input.RequestItems?.t?.Keys).toEqual([
      { pk: 'b', sk: 'S' },
    ]);
  });
});

describe('get: the gets of one tick go out together', () => {
  it('a lone get is one GetItem', async () => {
    mock.on(GetCommand).resolves({ Item: { pk: 'a', sk: 'S', v: 1 } });
    const table = new DynamoTable(doc, 't', fast);
    expect(await table.get({ pk: 'a', sk: 'S' })).toEqual({ pk: 'a', sk: 'S', v: 1 });
    expect(mock.commandCalls(GetCommand)).toHaveLength(1);
    expect(mock.commandCalls(BatchGetCommand)).toHaveLength(0);
  });

  it('gets issued in one tick are one BatchGetItem; each caller gets its item (its own copy) or null', async () => {
    mock.on(BatchGetCommand).resolves({
      Responses: {
        t: [
          { pk: 'b', sk: 'S', v: 2 },
          { pk: 'a', sk: 'S', v: 1 },
        ],
      },
    });
    const table = new DynamoTable(doc, 't', fast);
    const [a, b, missing, again] = await Promise.all([
      table.get({ pk: 'a', sk: 'S' }),
      table.get({ pk: 'b', sk: 'S' }),
      table.get({ pk: 'c', sk: 'S' }),
      // issued from a promise job of the same tick
      Promise.resolve().then(() => table.get({ pk: 'a', sk: 'S' })),
    ]);
    expect([a, b, missing, again]).toEqual([
      { pk: 'a', sk: 'S', v: 1 },
      { pk: 'b', sk: 'S', v: 2 },
      null,
      { pk: 'a', sk: 'S', v: 1 },
    ]);
    expect(a).not.toBe(again);
    expect(mock.commandCalls(GetCommand)).toHaveLength(0);
    expect(mock.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems?.t?.Keys)).toEqual([
      [
        { pk: 'a', sk: 'S' },
        { pk: 'b', sk: 'S' },
        { pk: 'c', sk: 'S' },
      ],
    ]);
  });

  it('gets after an I/O wait are another request', async () => {
    mock.on(GetCommand).resolves({});
    const table = new DynamoTable(doc, 't', fast);
    await table.get({ pk: 'a', sk: 'S' });
    await new Promise((resolve) => setImmediate(resolve));
    await table.get({ pk: 'b', sk: 'S' });
    expect(mock.commandCalls(GetCommand)).toHaveLength(2);
  });

  it('a failed batch fails every get in it', async () => {
    mock.on(BatchGetCommand).rejects(Object.assign(new Error('boom'), { name: 'InternalServerError' }));
    const table = new DynamoTable(doc, 't', fast);
    const got = await Promise.allSettled([table.get({ pk: 'a', sk: 'S' }), table.get({ pk: 'b', sk: 'S' })]);
    expect(got.map((g) => g.status)).toEqual(['rejected', 'rejected']);
  });
});

describe('conditional puts', () => {
  it.each([
    [null, 'attribute_not_exists(#a)', undefined],
    ['{}', '#a = :v', { ':v': '{}' }],
  ])('replaces only what was read (%j): %s', async (value, expression, values) => {
    mock.on(PutCommand).resolves({});
    const table = new DynamoTable(doc, 't', fast);
    await table.putIf(
      { pk: 'SUMDUE', sk: 'ALL', marks: '{"a":"1"}' },
      { kind: 'equals', attribute: 'marks', value },
    );
    const input = mock.commandCalls(PutCommand)[0]?.args[0].input;
    expect(input?.ConditionExpression).toBe(expression);
    expect(input?.ExpressionAttributeNames).toEqual({ '#a': 'marks' });
    expect(input?.ExpressionAttributeValues).toEqual(values);
  });

  it('creates only when absent: attribute_not_exists(pk)', async () => {
    mock
      .on(PutCommand)
      .rejectsOnce(Object.assign(new Error('no'), { name: 'ConditionalCheckFailedException' }));
    const table = new DynamoTable(doc, 't', fast);
    expect(await table.putIf({ pk: 'a', sk: 'b' }, { kind: 'notExists' })).toBe(false);
    expect(mock.commandCalls(PutCommand)[0]?.args[0].input.ConditionExpression).toBe(
      'attribute_not_exists(pk)',
    );
  });

  it('raises only: attribute_not_exists(#a) OR #a < :v', async () => {
    mock.on(PutCommand).resolves({});
    const table = new DynamoTable(doc, 't', fast);
    expect(
      await table.putIf(
        { pk: 'META', sk: 'LATEST', month: '2026-10' },
        { kind: 'lessThan', attribute: 'month', value: '2026-10' },
      ),
    ).toBe(true);
    const input = mock.commandCalls(PutCommand)[0]?.args[0].input;
    expect(input?.ConditionExpression).toBe('attribute_not_exists(#a) OR #a < :v');
    expect(input?.ExpressionAttributeNames).toEqual({ '#a': 'month' });
    expect(input?.ExpressionAttributeValues).toEqual({ ':v': '2026-10' });
  });

  it('passes other errors on', async () => {
    mock.on(PutCommand).rejects(Object.assign(new Error('boom'), { name: 'InternalServerError' }));
    const table = new DynamoTable(doc, 't', fast);
    await expect(table.putIf({ pk: 'a', sk: 'b' }, { kind: 'always' })).rejects.toThrow('boom');
  });
});

describe('query', () => {
  it('uses a key condition (never a Scan) and a filter expression with names', async () => {
    mock.on(QueryCommand).resolves({ Items: [], LastEvaluatedKey: undefined });
    const table = new DynamoTable(doc, 't', fast);
    await table.query({
      index: 'gsi2',
      partition: 'U#changqing#service',
      filter: [
        { attribute: 'from', op: '<=', value: '2026-10' },
        { attribute: 'to', op: '>', value: '2026-10' },
      ],
      limit: 50,
    });
    const input = mock.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      IndexName: 'gsi2',
      KeyConditionExpression: '#p = :p',
      FilterExpression: '#f0 <= :f0 AND #f1 > :f1',
      ExpressionAttributeNames: { '#p': 'g2pk', '#f0': 'from', '#f1': 'to' },
      Limit: 50,
    });
  });
});
