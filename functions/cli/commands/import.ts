/**
 * `lkg import <file> [--endpoint URL] [--bucket NAME] [--prefix PATH] [--timeout SECONDS] [--json]`
 * (the README (“Try it”)): uploads the workbook under `uploads/<prefix>` (default `bureau/`, the
 * bureau's folder; local stack by default) with the prefix's unit recorded on the object (S3
 * metadata `uploader-unit`) and a random upload id (`upload-id`), waits for this upload's own
 * report (`reports/by-upload/<upload id>.report.json`; the key's `reports/<same path>.report.json`
 * is the latest upload's) and prints it — in Chinese for people, the import record as JSON with
 * `--json`. When another upload of the same key replaces the object meanwhile, it says so at
 * once (and still reports this upload's own import). The key is checked before any
 * call (`objectKeyProblem`: a `..` prefix or a too-long name is refused, exit 1).
 *
 * Exit codes: 0 applied or unchanged; 2 rejected (the workbook has errors); 1 failed (or no
 * report in time).
 *
 * @module
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { S3Objects, s3Client } from '#adapters/s3-objects';
import { objectKeyProblem } from '#domain/object-keys';
import type { ImportRecord } from '#domain/ports';
import { isUnitId } from '#domain/units';
import { UPLOAD_ID_METADATA, UPLOADER_METADATA } from '#domain/uploader';
import { reportKeys, uploadReportKey } from '#functions/ingest/uploads';

const DEFAULT_ENDPOINT = 'http://127.0.0.1:4568';
const DEFAULT_BUCKET = 'lkg-territory';

/** The flags `lkg import` takes: the parser reads this table and {@link USAGE} is written from it. */
const FLAGS = [
  { flag: '--endpoint', value: 'URL', help: 'S3 地址（默认：运行中的本地环境，或 http://127.0.0.1:4568）' },
  { flag: '--bucket', value: '桶名', help: '上传到的桶（默认 LKG_BUCKET_NAME，或 lkg-territory）' },
  { flag: '--prefix', value: '单位编号/', help: '上传到 uploads/<单位编号>/（默认 bureau/，区商务局）' },
  { flag: '--timeout', value: '秒', help: '等待导入结果的最长时间（默认 120）' },
  { flag: '--json', value: null, help: '输出导入记录（JSON）' },
] as const;
type Flag = (typeof FLAGS)[number]['flag'];

export const USAGE = [
  `用法：lkg import <文件> ${FLAGS.map((f) => `[${f.flag}${f.value ? ` ${f.value}` : ''}]`).join(' ')}`,
  ...FLAGS.map((f) => `  ${`${f.flag}${f.value ? ` ${f.value}` : ''}`.padEnd(22)}${f.help}`),
].join('\n');

const STATUS_TEXT: Record<string, string> = {
  applied: '已导入',
  unchanged: '已导入（内容与已存数据相同，未写入任何数据）',
  rejected: '未导入：工作簿有错误，整个工作簿未应用',
  applying: '导入未完成（系统将重试）',
  failed: '导入失败',
  received: '已接收',
};

interface Args {
  file: string;
  endpoint: string | null;
  bucket: string;
  prefix: string;
  timeoutMs: number;
  json: boolean;
}

function parseArgs(args: string[]): Args | string {
  let file: string | null = null;
  let endpoint: string | null = null;
  let bucket = process.env.LKG_BUCKET_NAME ?? DEFAULT_BUCKET;
  let prefix = 'bureau/';
  let timeoutMs = 120_000;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const known = FLAGS.find((f) => f.flag === a);
    if (!known) {
      if (a.startsWith('--')) return `未知参数「${a}」。\n${USAGE}`;
      if (file !== null) return `只能导入一个文件，多出了「${a}」。\n${USAGE}`;
      file = a;
      continue;
    }
    let v: string | null = null;
    if (known.value) {
      v = args[++i] ?? null;
      if (v === null || v.startsWith('--')) return `参数「${a}」缺少取值（${known.value}）。\n${USAGE}`;
    }
    const set: Record<Flag, () => void> = {
      '--json': () => {
        json = true;
      },
      '--endpoint': () => {
        endpoint = v;
      },
      '--bucket': () => {
        bucket = v ?? bucket;
      },
      '--prefix': () => {
        prefix = v ?? prefix;
      },
      '--timeout': () => {
        timeoutMs = Number(v) * 1000;
      },
    };
    set[known.flag]();
  }
  if (!file) return `缺少要导入的文件。\n${USAGE}`;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) return `--timeout 应为正数秒。\n${USAGE}`;
  if (prefix && !prefix.endsWith('/')) prefix += '/';
  return { file, endpoint, bucket, prefix, timeoutMs, json };
}

/**
 * The report of this upload, else null: the one written under its upload id; an ingest that
 * writes none (an older deployment) is answered from the key's report when that names no
 * other upload, has the same bytes and is not from before the upload (clock skew allowed).
 */
async function ownReport(
  objects: S3Objects,
  bucket: string,
  uploadId: string,
  reportKey: string,
  hash: string,
  started: number,
): Promise<ImportRecord | null> {
  const read = async (key: string): Promise<ImportRecord | null> => {
    try {
      return (await objects.head(bucket, key))
        ? (JSON.parse(new TextDecoder().decode(await objects.get(bucket, key))) as ImportRecord)
        : null;
    } catch (error) {
      // Two imports of one key rewrite the same report: a read racing a rewrite is cut off
      // (`aborted`, NoSuchKey between HEAD and GET, half a JSON). Not there yet: read it next time.
      if (isTransientRead(error)) return null;
      throw error;
    }
  };
  const own = await read(uploadReportKey(uploadId));
  if (own) return own;
  const latest = await read(reportKey);
  if (!latest || (latest.uploadId != null && latest.uploadId !== uploadId)) return null;
  // (A refused upload — E_UPLOAD_FOLDER, E_OBJECT_KEY — is never read: no hash.)
  const sameBytes =
    latest.contentHash === hash || (latest.contentHash === null && latest.status === 'rejected');
  return sameBytes && Date.parse(latest.eventTime) >= started - 5_000 ? latest : null;
}

