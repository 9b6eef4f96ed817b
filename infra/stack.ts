/**
 * The lkg-territory stack (docs/architecture.md): storage (bucket, access-log bucket, table),
 * the import front (S3 event → ingest, on-failure queue, alarm), the HTTP API with its Cognito
 * user pool, and the monthly publication (schedule → publish → SES).
 *
 * @example
 * ```ts
 * import { App } from 'aws-cdk-lib';
 * import { LkgStack } from '#infra/stack';
 * import { tableDefinition } from '#adapters/table-schema';
 * const app = new App();
 * new LkgStack(app, 'LkgTerritory', { tableDefinition: tableDefinition() });
 * ```
 *
 * @module
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { Api } from './constructs/api.ts';
import { Console } from './constructs/console.ts';
import { grantReadObjects, grantWriteObjects } from './constructs/grants.ts';
import { Ingest } from './constructs/ingest.ts';
import { acknowledgeFindings } from './constructs/nag.ts';
import { Publication } from './constructs/publish.ts';
import { Storage, UPLOADS_PREFIX } from './constructs/storage.ts';
import { LkgTable } from './constructs/table.ts';
import { configFromContext, type LkgConfig } from './local/deploy-config.ts';

/** The repository root (this file is `infra/stack.ts`). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Properties of {@link LkgStack}. */
export interface LkgStackProps extends StackProps {
  /** The local stack's `CreateTable` input: the table's keys and indexes (`tableDefinition()`). */
  tableDefinition: CreateTableCommandInput;
  /** Attribute holding an expiry time, if the storage design has one. */
  timeToLiveAttribute?: string;
  /** Parameters; default: read from context (`cdk.json`, `-c key=value`). */
  config?: LkgConfig;
  /** The repository root; default: the one this file is in. */
  projectRoot?: string;
}

/** Everything of one deployment of lkg-territory. */
export class LkgStack extends Stack {
  public readonly config: LkgConfig;
  public readonly storage: Storage;
  public readonly table: LkgTable;
  public readonly ingest: Ingest;
  public readonly publication: Publication;
  public readonly api: Api;
  /** The HMAC key of the API's page cursors (generated here, never in the repository). */
  public readonly cursorSecret: secretsmanager.Secret;
  public readonly console: Console;

  public constructor(scope: Construct, id: string, props: LkgStackProps) {
    super(scope, id, {
      description: 'lkg-territory: 武临开办〔2020〕1号 属地划分 — imports, API, monthly summaries',
      ...props,
    });
    // Server access logs are delivered under a bucket policy (not the legacy LogDeliveryWrite ACL),
    // whatever the app's feature flags say.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const config = props.config ?? configFromContext(this.node);
    this.config = config;
    const projectRoot = props.projectRoot ?? PROJECT_ROOT;
    const logRetention = config.logRetentionDays as logs.RetentionDays;

    this.storage = new Storage(this, 'Storage', { noncurrentVersionDays: config.noncurrentVersionDays });
    this.table = new LkgTable(this, 'Table', {
      definition: props.tableDefinition,
      ...(props.timeToLiveAttribute ? { timeToLiveAttribute: props.timeToLiveAttribute } : {}),
    });
    const environment = {
      LKG_TABLE_NAME: this.table.tableName,
      LKG_BUCKET_NAME: this.storage.bucket.bucketName,
      LKG_SENDER: config.sender,
      LKG_BUREAU_EMAIL: config.bureauEmail,
    };

    this.ingest = new Ingest(this, 'Ingest', {
      projectRoot,
      bucket: this.storage.bucket,
      table: this.table,
      environment,
      logRetention,
      sweepSchedule: config.sweepSchedule,
    });
    this.publication = new Publication(this, 'Publish', {
      projectRoot,
      table: this.table,
      environment: { ...environment, LKG_TIME_ZONE: config.publishTimeZone },
      logRetention,
      sender: config.sender,
      scheduleExpression: config.publishSchedule,
      timeZone: config.publishTimeZone,
      reminderExpression: config.reminderSchedule,
    });
    this.cursorSecret = new secretsmanager.Secret(this, 'CursorSecret', {
      description: 'lkg-territory: HMAC key that signs the HTTP API page cursors (LKG_CURSOR_SECRET)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    // the web console: its origin, and those of lkg:allowedOrigins, are the only ones
    // browsers may call the API from
    this.console = new Console(this, 'Console', {
      dataBucket: this.storage.bucket,
      logBucket: this.storage.logBucket,
    });
    const allowedOrigins = [this.console.origin, ...config.allowedOrigins.split(',').filter((o) => o !== '')];
    this.api = new Api(this, 'Api', {
      projectRoot,
      table: this.table,
      environment: {
        ...environment,
        // Resolved by CloudFormation at deployment (a dynamic reference: the value is in no template).
        LKG_CURSOR_SECRET: this.cursorSecret.secretValue.unsafeUnwrap(),
        LKG_ALLOWED_ORIGINS: allowedOrigins.join(','),
        LKG_CONSOLE_ORIGIN: this.console.origin,
        // the next publish date GET /units returns (the console's home countdown)
        LKG_PUBLISH_SCHEDULE: config.publishSchedule,
        LKG_PUBLISH_TIME_ZONE: config.publishTimeZone,
      },
      logRetention,
      stageName: config.stageName,
      allowedOrigins,
    });
    const consoleClient = this.console.addSignIn(
      this.api.userPool,
      this.api.url,
      `lkg-territory-${this.account}`,
    );
    this.api.addAudience(consoleClient.userPoolClientId);
    // POST /uploads presigns PUTs under uploads/ with the API function's credentials
    grantWriteObjects(this.api.handler.role, this.storage.bucket, UPLOADS_PREFIX);
    // The console's checks (functions/api/check-routes.ts): the API presigns, writes and reads
    // checks/ and copies a checked file to uploads/; the worker reads the file and writes the result.
    grantReadObjects(this.api.handler.role, this.storage.bucket, 'checks/');
    grantWriteObjects(this.api.handler.role, this.storage.bucket, 'checks/');
    grantReadObjects(this.ingest.handler.role, this.storage.bucket, 'checks/');
    grantWriteObjects(this.ingest.handler.role, this.storage.bucket, 'checks/');

    // POST /impact queues its run for the worker (the ingest function), which may take longer
    // than an HTTP request (functions/api/env.ts).
    this.api.handler.function.addEnvironment(
      'LKG_WORKER_FUNCTION',
      this.ingest.handler.function.functionName,
    );
    this.ingest.grantQueueWork(this.api.handler.role, 'ApiQueuesImpact');

    // POST /summaries/{month}/publish publishes in-process (functions/api/env.ts).
    this.publication.grantPublish(this.api.handler.role, this.table);

    acknowledgeFindings(this, this);

    new CfnOutput(this, 'BucketName', { value: this.storage.bucket.bucketName });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'UserPoolId', { value: this.api.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.api.client.userPoolClientId });
    new CfnOutput(this, 'IngestFailureQueueUrl', { value: this.ingest.failures.queueUrl });
    new CfnOutput(this, 'ConsoleUrl', { value: `${this.console.origin}/` });
    new CfnOutput(this, 'ConsoleBucketName', { value: this.console.bucket.bucketName });
    new CfnOutput(this, 'ConsoleConfig', { value: this.toJsonString(this.console.config()) });
  }
}
