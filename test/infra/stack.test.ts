/**
 * The CDK stack (docs/architecture.md), synthesized once with cdk.json's context, the real
 * handlers bundled by esbuild, and cdk-nag's AwsSolutions pack: properties of the template,
 * least-privilege IAM (by walking every policy), and zero unacknowledged nag findings.
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition } from '#adapters/table-schema';
import { API_ROUTES } from '#infra/constructs/api';
import { SWEEP_INPUT } from '#infra/constructs/ingest';
import { acknowledgedFindings } from '#infra/constructs/nag';
import { REMINDER_INPUT, SCHEDULE_INPUT } from '#infra/constructs/publish';
import { CONFIG_DEFAULTS } from '#infra/local/deploy-config';
import { LkgStack } from '#infra/stack';
import {
  functionId,
  functionRoleId,
  logicalIdOf,
  render,
  roleStatements,
  type Statement,
  type Synthesized,
  synthesize,
} from './template.ts';

let s: Synthesized;
let dataBucket: string;
let logBucket: string;
let table: string;

beforeAll(() => {
  s = synthesize(tableDefinition());
  dataBucket = logicalIdOf(s, 'AWS::S3::Bucket', (p) => p.VersioningConfiguration !== undefined);
  logBucket = logicalIdOf(
    s,
    'AWS::S3::Bucket',
    (p) => p.VersioningConfiguration === undefined && p.LoggingConfiguration === undefined,
  );
  table = logicalIdOf(s, 'AWS::DynamoDB::Table');
});

const FUNCTIONS = ['ingest', 'publish', 'api'] as const;

/** The logical id of the user pool's app client `ApiClient` or `ConsoleClient`. */
function clientId(name: string): string {
  const ids = Object.entries(s.json.Resources)
    .filter(([id, r]) => r.Type === 'AWS::Cognito::UserPoolClient' && id.startsWith(`ApiUsers${name}Client`))
    .map(([id]) => id);
  expect(ids).toHaveLength(1);
  return ids[0] as string;
}

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties read by the assertions
type Props = Record<string, any>;
/** Actions that touch data (as opposed to logging). */
const DATA_SERVICES = /^(s3|dynamodb|ses|sqs|lambda|kms):/;

describe('cdk-nag AwsSolutions', () => {
  it('reports no finding that is neither fixed nor acknowledged', () => {
    expect(s.violations.map((v) => `${v.rule} ${v.paths.join(',')}`)).toEqual([]);
    expect(s.error).toBeNull();
  });

  it('acknowledges each finding on one construct below the stack, with a specific reason', () => {
    const list = acknowledgedFindings(s.stack, s.stack);
    expect(list.length).toBeGreaterThan(0);
    for (const a of list) {
      expect(a.construct).not.toBe(s.stack);
      expect(a.id).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(a.reason.length).toBeGreaterThan(60);
    }
  });
});

describe('data bucket', () => {
  it('is versioned, encrypted, blocks public access and logs to the log bucket', () => {
    s.template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { DestinationBucketName: { Ref: logBucket } },
    });
  });

  it('expires noncurrent versions after the configured days', () => {
    const lifecycle = s.json.Resources[dataBucket]?.Properties?.LifecycleConfiguration as {
      Rules: unknown[];
    };
    const rules = lifecycle.Rules;
    expect(rules).toContainEqual(
      expect.objectContaining({
        Status: 'Enabled',
        NoncurrentVersionExpiration: { NoncurrentDays: CONFIG_DEFAULTS.noncurrentVersionDays },
      }),
    );
  });

  it('expires the console’s checks (file and result) after a day; nothing else by that rule', () => {
    const lifecycle = s.json.Resources[dataBucket]?.Properties?.LifecycleConfiguration as {
      Rules: unknown[];
    };
    const rules = lifecycle.Rules;
    expect(rules).toContainEqual(
      expect.objectContaining({
        Id: 'expire-checks',
        Prefix: 'checks/',
        Status: 'Enabled',
        ExpirationInDays: 1,
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
      }),
    );
  });

  it.each([
    ['data', () => dataBucket],
    ['access-log', () => logBucket],
  ])('the %s bucket policy denies every request without TLS', (_name, id) => {
    s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('the access-log bucket is encrypted, private, and expires logs', () => {
    s.template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: Match.objectLike({
        BlockPublicAcls: true,
        RestrictPublicBuckets: true,
      }),
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 365 })] },
      VersioningConfiguration: Match.absent(),
    });
  });
});

