/** `lkg template`: writes the template (default name 台账填报模板.xlsx), which `lkg assess` reads without errors. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { DEFAULT_TEMPLATE_FILE } from '#functions/cli/commands/template';
import { runLkg, tempDir } from '../../hostile/support.ts';

const cwd = process.cwd();
afterEach(() => process.chdir(cwd));

describe('lkg template', () => {
  it('--out writes the workbook with every sheet and prints where', async () => {
    const out = join(tempDir(), 'mine.xlsx');
    const run = await runLkg(['template', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(out);
    const wb = XLSX.read(readFileSync(out), { type: 'array' });
    expect(wb.SheetNames).toEqual(['企业项目台账', '月度经济指标', '年度目标', '单位联系人', '填报说明']);
  });

  it('default name in the current directory', async () => {
    const dir = tempDir();
    process.chdir(dir);
    expect((await runLkg(['template'])).code).toBe(0);
    expect(DEFAULT_TEMPLATE_FILE).toBe('台账填报模板.xlsx');
    expect(existsSync(join(dir, DEFAULT_TEMPLATE_FILE))).toBe(true);
  });

  it('the template as downloaded is refused by lkg assess with one clear message (exit 2)', async () => {
    const out = join(tempDir(), '2026-10-台账填报模板.xlsx');
    await runLkg(['template', `--out=${out}`]);
    const run = await runLkg(['assess', out, '--json']);
    expect(run.code).toBe(2);
    const doc = JSON.parse(run.stdout);
    expect(doc.assignments).toHaveLength(0);
    expect(doc.findings.map((f: { code: string }) => f.code)).toEqual(['E_TEMPLATE_UNFILLED']);
  });

  it.each([
    [['--out'], '缺少文件名'],
    [['--bogus'], '不认识的参数'],
    [['--out', '/nonexistent-dir/x.xlsx'], '无法写入'],
  ])('%j → exit 1', async (args, words) => {
    const run = await runLkg(['template', ...args]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(words);
  });
});
