/**
 * The routes the web console needs, beside the API's other routes:
 *
 * - `POST /uploads` `{fileName, size}` → `{url, key, headers, expiresAt}`: a presigned PUT
 *   under `uploads/<caller's unit>/<yyyyMMddHHmmss>-<random>/<fileName>` (Beijing time), its
 *   content type, exact length (≤ 20 MiB) and the uploader's unit signed;
 * - `GET /imports?key=`: the imports of one upload (the console waits for its import);
 * - `GET /imports/{id}/report`: the report workbook of an import;
 * - `GET /template`: the blank template workbook;
 * - `POST /summaries/{month}/publish?dryRun=true`: who would get what (nothing sent).
 *
 * Another unit's upload, import or report answers 404, as everywhere in the API.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { PutPresigner } from '#adapters/s3-presign';
import { reportWorkbook, templateWorkbook } from '#adapters/workbook-writer';
import { NotFoundError } from '#domain/errors';
import { newestPolicy, POLICIES, policyFor } from '#domain/policy/index';
import type { Clock, ImportRecord, Store } from '#domain/ports';
import type { Month } from '#domain/types';
import type { PublishPlan } from '#functions/publish/plan';
import { callerOf } from './auth.ts';
import type { CheckDeps } from './check-routes.ts';
import { InputError, UnavailableError } from './problem.ts';
import { binary, json, XLSX_TYPE } from './respond.ts';
import { importIdParam, type RouteHandler } from './routes.ts';
import { enterpriseQuery, parse } from './schemas.ts';

/** The largest upload (the import front's limit per file, docs/files.md). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** How long a presigned upload URL stays valid (seconds). */
export const UPLOAD_URL_SECONDS = 300;

/** Content types by file extension (what the browser must send, signed). */
const CONTENT_TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  csv: 'text/csv',
};

/** The template's download name. */
const TEMPLATE_FILE = '台账填报模板.xlsx';

/** What the console routes need besides the store. */
export interface ConsoleDeps {
  /** Presigned uploads into the data bucket; without them `POST /uploads` answers 503. */
  uploads?: { bucket: string; presign: PutPresigner };
  /** The console's check before uploading (functions/api/check-routes.ts); without it 503. */
  checks?: CheckDeps;
  /** The publish dry run; without it the dry run answers 503. */
  publishPlan?: (month: Month, force: boolean) => Promise<PublishPlan>;
}

/** `yyyyMMddHHmmss` of an instant in Beijing time (UTC+8, no daylight saving). */
export function beijingStamp(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace(/\D/g, '');
}

/**
 * Checks an upload's file name and size; returns the content type to sign.
 *
 * @throws InputError (400, Chinese) saying what would be right.
 */
export function checkUpload(fileName: unknown, size: unknown): { fileName: string; contentType: string } {
  if (typeof fileName !== 'string' || fileName.trim() === '') {
    throw new InputError(
      '请求体应为 {"fileName": "台账.xlsx", "size": 字节数}：缺少文件名 fileName。',
      'VALIDATION',
    );
  }
  const name = fileName.trim().normalize('NFC');
  if (/[/\\]/.test(name) || hasControlCharacter(name) || name === '.' || name === '..') {
    throw new InputError(
      `文件名“${name.slice(0, 60)}”含有斜杠或控制字符：请改用不含 / \\ 的文件名。`,
      'VALIDATION',
    );
  }
  if (Buffer.byteLength(name) > 200) {
    throw new InputError('文件名过长（超过 200 字节，约 66 个汉字）：请缩短文件名后再上传。', 'VALIDATION');
  }
  const extension = /\.([A-Za-z]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  const contentType = CONTENT_TYPES[extension];
  if (!contentType) {
    throw new InputError(
      `文件“${name}”不是可导入的表格：请上传 .xlsx、.xls、.ods 或 .csv 文件（WPS 表格请另存为 .xlsx）。`,
      'VALIDATION',
    );
  }
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) {
    throw new InputError('文件大小 size 应为大于 0 的整数（字节数）。', 'VALIDATION');
  }
  if (size > MAX_UPLOAD_BYTES) {
    throw new InputError(
      `文件“${name}”有 ${(size / 1024 / 1024).toFixed(1)} MB，超过每个文件 20 MB 的上限：请删去多余的工作表或拆分成几个文件后再上传。`,
      'VALIDATION',
    );
  }
  return { fileName: name, contentType };
}

