/**
 * `lkg template [--out file.xlsx]` (the README (“Try it”)): writes the blank template
 * workbook (every sheet kind, every header, one example row, 填报说明). Default file name
 * 台账填报模板.xlsx in the current directory.
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import { INSTRUCTIONS_SHEET, templateWorkbook } from '#adapters/workbook-writer';
import { newestPolicy, POLICIES } from '#domain/policy/index';
import { templateSpec } from '#domain/registers/index';

/** The template's default file name. */
export const DEFAULT_TEMPLATE_FILE = '台账填报模板.xlsx';

export const USAGE = '用法：lkg template [--out|-o 文件.xlsx]';

/** Runs `lkg template`; resolves to the exit code. */
export async function run(args: string[]): Promise<number> {
  let out = DEFAULT_TEMPLATE_FILE;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--out' || a === '-o') {
      const v = args[++i];
      if (!v) {
        console.error(`参数 ${a} 缺少文件名；应写成 --out 台账填报模板.xlsx。\n${USAGE}`);
        return 1;
      }
      out = v;
    } else if (a.startsWith('--out=')) out = a.slice('--out='.length);
    else {
      console.error(`不认识的参数“${a}”。\n${USAGE}`);
      return 1;
    }
  }
  try {
    writeFileSync(out, templateWorkbook(newestPolicy(POLICIES)));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(
      `无法写入“${out}”（${code ?? (error as Error).message}）；请检查目录是否存在、是否有写权限。`,
    );
    return 1;
  }
  const names = [...templateSpec(newestPolicy(POLICIES)).sheets.map((s) => s.name), INSTRUCTIONS_SHEET];
  console.log(`已生成填报模板：${out}（工作表：${names.join('、')}）`);
  return 0;
}
