/**
 * Screenshots of every page of the web console at desktop (1280 px) and phone (390 px) width,
 * into `docs/img/console-*.png` (shown in the README) and the home's countdown with its 未报 list
 * (`docs/img/home-countdown-*.png`, docs/reminders.md), and the console's figures: the initial
 * JS (gzip) and the time to the first page with data, measured with Playwright against the
 * local stack on free ports with the example imported.
 *
 * `npm run screenshots:console` (needs Debian's chromium: scripts/setup-browser.sh).
 *
 * @module
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import {
  CHECK_KEY,
  NEW_KEY,
  registerFixed,
  registerManyErrors,
  registerToCheck,
  registerWithError,
  registerWithOwnHeader,
} from '../test/support/console-fixtures.ts';
import { launchChromium, signIn, startConsoleStack, timeToData } from '../test/support/console-stack.ts';

const OUT = resolve('docs/img');
const DIST = resolve('web/dist');
const WIDTHS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

/** Initial JS: the entry script and its preloaded chunks (what index.html loads), gzip; and the charts' chunk. */
function bundleFigures(): { initialGzip: number; initialRaw: number; chartsGzip: number } {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
  const gz = (file: string) => gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;
  const charts = readdirSync(join(DIST, 'assets'))
    .filter((f) => f.startsWith('charts-') && f.endsWith('.js'))
    .map((f) => `assets/${f}`);
  return {
    initialGzip: initial.reduce((n, f) => n + gz(f), 0),
    initialRaw: initial.reduce((n, f) => n + readFileSync(join(DIST, f)).length, 0),
    chartsGzip: charts.reduce((n, f) => n + gz(f), 0),
  };
}

async function shoot(page: Page, name: string, width: keyof typeof WIDTHS): Promise<void> {
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(OUT, `console-${name}-${width}.png`) });
}

/**
 * Something for 划转确认 and 争议与决定 to show: two of 长青街's enterprises moved to 金银湖街 by
 * decisions in the latest month; 金银湖街 confirms the first and objects to the second.
 */
