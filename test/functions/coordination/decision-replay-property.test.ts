/**
 * The stored state is a function of the uploads and the decisions, whether or not a rebuild ran
 * (property, fast-check, capped for CI): random indicator uploads by random units and random
 * decisions (roles set to a unit, to 按规则, or left alone; some ended), recorded in a random
 * order among the uploads, then — no rebuild — the projection and every import's verdict equal
 * those of a fresh rebuild of the same uploads with the same decisions, item by item.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coordinationOf } from '#adapters/coordination-items';
import { type Item, isProjected } from '#adapters/dynamodb-items';
import { createMemoryStore } from '#adapters/memory-store';
import { MemoryObjects } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { BY_RULES, type DecisionInput, type RoleSetting } from '#domain/decisions';
import { addMonths } from '#domain/months';
import type { ImportRecord } from '#domain/ports';
import type { Month } from '#domain/types';
import { endDecision, recordDecision } from '#functions/coordination/decide';
import { createIngestHandler } from '#functions/ingest/handler';
import { rebuildProjection } from '#functions/ingest/rebuild';
import { rejudgerOf } from '#functions/ingest/replay';
import { uscc } from '../../corpus/build.ts';
import { committedItems, s3Event } from '../../support/ingest.ts';
import { workbookBytes } from '../../support/workbooks.ts';

/** The working group's documents so far: each decision recorded here gets the next 文号. */
let documents = 0;

const BUCKET = 'lkg-territory';
const BY = { subject: 'bureau-test', unit: 'bureau' };
/** 机电产业办's built in 径河街 (the office holds it), and a 金银湖街 enterprise (the street holds it). */
const KEYS = [uscc(9400), uscc(9401)] as const;
const REGISTER = workbookBytes({
  企业项目台账: [
    ['统一社会信用代码', '企业（项目）名称', '项目状态', '招商单位', '所在街道', '建成投产日期', '报送月份'],
    [KEYS[0], '武汉专班性质测试一有限公司', '已建成投产', '机电产业办', '径河街', '2021-05-01', '2026-05'],
    [KEYS[1], '武汉专班性质测试二有限公司', '已建成投产', null, '金银湖街', '2021-05-01', '2026-05'],
  ],
});
const MONTHS: Month[] = ['2026-05', '2026-06', '2026-07', '2026-08'];
/** Mostly the two units a decision about the office's enterprise moves it between. */
const UNITS = ['jidian', 'jinghe', 'jidian', 'jinghe', 'jinyinhu', 'changqing'] as const;

type Event =
  | { kind: 'upload'; unit: string; key: number; month: string; revenue: number }
  | {
      kind: 'decide';
      keys: number[];
      from: Month;
      service: RoleSetting;
      indicators: RoleSetting;
      end: number | null;
    };

const setting = fc.constantFrom<RoleSetting>(null, BY_RULES, 'jinghe', 'jinghe', 'jidian', 'changqing');
const event: fc.Arbitrary<Event> = fc.oneof(
  fc.record({
    kind: fc.constant('upload' as const),
    unit: fc.constantFrom(...UNITS),
    key: fc.constantFrom(0, 0, 0, 1),
    month: fc.constantFrom(...MONTHS),
    revenue: fc.integer({ min: 1, max: 999 }),
  }),
  fc
    .record({
      kind: fc.constant('decide' as const),
      keys: fc.subarray([0, 1], { minLength: 1 }),
      from: fc.constantFrom(...MONTHS),
      service: setting,
      indicators: setting,
      end: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
    })
    .filter((d) => d.service !== null || d.indicators !== null),
);

interface Upload {
  key: string;
  bytes: Uint8Array;
  eventTime: string;
}

function setup() {
  const store = createMemoryStore();
  const objects = new MemoryObjects();
  const clock = { now: () => new Date('2026-10-20T05:00:00.000Z') };
  const ingest = createIngestHandler({ store, objects, clock, workbooks: sheetJsWorkbooks });
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
    async deliver(u: Upload) {
      await objects.put(BUCKET, u.key, u.bytes, 'application/octet-stream');
      await ingest(s3Event(u.key, { eventTime: u.eventTime, sequencer: '01' }));
    },
    deps,
  };
}

/** The projection as readers see it, and each upload's verdict by object key. */
function state(items: readonly Item[]): { projection: Item[]; verdicts: Record<string, string> } {
  const verdicts: Record<string, string> = {};
  for (const item of items) {
    const record = item.sk === 'IMP' ? (item.record as ImportRecord) : null;
    if (record?.objectKey.startsWith('uploads/'))
      verdicts[record.objectKey] = record.status === 'unchanged' ? 'applied' : record.status;
  }
  return { projection: committedItems(items).filter(isProjected), verdicts };
}

async function run(events: readonly Event[]) {
  const live = setup();
  const uploads: Upload[] = [];
  let minute = 0;
  const next = (bytes: Uint8Array, name: string): Upload => {
    minute++;
    return {
      key: `uploads/${name}-${minute}.xlsx`,
      bytes,
      eventTime: new Date(Date.UTC(2026, 9, 1, 0, minute)).toISOString(),
    };
  };
  const register = next(REGISTER, 'bureau/台账');
  uploads.push(register);
  await live.deliver(register);
  for (const e of events) {
    if (e.kind === 'upload') {
      const u = next(
        workbookBytes({
          月度经济指标: [
            ['统一社会信用代码', '月份', '营业收入（万元）'],
            [KEYS[e.key] as string, e.month, e.revenue],
          ],
        }),
        `${e.unit}/指标`,
      );
      uploads.push(u);
      await live.deliver(u);
    } else {
      const input: DecisionInput = {
        keys: e.keys.map((i) => KEYS[i] as string),
        from: e.from,
        service: e.service,
        indicators: e.indicators,
        reason: '专班裁定',
        // each decision its own document (the same 文号 and keys with another body is a conflict)
        documentNo: `武临开专〔2026〕${++documents}号`,
      };
      const d = await recordDecision(live.deps(), input, BY);
      if (e.end !== null)
        await endDecision(
          live.deps(),
          d.id,
          { from: addMonths(e.from, e.end), reason: null, documentNo: null },
          BY,
        );
    }
  }
  // The reference: the same uploads delivered to a fresh store, the same decisions, one rebuild.
  const fresh = setup();
  for (const u of uploads) await fresh.deliver(u);
  fresh.store.table.load(live.store.table.snapshot().filter((i) => i.pk === 'DECISIONS'));
  await rebuildProjection(
    { store: fresh.store, objects: fresh.objects, clock: fresh.clock, workbooks: sheetJsWorkbooks },
    { runId: 'fresh' },
  );
  expect(state(live.store.table.snapshot())).toEqual(state(fresh.store.table.snapshot()));
}

describe('uploads and decisions in any recording order, no rebuild = a fresh rebuild (property)', () => {
  it('random uploads and decisions', { timeout: 240_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 3, maxLength: 6 }), (events) => run(events)),
      {
        numRuns: 6,
        // Always among the runs: uploads judged before a decision that changes their verdicts, and its end.
        examples: [
          [
            [
              { kind: 'upload', unit: 'jidian', key: 0, month: '2026-06', revenue: 100 },
              { kind: 'upload', unit: 'jinghe', key: 0, month: '2026-07', revenue: 200 },
              { kind: 'decide', keys: [0], from: '2026-06', service: null, indicators: 'jinghe', end: 1 },
              { kind: 'upload', unit: 'jidian', key: 0, month: '2026-08', revenue: 300 },
            ],
          ],
        ],
      },
    );
  });
});
