/**
 * A late delivery against U stored uploads ÷ the same file imported in order (bench:district
 * `--late U`): U register uploads (slices of `rows` enterprises, each slice uploaded once a
 * month, U ÷ 100 months) imported in order through the ingest into a table of their own on the
 * bench's DynamoDB and S3; the table copied (Scan + BatchWrite); then a file — a slice's
 * register of an earlier 报送月份 — imported into the first table in upload order (last) and
 * into the copy delivered late (its upload order before every stored upload), for three slices
 * (the median ratio reported; after a warm-up file imported in order into both). The late one
 * replays only its closure over keys (the slice's uploads), not the U stored uploads. While the
 * stored uploads are imported no summary is marked due; each measured import refreshes its own.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { BatchWriteCommand, type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { optionsFrom } from '#adapters/aws-clients';
import { createDynamoDbStore } from '#adapters/dynamodb-store';
import { S3Objects, s3Client } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { addMonths } from '#domain/months';
import { UNITS } from '#domain/units';
import { importUpload } from '#functions/ingest/import-upload';
import type { IngestDeps } from '#functions/ingest/uploads';
import { ensureTable } from '#infra/local/emulators';
import { uscc, xlsxOf } from './workbooks.ts';

const STREETS = UNITS.filter((u) => u.kind === 'street').map((u) => u.name);

/** Files measured (each in order and late), the median reported. */
const REPEATS = 3;

/** Slices of enterprises: each slice's register is uploaded once a month. */
const SLICES = 100;
const LAST_MONTH = '2026-10';

function registerBytes(slice: number, rows: number, month: string): Uint8Array {
  const sheet: (string | number)[][] = [
    ['统一社会信用代码', '企业（项目）名称', '项目状态', '所在街道', '报送月份'],
  ];
  for (let j = 0; j < rows; j += 1) {
    const i = slice * rows + j;
    const street = STREETS[i % STREETS.length] as string;
    sheet.push([uscc(i + 7_000_000), `武汉临空港后到基准企业${i}有限公司`, '已建成投产', street, month]);
  }
  return xlsxOf(sheet, '企业项目台账');
}

/** Copies every item of one table into another (a paged Scan, BatchWrite of 25). */
async function copyTable(client: DynamoDBDocumentClient, from: string, to: string): Promise<number> {
  let copied = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: from, ExclusiveStartKey: startKey }));
    const items = page.Items ?? [];
    for (let i = 0; i < items.length; i += 25) {
      let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      while (requests.length > 0) {
        const out = await client.send(new BatchWriteCommand({ RequestItems: { [to]: requests } }));
        requests = (out.UnprocessedItems?.[to] ?? []) as typeof requests;
      }
    }
    copied += items.length;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return copied;
}

export interface LateDeliveryOptions {
  env: Record<string, string>;
  client: DynamoDBDocumentClient;
  /** Stored uploads (a multiple of 100). */
  uploads: number;
  /** Enterprises per upload. */
  rows: number;
  load: () => string;
}

