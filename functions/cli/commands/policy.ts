/**
 * `lkg policy check FILE` — validates a draft policy (JSON in the policy schema, docs/policy.md)
 * with Chinese messages: every issue with its place, and whether it can join the versions in
 * force.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { clauseIds, PolicyDataError } from '#domain/policy/index';
import { readDraft } from '#functions/coordination/impact';

export const USAGE = '用法：lkg policy check <草案文件.json>';

/** Checks the file; prints to `out`; resolves to the exit code (0 valid, 1 invalid). */
export async function runWith(args: string[], out: (line: string) => void): Promise<number> {
  const [action, file, ...rest] = args;
  if (action !== 'check' || !file || rest.length > 0) {
    out(USAGE);
    return 1;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    out(`无法读取文件“${file}”：请检查路径。`);
    return 1;
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/u, ''));
  } catch (error) {
    out(
      `文件“${file}”不是有效的 JSON：${(error as Error).message}。请用 JSON 格式保存草案（可从 docs/policy.md 的示例开始）。`,
    );
    return 1;
  }
  try {
    const draft = readDraft(json);
    out(
      `草案有效：${draft.docNumber}（${draft.id}），自${draft.effectiveFrom}起施行；条款 ${clauseIds(draft).length} 条，重大项目 ${draft.keyProjects.length} 个，整体划转 ${draft.wholeMoves.length} 处，判定规则 ${draft.rules.length} 条。`,
    );
    out(`可用 lkg impact ${file} 查看采用该草案后归属和指标的变化。`);
    return 0;
  } catch (error) {
    if (error instanceof PolicyDataError) {
      out(`草案无效：${error.message}`);
      for (const issue of error.issues) out(`  ${issue.path || '（整体）'}：${issue.message}`);
      return 1;
    }
    throw error;
  }
}

export async function run(args: string[]): Promise<number> {
  return runWith(args, (line) => console.log(line));
}