function hasControlCharacter(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function notFoundImport(id: string): NotFoundError {
  return new NotFoundError(`没有找到编号为“${id}”的导入记录：请在“导入记录”中查看本单位可见的导入记录。`);
}

/** Names no key: the caller asked about another unit's folder. */
function notFoundUpload(): NotFoundError {
  return new NotFoundError('没有找到这个上传：本单位只能查看 uploads/<本单位编号>/ 下的上传。');
}

function bodyOf(event: APIGatewayProxyEventV2): Record<string, unknown> {
  const raw = event.body;
  if (raw && typeof raw === 'object') return raw as Record<string, unknown>;
  if (typeof raw !== 'string' || raw === '') return {};
  try {
    const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    throw new InputError(
      '请求体不是有效的 JSON：应为 {"fileName": "台账.xlsx", "size": 字节数}。',
      'INVALID_JSON',
    );
  }
}

/** The base name of an upload key without its extension (for the report's file name). */
function reportName(record: ImportRecord): string {
  const base = record.objectKey.split('/').at(-1) ?? 'import';
  return `${base.replace(/\.[^.]+$/, '')}-检查报告.xlsx`;
}

/**
 * Builds the console routes over the store and the console deps.
 */
export function createConsoleRoutes(deps: { store: Store; clock: Clock } & ConsoleDeps) {
  const { store } = deps;

  /** POST /uploads */
  const upload: RouteHandler = async (event) => {
    const caller = callerOf(event);
    const body = bodyOf(event);
    const { fileName, contentType } = checkUpload(body.fileName, body.size);
    if (!deps.uploads) throw new UnavailableError('本部署未配置网页上传：请稍后重试或联系运维人员。');
    const now = deps.clock.now();
    const key = `uploads/${caller.unit}/${beijingStamp(now)}-${randomBytes(4).toString('hex')}/${fileName}`;
    const signed = await deps.uploads.presign({
      bucket: deps.uploads.bucket,
      key,
      contentType,
      size: body.size as number,
      unit: caller.unit,
      expiresIn: UPLOAD_URL_SECONDS,
    });
    const expiresAt = new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString();
    return json({ url: signed.url, key, headers: signed.headers, expiresAt }, 201);
  };

  /** GET /imports?key= : the imports of one upload, newest first. */
  const importsOfUpload: RouteHandler = async (event) => {
    const caller = callerOf(event);
    const key = (event.queryStringParameters?.key ?? '').trim();
    if (!key.startsWith('uploads/') || key.length > 1024) {
      throw new InputError(
        '参数 key 应为上传的对象键，例如 uploads/changqing/20261015093000-1a2b3c4d/台账.xlsx。',
        'VALIDATION',
      );
    }
    if (caller.kind === 'unit' && !key.startsWith(`uploads/${caller.unit}/`)) throw notFoundUpload();
    const found = await store.importsOfObject(key);
    const items = found.map(({ findings, sheets, ...rest }) => ({ ...rest, findingCount: findings.length }));
    return json({ key, items, cursor: null });
  };

  /** GET /imports/{id}/report */
  const importReport: RouteHandler = async (event) => {
    const caller = callerOf(event);
    const id = importIdParam(event);
    const record = await store.getImport(id);
    if (!record) throw notFoundImport(id);
    if (caller.kind === 'unit' && !record.objectKey.startsWith(`uploads/${caller.unit}/`))
      throw notFoundImport(id);
    return binary(
      reportWorkbook({ findings: record.findings, sheets: record.sheets }),
      XLSX_TYPE,
      reportName(record),
    );
  };

  /** GET /template */
  const template: RouteHandler = async (event) => {
    callerOf(event);
    return binary(templateWorkbook(newestPolicy(POLICIES)), XLSX_TYPE, TEMPLATE_FILE);
  };

  /** POST /summaries/{month}/publish?dryRun=true */
  const publishDryRun: RouteHandler = async (event) => {
    const caller = callerOf(event);
    const month = parse(
      enterpriseQuery,
      { month: decodeURIComponent(event.pathParameters?.month ?? '') },
      '路径中的月份',
    ).month as Month;
    if (caller.kind !== 'bureau') throw new NotFoundError(`没有找到${month}的全区汇总。`);
    policyFor(month, POLICIES);
    if (!deps.publishPlan) throw new UnavailableError('本部署未配置月报发送：请稍后重试或联系运维人员。');
    const force = ['true', '1'].includes(event.queryStringParameters?.force ?? '');
    return json(await deps.publishPlan(month, force));
  };

  return { upload, importsOfUpload, importReport, template, publishDryRun };
}

/** True when a query parameter asks for a dry run (`dryRun=true` or `1`). */
export function isDryRun(event: APIGatewayProxyEventV2): boolean {
  return ['true', '1'].includes(event.queryStringParameters?.dryRun ?? '');
}

/** `GET /imports` with `key=` goes to the console's lookup, without it to the listing. */
export function withKeyLookup(byKey: RouteHandler, listing: RouteHandler): RouteHandler {
  return (event) => (event.queryStringParameters?.key !== undefined ? byKey(event) : listing(event));
}

/** `POST /summaries/{month}/publish` with `dryRun=true` plans, without it publishes. */
export function withDryRun(plan: RouteHandler, publish: RouteHandler): RouteHandler {
  return (event) => (isDryRun(event) ? plan(event) : publish(event));
}