async function coordinationData(url: string): Promise<void> {
  const token = async (unit: string) =>
    (
      (await (
        await fetch(`${url}/local/token`, { method: 'POST', body: JSON.stringify({ unit }) })
      ).json()) as {
        token: string;
      }
    ).token;
  const tokens: Record<string, string> = {
    bureau: await token('bureau'),
    changqing: await token('changqing'),
    jinyinhu: await token('jinyinhu'),
  };
  const api = async (who: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const month = (await api('bureau', 'GET', '/units')).month as string;
  const items = (await api('changqing', 'GET', '/units/changqing/enterprises?role=service&limit=50'))
    .items as Array<{
    key: string;
    assignment: { service: string | null; indicators: string | null };
  }>;
  const [a, b] = items
    .filter(
      (e) =>
        e.key !== NEW_KEY && e.assignment.service === 'changqing' && e.assignment.indicators === 'changqing',
    )
    .map((e) => e.key);
  if (!a || !b) throw new Error('长青街在示例数据中应至少有两家企业');
  for (const [key, n] of [
    [a, 11],
    [b, 12],
  ] as const)
    await api('bureau', 'POST', '/decisions', {
      keys: [key],
      from: month,
      service: 'jinyinhu',
      indicators: 'jinyinhu',
      reason: '企业整体迁至金银湖街',
      documentNo: `武临开专〔2026〕${n}号`,
    });
  // a decision is re-projected after its 201 (docs/coordination.md): wait for its transfers
  const transferOf = (key: string) => `/transfers/${encodeURIComponent(`${key}#${month}`)}`;
  for (let tries = 0; ; tries++) {
    const listed = (await api('jinyinhu', 'GET', `/transfers?month=${month}`)).items as Array<{
      key: string;
    }>;
    if ([a, b].every((key) => listed.some((t) => t.key === key))) break;
    if (tries > 120) throw new Error('两项决定的划转在 60 秒内没有出现');
    await new Promise((r) => setTimeout(r, 500));
  }
  await api('jinyinhu', 'POST', `${transferOf(a)}/confirm`, {});
  await api('jinyinhu', 'POST', `${transferOf(b)}/object`, {
    reason: '企业尚未搬迁',
  });
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const files = mkdtempSync(join(tmpdir(), 'lkg-shots-'));
  writeFileSync(join(files, '长青街台账.xlsx'), registerWithError());
  writeFileSync(join(files, '长青街台账（改）.xlsx'), registerFixed());
  writeFileSync(join(files, '长青街项目（待定）.xlsx'), registerManyErrors(400));
  writeFileSync(join(files, '长青街新项目.xlsx'), registerToCheck(CHECK_KEY));
  writeFileSync(join(files, '长青街自制台账.xlsx'), registerWithOwnHeader());
  const [stack, chromium] = await Promise.all([startConsoleStack(), launchChromium()]);
  try {
    await coordinationData(stack.url);
    // the fixed register first (the enterprise exists), then the one with the error (the upload page shows its findings)
    const pages: Array<[string, string, string, string | null]> = [
      ['signin', 'changqing', '#/', null],
      ['home', 'changqing', '#/', 'table tbody tr'],
      ['upload', 'changqing', '#/upload', null],
      ['check-findings', 'changqing', '#/check', null],
      ['check-changes', 'changqing', '#/check', null],
      ['check-mapping', 'changqing', '#/check', null],
      ['enterprises', 'changqing', '#/enterprises', 'table'],
      ['enterprise', 'changqing', `#/enterprises/${NEW_KEY}`, '.clause'],
      ['imports', 'changqing', '#/imports', 'table'],
      ['import', 'changqing', '#/imports', 'dl.facts'],
      ['report', 'changqing', '#/report', 'table'],
      ['not-found', 'changqing', '#/enterprises/91420112MA83G07L8M', '.notice'],
      ['transfers', 'changqing', '#/transfers', 'table'],
      ['home-district', 'bureau', '#/', 'section[aria-labelledby="ind-title"] table tbody tr'],
      ['home-unit', 'bureau', '#/units/changqing', 'section[aria-labelledby="ind-title"] table tbody tr'],
      ['overview', 'bureau', '#/overview', 'figure svg'],
      ['list', 'bureau', '#/lists/jidian/notReported', 'table tbody tr'],
      ['list-district', 'bureau', '#/lists/district/notReported', 'table tbody tr, p.empty'],
      ['publish', 'bureau', '#/publish', 'table'],
      ['decisions', 'bureau', '#/decisions', 'table'],
    ];
    for (const width of Object.keys(WIDTHS) as Array<keyof typeof WIDTHS>) {
      const page = await chromium.browser.newPage({
        viewport: WIDTHS[width],
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      let signedInAs: string | null = null;
      for (const [name, unit, hash, ready] of pages) {
        if (name === 'signin') {
          await page.goto(`${stack.url}/${hash}`);
          await page.locator('button[data-unit]').first().waitFor();
          await shoot(page, name, width);
          continue;
        }
        if (signedInAs !== unit) {
          await page.evaluate('sessionStorage.clear()');
          await page.goto('about:blank'); // signIn opens #/: load the console afresh
          await signIn(page, stack.url, unit);
          signedInAs = unit;
        }
        if (name === 'upload') {
          await page.goto(`${stack.url}/${hash}`);
          if (width === 'desktop') {
            await page.locator('input[type=file]').setInputFiles(join(files, '长青街台账（改）.xlsx'));
            await page.getByTestId('upload-status').getByText('已导入').waitFor({ timeout: 60_000 });
          }
          await page.locator('input[type=file]').setInputFiles(join(files, '长青街台账.xlsx'));
          await page.getByTestId('upload-status').getByText('未导入').waitFor({ timeout: 60_000 });
          await page.locator('.card table').first().scrollIntoViewIfNeeded();
          await shoot(page, name, width);
          continue;
        }
        if (name === 'check-mapping') {
          // 列名对照: an unknown header, its template column picked (nearest first), not yet re-checked
          await page.goto(`${stack.url}/${hash}`);
          await page.locator('input[type=file]').setInputFiles(join(files, '长青街自制台账.xlsx'));
          const form = page.locator('form[aria-labelledby="mapping-title"]');
          await form.waitFor({ timeout: 60_000 });
          await form.locator('select').first().selectOption('所在街道');
          await form.scrollIntoViewIfNeeded();
          await shoot(page, name, width);
          continue;
        }
        if (name === 'check-findings' || name === 'check-changes') {
          // 上传前检查: 400 findings of one message (one group), and a file's change before import
          await page.goto(`${stack.url}/${hash}`);
          const file = name === 'check-findings' ? '长青街项目（待定）.xlsx' : '长青街新项目.xlsx';
          await page.locator('input[type=file]').setInputFiles(join(files, file));
          await page
            .getByTestId('check-status')
            .getByText(name === 'check-findings' ? '结论：不能导入' : '结论：可以导入')
            .waitFor({ timeout: 60_000 });
          await page.evaluate('window.scrollTo(0, 0)');
          await shoot(page, name, width);
          continue;
        }
        await page.goto(`${stack.url}/${hash}`);
        // one import: followed from the list of imports
        if (name === 'import') await page.locator('table tbody a').first().click({ timeout: 30_000 });
        if (ready) await page.locator(ready).first().waitFor({ timeout: 30_000 });
        if (name === 'home' || name === 'home-district' || name === 'home-unit')
          await page.locator('figure svg').first().waitFor({ timeout: 30_000 });
        if (name === 'publish') {
          await page.getByRole('button', { name: /^发布.*月报…$/ }).click();
          await page.locator('dialog[open]').waitFor();
        }
        if (name === 'decisions') await page.evaluate('window.scrollTo(0, 0)');
        await shoot(page, name, width);
        if (name === 'home') {
          // the days left to the publish date and the 未报 list (an office with one)
          await page.evaluate('sessionStorage.clear()');
          await page.goto('about:blank');
          await signIn(page, stack.url, 'jidian');
          signedInAs = 'jidian';
          const reminder = page.getByTestId('home-reminder');
          await reminder.locator('table').waitFor({ timeout: 30_000 });
          await page.waitForTimeout(400);
          await reminder.screenshot({ path: join(OUT, `home-countdown-${WIDTHS[width].width}.png`) });
        }
      }
      await page.close();
    }
    const token = (await (
      await fetch(`${stack.url}/local/token`, { method: 'POST', body: JSON.stringify({ unit: 'changqing' }) })
    ).json()) as { token: string };
    const runs: Array<{ counts: number; indicators: number }> = [];
    for (let i = 0; i < 7; i++) runs.push(await timeToData(chromium.browser, stack.url, token.token));
    const stats = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return { median: sorted[3], max: sorted[6], runs: values };
    };
    const bundle = bundleFigures();
    const figures = {
      initialJsGzipKB: Math.round(bundle.initialGzip / 102.4) / 10,
      initialJsRawKB: Math.round(bundle.initialRaw / 102.4) / 10,
      chartsChunkGzipKB: Math.round(bundle.chartsGzip / 102.4) / 10,
      // 首页 of 长青街, a session already there: navigation → the counts, → the indicators table
      timeToCountsMs: stats(runs.map((r) => r.counts)),
      timeToIndicatorsMs: stats(runs.map((r) => r.indicators)),
    };
    console.log(JSON.stringify(figures, null, 2));
  } finally {
    await chromium.close();
    await stack.stop();
    rmSync(files, { recursive: true, force: true });
  }
}

await main();
