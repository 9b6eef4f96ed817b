/**
 * `lkg decision add|list|end` — the working group's decisions on the local stack (issue
 * "Coordination"), the same as `POST /decisions`, `GET /decisions` and `POST /decisions/{id}/end`
 * (functions/coordination/decide.ts): recorded by the bureau, never edited, ended by a new fact.
 *
 * ```
 * lkg decision add --keys K1,K2 --from 2026-06 [--service 单位|按规则] [--indicators 单位|按规则] --reason 理由 --document-no 文号
 * lkg decision list [--key 企业代码] [--json]
 * lkg decision end <决定编号> --from 2026-09 [--reason 理由] [--document-no 文号]
 * ```
 *
 * @module
 */
import { userInfo } from 'node:os';
import { documentClient } from '#adapters/aws-clients';
import { coordinationOf } from '#adapters/coordination-items';
import { createDynamoDbStore } from '#adapters/dynamodb-store';
import { S3Objects, s3Client } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { decisionWriterIds, describeDecision, parseDecisionInput, type RecordedBy } from '#domain/decisions';
import { LkgError, ValidationError } from '#domain/errors';
import { isMonth } from '#domain/months';
import type { Store } from '#domain/ports';
import type { IngestStore } from '#domain/projection-store';
import { endDecision, recordDecision } from '#functions/coordination/decide';
import { type Rejudger, rejudgerOf } from '#functions/ingest/replay';
import { emulatorCredentials, isLoopbackUrl } from '../local-stack.ts';

export const USAGE = `用法：
  lkg decision add --keys 企业代码[,企业代码…] --from YYYY-MM [--service 单位|按规则] [--indicators 单位|按规则] --reason 理由 --document-no 文号
  lkg decision list [--key 企业代码] [--json]
  lkg decision end <决定编号> --from YYYY-MM [--reason 理由] [--document-no 文号]
  （单位可写编号或中文名称，如 jidian 或 机电产业办；通用参数：--dynamodb-endpoint URL --table 表名）`;

interface Options {
  flags: Map<string, string>;
  json: boolean;
  positional: string[];
}

const VALUE_FLAGS = new Set([
  '--keys',
  '--key',
  '--from',
  '--service',
  '--indicators',
  '--reason',
  '--document-no',
  '--dynamodb-endpoint',
  '--table',
]);

function parseOptions(args: string[]): Options | string {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--json') json = true;
    else if (VALUE_FLAGS.has(a)) {
      const v = args[++i];
      if (v === undefined) return `参数「${a}」缺少值。\n${USAGE}`;
      flags.set(a, v);
    } else if (a.startsWith('--')) return `未知参数「${a}」。\n${USAGE}`;
    else positional.push(a);
  }
  return { flags, json, positional };
}

/** Who records from the command line: the bureau, as the local user. */
function cliRecorder(): RecordedBy {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // no user name on this system
  }
  return { subject: `cli:${name}`, unit: 'bureau' };
}

/**
 * Runs the subcommand over a store (the tests pass the in-memory one); prints to `out`.
 * Resolves to the exit code.
 */
/**
 * Says so when a decision's re-projection is not committed yet (another import held the store):
 * the decision is recorded and not yet in force; the local stack finishes it.
 */
async function notePendingProjection(
  store: Store,
  writerId: string,
  out: (line: string) => void,
): Promise<void> {
  const writer = await store.getImport(writerId);
  if (writer?.status === 'applying')
    out(
      '决定已记录，但另一个导入正在写入数据，按决定重新计算尚未完成（完成前各项查询仍按原结果）：本机下次启动 npm start 或下一次导入时自动完成。',
    );
}

