/**
 * Reminders (催报) before the publish date (docs/reminders.md): for month M, each unit whose
 * contacts receive the monthly e-mail gets the enterprises whose indicators it carries in M
 * with no figure reported (the complete `notReported` list of M's summaries) and the publish
 * date; the bureau gets the lists by unit. Once per unit and month: each e-mail is claimed
 * and recorded as the monthly e-mails are (`claimSend` with kind `reminder`), so a rerun sends
 * nothing new and `force` sends again.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { RulesInForce } from '#domain/decisions';
import { renderOverviewReminder, renderUnitReminder, type UnitReminder } from '#domain/email/index';
import { assertMonth, POLICIES, policyFor } from '#domain/policy/index';
import type { SendClaim, SendRecord } from '#domain/ports';
import { localDate, type PublishDate, publishDateOf } from '#domain/publish-date';
import { SUMMARY_UNITS } from '#domain/summaries';
import type { Month } from '#domain/types';
import type { UnitId } from '#domain/units';
import { rulesInForce } from '#functions/coordination/rules-in-force';
import { overviewRecipients, recipientsByUnit } from './plan.ts';
import type { PublishDeps, PublishItem } from './publish.ts';
import { claimSend, completeSendClaim, releaseSendClaim } from './send-claims.ts';
import { readCompleteLists } from './summaries.ts';

/** The publish schedule's settings (`lkg:publishSchedule`, `lkg:publishTimeZone`). */
export interface PublishScheduleSettings {
  expression: string;
  timeZone: string;
}

/** The publish schedule's settings from the environment (`LKG_PUBLISH_SCHEDULE`, `LKG_PUBLISH_TIME_ZONE`; set by the stack). */
export function publishScheduleFromEnvironment(
  env: Record<string, string | undefined>,
): PublishScheduleSettings {
  return {
    expression: env.LKG_PUBLISH_SCHEDULE ?? '',
    timeZone: env.LKG_PUBLISH_TIME_ZONE ?? env.LKG_TIME_ZONE ?? 'Asia/Shanghai',
  };
}

/** What reminding needs: the publisher's deps and the publish schedule. */
export interface RemindDeps extends Omit<PublishDeps, 'workbooks'> {
  publishSchedule: PublishScheduleSettings;
}

/** A reminder request: the month, and whether to send again what was sent. */
export interface RemindRequest {
  month: Month;
  force?: boolean;
}

/** What a reminder run did. */
export interface RemindResult {
  month: Month;
  force: boolean;
  /** The publish date of M (null: 发布日期未定). */
  publishDate: PublishDate | null;
  sent: PublishItem[];
  /** `already-sent`, `no-contacts`, `nothing-unreported` or `in-progress`. */
  skipped: PublishItem[];
  failed: PublishItem[];
  /** Every unit's enterprises not reported in M (the bureau's list by unit). */
  lists: UnitReminder[];
  /** True when no e-mail failed and none is held by another run. */
  complete: boolean;
}

/**
 * Sends month M's reminders.
 *
 * @throws PolicyNotInForceError or ValidationError for a month that cannot be published. Mail
 *   failures do not throw: they are in `failed`.
 */
export async function remindMonth(deps: RemindDeps, request: RemindRequest): Promise<RemindResult> {
  const { store, mailer, logger } = deps;
  const { month } = request;
  const force = request.force === true;
  assertMonth(month);
  policyFor(month, POLICIES);
  const now = deps.clock.now();
  const { expression, timeZone } = deps.publishSchedule;
  const publishDate = publishDateOf(expression, timeZone, month, localDate(now, timeZone));

  let rules: Promise<RulesInForce> | undefined;
  const readRules = () => {
    rules ??= rulesInForce(store, POLICIES);
    return rules;
  };
  const [contacts, reminded] = await Promise.all([store.contacts(), store.reminders(month)]);
  const complete = await readCompleteLists(store, month, SUMMARY_UNITS, 'notReported', readRules);
  const lists: UnitReminder[] = SUMMARY_UNITS.map((unit) => ({
    unit,
    notReported: (complete.get(unit) ?? []) as UnitReminder['notReported'],
  }));
  const recipientsOf = recipientsByUnit(contacts);
  const unitsWithoutContacts = SUMMARY_UNITS.filter((u) => (recipientsOf.get(u) ?? []).length === 0);
  const alreadySent = new Set(reminded.map((s) => s.unit));
  const result: RemindResult = {
    month,
    force,
    publishDate,
    sent: [],
    skipped: [],
    failed: [],
    lists,
    complete: false,
  };
  const run = (deps.runId ?? randomUUID)();

  const deliver = async (
    unit: UnitId,
    recipients: string[],
    build: () => ReturnType<typeof renderUnitReminder>,
  ) => {
    if (alreadySent.has(unit) && !force) {
      result.skipped.push({ unit, recipients, reason: 'already-sent' });
      return;
    }
    const claim: SendClaim = { month, unit, run, kind: 'reminder' };
    if (!(await claimSend(deps, claim, force))) {
      result.skipped.push({ unit, recipients, reason: 'in-progress' });
      logger?.warn('reminder claimed by another run', { month, unit });
      return;
    }
    const mail = build();
    let messageId: string;
    try {
      messageId = await mailer.send({ from: deps.sender, to: recipients, ...mail, attachments: [] });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      result.failed.push({ unit, recipients, subject: mail.subject, reason });
      logger?.error('reminder not sent', { month, unit, error: reason });
      await releaseSendClaim(deps, claim);
      return;
    }
    const send: SendRecord = { month, unit, recipients, messageId, sentAt: deps.clock.now().toISOString() };
    await store.recordReminder(send);
    await completeSendClaim(deps, claim).catch((error: unknown) =>
      // Sent and recorded; another run took the claim over meanwhile (this run's time ran out).
      logger?.warn('reminder sent, its claim was taken over meanwhile', {
        month,
        unit,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
    result.sent.push({ unit, recipients, subject: mail.subject, messageId });
    logger?.info('reminder sent', { month, unit, recipients: recipients.length, messageId });
  };

  for (const reminder of lists) {
    const recipients = recipientsOf.get(reminder.unit) ?? [];
    if (reminder.notReported.length === 0) {
      result.skipped.push({ unit: reminder.unit, recipients, reason: 'nothing-unreported' });
    } else if (recipients.length === 0) {
      result.skipped.push({ unit: reminder.unit, recipients, reason: 'no-contacts' });
    } else {
      await deliver(reminder.unit, recipients, () => renderUnitReminder(month, publishDate, reminder));
    }
  }
  const bureau = overviewRecipients(deps.bureauEmail, recipientsOf);
  // Every enterprise reported: nothing to remind anyone of, the bureau included.
  if (lists.every((l) => l.notReported.length === 0))
    result.skipped.push({ unit: 'bureau', recipients: bureau, reason: 'nothing-unreported' });
  else
    await deliver('bureau', bureau, () =>
      renderOverviewReminder(month, publishDate, lists, unitsWithoutContacts),
    );

  result.complete = result.failed.length === 0 && !result.skipped.some((s) => s.reason === 'in-progress');
  logger?.info('reminders done', {
    month,
    force,
    sent: result.sent.length,
    skipped: result.skipped.length,
    failed: result.failed.length,
  });
  return result;
}
