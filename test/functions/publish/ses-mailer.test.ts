import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesLocal from 'aws-ses-v2-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMime, createSesMailer, encodeHeaderWords } from '#adapters/ses-mailer';
import type { MailMessage } from '#domain/ports';

const message: MailMessage = {
  from: 'lkg@example.com',
  to: ['changqing@example.com', 'second@example.com'],
  subject: '【临空港经开区】2026年10月长青街经济指标月报',
  html: '<p>本月承担指标企业 <b>3</b> 家</p>',
  text: '本月承担指标企业 3 家',
  attachments: [
    {
      filename: '2026年10月长青街经济指标月报.xlsx',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      content: new Uint8Array(Array.from({ length: 3000 }, (_, i) => i % 256)),
    },
  ],
};

describe('buildMime', () => {
  const mime = buildMime(message, { date: new Date('2026-11-10T01:00:00Z') });

  it('encoded words of at most 75 characters; lines of at most 998, base64 of 76', () => {
    for (const word of encodeHeaderWords(message.subject).split('\r\n ')) {
      expect(word.length).toBeLessThanOrEqual(75);
      expect(word).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
    }
    for (const line of mime.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    expect(mime).toContain('multipart/mixed');
    expect(mime).toContain('multipart/alternative');
    expect(mime).toContain("filename*=UTF-8''2026%E5%B9%B4");
    expect([...mime].every((c) => c.charCodeAt(0) < 128)).toBe(true); // 7-bit clean
  });

  it.each(['ascii subject', '全中文主题', 'mixed 混合 subject with a long tail 一二三四五六七八九十'])(
    'subject %s round-trips through its encoded words',
    (subject) => {
      const decoded = encodeHeaderWords(subject)
        .split('\r\n ')
        .map((w) => {
          const m = /^=\?UTF-8\?B\?(.*)\?=$/.exec(w);
          return m ? Buffer.from(m[1]!, 'base64').toString('utf8') : w;
        })
        .join('');
      expect(decoded).toBe(subject);
    },
  );

  it('refuses a header injection in an address', () => {
    expect(() => buildMime({ ...message, to: ['a@b.c\r\nBcc: x@y.z'] })).toThrow(RangeError);
  });
});

describe('createSesMailer against aws-ses-v2-local', () => {
  let server: Server;
  let endpoint: string;
  beforeAll(async () => {
    const start = (sesLocal as unknown as { default?: typeof sesLocal }).default ?? sesLocal;
    server = (await start({ port: 0, host: '127.0.0.1' })) as unknown as Server;
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections?.();
    await new Promise((r) => server.close(r));
  });

  it('sends a raw message that arrives with its subject, bodies and attachment', async () => {
    await fetch(`${endpoint}/clear-store`, { method: 'POST' });
    const mailer = createSesMailer({
      clientOptions: {
        endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
      },
    });
    const id = await mailer.send(message);
    expect(id).toBeTruthy();
    const store = (await (await fetch(`${endpoint}/store`)).json()) as {
      emails: {
        messageId: string;
        subject: string;
        destination: { to: string[] };
        body: { html?: string; text?: string };
        attachments: { filename?: string; content: string; contentType: string }[];
      }[];
    };
    const email = store.emails.find((e) => e.messageId === id)!;
    expect(email.subject).toBe(message.subject);
    // aws-ses-v2-local keeps a raw message's To header as one text.
    expect(email.destination.to.join(',').split(/,\s*/)).toEqual(message.to);
    expect(email.body.html).toContain('本月承担指标企业');
    expect(email.body.text?.trim()).toBe(message.text);
    expect(email.attachments).toHaveLength(1);
    expect(email.attachments[0]!.filename).toBe(message.attachments[0]!.filename);
    expect(new Uint8Array(Buffer.from(email.attachments[0]!.content, 'base64'))).toEqual(
      message.attachments[0]!.content,
    );
    mailer.client.destroy();
  });
});
