/**
 * Upload authority follows the working group's decisions, end to end through the ingest: an
 * office's enterprise (机电产业办's, built in 径河街, 3.1.retained: the office serves it and carries
 * its indicators) moved to 径河街 by a decision from 2026-06. After the decision the street's
 * indicators upload for it is applied and the office's refused; after the decision ends, the
 * other way round; a decision recorded after the uploads re-judges them (their verdicts change,
 * and the store equals a fresh rebuild of the same uploads and decisions, item by item).
 */
import { describe, expect, it } from 'vitest';
import { coordinationOf } from '#adapters/coordination-items';
import { type Item, isProjected } from '#adapters/dynamodb-items';
import { createMemoryStore } from '#adapters/memory-store';
import { MemoryObjects } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { type DecisionInput, rulesOf } from '#domain/decisions';
import { POLICIES } from '#domain/policy/index';
import { assignmentAt } from '#domain/timeline';
import type { Month } from '#domain/types';
import { endDecision, recordDecision } from '#functions/coordination/decide';
import { rulesInForce } from '#functions/coordination/rules-in-force';
import { createIngestHandler } from '#functions/ingest/handler';
import { rebuildProjection } from '#functions/ingest/rebuild';
import { rejudgerOf } from '#functions/ingest/replay';
import { uscc } from '../../corpus/build.ts';
import { committedItems, s3Event } from '../../support/ingest.ts';
import { workbookBytes } from '../../support/workbooks.ts';

const BUCKET = 'lkg-territory';
const K = uscc(9300);
const BY = { subject: 'bureau-test', unit: 'bureau' };
const NOT_YOURS = 'E_NOT_YOURS_INDICATORS';

const REGISTER = workbookBytes({
  企业项目台账: [
    ['统一社会信用代码', '企业（项目）名称', '项目状态', '招商单位', '所在街道', '建成投产日期', '报送月份'],
    [K, '武汉专班权限测试有限公司', '已建成投产', '机电产业办', '径河街', '2021-05-01', '2026-05'],
  ],
});

function indicators(month: Month, revenue: number): Uint8Array {
  return workbookBytes({
    月度经济指标: [
      ['统一社会信用代码', '月份', '营业收入（万元）'],
      [K, month, revenue],
    ],
  });
}

/** The office's service and indicators to 径河街 from 2026-06. */
const DECISION: DecisionInput = {
  keys: [K],
  from: '2026-06',
  service: 'jinghe',
  indicators: 'jinghe',
  reason: '专班裁定：由径河街服务',
  documentNo: '武临开专〔2026〕11号',
};

interface Upload {
  key: string;
  bytes: Uint8Array;
  eventTime: string;
}

/** A store, the uploads' objects, the ingest and the decision writers (with the stored uploads, as the sweep). */
function setup() {
  const store = createMemoryStore();
  const objects = new MemoryObjects();
  const clock = { now: () => new Date('2026-10-20T05:00:00.000Z') };
  const ingest = createIngestHandler({ store, objects, clock, workbooks: sheetJsWorkbooks });
  const delivered: Upload[] = [];
  const deps = () => ({
    store,
    rejudge: rejudgerOf({ store, objects, clock, workbooks: sheetJsWorkbooks }),
    coordination: coordinationOf(store)!,
    now: clock.now(),
    clock,
  });
  return {
    store,
    objects,
    clock,
    delivered,
    async deliver(upload: Upload) {
      delivered.push(upload);
      await objects.put(BUCKET, upload.key, upload.bytes, 'application/octet-stream');
      const [outcome] = await ingest(s3Event(upload.key, { eventTime: upload.eventTime, sequencer: '01' }));
      return outcome!;
    },
    decide: (input: DecisionInput = DECISION) => recordDecision(deps(), input, BY),
    end: (id: string, from: Month) =>
      endDecision(deps(), id, { from, reason: '专班复议', documentNo: null }, BY),
    status: async (id: string) => (await store.getImport(id))?.status,
    /** The unit that carries K's indicators in M, by the live timeline under the rules in force. */
    holder: async (month: Month) =>
      assignmentAt(
        ((await store.getVersions([K])).get(K) ?? []).map((v) => v.record),
        month,
        await rulesInForce(store, POLICIES),
      )?.indicators,
    revenue: async (month: Month) =>
      (await store.indicatorsByKey(K)).find((r) => r.month === month)?.values.revenue ?? null,
  };
}

