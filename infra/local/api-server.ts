/**
 * The local HTTP API (docs/local-stack.md): a node:http server on loopback that turns each request
 * into an API Gateway v2 (HTTP API) event and passes it to the same API handler as in AWS.
 * Like API Gateway's JWT authorizer, it checks the Bearer token itself first (HS256 with the
 * local secret in `.data/jwt-secret`; see functions/adapters/jwt.ts): a missing, expired or
 * badly signed token answers 401 problem+json before the handler is called; the claims of a
 * good token go to the handler in `requestContext.authorizer.jwt.claims`.
 *
 * @example
 * ```ts
 * import { startApiServer } from '#infra/local/api-server';
 * const api = await startApiServer({ port: 3000, env: process.env as Record<string, string> });
 * console.log(api.banner);
 * await api.close();
 * ```
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import {
  bearerToken,
  DEFAULT_SECRET_FILE,
  InvalidTokenError,
  loadOrCreateSecret,
  signLocalToken,
  verifyLocalToken,
} from '#adapters/jwt';
import { S3Objects, s3Client } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import type { ConsoleDeps } from '#functions/api/console-routes';
import { allowedOriginsFrom, corsHeaders } from '#functions/api/cors';
import { type ApiDeps, type ApiHandler, apiDepsFromEnv, createApiHandler } from '#functions/api/handler';
import { problemResponse, problemType } from '#functions/api/problem';
import { ASSESS_BODY_LIMIT, isOpenRequest, routeOf } from '#functions/api/route-table';
import { rejudgerOf } from '#functions/ingest/replay';
import { consoleRequests } from './console.ts';

/** Lambda's synchronous payload limit: larger bodies answer 413, as API Gateway does. */
/** Lambda's payload limit, and the largest body of the route table (`POST /assess`). */
const MAX_BODY_BYTES = ASSESS_BODY_LIMIT;

export interface ApiServerOptions {
  /** The port (0: a free one). */
  port: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** The handler's environment (`LKG_TABLE_NAME`, `AWS_ENDPOINT_URL_DYNAMODB`, …). */
  env: Record<string, string>;
  /** The signing secret's file; default `.data/jwt-secret`. */
  secretFile?: string;
  /**
   * The page-cursor secret's file (created when missing), used when `env` has no
   * `LKG_CURSOR_SECRET`; default `cursor-secret` beside the signing secret.
   */
  cursorSecretFile?: string;
  /** Deps for the handler instead of the environment (tests: the in-memory store). */
  deps?: ApiDeps & ConsoleDeps;
  /** The web console's built files (`web/dist`): served at `/`, `/assets/*`; with `/local/token`. */
  console?: { distDir: string | null };
  /** A ready handler instead of deps or the environment. */
  handler?: ApiHandler;
  /** The unit of the example street token in the banner (default changqing). */
  bannerStreet?: string;
  /**
   * What `GET /health` adds to `{status: 'ok'}` (the local stack: the imports and rebuilds it is
   * resuming, `{resuming: …}`).
   */
  health?: () => Record<string, unknown>;
}

export interface ApiServer {
  /** `http://host:port` */
  url: string;
  close(): Promise<void>;
  /** Chinese: the address, a bureau token, a street token and three example curl commands. */
  banner: string;
  /** The signing secret (tests sign their own tokens with it). */
  secret: Uint8Array;
}

function unauthorized(detail: string): APIGatewayProxyStructuredResultV2 {
  return problemResponse({
    type: problemType('UNAUTHORIZED'),
    title: '未通过身份验证',
    status: 401,
    detail,
    code: 'UNAUTHORIZED',
  });
}

/** The CORS headers of a request (functions/api/cors.ts): the server's own answers carry them too. */
function corsOf(req: IncomingMessage, allowedOrigins: readonly string[]): Record<string, string> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
  return corsHeaders(origin, path, allowedOrigins);
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const TEXT_TYPE =
  /^(application\/([\w.+-]*\+)?json|text\/|application\/x-www-form-urlencoded|application\/xml)/i;