describe('table', () => {
  it('is on demand with point-in-time recovery and deletion protection, retained on stack deletion', () => {
    s.template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      }),
      DeletionPolicy: 'Retain',
    });
  });

  it('has the key schema and indexes of the local CreateTable input', () => {
    const def = tableDefinition();
    const props = s.json.Resources[table]?.Properties as Record<string, unknown>;
    expect(props.KeySchema).toEqual(def.KeySchema);
    type Index = {
      IndexName?: string;
      KeySchema?: unknown;
      Projection?: { ProjectionType?: string; NonKeyAttributes?: string[] };
    };
    const shape = (xs: Index[] | undefined) =>
      [...(xs ?? [])]
        .sort((a, b) => String(a.IndexName).localeCompare(String(b.IndexName)))
        .map((i) => ({
          IndexName: i.IndexName,
          KeySchema: i.KeySchema,
          ProjectionType: i.Projection?.ProjectionType ?? 'ALL',
          NonKeyAttributes: [...(i.Projection?.NonKeyAttributes ?? [])].sort(),
        }));
    const actual = shape(props.GlobalSecondaryIndexes as Index[]);
    const expected = shape(def.GlobalSecondaryIndexes);
    expect(actual).toEqual(expected);
    // Name search: a sparse index of the heads projected with the name only.
    expect(actual.find((i) => i.IndexName === 'gsi3')).toEqual({
      IndexName: 'gsi3',
      KeySchema: [
        { AttributeName: 'g3pk', KeyType: 'HASH' },
        { AttributeName: 'g3sk', KeyType: 'RANGE' },
      ],
      ProjectionType: 'INCLUDE',
      NonKeyAttributes: ['form', 'name', 'tomb', 'w'],
    });
    const attributes = (xs: Array<{ AttributeName?: string }> | undefined) =>
      [...(xs ?? [])].sort((a, b) => String(a.AttributeName).localeCompare(String(b.AttributeName)));
    expect(attributes(props.AttributeDefinitions as Array<{ AttributeName: string }>)).toEqual(
      attributes(def.AttributeDefinitions),
    );
  });
});

describe('functions', () => {
  it.each(FUNCTIONS)(
    '%s runs Node.js 22 on arm64 with the LKG_* environment and a log group with retention',
    (name) => {
      const fn = s.json.Resources[functionId(s, name)]?.Properties as Record<string, unknown>;
      expect(fn.Runtime).toBe('nodejs22.x');
      expect(fn.Architectures).toEqual(['arm64']);
      expect(fn.Handler).toBe('index.handler');
      const env = (fn.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env).toMatchObject({
        LKG_TABLE_NAME: { Ref: table },
        LKG_BUCKET_NAME: { Ref: dataBucket },
        LKG_SENDER: CONFIG_DEFAULTS.sender,
        LKG_BUREAU_EMAIL: CONFIG_DEFAULTS.bureauEmail,
        NODE_OPTIONS: '--enable-source-maps',
      });
      const logGroup = render((fn.LoggingConfig as { LogGroup: unknown }).LogGroup).replace(/^<|>$/g, '');
      expect(s.json.Resources[logGroup]?.Properties?.RetentionInDays).toBe(CONFIG_DEFAULTS.logRetentionDays);
    },
  );

  it.each([
    // Lambda's maximum for the worker: a late delivery replays every stored upload, and it
    // runs rebuild rounds and impact runs
    ['ingest', 900, 1024],
    ['publish', 300, undefined],
  ] as const)('%s has a timeout of %s s', (name, timeout, memory) => {
    const fn = s.json.Resources[functionId(s, name)]?.Properties as Record<string, unknown>;
    expect(fn.Timeout).toBe(timeout);
    if (memory) expect(fn.MemorySize).toBe(memory);
  });

  it('every log group has a retention', () => {
    const groups = Object.values(s.json.Resources).filter((r) => r.Type === 'AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThanOrEqual(4);
    for (const g of groups) expect(g.Properties?.RetentionInDays).toBe(CONFIG_DEFAULTS.logRetentionDays);
  });

  it.each(FUNCTIONS)('%s: the role has no managed policy; it may log to its own log group only', (name) => {
    const role = functionRoleId(s, name);
    expect(s.json.Resources[role]?.Properties?.ManagedPolicyArns).toBeUndefined();
    const fn = s.json.Resources[functionId(s, name)]?.Properties as { LoggingConfig: { LogGroup: unknown } };
    const logs = roleStatements(s, role).filter((st) => st.actions.some((a) => a.startsWith('logs:')));
    expect(logs).toEqual([
      {
        effect: 'Allow',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`${render(fn.LoggingConfig.LogGroup).replace(/>$/, '.Arn>')}`],
      },
    ]);
  });
});

