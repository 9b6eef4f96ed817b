/**
 * Issue "One timeline", Build 7: the repository stands alone. A copy of the repository's
 * files (what a clone holds: `git ls-files`, plus node_modules linked) in a temporary folder
 * with no `../shared` beside it: the local stack's entry (`npm start` runs infra/local/main.ts)
 * generates its example on first start and imports it, and the tests that used to read
 * `../shared` (the notice, the example, its expected assignments) pass there. No code, test or
 * script of the repository reads `../shared`.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const parent = mkdtempSync(join(tmpdir(), 'lkg-clone-'));
const repo = join(parent, 'lkg-territory');
afterAll(() => rmSync(parent, { recursive: true, force: true }));

/** The files a clone of this working tree holds once committed (tracked and new, not ignored). */
function repositoryFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  // node_modules is linked, never copied (a node_modules symlink is not matched by `node_modules/`).
  return out
    .split('\0')
    .filter(
      (f) => f !== '' && f !== 'node_modules' && !f.startsWith('node_modules/') && existsSync(join(ROOT, f)),
    );
}

function copyRepository(): void {
  for (const file of repositoryFiles()) {
    mkdirSync(dirname(join(repo, file)), { recursive: true });
    cpSync(join(ROOT, file), join(repo, file));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'), 'dir');
}

/** A relative path that climbs out of the repository into the shared folder (one or more `../`, then shared and a slash). */
const SHARED_PATH = new RegExp(`(\\.\\./)+${'shared'}/`, 'u');

describe('a fresh clone with no ../shared beside it', () => {
  copyRepository();

  it('has nothing beside it, and no code, test or script names ../shared', () => {
    expect(existsSync(join(parent, 'shared'))).toBe(false);
    const code = repositoryFiles().filter((f) => /\.(ts|js|mjs|cjs|json)$/u.test(f) || f === 'package.json');
    expect(code.length).toBeGreaterThan(100);
    const offending = code.filter((f) => SHARED_PATH.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offending).toEqual([]);
  });

  it('npm start’s entry generates the example on first start and imports its 36 records', async () => {
    const child: ChildProcess = spawn(
      process.execPath,
      [
        '--openssl-legacy-provider',
        '--import',
        'tsx',
        'infra/local/main.ts',
        ...['--dynamodb-port', '0', '--s3-port', '0', '--ses-port', '0', '--api-port', '0'],
      ],
      { cwd: repo, env: { ...process.env, NODE_NO_WARNINGS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const exit = new Promise<number>((done) => child.on('exit', (code) => done(code ?? -1)));
    try {
      const started = Date.now();
      let line: string | undefined;
      while (!line) {
        line = out.split('\n').find((l) => l.startsWith('READY '));
        if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${err}`);
        if (Date.now() - started > 90_000) throw new Error(`no READY: ${out} ${err}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const ready = JSON.parse(line.slice('READY '.length)) as { records: number; latest: string };
      expect(out).toContain(
        `首次启动：生成示例台账 ${resolve(repo, '.data/examples/2026-10-示例台账.xlsx')}`,
      );
      expect(out).toMatch(
        /导入 uploads\/bureau\/2026-10-示例台账\.xlsx：已导入；台账 36 行，指标 690 行，错误 0/u,
      );
      expect(ready).toMatchObject({ records: 36, latest: '2026-10' });
    } finally {
      child.kill('SIGINT');
      expect(await exit).toBe(0);
    }
  }, 120_000);

  it('the tests that read the notice, the example and its expected assignments pass there', () => {
    const run = spawnSync(
      process.execPath,
      [
        'node_modules/vitest/vitest.mjs',
        'run',
        'test/domain/policy/policy.test.ts',
        'test/domain/assess-example.test.ts',
        'test/domain/registers/example.test.ts',
        'test/example.test.ts',
      ],
      {
        cwd: repo,
        encoding: 'utf8',
        env: { ...process.env, NODE_NO_WARNINGS: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
      },
    );
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/Test Files\s+4 passed/u);
  }, 120_000);
});
