/**
 * The buckets: the data bucket (`uploads/` in, `reports/` out; docs/files.md) and the
 * bucket that receives its server access logs.
 *
 * The data bucket is versioned (an upload is never lost when a later one replaces it), encrypted
 * with S3-managed keys (SSE-S3), blocks every public access, refuses plain HTTP, and lets a
 * replaced or deleted version expire after `noncurrentVersionDays`.
 *
 * @module
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Where users put workbooks (any sub-path; `uploads/<unit id>/…` for a unit's own). */
export const UPLOADS_PREFIX = 'uploads/';
/** Where the ingest function writes `<same path>.report.json` and `.report.xlsx`. */
export const REPORTS_PREFIX = 'reports/';

/** Properties of {@link Storage}. */
export interface StorageProps {
  /** Days a noncurrent object version is kept. */
  noncurrentVersionDays: number;
}

/** The data bucket and its access-log bucket. */
export class Storage extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly logBucket: s3.Bucket;

  public constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    this.logBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, 'Data', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'data/',
      lifecycleRules: [
        {
          id: 'expire-old-versions',
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          expiredObjectDeleteMarker: true,
        },
        {
          // The console's checks before uploading (functions/api/check-routes.ts): the checked
          // file and its result are kept one day; the ingest never imports checks/.
          id: 'expire-checks',
          prefix: 'checks/',
          expiration: Duration.days(1),
          noncurrentVersionExpiration: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
