/**
 * The publish date: when a month's summaries are published, read from the publish schedule's
 * settings (an EventBridge Scheduler expression and its IANA time zone). Pure: the instant
 * "now" is an argument.
 *
 * Only a monthly day-of-month cron — `cron(<minute> <hour> <day> * ? *)`, each a single
 * number — gives a date; any other expression (a rate, several days, a weekday) gives none,
 * and people see 「发布日期未定」. A day the month does not have (e.g. 31 in November) is
 * skipped, as EventBridge Scheduler skips it: the publication runs in the next month that
 * has that day.
 *
 * @example
 * ```ts
 * nextPublishDate('cron(0 9 10 * ? *)', 'Asia/Shanghai', new Date('2026-11-09T16:00:00Z'));
 * // { date: '2026-11-10', time: '09:00', timeZone: 'Asia/Shanghai', month: '2026-10', daysLeft: 0 }
 * ```
 *
 * @module
 */
import { addMonths, makeMonth, parseMonthParts } from './months.ts';
import type { Month } from './types.ts';

/** A monthly day-of-month schedule: the day, hour and minute of its run in its time zone. */
export interface MonthlySchedule {
  day: number;
  hour: number;
  minute: number;
}

/** The next publication: its local date and time, the month it publishes, the days left (local dates). */
export interface PublishDate {
  /** The local date, `YYYY-MM-DD`. */
  date: string;
  /** The local time, `HH:MM`. */
  time: string;
  timeZone: string;
  /** The month whose summaries it publishes (the month before the date's). */
  month: Month;
  /** Calendar days from today's local date to the publish date (0: today). */
  daysLeft: number;
}

/** What people see when the schedule gives no date. */
export const PUBLISH_DATE_UNSET = '发布日期未定';

const MONTHLY_CRON = /^cron\(\s*(\d{1,2})\s+(\d{1,2})\s+(\d{1,2})\s+\*\s+\?\s+\*\s*\)$/;

