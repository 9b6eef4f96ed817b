import { describe, expect, it } from 'vitest';
import {
  dueReminder,
  localDate,
  monthlySchedule,
  nextPublishDate,
  publishCountdown,
  publishDateOf,
} from '#domain/publish-date';
import type { Month } from '#domain/types';

const CRON = 'cron(0 9 10 * ? *)';
const SH = 'Asia/Shanghai';

describe('the monthly schedule of an expression', () => {
  it.each([
    ['cron(0 9 10 * ? *)', { day: 10, hour: 9, minute: 0 }],
    [' cron(30 23 31 * ? *) ', { day: 31, hour: 23, minute: 30 }],
    ['cron(0 9 1 * ? *)', { day: 1, hour: 9, minute: 0 }],
    ['rate(1 day)', null],
    ['cron(0 9 10,20 * ? *)', null], // several days
    ['cron(0 9 ? * MON *)', null], // a weekday
    ['cron(0 9 L * ? *)', null], // the last day
    ['cron(0 9 10 1 ? *)', null], // once a year
    ['cron(0 9 32 * ? *)', null],
    ['cron(0 9 0 * ? *)', null],
    ['cron(60 9 10 * ? *)', null],
    ['cron(0 24 10 * ? *)', null],
    ['at(2026-11-10T09:00:00)', null],
  ])('%s → %o', (expression, expected) => {
    expect(monthlySchedule(expression)).toEqual(expected);
  });
});

describe('the next publish date', () => {
  it.each([
    // [now (UTC), expression, zone, date, month published, days left]
    ['2026-11-01T00:00:00Z', CRON, SH, '2026-11-10', '2026-10', 9],
    ['2026-11-09T15:59:59Z', CRON, SH, '2026-11-10', '2026-10', 1], // 23:59:59 on the 9th
    ['2026-11-09T16:00:00Z', CRON, SH, '2026-11-10', '2026-10', 0], // 00:00 on the 10th: today
    ['2026-11-10T00:59:59Z', CRON, SH, '2026-11-10', '2026-10', 0], // 08:59:59: still ahead
    ['2026-11-10T01:00:00Z', CRON, SH, '2026-12-10', '2026-11', 30], // 09:00 exactly: past
    ['2026-11-10T01:00:01Z', CRON, SH, '2026-12-10', '2026-11', 30],
    ['2026-12-31T15:59:59Z', CRON, SH, '2027-01-10', '2026-12', 10], // year end
    ['2026-12-20T00:00:00Z', CRON, SH, '2027-01-10', '2026-12', 21],
    // the day the month lacks is skipped (EventBridge skips it)
    ['2026-11-01T00:00:00Z', 'cron(0 9 31 * ? *)', SH, '2026-12-31', '2026-11', 60],
    ['2027-01-31T02:00:00Z', 'cron(0 9 31 * ? *)', SH, '2027-03-31', '2027-02', 59],
    ['2028-02-01T00:00:00Z', 'cron(0 9 29 * ? *)', SH, '2028-02-29', '2028-01', 28], // leap year
    ['2027-02-01T00:00:00Z', 'cron(0 9 29 * ? *)', SH, '2027-03-29', '2027-02', 56],
    // the time zone decides the local day
    ['2026-11-09T20:00:00Z', CRON, 'UTC', '2026-11-10', '2026-10', 1],
    ['2026-11-10T08:59:00Z', CRON, 'UTC', '2026-11-10', '2026-10', 0],
    ['2026-11-10T09:00:00Z', CRON, 'UTC', '2026-12-10', '2026-11', 30],
  ])(
    'at %s with %s in %s: %s (publishes %s, %i days left)',
    (now, expression, zone, date, month, daysLeft) => {
      expect(nextPublishDate(expression, zone, new Date(now))).toMatchObject({
        date,
        month,
        daysLeft,
        time: '09:00',
      });
    },
  );

  it('a schedule that is not a monthly day-of-month cron gives no date', () => {
    expect(nextPublishDate('rate(30 days)', SH, new Date('2026-11-01T00:00:00Z'))).toBeNull();
  });

  it('an unknown time zone is an error', () => {
    expect(() => nextPublishDate(CRON, 'Mars/Olympus', new Date())).toThrow(RangeError);
  });
});

