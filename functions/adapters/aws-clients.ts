/**
 * AWS SDK clients, built once per module (per Lambda container) from the environment, or
 * from explicit endpoints (tests and the local stack pass them in).
 *
 * Environment: `AWS_REGION`, and the SDK's own endpoint variables `AWS_ENDPOINT_URL_DYNAMODB`,
 * `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL_SESV2` (unset in AWS).
 *
 * @module
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Where and how to reach a service; everything optional (the SDK's defaults apply). */
export interface ClientOptions {
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

type Env = Record<string, string | undefined>;

export function optionsFrom(env: Env, endpointVariable: string, explicit: ClientOptions = {}): ClientOptions {
  const endpoint = explicit.endpoint ?? env[endpointVariable] ?? env.AWS_ENDPOINT_URL;
  const region = explicit.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const credentials =
    explicit.credentials ??
    (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY && endpoint
      ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }
      : undefined);
  return { region, ...(endpoint ? { endpoint } : {}), ...(credentials ? { credentials } : {}) };
}

/** A DynamoDB DocumentClient (undefined attributes removed, plain objects as maps). */
export function documentClient(env: Env = process.env, explicit?: ClientOptions): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    ...optionsFrom(env, 'AWS_ENDPOINT_URL_DYNAMODB', explicit),
    maxAttempts: 5,
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
  });
}

/** The SES v2 endpoint options (the mailer adapter builds its own client from these). */
export function sesOptions(env: Env = process.env, explicit?: ClientOptions): ClientOptions {
  return optionsFrom(env, 'AWS_ENDPOINT_URL_SESV2', explicit);
}

let cachedDocumentClient: DynamoDBDocumentClient | undefined;

/** The module's DocumentClient from `process.env` (built on first use, then reused). */
export function sharedDocumentClient(): DynamoDBDocumentClient {
  cachedDocumentClient ??= documentClient(process.env);
  return cachedDocumentClient;
}
