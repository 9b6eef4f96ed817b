/**
 * `GET/PUT/DELETE /units/{unit}/column-mappings` over the in-memory store: a unit manages its
 * own; another unit's answer 404; the bureau sees and removes any unit's (and keeps its own)
 * but saves none for another unit; a column outside the kind's template is a Chinese 400
 * naming the choices; `POST /checks` takes a mapping list and refuses a bad one.
 */
import { describe, expect, it } from 'vitest';
import { MemoryObjects } from '#adapters/s3-objects';
import { REGISTER_COLUMNS } from '#domain/registers/index';
import { createApiHandler } from '#functions/api/handler';
import { readCheck, writeCheck } from '#functions/ingest/check-job';
import { apiEvent, BUREAU, type Claims, context, seededStore, unitClaims } from './support/fixtures.ts';

const clock = { now: () => new Date('2026-11-05T02:00:00Z') };
const OWNER = unitClaims('changqing');
const OTHER = unitClaims('jinyinhu');
const OFFICE = unitClaims('jidian');
const URL = '/units/changqing/column-mappings';
const STREET = { kind: 'register', header: '企业地址（街道）', column: '所在街道' };
const del = (unit: string, kind: string, header: string) =>
  `/units/${unit}/column-mappings?kind=${encodeURIComponent(kind)}&header=${encodeURIComponent(header)}`;

async function setup() {
  const store = await seededStore();
  const objects = new MemoryObjects();
  const queued: string[] = [];
  const api = createApiHandler({
    store,
    clock,
    cursorSecret: 'test-secret',
    checks: {
      bucket: 'b',
      objects,
      presign: async (r) => ({ url: `http://s3.local/${r.key}`, headers: {} }),
      queue: async (id) => {
        queued.push(id);
      },
    },
  });
  const call = async (method: string, url: string, claims: Claims, body?: unknown) => {
    const res = await api(apiEvent(method, url, claims, body), context);
    const type = String(res.headers?.['content-type'] ?? '');
    const json = type.includes('json') && res.body ? JSON.parse(res.body) : undefined;
    return { status: res.statusCode, type, json, body: res.body };
  };
  return { call, objects, queued };
}

describe('a unit’s column mappings', () => {
  it('the unit saves (an upsert by kind and normalised header), lists and removes its own', async () => {
    const { call } = await setup();
    const saved = await call('PUT', URL, OWNER, STREET);
    expect(saved.status).toBe(200);
    expect(saved.json.item).toEqual({ ...STREET, savedAt: '2026-11-05T02:00:00.000Z', savedBy: 'changqing' });
    const again = await call('PUT', URL, OWNER, {
      ...STREET,
      header: ' 企业地址 (街道)',
      column: '原所在街道',
    });
    expect(again.status).toBe(200);
    await call('PUT', URL, OWNER, { kind: 'indicators', header: '营收/本月', column: '营业收入' });
    const listed = await call('GET', URL, OWNER);
    expect(listed.status).toBe(200);
    expect(
      listed.json.items.map((m: { kind: string; header: string; column: string }) => [
        m.kind,
        m.header,
        m.column,
      ]),
    ).toEqual([
      ['register', '企业地址 (街道)', '原所在街道'],
      ['indicators', '营收/本月', '营业收入'],
    ]);
    const removed = await call('DELETE', del('changqing', 'register', '企业地址（街道）'), OWNER);
    expect(removed.status).toBe(204);
    expect(removed.body).toBe('');
    expect((await call('GET', URL, OWNER)).json.items).toHaveLength(1);
    const gone = await call('DELETE', del('changqing', 'register', '企业地址（街道）'), OWNER);
    expect(gone.status).toBe(404);
    expect(gone.json.detail).toMatch(/没有保存列名“企业地址（街道）”的对照/);
  });

  it.each([
    ['another street', OTHER],
    ['an office', OFFICE],
  ])('%s: 404 for GET, PUT and DELETE of the unit’s mappings, nothing named', async (_name, claims) => {
    const { call } = await setup();
    await call('PUT', URL, OWNER, STREET);
    for (const [method, url, body] of [
      ['GET', URL, undefined],
      ['PUT', URL, STREET],
      ['DELETE', del('changqing', 'register', STREET.header), undefined],
    ] as const) {
      const res = await call(method, url, claims, body);
      expect(res.status).toBe(404);
      expect(res.type).toContain('application/problem+json');
      expect(res.body).not.toContain('企业地址');
    }
    expect((await call('GET', URL, OWNER)).json.items).toHaveLength(1);
  });

  it('the bureau sees and removes any unit’s, keeps its own, saves none for another unit', async () => {
    const { call } = await setup();
    await call('PUT', URL, OWNER, STREET);
    expect((await call('GET', URL, BUREAU)).json.items).toHaveLength(1);
    const refused = await call('PUT', URL, BUREAU, { ...STREET, column: '原所在街道' });
    expect(refused.status).toBe(404);
    expect(refused.json.detail).toMatch(/列名对照由各单位自己保存；区商务局可以查看和删除/);
    expect((await call('PUT', '/units/bureau/column-mappings', BUREAU, STREET)).status).toBe(200);
    expect((await call('GET', '/units/bureau/column-mappings', BUREAU)).json.items).toHaveLength(1);
    expect((await call('GET', '/units/bureau/column-mappings', OWNER)).status).toBe(404);
    expect((await call('DELETE', del('changqing', 'register', STREET.header), BUREAU)).status).toBe(204);
    expect((await call('GET', URL, OWNER)).json.items).toEqual([]);
  });

  it.each([
    [{ ...STREET, column: '地址' }, /“地址”不是企业项目台账模板的列名：应为 「统一社会信用代码」/],
    [{ ...STREET, kind: 'sheet' }, /表类型“sheet”不认识/],
    [{ ...STREET, header: '' }, /文件的列名不能为空/],
    [{ ...STREET, extra: true }, /含多余的内容/],
    ['not json', /JSON/],
  ])('PUT %j → 400 in Chinese', async (body, message) => {
    const { call } = await setup();
    const res = await call('PUT', URL, OWNER, body);
    expect(res.status).toBe(400);
    expect(res.json.detail).toMatch(message);
  });

  it('the 400 for an unknown column names every choice of the kind', async () => {
    const { call } = await setup();
    const res = await call('PUT', URL, OWNER, { ...STREET, column: '地址' });
    for (const column of REGISTER_COLUMNS) expect(res.json.detail).toContain(`「${column.header}」`);
  });

  it.each([
    [del('changqing', 'sheet', '地址'), /表类型“sheet”不认识/],
    [`${URL}?kind=register`, /未指明要删除哪一个列名的对照/],
  ])('DELETE %s → 400', async (url, message) => {
    const { call } = await setup();
    const res = await call('DELETE', url, OWNER);
    expect(res.status).toBe(400);
    expect(res.json.detail).toMatch(message);
  });

  it('an unknown unit → 404', async () => {
    const { call } = await setup();
    expect((await call('GET', '/units/wuhan/column-mappings', BUREAU)).status).toBe(404);
  });
});