let time = 0;
/** An upload of a unit's indicators of a month, later in upload order than every earlier one. */
function upload(unit: string, month: Month, revenue: number): Upload {
  time++;
  return {
    key: `uploads/${unit}/${month}-指标-${time}.xlsx`,
    bytes: indicators(month, revenue),
    eventTime: new Date(Date.UTC(2026, 9, 1, 0, time)).toISOString(),
  };
}

function registerUpload(): Upload {
  time++;
  return {
    key: `uploads/bureau/2026-05-台账-${time}.xlsx`,
    bytes: REGISTER,
    eventTime: new Date(Date.UTC(2026, 9, 1, 0, time)).toISOString(),
  };
}

const errorsOf = (outcome: { record: { findings: { code: string; severity: string }[] } | null }) =>
  outcome.record?.findings.filter((f) => f.severity === 'error').map((f) => f.code) ?? [];

/** The projection as readers see it (decision ids as they are: the same facts are loaded). */
function projection(items: readonly Item[]): Item[] {
  return committedItems(items).filter(isProjected);
}

/** A fresh rebuild of the same uploads, in the same order, with the same decisions and ends. */
async function freshRebuild(run: ReturnType<typeof setup>): Promise<Item[]> {
  const fresh = setup();
  for (const u of run.delivered) await fresh.deliver(u);
  fresh.store.table.load(run.store.table.snapshot().filter((i) => i.pk === 'DECISIONS'));
  await rebuildProjection(
    { store: fresh.store, objects: fresh.objects, clock: fresh.clock, workbooks: sheetJsWorkbooks },
    { runId: 'fresh' },
  );
  return projection(fresh.store.table.snapshot());
}

describe('upload authority follows the decisions, through the ingest', () => {
  it('before any decision the office carries the indicators (3.1.retained)', async () => {
    const run = setup();
    expect((await run.deliver(registerUpload())).status).toBe('applied');
    expect(await run.holder('2026-06')).toBe('jidian');
    const office = await run.deliver(upload('jidian', '2026-06', 100));
    const street = await run.deliver(upload('jinghe', '2026-06', 200));
    expect([office.status, street.status]).toEqual(['applied', 'rejected']);
    expect(errorsOf(street)).toEqual([NOT_YOURS]);
  });

  it('a decision, then the uploads: the decided street’s applied, the former holder’s refused; ended: the other way round', async () => {
    const run = setup();
    await run.deliver(registerUpload());
    const d = await run.decide();
    expect(await run.holder('2026-06')).toBe('jinghe');
    // Before the decision's first month the office still carries them.
    expect((await run.deliver(upload('jidian', '2026-05', 50))).status).toBe('applied');
    expect(errorsOf(await run.deliver(upload('jinghe', '2026-05', 60)))).toEqual([NOT_YOURS]);
    // From its first month the street does.
    const street = await run.deliver(upload('jinghe', '2026-06', 200));
    const office = await run.deliver(upload('jidian', '2026-06', 100));
    expect([street.status, office.status]).toEqual(['applied', 'rejected']);
    expect(errorsOf(office)).toEqual([NOT_YOURS]);
    expect(await run.revenue('2026-06')).toBe('200');

    // The decision ended from 2026-08: the office again from then on; 2026-06 stays the street's.
    await run.end(d.id, '2026-08');
    expect(await run.holder('2026-08')).toBe('jidian');
    expect(errorsOf(await run.deliver(upload('jinghe', '2026-08', 210)))).toEqual([NOT_YOURS]);
    expect((await run.deliver(upload('jidian', '2026-08', 110))).status).toBe('applied');
    expect([await run.status(street.id), await run.status(office.id)]).toEqual(['applied', 'rejected']);
    expect(projection(run.store.table.snapshot())).toEqual(await freshRebuild(run));
  });

  it('a decision recorded after the uploads re-judges them; its end re-judges them back', async () => {
    const run = setup();
    await run.deliver(registerUpload());
    const office = await run.deliver(upload('jidian', '2026-06', 100));
    const street = await run.deliver(upload('jinghe', '2026-06', 200));
    expect([office.status, street.status]).toEqual(['applied', 'rejected']);
    expect(await run.revenue('2026-06')).toBe('100');

    const d = await run.decide();
    expect([await run.status(office.id), await run.status(street.id)]).toEqual(['rejected', 'applied']);
    expect(await run.revenue('2026-06')).toBe('200');
    const changed = await run.store.getImport(office.id);
    expect(changed?.verdictChanges?.at(-1)).toMatchObject({ from: 'applied', to: 'rejected' });
    expect(changed?.verdictChanges?.at(-1)?.reason).toContain('武临开专〔2026〕11号');
    expect(changed?.findings.map((f) => f.code)).toContain(NOT_YOURS);
    expect(projection(run.store.table.snapshot())).toEqual(await freshRebuild(run));

    // Ended from 2026-07: 2026-06 stays decided; an upload for 2026-07 judged before the end is re-judged.
    const july = await run.deliver(upload('jinghe', '2026-07', 220));
    expect(july.status).toBe('applied');
    await run.end(d.id, '2026-07');
    expect(await run.status(july.id)).toBe('rejected');
    expect([await run.status(office.id), await run.status(street.id)]).toEqual(['rejected', 'applied']);
    expect(projection(run.store.table.snapshot())).toEqual(await freshRebuild(run));
  });
});

