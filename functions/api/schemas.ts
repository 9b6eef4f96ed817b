/**
 * Request validation (zod/mini keeps the bundle small). Every message is Chinese and says what
 * would be right.
 *
 * @module
 */
import * as z from 'zod/mini';
import { compareMonths, isMonth, LAST_MONTH } from '#domain/months';
import type { Month } from '#domain/types';
import { InputError } from './problem.ts';

/** The last month the API answers for (the first is the policy's: earlier months are POLICY_NOT_IN_FORCE). */
export { LAST_MONTH };

/** `YYYY-MM`, up to {@link LAST_MONTH}. */
export const monthSchema = z
  .custom<Month>((v) => typeof v === 'string' && isMonth(v), {
    error: (i) => `月份“${String(i.input)}”格式不正确：应为 YYYY-MM，例如 2026-10。`,
  })
  .check(
    z.refine((m) => compareMonths(m, LAST_MONTH) <= 0, {
      error: (i) => `月份“${String(i.input)}”超出范围：应在 2020-04 至 ${LAST_MONTH} 之间。`,
    }),
  );

/** `limit`: 1–100 (pages hold at most 100). */
export const limitSchema = z.optional(
  z
    .pipe(
      z.string().check(z.regex(/^\d{1,3}$/, { error: '每页条数应为 1 到 100 之间的整数。' })),
      z.transform((s) => Number(s)),
    )
    .check(z.refine((n) => n >= 1 && n <= 100, { error: '每页条数应为 1 到 100 之间的整数。' })),
);

export const ROLES = ['service', 'indicators', 'cooperating', 'safety'] as const;

export const unitEnterprisesQuery = z.object({
  role: z.optional(
    z.enum(ROLES, {
      error: (i) =>
        `角色“${String(i.input)}”无效：应为服务单位、经济指标承担单位、配合单位或安全生产责任单位之一。`,
    }),
  ),
  month: z.optional(monthSchema),
  cursor: z.optional(z.string()),
  limit: limitSchema,
});

export const enterpriseQuery = z.object({ month: z.optional(monthSchema) });

export const searchQuery = z.object({
  q: z
    .pipe(
      z.string({
        error: '缺少查询词：请提供企业名称中的连续两个或以上的字，或统一社会信用代码/项目编号。',
      }),
      z.transform((s) => s.trim()),
    )
    .check(
      z.refine((s) => [...s].length >= 2, {
        error:
          '查询词 q 至少需要 2 个字：请提供企业名称中的连续两个或以上的字，或统一社会信用代码/项目编号。',
      }),
      z.refine((s) => [...s].length <= 100, { error: '查询词过长：最多 100 个字。' }),
    ),
  cursor: z.optional(z.string()),
  limit: limitSchema,
});

export const pageQuery = z.object({ cursor: z.optional(z.string()), limit: limitSchema });

export const publishQuery = z.object({
  force: z.optional(z.enum(['true', 'false', '1', '0', ''], { error: '是否重新发送应为 true 或 false。' })),
});

/** Up to 1,000 records a request. */
export const MAX_RECORDS = 1000;

export const assessBody = z.object({
  month: z.optional(monthSchema),
  record: z.optional(
    z.record(z.string(), z.unknown(), {
      error: 'record 应为一个对象：键为 registers.md 的字段名（如 name、stage、street）。',
    }),
  ),
  records: z.optional(
    z
      .array(z.record(z.string(), z.unknown()), {
        error: 'records 应为对象数组：每个对象的键为 registers.md 的字段名。',
      })
      .check(
        z.minLength(1, { error: 'records 不能为空：至少提供 1 条记录。' }),
        z.maxLength(MAX_RECORDS, { error: `records 最多 ${MAX_RECORDS} 条：请分批提交。` }),
      ),
  ),
});

/**
 * Parses a value with a schema.
 *
 * @throws InputError (400) listing every problem, in Chinese.
 */
/** The people's words for the query parameters a message may name. */
const PARAMETER_LABELS: Readonly<Record<string, string>> = {
  q: '查询词',
  role: '角色',
  month: '月份',
  limit: '每页条数',
  cursor: '翻页位置',
  force: '是否重新发送',
  dryRun: '是否预览',
};

export function parse<T extends z.ZodMiniType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value ?? {}, { error: fallbackMessage });
  if (result.success) return result.data;
  const messages = result.error.issues.map((issue) => {
    // a query parameter is named as people say it (the API's docs name the parameter itself)
    const path = issue.path.map(String);
    const label = path.length === 1 ? PARAMETER_LABELS[path[0] as string] : undefined;
    const where = label ? `${label}：` : path.length ? `${path.join('.')}：` : '';
    return `${where}${issue.message}`;
  });
  throw new InputError(`${what}无效：${messages.join('；')}`, 'INVALID_REQUEST', {
    errors: result.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })),
  });
}

const TYPE_NAMES: Record<string, string> = {
  string: '文本',
  number: '数字',
  object: '对象',
  array: '数组',
  boolean: '布尔值',
};

/** Chinese messages for the issues a schema gives no message of its own. */
function fallbackMessage(issue: { code?: string; expected?: unknown }): string {
  if (issue.code === 'invalid_type') {
    const expected = String(issue.expected ?? '');
    return `类型不正确：应为${TYPE_NAMES[expected] ?? expected}。`;
  }
  return '取值不正确：请对照 docs/api.md 的说明填写。';
}
