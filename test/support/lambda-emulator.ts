/**
 * A loopback stand-in for Lambda's Invoke API (`POST /2015-03-31/functions/{name}/invocations`),
 * enough for the SDK's `InvokeCommand` with InvocationType `Event`: it answers 202 at once and
 * runs the registered handler afterwards, one invocation after another, each with its own
 * context (`budget` decides what `getRemainingTimeInMillis` answers). Tests point
 * `AWS_ENDPOINT_URL_LAMBDA` at it so the adapter (functions/adapters/lambda-invoker.ts) talks
 * real HTTP through the real SDK client.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from 'aws-lambda';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export interface Invocation {
  functionName: string;
  event: unknown;
  outcome: 'ok' | 'error';
  error?: string;
}

export interface LambdaEmulator {
  endpoint: string;
  /** Every invocation run so far, in order. */
  readonly invocations: Invocation[];
  /** Resolves when no invocation is queued or running. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the emulator on a free loopback port.
 *
 * @param handlers the function of each name
 * @param budget what `getRemainingTimeInMillis` answers on its n-th call (0-based) within one invocation
 */
export async function startLambdaEmulator(
  handlers: Record<string, Handler>,
  budget: (call: number) => number = () => 900_000,
): Promise<LambdaEmulator> {
  const invocations: Invocation[] = [];
  let queue: Promise<void> = Promise.resolve();
  let pending = 0;
  let n = 0;
  const run = async (functionName: string, event: unknown) => {
    const handler = handlers[functionName] as Handler;
    let calls = 0;
    const context = {
      functionName,
      functionVersion: '$LATEST',
      memoryLimitInMB: '1024',
      awsRequestId: `emulated-${++n}`,
      invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
      getRemainingTimeInMillis: () => budget(calls++),
    } as unknown as Context;
    try {
      await handler(event, context);
      invocations.push({ functionName, event, outcome: 'ok' });
    } catch (error) {
      invocations.push({ functionName, event, outcome: 'error', error: (error as Error).message });
    }
  };
  const server: Server = createServer((req, res) => {
    const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? '');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const name = match ? decodeURIComponent(match[1] as string) : '';
      res.setHeader('content-type', 'application/json');
      if (req.method !== 'POST' || !handlers[name]) {
        res.statusCode = 404;
        res.setHeader('x-amzn-errortype', 'ResourceNotFoundException');
        res.end(JSON.stringify({ Type: 'User', message: `Function not found: ${name}` }));
        return;
      }
      if (req.headers['x-amz-invocation-type'] !== 'Event') {
        res.statusCode = 400;
        res.setHeader('x-amzn-errortype', 'InvalidRequestContentException');
        res.end(JSON.stringify({ message: 'this emulator queues Event invocations only' }));
        return;
      }
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
      pending++;
      queue = queue.then(() => run(name, event)).finally(() => void pending--);
      res.statusCode = 202;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    invocations,
    async idle() {
      while (pending > 0) await queue;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