/** The API Gateway v2 event of an HTTP request (claims added when a token was verified). */
export function toApiGatewayEvent(
  req: IncomingMessage,
  body: Buffer,
  claims: Record<string, string> | null,
): APIGatewayProxyEventV2 {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQueryString = q < 0 ? '' : url.slice(q + 1);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const params = new URLSearchParams(rawQueryString);
  const queryStringParameters: Record<string, string> = {};
  for (const name of new Set(params.keys())) queryStringParameters[name] = params.getAll(name).join(',');
  const method = (req.method ?? 'GET').toUpperCase();
  const now = new Date();
  const isText = body.length === 0 || TEXT_TYPE.test(headers['content-type'] ?? '');
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers,
    ...(Object.keys(queryStringParameters).length ? { queryStringParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0] ?? 'localhost',
      http: {
        method,
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
    },
    ...(body.length
      ? { body: isText ? body.toString('utf8') : body.toString('base64'), isBase64Encoded: !isText }
      : { isBase64Encoded: false }),
  };
  return event as unknown as APIGatewayProxyEventV2;
}

function lambdaContext(requestId: string): Context {
  const deadline = Date.now() + 30_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'lkg-api-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:lkg-api-local',
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/lkg-api-local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * Writes an answer. `cors`: the request's CORS headers, under the answer's own — so the
 * server's own answers (401, 413, 500) carry the same headers as the handler's.
 */
function send(
  res: ServerResponse,
  result: APIGatewayProxyStructuredResultV2,
  cors: Record<string, string> = {},
): void {
  const body =
    result.body === undefined
      ? ''
      : result.isBase64Encoded
        ? Buffer.from(result.body, 'base64')
        : result.body;
  const headers: Record<string, string | number> = {};
  for (const [name, value] of Object.entries({ ...cors, ...result.headers }))
    headers[name.toLowerCase()] = String(value);
  headers['content-length'] = Buffer.byteLength(body);
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(body);
}

/** API Gateway stringifies claims; so does the local server. */
function stringClaims(payload: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    out[name] =
      typeof value === 'string' ? value : Array.isArray(value) ? `[${value.join(' ')}]` : String(value);
  }
  return out;
}

/** Routes API Gateway leaves open (no authorizer): the route table's `public` ones and CORS preflights. */
const isOpenRoute = isOpenRequest;

/**
 * The console's checks run in this process, as the local stack runs impact runs (AWS: the
 * worker function): started after the 202, not awaited.
 */
export function withLocalChecks(deps: ApiDeps & ConsoleDeps): ApiDeps & ConsoleDeps {
  const checks = deps.checks;
  if (!checks || checks.queue) return deps;
  checks.queue = async (id) => {
    void import('#functions/ingest/check-run')
      .then(({ runCheck }) =>
        runCheck(
          {
            store: deps.store,
            objects: checks.objects,
            clock: deps.clock,
            workbooks: sheetJsWorkbooks,
          },
          checks.bucket,
          id,
        ),
      )
      .catch(() => undefined);
  };
  return deps;
}

