/**
 * The API's deps from the environment (the Lambda and the local stack): the DynamoDB store,
 * the clock, summaries and publishing, a logger.
 *
 * @module
 */
import type { ApiDeps } from './routes.ts';

/** Builds the deps from `LKG_TABLE_NAME` and the SDK's own endpoint variables. */
export async function apiDepsFromEnvironment(env: Record<string, string | undefined>): Promise<ApiDeps> {
  if (!env.LKG_TABLE_NAME) {
    throw new Error('LKG_TABLE_NAME is not set: the API needs the DynamoDB table name');
  }
  throw new Error('the DynamoDB store adapter is not available yet');
}