/** Statements with their resources sorted (CDK merges statements in no fixed order). */
function sortedResources<T extends { resources: string[] }>(xs: T[]): T[] {
  return xs.map((x) => ({ ...x, resources: [...x.resources].sort() }));
}

describe('least privilege', () => {
  const statements = (name: string): Statement[] => roleStatements(s, functionRoleId(s, name));
  const actionsOn = (name: string, service: string) =>
    statements(name)
      .flatMap((st) =>
        st.actions.map((a) => ({ action: a, resources: st.resources, condition: st.condition })),
      )
      .filter((x) => x.action.startsWith(`${service}:`));

  it('no data action is granted on * and no action is a wildcard, in any policy of the stack', () => {
    const all = Object.values(s.json.Resources).flatMap((r) => {
      if (r.Type === 'AWS::IAM::Policy') return [r.Properties?.PolicyDocument];
      if (r.Type === 'AWS::IAM::Role')
        return ((r.Properties?.Policies as Array<{ PolicyDocument: unknown }>) ?? []).map(
          (p) => p.PolicyDocument,
        );
      return [];
    });
    const offending: string[] = [];
    for (const doc of all) {
      for (const st of (doc as { Statement: Array<Record<string, unknown>> }).Statement) {
        const actions = ([] as string[]).concat(st.Action as string | string[]);
        const resources = ([] as unknown[]).concat(st.Resource).map(render);
        for (const a of actions) {
          if (a.includes('*')) offending.push(`action ${a}`);
          if (DATA_SERVICES.test(a) && resources.some((r) => r === '*')) offending.push(`${a} on *`);
        }
      }
    }
    expect(offending).toEqual([]);
  });

  it('ingest reads uploads/ and writes reports/ only, object-level ARNs with prefixes', () => {
    const s3 = actionsOn('ingest', 's3');
    const bucketArn = `<${dataBucket}.Arn>`;
    // and checks/: the console's checks, which the worker judges (functions/ingest/check-run.ts)
    expect(
      sortedResources(s3.filter((x) => x.action === 's3:GetObject' || x.action === 's3:GetObjectVersion')),
    ).toEqual([
      {
        action: 's3:GetObject',
        resources: [`${bucketArn}/checks/*`, `${bucketArn}/uploads/*`],
        condition: undefined,
      },
      {
        action: 's3:GetObjectVersion',
        resources: [`${bucketArn}/checks/*`, `${bucketArn}/uploads/*`],
        condition: undefined,
      },
    ]);
    expect(sortedResources(s3.filter((x) => x.action === 's3:PutObject'))).toEqual([
      {
        action: 's3:PutObject',
        resources: [`${bucketArn}/checks/*`, `${bucketArn}/reports/*`],
        condition: undefined,
      },
    ]);
    expect(s3.map((x) => x.action).sort()).toEqual(['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject']);
  });

  it.each([
    // Scan: the replay of a late delivery and the rebuild (ItemStore.reproject), on the table only.
    ['ingest', ['BatchGetItem', 'BatchWriteItem', 'GetItem', 'PutItem', 'Query', 'Scan']],
    ['publish', ['BatchGetItem', 'GetItem', 'PutItem', 'Query']],
    // PutItem: POST /summaries/{month}/publish publishes in-process; PutItem and BatchWriteItem:
    // decisions, transfer actions, impact runs and the re-projection after a decision.
    ['api', ['BatchGetItem', 'BatchWriteItem', 'GetItem', 'PutItem', 'Query']],
  ])('%s has exactly its table actions, on the table and its named indexes', (name, expected) => {
    const dynamo = actionsOn(name, 'dynamodb');
    expect([...new Set(dynamo.map((x) => x.action))].sort()).toEqual(expected.map((a) => `dynamodb:${a}`));
    const tableArn = `<${table}.Arn>`;
    const indexArns = (tableDefinition().GlobalSecondaryIndexes ?? []).map(
      (i) => `${tableArn}/index/${i.IndexName}`,
    );
    for (const x of dynamo) {
      for (const r of x.resources) expect([tableArn, ...indexArns]).toContain(r);
      if (x.action !== 'dynamodb:Query') expect(x.resources).toEqual([tableArn]);
    }
    expect(dynamo.some((x) => x.action.startsWith('dynamodb:Delete'))).toBe(false);
  });

  it('publish has no S3 access', () => {
    expect(actionsOn('publish', 's3')).toEqual([]);
  });

  it('api may only put objects under uploads/ (it presigns the console’s uploads) and use checks/', () => {
    const bucketArn = `<${dataBucket}.Arn>`;
    expect(sortedResources(actionsOn('api', 's3'))).toEqual([
      // and checks/: the console's checks (functions/api/check-routes.ts)
      {
        action: 's3:PutObject',
        resources: [`${bucketArn}/checks/*`, `${bucketArn}/uploads/*`],
        condition: undefined,
      },
      { action: 's3:GetObject', resources: [`${bucketArn}/checks/*`], condition: undefined },
      { action: 's3:GetObjectVersion', resources: [`${bucketArn}/checks/*`], condition: undefined },
    ]);
  });

  it.each(['publish', 'api'])('%s may send only as the sender identity', (name) => {
    const ses = actionsOn(name, 'ses');
    expect(ses).toHaveLength(1);
    expect(ses[0]?.action).toBe('ses:SendEmail');
    const identity = logicalIdOf(s, 'AWS::SES::EmailIdentity');
    expect(ses[0]?.resources).toEqual([
      `arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/<${identity}>`,
    ]);
    expect(ses[0]?.condition).toEqual({ StringEquals: { 'ses:FromAddress': CONFIG_DEFAULTS.sender } });
  });

  it.each([
    ['ingest', 'queues the next round of a rebuild for itself'],
    ['api', 'queues a POST /impact run for the worker'],
  ])('%s may invoke the ingest (worker) function and no other (it %s)', (name) => {
    expect(actionsOn(name, 'lambda')).toEqual([
      {
        action: 'lambda:InvokeFunction',
        resources: [`<${functionId(s, 'ingest')}.Arn>`],
        condition: undefined,
      },
    ]);
  });

  it('publish invokes no function', () => {
    expect(actionsOn('publish', 'lambda')).toEqual([]);
  });

  it('api names the worker in LKG_WORKER_FUNCTION', () => {
    const fn = s.json.Resources[functionId(s, 'api')]?.Properties as {
      Environment: { Variables: Record<string, unknown> };
    };
    expect(fn.Environment.Variables.LKG_WORKER_FUNCTION).toEqual({ Ref: functionId(s, 'ingest') });
  });

  it('ingest sends no email', () => {
    expect(actionsOn('ingest', 'ses')).toEqual([]);
  });

  it('the SES identity is the sender address from context', () => {
    s.template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: CONFIG_DEFAULTS.sender });
  });
});

