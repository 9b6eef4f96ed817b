/**
 * Test support for hostile files: the generators of `files.ts`, temporary files, and a helper
 * that runs `lkg` in-process capturing what it prints.
 *
 * @module
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { main } from '#functions/cli/main';

export * from './files.ts';

/** A fresh temporary directory. */
export function tempDir(prefix = 'lkg-hostile-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes bytes to a file in a temporary directory; returns its path. */
export function tempFile(name: string, bytes: Uint8Array | string, dir = tempDir()): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** Runs `lkg <args>` in-process; resolves to the exit code and what it printed. */
export async function runLkg(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk);
    return true;
  });
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    stdout += `${a.join(' ')}\n`;
  });
  const err = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
    stderr += `${a.join(' ')}\n`;
  });
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    log.mockRestore();
    err.mockRestore();
  }
}

/** The register header row of the example, and rows that assess without findings. */
export const REGISTER_HEADERS = [
  '统一社会信用代码',
  '企业（项目）名称',
  '项目状态',
  '招商单位',
  '所在街道',
  '报送月份',
];
export const REGISTER_ROWS: string[][] = [
  ['91350100M000100Y43', '武汉径河智能装备制造有限公司', '已建成投产', '机电产业办', '径河街', '2026-10'],
  ['91440300708461136T', '武汉柏泉新能源电池有限公司', '已建成投产', '机电产业办', '柏泉街', '2026-10'],
];
