/**
 * Issue "Coordination" through the API over the in-memory store (the same item design as
 * DynamoDB): a decision recorded from M changes the answers, the stored history and the
 * transfers from M on (and nothing before), ended at M+3 the rules answer again; the month's
 * transfers are pending until both units confirm, disputed when one objects, settled by the
 * bureau or by a decision, and pending again when a late upload changes their from or to.
 */
import { describe, expect, it } from 'vitest';
import { coordinationOf } from '#adapters/coordination-items';
import { createMemoryStore } from '#adapters/memory-store';
import { MemoryObjects } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { POLICY_2020_1_DATA } from '#domain/policy/index';
import { createApiHandler } from '#functions/api/handler';
import { projectQueued } from '#functions/coordination/decide';
import { impactOverStore, readDraft, runImpactJob } from '#functions/coordination/impact';
import { createIngestHandler } from '#functions/ingest/handler';
import { resumeUnfinishedImports } from '#functions/ingest/resume';
import { writerRecord } from '#functions/ingest/writer';
import { r } from '../../cases/record.ts';
import { s3Event } from '../../support/ingest.ts';
import { workbookBytes } from '../../support/workbooks.ts';
import { apiEvent, BUREAU, type Claims, context, unitClaims } from './support/fixtures.ts';

const KEY = '91420112MA4DEC0001';
const NAME = '金银湖配套装备有限公司';
/** A 机电 project built in 金银湖街, outside its 板块: the rules give it to 金银湖街 (3.1.transferred). */
const record = r({
  key: KEY,
  uscc: KEY,
  name: NAME,
  recruiter: 'jidian',
  street: 'jinyinhu',
  month: '2026-01',
});
/** 搬迁 from 长青街 to 走马岭街 in 2026-10: a transfer changqing → zoumaling (3.3). */
const MOVED = '91420112MA4MOV0002';
const movedBefore = r({
  key: MOVED,
  uscc: MOVED,
  name: '走马岭物流有限公司',
  street: 'changqing',
  month: '2026-09',
});
const movedAfter = r({
  ...movedBefore,
  street: 'zoumaling',
  movement: 'relocation',
  originStreet: 'changqing',
  month: '2026-10',
});

async function setup() {
  const store = createMemoryStore();
  await store.seed({ register: [record, movedBefore, movedAfter] }, { eventTime: '2026-11-01T00:00:00Z' });
  // Each reading of the clock is one second later (every action has its own instant).
  let now = new Date('2026-05-20T02:00:00Z');
  const tick = () => {
    const t = now;
    now = new Date(now.getTime() + 1000);
    return t;
  };
  const tasks: Array<Promise<void>> = [];
  // The worker: a decision's re-projection runs after the answer, finished before the next call.
  const projections: Array<Promise<unknown>> = [];
  const api = createApiHandler({
    store,
    clock: { now: tick },
    cursorSecret: 'test',
    queueDecision: async (writer) => {
      projections.push(
        projectQueued(
          { store, coordination: coordinationOf(store)!, now: tick(), clock: { now: tick } },
          writer,
        ),
      );
    },
    queueImpact: async (id) => {
      tasks.push(
        runImpactJob({ store, jobs: coordinationOf(store)!.impactJobs, clock: { now: tick } }, id).then(
          () => undefined,
        ),
      );
    },
  });
  const call = async (method: string, url: string, claims: Claims, body?: unknown) => {
    const res = await api(apiEvent(method, url, claims, body), context);
    await Promise.all(projections.splice(0));
    return { status: res.statusCode, json: res.body ? JSON.parse(res.body) : undefined };
  };
  return { store, call, at: (iso: string) => (now = new Date(iso)), settle: () => Promise.all(tasks) };
}

const decisionBody = {
  keys: [KEY],
  from: '2026-06',
  service: '机电产业办',
  indicators: 'jidian',
  reason: '该项目为京东方配套，由机电产业办继续服务并承担经济指标',
  documentNo: '武临开专〔2026〕3号',
};

