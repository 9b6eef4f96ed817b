/**
 * The store on DynamoDB (and dynalite locally): the single-table design of
 * `dynamodb-items.ts` over the DocumentClient.
 *
 * - reads: GetItem, BatchGetItem (100 keys per request, UnprocessedKeys retried with backoff),
 *   Query on the table and its indexes; the gets issued in one tick (an API request's row, its
 *   published document and the due changes) go out as one BatchGetItem; Scan only for a replay or rebuild (`replayProjection`);
 * - writes: BatchWriteItem (25 items per request, several requests in flight, UnprocessedItems
 *   retried with backoff), conditional PutItem for import records and the latest month; no
 *   transactions (dynalite has none).
 *
 * @example
 * ```ts
 * import { createDynamoDbStore, dynamoDbStoreFromEnv } from '#adapters/dynamodb-store';
 * const store = dynamoDbStoreFromEnv(process.env); // LKG_TABLE_NAME, AWS_ENDPOINT_URL_DYNAMODB
 * ```
 *
 * @module
 */

import {
  BatchGetCommand,
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { LkgError } from '#domain/errors';
import { inParallel } from '#domain/parallel';
import { documentClient, sharedDocumentClient } from './aws-clients.ts';
import {
  type Condition,
  chunk,
  type Item,
  type ItemKey,
  type PutCondition,
  type QueryInput,
  type QueryOutput,
  type Table,
  type WriteStats,
} from './dynamodb-items.ts';
import { TableStore } from './table-store.ts';

const INDEX_KEYS = { gsi1: ['g1pk', 'g1sk'], gsi2: ['g2pk', 'g2sk'], gsi3: ['g3pk', 'g3sk'] } as const;

/** Retry policy for unprocessed batch items. */
export interface RetryOptions {
  /** Attempts for one batch (first try included). Default 10. */
  attempts: number;
  /** First backoff in ms, doubled per attempt with full jitter. Default 25. */
  baseDelayMs: number;
  /** Backoff cap in ms. Default 2000. */
  maxDelayMs: number;
  /** Batch requests in flight at once. Default 8. */
  concurrency: number;
}

const DEFAULT_RETRY: RetryOptions = { attempts: 10, baseDelayMs: 25, maxDelayMs: 2000, concurrency: 8 };

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function backoff(attempt: number, options: RetryOptions): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.floor(Math.random() * cap) + 1;
}

function filterExpression(
  filter: readonly Condition[] | undefined,
  names: Record<string, string>,
  values: Record<string, unknown>,
): string | undefined {
  if (!filter || filter.length === 0) return undefined;
  return filter
    .map((c, i) => {
      const n = `#f${i}`;
      const v = `:f${i}`;
      names[n] = c.attribute;
      values[v] = c.value;
      switch (c.op) {
        case 'contains':
          return `contains(${n}, ${v})`;
        case 'begins_with':
          return `begins_with(${n}, ${v})`;
        default:
          return `${n} ${c.op} ${v}`;
      }
    })
    .join(' AND ');
}

/** Thrown when a batch still has unprocessed items after every retry. */
export class UnprocessedItemsError extends LkgError {}