/**
 * Starts the local HTTP API.
 *
 * @throws Error (Chinese) when the port is in use.
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const host = options.host ?? '127.0.0.1';
  const secretFile = resolve(options.secretFile ?? DEFAULT_SECRET_FILE);
  const secret = await loadOrCreateSecret(secretFile);
  const env = { ...options.env };
  if (!env.LKG_CURSOR_SECRET) {
    const file = options.cursorSecretFile ?? join(dirname(secretFile), 'cursor-secret');
    env.LKG_CURSOR_SECRET = new TextDecoder().decode(await loadOrCreateSecret(file));
  }
  const handler: ApiHandler =
    options.handler ?? createApiHandler(withLocalChecks(options.deps ?? (await localApiDeps(env))));
  const allowedOrigins = options.deps?.allowedOrigins ?? allowedOriginsFrom(env.LKG_ALLOWED_ORIGINS);

  const consoleRequest = options.console ? consoleRequests({ ...options.console, secret }) : null;

  const server = createServer(async (req, res) => {
    const cors = corsOf(req, allowedOrigins);
    try {
      if (consoleRequest && (await consoleRequest(req, res))) return;
      const body = await readBody(req);
      if (body === 'too-large') {
        send(
          res,
          problemResponse({
            type: problemType('PAYLOAD_TOO_LARGE'),
            title: '请求体过大',
            status: 413,
            detail: '请求体过大：请求体应不超过 6 MB（评估每次最多 1000 条记录，请分批提交）。',
            code: 'PAYLOAD_TOO_LARGE',
          }),
          cors,
        );
        return;
      }
      const method = (req.method ?? 'GET').toUpperCase();
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      let claims: Record<string, string> | null = null;
      if (!isOpenRoute(method, path)) {
        const token = bearerToken(req.headers.authorization);
        if (!token) {
          send(
            res,
            unauthorized(
              '缺少访问令牌：请在请求头中提供 Authorization: Bearer <令牌>（用 lkg token --unit <单位编号> 生成）。',
            ),
            cors,
          );
          return;
        }
        try {
          claims = stringClaims(await verifyLocalToken(secret, token));
        } catch (error) {
          if (error instanceof InvalidTokenError) {
            send(res, unauthorized(error.message), cors);
            return;
          }
          throw error;
        }
      }
      const event = toApiGatewayEvent(req, body, claims);
      const result = await handler(event, lambdaContext(event.requestContext.requestId));
      if (
        options.health &&
        routeOf(method, path)?.handler === 'health' &&
        method === 'GET' &&
        result.statusCode === 200
      )
        result.body = JSON.stringify({ ...JSON.parse(result.body ?? '{}'), ...options.health() });
      send(res, result, cors);
    } catch {
      send(
        res,
        problemResponse({
          type: problemType('INTERNAL'),
          title: '服务器内部错误',
          status: 500,
          detail: '服务器内部错误，请稍后重试。',
          code: 'INTERNAL',
        }),
        cors,
      );
    }
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolvePromise, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(
          new Error(
            `端口 ${options.port} 已被占用：请先停止占用该端口的程序，或换一个端口（如 LKG_API_PORT=3100 npm start）。`,
            { cause: error },
          ),
        );
      } else if (error.code === 'EACCES') {
        reject(new Error(`没有权限监听端口 ${options.port}：请使用 1024 以上的端口。`, { cause: error }));
      } else {
        reject(error);
      }
    };
    const onListening = () => {
      server.off('error', onError);
      resolvePromise();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(options.port, host);
  });

  const { port } = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '127.0.0.1' || host === '::' ? 'localhost' : host;
  const url = `http://${shownHost}:${port}`;
  const street = options.bannerStreet ?? 'changqing';
  const bureauToken = await signLocalToken(secret, { unit: 'bureau' });
  const streetToken = await signLocalToken(secret, { unit: street });
  const banner = [
    ...(options.console ? [`网页控制台：${url}/（本地登录：选择单位即可）`] : []),
    `HTTP API：${url}（本地签发的令牌，有效期 7 天；重新生成：npx lkg token --unit <单位编号>）`,
    '',
    '区商务局（可查看全部）令牌：',
    `  export LKG_BUREAU_TOKEN=${bureauToken}`,
    `街道（${street}，只能查看本街道的企业）令牌：`,
    `  export LKG_STREET_TOKEN=${streetToken}`,
    '',
    '示例：',
    `  curl -s -H "Authorization: Bearer $LKG_BUREAU_TOKEN" ${url}/units`,
    `  curl -s -H "Authorization: Bearer $LKG_STREET_TOKEN" "${url}/units/${street}/enterprises?role=service"`,
    `  curl -s -G -H "Authorization: Bearer $LKG_BUREAU_TOKEN" --data-urlencode "q=临空" ${url}/enterprises`,
  ].join('\n');

  return {
    url,
    banner,
    secret,
    close: () =>
      new Promise<void>((resolvePromise, reject) => {
        server.close((error) => (error ? reject(error) : resolvePromise()));
        server.closeAllConnections();
      }),
  };
}

/**
 * The API's deps on this machine: those of AWS, and — one machine holds the ingest's uploads —
 * a decision re-judges the stored uploads within its request (in AWS the sweep does).
 */
async function localApiDeps(env: Record<string, string | undefined>): Promise<ApiDeps & ConsoleDeps> {
  const deps = await apiDepsFromEnv(env);
  deps.rejudge = rejudgerOf({
    store: deps.store,
    objects: new S3Objects(s3Client(env)),
    clock: deps.clock,
    workbooks: sheetJsWorkbooks,
  });
  return deps;
}
