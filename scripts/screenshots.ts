/**
 * Screenshots of the monthly emails (docs/summaries.md), for a person to check the layout:
 * the example workbook (`LKG_EXAMPLE`, else the generated one of `lkg example`) is imported
 * into an in-memory store through the real ingest handler,
 * 2026-10 is summarized, and one unit's email and the district overview — and the reminders
 * (催报) of 2026-10 as `remindMonth` sends them on 5 November — are rendered to HTML
 * and photographed by headless Chromium (`/usr/bin/chromium`, or `CHROMIUM`) into
 * `screenshots/` (git-ignored). Not part of `npm test`: `npm run screenshots`.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { coordinationOf } from '#adapters/coordination-items';
import { createMemoryStore } from '#adapters/memory-store';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { renderOverviewEmail, renderUnitEmail } from '#domain/email/index';
import { month } from '#domain/months';
import { POLICIES } from '#domain/policy/index';
import type { ObjectStore } from '#domain/ports';
import { SUMMARY_UNITS } from '#domain/summaries';
import type { UnitId } from '#domain/units';
import { exampleWorkbook } from '#functions/cli/example';
import { recordDecision } from '#functions/coordination/decide';
import { rulesInForce } from '#functions/coordination/rules-in-force';
import { coordinationFacts } from '#functions/coordination/transfers';
import { createIngestHandler } from '#functions/ingest/handler';
import { remindMonth } from '#functions/publish/remind';
import { loadSummaries } from '#functions/publish/summaries';
import { CONFIG_DEFAULTS } from '#infra/local/deploy-config';

/** The example's bytes: the file `LKG_EXAMPLE` names, else the generated example. */
function exampleBytes(): Uint8Array {
  const file = process.env.LKG_EXAMPLE;
  return file ? new Uint8Array(readFileSync(resolve(file))) : exampleWorkbook();
}
const OUT = resolve('screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const MONTH = month(process.argv[2] ?? '2026-10');
const UNIT = (process.argv[3] ?? 'jidian') as UnitId;

function memoryObjects(): ObjectStore {
  const objects = new Map<string, Uint8Array>();
  return {
    async get(bucket, key) {
      const v = objects.get(`${bucket}/${key}`);
      if (!v) throw new Error(`no object ${key}`);
      return v;
    },
    async put(bucket, key, body) {
      objects.set(`${bucket}/${key}`, typeof body === 'string' ? new TextEncoder().encode(body) : body);
    },
    async head(bucket, key) {
      const v = objects.get(`${bucket}/${key}`);
      return v ? { size: v.length, versionId: null, metadata: {} } : null;
    },
  };
}

function shoot(html: string, name: string, height: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'lkg-shot-'));
  try {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, html);
    writeFileSync(join(OUT, `${name}.html`), html);
    const png = join(OUT, `${name}.png`);
    execFileSync(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--hide-scrollbars',
        `--user-data-dir=${join(dir, 'profile')}`,
        `--screenshot=${png}`,
        `--window-size=820,${height}`,
        pathToFileURL(file).href,
      ],
      { stdio: 'ignore', timeout: 60_000 },
    );
    return png;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Coordination to show: the working group moves two of 长青街's
 * enterprises to 径河街 and one of 金银湖街's to 走马岭街 from the month on (two decisions, three
 * transfers of the month); the first
 * transfer is confirmed by both units, the second objected to by its receiving unit, the
 * third pending.
 */
