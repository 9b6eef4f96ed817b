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
import { launchChromium, startConsoleStack, timeToData } from '../test/support/console-stack.ts';

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
