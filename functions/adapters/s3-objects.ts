/**
 * The object store port on S3 (and s3rver locally).
 *
 * @module
 */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ObjectHead, ObjectStore } from '#domain/ports';
import { type ClientOptions, optionsFrom } from './aws-clients.ts';

type Env = Record<string, string | undefined>;

/**
 * An S3 client. Checksums only when required (s3rver, the local S3, rejects the SDK's default
 * CRC32 trailers); path-style addressing when an endpoint is given (no bucket subdomains on
 * localhost).
 */
export function s3Client(env: Env = process.env, explicit?: ClientOptions): S3Client {
  const options = optionsFrom(env, 'AWS_ENDPOINT_URL_S3', explicit);
  return new S3Client({
    ...options,
    forcePathStyle: options.endpoint !== undefined,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

let cachedS3: S3Client | undefined;

/** The module's S3 client from `process.env` (built on first use, then reused). */
export function sharedS3Client(): S3Client {
  cachedS3 ??= s3Client(process.env);
  return cachedS3;
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

/** S3 objects: get (optionally a version), put, head. */
export class S3Objects implements ObjectStore {
  constructor(private readonly client: S3Client = sharedS3Client()) {}

  async get(bucket: string, key: string, versionId?: string | null): Promise<Uint8Array> {
    const out = await this.client.send(
      new GetObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }),
    );
    if (!out.Body) return new Uint8Array();
    return await out.Body.transformToByteArray();
  }

  async put(
    bucket: string,
    key: string,
    body: Uint8Array | string,
    contentType: string,
    metadata?: Record<string, string>,
  ): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ...(metadata ? { Metadata: metadata } : {}),
      }),
    );
  }

  async head(bucket: string, key: string, versionId?: string | null): Promise<ObjectHead | null> {
    try {
      const out = await this.client.send(
        new HeadObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }),
      );
      return {
        size: out.ContentLength ?? 0,
        versionId: out.VersionId ?? null,
        metadata: lowerCaseNames(out.Metadata),
      };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }
}

function lowerCaseNames(metadata: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(metadata ?? {})) out[name.toLowerCase()] = value;
  return out;
}

/** An in-memory object store (tests). */
export class MemoryObjects implements ObjectStore {
  readonly objects = new Map<
    string,
    { body: Uint8Array; contentType: string; metadata: Record<string, string> }
  >();

  async get(bucket: string, key: string): Promise<Uint8Array> {
    const o = this.objects.get(`${bucket}/${key}`);
    if (!o) throw Object.assign(new Error(`no such object: ${bucket}/${key}`), { name: 'NoSuchKey' });
    return o.body;
  }

  async put(
    bucket: string,
    key: string,
    body: Uint8Array | string,
    contentType: string,
    metadata: Record<string, string> = {},
  ): Promise<void> {
    this.objects.set(`${bucket}/${key}`, {
      body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
      contentType,
      metadata: lowerCaseNames(metadata),
    });
  }

  async head(bucket: string, key: string): Promise<ObjectHead | null> {
    const o = this.objects.get(`${bucket}/${key}`);
    return o ? { size: o.body.length, versionId: null, metadata: { ...o.metadata } } : null;
  }
}
