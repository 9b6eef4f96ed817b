/**
 * Publishing end to end on the emulators (dynalite, s3rver, aws-ses-v2-local on free ports):
 * the example workbook imported through the real ingest handler, 2026-10 published through
 * the real SES v2 mailer, the delivered emails read back from aws-ses-v2-local's `GET /store`.
 */

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as XLSX from 'xlsx';
import { type DynamoDbStore, dynamoDbStoreFromEnv } from '#adapters/dynamodb-store';
import { S3Objects, s3Client } from '#adapters/s3-objects';
import { createSesMailer } from '#adapters/ses-mailer';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { decimalFromNumber } from '#domain/decimal';
import { rulesOf } from '#domain/decisions';
import { POLICIES } from '#domain/policy/index';
import type { Mailer } from '#domain/ports';
import type { SummaryDocument } from '#domain/summaries';
import { unitName } from '#domain/units';
import { run as summaryCommand } from '#functions/cli/commands/summary';
import { createIngestHandler } from '#functions/ingest/handler';
import { createPublishHandler } from '#functions/publish/handler';
import { loadSummaries } from '#functions/publish/summaries';
import { startEmulators, type TestEmulators } from '../support/emulators.ts';
import { s3Event } from '../support/ingest.ts';
import { exampleBytes } from '../support/workbooks.ts';

interface StoredEmail {
  messageId: string;
  subject: string;
  destination: { to: string[] };
  body: { html?: string; text?: string };
  attachments: { filename?: string; content: string }[];
}

let emulators: TestEmulators;
let store: DynamoDbStore;
let mailer: ReturnType<typeof createSesMailer>;
const clock = { now: () => new Date('2026-11-10T01:00:00Z') };
const deps = () => ({
  store,
  clock,
  workbooks: sheetJsWorkbooks,
  sender: 'lkg-noreply@example.com',
  bureauEmail: 'lkg-bureau@example.com',
});

async function delivered(): Promise<StoredEmail[]> {
  const res = await fetch(`${emulators.sesEndpoint}/store`);
  return ((await res.json()) as { emails: StoredEmail[] }).emails;
}
const recipientsOf = (e: StoredEmail) => e.destination.to.join(',').split(/,\s*/);

beforeAll(async () => {
  emulators = await startEmulators();
  store = dynamoDbStoreFromEnv(emulators.env);
  const objects = new S3Objects(s3Client(emulators.env));
  const key = 'uploads/bureau/2026-10-示例台账.xlsx';
  await objects.put(emulators.bucket, key, exampleBytes(), 'application/octet-stream');
  const ingest = createIngestHandler({
    store,
    objects,
    clock: { now: () => new Date() },
    workbooks: sheetJsWorkbooks,
  });
  const [outcome] = await ingest(s3Event(key, { bucket: emulators.bucket }));
  expect(outcome?.status).toBe('applied');
  mailer = createSesMailer({ env: emulators.env });
  await fetch(`${emulators.sesEndpoint}/clear-store`, { method: 'POST' });
}, 60_000);

afterAll(async () => {
  mailer?.client.destroy();
  await emulators?.stop();
});

