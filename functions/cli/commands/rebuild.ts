/**
 * `lkg rebuild [--run ID] [--json]`: re-projects the local stack's store from
 * the stored uploads under the policies in force (`rebuildProjection`: the one replay, as one
 * long pending import committed at the end; reads serve the last complete projection until
 * then), stamps it with the rules version and re-judges every upload (imports whose verdict
 * changes get the new status, a verdict line and rewritten reports). A rebuild stopped
 * half-way is finished by `lkg rebuild --run <the same ID>`.
 *
 * Uses the running local stack (npm start) through its data directory, or
 * `AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_S3`, `LKG_TABLE_NAME`, `LKG_BUCKET_NAME`.
 * Exit codes: 0 committed; 1 failed (or another import is writing: run again later).
 *
 * @module
 */
import { documentClient } from '#adapters/aws-clients';
import { createDynamoDbStore } from '#adapters/dynamodb-store';
import { S3Objects, s3Client } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { rebuildProjection } from '#functions/ingest/rebuild';
import type { ReplayProgress } from '#functions/ingest/replay';
import { projectionStaleness } from '#functions/ingest/rules-version';

export const USAGE = '用法：lkg rebuild [--run 重建编号（续跑中断的重建）] [--json]';

const isLocal = (url: string | undefined): boolean =>
  !!url && /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/.test(url);

export async function run(args: string[]): Promise<number> {
  let runId: string | null = null;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--json') json = true;
    else if (a === '--run') runId = args[++i] ?? null;
    else {
      console.error(`未知参数「${a}」。\n${USAGE}`);
      return 1;
    }
  }
  const env = process.env;
  const table = env.LKG_TABLE_NAME;
  const bucket = env.LKG_BUCKET_NAME;
  if (!table || !bucket) {
    console.error(
      '找不到数据表或存储桶：请先用 npm start 启动本地环境，或设置 LKG_TABLE_NAME 与 LKG_BUCKET_NAME。',
    );
    return 1;
  }
  const credentials =
    !env.AWS_ACCESS_KEY_ID && isLocal(env.AWS_ENDPOINT_URL_DYNAMODB)
      ? { credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }
      : {};
  const store = createDynamoDbStore({
    tableName: table,
    client: documentClient(env, {
      ...(env.AWS_ENDPOINT_URL_DYNAMODB ? { endpoint: env.AWS_ENDPOINT_URL_DYNAMODB } : {}),
      ...credentials,
    }),
  });
  const objects = new S3Objects(
    s3Client(env, {
      ...(env.AWS_ENDPOINT_URL_S3 ? { endpoint: env.AWS_ENDPOINT_URL_S3 } : {}),
      ...credentials,
    }),
  );
  const stale = await projectionStaleness(store);
  const id = runId ?? new Date().toISOString().replace(/[^0-9]/g, '');
  const outcome = await rebuildProjection(
    { store, objects, clock: { now: () => new Date() }, workbooks: sheetJsWorkbooks },
    { runId: id, onProgress: progressPrinter((line) => console.error(line), Date.now) },
  );
  if (json) {
    console.log(
      JSON.stringify({
        runId: outcome.runId,
        rulesVersion: outcome.rulesVersion,
        written: outcome.written,
        verdictsChanged: outcome.verdictsChanged.map((r) => ({
          id: r.id,
          objectKey: r.objectKey,
          status: r.status,
        })),
      }),
    );
  } else {
    console.log(
      `重建完成：编号 ${outcome.runId}，规则版本 ${outcome.rulesVersion}，写入 ${outcome.written} 项。`,
    );
    if (stale)
      console.log(
        `  数据原按规则版本 ${stale.stored} 计算，现已按现行规则版本重建，“规则已更新”的提示已清除。`,
      );
    for (const r of outcome.verdictsChanged)
      console.log(`  判定改变：${r.objectKey} → ${r.status === 'applied' ? '已导入' : '未导入'}`);
  }
  return 0;
}

const PHASE_TEXT: Readonly<Record<ReplayProgress['phase'], { what: string; unit: string }>> = {
  read: { what: '读取并判定已存上传', unit: '个' },
  write: { what: '重新计算企业和项目', unit: '个' },
};

/** 「约剩 3 分钟」 from the time a phase took so far and how far it is; 「估算中」 before its first step. */
export function timeLeftText(elapsedMs: number, done: number, total: number): string {
  if (done <= 0) return '估算中';
  const leftS = Math.round(((elapsedMs / done) * (total - done)) / 1000);
  if (leftS < 60) return leftS <= 0 ? '即将完成' : '约剩不到 1 分钟';
  const minutes = Math.round(leftS / 60);
  return minutes < 60 ? `约剩 ${minutes} 分钟` : `约剩 ${Math.floor(minutes / 60)} 小时 ${minutes % 60} 分钟`;
}

/** One progress line: 「重建：重新计算企业和项目 12,000 / 50,000 个（24%），约剩 3 分钟」. */
export function progressLine(p: ReplayProgress, elapsedMs: number): string {
  const { what, unit } = PHASE_TEXT[p.phase];
  const percent = p.total > 0 ? Math.floor((p.done / p.total) * 100) : 100;
  const n = (x: number) => x.toLocaleString('en-US');
  const left = p.done >= p.total ? '完成' : timeLeftText(elapsedMs, p.done, p.total);
  return `重建：${what} ${n(p.done)} / ${n(p.total)} ${unit}（${percent}%），${left}`;
}

/**
 * A progress callback that prints a line when a phase starts, at most every `everyMs` while it
 * runs, and when it ends; each phase's estimate from its own start.
 */
export function progressPrinter(
  print: (line: string) => void,
  now: () => number,
  everyMs = 2_000,
): (p: ReplayProgress) => void {
  let phase: ReplayProgress['phase'] | null = null;
  let started = 0;
  let printed = 0;
  return (p) => {
    const t = now();
    if (p.phase !== phase) {
      phase = p.phase;
      started = t;
    } else if (p.done < p.total && t - printed < everyMs) return;
    printed = t;
    print(progressLine(p, t - started));
  };
}
