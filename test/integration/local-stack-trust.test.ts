/**
 * on the local stack (`npm start` in a child process): who uploaded (inbox folders,
 * a recorded identity that contradicts its folder), bad keys that never take the stack down,
 * `--prefix ../../../` contained, and an import killed half-way (`kill -9`) finished on the
 * next start.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateSecret, signLocalToken } from '#adapters/jwt';
import { S3Objects, s3Client } from '#adapters/s3-objects';
import type { ImportRecord } from '#domain/ports';
import { lkg, readyOf, startMain, until } from '../support/local-main.ts';
import { exampleBytes } from '../support/workbooks.ts';

const root = mkdtempSync(join(tmpdir(), 'lkg-trust-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const BUCKET = 'lkg-territory';
const example = Buffer.from(exampleBytes());

function dirsOf(name: string) {
  const base = join(root, name);
  const dirs = { data: join(base, 'data'), inbox: join(base, 'inbox'), examples: 'none' };
  mkdirSync(dirs.inbox, { recursive: true });
  return dirs;
}

function s3Of(endpoint: string) {
  const client = s3Client(
    {},
    { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } },
  );
  return { client, objects: new S3Objects(client) };
}

async function reportOf(objects: S3Objects, path: string): Promise<ImportRecord | undefined> {
  try {
    return JSON.parse(
      new TextDecoder().decode(await objects.get(BUCKET, `reports/${path}.report.json`)),
    ) as ImportRecord;
  } catch {
    return undefined;
  }
}

/** The processed files in inbox/<folder>/ whose name ends with `suffix`. */
function processed(inbox: string, folder: string, suffix: string): string[] {
  const dir = join(inbox, folder);
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(suffix)) : [];
}

