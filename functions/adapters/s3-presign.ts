/**
 * Presigned S3 PUTs for the console's uploads: the URL signs the object's
 * content type, its exact length and the uploader's unit (user metadata
 * `x-amz-meta-uploader-unit`, which the ingest compares with the upload's folder). A browser
 * sends `content-length` itself (the file's size), so a file of another size is refused by S3.
 *
 * @module
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/** The user-metadata name that records who uploaded (S3 sends it as `x-amz-meta-uploader-unit`). */
export const UPLOADER_METADATA = 'uploader-unit';

/** The header a presigned PUT must carry with the uploader's unit. */
export const UPLOADER_HEADER = `x-amz-meta-${UPLOADER_METADATA}`;

/** What a presigned PUT needs. */
export interface PresignRequest {
  bucket: string;
  key: string;
  contentType: string;
  /** Bytes; signed as `content-length`. */
  size: number;
  /** The uploader's unit id (recorded as user metadata). */
  unit: string;
  /** Seconds the URL stays valid. */
  expiresIn: number;
}

/** A presigned PUT: the URL and the headers the PUT must send with it. */
export interface PresignedPut {
  url: string;
  headers: Record<string, string>;
}

/** Presigns PUTs with an S3 client (s3rver locally: path-style, no checksum trailers). */
export type PutPresigner = (request: PresignRequest) => Promise<PresignedPut>;

/**
 * A presigner over an S3 client. `content-type`, `content-length` and the uploader header are
 * signed headers (kept out of the query string), so a PUT that changes any of them fails.
 *
 * @param signingDate a fixed signing instant (tests compare signatures); default now
 */
export function s3PutPresigner(client: S3Client, signingDate?: Date): PutPresigner {
  return async (request) => {
    const command = new PutObjectCommand({
      Bucket: request.bucket,
      Key: request.key,
      ContentType: request.contentType,
      ContentLength: request.size,
      Metadata: { [UPLOADER_METADATA]: request.unit },
    });
    const url = await getSignedUrl(client, command, {
      expiresIn: request.expiresIn,
      ...(signingDate ? { signingDate } : {}),
      signableHeaders: new Set(['content-type', 'content-length', UPLOADER_HEADER]),
      unhoistableHeaders: new Set([UPLOADER_HEADER]),
    });
    return { url, headers: { 'content-type': request.contentType, [UPLOADER_HEADER]: request.unit } };
  };
}
