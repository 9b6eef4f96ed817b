/**
 * The local stack's reminder timer (infra/local/remind-timer.ts): the reminder schedule's run
 * of the month is sent once it has passed, until the publish date, once per unit and month,
 * with an injected clock (no real waiting) over the in-memory store and a capturing mailer.
 */
import { describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '#adapters/memory-store';
import type { Mailer } from '#domain/ports';
import type { ContactRow } from '#domain/types';
import { createRemindHandler } from '#functions/publish/handler';
import { remindEvery, reminderTimer } from '#infra/local/remind-timer';
import { localSchedules } from '#infra/local/schedules';
import { rec, row } from '../domain/summaries-support.ts';
import { fakeMailer } from '../support/mailer.ts';

const contacts: ContactRow[] = [
  { unit: 'changqing', name: '联络员', email: 'changqing@example.com', receives: true },
  { unit: 'jinghe', name: '联络员', email: 'jinghe@example.com', receives: true },
];

async function seededStore() {
  const store = createMemoryStore();
  await store.seed(
    {
      register: [
        rec({ key: 'A', name: '甲公司' }), // changqing, reported
        rec({ key: 'B', name: '乙公司' }), // changqing, not reported
        rec({ key: 'D', name: '丁公司', street: 'jinghe' }), // jinghe, not reported
      ],
      indicators: [row('A', '2026-10', { revenue: '30' })],
      contacts,
    },
    { eventTime: '2026-11-01T00:00:00Z' },
  );
  return store;
}

const SCHEDULES = {
  reminderSchedule: { expression: 'cron(0 9 5 * ? *)', timeZone: 'Asia/Shanghai' },
  publishSchedule: { expression: 'cron(0 9 10 * ? *)', timeZone: 'Asia/Shanghai' },
};

/** A timer over a clock the test moves; the lines it wrote. */
function timerAt(store: Awaited<ReturnType<typeof seededStore>>, mailer: Mailer, retryMs = 15 * 60_000) {
  let now = new Date('2026-11-01T00:00:00Z');
  const clock = { now: () => now };
  const lines: string[] = [];
  const remind = createRemindHandler({
    store,
    mailer,
    clock,
    sender: 'lkg@example.com',
    bureauEmail: 'bureau@example.com',
    publishSchedule: SCHEDULES.publishSchedule,
  });
  const timer = reminderTimer({
    clock,
    ...SCHEDULES,
    remind,
    retryMs,
    log: (line) => lines.push(line),
    error: (line) => lines.push(line),
  });
  return {
    lines,
    async at(instant: string) {
      now = new Date(instant);
      return timer.tick();
    },
  };
}

describe('the local reminder timer', () => {
  it('sends the month’s reminders once the schedule’s run has passed, and once only', async () => {
    const store = await seededStore();
    const { mailer, sent } = fakeMailer();
    const timer = timerAt(store, mailer);
    expect(await timer.at('2026-11-04T12:00:00Z')).toEqual({ kind: 'not-due' });
    expect(await timer.at('2026-11-05T00:59:59Z')).toEqual({ kind: 'not-due' }); // 08:59:59 in Shanghai
    const tick = await timer.at('2026-11-05T01:00:00Z'); // 09:00
    expect(tick).toMatchObject({
      kind: 'sent',
      due: { month: '2026-10', scheduledTime: '2026-11-05T01:00:00.000Z' },
    });
    expect(sent.map((m) => m.subject)).toEqual([
      '【临空港经开区】催报：2026年10月径河街尚有 1 家企业未报送指标',
      '【临空港经开区】催报：2026年10月长青街尚有 1 家企业未报送指标',
      '【临空港经开区】催报：2026年10月全区尚有 2 家企业未报送指标',
    ]);
    expect(timer.lines).toEqual(['定时催报：已发送 2026-10 的指标报送提醒 3 封']);
    expect(await timer.at('2026-11-05T01:01:00Z')).toEqual({ kind: 'done', month: '2026-10' });
    expect(await timer.at('2026-11-09T12:00:00Z')).toEqual({ kind: 'done', month: '2026-10' });
    expect(await timer.at('2026-11-10T01:00:00Z')).toEqual({ kind: 'not-due' }); // published
    expect(sent).toHaveLength(3);
    expect((await store.reminders('2026-10')).map((s) => s.unit).sort()).toEqual([
      'bureau',
      'changqing',
      'jinghe',
    ]);
  });

  it('a restart (a new timer) sends nothing new: the claims hold', async () => {
    const store = await seededStore();
    const first = fakeMailer();
    await timerAt(store, first.mailer).at('2026-11-05T01:00:00Z');
    const again = fakeMailer();
    const restarted = timerAt(store, again.mailer);
    const tick = await restarted.at('2026-11-06T02:00:00Z');
    expect(tick.kind).toBe('sent');
    expect(again.sent).toEqual([]);
    expect(restarted.lines).toEqual(['定时催报：2026-10 的指标报送提醒此前已发送或无需发送']);
  });

  it('a stack started after the run still sends it before the publish date, not after', async () => {
    const late = fakeMailer();
    await timerAt(await seededStore(), late.mailer).at('2026-11-09T15:00:00Z');
    expect(late.sent).toHaveLength(3);
    const tooLate = fakeMailer();
    expect(await timerAt(await seededStore(), tooLate.mailer).at('2026-11-10T01:00:00Z')).toEqual({
      kind: 'not-due',
    });
    expect(tooLate.sent).toEqual([]);
  });

  it('an incomplete run is tried again after the retry interval, sending only what failed', async () => {
    const store = await seededStore();
    const { mailer, sent } = fakeMailer(new Set([1])); // 径河街's e-mail (the first) fails
    const timer = timerAt(store, mailer, 15 * 60_000);
    expect(await timer.at('2026-11-05T01:00:00Z')).toMatchObject({ kind: 'incomplete' });
    expect(sent).toHaveLength(2);
    expect(timer.lines.at(-1)).toContain(
      '定时催报：2026-10 的提醒未全部发出（径河街：SES: Throttling (simulated)）',
    );
    expect(await timer.at('2026-11-05T01:14:59Z')).toEqual({ kind: 'waiting', month: '2026-10' });
    expect(await timer.at('2026-11-05T01:15:00Z')).toMatchObject({ kind: 'sent' });
    expect(sent.map((m) => m.to)).toEqual([
      ['changqing@example.com'],
      ['bureau@example.com'],
      ['jinghe@example.com'],
    ]);
    expect(await timer.at('2026-11-05T02:00:00Z')).toEqual({ kind: 'done', month: '2026-10' });
  });

  it('a reminder schedule that is not a monthly day-of-month cron never fires', async () => {
    const remind = vi.fn();
    const timer = reminderTimer({
      clock: { now: () => new Date('2026-11-06T00:00:00Z') },
      reminderSchedule: { expression: 'rate(1 day)', timeZone: 'Asia/Shanghai' },
      publishSchedule: SCHEDULES.publishSchedule,
      remind,
      log: () => undefined,
      error: () => undefined,
    });
    expect(await timer.tick()).toEqual({ kind: 'not-due' });
    expect(remind).not.toHaveBeenCalled();
  });

  it('remindEvery asks at once and every interval, one run at a time, until stopped', async () => {
    let calls = 0;
    let release: () => void = () => undefined;
    const remind = vi.fn(async () => {
      calls++;
      await new Promise<void>((r) => (release = r));
      return { month: '2026-10', complete: true, sent: [], skipped: [], failed: [] } as never;
    });
    const stop = remindEvery(
      {
        clock: { now: () => new Date('2026-11-06T00:00:00Z') },
        ...SCHEDULES,
        remind,
        log: () => undefined,
        error: () => undefined,
      },
      5,
    );
    await vi.waitFor(() => expect(calls).toBe(1));
    await new Promise((r) => setTimeout(r, 30)); // ticks while the first run is under way
    expect(calls).toBe(1);
    release();
    await new Promise((r) => setTimeout(r, 30)); // complete: later ticks find the month done
    stop();
    expect(calls).toBe(1);
    expect(remind).toHaveBeenCalledWith({
      source: 'lkg.reminder',
      scheduledTime: '2026-11-05T01:00:00.000Z',
    });
  });
});

describe('the schedules outside AWS', () => {
  it.each([
    [{}, 'cron(0 9 10 * ? *)', 'Asia/Shanghai', 'cron(0 9 5 * ? *)'],
    [
      {
        LKG_PUBLISH_SCHEDULE: 'cron(30 8 12 * ? *)',
        LKG_PUBLISH_TIME_ZONE: 'UTC',
        LKG_REMINDER_SCHEDULE: 'cron(0 10 3 * ? *)',
      },
      'cron(30 8 12 * ? *)',
      'UTC',
      'cron(0 10 3 * ? *)',
    ],
    [{ LKG_PUBLISH_SCHEDULE: '' }, 'cron(0 9 10 * ? *)', 'Asia/Shanghai', 'cron(0 9 5 * ? *)'],
  ])('%o: cdk.json’s, each overridden by its variable', (env, publish, zone, reminder) => {
    expect(localSchedules(env)).toEqual({
      publish: { expression: publish, timeZone: zone },
      reminder: { expression: reminder, timeZone: 'Asia/Shanghai' },
    });
  });

  it('a wrong setting is refused as cdk synth refuses it', () => {
    expect(() => localSchedules({ LKG_REMINDER_SCHEDULE: 'every 5th' })).toThrow(
      /lkg:reminderSchedule is "every 5th"; expected an EventBridge Scheduler expression/,
    );
  });
});
