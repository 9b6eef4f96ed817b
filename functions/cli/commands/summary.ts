/**
 * `lkg summary <YYYY-MM> [--unit ID] [--json] [--publish] [--force]` (the README (“Try it”)):
 * the month's summary computed live from the store (the local stack by default), as a
 * Chinese table for people or the `lkg summary --json` document; says when the month was
 * published and whether the figures changed since. `--publish` sends the emails (idempotent;
 * `--force` sends again).
 *
 * Endpoints (flags win over variables): `--dynamodb-endpoint` / `AWS_ENDPOINT_URL_DYNAMODB`
 * (default http://127.0.0.1:4567), `--ses-endpoint` / `AWS_ENDPOINT_URL_SESV2` (default
 * http://127.0.0.1:8005), `--table` / `LKG_TABLE_NAME` (default lkg-territory), `--sender` /
 * `LKG_SENDER`, `--bureau-email` / `LKG_BUREAU_EMAIL`.
 *
 * Exit codes: 0 done; 1 the program failed or the arguments are wrong; 2 publishing refused
 * (an unfinished import) or some email failed.
 *
 * @module
 */
import { documentClient } from '#adapters/aws-clients';
import { createDynamoDbStore } from '#adapters/dynamodb-store';
import { createSesMailer } from '#adapters/ses-mailer';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { indicatorLabel, storyCounts } from '#domain/email/format';
import {
  FIGURE_HEADERS,
  figureTexts,
  money,
  percent,
  STAGE_LABELS,
  shownIndicators,
} from '#domain/email/index';
import { LkgError } from '#domain/errors';
import { isMonth, monthLabel } from '#domain/months';
import { assertMonth, POLICIES } from '#domain/policy/index';
import type { Store } from '#domain/ports';
import { figuresOf, type IndicatorFigures, type SummaryDocument } from '#domain/summaries';
import { findUnit, type UnitId, unitName } from '#domain/units';
import { rulesInForce } from '#functions/coordination/rules-in-force';
import { PublishBlockedError, type PublishResult, publishMonth } from '#functions/publish/publish';
import { readSummaries } from '#functions/publish/summaries';
import { beijingTime } from '../format.ts';
import { emulatorCredentials } from '../local-stack.ts';

export const USAGE =
  '用法：lkg summary <YYYY-MM> [--unit 单位ID或名称] [--json] [--publish] [--force] [--dynamodb-endpoint URL] [--ses-endpoint URL] [--table 表名] [--sender 发件邮箱] [--bureau-email 区商务局邮箱]';

const DEFAULTS = {
  dynamodb: 'http://127.0.0.1:4567',
  ses: 'http://127.0.0.1:8005',
  table: 'lkg-territory',
  sender: 'lkg-noreply@example.com',
  bureauEmail: 'lkg-bureau@example.com',
};

interface Args {
  month: string;
  unit: UnitId | null;
  json: boolean;
  publish: boolean;
  force: boolean;
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
  let month: string | null = null;
  let unitRaw: string | null = null;
  const out = {
    json: false,
    publish: false,
    force: false,
    dynamodb: env.AWS_ENDPOINT_URL_DYNAMODB ?? DEFAULTS.dynamodb,
    ses: env.AWS_ENDPOINT_URL_SESV2 ?? DEFAULTS.ses,
    table: env.LKG_TABLE_NAME ?? DEFAULTS.table,
    sender: env.LKG_SENDER ?? DEFAULTS.sender,
    bureauEmail: env.LKG_BUREAU_EMAIL ?? DEFAULTS.bureauEmail,
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const value = (): string | null => {
      i++;
      return args[i] ?? null;
    };
    if (a === '--json') out.json = true;
    else if (a === '--publish') out.publish = true;
    else if (a === '--force') out.force = true;
    else if (a === '--unit') unitRaw = value();
    else if (a === '--dynamodb-endpoint') out.dynamodb = value() ?? out.dynamodb;
    else if (a === '--ses-endpoint') out.ses = value() ?? out.ses;
    else if (a === '--table') out.table = value() ?? out.table;
    else if (a === '--sender') out.sender = value() ?? out.sender;
    else if (a === '--bureau-email') out.bureauEmail = value() ?? out.bureauEmail;
    else if (a.startsWith('--')) return `未知参数「${a}」。\n${USAGE}`;
    else if (month === null) month = a;
    else return `多出了参数「${a}」。\n${USAGE}`;
  }
  if (!month) return `缺少月份。\n${USAGE}`;
  if (!isMonth(month)) return `月份「${month}」格式不正确：应为 YYYY-MM，例如 2026-10。`;
  let unit: UnitId | null = null;
  if (unitRaw !== null) {
    const found = findUnit(unitRaw);
    if (!found || found.kind === 'bureau') {
      return `单位「${unitRaw}」不是街道或产业办：请用单位 ID（如 changqing、jidian）或其中文名称。`;
    }
    unit = found.id;
  }
  if (out.force && !out.publish) return `--force 只能与 --publish 一起使用。\n${USAGE}`;
  return { month, unit, ...out };
}

