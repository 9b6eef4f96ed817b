/**
 * The Mailer over Amazon SES v2 (`SendEmail` with `Content.Raw`): the MIME message is built
 * here — multipart/mixed holding a multipart/alternative (text, HTML) and the attachments,
 * UTF-8 and base64 throughout, the subject as RFC 2047 encoded words, attachment file names
 * as RFC 2047 and RFC 2231. Locally the same call goes to aws-ses-v2-local (which parses raw
 * messages, attachments included, and shows them at `GET /store`).
 *
 * @example
 * ```ts
 * const mailer = sesMailerFromEnv(process.env); // AWS_ENDPOINT_URL_SESV2 for the local stack
 * const id = await mailer.send({ from, to, subject, html, text, attachments });
 * ```
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { MailAttachment, Mailer, MailMessage } from '#domain/ports';
import { type ClientOptions, sesOptions } from './aws-clients.ts';

const CRLF = '\r\n';

/** Base64 in lines of 76 characters (RFC 2045). */
function base64Lines(bytes: Uint8Array | string): string {
  const b64 = Buffer.from(bytes).toString('base64');
  return b64.replace(/.{1,76}/g, (line) => `${line}${CRLF}`);
}

/** True when the text is printable US-ASCII needing no encoding in a header. */
function isPlainAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

/**
 * RFC 2047 encoded words (`=?UTF-8?B?…?=`), each at most 75 characters, never splitting a
 * character; folded with CRLF + space. ASCII text is returned as is.
 */
export function encodeHeaderWords(text: string): string {
  if (isPlainAscii(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (Buffer.byteLength(chunk + ch, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(`${CRLF} `);
}

/** RFC 2231 extended parameter value (`UTF-8''%E2%80%A6`). */
function rfc2231(text: string): string {
  return `UTF-8''${encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

function boundary(kind: string): string {
  return `=_lkg_${kind}_${randomBytes(12).toString('hex')}`;
}

function attachmentPart(a: MailAttachment): string {
  const encodedName = `=?UTF-8?B?${Buffer.from(a.filename, 'utf8').toString('base64')}?=`;
  const name = isPlainAscii(a.filename) ? a.filename.replace(/"/g, '') : encodedName;
  return [
    `Content-Type: ${a.contentType}; name="${name}"`,
    `Content-Disposition: attachment; filename="${name}"; filename*=${rfc2231(a.filename)}`,
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(a.content),
  ].join(CRLF);
}

/** Formats an address list for a header (addresses are ASCII; they are checked, not encoded). */
function addressList(addresses: readonly string[]): string {
  for (const a of addresses) {
    if (!/^[^\s<>",;@]+@[^\s<>",;@]+$/.test(a)) throw new RangeError(`not an email address: ${a}`);
  }
  return addresses.join(`,${CRLF} `);
}

/**
 * The MIME message (RFC 5322 / 2045–2047 / 2231) for a MailMessage: multipart/mixed with a
 * multipart/alternative (text/plain, text/html) and each attachment; all UTF-8, base64.
 */
export function buildMime(message: MailMessage, options: { date?: Date } = {}): string {
  const alt = boundary('alt');
  const mixed = boundary('mixed');
  const headers = [
    `From: ${addressList([message.from])}`,
    `To: ${addressList(message.to)}`,
    `Subject: ${encodeHeaderWords(message.subject)}`,
    `Date: ${(options.date ?? new Date()).toUTCString().replace(/GMT$/, '+0000')}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${mixed}"`,
  ];
  const alternative = [
    `Content-Type: multipart/alternative; boundary="${alt}"`,
    '',
    `--${alt}`,
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(message.text),
    `--${alt}`,
    'Content-Type: text/html; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(message.html),
    `--${alt}--`,
    '',
  ].join(CRLF);
  const parts = [alternative, ...message.attachments.map(attachmentPart)];
  return `${headers.join(CRLF)}${CRLF}${CRLF}${parts.map((p) => `--${mixed}${CRLF}${p}`).join(CRLF)}${CRLF}--${mixed}--${CRLF}`;
}

/** Options of {@link createSesMailer}. */
export interface SesMailerOptions {
  /** A client to use (tests); else one is built from `env` / `endpoint`. */
  client?: SESv2Client;
  env?: Record<string, string | undefined>;
  clientOptions?: ClientOptions;
  /** The Date header's clock (default: now). */
  now?: () => Date;
}

/** A Mailer sending through SES v2 `SendEmail` with raw content; resolves to SES's message id. */
export function createSesMailer(options: SesMailerOptions = {}): Mailer & { client: SESv2Client } {
  const client =
    options.client ??
    new SESv2Client({ ...sesOptions(options.env ?? process.env, options.clientOptions), maxAttempts: 3 });
  const now = options.now ?? (() => new Date());
  return {
    client,
    async send(message: MailMessage): Promise<string> {
      const raw = buildMime(message, { date: now() });
      const out = await client.send(
        new SendEmailCommand({
          FromEmailAddress: message.from,
          Destination: { ToAddresses: [...message.to] },
          Content: { Raw: { Data: new TextEncoder().encode(raw) } },
        }),
      );
      if (!out.MessageId) throw new Error('SES SendEmail answered without a MessageId');
      return out.MessageId;
    },
  };
}

let cached: (Mailer & { client: SESv2Client }) | undefined;

/** The module's mailer from the environment (`AWS_REGION`, `AWS_ENDPOINT_URL_SESV2`), built once. */
export function sesMailerFromEnv(env: Record<string, string | undefined> = process.env): Mailer {
  cached ??= createSesMailer({ env });
  return cached;
}
