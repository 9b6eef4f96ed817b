/** A capturing mailer for tests: keeps every message; `failOn` makes the n-th call (1-based) throw. */
import type { Mailer, MailMessage } from '#domain/ports';

export function fakeMailer(failOn: Set<number> = new Set()): { mailer: Mailer; sent: MailMessage[] } {
  const sent: MailMessage[] = [];
  let calls = 0;
  const mailer: Mailer = {
    async send(message) {
      calls += 1;
      if (failOn.has(calls)) throw new Error('SES: Throttling (simulated)');
      sent.push(message);
      return `msg-${calls}`;
    },
  };
  return { mailer, sent };
}