describe('publishing 2026-10 from the example workbook', () => {
  let document: SummaryDocument;
  let emails: StoredEmail[];

  beforeAll(async () => {
    const result = await createPublishHandler({ ...deps(), mailer })({ month: '2026-10' });
    expect(result.failed).toEqual([]);
    document = (await loadSummaries(store, '2026-10', rulesOf(POLICIES))).document;
    emails = await delivered();
  }, 60_000);

  it('one email per unit with contacts and the overview to the bureau; each recipient once', () => {
    // The example's contacts name every unit but 辛安渡街 and 东山街.
    expect(emails).toHaveLength(16 + 1);
    const all = emails.flatMap(recipientsOf);
    expect(new Set(all).size).toBe(all.length);
    expect(all).not.toContain('xinandu@example.com');
    const changqing = emails.find((e) => recipientsOf(e).includes('changqing@example.com'))!;
    expect(changqing.subject).toBe('【临空港经开区】2026年10月长青街经济指标月报');
    expect(changqing.body.html).toContain('本月承担指标企业');
    expect(changqing.body.text).toContain('本月承担指标企业');
    for (const e of emails) {
      expect(e.subject).toMatch(/^【临空港经开区】2026年10月.+经济指标月报$/);
      expect(e.attachments).toHaveLength(1);
      expect(e.attachments[0]!.filename).toMatch(/^2026年10月.+经济指标月报\.xlsx$/);
    }
  });

  it('the overview goes to the bureau and names the units without contacts (未配置联系人)', () => {
    const overview = emails.find((e) => e.subject === '【临空港经开区】2026年10月全区经济指标月报')!;
    expect(recipientsOf(overview).sort()).toEqual(['bureau@example.com', 'lkg-bureau@example.com']);
    expect(overview.body.html).toContain('未配置联系人');
    expect(overview.body.html).toContain(unitName('xinandu'));
    expect(overview.body.html).toContain(unitName('dongshan'));
  });

  it("each attachment opens with SheetJS and its figures equal the JSON summary's", () => {
    for (const e of emails) {
      const wb = XLSX.read(Buffer.from(e.attachments[0]!.content, 'base64'));
      const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['指标汇总']!, { header: 1 });
      const isOverview = e.subject.includes('全区经济指标月报');
      const row = isOverview
        ? document.total
        : document.units.find((u) => e.subject.includes(`2026年10月${u.name}经济指标`))!;
      const label = isOverview ? '全区合计' : row.name;
      for (const k of document.indicatorIds) {
        const header = rows[0] as string[];
        const line = rows.find((r) => r[0] === label && String(r[1]).startsWith(headerOf(k)))!;
        for (const [column, field] of [
          ['本月', 'month'],
          ['本年累计', 'ytd'],
          ['上年同期（可比口径）', 'lastYearYtd'],
          ['年度目标', 'target'],
        ] as const) {
          const cell = line[header.indexOf(column)];
          const expected = row.indicators[k]![field];
          expect(cell == null ? null : decimalFromNumber(cell as number)).toBe(expected);
        }
      }
      if (isOverview) {
        const enterprises = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['企业明细']!, { header: 1 });
        expect(enterprises.length - 1).toBe(document.total.carried);
      }
    }
  });

  it('publishing again sends nothing', async () => {
    const again = await createPublishHandler({ ...deps(), mailer })({ month: '2026-10' });
    expect(again.sent).toEqual([]);
    expect(await delivered()).toHaveLength(17);
  });

  it('lkg summary --json prints the document the emails were built from, published and unchanged', async () => {
    const out: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((text: string) => void out.push(text));
    try {
      const code = await summaryCommand([
        '2026-10',
        '--json',
        '--dynamodb-endpoint',
        emulators.dynamodbEndpoint,
        '--table',
        emulators.tableName,
      ]);
      expect(code).toBe(0);
    } finally {
      log.mockRestore();
    }
    const printed = JSON.parse(out.join('\n')) as SummaryDocument & {
      publication: { publishedAt: string; changedSincePublished: boolean };
    };
    expect(printed.total).toEqual(JSON.parse(JSON.stringify(document.total)));
    expect(printed.publication).toEqual({
      publishedAt: '2026-11-10T01:00:00.000Z',
      changedSincePublished: false,
    });
  });
});

describe('a mail service failure after some sends, then a rerun', () => {
  it('every recipient gets exactly one email', async () => {
    await fetch(`${emulators.sesEndpoint}/clear-store`, { method: 'POST' });
    let calls = 0;
    const failing: Mailer = {
      async send(message) {
        calls += 1;
        if (calls > 5) throw new Error('SES unavailable (simulated)');
        return mailer.send(message);
      },
    };
    const first = await createPublishHandler({ ...deps(), mailer: failing })({ month: '2026-09' });
    expect(first.sent).toHaveLength(5);
    expect(first.failed).toHaveLength(12);
    expect(await delivered()).toHaveLength(5);
    const second = await createPublishHandler({ ...deps(), mailer })({ month: '2026-09' });
    expect(second.sent).toHaveLength(12);
    expect(second.failed).toEqual([]);
    const emails = await delivered();
    expect(emails).toHaveLength(17);
    const all = emails.flatMap(recipientsOf);
    expect(new Set(all).size).toBe(all.length);
    expect(emails.every((e) => e.subject.includes('2026年9月'))).toBe(true);
  }, 60_000);
});

function headerOf(k: string): string {
  return (
    {
      output: '规上工业总产值',
      revenue: '营业收入',
      tax: '税收收入',
      fai: '固定资产投资',
      trade: '进出口总额',
      retail: '社会消费品零售额',
      funds: '实际到位资金',
      fdi: '实际利用外资',
    } as Record<string, string>
  )[k] as string;
}
