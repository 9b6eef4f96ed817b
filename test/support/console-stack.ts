/**
 * The web console's test harness: the local stack (`infra/local/main.ts`) in a child process
 * on free ports with a temporary data directory (the example imported on first start), and
 * Debian's Chromium driven by playwright-core (no browser download: `/usr/bin/chromium`, or
 * `CHROMIUM`; `scripts/setup-browser.sh` installs it with `fonts-noto-cjk` when missing).
 *
 * Used by `test/browser/console.test.ts` and `scripts/console-screenshots.ts`.
 *
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** The Chromium binary: `CHROMIUM`, else Debian's. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** True when the browser tests can run here. */
export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export interface ConsoleStack {
  /** The console's (and the API's) address, e.g. `http://localhost:41234`. */
  url: string;
  s3: string;
  dataDir: string;
  /** Everything the stack printed. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the local stack on free ports; resolves when it printed READY. `dataDir`: an existing
 * data directory to serve (e.g. one `bench:district --data` loaded), kept when the stack stops.
 */
export async function startConsoleStack(
  timeoutMs = 120_000,
  options: { dataDir?: string } = {},
): Promise<ConsoleStack> {
  const dir = mkdtempSync(join(tmpdir(), 'lkg-console-'));
  const dataDir = options.dataDir ?? join(dir, 'data');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--openssl-legacy-provider',
      '--import',
      'tsx',
      'infra/local/main.ts',
      '--data',
      dataDir,
      '--inbox',
      join(dir, 'inbox'),
      '--dynamodb-port',
      '0',
      '--s3-port',
      '0',
      '--ses-port',
      '0',
      '--api-port',
      '0',
    ],
    {
      cwd: process.cwd(),
      env: {
        ...process.env,
        NODE_NO_WARNINGS: '1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  const started = Date.now();
  let ready: { api: string; s3: string } | null = null;
  while (!ready) {
    const line = out.split('\n').find((l) => l.startsWith('READY '));
    if (line) ready = JSON.parse(line.slice(6)) as { api: string; s3: string };
    else if (child.exitCode !== null) throw new Error(`local stack exited (${child.exitCode}):\n${out}`);
    else if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`local stack not ready after ${timeoutMs} ms:\n${out}`);
    } else await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url: ready.api,
    s3: ready.s3,
    dataDir,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Launches headless Chromium (playwright-core gives every launch a fresh temporary profile,
 * its `--user-data-dir`); nothing but loopback is used.
 */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/** Signs in through the local sign-in page as the unit (by its Chinese name on the button). */
export async function signIn(page: Page, url: string, unitId: string): Promise<void> {
  await page.goto(`${url}/#/`);
  await page.locator(`button[data-unit="${unitId}"]`).click();
  await page.locator('nav[aria-label="主导航"]').waitFor();
}

/**
 * Navigation → the 首页's counts, → its indicator table, in a fresh context signed in with
 * `token` (bench:console and the console screenshots' figures).
 */
export async function timeToData(
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