async function exampleCoordination(store: ReturnType<typeof createMemoryStore>) {
  const port = coordinationOf(store);
  if (!port) throw new Error('the memory store keeps coordination items');
  const held = [
    ...(await store.listByUnit('changqing', 'indicators', MONTH, { limit: 2 })).items,
    ...(await store.listByUnit('jinyinhu', 'indicators', MONTH, { limit: 1 })).items,
  ].map((i) => i.key);
  const by = { subject: 'local:bureau', unit: 'bureau' };
  const deps = { store, coordination: port, now: new Date('2026-11-01T08:00:00.000Z') };
  if (held.length >= 3) {
    await recordDecision(
      deps,
      {
        keys: held.slice(0, 2),
        from: MONTH,
        service: 'jinghe',
        indicators: 'jinghe',
        reason: '两企业实际经营地已迁至径河街，经专班核实',
        documentNo: '武临开专〔2026〕5号',
      },
      by,
    );
    await recordDecision(
      deps,
      {
        keys: held.slice(2, 3),
        from: MONTH,
        service: null,
        indicators: 'zoumaling',
        reason: '项目用地在走马岭街，指标由走马岭街承担',
        documentNo: '武临开专〔2026〕6号',
      },
      by,
    );
  }
  const transfers = await port.transfersInMonth(MONTH);
  const act = (
    t: (typeof transfers)[number],
    unit: string | null,
    action: 'confirm' | 'object',
    at: string,
  ) =>
    port.transferActions.add({
      transferId: `${t.key}#${t.month}`,
      action,
      unit: String(unit),
      subject: `local:${unit}`,
      from: t.from,
      to: t.to,
      reason: action === 'object' ? '企业尚未实际搬迁，请核实' : null,
      recordedAt: at,
    });
  const [first, second] = transfers;
  if (first) {
    await act(first, first.from, 'confirm', '2026-11-02T01:00:00.000Z');
    await act(first, first.to, 'confirm', '2026-11-02T02:00:00.000Z');
  }
  if (second) await act(second, second.to, 'object', '2026-11-02T03:00:00.000Z');
  return coordinationFacts(store, port, MONTH);
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.error(
      `找不到 Chromium（${CHROMIUM}）：请安装（apt-get install -y chromium fonts-noto-cjk）或用 CHROMIUM 指定路径。`,
    );
    process.exitCode = 1;
    return;
  }
  if (!SUMMARY_UNITS.includes(UNIT)) {
    console.error(`单位「${UNIT}」不是街道或产业办。`);
    process.exitCode = 1;
    return;
  }
  mkdirSync(OUT, { recursive: true });
  const store = createMemoryStore();
  const objects = memoryObjects();
  const key = 'uploads/bureau/2026-10-示例台账.xlsx';
  await objects.put('lkg', key, exampleBytes(), 'application/octet-stream');
  const ingest = createIngestHandler({
    store,
    objects,
    clock: { now: () => new Date() },
    workbooks: sheetJsWorkbooks,
  });
  await ingest({
    Records: [
      {
        eventName: 'ObjectCreated:Put',
        eventTime: '2026-11-01T00:00:00.000Z',
        s3: {
          bucket: { name: 'lkg' },
          object: { key: encodeURIComponent(key).replace(/%2F/g, '/'), sequencer: '01' },
        },
      },
    ],
  } as never);
  const coordination = await exampleCoordination(store);
  const { document } = await loadSummaries(store, MONTH, await rulesInForce(store, POLICIES));
  const contacts = await store.contacts();
  const withContacts = new Set(contacts.filter((c) => c.receives).map((c) => c.unit));
  const unitsWithoutContacts = SUMMARY_UNITS.filter((u) => !withContacts.has(u));
  const overview = renderOverviewEmail(document, { unitsWithoutContacts, coordination }).html;
  const shots = [
    shoot(renderUnitEmail(document, UNIT, coordination).html, `${MONTH}-${UNIT}`, 1700),
    shoot(renderUnitEmail(document, 'changqing', coordination).html, `${MONTH}-changqing`, 1500),
    shoot(overview, `${MONTH}-overview`, 8200),
  ];
  // The overview is long: also in parts of 1,400 pixels, to read at full size.
  for (let part = 0; part < 6; part++) {
    const shifted = overview.replace(
      '<body style="margin:0;',
      `<body style="margin:-${part * 1400}px 0 0 0;`,
    );
    shots.push(shoot(shifted, `${MONTH}-overview-part${part + 1}`, 1400));
  }
  // The overview's 划转确认情况 and 工作专班决定 (after the units' table), for docs/img.
  shots.push(
    shoot(
      overview.replace('<body style="margin:0;', '<body style="margin:-1330px 0 0 0;'),
      `${MONTH}-overview-coordination`,
      760,
    ),
  );
  // The reminders (催报) of the month, as sent on the 5th (a capturing mailer).
  const reminders: { to: string[]; html: string }[] = [];
  await remindMonth(
    {
      store,
      mailer: {
        send: async (m) => {
          reminders.push(m);
          return `shot-${reminders.length}`;
        },
      },
      clock: { now: () => new Date('2026-11-05T01:00:00.000Z') },
      sender: 'lkg-noreply@example.com',
      bureauEmail: 'lkg-bureau@example.com',
      publishSchedule: {
        expression: CONFIG_DEFAULTS.publishSchedule,
        timeZone: CONFIG_DEFAULTS.publishTimeZone,
      },
    },
    { month: MONTH },
  );
  const unitReminder = reminders.find((m) => !m.to.includes('lkg-bureau@example.com'));
  const bureauReminder = reminders.find((m) => m.to.includes('lkg-bureau@example.com'));
  if (unitReminder) shots.push(shoot(unitReminder.html, `${MONTH}-reminder-unit`, 1100));
  if (bureauReminder) shots.push(shoot(bureauReminder.html, `${MONTH}-reminder-overview`, 1600));
  for (const s of shots) console.log(s);
}

await main();
