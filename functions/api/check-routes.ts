/**
 * The console's check before uploading: the upload judged by the worker (as an impact run is)
 * with the ingest's one judgement, shown with its change list, then imported with one button.
 *
 * - `POST /checks/uploads` `{fileName, size}` → 201 `{url, key, headers, expiresAt}`: a presigned
 *   PUT to `checks/<caller's unit>/<stamp>-<8 hex>/<fileName>`, with the limits and signed
 *   headers of `POST /uploads` (the ingest never imports `checks/`);
 * - `POST /checks` `{key, mapping?}` → 202 `{id}` (a key outside the caller's `checks/<unit>/`:
 *   404); `mapping`: column mappings `[{kind, header, column}]` to read with besides the unit's
 *   saved ones (given win), stored on the check;
 * - `GET /checks/{id}` → `{status, verdict, findings, changes, mapping, unknownHeaders}`:
 *   `mapping` the mappings read with, `unknownHeaders` every header still unknown with the
 *   template columns nearest first (`[{sheet, kind, header, label, nearest, choices}]`);
 * - `POST /checks/{id}/import` → 201 `{key}`: copies exactly that object to
 *   `uploads/<unit>/<stamp>-<8 hex>/<fileName>` with the uploader metadata `POST /uploads` signs
 *   (and the check's id when it was given mappings: the import reads with them too).
 *
 * A check is one JSON object beside its file (`checks/<unit>/<folder>/<hex>.check.json`,
 * functions/ingest/check-job.ts): the bucket's lifecycle rule expires both after a day (locally:
 * the sweep). Another unit's check answers 404.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { PutPresigner } from '#adapters/s3-presign';
import { NotFoundError } from '#domain/errors';
import type { Clock, ObjectStore } from '#domain/ports';
import { type ColumnMapping, checkMapping, MAPPINGS_MAX } from '#domain/registers/mapping';
import { unitName } from '#domain/units';
import { CHECK_ID_METADATA, UPLOADER_METADATA } from '#domain/uploader';
import {
  CHECKS_PREFIX,
  type CheckJob,
  checkObjectKey,
  readCheck,
  writeCheck,
} from '#functions/ingest/check-job';
import { callerOf } from './auth.ts';
import { beijingStamp, checkUpload, UPLOAD_URL_SECONDS } from './console-routes.ts';
import { InputError, UnavailableError } from './problem.ts';
import { json } from './respond.ts';
import type { RouteHandler } from './routes.ts';

/** A check no worker finished within this time is answered as failed. */
export const CHECK_GIVE_UP_MS = 60 * 60_000;

/**
 * The column mappings a check is given (`mapping`: a list of `{kind, header, column}`; absent,
 * null, `{}` or `[]`: none).
 *
 * @throws InputError (400) naming what is wrong with the first bad one
 */
export function givenMappings(value: unknown): ColumnMapping[] {
  if (value == null) return [];
  if (!Array.isArray(value)) {
    if (typeof value === 'object' && Object.keys(value).length === 0) return [];
    throw new InputError(
      '列名对照应为一组对照，每条写明表类型、文件中的列名和对应的模板列名（如 企业地址（街道） → 所在街道）。',
      'VALIDATION',
    );
  }
  if (value.length > MAPPINGS_MAX)
    throw new InputError(
      `一次检查最多给出 ${MAPPINGS_MAX} 条列名对照（给出了 ${value.length} 条）。`,
      'VALIDATION',
    );
  return value.map((item, i) => {
    const checked = checkMapping(item);
    if (!checked.ok) throw new InputError(`第 ${i + 1} 条列名对照：${checked.message}`, 'VALIDATION');
    return { ...checked.mapping, source: 'given' as const };
  });
}

/** What the check routes need; without it they answer 503. */
export interface CheckDeps {
  bucket: string;
  objects: ObjectStore;
  presign: PutPresigner;
  /** Starts the check's run after the 202 (AWS: the worker function; locally in-process). */
  queue?: (id: string) => Promise<void>;
}

const KEY = /^checks\/([a-z]+)\/(\d{14})-([0-9a-f]{8})\/([^/]+)$/u;

const notFoundCheck = (id: string) =>
  new NotFoundError(`没有找到编号为“${id.slice(0, 80)}”的检查：检查结果保留 1 天；请重新上传文件检查。`);

/**
 * The JSON object of a request body (a string, base64 or parsed); {} when empty.
 *
 * @throws InputError (400) when it is not a JSON object
 */
