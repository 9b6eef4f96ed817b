/**
 * The local HTTP API on a thread of its own (`npm start`): the stack's thread runs the long
 * work — imports, the sweep, rebuilds it continues — and the API's event loop only answers
 * requests, so `/health` and reads answer while that work runs. The stack tells the thread
 * what it is resuming (`/health` says it).
 *
 * Messages: in `{ type: 'status', status }`, `{ type: 'close' }`; out `{ type: 'ready', url,
 * banner }`, `{ type: 'error', message }`, `{ type: 'closed' }`.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type ApiServerOptions, startApiServer } from './api-server.ts';

type StartData = Omit<ApiServerOptions, 'health' | 'deps' | 'handler'>;

let status: Record<string, unknown> = { resuming: null };
try {
  const api = await startApiServer({ ...(workerData as StartData), health: () => status });
  parentPort?.on('message', (message: { type: string; status?: Record<string, unknown> }) => {
    if (message.type === 'status') status = message.status ?? {};
    if (message.type === 'close') void api.close().finally(() => parentPort?.postMessage({ type: 'closed' }));
  });
  parentPort?.postMessage({ type: 'ready', url: api.url, banner: api.banner });
} catch (error) {
  parentPort?.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}