describe('whether a decision can change a verdict: the upload index answers before any file is read', () => {
  const OTHER = uscc(9301);
  /** The rules with DECISION in force (not recorded: only the question is asked). */
  const decided = rulesOf(POLICIES, [
    {
      ...DECISION,
      id: 'd-test',
      recordedBy: BY,
      recordedAt: '2026-10-20T05:00:00.000Z',
      to: null,
      trail: [],
    },
  ]);
  it.each([
    {
      case: 'records no unit upload touches: no file read',
      keys: [OTHER],
      withDecision: false,
      indexed: true,
      changes: false,
      reads: 'none',
    },
    {
      case: 'a record a unit uploaded, the rules as they are: read, no verdict changes',
      keys: [K],
      withDecision: false,
      indexed: true,
      changes: false,
      reads: 'some',
    },
    {
      case: 'a record a unit uploaded, under a decision moving it: a verdict changes',
      keys: [K],
      withDecision: true,
      indexed: true,
      changes: true,
      reads: 'some',
    },
    {
      case: 'the index cannot answer (uploads stored before it): the files are read',
      keys: [OTHER],
      withDecision: false,
      indexed: false,
      changes: false,
      reads: 'some',
    },
  ])('$case', async ({ keys, withDecision, indexed, changes, reads }) => {
    const run = setup();
    await run.deliver(registerUpload());
    await run.deliver(upload('jidian', '2026-06', 100));
    if (!indexed) await run.store.table.batchWrite([], [{ pk: 'META', sk: 'UPLOAD-INDEX' }]);
    let read = 0;
    const get = run.objects.get.bind(run.objects);
    run.objects.get = async (...args: Parameters<typeof get>) => {
      read++;
      return await get(...args);
    };
    const rejudger = rejudgerOf({
      store: run.store,
      objects: run.objects,
      clock: run.clock,
      workbooks: sheetJsWorkbooks,
    });
    const rules = withDecision ? decided : await rulesInForce(run.store, POLICIES);
    expect(await rejudger.changes(rules, keys)).toBe(changes);
    expect(read > 0 ? 'some' : 'none').toBe(reads);
  });
});
