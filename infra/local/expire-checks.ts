/**
 * The local sweep's stand-in for the bucket's `expire-checks` lifecycle rule (infra/constructs/
 * storage.ts): objects under `checks/` (the console's checked files and their results) older
 * than a day are deleted.
 *
 * @module
 */
import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { CHECK_TTL_DAYS, CHECKS_PREFIX } from '#functions/ingest/check-job';

/** Deletes the `checks/` objects last modified more than a day before `now`; resolves to how many. */
export async function expireChecks(s3: S3Client, bucket: string, now: Date): Promise<number> {
  const cutoff = now.getTime() - CHECK_TTL_DAYS * 86_400_000;
  let token: string | undefined;
  let deleted = 0;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: CHECKS_PREFIX, ContinuationToken: token }),
    );
    const old = (page.Contents ?? []).filter(
      (o) => o.Key && o.LastModified && o.LastModified.getTime() < cutoff,
    );
    if (old.length > 0) {
      await s3.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: old.map((o) => ({ Key: o.Key as string })) },
        }),
      );
      deleted += old.length;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return deleted;
}