describe('S3 event to ingest', () => {
  it('notifies ingest of objects created under uploads/ only', () => {
    s.template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: dataBucket },
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
            LambdaFunctionArn: { 'Fn::GetAtt': [functionId(s, 'ingest'), 'Arn'] },
          },
        ],
      },
    });
  });

  it('sends events that still fail after retries to the SQS on-failure destination', () => {
    const queue = logicalIdOf(s, 'AWS::SQS::Queue');
    s.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId(s, 'ingest') },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } } },
    });
    s.template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
  });

  it('raises an alarm on the first message in the failure queue', () => {
    const queue = logicalIdOf(s, 'AWS::SQS::Queue');
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });
});

describe('HTTP API', () => {
  const routes = () =>
    Object.values(s.json.Resources)
      .filter((r) => r.Type === 'AWS::ApiGatewayV2::Route')
      .map((r) => r.Properties as { RouteKey: string; AuthorizationType?: string; AuthorizerId?: unknown });

  it('has a route for each route of docs/api.md', () => {
    expect(
      routes()
        .map((r) => r.RouteKey)
        .sort(),
    ).toEqual(API_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it.each(API_ROUTES.map((r) => `${r.method} ${r.path}`))(
    '%s: JWT authorizer unless it is GET or HEAD /health',
    (key) => {
      const authorizer = logicalIdOf(s, 'AWS::ApiGatewayV2::Authorizer');
      const route = routes().find((r) => r.RouteKey === key);
      if (key === 'GET /health' || key === 'HEAD /health') {
        expect(route?.AuthorizationType ?? 'NONE').toBe('NONE');
        expect(route?.AuthorizerId).toBeUndefined();
      } else {
        expect(route?.AuthorizationType).toBe('JWT');
        expect(route?.AuthorizerId).toEqual({ Ref: authorizer });
      }
    },
  );

  it('the JWT authorizer accepts ID tokens of the user pool for the API’s and the console’s app clients', () => {
    const pool = logicalIdOf(s, 'AWS::Cognito::UserPool');
    const client = clientId('Api');
    const consoleClient = clientId('Console');
    const props = s.json.Resources[logicalIdOf(s, 'AWS::ApiGatewayV2::Authorizer')]?.Properties as {
      AuthorizerType: string;
      IdentitySource: string[];
      JwtConfiguration: { Audience: unknown[]; Issuer: unknown };
    };
    expect(props.AuthorizerType).toBe('JWT');
    expect(props.IdentitySource).toEqual(['$request.header.Authorization']);
    expect(props.JwtConfiguration.Audience).toEqual([{ Ref: client }, { Ref: consoleClient }]);
    expect(render(props.JwtConfiguration.Issuer)).toBe(
      `https://cognito-idp.<AWS::Region>.amazonaws.com/<${pool}>`,
    );
  });

  it('the stage writes access logs to a log group and is throttled', () => {
    const props = s.json.Resources[logicalIdOf(s, 'AWS::ApiGatewayV2::Stage')]?.Properties as Record<
      string,
      unknown
    >;
    expect(props.StageName).toBe(CONFIG_DEFAULTS.stageName);
    expect(props.AutoDeploy).toBe(true);
    const settings = props.AccessLogSettings as { DestinationArn: unknown; Format: string };
    expect(render(settings.DestinationArn)).toMatch(/^<ApiAccessLogs.*\.Arn>$/);
    expect(JSON.parse(settings.Format)).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
    });
    expect(props.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
  });
});

describe('Cognito', () => {
  it('users cannot sign themselves up; custom attributes unit and role exist', () => {
    s.template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'unit', AttributeDataType: 'String' }),
        Match.objectLike({ Name: 'role', AttributeDataType: 'String' }),
      ]),
    });
  });

  it.each(['Api', 'Console'])(
    'the %s app client may read custom:unit and custom:role but not write them',
    (name) => {
      const client = s.json.Resources[clientId(name)]?.Properties as {
        ReadAttributes: string[];
        WriteAttributes: string[];
      };
      expect(client.ReadAttributes).toEqual(expect.arrayContaining(['custom:unit', 'custom:role']));
      expect(client.WriteAttributes).not.toContain('custom:unit');
      expect(client.WriteAttributes).not.toContain('custom:role');
      expect(client.WriteAttributes.filter((a) => a.startsWith('custom:'))).toEqual([]);
    },
  );
});

