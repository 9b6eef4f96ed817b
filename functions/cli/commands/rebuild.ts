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
import { rebuildProjection } from '#functions/ingest/rebuild';
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
    { store, objects, clock: { now: () => new Date() } },
    { runId: id },
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
