import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { documentClient } from '#adapters/aws-clients';
import { createDynamoDbStore } from '#adapters/dynamodb-store';
import { ensureTable } from '#infra/local/emulators';
import { claimContract } from '../../support/claims.ts';
import { startEmulators, type TestEmulators } from '../../support/emulators.ts';
import { storeContract } from '../../support/store-contract.ts';

let emulators: TestEmulators;
let n = 0;

beforeAll(async () => {
  emulators = await startEmulators();
}, 30_000);
afterAll(async () => {
  await emulators?.stop();
});

/** A fresh table per case (dynalite: instant). */
async function freshStore() {
  const tableName = `contract-${++n}`;
  const raw = new DynamoDBClient({
    endpoint: emulators.dynamodbEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  await ensureTable(raw, tableName);
  raw.destroy();
  return createDynamoDbStore({ tableName, client: documentClient(emulators.env) });
}

storeContract('DynamoDB store on dynalite', freshStore);
claimContract('DynamoDB store on dynalite', freshStore);
