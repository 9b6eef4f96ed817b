/**
 * The publish function (docs/summaries.md). Thin: it turns the event into a month, calls
 * {@link publishMonth} through the ports, and reports what was sent.
 *
 * Events:
 * - the schedule (infra/constructs/publish.ts): `{ "source": "lkg.schedule", "scheduledTime": "<ISO>" }`,
 *   or an EventBridge scheduled event (`time`): the month before the scheduled time in
 *   Asia/Shanghai;
 * - on demand: `{ "month": "2026-10", "force"?: true }`;
 * - nothing else given: the month before now (Asia/Shanghai);
 * - reminders (催报, remind.ts): the reminder schedule's `{ "source": "lkg.reminder", "scheduledTime": "<ISO>" }`
 *   (the month before the scheduled time in Asia/Shanghai), or `{ "remind": true, "month"?, "force"? }`.
 *
 * @example
 * ```ts
 * const publish = createPublishHandler({ store, mailer, clock, workbooks, sender, bureauEmail });
 * const result = await publish({ month: '2026-10' });
 * result.sent.length; // one per unit with contacts, plus the overview
 * ```
 *
 * @module
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { dynamoDbStoreFromEnv } from '#adapters/dynamodb-store';
import { sesMailerFromEnv } from '#adapters/ses-mailer';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { ValidationError } from '#domain/errors';
import { addMonths, makeMonth } from '#domain/months';
import { assertMonth } from '#domain/policy/index';
import type { Month } from '#domain/types';
import { type PublishDeps, type PublishLogger, type PublishResult, publishMonth } from './publish.ts';
import { publishScheduleFromEnvironment, type RemindDeps, type RemindResult, remindMonth } from './remind.ts';

export type { PublishDeps, PublishItem, PublishLogger, PublishRequest, PublishResult } from './publish.ts';
export { PublishBlockedError, publishMonth } from './publish.ts';
export { publishScheduleFromEnvironment } from './remind.ts';

/** The events the function accepts. */
export type PublishEvent =
  | {
      source?: string;
      scheduledTime?: string;
      time?: string;
      month?: string;
      force?: boolean | string;
      remind?: boolean;
    }
  | null
  | undefined;

/** Offset of Asia/Shanghai from UTC (no daylight saving time since 1991). */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The month before the instant's month in Asia/Shanghai. */
export function previousMonthInShanghai(instant: Date): Month {
  const local = new Date(instant.getTime() + SHANGHAI_OFFSET_MS);
  return addMonths(makeMonth(local.getUTCFullYear(), local.getUTCMonth() + 1), -1);
}

/**
 * The month and force flag an event asks for.
 *
 * @throws ValidationError for a malformed month or time
 */
export function requestOf(event: PublishEvent, now: Date): { month: Month; force: boolean } {
  const force = event?.force === true || event?.force === 'true';
  if (event?.month != null) {
    assertMonth(event.month);
    return { month: event.month, force };
  }
  const time = event?.scheduledTime ?? event?.time;
  if (time != null) {
    const instant = new Date(time);
    if (Number.isNaN(instant.getTime())) {
      throw new ValidationError(`计划时间“${time}”不是有效的 ISO 8601 时间：应形如 2026-11-10T01:00:00Z。`);
    }
    return { month: previousMonthInShanghai(instant), force };
  }
  return { month: previousMonthInShanghai(now), force };
}

/** The handler over explicit deps: publishes the month the event asks for. */
export function createPublishHandler(deps: PublishDeps): (event?: PublishEvent) => Promise<PublishResult> {
  return async (event) => publishMonth(deps, requestOf(event, deps.clock.now()));
}

/** Whether the event asks for the reminders (催报) rather than the publication. */
export function isReminderEvent(event: PublishEvent): boolean {
  return event?.source === 'lkg.reminder' || event?.remind === true;
}

/** The handler over explicit deps for the reminder events: the reminders of the month the event asks for. */
export function createRemindHandler(deps: RemindDeps): (event?: PublishEvent) => Promise<RemindResult> {
  return async (event) => remindMonth(deps, requestOf(event, deps.clock.now()));
}

/** Deps from the environment: `LKG_TABLE_NAME`, `LKG_SENDER`, `LKG_BUREAU_EMAIL`, the SDK's endpoints. */
export function publishDepsFromEnvironment(
  env: Record<string, string | undefined> = process.env,
): PublishDeps {
  const sender = env.LKG_SENDER;
  const bureauEmail = env.LKG_BUREAU_EMAIL;
  if (!sender) throw new Error('LKG_SENDER is not set: publishing needs the From address (an SES identity)');
  if (!bureauEmail) throw new Error('LKG_BUREAU_EMAIL is not set: publishing needs the bureau address');
  return {
    store: dynamoDbStoreFromEnv(env),
    mailer: sesMailerFromEnv(env),
    clock: { now: () => new Date() },
    workbooks: sheetJsWorkbooks,
    sender,
    bureauEmail,
    logger: powertoolsLogger(new Logger({ serviceName: 'lkg-publish' })),
  };
}

function powertoolsLogger(logger: Logger): PublishLogger {
  return {
    info: (message, extra) => logger.info(message, { ...extra }),
    warn: (message, extra) => logger.warn(message, { ...extra }),
    error: (message, extra) => logger.error(message, { ...extra }),
  };
}

let envDeps: PublishDeps | undefined;
let envSchedule: RemindDeps['publishSchedule'] | undefined;

/**
 * The Lambda entry point. Throws when the publication is not complete — some email could not
 * be sent, or another (possibly interrupted) run still holds a unit's claim — so that the
 * schedule's retry sends what is missing (what was sent is not sent again).
 */
export async function handler(
  event?: PublishEvent,
  context?: Context,
): Promise<PublishResult | RemindResult> {
  envDeps ??= publishDepsFromEnvironment(process.env);
  // The claims of this run's e-mails last as long as the invocation has left (and a margin).
  const deps: PublishDeps = context?.getRemainingTimeInMillis
    ? { ...envDeps, remainingMs: () => context.getRemainingTimeInMillis() }
    : envDeps;
  if (isReminderEvent(event)) {
    envSchedule ??= publishScheduleFromEnvironment(process.env);
    const result = await createRemindHandler({ ...deps, publishSchedule: envSchedule })(event);
    if (!result.complete) {
      throw new Error(
        `reminders of ${result.month} incomplete: ${result.failed.map((f) => `${f.unit}: ${f.reason}`).join('; ') || 'claimed by another run'}; a retry sends only those`,
      );
    }
    return result;
  }
  const result = await createPublishHandler(deps)(event);
  if (!result.complete) {
    const inProgress = result.skipped.filter((s) => s.reason === 'in-progress').map((s) => s.unit);
    throw new Error(
      `publication of ${result.month} incomplete: ${result.failed.length} email(s) failed (${result.failed
        .map((f) => `${f.unit}: ${f.reason}`)
        .join(
          '; ',
        )}), ${inProgress.length} claimed by another run (${inProgress.join(', ')}); a retry sends only those`,
    );
  }
  return result;
}
