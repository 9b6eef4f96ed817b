/**
 * Deploy parameters (context) and the table-shape conversion: pure, no synthesis.
 */
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { describe, expect, it } from 'vitest';
import { BUNDLING, entryOf, esbuildBuildOptions, FUNCTION_NAMES } from '#infra/constructs/bundling';
import { tableShapeOf } from '#infra/constructs/table';
import { CONFIG_DEFAULTS, CONTEXT_KEYS, configFromContext, type LkgConfig } from '#infra/local/deploy-config';
import { cdkJsonContext } from './template.ts';

const from = (context: Record<string, unknown>) => configFromContext({ tryGetContext: (k) => context[k] });

describe('context parameters', () => {
  it('cdk.json carries the defaults of the code, key for key', () => {
    const context = cdkJsonContext();
    for (const [field, key] of Object.entries(CONTEXT_KEYS)) {
      expect([key, context[key]]).toEqual([key, CONFIG_DEFAULTS[field as keyof LkgConfig]]);
    }
  });

  it('cdk.json turns off notices and telemetry', () => {
    expect(cdkJsonContext()).toMatchObject({ 'cli-telemetry': false, notices: false });
  });

  it('an empty context gives the defaults', () => {
    expect(from({})).toEqual(CONFIG_DEFAULTS);
  });

  it.each<[string, unknown, Partial<LkgConfig>]>([
    ['lkg:sender', 'noreply@lkg.example.cn', { sender: 'noreply@lkg.example.cn' }],
    ['lkg:bureauEmail', 'zsj@lkg.example.cn', { bureauEmail: 'zsj@lkg.example.cn' }],
    ['lkg:publishSchedule', 'cron(30 8 5 * ? *)', { publishSchedule: 'cron(30 8 5 * ? *)' }],
    ['lkg:publishSchedule', 'rate(1 day)', { publishSchedule: 'rate(1 day)' }],
    ['lkg:publishTimeZone', 'UTC', { publishTimeZone: 'UTC' }],
    [
      'lkg:publishTimeZone',
      'America/Argentina/Buenos_Aires',
      { publishTimeZone: 'America/Argentina/Buenos_Aires' },
    ],
    ['lkg:stageName', 'prod', { stageName: 'prod' }],
    ['lkg:logRetentionDays', '30', { logRetentionDays: 30 }],
    ['lkg:logRetentionDays', 3653, { logRetentionDays: 3653 }],
    ['lkg:noncurrentVersionDays', '1', { noncurrentVersionDays: 1 }],
    ['lkg:sweepSchedule', 'rate(5 minutes)', { sweepSchedule: 'rate(5 minutes)' }],
    ['lkg:allowedOrigins', 'https://lkg.example.cn', { allowedOrigins: 'https://lkg.example.cn' }],
    [
      'lkg:allowedOrigins',
      'https://lkg.example.cn,http://localhost:5173',
      { allowedOrigins: 'https://lkg.example.cn,http://localhost:5173' },
    ],
  ])('%s = %j is accepted', (key, value, expected) => {
    expect(from({ [key]: value })).toEqual({ ...CONFIG_DEFAULTS, ...expected });
  });

  it.each<[string, unknown]>([
    ['lkg:sender', 'not-an-address'],
    ['lkg:sender', 'a b@example.com'],
    ['lkg:bureauEmail', 42],
    ['lkg:publishSchedule', '0 9 10 * ? *'],
    ['lkg:publishSchedule', 'cron(0 9 10 * ?)'],
    ['lkg:publishTimeZone', 'Asia Shanghai'],
    ['lkg:stageName', 'prod/v1'],
    ['lkg:logRetentionDays', 31],
    ['lkg:logRetentionDays', 'forever'],
    ['lkg:noncurrentVersionDays', 0],
    ['lkg:noncurrentVersionDays', 1.5],
    ['lkg:sweepSchedule', 'every 15 minutes'],
    ['lkg:allowedOrigins', '*'],
    ['lkg:allowedOrigins', 'https://lkg.example.cn/app'],
    ['lkg:allowedOrigins', 'lkg.example.cn'],
  ])('%s = %j is refused, naming the key and what is expected', (key, value) => {
    expect(() => from({ [key]: value })).toThrow(new RegExp(`context ${key} is .*; expected `));
  });
});

describe('tableShapeOf', () => {
  it('reads keys, global and local indexes and projections', () => {
    const shape = tableShapeOf({
      TableName: 't',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'n', AttributeType: 'N' },
        { AttributeName: 'g', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byG',
          KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
        {
          IndexName: 'byGN',
          KeySchema: [
            { AttributeName: 'g', KeyType: 'HASH' },
            { AttributeName: 'n', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['name'] },
        },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: 'byN',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'n', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
    expect(shape).toEqual({
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      globalSecondaryIndexes: [
        {
          indexName: 'byG',
          partitionKey: { name: 'g', type: dynamodb.AttributeType.STRING },
          projectionType: dynamodb.ProjectionType.KEYS_ONLY,
        },
        {
          indexName: 'byGN',
          partitionKey: { name: 'g', type: dynamodb.AttributeType.STRING },
          sortKey: { name: 'n', type: dynamodb.AttributeType.NUMBER },
          projectionType: dynamodb.ProjectionType.INCLUDE,
          nonKeyAttributes: ['name'],
        },
      ],
      localSecondaryIndexes: [
        {
          indexName: 'byN',
          sortKey: { name: 'n', type: dynamodb.AttributeType.NUMBER },
          projectionType: dynamodb.ProjectionType.ALL,
        },
      ],
    });
  });

  it.each([
    ['no HASH key', { AttributeDefinitions: [], KeySchema: [] }, /has no HASH key/],
    [
      'a key without attribute definition',
      { AttributeDefinitions: [], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }] },
      /key attribute pk has no AttributeDefinitions entry/,
    ],
  ])('refuses a definition with %s', (_name, definition, message) => {
    expect(() => tableShapeOf({ TableName: 't', ...definition })).toThrow(message);
  });
});

describe('shared bundling settings', () => {
  it.each(FUNCTION_NAMES)('%s: esbuild options match what NodejsFunction runs', (name) => {
    const options = esbuildBuildOptions(name, '/repo', '/repo/out');
    expect(options).toMatchObject({
      entryPoints: [`/repo/${entryOf(name)}`],
      outfile: '/repo/out/index.mjs',
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      minify: true,
      sourcemap: true,
      sourcesContent: false,
      external: ['@aws-sdk/*'],
      charset: 'utf8',
      banner: { js: BUNDLING.banner },
    });
  });
});

describe('NodejsFunction bundling', () => {
  it('bundles locally with the shared settings, the AWS SDK left to the runtime', async () => {
    const { nodejsBundlingOptions } = await import('#infra/constructs/functions');
    expect(nodejsBundlingOptions()).toMatchObject({
      forceDockerBundling: false,
      target: BUNDLING.target,
      format: 'esm',
      minify: true,
      sourceMap: true,
      sourcesContent: false,
      externalModules: ['@aws-sdk/*'],
      banner: BUNDLING.banner,
      esbuildArgs: { '--charset': 'utf8' },
    });
  });
});
