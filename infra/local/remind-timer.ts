/**
 * The local stack's reminder timer (催报): what AWS's EventBridge Scheduler schedule
 * `lkg:reminderSchedule` does, for `npm start`. Every interval it asks whether the schedule's
 * run of the current month (in its time zone) has passed while the month it reminds of is not
 * yet published (`dueReminder`, domain/publish-date.ts); if so it sends that run's reminders
 * through the same handler as the schedule's event (`{ source: 'lkg.reminder', scheduledTime }`).
 * A stack started after the run still sends it before the publish date. The claims make every
 * later tick and every restart harmless (a rerun sends nothing new); the timer only stops
 * asking once a run was complete, and after an incomplete run (an e-mail failed, a claim held
 * by another run) asks again after `retryMs`.
 *
 * @module
 */

import type { Clock } from '#domain/ports';
import { type DueReminder, dueReminder, type ScheduleSettings } from '#domain/publish-date';
import type { Month } from '#domain/types';
import { type UnitId, unitName } from '#domain/units';
import type { PublishEvent } from '#functions/publish/handler';
import type { RemindResult } from '#functions/publish/remind';

const nameOf = (unit: UnitId) => (unit === 'bureau' ? '区商务局' : unitName(unit));

/** What the timer needs: the clock, the two schedules, the reminder handler, where to say what it did. */
export interface ReminderTimerDeps {
  clock: Clock;
  /** `lkg:reminderSchedule` (in Asia/Shanghai, as the CDK schedule). */
  reminderSchedule: ScheduleSettings;
  /** `lkg:publishSchedule` and `lkg:publishTimeZone`. */
  publishSchedule: ScheduleSettings;
  /** The reminder handler (`createRemindHandler`), as the schedule's event invokes it. */
  remind(event: PublishEvent): Promise<RemindResult>;
  /** Lines for people (Chinese). */
  log(line: string): void;
  error(line: string): void;
  /** How long after an incomplete run the timer tries again; default 15 minutes (the sweep's rate in AWS). */
  retryMs?: number;
}

/** What one tick did. */
export type ReminderTick =
  | { kind: 'not-due' }
  | { kind: 'busy' }
  | { kind: 'done'; month: Month }
  | { kind: 'waiting'; month: Month }
  | { kind: 'sent'; due: DueReminder; result: RemindResult }
  | { kind: 'incomplete'; due: DueReminder; reason: string };

/** The timer's state between ticks: one tick at a time, the months done, the last incomplete run. */
export function reminderTimer(deps: ReminderTimerDeps): { tick(): Promise<ReminderTick> } {
  const retryMs = deps.retryMs ?? 15 * 60_000;
  const done = new Set<Month>();
  let lastIncomplete: { month: Month; at: number } | null = null;
  let busy = false;
  const tick = async (): Promise<ReminderTick> => {
    if (busy) return { kind: 'busy' };
    const now = deps.clock.now();
    let due: DueReminder | null;
    try {
      due = dueReminder(deps.reminderSchedule, deps.publishSchedule, now);
    } catch (error) {
      deps.error(`催报计划无法计算：${error instanceof Error ? error.message : String(error)}`);
      return { kind: 'not-due' };
    }
    if (!due) return { kind: 'not-due' };
    if (done.has(due.month)) return { kind: 'done', month: due.month };
    if (lastIncomplete?.month === due.month && now.getTime() - lastIncomplete.at < retryMs)
      return { kind: 'waiting', month: due.month };
    busy = true;
    try {
      const result = await deps.remind({ source: 'lkg.reminder', scheduledTime: due.scheduledTime });
      const sent = result.sent.length;
      if (result.complete) {
        done.add(due.month);
        lastIncomplete = null;
        deps.log(
          sent > 0
            ? `定时催报：已发送 ${result.month} 的指标报送提醒 ${sent} 封`
            : `定时催报：${result.month} 的指标报送提醒此前已发送或无需发送`,
        );
        return { kind: 'sent', due, result };
      }
      const reason =
        result.failed.map((f) => `${nameOf(f.unit)}：${f.reason}`).join('；') || '另一次发送正在进行';
      lastIncomplete = { month: due.month, at: now.getTime() };
      deps.error(`定时催报：${result.month} 的提醒未全部发出（${reason}），稍后只补发未发出的`);
      return { kind: 'incomplete', due, reason };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      lastIncomplete = { month: due.month, at: now.getTime() };
      deps.error(`定时催报：${due.month} 的提醒发送失败：${reason}，稍后重试`);
      return { kind: 'incomplete', due, reason };
    } finally {
      busy = false;
    }
  };
  return { tick };
}

/**
 * Runs the reminder timer every `intervalMs` while the stack runs (first tick at once). Returns
 * the function that stops it.
 */
export function remindEvery(deps: ReminderTimerDeps, intervalMs: number): () => void {
  const timer = reminderTimer(deps);
  void timer.tick();
  const interval = setInterval(() => void timer.tick(), intervalMs);
  interval.unref?.();
  return () => clearInterval(interval);
}