/** The measurement (seconds, the ratio and what the late one replayed). */
export async function measureLateDelivery(options: LateDeliveryOptions): Promise<Record<string, unknown>> {
  const { env, client, uploads, rows, load } = options;
  const months = Math.max(1, Math.round(uploads / SLICES));
  const bucket = 'lkg-late-bench';
  const s3 = s3Client(env);
  await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch(() => undefined);
  const objects = new S3Objects(s3);
  const raw = new DynamoDBClient(optionsFrom(env, 'AWS_ENDPOINT_URL_DYNAMODB'));
  const [inOrderTable, lateTable] = ['lkg-late-in-order', 'lkg-late-late'];
  for (const name of [inOrderTable, lateTable]) await ensureTable(raw, name);
  const clock = { now: () => new Date() };
  let replayed: unknown = null;
  const logger = {
    info(message: string, extra?: { replayed?: unknown }) {
      if (message.includes('delivered late')) replayed = extra?.replayed;
    },
    warn() {},
    error() {},
  };
  // While the stored uploads are imported no summary is marked due (their refreshes would
  // measure the summaries, not the imports); the two imports measured refresh theirs.
  const depsOf = (tableName: string, building = false): IngestDeps => {
    const store = createDynamoDbStore({ tableName, client });
    const quiet = new Proxy(store, {
      get: (target, name) =>
        name === 'markSummariesDue' ? async () => undefined : Reflect.get(target, name, target),
    });
    return { store: building ? quiet : store, objects, clock, workbooks: sheetJsWorkbooks, logger };
  };
  const at = (n: number) => new Date(Date.UTC(2026, 10, 1) + n * 1000).toISOString();
  const importOne = async (deps: IngestDeps, key: string, n: number) => {
    const outcome = await importUpload(deps, {
      bucket,
      key,
      versionId: null,
      sequencer: String(n + 10).padStart(8, '0'),
      eventTime: at(n),
    });
    if (outcome.status !== 'applied')
      throw new Error(`${key}: ${outcome.status} ${JSON.stringify(outcome.record?.findings.slice(0, 2))}`);
    return outcome;
  };
  // ── the stored uploads, in order ──
  console.log(`后到：${uploads} 个已存上传（每个 ${rows} 家企业）……`);
  const t0 = performance.now();
  const building = depsOf(inOrderTable, true);
  let n = 1;
  for (let m = 0; m < months; m += 1)
    for (let slice = 0; slice < SLICES && n <= uploads; slice += 1, n += 1) {
      const key = `uploads/bureau/${addMonths(LAST_MONTH, m - months + 1)}-${slice}.xlsx`;
      await objects.put(bucket, key, registerBytes(slice, rows, addMonths(LAST_MONTH, m - months + 1)), 'x');
      await importOne(building, key, n);
      if (n % 100 === 0)
        console.log(
          `  ${n} / ${uploads}（${((performance.now() - t0) / 1000).toFixed(0)} 秒，负载 ${load()}）`,
        );
    }
  const storedSeconds = (performance.now() - t0) / 1000;
  const copied = await copyTable(client, inOrderTable, lateTable);
  // A warm-up: another slice's file imported in order into both (they stay equal).
  await objects.put(
    bucket,
    'uploads/bureau/warm-up.xlsx',
    registerBytes(1, rows, addMonths(LAST_MONTH, 1)),
    'x',
  );
  for (const table of [inOrderTable, lateTable])
    await importOne(depsOf(table), 'uploads/bureau/warm-up.xlsx', uploads + 5);
  // ── the same file: in order (last) ÷ late (first); REPEATS files, each another slice's ──
  const runs: Array<{ inOrderSeconds: number; lateSeconds: number; ratio: number; replayed: unknown }> = [];
  let items: unknown[] = [];
  for (let r = 0; r < REPEATS; r += 1) {
    const slice = r === 0 ? 0 : r + 1;
    const file = registerBytes(slice, rows, addMonths(LAST_MONTH, -months));
    await objects.put(bucket, `uploads/bureau/in-order-${r}.xlsx`, file, 'x');
    await objects.put(bucket, `uploads/bureau/late-${r}.xlsx`, file, 'x');
    let t = performance.now();
    const inOrder = await importOne(
      depsOf(inOrderTable),
      `uploads/bureau/in-order-${r}.xlsx`,
      uploads + 10 + r,
    );
    const inOrderSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const late = await importOne(depsOf(lateTable), `uploads/bureau/late-${r}.xlsx`, -10 - r);
    const lateSeconds = (performance.now() - t) / 1000;
    runs.push({ inOrderSeconds, lateSeconds, ratio: lateSeconds / inOrderSeconds, replayed });
    items = [inOrder.record?.counts.itemsWritten, late.record?.counts.itemsWritten];
    console.log(
      `  同一文件：按序 ${inOrderSeconds.toFixed(2)} 秒，后到 ${lateSeconds.toFixed(2)} 秒（重判 ${replayed} 个上传，负载 ${load()}）`,
    );
  }
  raw.destroy();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  return {
    storedUploads: uploads,
    rowsPerUpload: rows,
    storedSeconds,
    itemsCopied: copied,
    runs,
    inOrderSecondsMedian: median(runs.map((x) => x.inOrderSeconds)),
    lateSecondsMedian: median(runs.map((x) => x.lateSeconds)),
    ratioMedian: median(runs.map((x) => x.ratio)),
    itemsWritten: { inOrder: items[0], late: items[1] },
    load: load(),
  };
}