// ───────────────────────────── tables for people ─────────────────────────────

/** Display width: CJK and full-width characters count 2. */
function width(text: string): number {
  let w = 0;
  for (const ch of text)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6—]/.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}

/** A plain-text table; `right` columns are right-aligned. */
export function textTable(headers: string[], rows: string[][], right: readonly number[] = []): string {
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const pad = (text: string, i: number) => {
    const gap = ' '.repeat((widths[i] ?? 0) - width(text));
    return right.includes(i) ? gap + text : text + gap;
  };
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, i))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The shown indicators' figures as a text table (本月暂无指标数据。 when none is shown). */
function indicatorText(shown: readonly string[], indicators: Record<string, IndicatorFigures>): string {
  if (shown.length === 0) return '本月暂无指标数据。';
  return textTable(
    ['指标', ...FIGURE_HEADERS],
    shown.map((k) => [indicatorLabel(k), ...figureTexts(indicators[k] as IndicatorFigures)]),
    [1, 2, 3, 4, 5, 6, 7],
  );
}

/** The unit's summary as text. */
export function describeUnit(document: SummaryDocument, unit: UnitId): string {
  const u = document.units.find((x) => x.unit === unit);
  if (!u) return `没有单位 ${unit} 的汇总。`;
  const shown = shownIndicators(document, [u]);
  const lines = [
    `${monthLabel(document.month)}${u.name}经济指标月报`,
    `本月承担指标企业 ${u.carried} 家，划入 ${u.transfersIn} 家、划出 ${u.transfersOut} 家；服务企业 ${u.served} 家；${u.safety != null ? `安全生产属地企业 ${u.safety} 家；` : ''}${storyCounts(u)}，退出 ${u.leaving} 家，待移交项目 ${u.pendingHandovers} 个，本月建成投产 ${u.completedThisMonth} 个，未报送 ${u.notReported} 家。`,
    `项目阶段：${(['new', 'signed', 'building', 'built'] as const).map((s) => `${STAGE_LABELS[s]} ${u.byStage[s]}`).join('，')}`,
    '',
    indicatorText(shown, u.indicators),
  ];
  const list = (title: string, items: string[], count: number) => {
    if (count === 0) return;
    lines.push('', `${title}（${count}）：`, ...items.map((x) => `  ${x}`));
    if (count > items.length) lines.push(`  ……共 ${count} 家，仅列出 ${items.length} 家。`);
  };
  list(
    '本月划入',
    u.lists.transfersIn.map((t) => `${t.name}（${t.key}）← ${t.from ? unitName(t.from) : '—'}`),
    u.transfersIn,
  );
  list(
    '本月划出',
    u.lists.transfersOut.map((t) => `${t.name}（${t.key}）→ ${t.to ? unitName(t.to) : '—'}`),
    u.transfersOut,
  );
  list(
    '待移交项目',
    u.lists.pendingHandovers.map(
      (h) =>
        `${h.name}（${STAGE_LABELS[h.stage]}）牵头 ${h.lead ? unitName(h.lead) : '—'}，配合 ${h.cooperating ? unitName(h.cooperating) : '—'}`,
    ),
    u.pendingHandovers,
  );
  list(
    '本月建成投产',
    u.lists.completedThisMonth.map((c) => `${c.name}（${c.completedOn}）`),
    u.completedThisMonth,
  );
  list(
    '未报送企业',
    u.lists.notReported.map((e) => `${e.name}（${e.key}）`),
    u.notReported,
  );
  return lines.join('\n');
}

/** The district overview as text. */
export function describeOverview(document: SummaryDocument): string {
  const t = document.total;
  const shown = shownIndicators(document, [t]);
  const main = shown.includes('revenue') ? 'revenue' : shown[0];
  const lines = [
    `${monthLabel(document.month)}全区经济指标月报`,
    `本月承担指标企业 ${t.carried} 家，划入 ${t.transfersIn} 家、划出 ${t.transfersOut} 家；待移交项目 ${t.pendingHandovers} 个；本月建成投产 ${t.completedThisMonth} 个；未报送 ${t.notReported} 家。`,
    '',
    textTable(
      [
        '单位',
        '承担指标企业',
        '划入',
        '划出',
        '新登记',
        '退出',
        '待移交',
        '未报送',
        ...(main ? [`${indicatorLabel(main)}本年累计`, '完成率'] : []),
      ],
      [...document.units, t].map((u) => [
        u.name === '全区' ? '全区合计' : u.name,
        String(u.carried),
        String(u.transfersIn),
        String(u.transfersOut),
        String(u.new),
        String(u.leaving),
        String(u.pendingHandovers),
        String(u.notReported),
        ...(main ? [money(u.indicators[main]?.ytd), percent(u.indicators[main]?.completion)] : []),
      ]),
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
    ),
    '',
    '全区主要指标：',
    indicatorText(shown, t.indicators),
  ];
  return lines.join('\n');
}