/** The `Table` on DynamoDB. */
export class DynamoTable implements Table {
  readonly stats: WriteStats = { requests: 0, items: 0 };
  private readonly retry: RetryOptions;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
    retry: Partial<RetryOptions> = {},
  ) {
    this.retry = { ...DEFAULT_RETRY, ...retry };
  }

  /** The gets of the current tick, sent together when it ends (see {@link DynamoTable.get}). */
  private gets: Array<{
    key: ItemKey;
    resolve: (item: Item | null) => void;
    reject: (e: unknown) => void;
  }> | null = null;

  /**
   * One item by key. Gets issued in the same tick (before the promise jobs run out) are sent
   * together: one GetItem when alone, else one BatchGetItem — one request where a route reads
   * several items at once (on single-threaded dynalite each request costs more than its items).
   */
  get(key: ItemKey): Promise<Item | null> {
    return new Promise((resolve, reject) => {
      if (!this.gets) {
        this.gets = [];
        process.nextTick(() => this.sendGets());
      }
      this.gets.push({ key: { pk: key.pk, sk: key.sk }, resolve, reject });
    });
  }

  private sendGets(): void {
    const gets = this.gets ?? [];
    this.gets = null;
    const [only] = gets;
    if (gets.length === 1 && only) {
      this.client
        .send(new GetCommand({ TableName: this.tableName, Key: only.key }))
        .then((out) => only.resolve((out.Item as Item | undefined) ?? null), only.reject);
      return;
    }
    const id = (k: ItemKey) => `${k.pk}\u0000${k.sk}`;
    this.batchGet(gets.map((g) => g.key)).then(
      (items) => {
        const found = new Map(items.map((item) => [id(item), item]));
        // Each caller gets its own copy (two gets of one key must not share an object).
        for (const g of gets) {
          const item = found.get(id(g.key));
          g.resolve(item ? structuredClone(item) : null);
        }
      },
      (error: unknown) => {
        for (const g of gets) g.reject(error);
      },
    );
  }

  async batchGet(keys: readonly ItemKey[]): Promise<Item[]> {
    const unique = new Map<string, ItemKey>();
    for (const k of keys) unique.set(`${k.pk}\u0000${k.sk}`, { pk: k.pk, sk: k.sk });
    const batches = chunk([...unique.values()], 100);
    const results = await inParallel(
      batches.map((batch) => async () => {
        const found: Item[] = [];
        let pending: Record<string, unknown>[] = batch as unknown as Record<string, unknown>[];
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt >= this.retry.attempts) {
            throw new UnprocessedItemsError(
              `BatchGetItem: ${pending.length} keys still unprocessed after ${attempt} attempts`,
            );
          }
          if (attempt > 0) await sleep(backoff(attempt, this.retry));
          const out = await this.client.send(
            new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending } } }),
          );
          found.push(...((out.Responses?.[this.tableName] ?? []) as Item[]));
          pending = (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<string, unknown>[];
        }
        return found;
      }),
      this.retry.concurrency,
    );
    return results.flat();
  }

  async query(input: QueryInput): Promise<QueryOutput> {
    const [pkName, skName] = input.index ? INDEX_KEYS[input.index] : (['pk', 'sk'] as const);
    const names: Record<string, string> = { '#p': pkName };
    const values: Record<string, unknown> = { ':p': input.partition };
    let keyCondition = '#p = :p';
    if (input.prefix !== undefined) {
      names['#s'] = skName;
      values[':s'] = input.prefix;
      keyCondition += ' AND begins_with(#s, :s)';
    }
    const filter = filterExpression(input.filter, names, values);
    const command: QueryCommandInput = {
      TableName: this.tableName,
      ...(input.index ? { IndexName: input.index } : {}),
      KeyConditionExpression: keyCondition,
      ...(filter ? { FilterExpression: filter } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: input.forward !== false,
      ...(input.limit ? { Limit: input.limit } : {}),
      ...(input.startKey ? { ExclusiveStartKey: input.startKey } : {}),
    };
    const out = await this.client.send(new QueryCommand(command));
    return {
      items: (out.Items ?? []) as Item[],
      lastKey: (out.LastEvaluatedKey as Record<string, string> | undefined) ?? null,
    };
  }

  async scan(startKey?: Record<string, string> | null): Promise<QueryOutput> {
    const out = await this.client.send(
      new ScanCommand({ TableName: this.tableName, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
    );
    return {
      items: (out.Items ?? []) as Item[],
      lastKey: (out.LastEvaluatedKey as Record<string, string> | undefined) ?? null,
    };
  }

  async batchWrite(puts: readonly Item[], deletes: readonly ItemKey[]): Promise<WriteStats> {
    // One request may not name an item twice: the last write of a key wins.
    const byKey = new Map<string, NonNullable<BatchWriteCommandInput['RequestItems']>[string][number]>();
    for (const item of puts) byKey.set(`${item.pk}\u0000${item.sk}`, { PutRequest: { Item: item } });
    for (const key of deletes) {
      byKey.set(`${key.pk}\u0000${key.sk}`, { DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } });
    }
    const requests = [...byKey.values()];
    const stats: WriteStats = { requests: 0, items: requests.length };
    await inParallel(
      chunk(requests, 25).map((batch) => async () => {
        let pending = batch;
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt >= this.retry.attempts) {
            throw new UnprocessedItemsError(
              `BatchWriteItem: ${pending.length} items still unprocessed after ${attempt} attempts`,
            );
          }
          if (attempt > 0) await sleep(backoff(attempt, this.retry));
          const out = await this.client.send(
            new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }),
          );
          stats.requests += 1;
          this.stats.requests += 1;
          pending = (out.UnprocessedItems?.[this.tableName] ?? []) as typeof pending;
        }
      }),
      this.retry.concurrency,
    );
    this.stats.items += stats.items;
    return stats;
  }

  async putIf(item: Item, condition: PutCondition): Promise<boolean> {
    const input: ConstructorParameters<typeof PutCommand>[0] = { TableName: this.tableName, Item: item };
    if (condition.kind === 'notExists') {
      input.ConditionExpression = 'attribute_not_exists(pk)';
    } else if (condition.kind === 'lease') {
      input.ConditionExpression = 'attribute_not_exists(#a) OR #a < :v OR #h = :h';
      input.ExpressionAttributeNames = { '#a': condition.attribute, '#h': condition.holderAttribute };
      input.ExpressionAttributeValues = { ':v': condition.value, ':h': condition.holder };
    } else if (condition.kind === 'atMost') {
      input.ConditionExpression = 'attribute_not_exists(#a) OR #a <= :v';
      input.ExpressionAttributeNames = { '#a': condition.attribute };
      input.ExpressionAttributeValues = { ':v': condition.value };
    } else if (condition.kind === 'equals') {
      input.ConditionExpression = condition.value === null ? 'attribute_not_exists(#a)' : '#a = :v';
      input.ExpressionAttributeNames = { '#a': condition.attribute };
      if (condition.value !== null) input.ExpressionAttributeValues = { ':v': condition.value };
    } else if (condition.kind === 'lessThan') {
      input.ConditionExpression = 'attribute_not_exists(#a) OR #a < :v';
      input.ExpressionAttributeNames = { '#a': condition.attribute };
      input.ExpressionAttributeValues = { ':v': condition.value };
    }
    try {
      await this.client.send(new PutCommand(input));
      this.stats.requests += 1;
      this.stats.items += 1;
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}

/** Options of the DynamoDB store. */
export interface DynamoDbStoreOptions {
  tableName: string;
  /** A DocumentClient; default one built from `process.env`. */
  client?: DynamoDBDocumentClient;
  retry?: Partial<RetryOptions>;
}

/** The DynamoDB store: a `TableStore` over a `DynamoTable`. */
export type DynamoDbStore = TableStore & { table: DynamoTable };

/** Creates the store on a table. */
export function createDynamoDbStore(options: DynamoDbStoreOptions): DynamoDbStore {
  const client = options.client ?? sharedDocumentClient();
  return new TableStore(new DynamoTable(client, options.tableName, options.retry)) as DynamoDbStore;
}

/**
 * The store from an environment: `LKG_TABLE_NAME`, `AWS_REGION`, `AWS_ENDPOINT_URL_DYNAMODB`
 * (local stack), `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`.
 *
 * @throws Error when `LKG_TABLE_NAME` is not set.
 */
export function dynamoDbStoreFromEnv(env: Record<string, string | undefined> = process.env): DynamoDbStore {
  const tableName = env.LKG_TABLE_NAME;
  if (!tableName) throw new Error('LKG_TABLE_NAME is not set: the store needs the DynamoDB table name');
  const client = env === process.env ? sharedDocumentClient() : documentClient(env);
  return createDynamoDbStore({ tableName, client });
}
