/**
 * The web console on the local stack: the built single-page app
 * (`web/dist`, built by Vite on start when missing or older than its sources) served at the
 * API's own address (`GET /`, `/assets/*`, `/config.json`), the local-only sign-in
 * `POST /local/token` `{unit}`, s3rver's CORS rules for the console's presigned PUTs, and the
 * stack file (`<data dir>/stack.json`) through which `lkg token`, `lkg import` and `lkg summary`
 * find the running stack.
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { InvalidTokenError, signLocalToken } from '#adapters/jwt';
import { ValidationError } from '#domain/errors';
import { UNITS } from '#domain/units';

/** The console's sources and build output (relative to the repository root). */
export const WEB_ROOT = resolve(import.meta.dirname, '../../web');
export const WEB_DIST = join(WEB_ROOT, 'dist');

/** s3rver's CORS rules: PUTs (and GETs) from consoles on loopback, with the signed headers. */
export const LOCAL_S3_CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>http://localhost:*</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>600</MaxAgeSeconds>
  </CORSRule>
  <CORSRule>
    <AllowedOrigin>http://127.0.0.1:*</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>600</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The headers CloudFront adds in AWS (infra/constructs/console.ts), the same locally. */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' http://127.0.0.1:* http://localhost:*; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
};

/** The newest modification time under a folder (sources), 0 when it is missing. */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Builds the console with Vite when `web/dist` is missing or older than `web/src` and
 * `web/index.html`; resolves to the dist folder, or null when there are no sources.
 */
export async function ensureConsoleBuilt(
  log: (line: string) => void = () => undefined,
): Promise<string | null> {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) return null;
  const built = existsSync(join(WEB_DIST, 'index.html')) ? statSync(join(WEB_DIST, 'index.html')).mtimeMs : 0;
  const sources = Math.max(
    newestMtime(join(WEB_ROOT, 'src')),
    statSync(join(WEB_ROOT, 'index.html')).mtimeMs,
  );
  if (built >= sources) return WEB_DIST;
  log('正在构建网页控制台（vite build）…');
  const { build } = await import('vite');
  await build({ configFile: join(WEB_ROOT, 'vite.config.ts'), root: WEB_ROOT, logLevel: 'warn' });
  return WEB_DIST;
}

function sendFile(res: ServerResponse, file: string, cache: string): void {
  const body = readFileSync(file);
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': body.length,
    'cache-control': cache,
    ...SECURITY_HEADERS,
  });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': status >= 400 ? 'application/problem+json' : 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 4096) break;
    chunks.push(chunk as Buffer);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** What the console reads at start (`/config.json`): how to sign in, where the API is. */
export interface ConsoleConfig {
  /** `local`: the sign-in page offers the units (POST /local/token); `cognito`: hosted sign-in. */
  auth: 'local' | 'cognito';
  /** The API's base URL ('' = the console's own origin). */
  apiUrl: string;
  cognito?: { domain: string; clientId: string; redirectUri: string };
  units: Array<{ id: string; name: string; kind: string }>;
}

/** The local console's config. */
export function localConsoleConfig(): ConsoleConfig {
  return { auth: 'local', apiUrl: '', units: UNITS.map((u) => ({ id: u.id, name: u.name, kind: u.kind })) };
}

/**
 * True when a `Host` header names this machine's loopback: `localhost`, an address of
 * 127.0.0.0/8 or `[::1]` (also `[::ffff:127.x.y.z]`), with or without a port. A page served
 * from another name that a DNS rebinding points at 127.0.0.1 still sends its own name: such a
 * request never gets a token.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const match = /^(?:\[([0-9a-f:.]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/i.exec(host.trim());
  if (!match) return false;
  const [, v6, name, port] = match;
  if (port !== undefined && Number(port) > 65_535) return false;
  if (v6 !== undefined) {
    const lower = v6.toLowerCase();
    if (lower === '::1' || lower === '0:0:0:0:0:0:0:1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
    return mapped ? isLoopbackV4(mapped[1] as string) : false;
  }
  const lower = (name as string).toLowerCase();
  return lower === 'localhost' || isLoopbackV4(lower);
}

function isLoopbackV4(text: string): boolean {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255))
    return false;
  return parts[0] === '127';
}

/**
 * The console's part of the local HTTP server. Resolves to true when it answered the request
 * (the console's files, its config, or the local sign-in), false for an API request.
 */
export function consoleRequests(options: { distDir: string | null; secret: Uint8Array }) {
  const dist = options.distDir ? resolve(options.distDir) : null;
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    if (method === 'POST' && path === '/local/token') {
      if (!isLoopbackHost(req.headers.host)) {
        sendJson(res, 403, {
          type: 'urn:lkg-territory:problem:forbidden',
          title: '禁止访问',
          status: 403,
          code: 'FORBIDDEN',
          detail: `本地登录只接受发往本机回环地址的请求（Host 为 localhost、127.0.0.1 或 [::1]），收到的 Host 是“${String(req.headers.host ?? '').slice(0, 100)}”：请在本机浏览器打开 http://127.0.0.1:3000/ 登录。`,
        });
        return true;
      }
      const body = await readJson(req);
      const unit = typeof body.unit === 'string' ? body.unit.trim() : '';
      try {
        const token = await signLocalToken(options.secret, { unit, expiresIn: '8h' });
        sendJson(res, 200, { token, unit, expiresIn: 8 * 3600 });
      } catch (error) {
        if (!(error instanceof ValidationError || error instanceof InvalidTokenError)) throw error;
        sendJson(res, 400, {
          type: 'urn:lkg-territory:problem:validation',
          title: '请求有误',
          status: 400,
          code: 'VALIDATION',
          detail: `${error.message}（本地登录：请求体应为 {"unit": "changqing"}）`,
        });
      }
      return true;
    }
    if (method !== 'GET' && method !== 'HEAD') return false;
    if (path === '/config.json') {
      sendJson(res, 200, localConsoleConfig());
      return true;
    }
    if (path !== '/' && path !== '/index.html' && !path.startsWith('/assets/') && path !== '/favicon.svg')
      return false;
    if (!dist || !existsSync(join(dist, 'index.html'))) {
      sendJson(res, 404, {
        type: 'urn:lkg-territory:problem:not-found',
        title: '未找到',
        status: 404,
        code: 'NOT_FOUND',
        detail: '网页控制台尚未构建：请运行 npm run build:web 后刷新。',
      });
      return true;
    }
    const file = normalize(join(dist, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dist + sep) || !existsSync(file) || !statSync(file).isFile()) return false;
    sendFile(res, file, path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    return true;
  };
}

export {
  dataDirOf,
  readStackInfo,
  type StackInfo,
  stackFile,
  writeStackInfo,
} from '#functions/cli/local-stack';
