/**
 * Opaque page cursors: the store's own cursor, bound to the query it continues (so a cursor of
 * one listing cannot be replayed against another), base64url-encoded and always
 * HMAC-SHA256-signed (the secret: Secrets Manager in AWS, `<data>/cursor-secret` locally). A
 * cursor that does not decode, is not signed with the secret, or belongs to another query, is
 * a 400 with a Chinese message.
 *
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '#domain/errors';

/** Encodes and decodes the API's cursors. */
export interface CursorCodec {
  encode(storeCursor: string | null, scope: string): string | null;
  /** The store's cursor, or null when none was given. */
  decode(cursor: string | null | undefined, scope: string): string | null;
}

const badCursor = () =>
  new ValidationError(
    '分页参数 cursor 无效：请使用上一页返回的 cursor 原样传回，或去掉 cursor 从第一页开始。',
  );

/** Cursors longer than this are refused before they are decoded. */
const MAX_CURSOR_LENGTH = 4096;

/**
 * A cursor codec signing with `secret` (tampering answers 400).
 *
 * @throws Error when the secret is missing or empty: cursors are never unsigned
 */
export function cursorCodec(secret: string): CursorCodec {
  if (typeof secret !== 'string' || secret === '') {
    throw new Error('the cursor secret (LKG_CURSOR_SECRET) is missing: cursors are never unsigned');
  }
  const sign = (body: string) => createHmac('sha256', secret).update(body).digest('base64url').slice(0, 22);
  return {
    encode(storeCursor, scope) {
      if (storeCursor == null) return null;
      const body = Buffer.from(JSON.stringify({ c: storeCursor, s: scope }), 'utf8').toString('base64url');
      return `${body}.${sign(body)}`;
    },
    decode(cursor, scope) {
      if (cursor == null || cursor === '') return null;
      if (cursor.length > MAX_CURSOR_LENGTH) throw badCursor();
      const [body, mac, extra] = cursor.split('.');
      if (!body || extra !== undefined) throw badCursor();
      const expected = Buffer.from(sign(body));
      const given = Buffer.from(mac ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw badCursor();
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      } catch {
        throw badCursor();
      }
      const { c, s } = (parsed ?? {}) as { c?: unknown; s?: unknown };
      if (typeof c !== 'string' || s !== scope) throw badCursor();
      return c;
    },
  };
}
