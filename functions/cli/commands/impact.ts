/**
 * `lkg impact FILE [--month M] [--json | --xlsx OUT]` — what adopting a draft policy would
 * change, against the stored data (read only): functions/coordination/impact.ts.
 *
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { documentClient } from '#adapters/aws-clients';
import { createDynamoDbStore } from '#adapters/dynamodb-store';
import { writeWorkbook } from '#adapters/workbook-writer';
import { isMonth } from '#domain/months';
import { PolicyDataError } from '#domain/policy/index';
import type { Store } from '#domain/ports';
import type { Month } from '#domain/types';
import { impactOverStore, impactSheets, impactText, readDraft } from '#functions/coordination/impact';
import { emulatorCredentials } from '../local-stack.ts';

export const USAGE =
  '用法：lkg impact <草案文件.json> [--month YYYY-MM] [--json | --xlsx 输出文件.xlsx] [--dynamodb-endpoint URL] [--table 表名]';

interface Args {
  file: string;
  month: Month | null;
  json: boolean;
  xlsx: string | null;
  dynamodb: string | null;
  table: string | null;
}

function parseArgs(args: string[]): Args | string {
  const out: Args = { file: '', month: null, json: false, xlsx: null, dynamodb: null, table: null };
  let month: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const value = () => args[++i] ?? null;
    if (a === '--json') out.json = true;
    else if (a === '--month') month = value();
    else if (a === '--xlsx') out.xlsx = value();
    else if (a === '--dynamodb-endpoint') out.dynamodb = value();
    else if (a === '--table') out.table = value();
    else if (a.startsWith('--')) return `未知参数「${a}」。\n${USAGE}`;
    else if (!out.file) out.file = a;
    else return `多出了参数「${a}」。\n${USAGE}`;
  }
  if (!out.file) return `缺少草案文件。\n${USAGE}`;
  if (month !== null) {
    if (!isMonth(month)) return `月份「${month}」格式不正确：应为 YYYY-MM，例如 2026-07。`;
    out.month = month;
  }
  if (out.json && out.xlsx) return `--json 与 --xlsx 只能选一个。\n${USAGE}`;
  return out;
}

/** Runs over a store (tests pass the in-memory one); prints to `out`; the exit code. */
export async function runWith(args: string[], store: Store, out: (line: string) => void): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    out(parsed);
    return 1;
  }
  let draft: ReturnType<typeof readDraft>;
  try {
    draft = readDraft(JSON.parse(readFileSync(parsed.file, 'utf8').replace(/^\uFEFF/u, '')));
  } catch (error) {
    if (error instanceof PolicyDataError) {
      out(`草案无效（请先运行 lkg policy check ${parsed.file}）：${error.message}`);
      return 1;
    }
    out(`无法读取草案“${parsed.file}”：${(error as Error).message}`);
    return 1;
  }
  const result = await impactOverStore(store, draft, parsed.month);
  if (parsed.json) out(JSON.stringify(result, null, 2));
  else if (parsed.xlsx) {
    writeFileSync(parsed.xlsx, writeWorkbook(impactSheets(result)));
    out(`${impactText(result)[0]}\n已写入 ${parsed.xlsx}。`);
  } else for (const line of impactText(result)) out(line);
  return result.district.reconciles ? 0 : 2;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  const endpoint =
    (typeof parsed === 'object' ? parsed.dynamodb : null) ??
    process.env.AWS_ENDPOINT_URL_DYNAMODB ??
    'http://127.0.0.1:4567';
  const credentials = emulatorCredentials(endpoint);
  const client = documentClient(process.env, { endpoint, ...credentials });
  const store = createDynamoDbStore({
    tableName:
      (typeof parsed === 'object' ? parsed.table : null) ?? process.env.LKG_TABLE_NAME ?? 'lkg-territory',
    client,
  });
  try {
    return await runWith(args, store, (line) => console.log(line));
  } finally {
    client.destroy();
  }
}
