/**
 * Errors as `application/problem+json` (RFC 9457): `type`, `title`, `status`, `detail`
 * (Chinese) and `code`, plus extension members (e.g. `findings`). Errors are classified by
 * class and status, never by message text (docs/architecture.md): below 500 the error's own
 * (Chinese) message is shown; at 500 and above a generic one is, and the error is logged.
 *
 * @module
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { LkgError, ValidationError } from '#domain/errors';

/** The problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  [extension: string]: unknown;
}

/** The logger the API uses (Powertools Logger fits). */
export interface ApiLogger {
  info(message: string, ...extra: unknown[]): void;
  warn(message: string, ...extra: unknown[]): void;
  error(message: string, ...extra: unknown[]): void;
}

/** A 400 that carries extension members (e.g. the findings of an invalid record). */
export class InputError extends ValidationError {
  override readonly code: string;
  constructor(
    message: string,
    code: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.code = code;
  }
}

/** 501/503: a route whose collaborator is not configured in this deployment. */
export class UnavailableError extends LkgError {
  override readonly statusCode = 503;
  override readonly code = 'UNAVAILABLE';
  override get expose(): boolean {
    return true;
  }
}

const TITLES: Record<number, string> = {
  400: '请求无效',
  401: '未通过身份验证',
  404: '未找到',
  405: '不支持的请求方法',
  409: '与当前状态冲突',
  413: '请求体过大',
  415: '不支持的媒体类型',
  500: '服务器内部错误',
  503: '服务暂不可用',
};

const GENERIC_DETAIL = '服务器内部错误，请稍后重试；如果问题持续，请联系区商务局并提供请求时间。';

/** The `type` URI of a problem code. */
export function problemType(code: string): string {
  return `urn:lkg-territory:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

interface HttpErrorLike {
  statusCode?: number;
  expose?: boolean;
  cause?: { package?: string; data?: unknown; message?: string };
}

/** The problem for any thrown value, and whether it is a server error to log. */
export function problemOf(
  error: unknown,
  event?: APIGatewayProxyEventV2,
): { problem: Problem; log: boolean } {
  const make = (status: number, code: string, detail: string, extra: Record<string, unknown> = {}) => ({
    problem: {
      type: problemType(code),
      title: TITLES[status] ?? TITLES[500]!,
      status,
      detail,
      code,
      ...extra,
    },
    log: status >= 500,
  });
  if (error instanceof LkgError) {
    if (!error.expose) return make(500, 'INTERNAL', GENERIC_DETAIL);
    const extra = error instanceof InputError ? error.extensions : {};
    return make(error.statusCode, error.code, error.message, extra);
  }
  const http = (error ?? {}) as HttpErrorLike;
  const pkg = http.cause?.package;
  if (pkg === '@middy/http-router' && http.statusCode === 404) {
    const method = event?.requestContext?.http?.method ?? '';
    const path = event?.rawPath ?? '';
    return make(404, 'ROUTE_NOT_FOUND', `没有这个接口：${method} ${path}；可用的接口见 docs/api.md。`);
  }
  if (pkg === '@middy/http-json-body-parser') {
    if (http.cause?.message !== undefined) {
      return make(
        400,
        'INVALID_JSON',
        `请求体不是有效的 JSON（${http.cause.message}）：请检查括号、引号和逗号。`,
      );
    }
    return make(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      '请求体必须是 JSON：请设置请求头 Content-Type: application/json 并附上 JSON 请求体。',
    );
  }
  return make(500, 'INTERNAL', GENERIC_DETAIL);
}

/** The HTTP answer of a problem. */
export function problemResponse(problem: Problem): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
    body: JSON.stringify(problem),
  };
}

/**
 * The error middleware: every error becomes a problem+json answer; server errors are logged
 * with their cause (never shown).
 */
export function problemJson(
  logger?: ApiLogger,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    onError: async (request) => {
      const { problem, log } = problemOf(request.error, request.event);
      if (log) {
        logger?.error('request failed', {
          error: request.error,
          method: request.event?.requestContext?.http?.method,
          path: request.event?.rawPath,
        });
      }
      const response = problemResponse(problem);
      request.response = { ...response, headers: { ...request.response?.headers, ...response.headers } };
    },
  };
}
