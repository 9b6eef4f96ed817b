/**
 * The API's deps from the environment (the Lambda and the local stack): the DynamoDB store
 * (`LKG_TABLE_NAME`, the SDK's own `AWS_ENDPOINT_URL_DYNAMODB`), the system clock, a
 * Powertools logger, the cursor secret (`LKG_CURSOR_SECRET`, required), the allowed CORS
 * origins (`LKG_ALLOWED_ORIGINS`), the summaries (live
 * from the store), publishing on demand when `LKG_SENDER` and `LKG_BUREAU_EMAIL` are set, and
 * impact runs queued for the worker function `LKG_WORKER_FUNCTION` (unset: in this process).
 *
 * @module
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { dynamoDbStoreFromEnv } from '#adapters/dynamodb-store';
import { publishScheduleFromEnvironment } from '#functions/publish/remind';
import type { ConsoleDeps } from './console-routes.ts';
import { allowedOriginsFrom } from './cors.ts';
import type { ApiDeps } from './routes.ts';
import { storeSummaries } from './summaries.ts';

/**
 * The cursor secret: `LKG_CURSOR_SECRET` (in AWS resolved from the stack's Secrets Manager
 * secret, locally read from `<data>/cursor-secret`).
 *
 * @throws Error when it is not set: cursors are never unsigned
 */
export function cursorSecretFrom(env: Record<string, string | undefined>): string {
  const secret = env.LKG_CURSOR_SECRET;
  if (!secret) throw new Error('LKG_CURSOR_SECRET is not set: the API signs every page cursor');
  return secret;
}

/**
 * Builds the deps from the environment.
 *
 * @throws Error when `LKG_TABLE_NAME` is not set.
 */
export async function apiDepsFromEnvironment(
  env: Record<string, string | undefined>,
): Promise<ApiDeps & ConsoleDeps> {
  const store = dynamoDbStoreFromEnv(env);
  const logger = new Logger({
    serviceName: 'lkg-api',
    logLevel: env.LKG_LOG_LEVEL === 'DEBUG' ? 'DEBUG' : 'WARN',
  });
  const deps: ApiDeps & ConsoleDeps = {
    store,
    clock: { now: () => new Date() },
    logger,
    cursorSecret: cursorSecretFrom(env),
    allowedOrigins: allowedOriginsFrom(env.LKG_ALLOWED_ORIGINS),
    summaries: storeSummaries(store),
    // the next publish date of GET /units (set by the stack from lkg:publishSchedule)
    publishSchedule: publishScheduleFromEnvironment(env),
  };
  if (env.LKG_SENDER && env.LKG_BUREAU_EMAIL) {
    const { publishDepsFromEnvironment, publishMonth } = await import('#functions/publish/handler');
    const publishDeps = { ...publishDepsFromEnvironment(env), store };
    deps.publish = (request) => publishMonth(publishDeps, request);
  }
  if (env.LKG_WORKER_FUNCTION) {
    // POST /impact and a decision's re-projection: the run goes to the worker (the ingest
    // function) as an asynchronous invocation, so it never outlives this request's invocation;
    // locally it runs in-process.
    const { lambdaInvokerFromEnv } = await import('#adapters/lambda-invoker');
    const worker = lambdaInvokerFromEnv(env, env.LKG_WORKER_FUNCTION);
    deps.queueImpact = (id) => worker.invoke({ source: 'lkg.impact', id });
    deps.queueDecision = (writer) => worker.invoke({ source: 'lkg.decision', writer });
  }
  await addConsoleDeps(deps, env);
  return deps;
}

/**
 * The console's deps: presigned uploads into `LKG_BUCKET_NAME` (S3 endpoint from the
 * SDK's `AWS_ENDPOINT_URL_S3` locally) and the publish dry run (needs `LKG_BUREAU_EMAIL`).
 */
async function addConsoleDeps(
  deps: ApiDeps & ConsoleDeps,
  env: Record<string, string | undefined>,
): Promise<void> {
  if (env.LKG_BUCKET_NAME) {
    const [{ s3Client }, { s3PutPresigner }] = await Promise.all([
      import('#adapters/s3-objects'),
      import('#adapters/s3-presign'),
    ]);
    deps.uploads = { bucket: env.LKG_BUCKET_NAME, presign: s3PutPresigner(s3Client(env)) };
    const { S3Objects } = await import('#adapters/s3-objects');
    const bucket = env.LKG_BUCKET_NAME;
    deps.checks = { bucket, objects: new S3Objects(s3Client(env)), presign: deps.uploads.presign };
    if (env.LKG_WORKER_FUNCTION) {
      // POST /checks: judged by the worker (the ingest function), as an impact run; locally
      // the API server runs it in-process (infra/local/api-server.ts).
      const { lambdaInvokerFromEnv } = await import('#adapters/lambda-invoker');
      const worker = lambdaInvokerFromEnv(env, env.LKG_WORKER_FUNCTION);
      deps.checks.queue = (id) => worker.invoke({ source: 'lkg.check', bucket, id });
    }
  }
  const bureauEmail = env.LKG_BUREAU_EMAIL;
  if (bureauEmail) {
    const { planPublication } = await import('#functions/publish/plan');
    deps.publishPlan = (month, force) => planPublication({ store: deps.store, bureauEmail }, month, force);
  }
}
