/**
 * The table's keys and indexes as a DynamoDB `CreateTable` input, kept with the store that
 * writes them: used by the local stack and the tests (dynalite), by the memory table (what the
 * name index projects) and mirrored by the CDK stack (`infra/constructs/table.ts`), which import
 * it from here, so they cannot drift. The design is in docs/storage.md.
 *
 * - table: `pk` (HASH), `sk` (RANGE)
 * - `gsi1`: `g1pk`, `g1sk` — versions by shard, indicators by month (sharded), imports newest first
 * - `gsi2`: `g2pk`, `g2sk` — a unit's enterprises by role (`U#<unit>#<role>`), the unfinished import (sparse `PENDING`)
 * - `gsi3`: `g3pk`, `g3sk` — name search: the record heads only (sparse, `NAMES#<shard>`), projected
 *   with the name, its search form and the writing import (INCLUDE {@link NAME_INDEX_ATTRIBUTES})
 *
 * @module
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/** The attributes `gsi3` (name search) projects besides the keys. */
export const NAME_INDEX_ATTRIBUTES = ['name', 'form', 'w', 'tomb'] as const;

/** The default table name of the local stack. */
export const DEFAULT_TABLE_NAME = 'lkg-territory';

/** The `CreateTable` input (on-demand billing; `gsi1` and `gsi2` project every attribute, `gsi3` the name). */
export function tableDefinition(tableName: string = DEFAULT_TABLE_NAME): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'g1pk', AttributeType: 'S' },
      { AttributeName: 'g1sk', AttributeType: 'S' },
      { AttributeName: 'g2pk', AttributeType: 'S' },
      { AttributeName: 'g2sk', AttributeType: 'S' },
      { AttributeName: 'g3pk', AttributeType: 'S' },
      { AttributeName: 'g3sk', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'gsi1',
        KeySchema: [
          { AttributeName: 'g1pk', KeyType: 'HASH' },
          { AttributeName: 'g1sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
      {
        IndexName: 'gsi2',
        KeySchema: [
          { AttributeName: 'g2pk', KeyType: 'HASH' },
          { AttributeName: 'g2sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
      {
        IndexName: 'gsi3',
        KeySchema: [
          { AttributeName: 'g3pk', KeyType: 'HASH' },
          { AttributeName: 'g3sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...NAME_INDEX_ATTRIBUTES] },
      },
    ],
  };
}
