/**
 * The DynamoDB table of the stack, derived from the store's `CreateTable` input
 * (`tableDefinition()` in `functions/adapters/table-schema.ts`): the same key schema and the same indexes in
 * AWS and in dynalite, so the two cannot drift. What AWS adds: on-demand billing,
 * point-in-time recovery, deletion protection, retention on stack deletion.
 *
 * @module
 */
import type {
  AttributeDefinition,
  CreateTableCommandInput,
  KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';

const ATTRIBUTE_TYPES: Readonly<Record<string, dynamodb.AttributeType>> = {
  S: dynamodb.AttributeType.STRING,
  N: dynamodb.AttributeType.NUMBER,
  B: dynamodb.AttributeType.BINARY,
};

function attribute(definitions: AttributeDefinition[], name: string): dynamodb.Attribute {
  const found = definitions.find((d) => d.AttributeName === name);
  const type = found?.AttributeType ? ATTRIBUTE_TYPES[found.AttributeType] : undefined;
  if (!type) {
    throw new Error(
      `table definition: key attribute ${name} has no AttributeDefinitions entry of type S, N or B`,
    );
  }
  return { name, type };
}

/** The partition and (optional) sort key of a key schema. */
function keysOf(
  definitions: AttributeDefinition[],
  schema: KeySchemaElement[] | undefined,
  where: string,
): { partitionKey: dynamodb.Attribute; sortKey?: dynamodb.Attribute } {
  const hash = schema?.find((k) => k.KeyType === 'HASH')?.AttributeName;
  const range = schema?.find((k) => k.KeyType === 'RANGE')?.AttributeName;
  if (!hash) throw new Error(`table definition: ${where} has no HASH key`);
  return {
    partitionKey: attribute(definitions, hash),
    ...(range ? { sortKey: attribute(definitions, range) } : {}),
  };
}

function projectionOf(projection: { ProjectionType?: string; NonKeyAttributes?: string[] } | undefined): {
  projectionType: dynamodb.ProjectionType;
  nonKeyAttributes?: string[];
} {
  switch (projection?.ProjectionType ?? 'ALL') {
    case 'KEYS_ONLY':
      return { projectionType: dynamodb.ProjectionType.KEYS_ONLY };
    case 'INCLUDE':
      return {
        projectionType: dynamodb.ProjectionType.INCLUDE,
        nonKeyAttributes: projection?.NonKeyAttributes ?? [],
      };
    default:
      return { projectionType: dynamodb.ProjectionType.ALL };
  }
}

/** The CDK view of a `CreateTable` input: keys and secondary indexes. */
export interface TableShape {
  partitionKey: dynamodb.Attribute;
  sortKey?: dynamodb.Attribute;
  globalSecondaryIndexes: dynamodb.GlobalSecondaryIndexProps[];
  localSecondaryIndexes: dynamodb.LocalSecondaryIndexProps[];
}

/** Reads keys and indexes out of a `CreateTable` input (the table name and throughput are ignored). */
export function tableShapeOf(definition: CreateTableCommandInput): TableShape {
  const definitions = definition.AttributeDefinitions ?? [];
  return {
    ...keysOf(definitions, definition.KeySchema, 'the table'),
    globalSecondaryIndexes: (definition.GlobalSecondaryIndexes ?? []).map((index) => ({
      indexName: index.IndexName ?? '',
      ...keysOf(definitions, index.KeySchema, `index ${index.IndexName}`),
      ...projectionOf(index.Projection),
    })),
    localSecondaryIndexes: (definition.LocalSecondaryIndexes ?? []).map((index) => {
      const { sortKey } = keysOf(definitions, index.KeySchema, `index ${index.IndexName}`);
      if (!sortKey) throw new Error(`table definition: local index ${index.IndexName} has no RANGE key`);
      return { indexName: index.IndexName ?? '', sortKey, ...projectionOf(index.Projection) };
    }),
  };
}

/** Properties of {@link LkgTable}. */
export interface LkgTableProps {
  /** The `CreateTable` input the local stack uses (`tableDefinition()`). */
  definition: CreateTableCommandInput;
  /** Attribute holding an expiry time (epoch seconds), if the design has one. */
  timeToLiveAttribute?: string;
}

/**
 * The single table: on demand, point-in-time recovery, deletion protection, kept when the
 * stack is deleted. Keys and indexes come from the local `CreateTable` input.
 */
export class LkgTable extends dynamodb.Table {
  /** The names of the global secondary indexes, as in the definition. */
  public readonly indexNames: string[];

  public constructor(scope: Construct, id: string, props: LkgTableProps) {
    const shape = tableShapeOf(props.definition);
    super(scope, id, {
      partitionKey: shape.partitionKey,
      ...(shape.sortKey ? { sortKey: shape.sortKey } : {}),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      ...(props.timeToLiveAttribute ? { timeToLiveAttribute: props.timeToLiveAttribute } : {}),
    });
    for (const index of shape.globalSecondaryIndexes) this.addGlobalSecondaryIndex(index);
    for (const index of shape.localSecondaryIndexes) this.addLocalSecondaryIndex(index);
    this.indexNames = shape.globalSecondaryIndexes.map((i) => i.indexName);
  }
}
