/**
 * The API client: the session's token on every request, problem+json errors as
 * {@link ApiError} with the API's Chinese `detail`, xlsx downloads as files.
 */
import { LkgError } from '../../domain/errors.ts';
import { currentSession } from './auth.ts';
import { config } from './config.ts';

/** An answer of the API that is not a success, or no answer (status 0): the project's error class. */
export class ApiError extends LkgError {
  override readonly statusCode: number;
  override readonly code: string;

  constructor(
    message: string,
    readonly status: number,
    code: string,
    readonly body: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.statusCode = status;
    this.code = code;
  }
}

/** The unfinished import the API reports (`x-lkg-pending-import`), for the frame's notice. */
let onPendingImport: (pending: string | null) => void = () => undefined;
export function whenPendingImport(handler: (pending: string | null) => void): void {
  onPendingImport = handler;
}

/** Called when the API answers 401 (the session ended): the app goes to the sign-in page. */
let onUnauthorized: () => void = () => undefined;
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

async function request(method: string, path: string, body?: unknown): Promise<Response> {
  const session = currentSession();
  const headers: Record<string, string> = {};
  if (session) headers.authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`${config().apiUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    throw new ApiError(
      '无法连接服务器：请检查网络后重试。',
      0,
      'NETWORK',
      { cause: String(error) },
      { cause: error },
    );
  }
  onPendingImport(res.headers.get('x-lkg-pending-import'));
  if (!res.ok) {
    let problem: Record<string, unknown> = {};
    try {
      problem = (await res.json()) as Record<string, unknown>;
    } catch {
      // not JSON
    }
    if (res.status === 401) onUnauthorized();
    const detail =
      typeof problem.detail === 'string' ? problem.detail : `请求失败（${res.status}）：请稍后重试。`;
    throw new ApiError(detail, res.status, String(problem.code ?? res.status), problem);
  }
  return res;
}

export async function getJson<T>(path: string): Promise<T> {
  return (await (await request('GET', path)).json()) as T;
}

export async function postJson<T>(path: string, body?: unknown): Promise<T> {
  return (await (await request('POST', path, body ?? {})).json()) as T;
}

export async function putJson<T>(path: string, body: unknown): Promise<T> {
  return (await (await request('PUT', path, body)).json()) as T;
}

export async function deleteJson(path: string): Promise<void> {
  await request('DELETE', path);
}

/** Downloads a file answer (xlsx) under the name the API gives. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await request('GET', path);
  const disposition = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const name = star ? decodeURIComponent(star) : fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Query string from defined values. */
export function qs(params: Record<string, string | number | null | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Whether an error is worth asking again: a dropped connection or a busy server (5xx). */
export function isTransient(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status >= 500);
}

/**
 * Asks `path` every `everyMs` until `done` holds, and answers that value. A transient error is
 * asked again; any other error, or no answer within `giveUpMs`, rejects (the latter with
 * `lateMessage`). `onWait` sees each answer that is not done yet; `timer` holds the pending
 * timeout, for the page to clear when it goes.
 */
export function pollJson<T>(
  path: string,
  done: (value: T) => boolean,
  options: {
    everyMs: number;
    giveUpMs: number;
    lateMessage: string;
    timer: { current: number };
    onWait?: (value: T) => void;
  },
): Promise<T> {
  const started = Date.now();
  return new Promise<T>((resolve, reject) => {
    const tick = async () => {
      const late = Date.now() - started > options.giveUpMs;
      try {
        const value = await getJson<T>(path);
        if (done(value)) return resolve(value);
        options.onWait?.(value);
        if (late) return reject(new Error(options.lateMessage));
      } catch (e) {
        if (!isTransient(e) || late) return reject(e);
      }
      options.timer.current = window.setTimeout(() => void tick(), options.everyMs);
    };
    void tick();
  });
}
