/**
 * The API's deps from the environment (the Lambda and the local stack): the DynamoDB store
 * (`LKG_TABLE_NAME`, the SDK's own `AWS_ENDPOINT_URL_DYNAMODB`), the system clock, a
 * Powertools logger, the cursor secret (`LKG_CURSOR_SECRET`, optional), and — when their
 * modules are present — the summaries and on-demand publishing.
 *
 * @module
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { dynamoDbStoreFromEnv } from '#adapters/dynamodb-store';
import type { ApiDeps } from './routes.ts';

/**
 * Builds the deps from the environment.
 *
 * @throws Error when `LKG_TABLE_NAME` is not set.
 */
export async function apiDepsFromEnvironment(env: Record<string, string | undefined>): Promise<ApiDeps> {
  const store = dynamoDbStoreFromEnv(env);
  const logger = new Logger({
    serviceName: 'lkg-api',
    logLevel: env.LKG_LOG_LEVEL === 'DEBUG' ? 'DEBUG' : 'WARN',
  });
  const clock = { now: () => new Date() };
  const deps: ApiDeps = {
    store,
    clock,
    logger,
    cursorSecret: env.LKG_CURSOR_SECRET ?? null,
  };
  return deps;
}
