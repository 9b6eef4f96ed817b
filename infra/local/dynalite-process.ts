/**
 * dynalite in a process of its own (the local stack's DynamoDB): `startEmulators` forks this
 * file, which listens on the port it is given and reports the port it got, so that long work
 * in the stack's process (an import, a rebuild) never delays a read, nor a read the work. It
 * stops when its parent tells it, disconnects or dies.
 *
 * Messages: in `{ port, host, path? }`; out `{ listening: port }` or `{ error, code }`.
 *
 * @module
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';

interface Start {
  port: number;
  host: string;
  path?: string;
}

function send(message: unknown): void {
  process.send?.(message);
}

process.once('message', (start: Start) => {
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(start.path ? { path: start.path } : {}),
  }) as Server;
  server.once('error', (error: NodeJS.ErrnoException) => {
    send({ error: error.message, code: error.code ?? null });
    process.exit(1);
  });
  server.listen(start.port, start.host, () => {
    send({ listening: (server.address() as AddressInfo).port });
  });
  const stop = (): void => {
    server.closeAllConnections?.();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2_000).unref();
  };
  process.on('message', (message: unknown) => {
    if (message === 'stop') stop();
  });
  process.once('disconnect', stop);
});
