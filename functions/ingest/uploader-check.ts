/**
 * The first step of every import: the object key is checked, and the
 * uploader is the unit of the `uploads/<unit id>/` folder, which the identity recorded on the
 * object (S3 user metadata `uploader-unit`) must not contradict (domain/uploader.ts). A refused
 * upload is `rejected` with its finding and its report objects; nothing of it is read or applied.
 *
 * @module
 */
import { objectKeyProblem } from '#domain/object-keys';
import type { ImportRecord, ObjectStore } from '#domain/ports';
import type { Finding } from '#domain/types';
import {
  CHECK_ID_METADATA,
  isUploadId,
  UPLOAD_ID_METADATA,
  UPLOADER_METADATA,
  uploaderOf,
} from '#domain/uploader';

/** The upload as this check needs it. */
export interface UploadObject {
  bucket: string;
  key: string;
  versionId: string | null;
}

/** The finding that refuses the upload (E_OBJECT_KEY or E_UPLOAD_FOLDER), else null. */
export async function uploadRefusal(objects: ObjectStore, upload: UploadObject): Promise<Finding | null> {
  return (await inspectUpload(objects, upload)).refusal;
}

/**
 * The refusal (see {@link uploadRefusal}), the upload's id (S3 metadata `upload-id`, read at
 * the event's version; null when absent or malformed) and the check it was imported from (S3
 * metadata `check-id`, else null), from one HEAD of the object.
 */
export async function inspectUpload(
  objects: ObjectStore,
  upload: UploadObject,
): Promise<{ refusal: Finding | null; uploadId: string | null; checkId?: string | null }> {
  const problem = objectKeyProblem(upload.key);
  if (problem) {
    const refusal: Finding = {
      code: 'E_OBJECT_KEY',
      severity: 'error',
      sheet: null,
      row: null,
      column: null,
      value: null,
      message: `${problem}文件未导入。`,
    };
    return { refusal, uploadId: null };
  }
  const head = await objects.head(upload.bucket, upload.key, upload.versionId);
  const verdict = uploaderOf(upload.key, head?.metadata[UPLOADER_METADATA] ?? null);
  const uploadId = head?.metadata[UPLOAD_ID_METADATA];
  return {
    refusal: verdict.ok ? null : verdict.finding,
    uploadId: isUploadId(uploadId) ? uploadId : null,
    checkId: head?.metadata[CHECK_ID_METADATA] ?? null,
  };
}

/** The import record of a refused upload: `rejected`, the one finding, nothing applied. */
export function refusedRecord(record: ImportRecord, finding: Finding, now: Date): ImportRecord {
  return {
    ...record,
    status: 'rejected',
    findings: [finding],
    counts: { ...record.counts, errors: 1, warnings: 0, itemsWritten: 0 },
    sheets: [],
    finishedAt: now.toISOString(),
    error: null,
  };
}
