/**
 * `npm start`'s main (infra/local/main.ts) in a child process for integration tests: free
 * ports, given data and inbox directories, the READY line, `lkg` commands.
 *
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface MainRun {
  child: ChildProcess;
  out: string[];
  err: string[];
  exit: Promise<number>;
}

/** The READY line's JSON. */
export interface Ready {
  records: number;
  latest: string | null;
  api: string | null;
  s3: string;
}

/** Starts main.ts with free ports; `extra` flags and `env` variables added. */
export function startMain(
  dirs: { data: string; inbox: string; examples: string },
  env: Record<string, string> = {},
): MainRun {
  const child = spawn(
    process.execPath,
    [
      '--openssl-legacy-provider',
      '--import',
      'tsx',
      'infra/local/main.ts',
      '--data',
      dirs.data,
      '--inbox',
      dirs.inbox,
      '--examples',
      dirs.examples,
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
      env: { ...process.env, NODE_NO_WARNINGS: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const out: string[] = [];
  const err: string[] = [];
  child.stdout?.on('data', (d: Buffer) => out.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => err.push(d.toString()));
  const exit = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return { child, out, err, exit };
}

/** Resolves with the READY line's JSON, or rejects when the process ends first. */
export async function readyOf(run: MainRun, timeoutMs = 60_000): Promise<Ready> {
  const started = Date.now();
  for (;;) {
    const line = run.out
      .join('')
      .split('\n')
      .find((l) => l.startsWith('READY '));
    if (line) return JSON.parse(line.slice('READY '.length)) as Ready;
    if (run.child.exitCode !== null || run.child.signalCode !== null)
      throw new Error(`exited ${run.child.exitCode}: ${run.err.join('')}`);
    if (Date.now() - started > timeoutMs)
      throw new Error(`no READY: ${run.out.join('')} ${run.err.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs `lkg` in a child process. */
export function lkg(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/lkg.js', ...args], {
      cwd: process.cwd(),
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Polls `check` every 100 ms until it answers a value (not undefined), or fails after the timeout. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