describe('monthly schedule', () => {
  it('invokes publish on the 10th at 09:00 Asia/Shanghai with the scheduled time', () => {
    s.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 9 10 * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [functionId(s, 'publish'), 'Arn'] },
        Input: JSON.stringify(SCHEDULE_INPUT),
      }),
    });
  });

  it("the schedule's role may invoke the publish function and nothing else", () => {
    const publishSchedule = logicalIdOf(
      s,
      'AWS::Scheduler::Schedule',
      (p) => (p.Target as { Input?: string }).Input === JSON.stringify(SCHEDULE_INPUT),
    );
    const schedule = s.json.Resources[publishSchedule]?.Properties as {
      Target: { RoleArn: unknown };
    };
    const roleId = render(schedule.Target.RoleArn).replace(/^<(.*)\.Arn>$/, '$1');
    expect(roleStatements(s, roleId)).toEqual([
      {
        effect: 'Allow',
        actions: ['lambda:InvokeFunction'],
        resources: [`<${functionId(s, 'publish')}.Arn>`],
      },
    ]);
    const trust = s.json.Resources[roleId]?.Properties?.AssumeRolePolicyDocument as {
      Statement: Array<{ Principal: { Service: string }; Condition?: unknown }>;
    };
    expect(trust.Statement.map((st) => st.Principal.Service)).toEqual(['scheduler.amazonaws.com']);
    expect(trust.Statement[0]?.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
    });
  });
});