/** The monthly day-of-month schedule of an expression, or null for any other expression. */
export function monthlySchedule(expression: string): MonthlySchedule | null {
  const m = MONTHLY_CRON.exec(expression.trim());
  if (!m) return null;
  const [minute, hour, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (minute > 59 || hour > 23 || day < 1 || day > 31) return null;
  return { day, hour, minute };
}

function daysIn(month: Month): number {
  const { year, month: m } = parseMonthParts(month);
  return new Date(Date.UTC(year, m, 0)).getUTCDate();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The wall clock of an instant in a time zone. */
function wallClock(instant: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(instant)
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
  return parts;
}

/** The first month from `from` (inclusive) that has the schedule's day. */
function firstMonthWithDay(from: Month, day: number): Month {
  let month = from;
  while (daysIn(month) < day) month = addMonths(month, 1);
  return month;
}

function publishDateIn(
  month: Month,
  schedule: MonthlySchedule,
  timeZone: string,
  today: string,
): PublishDate {
  const date = `${month}-${pad(schedule.day)}`;
  return {
    date,
    time: `${pad(schedule.hour)}:${pad(schedule.minute)}`,
    timeZone,
    month: addMonths(month, -1),
    daysLeft: Math.round((Date.parse(date) - Date.parse(today)) / 86_400_000),
  };
}

/**
 * The next publication after `now` (a run at exactly `now` is already past), or null when the
 * expression is not a monthly day-of-month cron.
 *
 * @throws RangeError for an unknown time zone
 */
export function nextPublishDate(expression: string, timeZone: string, now: Date): PublishDate | null {
  const schedule = monthlySchedule(expression);
  if (!schedule) return null;
  const w = wallClock(now, timeZone);
  const current = makeMonth(w.year, w.month);
  const today = `${current}-${pad(w.day)}`;
  const clock = [w.day, w.hour, w.minute, w.second];
  const run = [schedule.day, schedule.hour, schedule.minute, 0];
  const before = clock.findIndex((v, i) => v !== run[i]);
  const stillAhead = before >= 0 && (clock[before] as number) < (run[before] as number);
  const month =
    stillAhead && daysIn(current) >= schedule.day
      ? current
      : firstMonthWithDay(addMonths(current, 1), schedule.day);
  return publishDateIn(month, schedule, timeZone, today);
}

/**
 * The date month M is published (the schedule's first run in the months after M), or null when
 * the expression is not a monthly day-of-month cron. `daysLeft` counts from `today` (local).
 */
export function publishDateOf(
  expression: string,
  timeZone: string,
  month: Month,
  today: string,
): PublishDate | null {
  const schedule = monthlySchedule(expression);
  if (!schedule) return null;
  const runMonth = firstMonthWithDay(addMonths(month, 1), schedule.day);
  return { ...publishDateIn(runMonth, schedule, timeZone, today), month };
}

/** The local date (`YYYY-MM-DD`) of an instant in a time zone. */
export function localDate(now: Date, timeZone: string): string {
  const w = wallClock(now, timeZone);
  return `${makeMonth(w.year, w.month)}-${pad(w.day)}`;
}

/**
 * What the console's home shows: the next publish date and the days left to it, or nulls when
 * the schedule gives no date (「发布日期未定」).
 */
export interface PublishCountdown {
  /** The local date, `YYYY-MM-DD`; null: 发布日期未定. */
  date: string | null;
  /** The local time, `HH:MM`. */
  time: string | null;
  timeZone: string;
  /** The month the next publication publishes. */
  month: Month | null;
  /** Calendar days from today's local date to the publish date (0: today). */
  daysLeft: number | null;
}

/**
 * The countdown to the next publication after `now` (see {@link nextPublishDate}).
 *
 * @throws RangeError for an unknown time zone
 */
export function publishCountdown(expression: string, timeZone: string, now: Date): PublishCountdown {
  const next = nextPublishDate(expression, timeZone, now);
  if (!next) return { date: null, time: null, timeZone, month: null, daysLeft: null };
  return { date: next.date, time: next.time, timeZone, month: next.month, daysLeft: next.daysLeft };
}

/** The instant of a wall-clock time in a time zone (the zone's offset at that time). */
function instantOf(date: string, hour: number, minute: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wanted = Date.UTC(y, m - 1, d, hour, minute);
  let instant = wanted;
  // twice: the offset at the guess, then at the corrected instant (a change of offset between)
  for (let i = 0; i < 2; i++) {
    const w = wallClock(new Date(instant), timeZone);
    const seen = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    instant += wanted - seen;
  }
  return new Date(instant);
}

/** A schedule's settings: an EventBridge Scheduler expression and its IANA time zone. */
export interface ScheduleSettings {
  expression: string;
  timeZone: string;
}

/** A reminder run that is due: its instant and the month it reminds of (the month before). */
export interface DueReminder {
  /** The schedule's run in the current local month (ISO 8601, UTC). */
  scheduledTime: string;
  /** The month before the run's local month: the one the next publication publishes. */
  month: Month;
}

/**
 * The reminder run due at `now`, for a timer that asks every so often (the local stack's): the
 * reminder schedule's run in the current local month when it is at or before `now`, while the
 * month it reminds of is not yet published (the publish schedule's date for that month is still
 * ahead; a reminder after it is too late to change the month's figures). Null otherwise, and
 * for a reminder schedule that is not a monthly day-of-month cron (there is no run to find).
 * A run missed while nothing asked is still due until the publish date; sending it once is the
 * claims' work, not this function's.
 *
 * @throws RangeError for an unknown time zone
 */
export function dueReminder(
  reminder: ScheduleSettings,
  publish: ScheduleSettings,
  now: Date,
): DueReminder | null {
  const schedule = monthlySchedule(reminder.expression);
  if (!schedule) return null;
  const w = wallClock(now, reminder.timeZone);
  const current = makeMonth(w.year, w.month);
  if (daysIn(current) < schedule.day) return null; // skipped this month, as EventBridge skips it
  const run = instantOf(`${current}-${pad(schedule.day)}`, schedule.hour, schedule.minute, reminder.timeZone);
  if (run.getTime() > now.getTime()) return null;
  const month = addMonths(current, -1);
  const published = publishDateOf(
    publish.expression,
    publish.timeZone,
    month,
    localDate(now, publish.timeZone),
  );
  if (published) {
    const [hour, minute] = published.time.split(':').map(Number) as [number, number];
    if (instantOf(published.date, hour, minute, publish.timeZone).getTime() <= now.getTime()) return null;
  }
  return { scheduledTime: run.toISOString(), month };
}
