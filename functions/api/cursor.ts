/**
 * Opaque page cursors: the store's own cursor, bound to the query it continues (so a cursor of
 * one listing cannot be replayed against another), base64url-encoded and, when a secret is
 * configured, HMAC-SHA256-signed. A cursor that does not decode, or belongs to another query,
 * is a 400 with a Chinese message.
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

/**
 * A cursor codec. With a secret, cursors are signed (tampering answers 400); without one they
 * are only encoded (the store checks its own cursors).
 */
export function cursorCodec(secret?: string | null): CursorCodec {
  const sign = (body: string) =>
    secret ? createHmac('sha256', secret).update(body).digest('base64url').slice(0, 22) : '';
  return {
    encode(storeCursor, scope) {
      if (storeCursor == null) return null;
      const body = Buffer.from(JSON.stringify({ c: storeCursor, s: scope }), 'utf8').toString('base64url');
      return secret ? `${body}.${sign(body)}` : body;
    },
    decode(cursor, scope) {
      if (cursor == null || cursor === '') return null;
      const [body, mac, extra] = cursor.split('.');
      if (!body || extra !== undefined) throw badCursor();
      if (secret) {
        const expected = Buffer.from(sign(body));
        const given = Buffer.from(mac ?? '');
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw badCursor();
      } else if (mac !== undefined) {
        throw badCursor();
      }
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