describe('the local stack refuses what is not the uploader’s and survives bad keys', () => {
  it('inbox folders, a mismatched identity, a 240-byte name, a ../ prefix: refused, the stack keeps running', async () => {
    const dirs = dirsOf('probes');
    const run = startMain(dirs);
    const ready = await readyOf(run);
    const { client, objects } = s3Of(ready.s3);
    try {
      // A 240-byte file name dropped into the inbox: refused, moved to rejected/ with its report.
      const longName = `${'长'.repeat(78)}.xlsx`; // 239 bytes … plus one
      const longFile = `a${longName}`;
      expect(Buffer.byteLength(longFile)).toBe(240);
      writeFileSync(join(dirs.inbox, longFile), example);
      // The bureau's file at the top of the inbox, a street's bad CSV in inbox/changqing/.
      writeFileSync(join(dirs.inbox, '示例.xlsx'), example);
      mkdirSync(join(dirs.inbox, 'changqing'));
      writeFileSync(
        join(dirs.inbox, 'changqing', 'bad.csv'),
        '统一社会信用代码,企业（项目）名称,项目状态,所在街道\n91420112MA83G07L8M,某公司,半成品,长清街\n',
      );
      await until(
        'the inbox to be processed',
        () =>
          processed(dirs.inbox, 'rejected', '.report.xlsx').length === 2 &&
          processed(dirs.inbox, 'imported', '.report.xlsx').length === 1
            ? true
            : undefined,
        30_000,
      );
      const rejected = readdirSync(join(dirs.inbox, 'rejected'));
      expect(
        rejected.filter((f) => f.includes('长长长') && f.endsWith('.xlsx') && !f.endsWith('.report.xlsx')),
      ).toHaveLength(1);
      expect(rejected.filter((f) => f.endsWith('-bad.csv'))).toHaveLength(1);
      expect(rejected.filter((f) => f.endsWith('-bad.csv.report.xlsx'))).toHaveLength(1);
      expect(readdirSync(join(dirs.inbox, 'imported')).filter((f) => f.endsWith('-示例.xlsx'))).toHaveLength(
        1,
      );
      expect(await reportOf(objects, 'bureau/示例.xlsx')).toMatchObject({
        status: 'applied',
        objectKey: 'uploads/bureau/示例.xlsx',
      });
      expect(await reportOf(objects, 'changqing/bad.csv')).toMatchObject({
        status: 'rejected',
        objectKey: 'uploads/changqing/bad.csv',
      });
      expect(readdirSync(dirs.inbox).filter((f) => f.endsWith('.xlsx') || f.endsWith('.csv'))).toEqual([]);

      // The same 240-byte name put straight into S3: a 400, never a crash.
      await expect(
        client.send(
          new PutObjectCommand({ Bucket: BUCKET, Key: `uploads/bureau/${longFile}`, Body: example }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidArgument' });

      // A presigned-style upload whose recorded identity is another unit than its folder.
      await objects.put(BUCKET, 'uploads/changqing/冒名.xlsx', example, 'application/octet-stream', {
        'uploader-unit': 'baiquan',
      });
      const refused = await until('the refused import', () => reportOf(objects, 'changqing/冒名.xlsx'));
      expect(refused.status).toBe('rejected');
      expect(refused.findings.map((f) => f.code)).toEqual(['E_UPLOAD_FOLDER']);
      expect(refused.counts.itemsWritten).toBe(0);

      // lkg import --prefix ../../../ : refused before any call, nothing written outside.
      writeFileSync(join(root, 'escape.xlsx'), example);
      const outsideImport = await lkg([
        'import',
        join(root, 'escape.xlsx'),
        '--endpoint',
        ready.s3,
        '--prefix',
        '../../../',
      ]);
      expect(outsideImport.code).toBe(1);
      expect(outsideImport.stderr).toContain('「..」');
      const outside = (dir: string) =>
        readdirSync(dir, { recursive: true })
          .map(String)
          .filter((f) => f.includes('escape.xlsx._S3rver'));
      expect(outside(root)).toEqual([]);
      // … and sent straight to S3, the key guard answers 400.
      await expect(
        client.send(
          new PutObjectCommand({ Bucket: BUCKET, Key: 'uploads/../../../escape.xlsx', Body: example }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidArgument' });
      expect(outside(root)).toEqual([]);

      // Still running: an ordinary import goes through (default folder: the bureau's).
      const ok = await lkg(['import', join(root, 'escape.xlsx'), '--endpoint', ready.s3, '--json']);
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.stdout)).toMatchObject({ objectKey: 'uploads/bureau/escape.xlsx' });
      expect(run.child.exitCode).toBeNull();
    } finally {
      client.destroy();
      run.child.kill('SIGINT');
      expect(await run.exit).toBe(0);
    }
  }, 90_000);
});

describe('crash-safe imports on the local stack', () => {
  it('an import killed (kill -9) in the middle is finished on the next start', async () => {
    const dirs = dirsOf('kill');
    // Every BatchWriteItem waits 1 s: the example's import takes several seconds to write.
    const slow = startMain(dirs, { LKG_LOCAL_WRITE_DELAY_MS: '1000' });
    const ready = await readyOf(slow);
    const { client, objects } = s3Of(ready.s3);
    const token = await signLocalToken(await loadOrCreateSecret(join(dirs.data, 'jwt-secret')), {
      unit: 'bureau',
    });
    const api = async (api: string, path: string) =>
      (await fetch(`${api}${path}`, { headers: { authorization: `Bearer ${token}` } })).json();
    let id: string;
    try {
      await objects.put(BUCKET, 'uploads/bureau/示例.xlsx', example, 'application/octet-stream');
      id = await until('the import to be applying', async () => {
        const page = (await api(ready.api as string, '/imports')) as {
          items: Array<{ id: string; status: string }>;
        };
        return page.items.find((i) => i.status === 'applying')?.id;
      });
      await new Promise((r) => setTimeout(r, 1500)); // some batches written, most not
    } finally {
      client.destroy();
      slow.child.kill('SIGKILL');
      await slow.exit;
    }

    const again = startMain(dirs);
    try {
      const after = await readyOf(again);
      expect(again.out.join('')).toMatch(/续完中断的导入：导入 uploads\/bureau\/示例\.xlsx：已导入/);
      expect(after.records).toBe(36);
      expect(after.latest).toBe('2026-10');
      const record = (await api(after.api as string, `/imports/${id}`)) as ImportRecord & {
        pendingImport?: unknown;
      };
      expect(record.status).toBe('applied');
      expect(record.pendingImport).toBeUndefined();
      const units = (await api(after.api as string, '/units')) as { pendingImport?: unknown; month: string };
      expect(units.pendingImport).toBeUndefined();
      expect(units.month).toBe('2026-10');
    } finally {
      again.child.kill('SIGINT');
      expect(await again.exit).toBe(0);
    }
  }, 180_000);
});
