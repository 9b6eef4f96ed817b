/**
 * Monthly publication (docs/summaries.md): an EventBridge Scheduler schedule (default the 10th,
 * 09:00 Asia/Shanghai) invokes the publish function, which sends one email per unit and the
 * district overview to the bureau through SES, from the sender identity created here.
 *
 * The schedule's role may invoke the publish function and nothing else (its ARN exactly, no
 * version wildcard). The function may send only as the sender identity (`ses:FromAddress`).
 *
 * The event the function receives: `{ "source": "lkg.schedule", "scheduledTime": "<ISO 8601, UTC>" }`;
 * the month to publish is the month before the scheduled time in the schedule's time zone.
 *
 * Reminders (催报, docs/reminders.md): a second schedule, in Asia/Shanghai, invokes the same
 * function with `{ "source": "lkg.reminder", "scheduledTime": … }`: the reminders of the month
 * before the scheduled time (the month the next publication publishes).
 *
 * @module
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { REMINDER_TIME_ZONE } from '../local/deploy-config.ts';
import { LkgFunction } from './functions.ts';
import { grantTable, TABLE_PUBLISH_ACTIONS, TABLE_READ_ACTIONS } from './grants.ts';
import type { LkgTable } from './table.ts';

/** The input the schedule passes to the publish function. */
export const SCHEDULE_INPUT = {
  source: 'lkg.schedule',
  scheduledTime: '<aws.scheduler.scheduled-time>',
} as const;

/** The input the reminder schedule passes to the publish function. */
export const REMINDER_INPUT = {
  source: 'lkg.reminder',
  scheduledTime: '<aws.scheduler.scheduled-time>',
} as const;

export { REMINDER_TIME_ZONE } from '../local/deploy-config.ts';

/** Properties of {@link Publication}. */
export interface PublicationProps {
  projectRoot: string;
  table: LkgTable;
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
  /** The From address (an SES email identity is created for it). */
  sender: string;
  /** Scheduler expression, e.g. `cron(0 9 10 * ? *)`. */
  scheduleExpression: string;
  /** IANA time zone of the expression, e.g. `Asia/Shanghai`. */
  timeZone: string;
  /** Scheduler expression of the reminders (in {@link REMINDER_TIME_ZONE}), e.g. `cron(0 9 5 * ? *)`. */
  reminderExpression: string;
}

/** The publish function, the sender identity and the monthly schedule. */
export class Publication extends Construct {
  public readonly handler: LkgFunction;
  public readonly identity: ses.EmailIdentity;
  public readonly schedule: scheduler.CfnSchedule;
  public readonly reminderSchedule: scheduler.CfnSchedule;
  public readonly scheduleRole: iam.Role;
  /** The From address. */
  public readonly sender: string;

  public constructor(scope: Construct, id: string, props: PublicationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.handler = new LkgFunction(this, 'Handler', {
      name: 'publish',
      projectRoot: props.projectRoot,
      logRetention: props.logRetention,
      environment: {
        ...props.environment,
        LKG_PUBLISH_SCHEDULE: props.scheduleExpression,
        LKG_PUBLISH_TIME_ZONE: props.timeZone,
      },
      memorySize: 1024,
      timeout: Duration.minutes(5),
      description: 'lkg: monthly summaries -> one email per unit + the bureau overview (SES)',
    });
    this.sender = props.sender;
    this.identity = new ses.EmailIdentity(this, 'Sender', { identity: ses.Identity.email(props.sender) });
    // Reads everything a summary needs; writes the record of each send (idempotent publication).
    grantTable(this.handler.role, props.table, TABLE_READ_ACTIONS);
    this.grantPublish(this.handler.role, props.table);

    this.scheduleRole = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'EventBridge Scheduler: may invoke the lkg publish function only',
    });
    this.scheduleRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [this.handler.function.functionArn],
      }),
    );
    this.schedule = new scheduler.CfnSchedule(this, 'Monthly', {
      description: '每月发布：按上月数据向各单位和区招商局发送汇总邮件',
      scheduleExpression: props.scheduleExpression,
      scheduleExpressionTimezone: props.timeZone,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: this.handler.function.functionArn,
        roleArn: this.scheduleRole.roleArn,
        input: JSON.stringify(SCHEDULE_INPUT),
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 6 * 3600 },
      },
    });
    this.reminderSchedule = new scheduler.CfnSchedule(this, 'Reminder', {
      description: '发布前催报：向有未报送企业的单位和区商务局发送指标报送提醒',
      scheduleExpression: props.reminderExpression,
      scheduleExpressionTimezone: REMINDER_TIME_ZONE,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: this.handler.function.functionArn,
        roleArn: this.scheduleRole.roleArn,
        input: JSON.stringify(REMINDER_INPUT),
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 6 * 3600 },
      },
    });
  }

  /**
   * What publishing needs beyond reading the table: put the records of sends and the published
   * summary, and send email as the sender identity only. Given to the publish function, and to the api
   * function for the bureau's `POST /summaries/{month}/publish` (it publishes in-process).
   */
  public grantPublish(role: iam.IRole, table: LkgTable): void {
    grantTable(role, table, TABLE_PUBLISH_ACTIONS);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          Stack.of(this).formatArn({
            service: 'ses',
            resource: 'identity',
            resourceName: this.identity.emailIdentityName,
          }),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': this.sender } },
      }),
    );
  }
}
