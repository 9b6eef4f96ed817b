/**
 * Asynchronous invocation of a Lambda function (`Invoke` with InvocationType `Event`): how work
 * that outlasts one invocation goes on in AWS — the rebuild hands over to itself before its time
 * budget runs out, and `POST /impact` hands the district-wide run to the worker (the ingest
 * function) after answering 202. Lambda queues the event and answers 202 at once; the queued
 * event is retried by Lambda on a function error (twice, by default).
 *
 * Locally and in tests the same client talks to a loopback emulator of the Invoke API
 * (`AWS_ENDPOINT_URL_LAMBDA`, test/support/lambda-emulator.ts).
 *
 * @example
 * ```ts
 * const worker = lambdaInvokerFromEnv(process.env, process.env.LKG_WORKER_FUNCTION);
 * await worker.invoke({ source: 'lkg.impact', id });
 * ```
 *
 * @module
 */

import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { LkgError } from '#domain/errors';
import { optionsFrom } from './aws-clients.ts';

type Env = Record<string, string | undefined>;

/** Raised when Lambda did not queue the event (the work would silently not happen). */
export class InvokeFailedError extends LkgError {}

/** Queues events for one function. */
export class LambdaInvoker {
  constructor(
    readonly functionName: string,
    private readonly client: LambdaClient,
  ) {}

  /**
   * Queues `event` for the function (InvocationType `Event`); resolves once Lambda accepted it.
   *
   * @throws InvokeFailedError when the call fails or Lambda answers other than 202
   */
  async invoke(event: object): Promise<void> {
    let status: number | undefined;
    try {
      const out = await this.client.send(
        new InvokeCommand({
          FunctionName: this.functionName,
          InvocationType: 'Event',
          Payload: new TextEncoder().encode(JSON.stringify(event)),
        }),
      );
      status = out.StatusCode;
    } catch (error) {
      throw new InvokeFailedError(`invoke ${this.functionName} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (status !== 202)
      throw new InvokeFailedError(`invoke ${this.functionName}: status ${status}, expected 202 (queued)`);
  }
}

const clients = new Map<string, LambdaClient>();

/**
 * An invoker for `functionName` with the client from the environment (`AWS_REGION`,
 * `AWS_ENDPOINT_URL_LAMBDA` for the emulator); one client per endpoint, built once per container.
 *
 * @throws InvokeFailedError when no function name is configured
 */
export function lambdaInvokerFromEnv(env: Env, functionName: string | undefined): LambdaInvoker {
  if (!functionName)
    throw new InvokeFailedError(
      'no function to invoke: LKG_WORKER_FUNCTION (or the runtime’s name) is unset',
    );
  const options = optionsFrom(env, 'AWS_ENDPOINT_URL_LAMBDA');
  const id = JSON.stringify(options);
  let client = clients.get(id);
  if (!client) {
    client = new LambdaClient({ ...options, maxAttempts: 3 });
    clients.set(id, client);
  }
  return new LambdaInvoker(functionName, client);
}