describe('reminder schedule (催报)', () => {
  it('invokes publish with the reminder event on the 5th at 09:00 Asia/Shanghai, with the same role', () => {
    expect(CONFIG_DEFAULTS.reminderSchedule).toBe('cron(0 9 5 * ? *)');
    const id = logicalIdOf(
      s,
      'AWS::Scheduler::Schedule',
      (p) => (p.Target as { Input?: string }).Input === JSON.stringify(REMINDER_INPUT),
    );
    const schedule = s.json.Resources[id]?.Properties as Record<string, unknown>;
    expect(schedule).toMatchObject({
      ScheduleExpression: 'cron(0 9 5 * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: { Arn: { 'Fn::GetAtt': [functionId(s, 'publish'), 'Arn'] } },
    });
    const publish = logicalIdOf(
      s,
      'AWS::Scheduler::Schedule',
      (p) => (p.Target as { Input?: string }).Input === JSON.stringify(SCHEDULE_INPUT),
    );
    const roleOf = (logicalId: string) =>
      (s.json.Resources[logicalId]?.Properties as { Target?: { RoleArn: unknown } } | undefined)?.Target
        ?.RoleArn;
    expect(roleOf(id)).toBeDefined();
    expect(roleOf(id)).toEqual(roleOf(publish));
  });

  it.each([
    ['publish', 'the reminder names the publish date'],
    ['api', 'GET /units returns the next publish date'],
  ])('the %s function knows the publish schedule (%s)', (fn) => {
    const fnProps = s.json.Resources[functionId(s, fn)]?.Properties as
      | { Environment?: { Variables?: Record<string, unknown> } }
      | undefined;
    const variables = fnProps?.Environment?.Variables;
    expect(variables).toMatchObject({
      LKG_PUBLISH_SCHEDULE: 'cron(0 9 10 * ? *)',
      LKG_PUBLISH_TIME_ZONE: 'Asia/Shanghai',
    });
  });
});

describe('sweep of unfinished imports', () => {
  const sweepId = () =>
    logicalIdOf(
      s,
      'AWS::Scheduler::Schedule',
      (p) => (p.Target as { Input?: string }).Input === JSON.stringify(SWEEP_INPUT),
    );

  it('invokes ingest every 15 minutes with the sweep event, no retries (the next sweep comes)', () => {
    expect(CONFIG_DEFAULTS.sweepSchedule).toBe('rate(15 minutes)');
    const schedule = s.json.Resources[sweepId()]?.Properties as Record<string, unknown>;
    expect(schedule).toMatchObject({
      ScheduleExpression: 'rate(15 minutes)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [functionId(s, 'ingest'), 'Arn'] },
        Input: JSON.stringify({ source: 'lkg.sweep' }),
        RetryPolicy: { MaximumRetryAttempts: 0 },
      },
    });
  });

  it("the sweep's role may invoke the ingest function and nothing else, assumed by the scheduler of this account", () => {
    const schedule = s.json.Resources[sweepId()]?.Properties as { Target: { RoleArn: unknown } };
    const roleId = render(schedule.Target.RoleArn).replace(/^<(.*)\.Arn>$/, '$1');
    expect(roleStatements(s, roleId)).toEqual([
      {
        effect: 'Allow',
        actions: ['lambda:InvokeFunction'],
        resources: [`<${functionId(s, 'ingest')}.Arn>`],
      },
    ]);
    const trust = s.json.Resources[roleId]?.Properties?.AssumeRolePolicyDocument as {
      Statement: Array<{ Principal: { Service: string }; Condition?: unknown }>;
    };
    expect(trust.Statement.map((st) => st.Principal.Service)).toEqual(['scheduler.amazonaws.com']);
    expect(trust.Statement[0]?.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
    });
  });
});

