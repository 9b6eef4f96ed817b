/**
 * The console's presigned uploads against s3rver through the local HTTP
 * server: the URL signs content-length, content-type and the uploader's unit; a PUT that
 * changes any of them is refused; the object lands only under the caller's unit with
 * `x-amz-meta-uploader-unit`; sizes over 20 MiB and bad names are 400; s3rver answers the
 * console's CORS preflight.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLocalToken } from '#adapters/jwt';
import { createMemoryStore } from '#adapters/memory-store';
import { s3Client } from '#adapters/s3-objects';
import { s3PutPresigner, UPLOADER_HEADER } from '#adapters/s3-presign';
import { MAX_UPLOAD_BYTES } from '#functions/api/console-routes';
import { type ApiServer, startApiServer } from '#infra/local/api-server';
import { startEmulators, type TestEmulators } from '../support/emulators.ts';

let emulators: TestEmulators;
let server: ApiServer;
let dir: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  emulators = await startEmulators();
  dir = await mkdtemp(join(tmpdir(), 'lkg-console-uploads-'));
  server = await startApiServer({
    port: 0,
    env: {},
    secretFile: join(dir, 'jwt-secret'),
    deps: {
      store: createMemoryStore(),
      clock: { now: () => new Date('2026-11-05T01:02:03Z') },
      cursorSecret: 'console-uploads-test-cursor-secret',
      uploads: { bucket: emulators.bucket, presign: s3PutPresigner(s3Client(emulators.env)) },
    },
  });
  for (const unit of ['changqing', 'jidian', 'bureau'])
    tokens[unit] = await signLocalToken(server.secret, { unit });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await emulators?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function presign(unit: string, body: unknown) {
  const res = await fetch(`${server.url}/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens[unit]}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('POST /uploads (presigned PUT)', () => {
  it('signs content-length, content-type and the uploader, in the caller’s folder, for 5 minutes', async () => {
    const { status, body } = await presign('changqing', { fileName: '长青街台账.xlsx', size: 1234 });
    expect(status).toBe(201);
    expect(body.key).toMatch(/^uploads\/changqing\/20261105090203-[0-9a-f]{8}\/长青街台账\.xlsx$/);
    const url = new URL(body.url as string);
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';').sort()).toEqual(
      ['content-length', 'content-type', 'host', UPLOADER_HEADER].sort(),
    );
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(body.headers).toEqual({
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      [UPLOADER_HEADER]: 'changqing',
    });
    expect(body.expiresAt).toBe('2026-11-05T01:07:03.000Z');
  });

  it('a PUT with the signed headers lands under the caller’s unit with its identity recorded', async () => {
    const bytes = new Uint8Array(2048).fill(7);
    const { body } = await presign('jidian', { fileName: '机电办.csv', size: bytes.length });
    const put = await fetch(body.url as string, {
      method: 'PUT',
      headers: body.headers as Record<string, string>,
      body: bytes,
    });
    expect(put.status).toBe(200);
    const head = await s3Client(emulators.env).send(
      new HeadObjectCommand({ Bucket: emulators.bucket, Key: body.key as string }),
    );
    expect(head.ContentLength).toBe(2048);
    expect(head.ContentType).toBe('text/csv');
    expect(head.Metadata).toMatchObject({ 'uploader-unit': 'jidian' });
    expect(body.key).toMatch(/^uploads\/jidian\//);
  });

  it.each([
    ['another size', { size: 2047 }],
    ['another content type', { type: 'application/octet-stream' }],
    ['another uploader', { unit: 'changqing' }],
  ])(
    'the signature covers the header: %s gives another signature (S3 answers 403)',
    async (_name, change) => {
      // s3rver does not verify V4 signatures, so the proof is the signature itself: the same
      // request signed at the same instant gives the same signature, a changed header another.
      const client = s3Client(emulators.env);
      const presign = s3PutPresigner(client, new Date('2026-11-05T01:02:03Z'));
      const base = {
        bucket: emulators.bucket,
        key: 'uploads/jidian/x/机电办.csv',
        contentType: 'text/csv',
        size: 2048,
        unit: 'jidian',
        expiresIn: 300,
      };
      const signature = async (request: typeof base) =>
        new URL((await presign(request)).url).searchParams.get('X-Amz-Signature');
      expect(await signature(base)).toBe(await signature({ ...base }));
      const changed = {
        ...base,
        ...('size' in change ? { size: change.size as number } : {}),
        ...('type' in change ? { contentType: change.type as string } : {}),
        ...('unit' in change ? { unit: change.unit as string } : {}),
      };
      expect(await signature(changed)).not.toBe(await signature(base));
    },
  );

  it.each([
    ['exactly 20 MiB', { fileName: 'a.xlsx', size: MAX_UPLOAD_BYTES }, 201],
    ['20 MiB + 1 byte', { fileName: 'a.xlsx', size: MAX_UPLOAD_BYTES + 1 }, 400],
    ['size 0', { fileName: 'a.xlsx', size: 0 }, 400],
    ['size not an integer', { fileName: 'a.xlsx', size: 1.5 }, 400],
    ['no size', { fileName: 'a.xlsx' }, 400],
    ['no file name', { size: 10 }, 400],
    ['a slash in the name', { fileName: '../b/a.xlsx', size: 10 }, 400],
    ['a backslash in the name', { fileName: 'a\\b.xlsx', size: 10 }, 400],
    ['a control character', { fileName: 'a\u0001.xlsx', size: 10 }, 400],
    ['a name over 200 bytes', { fileName: `${'表'.repeat(67)}.xlsx`, size: 10 }, 400],
    ['a Word document', { fileName: '说明.docx', size: 10 }, 400],
    ['.XLS upper case', { fileName: '旧台账.XLS', size: 10 }, 201],
    ['.ods', { fileName: '台账.ods', size: 10 }, 201],
  ])('%s → %s', async (_name, request, status) => {
    const res = await presign('changqing', request);
    expect(res.status).toBe(status);
    if (status === 400) expect(res.body.detail).toMatch(/[\u4e00-\u9fff]/);
  });

  it('the bureau uploads under uploads/bureau/', async () => {
    const { body } = await presign('bureau', { fileName: 't.xlsx', size: 5 });
    expect(body.key).toMatch(/^uploads\/bureau\//);
  });

  it('s3rver answers the console’s CORS preflight for a loopback origin and refuses another', async () => {
    const { body } = await presign('changqing', { fileName: 'c.xlsx', size: 5 });
    const preflight = (origin: string) =>
      fetch(body.url as string, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'PUT',
          'access-control-request-headers': `content-type,${UPLOADER_HEADER}`,
        },
      });
    const ok = await preflight('http://localhost:3000');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBeTruthy();
    expect(ok.headers.get('access-control-allow-headers')).toContain(UPLOADER_HEADER);
    const other = await preflight('https://evil.example');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