describe('a decision from M, ended at M+3, through the API', () => {
  it('answers, history and transfers follow the decision; nothing before M changes', async () => {
    const { call, at } = await setup();
    const before = await call('GET', `/enterprises/${KEY}?month=2026-05`, BUREAU);
    expect(before.json.assignment.decidedBy).toBe('3.1.transferred');

    const posted = await call('POST', '/decisions', BUREAU, decisionBody);
    expect(posted.status).toBe(201);
    expect(posted.json).toMatchObject({
      keys: [KEY],
      from: '2026-06',
      to: null,
      service: 'jidian',
      indicators: 'jidian',
      documentNo: '武临开专〔2026〕3号',
      recordedBy: { unit: 'bureau' },
      recordedAt: '2026-05-20T02:00:00.000Z',
    });
    const id = posted.json.id as string;

    expect((await call('GET', `/enterprises/${KEY}?month=2026-05`, BUREAU)).json.assignment).toEqual(
      before.json.assignment,
    );
    const m = await call('GET', `/enterprises/${KEY}?month=2026-06`, BUREAU);
    expect(m.json.assignment).toMatchObject({
      service: 'jidian',
      indicators: 'jidian',
      decidedBy: 'decision',
      clauses: ['decision', '3.1.transferred', '2.safety'],
      decision: {
        id,
        documentNo: '武临开专〔2026〕3号',
        from: '2026-06',
        to: null,
        overrides: '3.1.transferred',
      },
    });
    expect(m.json.clauseTexts.decision).toContain('武临开专〔2026〕3号');
    expect(m.json.transfers).toEqual([
      {
        month: '2026-06',
        from: 'jinyinhu',
        to: 'jidian',
        clause: 'decision',
        decision: { id, documentNo: '武临开专〔2026〕3号', ended: false },
      },
    ]);
    // The office now holds it; the street stays its safety unit (a decision leaves safety to the rules).
    expect((await call('GET', `/enterprises/${KEY}`, unitClaims('jidian'))).status).toBe(200);
    expect((await call('GET', `/enterprises/${KEY}`, unitClaims('jinyinhu'))).json.assignment.safety).toBe(
      'jinyinhu',
    );

    at('2026-08-20T02:00:00Z');
    expect((await call('POST', `/decisions/${id}/end`, BUREAU, { from: '2026-06' })).status).toBe(400);
    const ended = await call('POST', `/decisions/${id}/end`, BUREAU, {
      from: '2026-09',
      reason: '配套关系结束',
      documentNo: '武临开专〔2026〕7号',
    });
    expect(ended.status).toBe(200);
    expect(ended.json).toMatchObject({
      id,
      to: '2026-09',
      trail: [{ action: 'recorded' }, { action: 'ended', month: '2026-09' }],
    });
    expect((await call('POST', `/decisions/${id}/end`, BUREAU, { from: '2026-10' })).status).toBe(400);

    const after = await call('GET', `/enterprises/${KEY}?month=2026-09`, BUREAU);
    expect(after.json.assignment).toEqual(before.json.assignment);
    expect(after.json.transfers.map((t: { month: string; clause: string }) => [t.month, t.clause])).toEqual([
      ['2026-06', 'decision'],
      ['2026-09', '3.1.transferred'],
    ]);
    expect(
      after.json.history.map((h: { month: string; assignment: { decidedBy: string } }) => [
        h.month,
        h.assignment.decidedBy,
      ]),
    ).toEqual([
      ['2020-04', '3.1.transferred'],
      ['2026-06', 'decision'],
      ['2026-09', '3.1.transferred'],
    ]);

    // Listing: the bureau all, with the audit trail; a unit those about enterprises it holds.
    expect((await call('GET', `/decisions?key=${KEY}`, BUREAU)).json.items).toHaveLength(1);
    expect((await call('GET', '/decisions', unitClaims('jinyinhu'))).json.items).toHaveLength(1);
    expect((await call('GET', '/decisions', unitClaims('jidian'))).json.items).toHaveLength(0);
    // The transfers of the decision are listed for the two units concerned.
    const june = await call('GET', '/transfers?month=2026-06', unitClaims('jidian'));
    expect(june.json.items.map((t: { id: string; status: string }) => [t.id, t.status])).toEqual([
      [`${KEY}#2026-06`, 'pending'],
    ]);
  });

  it('answers at once with projection pending; the worker applies it; GET /decisions says which', async () => {
    const { call, store } = await setup();
    const posted = await call('POST', '/decisions', BUREAU, decisionBody);
    expect(posted).toMatchObject({ status: 201, json: { projection: 'pending' } });
    const id = posted.json.id as string;
    // The worker ran after the answer (here: before the next call).
    expect((await store.getImport(`decision-${id}`))?.status).toBe('applied');
    expect((await call('GET', '/decisions', BUREAU)).json.items[0]).toMatchObject({
      id,
      projection: 'applied',
    });
    const ended = await call('POST', `/decisions/${id}/end`, BUREAU, { from: '2026-09' });
    expect(ended).toMatchObject({ status: 200, json: { id, to: '2026-09', projection: 'pending' } });
    expect((await call('GET', '/decisions', BUREAU)).json.items[0]).toMatchObject({
      to: '2026-09',
      projection: 'applied',
    });
  });

  it.each([
    { name: 'the same body again', body: decisionBody, status: 200 },
    {
      name: 'keys in another order, repeated, with spaces',
      body: { ...decisionBody, keys: [` ${KEY}`, KEY] },
      status: 200,
    },
    {
      name: 'a unit by its name instead of its id',
      body: { ...decisionBody, service: 'jidian', indicators: '机电产业办' },
      status: 200,
    },
    { name: 'another first month', body: { ...decisionBody, from: '2026-07' }, status: 409 },
    { name: 'another reason', body: { ...decisionBody, reason: '另一理由' }, status: 409 },
    { name: 'another unit', body: { ...decisionBody, service: null }, status: 409 },
  ])('asked again, $name: $status', async ({ body, status }) => {
    const { call } = await setup();
    const first = await call('POST', '/decisions', BUREAU, decisionBody);
    const again = await call('POST', '/decisions', BUREAU, body);
    expect(again.status).toBe(status);
    if (status === 200) expect(again.json).toMatchObject({ id: first.json.id, projection: 'applied' });
    else expect(again.json.detail).toContain(first.json.id);
    expect((await call('GET', '/decisions', BUREAU)).json.items).toHaveLength(1);
  });

  it.each([
    { name: 'the same body', body: decisionBody, statuses: [200, 201] },
    { name: 'another reason', body: { ...decisionBody, reason: '另一理由' }, statuses: [201, 409] },
  ])(
    'asked twice at the same instant, $name: one decision, answered $statuses',
    async ({ body, statuses }) => {
      const { call } = await setup();
      const answers = await Promise.all([
        call('POST', '/decisions', BUREAU, decisionBody),
        call('POST', '/decisions', BUREAU, body),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual(statuses);
      const ids = answers.filter((a) => (a.status ?? 500) < 300).map((a) => a.json.id);
      expect(new Set(ids).size).toBe(1);
      expect((await call('GET', '/decisions', BUREAU)).json.items).toHaveLength(1);
    },
  );

  it('another 文号 or other keys are another decision', async () => {
    const { call } = await setup();
    await call('POST', '/decisions', BUREAU, decisionBody);
    expect(
      (await call('POST', '/decisions', BUREAU, { ...decisionBody, documentNo: '武临开专〔2026〕4号' }))
        .status,
    ).toBe(201);
    expect((await call('POST', '/decisions', BUREAU, { ...decisionBody, keys: [KEY, MOVED] })).status).toBe(
      201,
    );
  });

  it('checks the request (Chinese messages) and who may write', async () => {
    const { call } = await setup();
    const bad = await call('POST', '/decisions', BUREAU, { ...decisionBody, keys: ['91420112MA4NOPE001'] });
    expect(bad.status).toBe(400);
    expect(bad.json.detail).toContain('在台账中不存在');
    expect((await call('POST', '/decisions', BUREAU, { ...decisionBody, from: '2019-01' })).status).toBe(400);
    expect((await call('POST', '/decisions', unitClaims('jidian'), decisionBody)).status).toBe(404);
  });
});

describe('a decision whose re-projection cannot run yet (crash-safe, docs/coordination.md)', () => {
  it('answers 201 at once while an upload is left unfinished; recorded, in force for nobody until the sweep projects it', async () => {
    const { call, store } = await setup();
    // An upload stopped half-way (its lease expired): a decision must not project over it.
    const stuck = writerRecord('stuck-upload', 'uploads/bureau/stuck.xlsx', new Date('2026-05-20T01:00:00Z'));
    await store.createImport(stuck);
    const before = (await call('GET', `/enterprises/${KEY}?month=2026-06`, BUREAU)).json.assignment;
    const posted = await call('POST', '/decisions', BUREAU, decisionBody);
    expect(posted.status).toBe(201);
    const id = posted.json.id as string;
    expect(
      (await call('GET', '/decisions', BUREAU)).json.items.map((d: { id: string; projection: string }) => [
        d.id,
        d.projection,
      ]),
    ).toEqual([[id, 'pending']]);
    expect((await store.getImport(`decision-${id}`))?.status).toBe('applying');
    // Not in force: the live answer, the stored history and the month's transfers are as before.
    expect((await call('GET', `/enterprises/${KEY}?month=2026-06`, BUREAU)).json.assignment).toEqual(before);
    expect((await call('GET', '/transfers?month=2026-06', BUREAU)).json.items).toEqual([]);
    // The upload is finished (here: given up), then the sweep projects the decision.
    await store.saveImport({ ...stuck, status: 'failed', retry: false });
    const swept = await resumeUnfinishedImports({
      store,
      objects: new MemoryObjects(),
      clock: { now: () => new Date('2026-05-20T03:00:00Z') },
      workbooks: sheetJsWorkbooks,
    });
    expect(swept).toMatchObject({ failed: [], resumed: [{ id: `decision-${id}`, status: 'applied' }] });
    expect((await call('GET', '/decisions', BUREAU)).json.items[0].projection).toBe('applied');
    expect((await call('GET', `/enterprises/${KEY}?month=2026-06`, BUREAU)).json.assignment).toMatchObject({
      decidedBy: 'decision',
      decision: { id, documentNo: '武临开专〔2026〕3号' },
    });
    expect((await call('GET', '/transfers?month=2026-06', BUREAU)).json.items).toMatchObject([
      { key: KEY, to: 'jidian', clause: 'decision' },
    ]);
  });
});

describe('a decision that waited for an upload is projected when that upload is done', () => {
  it('no sweep needed: the redelivered upload commits, then the ingest projects the waiting decision', async () => {
    const { call, store } = await setup();
    const objects = new MemoryObjects();
    const key = 'uploads/bureau/联系人.xlsx';
    await objects.put(
      'lkg-territory',
      key,
      workbookBytes({
        联系人: [
          ['单位', '姓名', '邮箱'],
          ['区商务局', '王五', 'wangwu@example.cn'],
        ],
      }),
      'application/octet-stream',
    );
    const ingest = createIngestHandler({
      store,
      objects,
      clock: { now: () => new Date('2026-05-20T03:00:00Z') },
      workbooks: sheetJsWorkbooks,
    });
    const event = s3Event(key, { eventTime: '2026-05-20T03:00:00Z', sequencer: '09' });
    // The upload stops after its first write: left applying, its items pending.
    const batchWrite = store.table.batchWrite.bind(store.table);
    let writes = 0;
    store.table.batchWrite = async (puts, deletes) => {
      if (++writes > 1) throw new Error('simulated crash');
      return batchWrite(puts, deletes);
    };
    await expect(ingest(event)).rejects.toThrow('simulated crash');
    store.table.batchWrite = batchWrite;
    const upload = (await store.importsToResume()).find((r) => r.objectKey === key);
    expect(upload?.status).toBe('applying');
    // The decision cannot project over the pending upload: recorded, 201, left waiting.
    const posted = await call('POST', '/decisions', BUREAU, decisionBody);
    expect(posted.status).toBe(201);
    const id = posted.json.id as string;
    expect((await store.getImport(`decision-${id}`))?.status).toBe('applying');
    // The event redelivered (what S3/Lambda does after a failure): the upload commits, and the
    // same invocation projects the decision that waited for it.
    const [outcome] = await ingest(event);
    expect(outcome?.status).toBe('applied');
    expect((await store.getImport(`decision-${id}`))?.status).toBe('applied');
    expect((await call('GET', '/transfers?month=2026-06', BUREAU)).json.items).toMatchObject([
      { key: KEY, to: 'jidian', clause: 'decision' },
    ]);
  });
});

describe('transfers the two units confirm', () => {
  const id = encodeURIComponent(`${MOVED}#2026-10`);
  const status = async (call: Awaited<ReturnType<typeof setup>>['call']) =>
    (await call('GET', '/transfers?month=2026-10', BUREAU)).json.items.map(
      (t: { status: string }) => t.status,
    );

  it('pending until both confirm; disputed on an objection; settled by the bureau', async () => {
    const { call } = await setup();
    expect(await status(call)).toEqual(['pending']);
    expect((await call('POST', `/transfers/${id}/confirm`, unitClaims('changqing'), {})).json.status).toBe(
      'pending',
    );
    expect((await call('POST', `/transfers/${id}/confirm`, unitClaims('zoumaling'), {})).json).toMatchObject({
      status: 'confirmed',
      confirmedBy: ['changqing', 'zoumaling'],
    });
    expect((await call('POST', `/transfers/${id}/confirm`, unitClaims('jinyinhu'), {})).status).toBe(404);
    expect((await call('POST', `/transfers/${id}/object`, unitClaims('zoumaling'), {})).status).toBe(400);
    expect((await call('POST', `/transfers/${id}/settle`, BUREAU, { reason: '无异议' })).status).toBe(400);
    expect(
      (await call('POST', `/transfers/${id}/object`, unitClaims('zoumaling'), { reason: '尚未搬迁' })).json
        .status,
    ).toBe('disputed');
    expect(
      (await call('GET', '/transfers?month=2026-10&status=disputed', unitClaims('changqing'))).json.items,
    ).toHaveLength(1);
    expect((await call('GET', '/transfers?month=2026-10', unitClaims('jinyinhu'))).json.items).toHaveLength(
      0,
    );
    const settled = await call('POST', `/transfers/${id}/settle`, BUREAU, { reason: '经专班核实已搬迁' });
    expect(settled.json).toMatchObject({ status: 'settled' });
    expect(settled.json.trail.map((a: { action: string }) => a.action)).toEqual([
      'confirm',
      'confirm',
      'object',
      'settle',
    ]);
    expect((await call('POST', `/transfers/${id}/confirm`, unitClaims('changqing'), {})).status).toBe(400);
  });

  it.each([
    ['the same unit confirms twice', ['changqing', 'changqing'], ['confirm'], 'pending'],
    ['confirms three times', ['changqing', 'changqing', 'changqing'], ['confirm'], 'pending'],
    [
      'both confirm, then one again',
      ['changqing', 'zoumaling', 'zoumaling'],
      ['confirm', 'confirm'],
      'confirmed',
    ],
  ])('a repeated confirm changes nothing: %s', async (_case, units, trail, final) => {
    const { call } = await setup();
    const answers = [];
    for (const unit of units)
      answers.push(await call('POST', `/transfers/${id}/confirm`, unitClaims(unit), {}));
    expect(answers.map((a) => a.status)).toEqual(units.map(() => 200));
    const last = answers.at(-1)?.json;
    expect(last.status).toBe(final);
    expect(last.trail.map((a: { action: string }) => a.action)).toEqual(trail);
    const listed = (await call('GET', '/transfers?month=2026-10', BUREAU)).json.items[0];
    expect(listed.trail).toHaveLength(trail.length);
  });

  it('a confirm after an objection is recorded (it changes the status)', async () => {
    const { call } = await setup();
    await call('POST', `/transfers/${id}/confirm`, unitClaims('changqing'), {});
    await call('POST', `/transfers/${id}/object`, unitClaims('changqing'), { reason: '尚未搬迁' });
    const again = await call('POST', `/transfers/${id}/confirm`, unitClaims('changqing'), {});
    expect(again.json.trail.map((a: { action: string }) => a.action)).toEqual([
      'confirm',
      'object',
      'confirm',
    ]);
    expect(again.json.status).toBe('pending');
  });

  it('a decision about the enterprise settles its dispute', async () => {
    const { call } = await setup();
    await call('POST', `/transfers/${id}/object`, unitClaims('changqing'), { reason: '仍在长青街经营' });
    await call('POST', '/decisions', BUREAU, {
      keys: [MOVED],
      from: '2026-12',
      service: 'zoumaling',
      reason: '专班裁定：已搬迁至走马岭街',
      documentNo: '武临开专〔2026〕11号',
    });
    const [t] = (await call('GET', '/transfers?month=2026-10', BUREAU)).json.items;
    expect(t.status).toBe('settled');
    expect(t.trail.at(-1)).toMatchObject({
      action: 'settle',
      decision: { documentNo: '武临开专〔2026〕11号' },
    });
  });

  it('a late upload that changes the transfer’s to makes it pending again (its trail kept)', async () => {
    const { call, store } = await setup();
    await call('POST', `/transfers/${id}/confirm`, unitClaims('changqing'), {});
    await call('POST', `/transfers/${id}/confirm`, unitClaims('zoumaling'), {});
    expect(await status(call)).toEqual(['confirmed']);
    // A later upload of the same 报送月份 corrects the new street: 慈惠街, not 走马岭街.
    await store.seed(
      { register: [{ ...movedAfter, street: 'cihui' }] },
      { eventTime: '2026-11-02T00:00:00Z' },
    );
    const [t] = (await call('GET', '/transfers?month=2026-10', BUREAU)).json.items;
    expect(t).toMatchObject({ from: 'changqing', to: 'cihui', status: 'pending', confirmedBy: [] });
    expect(t.trail).toHaveLength(2);
  });
});

describe('POST /impact → 202 {id}; GET /impact/{id} → the lkg impact --json document', () => {
  it('runs after the answer; the store is not changed', async () => {
    const { call, store, settle } = await setup();
    const draft = { ...POLICY_2020_1_DATA, id: 'draft-2026', effectiveFrom: '2026-07-01', notice: null };
    draft.clusters = {
      ...draft.clusters,
      jidian: { ...draft.clusters.jidian, streets: [...draft.clusters.jidian.streets, 'jinyinhu'] },
    };
    const before = JSON.stringify(store.table.snapshot().filter((i) => !i.pk.startsWith('IMPACT#')));
    const started = await call('POST', '/impact', BUREAU, { policy: draft });
    expect(started.status).toBe(202);
    await settle();
    const got = await call('GET', `/impact/${started.json.id}`, BUREAU);
    expect(got.json).toMatchObject({
      status: 'done',
      draft: { id: 'draft-2026' },
      requestedBy: { unit: 'bureau' },
    });
    expect(got.json.result).toEqual(
      JSON.parse(JSON.stringify(await impactOverStore(store, readDraft(draft)))),
    );
    expect(got.json.result.enterprises.map((e: { key: string }) => e.key)).toEqual([KEY]);
    expect(JSON.stringify(store.table.snapshot().filter((i) => !i.pk.startsWith('IMPACT#')))).toBe(before);
    expect((await call('GET', `/impact/${started.json.id}`, unitClaims('jidian'))).status).toBe(404);
  });
  it.each([
    ['59 minutes', 59, 'running'],
    ['61 minutes', 61, 'failed'],
  ])('a run no worker finished, asked after %s: %s', async (_name, minutes, status) => {
    const store = createMemoryStore();
    let now = new Date('2026-05-20T02:00:00Z');
    const api = createApiHandler({
      store,
      clock: { now: () => now },
      cursorSecret: 'test',
      queueImpact: async () => undefined, // queued, never run (the worker and its retries failed)
    });
    const call = async (method: string, url: string, body?: unknown) => {
      const res = await api(apiEvent(method, url, BUREAU, body), context);
      return { status: res.statusCode, json: JSON.parse(res.body as string) };
    };
    const started = await call('POST', '/impact', {
      policy: { ...POLICY_2020_1_DATA, id: 'draft-x', notice: null },
    });
    expect(started.status).toBe(202);
    now = new Date(now.getTime() + minutes * 60_000);
    const got = await call('GET', `/impact/${started.json.id}`);
    expect(got.json.status).toBe(status);
    if (status === 'failed') expect(got.json.error).toContain('60 分钟内未完成：请重新提交草案');
  });
  it('a run that cannot be queued: 503, and the run is recorded as failed', async () => {
    const store = createMemoryStore();
    const api = createApiHandler({
      store,
      clock: { now: () => new Date('2026-05-20T02:00:00Z') },
      cursorSecret: 'test',
      queueImpact: async () => {
        throw new Error('Lambda unavailable');
      },
    });
    const res = await api(
      apiEvent('POST', '/impact', BUREAU, { policy: { ...POLICY_2020_1_DATA, id: 'draft-y', notice: null } }),
      context,
    );
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body as string).detail).toBe('影响评估暂时无法启动：请稍后重新提交草案。');
    const job = store.table.snapshot().find((i) => i.pk.startsWith('IMPACT#') && i.sk === 'JOB');
    expect((job?.job as { status: string } | undefined)?.status).toBe('failed');
  });
  it('an invalid draft: 400 with every issue in Chinese', async () => {
    const { call } = await setup();
    const bad = await call('POST', '/impact', BUREAU, { policy: { ...POLICY_2020_1_DATA, rules: [] } });
    expect(bad.status).toBe(400);
    expect(bad.json.detail).toMatch(/[\u4e00-\u9fff]/u);
  });
});
