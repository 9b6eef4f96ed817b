/**
 * The deploy-time parameters of the stack: read from CDK context (`cdk.json`, or
 * `npx cdk deploy -c lkg:sender=…`), checked, with defaults. `cdk.json` carries the same
 * defaults as {@link CONFIG_DEFAULTS} (a test keeps the two equal). The local stack reads the
 * same settings (./schedules.ts: cdk.json's context, each overridable by an environment
 * variable), so they live here, with the entry points, and the CDK stack imports them.
 *
 * | context key | meaning | default |
 * |---|---|---|
 * | `lkg:sender` | the From address of every email; an SES email identity is created for it | `lkg-noreply@example.com` |
 * | `lkg:bureauEmail` | where the district overview goes (`LKG_BUREAU_EMAIL`) | `lkg-bureau@example.com` |
 * | `lkg:publishSchedule` | EventBridge Scheduler expression of the monthly publication | `cron(0 9 10 * ? *)` |
 * | `lkg:publishTimeZone` | its time zone (IANA) | `Asia/Shanghai` |
 * | `lkg:reminderSchedule` | EventBridge Scheduler expression (in Asia/Shanghai) of the reminders (催报) before the publish date | `cron(0 9 5 * ? *)` |
 * | `lkg:stageName` | the HTTP API stage | `$default` |
 * | `lkg:logRetentionDays` | retention of every log group (function and API access logs) | `365` |
 * | `lkg:noncurrentVersionDays` | days a replaced or deleted object version is kept | `90` |
 * | `lkg:sweepSchedule` | EventBridge Scheduler expression of the sweep that resumes unfinished imports | `rate(15 minutes)` |
 * | `lkg:allowedOrigins` | comma-separated origins a browser may call the API from (CORS); empty: none | `` |
 *
 * @module
 */

/** The checked parameters of one deployment. */
export interface LkgConfig {
  /** From address of every email (SES identity). */
  sender: string;
  /** The bureau's address: receives the district overview. */
  bureauEmail: string;
  /** Scheduler expression (`cron(...)`, `rate(...)` or `at(...)`) of the monthly publication. */
  publishSchedule: string;
  /** IANA time zone of the schedule. */
  publishTimeZone: string;
  /** Scheduler expression, in Asia/Shanghai, of the reminders (催报) of the month before its instant. */
  reminderSchedule: string;
  /** HTTP API stage name; `$default` serves at the root of the endpoint. */
  stageName: string;
  /** Retention of the log groups, days (a value CloudWatch Logs accepts). */
  logRetentionDays: number;
  /** Days a noncurrent object version is kept before it expires. */
  noncurrentVersionDays: number;
  /** Scheduler expression of the sweep that resumes unfinished imports. */
  sweepSchedule: string;
  /** Origins (`https://host[:port]`, comma-separated) a browser may call the API from; empty: none. */
  allowedOrigins: string;
}

/** The context keys, by parameter. */
export const CONTEXT_KEYS: Readonly<Record<keyof LkgConfig, string>> = {
  sender: 'lkg:sender',
  bureauEmail: 'lkg:bureauEmail',
  publishSchedule: 'lkg:publishSchedule',
  publishTimeZone: 'lkg:publishTimeZone',
  reminderSchedule: 'lkg:reminderSchedule',
  stageName: 'lkg:stageName',
  logRetentionDays: 'lkg:logRetentionDays',
  noncurrentVersionDays: 'lkg:noncurrentVersionDays',
  sweepSchedule: 'lkg:sweepSchedule',
  allowedOrigins: 'lkg:allowedOrigins',
};

/** The time zone of the reminder schedule (the month it covers is the month before its instant there). */
export const REMINDER_TIME_ZONE = 'Asia/Shanghai';

/** The defaults (also written in cdk.json). The 10th of each month, 09:00 Beijing time. */
export const CONFIG_DEFAULTS: Readonly<LkgConfig> = {
  sender: 'lkg-noreply@example.com',
  bureauEmail: 'lkg-bureau@example.com',
  publishSchedule: 'cron(0 9 10 * ? *)',
  publishTimeZone: 'Asia/Shanghai',
  reminderSchedule: 'cron(0 9 5 * ? *)',
  stageName: '$default',
  logRetentionDays: 365,
  noncurrentVersionDays: 90,
  sweepSchedule: 'rate(15 minutes)',
  allowedOrigins: '',
};

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const SCHEDULE =
  /^(cron\(\S+( \S+){5}\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\)|at\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\))$/;
const TIME_ZONE = /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/;
const STAGE = /^(\$default|[A-Za-z0-9_-]{1,128})$/;
const ORIGINS = /^(https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(,https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?)*)?$/;

/** A way to read context values (a construct's `node`). */
export interface ContextSource {
  tryGetContext(key: string): unknown;
}

/**
 * Reads and checks the parameters.
 *
 * @throws Error naming the context key, the value found, and what is expected.
 */
export function configFromContext(node: ContextSource): LkgConfig {
  const text = (field: keyof LkgConfig, pattern: RegExp, expected: string): string => {
    const raw = node.tryGetContext(CONTEXT_KEYS[field]);
    const value = raw === undefined || raw === null || raw === '' ? CONFIG_DEFAULTS[field] : raw;
    if (typeof value !== 'string' || !pattern.test(value)) {
      throw new Error(`context ${CONTEXT_KEYS[field]} is ${JSON.stringify(raw)}; expected ${expected}`);
    }
    return value;
  };
  const days = (
    field: 'logRetentionDays' | 'noncurrentVersionDays',
    allowed: (n: number) => boolean,
    expected: string,
  ) => {
    const raw = node.tryGetContext(CONTEXT_KEYS[field]);
    const value = raw === undefined || raw === null || raw === '' ? CONFIG_DEFAULTS[field] : Number(raw);
    if (!Number.isInteger(value) || !allowed(value)) {
      throw new Error(`context ${CONTEXT_KEYS[field]} is ${JSON.stringify(raw)}; expected ${expected}`);
    }
    return value;
  };
  return {
    sender: text('sender', EMAIL, 'an email address such as lkg-noreply@your-domain.cn'),
    bureauEmail: text('bureauEmail', EMAIL, 'an email address'),
    publishSchedule: text(
      'publishSchedule',
      SCHEDULE,
      'an EventBridge Scheduler expression such as cron(0 9 10 * ? *)',
    ),
    publishTimeZone: text('publishTimeZone', TIME_ZONE, 'an IANA time zone such as Asia/Shanghai'),
    reminderSchedule: text(
      'reminderSchedule',
      SCHEDULE,
      'an EventBridge Scheduler expression such as cron(0 9 5 * ? *)',
    ),
    stageName: text('stageName', STAGE, '$default or 1-128 letters, digits, - and _'),
    logRetentionDays: days(
      'logRetentionDays',
      (n) => (LOG_RETENTION_DAYS as readonly number[]).includes(n),
      `one of ${LOG_RETENTION_DAYS.join(', ')}`,
    ),
    noncurrentVersionDays: days('noncurrentVersionDays', (n) => n >= 1, 'a whole number of days, at least 1'),
    sweepSchedule: text(
      'sweepSchedule',
      SCHEDULE,
      'an EventBridge Scheduler expression such as rate(15 minutes)',
    ),
    allowedOrigins: text(
      'allowedOrigins',
      ORIGINS,
      'comma-separated origins such as https://lkg.your-domain.cn (scheme, host, optional port; no path), or empty',
    ),
  };
}
