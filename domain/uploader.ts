/**
 * Who uploaded a file: the unit whose id is the first path segment after
 * `uploads/` (`bureau` for 区商务局). When the object carries a recorded identity (S3 user
 * metadata `x-amz-meta-uploader-unit`, set by presigned uploads and by `lkg import`), it must
 * name the same unit. Any other key — no unit folder, an unknown unit, a mismatch — is refused
 * with E_UPLOAD_FOLDER and nothing of the workbook is applied. Pure.
 *
 * @module
 */
import type { Finding } from './types.ts';
import { isUnitId, type UnitId, unitName } from './units.ts';

/** The S3 user-metadata name (without `x-amz-meta-`) that records who uploaded an object. */
export const UPLOADER_METADATA = 'uploader-unit';
/**
 * The S3 user metadata naming one upload (`lkg import` sets a random id): the import of that
 * very upload records it, and its report is also written under `reports/by-upload/<id>.report.json`,
 * so the uploader finds its own import even when a later upload of the same key replaced the
 * object and its report.
 */
export const UPLOAD_ID_METADATA = 'upload-id';

/**
 * The S3 user metadata naming the console's check an upload was imported from (`POST
 * /checks/{id}/import`, when the check was given column mappings): the import reads the upload
 * with those mappings too, as the check did, and records them.
 */
export const CHECK_ID_METADATA = 'check-id';

/** True for an upload id as `lkg import` sets it (letters, digits, `-`, 8–64 characters). */
export function isUploadId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(value);
}

/** The folder every upload goes under. */
export const UPLOADS_FOLDER = 'uploads/';

/** The uploader, or the finding that refuses the upload. */
export type UploaderVerdict = { ok: true; unit: UnitId } | { ok: false; finding: Finding };

const WHERE =
  '请把文件上传到本单位的文件夹 uploads/<单位编号>/（区商务局为 uploads/bureau/，街道如 uploads/changqing/，产业办如 uploads/jidian/），不要放在其他单位的文件夹或 uploads/ 根目录下。';

function refuse(message: string, value: string | null): UploaderVerdict {
  return {
    ok: false,
    finding: {
      code: 'E_UPLOAD_FOLDER',
      severity: 'error',
      sheet: null,
      row: null,
      column: null,
      value,
      message,
    },
  };
}

/**
 * The unit that uploaded the object at `key`.
 *
 * @param recorded the identity recorded on the object (S3 metadata `uploader-unit`), or
 *   null/undefined when the object carries none (an upload by IAM principal: the bucket policy
 *   lets each principal write only its own folder, docs/deploy.md).
 */
export function uploaderOf(key: string, recorded?: string | null): UploaderVerdict {
  if (!key.startsWith(UPLOADS_FOLDER))
    return refuse(`文件不在 uploads/ 之下，无法确定上传单位。${WHERE}`, key);
  const rest = key.slice(UPLOADS_FOLDER.length);
  const slash = rest.indexOf('/');
  if (slash < 0) return refuse(`文件直接放在 uploads/ 下，没有单位文件夹。${WHERE}`, key);
  const folder = rest.slice(0, slash);
  if (!isUnitId(folder)) return refuse(`文件夹「${folder}」不是单位编号。${WHERE}`, folder);
  if (recorded != null && recorded.trim() !== folder) {
    const who = isUnitId(recorded.trim())
      ? `${unitName(recorded.trim() as UnitId)}（${recorded.trim()}）`
      : `「${recorded}」`;
    return refuse(
      `上传凭证记录的上传单位是${who}，但文件放在${unitName(folder)}的文件夹 uploads/${folder}/ 下，二者不一致，未导入。${WHERE}`,
      recorded,
    );
  }
  return { ok: true, unit: folder };
}
