/**
 * What `lkg assess` says about the uploader: without `--unit`, one finding when the verdict
 * depends on who uploads (a register without 招商单位: an office's upload records the rows as
 * the office's, a street's is refused); with `--unit`, the one judgement the import makes
 * (functions/ingest/judge.ts) — against an empty store (offline), the stored state (`--store`)
 * or through the API's check routes (`--api`), so a clerk needs no database credentials.
 *
 * @module
 */

import { contextFromVersions, judgeUpload } from '#domain/authority/index';
import type { ChangeList } from '#domain/changes';
import { rulesOf } from '#domain/decisions';
import { POLICIES } from '#domain/policy/index';
import type { Finding, ParsedWorkbook } from '#domain/types';
import { hasErrors } from '#domain/types';
import { type UnitId, unitInfo, unitName } from '#domain/units';

/** The code of the finding that says the verdict depends on the uploader. */
export const UPLOADER_DEPENDS = 'W_UPLOADER_DEPENDS';

/** The most frequent value (ties: the first seen), else null. */
function mostFrequent<T>(values: readonly (T | null | undefined)[]): T | null {
  const counts = new Map<T, number>();
  for (const v of values) if (v != null) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | null = null;
  let n = 0;
  for (const [v, c] of counts)
    if (c > n) {
      best = v;
      n = c;
    }
  return best;
}

/** The street and the office a workbook's rows name most (else 长青街 and 机电产业办). */
export function representativeUploaders(parsed: ParsedWorkbook): UnitId[] {
  const street = mostFrequent(parsed.register.map((r) => r.record.street)) ?? 'changqing';
  const office =
    mostFrequent(
      parsed.register
        .map((r) => r.record.recruiter)
        .filter((u) => u != null && unitInfo(u as UnitId).kind === 'office'),
    ) ?? 'jidian';
  return ['bureau', street as UnitId, office as UnitId];
}

/** What one uploader's upload would be told (against an empty store: no stored records). */
function readingFor(uploader: UnitId, parsed: ParsedWorkbook): string {
  const verdict = judgeUpload(
    uploader,
    parsed,
    contextFromVersions(() => [], rulesOf(POLICIES)),
  );
  const errors = verdict.findings.filter((f) => f.severity === 'error');
  const assumed = verdict.findings.filter((f) => f.code === 'W_RECRUITER_ASSUMED');
  if (errors.length > 0) return `不能导入（${errors.length} 处不属于本单位可报送的内容）`;
  const rows = verdict.workbook.register.filter(
    (r, i) => r.record.recruiter !== parsed.register[i]?.record.recruiter,
  ).length;
  if (assumed.length > 0 && rows > 0)
    return `可以导入，没有招商单位的 ${rows} 个企业（项目）记为${unitName(uploader)}招商`;
  return '可以导入';
}

/**
 * One warning when the verdict depends on the uploader (judged as the bureau, the street and
 * the office the rows name most, against an empty store), else null. Nothing for a workbook
 * with errors of its own: those are the answer whoever uploads.
 */
export function uploaderDependsFinding(
  parsed: ParsedWorkbook,
  fileFindings: readonly Finding[],
): Finding | null {
  if (hasErrors([...fileFindings, ...parsed.findings])) return null;
  const rows =
    parsed.register.length + parsed.indicators.length + parsed.targets.length + parsed.contacts.length;
  if (rows === 0) return null;
  const readings = representativeUploaders(parsed).map((u) => ({ u, text: readingFor(u, parsed) }));
  if (new Set(readings.map((r) => r.text)).size === 1) return null;
  const example = readings.find((r) => r.u !== 'bureau')?.u ?? 'changqing';
  return {
    code: UPLOADER_DEPENDS,
    severity: 'warning',
    sheet: null,
    row: null,
    column: null,
    value: null,
    message: `结论取决于上传单位：${readings
      .map((r) => `${unitName(r.u)}上传：${r.text}`)
      .join(
        '；',
      )}。请用 --unit <单位编号> 按实际上传单位检查（例如 --unit ${example}），加 --store 或 --api 按已保存的数据检查。`,
  };
}

/** A check's answer, as `GET /checks/{id}` gives it and `lkg assess --unit` prints it. */
export interface CheckAnswer {
  verdict: 'importable' | 'unchanged' | 'refused';
  findings: Finding[];
  changes: ChangeList | null;
}

/** Options of `lkg assess --api`. */
export interface ApiOptions {
  api: string;
  token: string;
  fileName: string;
  bytes: Uint8Array;
  /** How long to wait for the check (ms). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * Runs the console's check through the API: `POST /checks/uploads`, the presigned PUT,
 * `POST /checks`, then `GET /checks/{id}` until done. The uploader is the token's unit.
 *
 * @throws Error with a Chinese message when the API refuses or the check does not finish
 */
export async function checkThroughApi(options: ApiOptions): Promise<CheckAnswer> {
  const f = options.fetch ?? fetch;
  const base = options.api.replace(/\/+$/u, '');
  const auth = { Authorization: `Bearer ${options.token}`, 'Content-Type': 'application/json' };
  const call = async (path: string, init: RequestInit): Promise<Record<string, unknown>> => {
    const res = await f(`${base}${path}`, init);
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok)
      throw new Error(
        `接口 ${path} 答复 ${res.status}：${String(body.detail ?? body.title ?? '未说明原因')}`,
      );
    return body;
  };
  const slot = await call('/checks/uploads', {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ fileName: options.fileName, size: options.bytes.byteLength }),
  });
  const put = await f(String(slot.url), {
    method: 'PUT',
    headers: slot.headers as Record<string, string>,
    body: options.bytes,
  });
  if (!put.ok) throw new Error(`上传文件失败（${put.status}）：请稍后重试。`);
  const started = await call('/checks', {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ key: slot.key }),
  });
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    const answer = await call(`/checks/${encodeURIComponent(String(started.id))}`, { headers: auth });
    if (answer.status === 'done') return answer as unknown as CheckAnswer;
    if (answer.status === 'failed') throw new Error(`检查未完成：${String(answer.error ?? '未说明原因')}`);
    if (Date.now() > deadline) throw new Error('检查在规定时间内未完成：请稍后用控制台查看，或重新检查。');
    await new Promise((r) => setTimeout(r, 300));
  }
}