describe('cursor secret and CORS', () => {
  it('the stack generates the cursor secret in Secrets Manager', () => {
    s.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true },
    });
  });

  it('the api function gets it as LKG_CURSOR_SECRET by a dynamic reference (no value in the template)', () => {
    const secret = logicalIdOf(s, 'AWS::SecretsManager::Secret');
    const api = s.json.Resources[functionId(s, 'api')]?.Properties as {
      Environment: { Variables: Record<string, unknown> };
    };
    const value = JSON.stringify(api.Environment.Variables.LKG_CURSOR_SECRET);
    expect(value).toContain('{{resolve:secretsmanager:');
    expect(value).toContain(secret);
    // The console's origin only, by default (lkg:allowedOrigins adds more).
    const distribution = logicalIdOf(s, 'AWS::CloudFront::Distribution');
    expect(render(api.Environment.Variables.LKG_ALLOWED_ORIGINS)).toBe(
      `https://<${distribution}.DomainName>`,
    );
    for (const name of ['ingest', 'publish']) {
      const fn = s.json.Resources[functionId(s, name)]?.Properties as {
        Environment: { Variables: Record<string, unknown> };
      };
      expect(fn.Environment.Variables.LKG_CURSOR_SECRET, name).toBeUndefined();
    }
  });
});

describe('CORS with allowed origins (lkg:allowedOrigins)', () => {
  it('the HTTP API allows exactly those origins, and the api function knows them', () => {
    const origins = 'https://lkg.example.gov.cn,http://localhost:5173';
    // Bundling skipped: only the template's CORS and environment are looked at here.
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new LkgStack(app, 'LkgCors', {
      tableDefinition: tableDefinition(),
      config: { ...CONFIG_DEFAULTS, allowedOrigins: origins },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: Match.arrayWith(['https://lkg.example.gov.cn', 'http://localhost:5173']),
        AllowHeaders: ['authorization', 'content-type'],
        AllowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
        ExposeHeaders: ['x-lkg-pending-import', 'content-disposition'],
        MaxAge: 600,
      },
    });
    const api = Object.values(
      template.toJSON().Resources as Record<string, { Type: string; Properties: Props }>,
    )
      .map((r) => r.Properties)
      .find((p) => p?.Environment?.Variables?.LKG_ALLOWED_ORIGINS !== undefined);
    // The console's origin first, then those of lkg:allowedOrigins.
    expect(render(api?.Environment.Variables.LKG_ALLOWED_ORIGINS)).toMatch(
      new RegExp(`^https://<.*\\.DomainName>,${origins.replace(/[.]/g, '\\.')}$`),
    );
  });
});