function describePublish(result: PublishResult): string {
  const name = (u: UnitId) => (u === 'bureau' ? '区商务局（全区汇总）' : unitName(u));
  const lines = [`${monthLabel(result.month)}月报发布${result.force ? '（强制重发）' : ''}：`];
  lines.push(
    `  已发送 ${result.sent.length} 封${result.sent.length ? `：${result.sent.map((s) => name(s.unit)).join('、')}` : ''}`,
  );
  const already = result.skipped.filter((s) => s.reason === 'already-sent');
  if (already.length)
    lines.push(
      `  此前已发送、本次未重发 ${already.length} 封：${already.map((s) => name(s.unit)).join('、')}（需要重发请加 --force）`,
    );
  if (result.unitsWithoutContacts.length)
    lines.push(
      `  未配置联系人（未发送，已在全区汇总中列出）：${result.unitsWithoutContacts.map(name).join('、')}`,
    );
  if (result.failed.length)
    lines.push(
      `  发送失败 ${result.failed.length} 封：${result.failed.map((f) => `${name(f.unit)}（${f.reason}）`).join('；')}——再次运行只补发这些。`,
    );
  const inProgress = result.skipped.filter((s) => s.reason === 'in-progress');
  if (inProgress.length)
    lines.push(
      `  另一次发布正在发送（或已中断、约 6 分钟后可补发）${inProgress.length} 封：${inProgress.map((s) => name(s.unit)).join('、')}——稍后再次运行即可补发。`,
    );
  lines.push(result.complete ? `  发布已完成（${result.publishedAt}）。` : '  发布尚未完成。');
  return lines.join('\n');
}

/** Whether (and when) the month was published and whether the figures changed since. */
export async function publicationOf(
  store: Store,
  document: SummaryDocument,
): Promise<{ publishedAt: string | null; changedSincePublished: boolean | null }> {
  const stored = await store.getSummary(document.month);
  if (!stored) return { publishedAt: null, changedSincePublished: null };
  const before = JSON.stringify(figuresOf(stored.document as SummaryDocument));
  return {
    publishedAt: stored.publishedAt,
    changedSincePublished: before !== JSON.stringify(figuresOf(document)),
  };
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
  try {
    assertMonth(parsed.month);
    if (parsed.publish) {
      const mailer = createSesMailer({ clientOptions: { endpoint: parsed.ses, ...credentials } });
      try {
        const result = await publishMonth(
          {
            store,
            mailer,
            clock: { now: () => new Date() },
            workbooks: sheetJsWorkbooks,
            sender: parsed.sender,
            bureauEmail: parsed.bureauEmail,
          },
          { month: parsed.month, force: parsed.force },
        );
        console.log(parsed.json ? JSON.stringify(result, null, 2) : describePublish(result));
        return result.complete ? 0 : 2;
      } finally {
        mailer.client.destroy();
      }
    }
    const { document } = await readSummaries(store, parsed.month, await rulesInForce(store, POLICIES), false);
    const publication = await publicationOf(store, document);
    if (parsed.json) {
      const body = parsed.unit
        ? { month: document.month, ...document.units.find((u) => u.unit === parsed.unit), publication }
        : { ...document, publication };
      console.log(JSON.stringify(body, null, 2));
      return 0;
    }
    console.log(parsed.unit ? describeUnit(document, parsed.unit) : describeOverview(document));
    console.log(
      publication.publishedAt
        ? `\n已于 ${beijingTime(publication.publishedAt)} 发布；${publication.changedSincePublished ? '发布后数据已有变化，可用 --publish --force 重新发送。' : '发布后数据没有变化。'}`
        : '\n本月尚未发布（用 --publish 发送月报）。',
    );
    return 0;
  } catch (error) {
    if (error instanceof PublishBlockedError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof LkgError && error.expose) {
      console.error(error.message);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    console.error(
      `读取汇总失败（${parsed.dynamodb}，表 ${parsed.table}）：${message}。本地环境是否已用 npm start 启动？`,
    );
    return 1;
  } finally {
    client.destroy();
  }
}
