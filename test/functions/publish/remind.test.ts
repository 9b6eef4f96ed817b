import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '#adapters/memory-store';
import { rulesOf } from '#domain/decisions';
import { POLICIES } from '#domain/policy/index';
import type { MailMessage } from '#domain/ports';
import { EVERY_MONTH, LIST_PAGE } from '#domain/summaries';
import type { ContactRow } from '#domain/types';
import { createRemindHandler, isReminderEvent } from '#functions/publish/handler';
import { remindMonth } from '#functions/publish/remind';
import { refreshSummaries } from '#functions/publish/summaries';
import { rec, row } from '../../domain/summaries-support.ts';
import { fakeMailer } from '../../support/mailer.ts';

const contacts: ContactRow[] = [
  { unit: 'changqing', name: '联络员', email: 'changqing@example.com', receives: true },
  { unit: 'changqing', name: '副联络员', email: 'changqing2@example.com', receives: true },
  { unit: 'jinghe', name: '联络员', email: 'jinghe@example.com', receives: true },
  { unit: 'baiquan', name: '联络员', email: 'baiquan@example.com', receives: true },
  { unit: 'cihui', name: '不接收', email: 'cihui@example.com', receives: false },
];

async function seededStore() {
  const store = createMemoryStore();
  await store.seed(
    {
      register: [
        rec({ key: 'A', name: '甲公司' }), // changqing, reported
        rec({ key: 'B', name: '乙公司' }), // changqing, not reported
        rec({ key: 'B2', name: '乙二公司' }), // changqing, a figure of another month only
        rec({ key: 'D', name: '丁公司', street: 'jinghe' }), // jinghe, not reported
        rec({ key: 'E', name: '戊公司', street: 'cihui' }), // cihui: no contact receives
        rec({ key: 'X', name: '己公司', street: 'baiquan' }), // baiquan, reported (an empty figure is none)
      ],
      indicators: [
        row('A', '2026-10', { revenue: '30' }),
        row('B2', '2026-09', { revenue: '1' }),
        row('X', '2026-10', { revenue: '0' }),
      ],
      contacts,
    },
    { eventTime: '2026-11-01T00:00:00Z' },
  );
  return store;
}

const clock = { now: () => new Date('2026-11-05T01:00:00Z') }; // 5 November, 09:00 in Shanghai
const schedule = { expression: 'cron(0 9 10 * ? *)', timeZone: 'Asia/Shanghai' };
const base = {
  clock,
  sender: 'lkg@example.com',
  bureauEmail: 'bureau@example.com',
  publishSchedule: schedule,
};

const recipientsOf = (sent: MailMessage[]) => Object.fromEntries(sent.map((m) => [m.subject, m.to]));

