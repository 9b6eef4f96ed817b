/**
 * CORS: the authenticated routes answer a browser only for the origins this
 * deployment knows (`LKG_ALLOWED_ORIGINS`, comma-separated; CDK context `lkg:allowedOrigins`);
 * `GET /health` answers any origin. Every answer — success, error, a 401 of the local server's
 * token check — carries the same headers for the same request ({@link corsHeaders}).
 *
 * In AWS the HTTP API's own CORS configuration (the same origins, infra/constructs/api.ts)
 * answers preflights and sets the configured headers on the integration's answers (ignoring
 * these); the JWT authorizer's 401s are API Gateway's own.
 *
 * @module
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** Headers a browser may read besides the simple ones. */
export const EXPOSED_HEADERS = 'x-lkg-pending-import,content-disposition';

/** The origins of `LKG_ALLOWED_ORIGINS` (`https://a.example,https://b.example`), trimmed. */
export function allowedOriginsFrom(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter((o) => o !== '');
}

function isOpenPath(path: string): boolean {
  return path === '/health' || path === '/health/';
}

/**
 * The CORS headers of an answer to a request from `origin` for `path`: `vary: origin` always;
 * the allow/expose headers only when the origin is allowed (any origin for `/health`).
 */
export function corsHeaders(
  origin: string | undefined,
  path: string,
  allowed: readonly string[],
): Record<string, string> {
  const headers: Record<string, string> = { vary: 'origin' };
  if (!origin) return headers;
  const open = isOpenPath(path);
  if (!open && !allowed.includes(origin)) return headers;
  headers['access-control-allow-origin'] = open ? '*' : origin;
  headers['access-control-allow-headers'] = 'authorization,content-type';
  headers['access-control-allow-methods'] = 'GET,POST,PUT,DELETE,OPTIONS';
  headers['access-control-expose-headers'] = EXPOSED_HEADERS;
  headers['access-control-max-age'] = '600';
  return headers;
}

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;

function originOf(event: Event): string | undefined {
  const headers = event.headers ?? {};
  return headers.origin ?? headers.Origin;
}

/** The middleware: {@link corsHeaders} on every answer and error. */
export function cors(allowed: readonly string[]): MiddlewareObj<Event, Result> {
  const add = async (request: { event: Event; response?: Result | null }) => {
    if (!request.response) return;
    const path = request.event.requestContext?.http?.path ?? request.event.rawPath ?? '';
    request.response.headers = {
      ...request.response.headers,
      ...corsHeaders(originOf(request.event), path, allowed),
    };
  };
  return { after: add, onError: add };
}
