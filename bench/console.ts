/**
 * The console at district size (npm run bench:console): the time from navigation to the 首页
 * showing its figures, for the bureau and for a street, in Chromium against the local stack
 * serving a data directory that `bench:district --data DIR` loaded (20,000 enterprises for the
 * figure in the README).
 *
 * `npm run bench:console -- --data DIR [--runs 7]` (needs Debian's chromium:
 * scripts/setup-browser.sh; builds the console first). Each run opens a fresh browser context
 * with a session already there, and times: navigation → the tiles' counts, → the indicator
 * table's first row. The median and the maximum of the runs, with the load average. The last
 * line is `RESULT <json>`.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchChromium, startConsoleStack } from '../test/support/console-stack.ts';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    runs: { type: 'string', default: '7' },
  },
});
if (!args.data || !existsSync(join(resolve(args.data), 'dynamodb'))) {
  console.error(
    '请用 --data 指定 bench:district 载入的数据目录，例如：\n' +
      '  npm run bench:district -- --enterprises 20000 --data /tmp/lkg-20000\n' +
      '  npm run bench:console -- --data /tmp/lkg-20000',
  );
  process.exit(2);
}
const DATA = resolve(args.data);
const RUNS = Math.max(1, Number(args.runs));
const load = () => Number(loadavg()[0]?.toFixed(2));

/** A session token of the unit from the local stack's sign-in route. */
async function tokenOf(url: string, unit: string): Promise<string> {
  const res = await fetch(`${url}/local/token`, { method: 'POST', body: JSON.stringify({ unit }) });
  if (!res.ok) throw new Error(`POST /local/token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Navigation → the 首页's counts, → its indicator table, in a fresh context signed in with `token`. */
async function timeToData(
  browser: Browser,
  url: string,
  token: string,
): Promise<{ counts: number; indicators: number }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
  const session = {
    token,
    unit: claims['custom:unit'],
    role: claims['custom:role'],
    expiresAt: claims.exp * 1000,
  };
  await context.addInitScript(
    `sessionStorage.setItem('lkg.session', ${JSON.stringify(JSON.stringify(session))});`,
  );
  const page = await context.newPage();
  const started = performance.now();
  await page.goto(`${url}/#/`);
  await page.locator('.tiles .tile-value').first().waitFor({ timeout: 60_000 });
  const counts = performance.now() - started;
  await page
    .locator('section[aria-labelledby="ind-title"] table tbody tr')
    .first()
    .waitFor({ timeout: 60_000 });
  const indicators = performance.now() - started;
  // the trend's requests finish before the next run, so each starts with an idle stack
  await page
    .locator('figure svg')
    .first()
    .waitFor({ timeout: 60_000 })
    .catch(() => undefined);
  await context.close();
  return { counts, indicators };
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    medianMs: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
    maxMs: Math.round(sorted.at(-1) ?? 0),
    runsMs: values.map(Math.round),
  };
};

async function main(): Promise<void> {
  const stack = await startConsoleStack(600_000, { dataDir: DATA });
  const chromium = await launchChromium();
  const result: Record<string, unknown> = { data: DATA, node: process.version };
  try {
    const units = (await (
      await fetch(`${stack.url}/units`, {
        headers: { authorization: `Bearer ${await tokenOf(stack.url, 'bureau')}` },
      })
    ).json()) as { month?: string; items?: Array<{ carried?: number }> };
    result.month = units.month ?? null;
    for (const unit of ['bureau', 'changqing']) {
      const token = await tokenOf(stack.url, unit);
      await timeToData(chromium.browser, stack.url, token); // a first, warming run, not counted
      const runs: Array<{ counts: number; indicators: number }> = [];
      for (let i = 0; i < RUNS; i += 1) runs.push(await timeToData(chromium.browser, stack.url, token));
      result[unit] = {
        toCounts: stats(runs.map((r) => r.counts)),
        toIndicators: stats(runs.map((r) => r.indicators)),
        load: load(),
      };
      console.log(unit, JSON.stringify(result[unit]));
    }
    result.date = new Date().toISOString();
    console.log(`\nRESULT ${JSON.stringify(result)}`);
  } finally {
    await chromium.close();
    await stack.stop();
  }
}

await main();