describe('reminders (催报) for a month', () => {
  it('each unit with contacts gets its enterprises not reported and the publish date; the bureau gets the lists by unit', async () => {
    const store = await seededStore();
    const { mailer, sent } = fakeMailer();
    const result = await remindMonth({ ...base, store, mailer, runId: () => 'r1' }, { month: '2026-10' });

    expect(result.publishDate).toMatchObject({ date: '2026-11-10', time: '09:00', daysLeft: 5 });
    expect(recipientsOf(sent)).toEqual({
      '【临空港经开区】催报：2026年10月长青街尚有 2 家企业未报送指标': [
        'changqing2@example.com',
        'changqing@example.com',
      ],
      '【临空港经开区】催报：2026年10月径河街尚有 1 家企业未报送指标': ['jinghe@example.com'],
      '【临空港经开区】催报：2026年10月全区尚有 4 家企业未报送指标': ['bureau@example.com'],
    });
    const changqing = sent.find((m) => m.to.includes('changqing@example.com')) as MailMessage;
    expect(changqing.text).toContain('2026年10月经济指标月报将于 2026年11月10日 09:00 发布');
    expect(changqing.text).toContain('乙公司（B）');
    expect(changqing.text).toContain('乙二公司（B2）');
    expect(changqing.text).not.toContain('甲公司');
    expect(changqing.html).toContain('乙公司');
    const bureau = sent.at(-1) as MailMessage;
    expect(bureau.text).toContain('长青街：2 家');
    expect(bureau.text).toContain('径河街：1 家');
    expect(bureau.text).toContain('慈惠街：1 家（未配置联系人，未发送提醒）');
    expect(bureau.text).toContain('戊公司（E）');
    expect(result.skipped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ unit: 'cihui', reason: 'no-contacts' }),
        expect.objectContaining({ unit: 'baiquan', reason: 'nothing-unreported' }),
      ]),
    );
    expect(result.complete).toBe(true);
    expect((await store.reminders('2026-10')).map((s) => s.unit).sort()).toEqual([
      'bureau',
      'changqing',
      'jinghe',
    ]);
    expect(await store.sends('2026-10')).toEqual([]); // a reminder is not the monthly summary
  });

  it('every enterprise reported: no reminder at all, the bureau included', async () => {
    const store = await seededStore();
    await store.seed(
      { indicators: ['B', 'B2', 'D', 'E'].map((key) => row(key, '2026-10', { revenue: '1' })) },
      { eventTime: '2026-11-02T00:00:00Z', importId: 'late-figures' },
    );
    const { mailer, sent } = fakeMailer();
    const result = await remindMonth({ ...base, store, mailer }, { month: '2026-10' });
    expect(sent).toEqual([]);
    expect(result.skipped.find((s) => s.unit === 'bureau')?.reason).toBe('nothing-unreported');
    expect(result.complete).toBe(true);
  });

  it('once per unit and month: a rerun sends nothing new; --force sends again', async () => {
    const store = await seededStore();
    const first = fakeMailer();
    await remindMonth({ ...base, store, mailer: first.mailer }, { month: '2026-10' });
    expect(first.sent).toHaveLength(3);

    const rerun = fakeMailer();
    const again = await remindMonth({ ...base, store, mailer: rerun.mailer }, { month: '2026-10' });
    expect(rerun.sent).toEqual([]);
    expect(
      again.skipped
        .filter((s) => s.reason === 'already-sent')
        .map((s) => s.unit)
        .sort(),
    ).toEqual(['bureau', 'changqing', 'jinghe']);

    const forced = fakeMailer();
    const result = await remindMonth(
      { ...base, store, mailer: forced.mailer },
      { month: '2026-10', force: true },
    );
    expect(forced.sent).toHaveLength(3);
    expect(result.sent.map((s) => s.unit).sort()).toEqual(['bureau', 'changqing', 'jinghe']);
  });

  it('another month is reminded apart; the monthly summary sends do not count as reminders', async () => {
    const store = await seededStore();
    await store.recordSend({
      month: '2026-10',
      unit: 'changqing',
      recipients: [],
      messageId: 'm',
      sentAt: 'x',
    });
    const { mailer, sent } = fakeMailer();
    await remindMonth({ ...base, store, mailer }, { month: '2026-10' });
    expect(sent).toHaveLength(3);
  });

  it('a failed e-mail is not recorded: the next run sends it (and only it)', async () => {
    const store = await seededStore();
    const failing = fakeMailer(new Set([2])); //径河街 first, then 长青街
    const result = await remindMonth({ ...base, store, mailer: failing.mailer }, { month: '2026-10' });
    expect(result.failed.map((f) => f.unit)).toEqual(['changqing']);
    expect(result.complete).toBe(false);
    const next = fakeMailer();
    await remindMonth({ ...base, store, mailer: next.mailer }, { month: '2026-10' });
    expect(next.sent.map((m) => m.to)).toEqual([['changqing2@example.com', 'changqing@example.com']]);
  });

  it('a schedule that is not a monthly day-of-month cron: 发布日期未定', async () => {
    const store = await seededStore();
    const { mailer, sent } = fakeMailer();
    const result = await remindMonth(
      { ...base, publishSchedule: { ...schedule, expression: 'rate(30 days)' }, store, mailer },
      { month: '2026-10' },
    );
    expect(result.publishDate).toBeNull();
    expect(sent[0]?.text).toContain('发布日期未定');
  });

  it('the complete list, page after page, from the stored summaries as from a live recomputation', async () => {
    const n = 2 * LIST_PAGE + 17;
    const register = Array.from({ length: n }, (_, i) => rec({ key: `K${String(i).padStart(4, '0')}` }));
    const live = createMemoryStore();
    await live.seed({ register, contacts }, { eventTime: '2026-11-01T00:00:00Z' });
    const stored = createMemoryStore();
    await stored.seed({ register, contacts }, { eventTime: '2026-11-01T00:00:00Z' });
    await refreshSummaries(stored, EVERY_MONTH, rulesOf(POLICIES), new Date('2026-11-02T00:00:00Z'));
    const texts: string[] = [];
    for (const store of [live, stored]) {
      const { mailer, sent } = fakeMailer();
      const result = await remindMonth({ ...base, store, mailer }, { month: '2026-10' });
      expect(result.lists.find((l) => l.unit === 'changqing')?.notReported).toHaveLength(n);
      const changqing = sent.find((m) => m.to.includes('changqing@example.com')) as MailMessage;
      expect(changqing.subject).toContain(`尚有 ${n} 家企业未报送指标`);
      texts.push(changqing.text);
    }
    expect(texts[1]).toBe(texts[0]);
  });

  it.each([
    ['2026-11-05T01:00:00Z', '2026-10'],
    ['2026-10-31T16:00:00Z', '2026-10'], // 00:00 on 1 November in Shanghai
    ['2026-10-31T15:59:59Z', '2026-09'], // 23:59:59 on 31 October in Shanghai
  ])(
    'the scheduled reminder at %s covers %s (the month before its instant in Asia/Shanghai)',
    async (at, month) => {
      const event = { source: 'lkg.reminder', scheduledTime: at };
      expect(isReminderEvent(event)).toBe(true);
      const store = await seededStore();
      const { mailer } = fakeMailer();
      const result = await createRemindHandler({ ...base, store, mailer })(event);
      expect(result.month).toBe(month);
    },
  );

  it('the publication events are not reminders', () => {
    expect(isReminderEvent({ source: 'lkg.schedule', scheduledTime: '2026-11-10T01:00:00Z' })).toBe(false);
    expect(isReminderEvent({ month: '2026-10' })).toBe(false);
    expect(isReminderEvent({ remind: true, month: '2026-10' })).toBe(true);
  });
});
