/**
 * The schedules' settings outside AWS (the local stack, `lkg remind`): cdk.json's context
 * (`lkg:publishSchedule`, `lkg:publishTimeZone`, `lkg:reminderSchedule`), each overridden by
 * its environment variable (`LKG_PUBLISH_SCHEDULE`, `LKG_PUBLISH_TIME_ZONE`,
 * `LKG_REMINDER_SCHEDULE`), checked as `cdk synth` checks them (`configFromContext`). In AWS
 * the stack passes the same settings to the functions (infra/stack.ts).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import type { ScheduleSettings } from '#domain/publish-date';
import { CONTEXT_KEYS, configFromContext, REMINDER_TIME_ZONE } from './deploy-config.ts';

/** The publish and reminder schedules as the local stack runs them. */
export interface LocalSchedules {
  publish: ScheduleSettings;
  reminder: ScheduleSettings;
}

const OVERRIDES: Record<string, string> = {
  [CONTEXT_KEYS.publishSchedule]: 'LKG_PUBLISH_SCHEDULE',
  [CONTEXT_KEYS.publishTimeZone]: 'LKG_PUBLISH_TIME_ZONE',
  [CONTEXT_KEYS.reminderSchedule]: 'LKG_REMINDER_SCHEDULE',
};

function cdkContext(path: URL): Record<string, unknown> {
  try {
    const cdk = JSON.parse(readFileSync(path, 'utf8')) as { context?: Record<string, unknown> };
    return cdk.context ?? {};
  } catch {
    return {};
  }
}

/**
 * Reads the settings.
 *
 * @throws Error naming the setting, the value found and what is expected (as `cdk synth`)
 */
export function localSchedules(
  env: Record<string, string | undefined> = process.env,
  cdkJson: URL = new URL('../../cdk.json', import.meta.url),
): LocalSchedules {
  const context = cdkContext(cdkJson);
  const config = configFromContext({
    tryGetContext: (key) => {
      const variable = OVERRIDES[key];
      return (variable ? env[variable] : undefined) || context[key];
    },
  });
  return {
    publish: { expression: config.publishSchedule, timeZone: config.publishTimeZone },
    reminder: { expression: config.reminderSchedule, timeZone: REMINDER_TIME_ZONE },
  };
}