describe('web console', () => {
  const distributionId = () => logicalIdOf(s, 'AWS::CloudFront::Distribution');
  const consoleOrigin = () => `https://<${distributionId()}.DomainName>`;
  const consoleBucket = () =>
    logicalIdOf(
      s,
      'AWS::S3::Bucket',
      (p) => p.LoggingConfiguration !== undefined && p.VersioningConfiguration === undefined,
    );

  it('CloudFront serves the private bucket through origin access control, HTTPS only, with security headers', () => {
    const resource = s.json.Resources[distributionId()] as { Properties: Props };
    const config = resource.Properties.DistributionConfig as Props;
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.DefaultCacheBehavior.AllowedMethods).toEqual(['GET', 'HEAD']);
    expect(config.Origins).toHaveLength(1);
    expect(render(config.Origins[0].DomainName)).toBe(`<${consoleBucket()}.RegionalDomainName>`);
    expect(config.Origins[0].OriginAccessControlId).toBeDefined();
    expect(config.Origins[0].S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    s.template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
      }),
    });
    const headers = s.json.Resources[logicalIdOf(s, 'AWS::CloudFront::ResponseHeadersPolicy')]
      ?.Properties as {
      ResponseHeadersPolicyConfig: { SecurityHeadersConfig: Props };
    };
    const security = headers.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = render(security.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain('https://*.execute-api.<AWS::Region>.<AWS::URLSuffix>');
    expect(security.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 31536000,
      Override: true,
    });
    expect(security.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(security.ContentTypeOptions).toEqual({ Override: true });
    expect(render(config.DefaultCacheBehavior.ResponseHeadersPolicyId)).toContain('ConsoleSecurityHeaders');
  });

  it('the console bucket is private, encrypted, logged, and readable only by this distribution over TLS', () => {
    const bucket = s.json.Resources[consoleBucket()]?.Properties as Props;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(
      bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault,
    ).toEqual({
      SSEAlgorithm: 'AES256',
    });
    expect(bucket.LoggingConfiguration.LogFilePrefix).toBe('console/');
    const policy = Object.values(s.json.Resources).find(
      (r) => r.Type === 'AWS::S3::BucketPolicy' && render(r.Properties?.Bucket) === `<${consoleBucket()}>`,
    )?.Properties as { PolicyDocument: { Statement: Array<Props> } };
    const statements = policy.PolicyDocument.Statement;
    const deny = statements.find((x) => x.Effect === 'Deny');
    expect(deny?.Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
    const allows = statements.filter((x) => x.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]?.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(allows[0]?.Action).toBe('s3:GetObject');
    expect(render(allows[0]?.Condition.StringEquals['AWS:SourceArn'])).toContain(distributionId());
  });

  it('the data bucket accepts PUTs from the console’s origin only, with the signed headers', () => {
    const bucket = s.json.Resources[dataBucket]?.Properties as { CorsConfiguration: { CorsRules: Props[] } };
    expect(bucket.CorsConfiguration.CorsRules).toHaveLength(1);
    const rule = bucket.CorsConfiguration.CorsRules[0] as Props;
    expect(rule.AllowedOrigins.map(render)).toEqual([consoleOrigin()]);
    expect(rule.AllowedMethods).toEqual(['PUT']);
    expect(rule.AllowedHeaders).toEqual(['content-type', 'x-amz-meta-uploader-unit']);
  });

  it('the API answers browsers from the console’s origin only, and the function knows it', () => {
    const api = s.json.Resources[logicalIdOf(s, 'AWS::ApiGatewayV2::Api')]?.Properties as {
      CorsConfiguration: { AllowOrigins: unknown[] };
    };
    expect(api.CorsConfiguration.AllowOrigins.map(render)).toEqual([consoleOrigin()]);
    const fn = s.json.Resources[functionId(s, 'api')]?.Properties as {
      Environment: { Variables: Record<string, unknown> };
    };
    expect(render(fn.Environment.Variables.LKG_CONSOLE_ORIGIN)).toBe(consoleOrigin());
  });

  it('the console’s Cognito client: authorization code (PKCE: no secret), hosted sign-in, the console as callback', () => {
    const client = s.json.Resources[clientId('Console')]?.Properties as Props;
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client.GenerateSecret).toBe(false);
    expect(client.AllowedOAuthScopes).toEqual(['openid', 'email']);
    expect(client.CallbackURLs.map(render)).toEqual([`${consoleOrigin()}/`]);
    expect(client.LogoutURLs.map(render)).toEqual([`${consoleOrigin()}/`]);
    expect(client.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(client.ExplicitAuthFlows ?? []).not.toContain('ALLOW_USER_PASSWORD_AUTH');
    s.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: Match.anyValue(),
      UserPoolId: { Ref: logicalIdOf(s, 'AWS::Cognito::UserPool') },
    });
  });

  it('the console routes are API Gateway routes behind the authorizer', () => {
    for (const key of ['GET /imports/{id}/report', 'GET /template', 'POST /uploads']) {
      s.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: key,
        AuthorizationType: 'JWT',
      });
    }
  });

  it('outputs the console’s address, bucket and config.json', () => {
    const outputs = s.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(render(outputs.ConsoleUrl?.Value)).toBe(`${consoleOrigin()}/`);
    expect(render(outputs.ConsoleBucketName?.Value)).toBe(`<${consoleBucket()}>`);
    expect(render(outputs.ConsoleConfig?.Value)).toContain('"auth":"cognito"');
  });
});