export function bodyOf(event: APIGatewayProxyEventV2): Record<string, unknown> {
  let raw = event.body as unknown;
  if (raw == null || raw === '') return {};
  if (typeof raw === 'string' && event.isBase64Encoded) raw = Buffer.from(raw, 'base64').toString('utf8');
  if (typeof raw === 'object') return raw as Record<string, unknown>;
  try {
    const value = JSON.parse(String(raw));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new InputError('请求体应为 JSON 对象。', 'VALIDATION');
}

/** Builds the check routes. */
export function createCheckRoutes(deps: { clock: Clock; checks?: CheckDeps }) {
  const need = (): CheckDeps => {
    if (!deps.checks) throw new UnavailableError('本部署未配置上传前检查：请稍后重试或联系运维人员。');
    return deps.checks;
  };
  const folder = () => `${beijingStamp(deps.clock.now())}-${randomBytes(4).toString('hex')}`;

  /** POST /checks/uploads */
  const upload: RouteHandler = async (event) => {
    const caller = callerOf(event);
    const body = bodyOf(event);
    const { fileName, contentType } = checkUpload(body.fileName, body.size);
    const checks = need();
    const now = deps.clock.now();
    const key = `${CHECKS_PREFIX}${caller.unit}/${folder()}/${fileName}`;
    const signed = await checks.presign({
      bucket: checks.bucket,
      key,
      contentType,
      size: body.size as number,
      unit: caller.unit,
      expiresIn: UPLOAD_URL_SECONDS,
    });
    const expiresAt = new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString();
    return json({ url: signed.url, key, headers: signed.headers, expiresAt }, 201);
  };

  /** POST /checks {key} */
  const start: RouteHandler = async (event) => {
    const caller = callerOf(event);
    const body = bodyOf(event);
    const unknown = Object.keys(body).filter((k) => k !== 'key' && k !== 'mapping');
    if (unknown.length > 0)
      throw new InputError(
        `请求体含未知字段 ${unknown.join('、')}：应为 {"key": "checks/…"}。`,
        'VALIDATION',
      );
    const given = givenMappings(body.mapping);
    const key = typeof body.key === 'string' ? body.key : '';
    const m = KEY.exec(key);
    if (!m || m[1] !== caller.unit)
      throw new NotFoundError(`没有找到要检查的文件：请在“上传前检查”中重新选择文件。`);
    const checks = need();
    if (!(await checks.objects.head(checks.bucket, key)))
      throw new NotFoundError('没有找到要检查的文件：上传尚未完成或已过期（保留 1 天），请重新上传。');
    if (!checks.queue) throw new UnavailableError('上传前检查暂时无法启动：请稍后重试。');
    const id = `c-${caller.unit}-${m[2]}-${m[3]}-${randomBytes(4).toString('hex')}`;
    const job: CheckJob = {
      id,
      unit: caller.unit,
      key,
      status: 'running',
      requestedAt: deps.clock.now().toISOString(),
      finishedAt: null,
      error: null,
      verdict: null,
      findings: [],
      changes: null,
      given,
      mapping: given,
      unknownHeaders: [],
    };
    await writeCheck(checks.objects, checks.bucket, job);
    try {
      await checks.queue(id);
    } catch (error) {
      await writeCheck(checks.objects, checks.bucket, {
        ...job,
        status: 'failed',
        finishedAt: deps.clock.now().toISOString(),
        error: '未能启动检查',
      });
      throw new UnavailableError('上传前检查暂时无法启动：请稍后重试。', { cause: error });
    }
    return json({ id, status: job.status }, 202);
  };

  const visibleCheck = async (event: APIGatewayProxyEventV2): Promise<CheckJob> => {
    const caller = callerOf(event);
    const id = decodeURIComponent(event.pathParameters?.id ?? '');
    const at = checkObjectKey(id);
    if (!at || at.unit !== caller.unit) throw notFoundCheck(id);
    const checks = need();
    const job = await readCheck(checks.objects, checks.bucket, id);
    if (!job) throw notFoundCheck(id);
    return job;
  };

  /** GET /checks/{id} */
  const get: RouteHandler = async (event) => {
    const job: CheckJob = { mapping: [], unknownHeaders: [], ...(await visibleCheck(event)) };
    const age = deps.clock.now().getTime() - Date.parse(job.requestedAt);
    if (job.status === 'running' && age > CHECK_GIVE_UP_MS)
      return json({
        ...job,
        status: 'failed',
        error: `检查在 ${CHECK_GIVE_UP_MS / 60_000} 分钟内未完成：请重新检查；如仍失败，请联系管理员（检查编号 ${job.id}）。`,
      });
    return json(job);
  };

  /** POST /checks/{id}/import */
  const importChecked: RouteHandler = async (event) => {
    const job = await visibleCheck(event);
    const checks = need();
    if (job.importedKey) return json({ key: job.importedKey }, 201);
    if (job.status !== 'done') throw new InputError('检查尚未完成：请等检查结果出来后再导入。', 'VALIDATION');
    if (job.verdict === 'refused')
      throw new InputError('检查发现错误，这个文件不能导入：请按检查结果改正后重新上传检查。', 'VALIDATION');
    const head = await checks.objects.head(checks.bucket, job.key);
    if (!head) throw notFoundCheck(job.id);
    const fileName = job.key.slice(job.key.lastIndexOf('/') + 1);
    const key = `uploads/${job.unit}/${folder()}/${fileName}`;
    const { contentType } = checkUpload(fileName, head.size);
    await checks.objects.put(
      checks.bucket,
      key,
      await checks.objects.get(checks.bucket, job.key),
      contentType,
      // The mappings the check was given (not saved) apply to the import too: it reads them from the check.
      {
        [UPLOADER_METADATA]: job.unit,
        ...((job.given ?? []).length > 0 ? { [CHECK_ID_METADATA]: job.id } : {}),
      },
    );
    await writeCheck(checks.objects, checks.bucket, { ...job, importedKey: key });
    return json({ key, unit: job.unit, unitName: unitName(job.unit) }, 201);
  };

  return { checkUpload: upload, startCheck: start, getCheck: get, importCheck: importChecked };
}
