/**
 * `npm run bench:ingest [-- --quick] [-- --enterprises N --months M] [-- --disk]`
 *
 * A synthetic register of 50,000 enterprises, then 12 monthly indicator workbooks of 50,000
 * rows each, through the ingest handler on the local stack (dynalite, s3rver in this
 * process; s3rver's events drive the handler). Per file: end-to-end time (upload → import
 * finished), SheetJS read time alone, their ratio (goal ≤ 3), DynamoDB write requests against
 * the minimum for the items written (⌈items / 25⌉; goal ≤ 1.1×), and the data-item writes of
 * importing the same file again (goal 0).
 *
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as XLSX from 'xlsx';
import { documentClient } from '#adapters/aws-clients';
import type { IngestOutcome } from '#functions/ingest/import-upload';
import { startLocalStack } from '#infra/local/local-stack';
import { registerWorkbook, uscc, xlsxOf } from './workbooks.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const numberArg = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ENTERPRISES = numberArg('enterprises', quick ? 5_000 : 50_000);
const MONTHS = numberArg('months', quick ? 2 : 12);
const onDisk = args.includes('--disk');

const WORDS = [
  '临空',
  '金银',
  '长青',
  '星海',
  '恒通',
  '华创',
  '兴达',
  '鼎盛',
  '汇丰',
  '安顺',
  '博远',
  '瑞祥',
  '宏图',
  '新航',
  '天成',
];
const TRADES = ['科技', '物流', '食品', '医药', '机电', '材料', '贸易', '装备', '电子', '包装'];

function name(i: number): string {
  const a = WORDS[i % WORDS.length];
  const b = WORDS[Math.floor(i / WORDS.length) % WORDS.length];
  const t = TRADES[Math.floor(i / 225) % TRADES.length];
  return `武汉${a}${b}${t}${i}有限公司`;
}

function indicatorWorkbook(n: number, month: string, seed: number): Uint8Array {
  const rows: (string | number)[][] = [['统一社会信用代码', '月份', '营业收入（万元）', '税收收入（万元）']];
  for (let i = 0; i < n; i++) {
    rows.push([uscc(i), month, ((i * 37 + seed * 101) % 100000) / 100, ((i * 13 + seed * 7) % 10000) / 100]);
  }
  return xlsxOf(rows, '月度经济指标');
}

interface Counter {
  batchRequests: number;
  batchItems: number;
  dataItems: number;
  puts: number;
}
const counter: Counter = { batchRequests: 0, batchItems: 0, dataItems: 0, puts: 0 };

function countingClient(env: Record<string, string>) {
  const client = documentClient(env);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as {
        RequestItems?: Record<
          string,
          { PutRequest?: { Item: { pk: string } }; DeleteRequest?: { Key: { pk: string } } }[]
        >;
      };
      if (context.commandName === 'BatchWriteItemCommand') {
        counter.batchRequests++;
        for (const list of Object.values(input.RequestItems ?? {})) {
          counter.batchItems += list.length;
          for (const r of list) {
            const pk = r.PutRequest?.Item.pk ?? r.DeleteRequest?.Key.pk ?? '';
            if (!pk.startsWith('IMP#') && pk !== 'META') counter.dataItems++;
          }
        }
      } else if (context.commandName === 'PutItemCommand') {
        counter.puts++;
      }
      return next(args);
    },
    { step: 'initialize', name: 'benchCounter' },
  );
  return client;
}

function readTime(bytes: Uint8Array): number {
  const t = performance.now();
  XLSX.read(bytes, { type: 'array', dense: true });
  return performance.now() - t;
}

interface Row {
  file: string;
  rows: number;
  status: string;
  endToEndMs: number;
  sheetjsMs: number;
  ratio: number;
  requests: number;
  items: number;
  minRequests: number;
  requestRatio: number;
  reimportDataItems: number;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lkg-bench-'));
  let last: IngestOutcome | null = null;
  const stack = await startLocalStack({
    ports: { dynamodb: 0, s3: 0, ses: 0 },
    s3Directory: join(dir, 's3'),
    ...(onDisk ? { dynamodbPath: join(dir, 'dynamodb') } : {}),
    documentClient: countingClient,
    onImport: (outcome, error) => {
      last = outcome;
      if (error) console.error('import failed:', error);
    },
  });
  console.log(
    `bench:ingest — ${ENTERPRISES} enterprises, ${MONTHS} indicator workbooks; dynalite ${onDisk ? 'on disk' : 'in memory'}; Node ${process.version}`,
  );
  const files: { name: string; rows: number; bytes: () => Uint8Array }[] = [
    {
      name: 'register-2026-01.xlsx',
      rows: ENTERPRISES,
      bytes: () => registerWorkbook(ENTERPRISES, { key: uscc, name }, '2026-01'),
    },
  ];
  for (let m = 1; m <= MONTHS; m++) {
    const month = `2026-${String(m).padStart(2, '0')}`;
    files.push({
      name: `indicators-${month}.xlsx`,
      rows: ENTERPRISES,
      bytes: () => indicatorWorkbook(ENTERPRISES, month, m),
    });
  }
  const results: Row[] = [];
  try {
    for (const file of files) {
      const bytes = file.bytes();
      const sheetjsMs = readTime(bytes);
      const before = { ...counter };
      const t = performance.now();
      await stack.upload(file.name, bytes);
      const endToEndMs = performance.now() - t;
      const requests = counter.batchRequests - before.batchRequests;
      const items = counter.batchItems - before.batchItems;
      const outcome = last as IngestOutcome | null;
      // the same file again (a new event: a new import), counting data-item writes
      const again = counter.dataItems;
      await stack.upload(file.name, bytes);
      const reimportDataItems = counter.dataItems - again;
      const minRequests = Math.ceil(items / 25);
      const row: Row = {
        file: file.name,
        rows: file.rows,
        status: `${outcome?.status ?? '?'} / ${(last as IngestOutcome | null)?.status ?? '?'}`,
        endToEndMs,
        sheetjsMs,
        ratio: endToEndMs / sheetjsMs,
        requests,
        items,
        minRequests,
        requestRatio: minRequests === 0 ? 1 : requests / minRequests,
        reimportDataItems,
      };
      results.push(row);
      console.log(
        `${row.file.padEnd(26)} ${String(row.rows).padStart(6)} rows  ${row.status.padEnd(20)} end-to-end ${(row.endToEndMs / 1000).toFixed(1)} s  SheetJS read ${(row.sheetjsMs / 1000).toFixed(2)} s  ratio ${row.ratio.toFixed(1)}  writes ${row.requests} req / ${row.items} items (min ${row.minRequests}, ${row.requestRatio.toFixed(3)}×, ${(row.requests / row.rows).toFixed(3)} req/row)  re-import data items ${row.reimportDataItems}`,
      );
    }
  } finally {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const indicatorRows = results.slice(1);
  if (indicatorRows.length > 0) {
    const avg = (f: (r: Row) => number) => indicatorRows.reduce((s, r) => s + f(r), 0) / indicatorRows.length;
    console.log(
      `indicator workbooks: mean end-to-end ${(avg((r) => r.endToEndMs) / 1000).toFixed(1)} s, mean ratio ${avg((r) => r.ratio).toFixed(1)}, mean request ratio ${avg((r) => r.requestRatio).toFixed(3)}×`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
