/**
 * Object keys and ids from outside (S3 keys, import ids, enterprise keys in a path): the
 * length and character checks made before any storage call, each failure a Chinese message
 * that says what would be right. Pure.
 *
 * Limits: S3 allows 1,024 bytes (UTF-8) per key; DynamoDB 2,048 bytes per partition key. A
 * path segment (a folder or file name) is kept to 200 bytes so that the local stack's s3rver,
 * which stores each object as a file named `<segment>._S3rver_metadata.json`, stays under the
 * 255-byte file-name limit of common file systems.
 *
 * @module
 */

/** The longest object key, in UTF-8 bytes (S3's limit). */
export const MAX_KEY_BYTES = 1024;
/** The longest folder or file name within a key, in UTF-8 bytes (≈ 66 Chinese characters). */
export const MAX_SEGMENT_BYTES = 200;

function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * What is wrong with an object key, in Chinese; null when it may be stored. Refused: empty, over
 * {@link MAX_KEY_BYTES} bytes, a leading `/`, an empty, `.` or `..` segment (a key never leaves
 * its folder), a segment over {@link MAX_SEGMENT_BYTES} bytes, control characters, `\`.
 */
export function objectKeyProblem(key: string): string | null {
  if (key === '') return '对象路径为空：应为 uploads/<单位编号>/<文件名>。';
  const bytes = utf8Bytes(key);
  if (bytes > MAX_KEY_BYTES) {
    return `对象路径过长（${bytes} 字节）：最多 ${MAX_KEY_BYTES} 字节，请缩短文件名或文件夹名。`;
  }
  if (CONTROL.test(key))
    return '对象路径含有控制字符（如换行、制表符）：请改用普通文字、数字和 -、_、. 等符号命名文件。';
  if (key.includes('\\')) return '对象路径含有反斜杠 \\：文件夹之间请用 / 分隔。';
  if (key.startsWith('/')) return '对象路径不能以 / 开头：应为 uploads/<单位编号>/<文件名>。';
  for (const segment of key.split('/').slice(0, key.endsWith('/') ? -1 : undefined)) {
    if (segment === '') return '对象路径中有空的文件夹名（连续的 //）：请去掉多余的 /。';
    if (segment === '.' || segment === '..') {
      return `对象路径中不能有「${segment}」这一级：上传只能放在 uploads/<单位编号>/ 之下，不能指向其他文件夹。`;
    }
    const n = utf8Bytes(segment);
    if (n > MAX_SEGMENT_BYTES) {
      return `文件名或文件夹名过长（${n} 字节）：每一级最多 ${MAX_SEGMENT_BYTES} 字节（约 66 个汉字），请改用较短的文件名。`;
    }
  }
  return null;
}

/**
 * An import id: 32 lowercase hex digits for an uploaded file (functions/ingest/import-upload.ts
 * `importIdOf`), or the id of a writer that is not a file and is listed among the imports — a
 * working group's decision recorded or ended (`decision-d-20261206-1a2b3c4d`,
 * `decision-end-…`: domain/decisions.ts `decisionWriterIds`) or a rebuild
 * (`rebuild-20261206120000123`).
 */
export function isImportId(value: string): boolean {
  return /^(?:[0-9a-f]{32}|decision-(?:end-)?d-\d{8}-[0-9a-f]{8}|rebuild-[0-9A-Za-z._-]{1,64})$/.test(value);
}

/** The longest record key (统一社会信用代码 or 项目编号) accepted in a request, in characters. */
export const MAX_RECORD_KEY_LENGTH = 64;

/**
 * What is wrong with a record key given in a request (a path parameter), in Chinese; null when
 * it may be looked up. Keys are USCCs (18 characters) or project codes: at most
 * {@link MAX_RECORD_KEY_LENGTH} characters, no control characters.
 */
export function recordKeyProblem(key: string): string | null {
  if ([...key].length > MAX_RECORD_KEY_LENGTH) {
    return `企业代码过长（${[...key].length} 个字符）：统一社会信用代码为 18 位，项目编号最多 ${MAX_RECORD_KEY_LENGTH} 个字符。`;
  }
  if (CONTROL.test(key)) return '企业代码含有控制字符：请填写统一社会信用代码（18 位）或项目编号。';
  return null;
}