describe('POST /checks {key, mapping}', () => {
  const KEY = 'checks/changqing/20261105080000-0a1b2c3d/台账.xlsx';

  it('stores the given mappings on the check and answers them with the unknown headers', async () => {
    const { call, objects, queued } = await setup();
    await objects.put('b', KEY, new Uint8Array([1]), 'application/octet-stream');
    const started = await call('POST', '/checks', OWNER, { key: KEY, mapping: [STREET] });
    expect(started.status).toBe(202);
    const job = await readCheck(objects, 'b', started.json.id);
    expect(job?.given).toEqual([{ ...STREET, source: 'given' }]);
    expect(queued).toEqual([started.json.id]);
    const got = await call('GET', `/checks/${started.json.id}`, OWNER);
    expect(got.json).toMatchObject({
      status: 'running',
      mapping: [{ ...STREET, source: 'given' }],
      unknownHeaders: [],
    });
  });

  it.each([
    [{ mapping: [{ ...STREET, column: '地址' }] }, /第 1 条列名对照：“地址”不是企业项目台账模板的列名/],
    [{ mapping: 'x' }, /列名对照应为一组对照/],
    [{ mapping: Array.from({ length: 201 }, () => STREET) }, /最多给出 200 条列名对照/],
  ])('a bad mapping → 400 (%#)', async (extra, message) => {
    const { call, objects } = await setup();
    await objects.put('b', KEY, new Uint8Array([1]), 'application/octet-stream');
    const res = await call('POST', '/checks', OWNER, { key: KEY, ...extra });
    expect(res.status).toBe(400);
    expect(res.json.detail).toMatch(message);
  });

  it('importing a check given mappings names the check on the upload (the import reads them too)', async () => {
    const { call, objects } = await setup();
    await objects.put('b', KEY, new Uint8Array([1]), 'application/octet-stream');
    for (const mapping of [[STREET], []]) {
      const started = await call('POST', '/checks', OWNER, { key: KEY, mapping });
      const job = (await readCheck(objects, 'b', started.json.id))!;
      await writeCheck(objects, 'b', { ...job, status: 'done', verdict: 'importable' });
      const imported = await call('POST', `/checks/${job.id}/import`, OWNER, {});
      expect(imported.status).toBe(201);
      const head = await objects.head('b', imported.json.key);
      expect(head?.metadata['uploader-unit']).toBe('changqing');
      expect(head?.metadata['check-id']).toBe(mapping.length > 0 ? job.id : undefined);
    }
  });

  it('no mapping, {} or [] are none', async () => {
    const { call, objects } = await setup();
    await objects.put('b', KEY, new Uint8Array([1]), 'application/octet-stream');
    for (const mapping of [undefined, {}, []]) {
      const res = await call('POST', '/checks', OWNER, {
        key: KEY,
        ...(mapping === undefined ? {} : { mapping }),
      });
      expect(res.status).toBe(202);
    }
  });
});
