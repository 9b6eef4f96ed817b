/**
 * The route-wide rules of the route table (`route-table.ts`), applied to every route before its
 * handler: the body's media type and size, the path parameters' length and the one month
 * rule, the object key's length; and `HEAD` answered as `GET` without its body.
 *
 * @module
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { LkgError } from '#domain/errors';
import { InputError } from './problem.ts';
import {
  OBJECT_KEY_MAX_BYTES,
  PATH_PARAMETER_MAX,
  PATH_PARAMETER_NAMES,
  type RouteSpec,
} from './route-table.ts';
import { monthSchema } from './schemas.ts';

/** 413: a body over the route's limit. */
export class PayloadTooLargeError extends LkgError {
  override readonly statusCode = 413;
  override readonly code = 'PAYLOAD_TOO_LARGE';
}

/** 415: a JSON route sent another media type. */
export class UnsupportedMediaTypeError extends LkgError {
  override readonly statusCode = 415;
  override readonly code = 'UNSUPPORTED_MEDIA_TYPE';
}

const JSON_TYPE = /^application\/json\s*(;|$)/i;

/** The body's length in bytes, as the handler will see it (base64 decoded). */
function bodyBytes(event: APIGatewayProxyEventV2): number {
  const body = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(body, 'base64').length : Buffer.byteLength(body, 'utf8');
}

function headerOf(event: APIGatewayProxyEventV2, name: string): string {
  for (const [key, value] of Object.entries(event.headers ?? {}))
    if (key.toLowerCase() === name && value !== undefined) return value;
  return '';
}

function kib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(0)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** The body rules: JSON only as `application/json`, within the route's limit. */
function checkBody(spec: RouteSpec, event: APIGatewayProxyEventV2): void {
  if (spec.body !== 'json' || !event.body) return;
  const limit = spec.bodyLimit;
  const size = bodyBytes(event);
  if (limit !== undefined && size > limit)
    throw new PayloadTooLargeError(`请求体过大（${kib(size)}）：这个接口的请求体应不超过 ${kib(limit)}。`);
  if (!JSON_TYPE.test(headerOf(event, 'content-type')))
    throw new UnsupportedMediaTypeError(
      '请求体必须是 JSON：请设置请求头 Content-Type: application/json 并附上 JSON 请求体。',
    );
}

function decoded(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Path parameters within their length; a month (path or query) by the one month rule; an object key within S3's. */
function checkParameters(event: APIGatewayProxyEventV2): void {
  for (const [name, raw] of Object.entries(event.pathParameters ?? {})) {
    const value = decoded(raw ?? '');
    const label = PATH_PARAMETER_NAMES[name] ?? '路径参数';
    if ([...value].length > PATH_PARAMETER_MAX)
      throw new InputError(
        `${label}过长（${[...value].length} 个字符）：应不超过 ${PATH_PARAMETER_MAX} 个字符。`,
        'PATH_PARAMETER_TOO_LONG',
      );
    if (name === 'month') {
      const month = monthSchema.safeParse(value);
      if (!month.success)
        throw new InputError(month.error.issues[0]?.message ?? '月份无效。', 'INVALID_REQUEST');
    }
  }
  const month = event.queryStringParameters?.month;
  if (month !== undefined && month !== '') {
    const checked = monthSchema.safeParse(month);
    if (!checked.success)
      throw new InputError(checked.error.issues[0]?.message ?? '月份无效。', 'INVALID_REQUEST');
  }
  const key = event.queryStringParameters?.key;
  if (key !== undefined && Buffer.byteLength(key, 'utf8') > OBJECT_KEY_MAX_BYTES)
    throw new InputError(
      `文件路径过长（${Buffer.byteLength(key, 'utf8')} 字节）：应不超过 ${OBJECT_KEY_MAX_BYTES} 字节。`,
      'OBJECT_KEY_TOO_LONG',
    );
}

/** A route's handler as the router calls it. */
export type RouteFunction = (
  event: APIGatewayProxyEventV2,
  context: Context,
  // biome-ignore lint/suspicious/noExplicitAny: middy's handlers take its own third argument
  ...rest: any[]
) => Promise<APIGatewayProxyStructuredResultV2>;

/** The handler of a route with the table's route-wide rules in front of it. */
export function withRouteRules(spec: RouteSpec, handler: RouteFunction): RouteFunction {
  return async (event, context, ...rest) => {
    checkParameters(event);
    checkBody(spec, event);
    return handler(event, context, ...rest);
  };
}

/** `HEAD` of a `GET` route: the same answer without its body. */
export function headOf(handler: RouteFunction): RouteFunction {
  return async (event, context, ...rest) => {
    const result = await handler(event, context, ...rest);
    return { ...result, body: '', isBase64Encoded: false };
  };
}
