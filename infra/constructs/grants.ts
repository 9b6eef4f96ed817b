/**
 * Least-privilege grants written out by hand: every data action names its resources (object
 * ARNs with a key prefix, the table and each index by name). No data action is granted on `*`.
 *
 * @module
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { LkgTable } from './table.ts';

/** Read access to the objects under a prefix (current and earlier versions). */
export function grantReadObjects(role: iam.IRole, bucket: s3.IBucket, prefix: string): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: [bucket.arnForObjects(`${prefix}*`)],
    }),
  );
}

/** Write access (PutObject only: no delete, no ACLs) to the objects under a prefix. */
export function grantWriteObjects(role: iam.IRole, bucket: s3.IBucket, prefix: string): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['s3:PutObject'],
      resources: [bucket.arnForObjects(`${prefix}*`)],
    }),
  );
}

/** DynamoDB reads: single items, batches and queries on the table and its indexes. */
export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;
/**
 * DynamoDB writes of the store adapter (`functions/adapters/dynamodb-store.ts`): conditional
 * puts and batched writes (no UpdateItem, no DeleteItem, no transactions: dynalite has none).
 */
export const TABLE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:BatchWriteItem'] as const;
/**
 * The replay's read of the whole projection (a late delivery, a rebuild: `ItemStore.replayProjection`),
 * on the table only: the ingest function's, no request path scans.
 */
export const TABLE_REPLAY_ACTIONS = ['dynamodb:Scan'] as const;
/** What publishing writes: the record of each send and the published summary (conditional puts). */
export const TABLE_PUBLISH_ACTIONS = ['dynamodb:PutItem'] as const;

/**
 * Grants the given table actions on the table, and `dynamodb:Query` (when given) also on each
 * index, named one by one.
 */
export function grantTable(role: iam.IRole, table: LkgTable, actions: readonly string[]): void {
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...actions], resources: [table.tableArn] }));
  if (actions.includes('dynamodb:Query') && table.indexNames.length > 0) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: table.indexNames.map((name) => `${table.tableArn}/index/${name}`),
      }),
    );
  }
}
