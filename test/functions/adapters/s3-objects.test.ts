import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3Objects, s3Client } from '#adapters/s3-objects';

const client = new S3Client({ region: 'us-east-1' });
const mock = mockClient(client);
beforeEach(() => mock.reset());

describe('S3Objects', () => {
  it.each([
    [null, undefined],
    ['v1', 'v1'],
  ])('gets an object (version %s)', async (versionId, sent) => {
    const body = { transformToByteArray: async () => new TextEncoder().encode('abc') };
    mock.on(GetObjectCommand).resolves({ Body: body as never });
    const bytes = await new S3Objects(client).get('b', 'uploads/台账 1.xlsx', versionId);
    expect(new TextDecoder().decode(bytes)).toBe('abc');
    expect(mock.commandCalls(GetObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'b',
      Key: 'uploads/台账 1.xlsx',
      ...(sent ? { VersionId: sent } : {}),
    });
  });

  it('puts with the content type', async () => {
    mock.on(PutObjectCommand).resolves({});
    await new S3Objects(client).put('b', 'reports/x.report.json', '{}', 'application/json; charset=utf-8');
    expect(mock.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
      Bucket: 'b',
      Key: 'reports/x.report.json',
      ContentType: 'application/json; charset=utf-8',
    });
  });

  it.each([
    ['NotFound', 404],
    ['NoSuchKey', 404],
  ])('answers null for a missing object (%s)', async (name, status) => {
    mock
      .on(HeadObjectCommand)
      .rejects(Object.assign(new Error('x'), { name, $metadata: { httpStatusCode: status } }));
    expect(await new S3Objects(client).head('b', 'k')).toBeNull();
  });

  it('passes other head errors on', async () => {
    mock
      .on(HeadObjectCommand)
      .rejects(
        Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }),
      );
    await expect(new S3Objects(client).head('b', 'k')).rejects.toThrow('denied');
  });

  it('heads size, version and user metadata (names lower-case), of a version when asked', async () => {
    mock.on(HeadObjectCommand).resolves({ ContentLength: 12, VersionId: 'v9' });
    expect(await new S3Objects(client).head('b', 'k')).toEqual({ size: 12, versionId: 'v9', metadata: {} });
    mock
      .on(HeadObjectCommand, { Bucket: 'b', Key: 'k', VersionId: 'v8' })
      .resolves({ ContentLength: 3, VersionId: 'v8', Metadata: { 'Uploader-Unit': 'changqing' } });
    expect(await new S3Objects(client).head('b', 'k', 'v8')).toEqual({
      size: 3,
      versionId: 'v8',
      metadata: { 'uploader-unit': 'changqing' },
    });
  });
});

describe('s3Client', () => {
  it('checksums only when required, path style with a local endpoint', async () => {
    const c = s3Client({ AWS_REGION: 'us-east-1' }, { endpoint: 'http://127.0.0.1:4568' });
    expect(await c.config.requestChecksumCalculation()).toBe('WHEN_REQUIRED');
    expect(await c.config.responseChecksumValidation()).toBe('WHEN_REQUIRED');
    expect(c.config.forcePathStyle).toBe(true);
    c.destroy();
  });
});
