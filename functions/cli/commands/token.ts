/**
 * `lkg token --unit ID [--role bureau|unit] [--expires 7d] [--secret-file .data/jwt-secret]`:
 * prints a token for the local stack (the README (“Try it”)), signed with the local secret the local
 * HTTP API verifies. Role default: `bureau` for the unit `bureau`, else `unit`.
 *
 * @module
 */
import { DEFAULT_SECRET_FILE, defaultRole, loadOrCreateSecret, signLocalToken } from '#adapters/jwt';
import { ValidationError } from '#domain/errors';
import { localSecretFile } from '../local-stack.ts';

export const USAGE = `用法：lkg token --unit <单位编号> [--role bureau|unit] [--expires 7d] [--secret-file ${DEFAULT_SECRET_FILE}]
  单位编号：bureau（区商务局），街道如 changqing、jinyinhu，产业办如 jidian、gaoxin。`;

/** The flags `lkg token` takes (each listed in {@link USAGE}). */
const FLAGS = ['--unit', '--role', '--expires', '--secret-file'];

/** Parses `--name value` and `--name=value` options. */
function options(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) throw new ValidationError(`无法识别的参数“${arg}”。\n${USAGE}`);
    const eq = arg.indexOf('=');
    if (eq > 0) {
      out[arg.slice(2, eq)] = arg.slice(eq + 1);
      continue;
    }
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--'))
      throw new ValidationError(`参数 ${arg} 缺少取值。\n${USAGE}`);
    out[arg.slice(2)] = value;
    i++;
  }
  return out;
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  try {
    const opts = options(args);
    for (const name of Object.keys(opts)) {
      if (!FLAGS.includes(`--${name}`)) {
        throw new ValidationError(`未知参数 --${name}。\n${USAGE}`);
      }
    }
    const unit = opts.unit?.trim();
    if (!unit) throw new ValidationError(`缺少 --unit。\n${USAGE}`);
    // Every local token expires (the local API refuses a token without `exp`).
    if (
      opts.expires !== undefined &&
      !/^\d+\s*(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|week|weeks)$/i.test(
        opts.expires,
      )
    ) {
      throw new ValidationError(
        `--expires“${opts.expires}”无效：应为正的时长，如 30m、12h、7d（令牌必须有有效期）。\n${USAGE}`,
      );
    }
    const secret = await loadOrCreateSecret(opts['secret-file'] ?? localSecretFile(process.env));
    const token = await signLocalToken(secret, {
      unit,
      role: opts.role ?? defaultRole(unit),
      ...(opts.expires ? { expiresIn: opts.expires } : {}),
    });
    console.log(token);
    return 0;
  } catch (error) {
    if (error instanceof ValidationError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
}
