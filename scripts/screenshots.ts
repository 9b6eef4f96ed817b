/**
 * Screenshots of the monthly emails (summaries.md §3), for a person to check the layout:
 * the example workbook (`LKG_EXAMPLE`, else the generated one of `lkg example`) is imported
 * into an in-memory store through the real ingest handler,
 * 2026-10 is summarized, and one unit's email and the district overview are rendered to HTML
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
import { createMemoryStore } from '#adapters/memory-store';
import { renderOverviewEmail, renderUnitEmail } from '#domain/email/index';
import { POLICIES } from '#domain/policy/index';
import type { ObjectStore } from '#domain/ports';
import { SUMMARY_UNITS } from '#domain/summaries';
import type { UnitId } from '#domain/units';
import { exampleWorkbook } from '#functions/cli/example';
import { createIngestHandler } from '#functions/ingest/handler';
import { loadSummaries } from '#functions/publish/summaries';

/** The example's bytes: the file `LKG_EXAMPLE` names, else the generated example. */
function exampleBytes(): Uint8Array {
  const file = process.env.LKG_EXAMPLE;
  return file ? new Uint8Array(readFileSync(resolve(file))) : exampleWorkbook();
}
const OUT = resolve('screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const MONTH = process.argv[2] ?? '2026-10';
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
  const ingest = createIngestHandler({ store, objects, clock: { now: () => new Date() } });
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
  const { document } = await loadSummaries(store, MONTH, POLICIES);
  const contacts = await store.contacts();
  const withContacts = new Set(contacts.filter((c) => c.receives).map((c) => c.unit));
  const unitsWithoutContacts = SUMMARY_UNITS.filter((u) => !withContacts.has(u));
  const overview = renderOverviewEmail(document, { unitsWithoutContacts }).html;
  const shots = [
    shoot(renderUnitEmail(document, UNIT).html, `${MONTH}-${UNIT}`, 1700),
    shoot(renderUnitEmail(document, 'changqing').html, `${MONTH}-changqing`, 1500),
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
  for (const s of shots) console.log(s);
}

await main();
