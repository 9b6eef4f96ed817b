/**
 * A late delivery replays only its closure over keys (functions/ingest/replay.ts,
 * `replayLateInto`): for seeded random histories — registers from the bureau and from streets,
 * indicators from streets and the bureau, over a handful of enterprises and months, some
 * delivered late, some refused for authority (a street changing another street's enterprise,
 * or sending figures of one it does not carry) and accepted again when a late register moves
 * the enterprise — the store after the closure path equals, item by item, the store after the
 * same deliveries each replayed in full (the upload index dropped before every delivery, so
 * that every late one replays every stored upload), and a full replay of the result changes
 * nothing. And a late delivery reads again only the uploads sharing its keys, leaving the
 * items of every other key as they were (not rewritten).
 *
 * Compared: every item but the upload index itself (`IMP#REFUSED`, `IMP#C#…`/`UPLOADS`,
 * `META`/`UPLOAD-INDEX`) and the uploads' stored contents (`IMP#C#…`: a full replay also stores
 * the contents of refused uploads outside the closure; no reader reads those), with the import
 * records (verdicts, findings, verdict changes, items written).
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '#adapters/memory-store';
import { MemoryObjects } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { createIngestHandler } from '#functions/ingest/handler';
import { replayUploadsInto, verdictsDiffer } from '#functions/ingest/replay';
import {
  BUCKET,
  clock,
  compared,
  deliver,
  HISTORIES,
  history,
  KEYS,
  MONTHS,
} from '../../support/histories.ts';
import { s3Event } from '../../support/ingest.ts';
import { workbookBytes } from '../../support/workbooks.ts';

describe('a late delivery replays its closure over keys: the same store as the full replay', () => {
  const seeds = Array.from({ length: HISTORIES }, (_, i) => 1000 + i * 7);
  const replayed = { closure: 0, full: 0 };

  it.each(seeds)(
    'history %i: item by item as the full replay; a full replay after it changes nothing',
    async (seed) => {
      const h = history(seed);
      const closure = await deliver(h, { full: false });
      const full = await deliver(h, { full: true });
      expect(compared(closure.store.table.snapshot())).toEqual(compared(full.store.table.snapshot()));
      // A full replay of the result (as a rebuild would) writes nothing and changes no verdict.
      const before = compared(closure.store.table.snapshot());
      const result = await replayUploadsInto(
        { store: closure.store, objects: closure.objects, clock, workbooks: sheetJsWorkbooks },
        { id: 'check' },
      );
      expect(verdictsDiffer(result)).toBe(false);
      expect(result.written).toBe(0);
      expect(compared(closure.store.table.snapshot())).toEqual(before);
      for (const r of closure.late) replayed[typeof r === 'number' ? 'closure' : 'full'] += 1;
      expect(full.late.every((r) => typeof r === 'string')).toBe(true);
    },
  );

  it('most late deliveries replayed their closures alone, not every stored upload', () => {
    expect(replayed.closure).toBeGreaterThan(2 * replayed.full);
  });
});

describe('a late delivery reads and writes only what it touches', () => {
  const [A, B] = KEYS as [string, string];
  const register = (key: string, month: string, street: string) =>
    workbookBytes({
      企业项目台账: [
        ['统一社会信用代码', '企业（项目）名称', '项目状态', '所在街道', '报送月份'],
        [key, `企业${key.slice(-4)}有限公司`, '已建成投产', street, month],
      ],
    });
  const figures = (key: string, month: string) =>
    workbookBytes({
      月度经济指标: [
        ['统一社会信用代码', '月份', '营业收入（万元）'],
        [key, month, '120'],
      ],
    });

  it('a late register of A: A’s uploads re-judged and read again, B’s neither read nor written', async () => {
    const store = createMemoryStore();
    const objects = new MemoryObjects();
    const replayed: unknown[] = [];
    const logger = {
      info(message: string, extra?: { replayed?: unknown }) {
        if (message.includes('delivered late')) replayed.push(extra?.replayed);
      },
      warn() {},
      error() {},
    };
    const ingest = createIngestHandler({ store, objects, clock, workbooks: sheetJsWorkbooks, logger });
    const deliver = async (key: string, bytes: Uint8Array, at: number) => {
      await objects.put(BUCKET, key, bytes, 'application/octet-stream');
      const time = new Date(Date.UTC(2026, 9, 20, 1, at)).toISOString();
      const [outcome] = await ingest(
        s3Event(key, { eventTime: time, sequencer: String(at).padStart(2, '0') }),
      );
      expect(outcome?.status).toBe('applied');
    };
    // B: a register and figures every month; A: a register in two months.
    let at = 10;
    for (const month of MONTHS) {
      await deliver(`uploads/bureau/B-${month}.xlsx`, register(B, month, '长青街'), at++);
      await deliver(`uploads/changqing/B-${month}-指标.xlsx`, figures(B, month), at++);
    }
    await deliver('uploads/bureau/A-2026-09.xlsx', register(A, '2026-09', '金银湖街'), at++);
    await deliver('uploads/jinyinhu/A-2026-09-指标.xlsx', figures(A, '2026-09'), at++);
    const bItems = () => store.table.snapshot().filter((i) => i.pk.endsWith(B) || i.sk === B);
    const before = bItems();
    const read: string[] = [];
    const get = objects.get.bind(objects);
    objects.get = (bucket, key) => {
      read.push(key);
      return get(bucket, key);
    };
    // A's register of 2026-08, delivered late (its upload order before every other).
    await deliver('uploads/bureau/A-2026-08.xlsx', register(A, '2026-08', '金银湖街'), 1);
    expect(replayed).toEqual([3]);
    expect([...new Set(read)].sort()).toEqual(
      [
        'uploads/bureau/A-2026-08.xlsx',
        'uploads/bureau/A-2026-09.xlsx',
        'uploads/jinyinhu/A-2026-09-指标.xlsx',
      ].sort(),
    );
    expect(bItems()).toEqual(before);
    expect(await store.recordState(A)).toMatchObject({ months: ['2026-08', '2026-09'] });
  });
});
