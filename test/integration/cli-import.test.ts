/**
 * `lkg import` against the local stack: each of two identical uploads at once reports its own
 * import, and an upload whose object another upload replaces 8 ms later says so at once (and
 * still reports its own import) instead of waiting out its timeout.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ImportRecord } from '#domain/ports';
import { UPLOAD_ID_METADATA, UPLOADER_METADATA } from '#domain/uploader';
import { run } from '#functions/cli/commands/import';
import { type LocalStack, startLocalStack } from '#infra/local/local-stack';
import { workbookBytes } from '../support/workbooks.ts';

let dir: string;
let stack: LocalStack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lkg-cli-import-'));
  stack = await startLocalStack({ ports: { dynamodb: 0, s3: 0, ses: 0 }, s3Directory: join(dir, 's3') });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const contacts = (email: string) =>
  workbookBytes({
    单位联系人: [
      ['单位', '姓名', '邮箱', '接收月报'],
      ['长青街', '张三', email, '是'],
    ],
  });

/** Runs `lkg import … --json` calls at once; answers each one's exit code and printed record. */
async function imports(calls: string[][]): Promise<Array<{ code: number; record: ImportRecord }>> {
  const out: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const codes = await Promise.all(
      calls.map((args) =>
        run([
          ...args,
          '--endpoint',
          stack.emulators.s3Endpoint,
          '--bucket',
          stack.emulators.bucket,
          '--json',
          '--timeout',
          '60',
        ]),
      ),
    );
    const records = out.map((s) => JSON.parse(s) as ImportRecord);
    return codes.map((code, i) => ({ code, record: records[i] as ImportRecord }));
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('lkg import reports its own import', () => {
  it('two identical uploads at once: two imports, each reported to its own upload', async () => {
    const file = join(dir, '联系人.xlsx');
    writeFileSync(file, contacts('a@example.cn'));
    const [a, b] = await imports([
      [file, '--prefix', 'changqing/'],
      [file, '--prefix', 'changqing/'],
    ]);
    expect([a?.code, b?.code]).toEqual([0, 0]);
    expect(a?.record.id).not.toBe(b?.record.id);
    expect(a?.record.uploadId).toBeTruthy();
    expect(a?.record.uploadId).not.toBe(b?.record.uploadId);
    expect(new Set([a?.record.status, b?.record.status])).toEqual(new Set(['applied', 'unchanged']));
  }, 90_000);

  it('an object replaced 8 ms after its upload: said at once, its own import still reported', async () => {
    const file = join(dir, '覆盖.xlsx');
    writeFileSync(file, contacts('b@example.cn'));
    const errors: string[] = [];
    const out: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((s: string) => void errors.push(s));
    vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
    const started = Date.now();
    const running = run([
      file,
      '--prefix',
      'changqing/',
      '--endpoint',
      stack.emulators.s3Endpoint,
      '--bucket',
      stack.emulators.bucket,
      '--timeout',
      '60',
    ]);
    // The replacement lands just after the command's own upload (8 ms, or as soon as its upload
    // is there: a replacement before it would be overwritten by it, which is another case).
    await new Promise((r) => setTimeout(r, 8));
    for (let i = 0; i < 2_000; i++) {
      const head = await stack.objects.head(stack.emulators.bucket, 'uploads/changqing/覆盖.xlsx');
      const id = head?.metadata[UPLOAD_ID_METADATA];
      if (id && id !== 'another-upload-0001') break;
      await new Promise((r) => setTimeout(r, 2));
    }
    await stack.objects.put(
      stack.emulators.bucket,
      'uploads/changqing/覆盖.xlsx',
      contacts('c@example.cn'),
      'application/octet-stream',
      {
        [UPLOADER_METADATA]: 'changqing',
        [UPLOAD_ID_METADATA]: 'another-upload-0001',
      },
    );
    const code = await running;
    vi.restoreAllMocks();
    expect(errors.join('\n')).toMatch(/已被另一次上传覆盖/);
    expect(out.join('\n')).toMatch(/导入编号/);
    expect([0, 2]).toContain(code);
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 90_000);
});