/** A read of a report cut off by the report's rewrite (read it again on the next poll). */
export function isTransientRead(error: unknown): boolean {
  if (error instanceof SyntaxError) return true;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : '';
  return (
    name === 'NoSuchKey' ||
    name === 'NotFound' ||
    /aborted|ECONNRESET|socket hang up|premature close/i.test(message)
  );
}

/** A person's view of an import record. */
export function describeImport(record: ImportRecord): string {
  const lines = [
    `文件：${record.objectKey}`,
    `结果：${STATUS_TEXT[record.status] ?? record.status}`,
    `导入编号：${record.id}`,
  ];
  if (record.registerMonth) lines.push(`报送月份：${record.registerMonth}`);
  const c = record.counts;
  lines.push(
    `无错误的行：台账 ${c.registerRows} 行，指标 ${c.indicatorRows} 行，目标 ${c.targetRows} 行，联系人 ${c.contactRows} 行`,
    `审核：错误 ${c.errors} 条，提示 ${c.warnings} 条；写入数据 ${c.itemsWritten} 项`,
  );
  if (record.error) lines.push(`原因：${record.error}`);
  const shown = record.findings.slice(0, 50);
  if (shown.length > 0) {
    lines.push('', '审核结果：');
    for (const f of shown) {
      const place = [f.sheet, f.row != null ? `第${f.row}行` : null, f.column].filter(Boolean).join(' ');
      lines.push(`  [${f.severity === 'error' ? '错误' : '提示'}] ${place ? `${place}：` : ''}${f.message}`);
    }
    if (record.findings.length > shown.length) {
      lines.push(`  ……另有 ${record.findings.length - shown.length} 条，见报告工作簿。`);
    }
  }
  return lines.join('\n');
}

function exitCodeOf(status: string): number {
  if (status === 'applied' || status === 'unchanged') return 0;
  if (status === 'rejected') return 2;
  return 1;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    console.error(parsed);
    return 1;
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(parsed.file);
  } catch {
    console.error(`无法读取文件「${parsed.file}」：请检查路径是否正确。`);
    return 1;
  }
  const endpoint = parsed.endpoint ?? process.env.AWS_ENDPOINT_URL_S3 ?? DEFAULT_ENDPOINT;
  // The local stack accepts s3rver's default credentials; elsewhere the SDK's own chain applies.
  const local = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/.test(endpoint);
  const client = s3Client(process.env, {
    endpoint,
    ...(local && !process.env.AWS_ACCESS_KEY_ID
      ? { credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }
      : {}),
  });
  const objects = new S3Objects(client);
  const name = basename(parsed.file);
  const key = `uploads/${parsed.prefix}${name}`;
  const problem = objectKeyProblem(key);
  if (problem) {
    console.error(`不能上传为「${key.slice(0, 200)}」：${problem}`);
    return 1;
  }
  const unit = parsed.prefix.split('/')[0] ?? '';
  const reportKey = reportKeys(key).json;
  const hash = createHash('sha256').update(bytes).digest('hex');
  const uploadId = randomUUID();
  const started = Date.now();
  try {
    await objects.put(parsed.bucket, key, bytes, 'application/octet-stream', {
      ...(isUnitId(unit) ? { [UPLOADER_METADATA]: unit } : {}),
      [UPLOAD_ID_METADATA]: uploadId,
    });
  } catch (error) {
    console.error(
      `上传失败（${endpoint}，桶 ${parsed.bucket}）：${error instanceof Error ? error.message : String(error)}。本地环境是否已用 npm start 启动？`,
    );
    client.destroy();
    return 1;
  }
  if (!parsed.json) console.log(`已上传 ${key}，等待导入结果…`);
  let overwritten = false;
  // Another upload of the same key replaced the object: said at once (and at the latest with the
  // result), and the wait goes on for this upload's own report (each upload's import is reported
  // under its id).
  const noteOverwrite = async () => {
    if (overwritten) return;
    const head = await objects.head(parsed.bucket, key);
    if (!head || head.metadata[UPLOAD_ID_METADATA] === uploadId) return;
    overwritten = true;
    console.error(
      `注意：${key} 在上传后已被另一次上传覆盖（同名文件的更新版本）；仍等待本次上传自己的导入结果，最新版本的结果见 ${reportKey}。`,
    );
  };
  try {
    while (Date.now() - started < parsed.timeoutMs) {
      const record = await ownReport(objects, parsed.bucket, uploadId, reportKey, hash, started);
      if (record && record.status !== 'received') {
        await noteOverwrite();
        if (overwritten && record.contentHash !== null && record.contentHash !== hash && !parsed.json)
          console.log('（导入读取文件时它已被覆盖：以下是覆盖后的内容的导入结果。）');
        if (parsed.json) console.log(JSON.stringify(record, null, 2));
        else console.log(describeImport(record));
        return exitCodeOf(record.status);
      }
      await noteOverwrite();
      await new Promise((r) => setTimeout(r, 300));
    }
    console.error(
      `等待 ${Math.round(parsed.timeoutMs / 1000)} 秒仍未看到导入报告 ${uploadReportKey(uploadId)}：请查看本地环境窗口的输出。`,
    );
    return 1;
  } finally {
    client.destroy();
  }
}
