/**
 * `lkg remind <YYYY-MM> [--force] [--json]` (docs/reminders.md): sends month M's reminders
 * (催报) — to each unit whose contacts receive the monthly e-mail, its enterprises with no
 * figure reported in M and the publish date; to the bureau, the lists by unit. Once per unit
 * and month: a rerun sends nothing new; `--force` sends again.
 *
 * The publish date comes from `--publish-schedule` / `LKG_PUBLISH_SCHEDULE` and `--time-zone` /
 * `LKG_PUBLISH_TIME_ZONE`, else cdk.json's `lkg:publishSchedule` and `lkg:publishTimeZone`
 * (`localSchedules`, as the local stack reads them).
 * Endpoints and addresses as `lkg summary --publish`.
 * Exit codes: 0 done; 1 the arguments are wrong or the program failed; 2 some e-mail failed or
 * is held by another run (a rerun sends only those).
 *
 * @module
 */
import { documentClient } from '#adapters/aws-clients';
import { createDynamoDbStore } from '#adapters/dynamodb-store';
import { createSesMailer } from '#adapters/ses-mailer';
import { publishDateLabel } from '#domain/email/index';
import { isMonth } from '#domain/months';
import type { Month } from '#domain/types';
import { unitName } from '#domain/units';
import { type RemindResult, remindMonth } from '#functions/publish/remind';
import { localSchedules } from '#infra/local/schedules';
import { emulatorCredentials } from '../local-stack.ts';

export const USAGE =
  '用法：lkg remind <YYYY-MM> [--force（已发送的提醒再发一次）] [--json] [--publish-schedule 发布计划表达式] [--time-zone 时区] [--dynamodb-endpoint URL] [--ses-endpoint URL] [--table 表名] [--sender 发件邮箱] [--bureau-email 区商务局邮箱]';

interface Args {
  month: Month;
  force: boolean;
  json: boolean;
  expression: string;
  timeZone: string;
  dynamodb: string;
  ses: string;
  table: string;
  sender: string;
  bureauEmail: string;
}

/** Parses the arguments; a string is the Chinese usage error. */
export function parseArgs(
  args: string[],
  env: Record<string, string | undefined> = process.env,
): Args | string {
  let schedule: { expression: string; timeZone: string };
  try {
    schedule = localSchedules(env).publish;
  } catch (error) {
    return `发布计划设置有误：${error instanceof Error ? error.message : String(error)}`;
  }
  let month: string | null = null;
  const out = {
    force: false,
    json: false,
    expression: schedule.expression,
    timeZone: schedule.timeZone,
    dynamodb: env.AWS_ENDPOINT_URL_DYNAMODB ?? 'http://127.0.0.1:4567',
    ses: env.AWS_ENDPOINT_URL_SESV2 ?? 'http://127.0.0.1:8005',
    table: env.LKG_TABLE_NAME ?? 'lkg-territory',
    sender: env.LKG_SENDER ?? 'lkg-noreply@example.com',
    bureauEmail: env.LKG_BUREAU_EMAIL ?? 'lkg-bureau@example.com',
  };
  const keys: Record<string, keyof typeof out> = {
    '--publish-schedule': 'expression',
    '--time-zone': 'timeZone',
    '--dynamodb-endpoint': 'dynamodb',
    '--ses-endpoint': 'ses',
    '--table': 'table',
    '--sender': 'sender',
    '--bureau-email': 'bureauEmail',
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const key = keys[a];
    if (a === '--force') out.force = true;
    else if (a === '--json') out.json = true;
    else if (key) {
      const value = args[++i];
      if (value == null) return `参数 ${a} 缺少取值。\n${USAGE}`;
      (out as Record<string, unknown>)[key] = value;
    } else if (a.startsWith('--')) return `未知参数「${a}」。\n${USAGE}`;
    else if (month === null) month = a;
    else return `多出了参数「${a}」。\n${USAGE}`;
  }
  if (!month) return `缺少月份。\n${USAGE}`;
  if (!isMonth(month)) return `月份「${month}」格式不正确：应为 YYYY-MM，例如 2026-10。`;
  return { month, ...out };
}

const REASONS: Record<string, string> = {
  'already-sent': '此前已发送（需要重发请加 --force）',
  'no-contacts': '未配置接收月报的联系人',
  'nothing-unreported': '本月均已报送',
  'in-progress': '另一次发送正在进行',
};

/** The result for people. */
export function describeRemind(result: RemindResult): string {
  const name = (unit: string) => (unit === 'bureau' ? '区商务局' : unitName(unit as never));
  const lines = [
    `${result.month} 指标报送提醒：发布日期 ${publishDateLabel(result.publishDate)}。`,
    `  已发送 ${result.sent.length} 封：${result.sent.map((s) => name(s.unit)).join('、') || '无'}`,
  ];
  const byReason = new Map<string, string[]>();
  for (const s of result.skipped)
    byReason.set(s.reason ?? '', [...(byReason.get(s.reason ?? '') ?? []), name(s.unit)]);
  for (const [reason, units] of byReason)
    lines.push(`  未发送（${REASONS[reason] ?? reason}）：${units.join('、')}`);
  for (const f of result.failed)
    lines.push(`  发送失败：${name(f.unit)}：${f.reason}（重新运行只补发失败的）`);
  return lines.join('\n');
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    console.error(parsed);
    return 1;
  }
  const credentials = emulatorCredentials(parsed.dynamodb);
  const client = documentClient(process.env, { endpoint: parsed.dynamodb, ...credentials });
  const store = createDynamoDbStore({ tableName: parsed.table, client });
  const mailer = createSesMailer({ clientOptions: { endpoint: parsed.ses, ...credentials } });
  try {
    const result = await remindMonth(
      {
        store,
        mailer,
        clock: { now: () => new Date() },
        sender: parsed.sender,
        bureauEmail: parsed.bureauEmail,
        publishSchedule: { expression: parsed.expression, timeZone: parsed.timeZone },
      },
      { month: parsed.month, force: parsed.force },
    );
    console.log(parsed.json ? JSON.stringify(result, null, 2) : describeRemind(result));
    return result.complete ? 0 : 2;
  } finally {
    mailer.client.destroy();
  }
}
