/**
 * The import front (docs/files.md): every object created under `uploads/` invokes the
 * ingest function asynchronously; an event that still fails after Lambda's retries goes to an
 * SQS queue (the on-failure destination), and an alarm goes off as soon as that queue holds a
 * message. An EventBridge Scheduler schedule (`lkg:sweepSchedule`, default every 15 minutes)
 * invokes the same function with {@link SWEEP_INPUT}: it resumes every unfinished import
 *.
 *
 * Ingest may read `uploads/` and write `reports/` — nothing else in the bucket — and read and
 * write (put, update, batch write; never delete) the table.
 *
 * @module
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LkgFunction } from './functions.ts';
import {
  grantReadObjects,
  grantTable,
  grantWriteObjects,
  TABLE_READ_ACTIONS,
  TABLE_REPLAY_ACTIONS,
  TABLE_WRITE_ACTIONS,
} from './grants.ts';
import { REPORTS_PREFIX, UPLOADS_PREFIX } from './storage.ts';
import type { LkgTable } from './table.ts';

/** The input the sweep schedule invokes ingest with (functions/ingest/handler.ts `isSweepEvent`). */
export const SWEEP_INPUT = { source: 'lkg.sweep' } as const;

/** Properties of {@link Ingest}. */
export interface IngestProps {
  projectRoot: string;
  bucket: s3.Bucket;
  table: LkgTable;
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
  /** Scheduler expression of the sweep, e.g. `rate(15 minutes)`. */
  sweepSchedule: string;
}

/** The ingest function, its S3 trigger, its on-failure queue and the alarm on that queue. */
export class Ingest extends Construct {
  public readonly handler: LkgFunction;
  public readonly failures: sqs.Queue;
  public readonly failureAlarm: cloudwatch.Alarm;
  public readonly sweep: scheduler.CfnSchedule;
  public readonly sweepRole: iam.Role;

  public constructor(scope: Construct, id: string, props: IngestProps) {
    super(scope, id);
    this.handler = new LkgFunction(this, 'Handler', {
      name: 'ingest',
      projectRoot: props.projectRoot,
      logRetention: props.logRetention,
      environment: props.environment,
      memorySize: 1024,
      // Lambda's maximum: a late delivery replays every stored upload (docs/storage.md,
      // "Bounds"), and the worker runs rebuild rounds and impact runs.
      timeout: Duration.minutes(15),
      description:
        'lkg: S3 upload under uploads/ -> check, assess, store; write reports/; rebuild and impact runs',
    });
    const role = this.handler.role;
    grantReadObjects(role, props.bucket, UPLOADS_PREFIX);
    grantWriteObjects(role, props.bucket, REPORTS_PREFIX);
    grantTable(role, props.table, [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS, ...TABLE_REPLAY_ACTIONS]);

    this.failures = new sqs.Queue(this, 'Failures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.handler.function.configureAsyncInvoke({
      onFailure: new destinations.SqsDestination(this.failures),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });
    props.bucket.addEventNotification(
      s3.EventType.OBJECT_CREATED,
      new s3n.LambdaDestination(this.handler.function),
      { prefix: UPLOADS_PREFIX },
    );
    this.failureAlarm = this.failures
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' })
      .createAlarm(this, 'FailuresAlarm', {
        alarmDescription:
          '有上传的台账在重试后仍未能导入：请查看 ingest 失败队列中的事件和 ingest 函数日志，修复后重新上传该文件。',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });

    // A rebuild past its time budget queues its next round with an asynchronous invocation of
    // this function (functions/rebuild/run.ts); a policy of its own, so the function does not
    // depend on a statement that names it.
    this.grantQueueWork(role, 'SelfInvoke');

    this.sweepRole = new iam.Role(this, 'SweepRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'EventBridge Scheduler: may invoke the lkg ingest function only (the sweep)',
    });
    this.sweepRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [this.handler.function.functionArn],
      }),
    );
    this.sweep = new scheduler.CfnSchedule(this, 'Sweep', {
      description: '续完中断的导入：定时检查并完成未完成（applying）的导入',
      scheduleExpression: props.sweepSchedule,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: this.handler.function.functionArn,
        roleArn: this.sweepRole.roleArn,
        input: JSON.stringify(SWEEP_INPUT),
        // The next sweep comes soon: no retries of a failed one.
        retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 600 },
      },
    });
  }

  /**
   * Lets `role` queue work for this function (the worker): `lambda:InvokeFunction` on it alone,
   * in a policy of its own (`POST /impact` in the API, the rebuild's next round).
   */
  public grantQueueWork(role: iam.IRole, id: string): iam.Policy {
    return new iam.Policy(this, id, {
      statements: [
        new iam.PolicyStatement({
          actions: ['lambda:InvokeFunction'],
          resources: [this.handler.function.functionArn],
        }),
      ],
      roles: [role],
    });
  }
}
