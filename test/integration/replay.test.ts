/**
 * The replay on dynalite and s3rver: an earlier upload
 * delivered late re-judges the later ones through DynamoDB (Scan of the projection, pending
 * writes, one commit); a street's register moving another unit's enterprise and a street's
 * contacts sheet naming another unit are refused and change nothing, the bureau's same uploads
 * apply; a rebuild of the consistent store writes
 * nothing, and one under a changed reading equals a fresh replay of it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#adapters/aws-clients';
import { createDynamoDbStore, type DynamoDbStore } from '#adapters/dynamodb-store';
import { S3Objects, s3Client } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { createIngestHandler, type IngestHandler } from '#functions/ingest/handler';
import { rebuildProjection } from '#functions/ingest/rebuild';
import { ensureTable } from '#infra/local/emulators';
import { WITH_2027 } from '../cases/fictitious-2027/policy.ts';
import { startEmulators, type TestEmulators } from '../support/emulators.ts';
import { s3Event } from '../support/ingest.ts';
import { exampleBytes, workbookBytes } from '../support/workbooks.ts';

let emulators: TestEmulators;
let objects: S3Objects;
let store: DynamoDbStore;
let ingest: IngestHandler;
const clock = { now: () => new Date('2026-10-20T05:00:00.000Z') };

beforeAll(async () => {
  emulators = await startEmulators();
  objects = new S3Objects(s3Client(emulators.env));
  const raw = new DynamoDBClient({
    endpoint: emulators.dynamodbEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  await ensureTable(raw, 'replay');
  raw.destroy();
  store = createDynamoDbStore({ tableName: 'replay', client: documentClient(emulators.env) });
  ingest = createIngestHandler({ store, objects, clock, workbooks: sheetJsWorkbooks });
}, 30_000);
afterAll(async () => {
  await emulators?.stop();
});

const GARDEN_KEY = '91420112MAP72617XD';
const WUJIASHAN_KEY = '91420112MA12278E67';
const register = (rows: string[][]) =>
  workbookBytes({
    企业项目台账: [['统一社会信用代码', '企业（项目）名称', '所在街道', '报送月份'], ...rows],
  });

async function deliver(key: string, bytes: Uint8Array, eventTime: string, sequencer: string) {
  await objects.put(emulators.bucket, key, bytes, 'application/octet-stream');
  const [outcome] = await ingest(s3Event(key, { bucket: emulators.bucket, eventTime, sequencer }));
  return outcome;
}

describe('replay on the local emulators', () => {
  it('refuses a street moving another unit’s enterprise, re-judges a later upload when an earlier one arrives late, and rebuilds', async () => {
    expect(
      (await deliver('uploads/bureau/示例.xlsx', exampleBytes(), '2026-10-20T01:00:00.000Z', '01'))?.status,
    ).toBe('applied');
    const before = await store.recordState(WUJIASHAN_KEY);
    const move = register([[WUJIASHAN_KEY, '武汉吴家山光电器件有限公司', '长青街', '2026-10']]);
    expect(
      (await deliver('uploads/changqing/移入.xlsx', move, '2026-10-20T02:00:00.000Z', '02'))?.status,
    ).toBe('rejected');
    expect(await store.recordState(WUJIASHAN_KEY)).toEqual(before);

    // A street's contacts sheet naming another unit (柏泉街) and the bureau: refused, nothing
    // changes; the bureau's same sheet applies.
    const contactsBefore = await store.contacts();
    const contacts = workbookBytes({
      单位联系人: [
        ['单位', '姓名', '邮箱', '接收月报'],
        ['柏泉街', '外人', 'outsider@example.com', '是'],
        ['区商务局', '外人', 'outsider@example.com', '是'],
      ],
    });
    expect(
      (await deliver('uploads/changqing/联系人.xlsx', contacts, '2026-10-20T02:30:00.000Z', '02A'))?.status,
    ).toBe('rejected');
    expect(await store.contacts()).toEqual(contactsBefore);

    // 长青街 renames a record the bureau moves into 长青街 in an EARLIER upload delivered later.
    const rename = workbookBytes({
      企业项目台账: [
        ['统一社会信用代码', '企业（项目）名称', '项目状态', '报送月份'],
        [GARDEN_KEY, '长青街改的名称有限公司', '已建成投产', '2026-10'],
      ],
    });
    const first = await deliver('uploads/changqing/改名.xlsx', rename, '2026-10-20T04:00:00.000Z', '04');
    expect(first?.status).toBe('rejected');
    const late = await deliver(
      'uploads/bureau/迁入.xlsx',
      register([[GARDEN_KEY, '武汉常青花园商贸有限公司', '长青街', '2026-10']]),
      '2026-10-20T03:00:00.000Z',
      '03',
    );
    expect(late?.status).toBe('applied');
    expect((await store.getImport(first?.id ?? ''))?.status).toBe('applied');
    expect((await store.recordState(GARDEN_KEY))?.name).toBe('长青街改的名称有限公司');
    // The bureau's same move applies.
    expect((await deliver('uploads/bureau/移入.xlsx', move, '2026-10-20T05:00:00.000Z', '05'))?.status).toBe(
      'applied',
    );
    expect((await store.recordState(WUJIASHAN_KEY))?.latest.street).toBe('changqing');
    expect(
      (await deliver('uploads/bureau/联系人.xlsx', contacts, '2026-10-20T05:30:00.000Z', '05A'))?.status,
    ).toBe('applied');
    expect(
      (await store.contacts()).filter((c) => c.email === 'outsider@example.com').map((c) => c.unit),
    ).toEqual(expect.arrayContaining(['baiquan', 'bureau']));

    const deps = { store, objects, clock, workbooks: sheetJsWorkbooks };
    expect((await rebuildProjection(deps, { runId: 'same' })).written).toBe(0);
    const changed = await rebuildProjection(deps, { runId: 'r2027', policies: WITH_2027 });
    expect((await rebuildProjection(deps, { runId: 'again', policies: WITH_2027 })).written).toBe(0);
    expect(changed.rulesVersion).not.toBe((await rebuildProjection(deps, { runId: 'back' })).rulesVersion);
  }, 180_000);
});
