/**
 * The `lkg` command (the README (“Try it”)). Each subcommand lives in
 * `commands/<name>.ts` and exports `run(args): Promise<number>` (the exit code).
 *
 * @module
 */

export interface Command {
  /** Runs the subcommand with its arguments; resolves to the exit code. */
  run(args: string[]): Promise<number>;
  /** The command's help (`lkg <command> --help`): every flag it takes. */
  USAGE: string;
}

const commands: Record<string, () => Promise<Command>> = {
  assess: () => import('./commands/assess.ts'),
  template: () => import('./commands/template.ts'),
  example: () => import('./commands/example.ts'),
  import: () => import('./commands/import.ts'),
  summary: () => import('./commands/summary.ts'),
  token: () => import('./commands/token.ts'),
  decision: () => import('./commands/decision.ts'),
  policy: () => import('./commands/policy.ts'),
  impact: () => import('./commands/impact.ts'),
  rebuild: () => import('./commands/rebuild.ts'),
  remind: () => import('./commands/remind.ts'),
};

const USAGE = `用法：lkg <命令> [参数]
  lkg assess <文件> [--month YYYY-MM] [--json]   检查台账并给出每条记录的服务与指标承担单位
  lkg template [--out 文件.xlsx]                  生成空白填报模板
  lkg example [--out 文件.xlsx]                   生成示例台账（本地环境首次启动导入的那一份）
  lkg import <文件> [--prefix 单位/] [--json] …   上传台账并等待导入结果
  lkg summary <YYYY-MM> [--unit ID] [--json] [--publish] [--force]   经济指标月报
  lkg token --unit ID [--role bureau|unit]       生成本地环境的访问令牌
  lkg decision add|list|end …                    记录、查看、终止工作专班决定
  lkg policy check <草案.json>                    检查政策草案
  lkg impact <草案.json> [--month YYYY-MM] [--json | --xlsx 文件]   采用草案后归属和指标的变化
  lkg rebuild [--run ID] [--json]               按现行规则由已存上传重建全部数据（重新判定每次上传）
  lkg remind <YYYY-MM> [--force] [--json]        向有未报送企业的单位和区商务局发送指标报送提醒（催报）
  lkg <命令> --help                              该命令的全部参数`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 1;
  }
  const load = commands[name];
  if (!load) {
    console.error(`未知命令「${name}」。\n${USAGE}`);
    return 1;
  }
  if (args.includes('--help') || args.includes('-h')) {
    console.log(
      `${(await load()).USAGE}\n本地环境运行时（npm start），import、summary、token、rebuild、remind 自动使用其数据目录（LKG_DATA_DIR，默认 .data）中的地址与密钥。`,
    );
    return 0;
  }
  // a running local stack (npm start) is found through its data directory: no endpoint flags
  if (
    name === 'import' ||
    name === 'summary' ||
    name === 'token' ||
    name === 'rebuild' ||
    name === 'remind'
  ) {
    const { useRunningStack } = await import('./local-stack.ts');
    useRunningStack(process.env);
  }
  try {
    return await (await load()).run(args);
  } catch (error) {
    console.error(`命令执行失败：${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