export async function runWith(
  args: string[],
  store: IngestStore,
  out: (line: string) => void,
  now: () => Date = () => new Date(),
  rejudge?: Rejudger,
): Promise<number> {
  const [action, ...rest] = args;
  const options = parseOptions(rest);
  if (typeof options === 'string') {
    out(options);
    return 1;
  }
  const coordination = coordinationOf(store);
  if (!coordination) throw new ValidationError('此存储不支持工作专班决定。');
  const f = options.flags;
  try {
    if (action === 'add') {
      const input = parseDecisionInput({
        keys: (f.get('--keys') ?? '').split(/[,，\s]+/u).filter(Boolean),
        from: f.get('--from'),
        ...(f.has('--service') ? { service: f.get('--service') } : {}),
        ...(f.has('--indicators') ? { indicators: f.get('--indicators') } : {}),
        reason: f.get('--reason'),
        documentNo: f.get('--document-no'),
      });
      const d = await recordDecision(
        { store, coordination, now: now(), clock: { now }, ...(rejudge ? { rejudge } : {}) },
        input,
        cliRecorder(),
      );
      out(
        options.json
          ? JSON.stringify(d, null, 2)
          : `已记录决定 ${d.id}：${describeDecision({ ...d, trail: [] })}`,
      );
      if (!options.json) await notePendingProjection(store, decisionWriterIds(d.id).recorded, out);
      return 0;
    }
    if (action === 'list') {
      const key = f.get('--key');
      const all = (await coordination.decisions.all()).filter((d) => !key || d.keys.includes(key));
      if (options.json) out(JSON.stringify({ items: all }, null, 2));
      else if (all.length === 0) out('没有工作专班决定。');
      else
        for (const d of all) {
          out(`${d.id}　${describeDecision(d)}`);
          out(`  企业：${d.keys.join('、')}`);
          for (const t of d.trail)
            out(
              `  ${t.action === 'recorded' ? '记录' : '终止'}：${t.recordedAt} ${t.recordedBy.subject}（${t.recordedBy.unit}）${t.action === 'ended' ? `，自${t.month}起不再适用${t.documentNo ? `，${t.documentNo}` : ''}${t.reason ? `，理由：${t.reason}` : ''}` : ''}`,
            );
        }
      return 0;
    }
    if (action === 'end') {
      const id = options.positional[0];
      if (!id) {
        out(`缺少决定编号。\n${USAGE}`);
        return 1;
      }
      const from = f.get('--from') ?? '';
      if (!isMonth(from))
        throw new ValidationError(`终止月份“${from}”格式不正确：应为 YYYY-MM，例如 2026-09。`);
      const d = await endDecision(
        { store, coordination, now: now(), clock: { now }, ...(rejudge ? { rejudge } : {}) },
        id,
        { from, reason: f.get('--reason') ?? null, documentNo: f.get('--document-no') ?? null },
        cliRecorder(),
      );
      out(options.json ? JSON.stringify(d, null, 2) : `已终止决定 ${d.id}：${describeDecision(d)}`);
      if (!options.json) await notePendingProjection(store, decisionWriterIds(d.id).ended, out);
      return 0;
    }
    out(`未知操作「${action ?? ''}」。\n${USAGE}`);
    return 1;
  } catch (error) {
    if (error instanceof LkgError) {
      out(error.message);
      return 1;
    }
    throw error;
  }
}

export async function run(args: string[]): Promise<number> {
  const options = parseOptions(args.slice(1));
  const flags = typeof options === 'string' ? new Map<string, string>() : options.flags;
  const endpoint =
    flags.get('--dynamodb-endpoint') ?? process.env.AWS_ENDPOINT_URL_DYNAMODB ?? 'http://127.0.0.1:4567';
  const credentials = emulatorCredentials(endpoint);
  const client = documentClient(process.env, { endpoint, ...credentials });
  const store = createDynamoDbStore({
    tableName: flags.get('--table') ?? process.env.LKG_TABLE_NAME ?? 'lkg-territory',
    client,
  });
  // The stored uploads, so that a decision re-judges the uploads it affects (local: s3rver).
  const s3Endpoint =
    process.env.AWS_ENDPOINT_URL_S3 ?? (isLoopbackUrl(endpoint) ? 'http://127.0.0.1:4568' : undefined);
  const objects = new S3Objects(
    s3Client(process.env, { ...(s3Endpoint ? { endpoint: s3Endpoint } : {}), ...credentials }),
  );
  try {
    const rejudge = rejudgerOf({
      store,
      objects,
      clock: { now: () => new Date() },
      workbooks: sheetJsWorkbooks,
    });
    return await runWith(args, store, (line) => console.log(line), undefined, rejudge);
  } finally {
    client.destroy();
  }
}
