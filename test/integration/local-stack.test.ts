/**
 * `npm start`'s main in a child process: free ports, a temp data directory; the example is
 * generated into `<data>/examples` and imported on first start (through s3rver's event → the ingest handler), Ctrl-C (SIGINT)
 * stops it cleanly, a second start keeps the data, a second process on the same data
 * directory is refused, a port in use is a clear message.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'lkg-local-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  child: ChildProcess;
  out: string[];
  err: string[];
  exit: Promise<number>;
}

function start(extra: string[] = []): Run {
  const child = spawn(
    process.execPath,
    [
      '--openssl-legacy-provider',
      '--import',
      'tsx',
      'infra/local/main.ts',
      '--data',
      join(dir, 'data'),
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
      ...extra,
    ],
    { cwd: process.cwd(), env: { ...process.env, NODE_NO_WARNINGS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const out: string[] = [];
  const err: string[] = [];
  child.stdout?.on('data', (d: Buffer) => out.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => err.push(d.toString()));
  const exit = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return { child, out, err, exit };
}

/** Runs `lkg` in a child process. */
function lkg(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
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

/** Resolves with the READY line's JSON, or rejects when the process ends first. */
async function ready(
  run: Run,
  timeoutMs = 60_000,
): Promise<{ records: number; latest: string | null; s3: string }> {
  const started = Date.now();
  for (;;) {
    const line = run.out
      .join('')
      .split('\n')
      .find((l) => l.startsWith('READY '));
    if (line) return JSON.parse(line.slice('READY '.length));
    if (run.child.exitCode !== null) throw new Error(`exited ${run.child.exitCode}: ${run.err.join('')}`);
    if (Date.now() - started > timeoutMs)
      throw new Error(`no READY: ${run.out.join('')} ${run.err.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('npm start (infra/local/main.ts)', () => {
  it('imports the example on first start, stops on SIGINT, keeps the data on restart, refuses a second process', async () => {
    const first = start();
    const a = await ready(first);
    expect(first.out.join('')).toContain('首次启动：导入示例');
    expect(first.out.join('')).toMatch(/导入 uploads\/bureau\/.*：已导入/);
    expect(a.records).toBeGreaterThan(30);
    expect(a.latest).toBe('2026-10');

    // lkg import against this stack: the same example again is unchanged (exit 0); a bad CSV is rejected (exit 2).
    // The example imported is the one generated into <data>/examples on first start.
    expect(first.out.join('')).toContain('首次启动：生成示例台账');
    writeFileSync(
      join(dir, 'same.xlsx'),
      readFileSync(join(dir, 'data', 'examples', '2026-10-示例台账.xlsx')),
    );
    const same = await lkg(['import', join(dir, 'same.xlsx'), '--endpoint', a.s3, '--json']);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout)).toMatchObject({
      status: 'unchanged',
      objectKey: 'uploads/bureau/same.xlsx',
    });
    writeFileSync(
      join(dir, 'bad.csv'),
      '统一社会信用代码,企业（项目）名称,项目状态,所在街道\n91420112MA83G07L8M,某公司,半成品,长清街\n',
    );
    const bad = await lkg(['import', join(dir, 'bad.csv'), '--endpoint', a.s3]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('未导入');
    expect(bad.stdout).toContain('长清街');

    const second = start();
    expect(await second.exit).toBe(1);
    expect(second.err.join('')).toContain('本地环境已在运行');

    first.child.kill('SIGINT');
    expect(await first.exit).toBe(0);
    expect(first.out.join('')).toContain('已停止');

    const again = start();
    const b = await ready(again);
    expect(again.out.join('')).not.toContain('首次启动');
    expect(b.records).toBe(a.records);
    expect(b.latest).toBe('2026-10');
    again.child.kill('SIGINT');
    expect(await again.exit).toBe(0);
  }, 120_000);

  it('a port in use is a clear message and exit 1', async () => {
    const blocker: Server = createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)),
    );
    try {
      const run = start(['--data', join(dir, 'other'), '--s3-port', String(port)]);
      expect(await run.exit).toBe(1);
      expect(run.err.join('')).toContain(`端口 ${port} 已被占用`);
    } finally {
      blocker.close();
    }
  }, 60_000);
});