describe('the publish date of a month', () => {
  it.each([
    ['2026-10', CRON, '2026-11-01', '2026-11-10', 9],
    ['2026-12', CRON, '2026-12-31', '2027-01-10', 10],
    ['2026-10', 'cron(0 9 31 * ? *)', '2026-11-01', '2026-12-31', 60], // November has no 31st
    ['2026-10', CRON, '2026-11-12', '2026-11-10', -2], // already past
  ])('%s under %s, seen on %s: %s (%i days)', (month, expression, today, date, daysLeft) => {
    expect(publishDateOf(expression, SH, month as Month, today)).toMatchObject({ date, month, daysLeft });
  });

  it('none for another kind of schedule', () => {
    expect(publishDateOf('rate(15 minutes)', SH, '2026-10', '2026-11-01')).toBeNull();
  });

  it.each([
    ['2026-11-09T15:59:59Z', '2026-11-09'],
    ['2026-11-09T16:00:00Z', '2026-11-10'],
  ])('the local date of %s in Asia/Shanghai is %s', (instant, date) => {
    expect(localDate(new Date(instant), SH)).toBe(date);
  });
});

describe('the countdown the console home shows', () => {
  it.each([
    ['2026-11-07T02:00:00Z', CRON, { date: '2026-11-10', time: '09:00', month: '2026-10', daysLeft: 3 }],
    ['2026-11-10T01:00:00Z', CRON, { date: '2026-12-10', time: '09:00', month: '2026-11', daysLeft: 30 }],
    ['2026-11-07T02:00:00Z', 'rate(30 days)', { date: null, time: null, month: null, daysLeft: null }],
    ['2026-11-07T02:00:00Z', 'cron(0 9 ? * MON *)', { date: null, time: null, month: null, daysLeft: null }],
  ])('at %s with %s: %o', (now, expression, expected) => {
    expect(publishCountdown(expression, SH, new Date(now))).toEqual({ ...expected, timeZone: SH });
  });
});

describe('the reminder due for a timer that asks every so often', () => {
  const REMIND = { expression: 'cron(0 9 5 * ? *)', timeZone: SH };
  const PUBLISH = { expression: CRON, timeZone: SH };
  const due = { scheduledTime: '2026-11-05T01:00:00.000Z', month: '2026-10' };
  it.each([
    // [now (UTC), reminder schedule, publish schedule, due]
    ['2026-11-05T00:59:59Z', REMIND, PUBLISH, null], // 08:59:59 on the 5th: not yet
    ['2026-11-05T01:00:00Z', REMIND, PUBLISH, due], // 09:00 exactly: due
    ['2026-11-07T12:00:00Z', REMIND, PUBLISH, due], // missed while stopped: still due
    ['2026-11-10T00:59:59Z', REMIND, PUBLISH, due], // the last second before publishing
    ['2026-11-10T01:00:00Z', REMIND, PUBLISH, null], // published: too late
    ['2026-11-20T00:00:00Z', REMIND, PUBLISH, null],
    ['2026-11-04T16:00:00Z', REMIND, PUBLISH, null], // 00:00 on the 5th in Shanghai
    [
      '2027-01-05T01:00:00Z',
      REMIND,
      PUBLISH,
      { scheduledTime: '2027-01-05T01:00:00.000Z', month: '2026-12' },
    ],
    // the publish date unset: due for the rest of the month
    ['2026-11-28T00:00:00Z', REMIND, { expression: 'rate(30 days)', timeZone: SH }, due],
    // a reminder schedule that is not a monthly day-of-month cron: never due
    ['2026-11-07T00:00:00Z', { expression: 'rate(1 day)', timeZone: SH }, PUBLISH, null],
    // a day the month lacks: no run that month
    ['2026-11-30T15:00:00Z', { expression: 'cron(0 9 31 * ? *)', timeZone: SH }, PUBLISH, null],
    // a zone with daylight saving time: 09:00 local is 08:00 UTC in summer, 09:00 in winter
    [
      '2026-07-05T08:00:00Z',
      { expression: 'cron(0 9 5 * ? *)', timeZone: 'Europe/London' },
      PUBLISH,
      { scheduledTime: '2026-07-05T08:00:00.000Z', month: '2026-06' },
    ],
    ['2026-12-05T08:59:00Z', { expression: 'cron(0 9 5 * ? *)', timeZone: 'Europe/London' }, PUBLISH, null],
  ])('at %s', (now, reminder, publish, expected) => {
    expect(dueReminder(reminder, publish, new Date(now))).toEqual(expected);
  });
});
