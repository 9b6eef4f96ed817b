/**
 * Figures merge cell by cell, through the ingest handler on the memory store (domain/figures.ts):
 * random sequences of indicator uploads by the bureau, the street that carries the
 * enterprises and a street that does not, each giving a random subset of cells (numbers, 0,
 * empty, "—", "-", 撤回) in a random subset of columns, some uploaded again later, delivered
 * in a random order (late deliveries replay): every stored figure equals its latest given
 * value in upload order, set by that upload's content; a withdrawn or never given figure is
 * 未报; a rebuild leaves every figure item as it is. Then cases: partial uploads, 撤回, the bureau's later upload, targets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentIdOf, type Item } from '#adapters/dynamodb-items';
import { createMemoryStore, type MemoryStore } from '#adapters/memory-store';
import { MemoryObjects } from '#adapters/s3-objects';
import { readWorkbookFile } from '#adapters/workbook-reader';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { INDICATOR_IDS } from '#domain/indicators';
import { listedKeyProjects } from '#domain/key-projects';
import { chinaMonth } from '#domain/months';
import { POLICIES } from '#domain/policy/index';
import { checkWorkbook } from '#domain/registers/index';
import { createIngestHandler } from '#functions/ingest/handler';
import { rebuildProjection } from '#functions/ingest/rebuild';
import { REGISTER_HEADER, registerRow } from '../../domain/registers/helpers.ts';
import { committedItems, s3Event } from '../../support/ingest.ts';
import { type Rows, workbookBytes } from '../../support/workbooks.ts';

const BUCKET = 'lkg-territory';
/** Two local enterprises of 径河街 (no recruiter): 径河街 serves them and carries their indicators. */
const KEYS = ['91350100M000100Y43', '91440300708461136T'] as const;
const MONTHS = ['2026-09', '2026-10'] as const;
const COLUMNS = [
  ['revenue', '营业收入（万元）'],
  ['tax', '税收收入（万元）'],
  ['fai', '固定资产投资（万元）'],
] as const;
type Column = (typeof COLUMNS)[number][0];
const CELLS = ['12.5', '0', '7', '', '—', '-', '撤回'] as const;
type CellText = (typeof CELLS)[number];
const UPLOADERS = ['bureau', 'jinghe', 'changqing'] as const;
type Uploader = (typeof UPLOADERS)[number];

interface FigureUpload {
  uploader: Uploader;
  columns: Column[];
  rows: { key: string; month: string; cells: CellText[] }[];
}

const upload: fc.Arbitrary<FigureUpload> = fc
  .record({
    uploader: fc.constantFrom(...UPLOADERS),
    columns: fc.subarray(
      COLUMNS.map((c) => c[0]),
      { minLength: 1 },
    ),
    rows: fc.uniqueArray(
      fc.record({
        key: fc.constantFrom(...KEYS),
        month: fc.constantFrom(...MONTHS),
        cells: fc.array(fc.constantFrom(...CELLS), { minLength: 3, maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 4, selector: (r) => `${r.key}#${r.month}` },
    ),
  })
  .map((u) => ({ ...u, rows: u.rows.map((r) => ({ ...r, cells: r.cells.slice(0, u.columns.length) })) }));

function numberOrText(text: CellText): string | number | null {
  if (text === '') return null;
  if (text === '12.5' || text === '0' || text === '7') return Number(text);
  return text;
}

function indicatorBytes(u: FigureUpload): Uint8Array {
  const header = [
    '统一社会信用代码',
    '月份',
    ...u.columns.map((c) => COLUMNS.find((x) => x[0] === c)?.[1] ?? c),
  ];
  const rows: Rows = [header, ...u.rows.map((r) => [r.key, r.month, ...r.cells.map(numberOrText)])];
  return workbookBytes({ 月度经济指标: rows });
}

function registerBytes(): Uint8Array {
  const rows: Rows = [
    [...REGISTER_HEADER],
    ...KEYS.map(
      (key, i) =>
        registerRow({
          统一社会信用代码: key,
          '企业（项目）名称': `武汉径河测试${i}有限公司`,
          招商单位: '',
          所在街道: '径河街',
          报送月份: '2026-09',
        }) as (string | number | null)[],
    ),
  ];
  return workbookBytes({ 企业项目台账: rows });
}

/** True when the row gives a figure or withdraws one (a row that does neither changes nothing). */
const givesSomething = (r: FigureUpload['rows'][number]) =>
  r.cells.some((c) => c === '12.5' || c === '0' || c === '7' || c === '撤回');

/** The model: per enterprise-month-indicator, the latest given value in upload order, and its upload. */
function expectedFigures(uploads: readonly FigureUpload[]): Map<string, { value: string; upload: number }> {
  const out = new Map<string, { value: string; upload: number }>();
  uploads.forEach((u, n) => {
    // 长青街 carries none of them: its upload is refused when a row gives or withdraws anything.
    if (u.uploader === 'changqing' && u.rows.some(givesSomething)) return;
    for (const r of u.rows) {
      const at = (c: string) => `${r.key}#${r.month}#${c}`;
      if (r.cells.every((c) => c === '撤回')) {
        for (const id of INDICATOR_IDS) out.delete(at(id));
        continue;
      }
      r.cells.forEach((c, i) => {
        const column = u.columns[i] as Column;
        if (c === '撤回') out.delete(at(column));
        else if (c === '12.5' || c === '0' || c === '7') out.set(at(column), { value: c, upload: n });
      });
    }
  });
  return out;
}

interface Delivery {
  key: string;
  bytes: Uint8Array;
  eventTime: string;
}

const CLOCK = { now: () => new Date('2026-11-20T00:00:00.000Z') };

function ingestOn(store: MemoryStore, objects: MemoryObjects) {
  return createIngestHandler({ store, objects, clock: CLOCK, workbooks: sheetJsWorkbooks });
}

/** The indicator and target items as readers see them (without the writer's id). */
function figureItems(store: MemoryStore): Item[] {
  return committedItems(store.table.snapshot()).filter((i) => i.pk.startsWith('I#') || i.pk.startsWith('T#'));
}

async function deliver(
  store: MemoryStore,
  objects: MemoryObjects,
  list: readonly Delivery[],
): Promise<string[]> {
  const ingest = ingestOn(store, objects);
  const statuses: string[] = [];
  for (const d of list) {
    await objects.put(BUCKET, d.key, d.bytes, 'application/octet-stream');
    const [outcome] = await ingest(s3Event(d.key, { eventTime: d.eventTime, sequencer: '01' }));
    statuses.push(outcome?.status ?? 'none');
  }
  return statuses;
}

/** The content id the ingest gives an upload's bytes. */
async function contentOfBytes(d: Delivery): Promise<string> {
  const fileName = d.key.slice(d.key.lastIndexOf('/') + 1);
  const read = await readWorkbookFile(d.bytes, fileName);
  const parsed = checkWorkbook(read.sheets, {
    fileName,
    uploadedMonth: chinaMonth(d.eventTime),
    keyProjects: listedKeyProjects(POLICIES),
  });
  return contentIdOf(parsed);
}

/** Every stored figure readers see, and the source each indicator item names for it. */
async function storedFigures(store: MemoryStore): Promise<Map<string, { value: string; source: string }>> {
  const items = committedItems(store.table.snapshot()).filter((i) => i.pk.startsWith('I#'));
  const sources = new Map(
    items.map((i) => [`${String(i.key)}#${String(i.month)}`, (i.sources ?? {}) as Record<string, string>]),
  );
  const out = new Map<string, { value: string; source: string }>();
  for (const key of KEYS) {
    for (const row of await store.indicatorsByKey(key)) {
      for (const [id, value] of Object.entries(row.values)) {
        expect(value, `${key} ${row.month} ${id}`).not.toBeNull();
        out.set(`${key}#${row.month}#${id}`, {
          value: String(value),
          source: sources.get(`${key}#${row.month}`)?.[id] ?? '',
        });
      }
    }
  }
  return out;
}

const REGISTER: Delivery = {
  key: 'uploads/bureau/2026-09-台账.xlsx',
  bytes: registerBytes(),
  eventTime: '2026-10-01T00:00:00.000Z',
};

describe('figures merge cell by cell (property, through the ingest handler)', () => {
  it('random uploads delivered in random order: every figure is its latest given value in upload order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .record({
            uploads: fc.array(upload, { minLength: 1, maxLength: 5 }),
            again: fc.array(fc.nat(), { maxLength: 1 }),
          })
          .map(({ uploads, again }) => [
            ...uploads,
            ...again.map((n) => uploads[n % uploads.length] as FigureUpload),
          ])
          .chain((list) =>
            fc.tuple(
              fc.constant(list),
              fc.shuffledSubarray(
                list.map((_, i) => i),
                { minLength: list.length, maxLength: list.length },
              ),
            ),
          ),
        async ([uploads, order]) => {
          const deliveries: Delivery[] = uploads.map((u, i) => ({
            key: `uploads/${u.uploader}/${i}-指标.xlsx`,
            bytes: indicatorBytes(u),
            eventTime: new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString(),
          }));
          const store = createMemoryStore();
          const objects = new MemoryObjects();
          await deliver(store, objects, [REGISTER]);
          await deliver(
            store,
            objects,
            order.map((i) => deliveries[i] as Delivery),
          );
          const expected = expectedFigures(uploads);
          const contents = await Promise.all(deliveries.map(contentOfBytes));
          const stored = await storedFigures(store);
          expect(
            new Map([...stored].map(([k, v]) => [k, v.value])),
            JSON.stringify({ uploads, order }),
          ).toEqual(new Map([...expected].map(([k, v]) => [k, v.value])));
          for (const [at, want] of expected) expect(stored.get(at)?.source, at).toBe(contents[want.upload]);
          // A rebuild (every stored upload replayed in upload order) gives the same figures.
          const before = figureItems(store);
          await rebuildProjection(
            { store, objects, clock: CLOCK, workbooks: sheetJsWorkbooks },
            { runId: 'r' },
          );
          expect(figureItems(store)).toEqual(before);
        },
      ),
      { numRuns: 12 },
    );
  }, 120_000);
});

describe('figures merge cell by cell (cases, through the ingest handler)', () => {
  const [A, B] = KEYS;
  const at = (n: number) => new Date(Date.UTC(2026, 10, 1, 0, n)).toISOString();
  const up = (n: number, uploader: Uploader, u: Omit<FigureUpload, 'uploader'>): Delivery => ({
    key: `uploads/${uploader}/${n}-指标.xlsx`,
    bytes: indicatorBytes({ uploader, ...u }),
    eventTime: at(n),
  });
  const figuresOf = async (store: MemoryStore, key: string) =>
    Object.fromEntries((await store.indicatorsByKey(key)).map((row) => [row.month, row.values]));

  const cases: {
    name: string;
    uploads: Delivery[];
    statuses: string[];
    after: Record<string, Record<string, string>>;
  }[] = [
    {
      name: 'a street’s partial upload keeps the figures another upload stored',
      uploads: [
        up(1, 'bureau', {
          columns: ['revenue', 'tax'],
          rows: [{ key: A, month: '2026-10', cells: ['12.5', '7'] }],
        }),
        up(2, 'jinghe', { columns: ['fai'], rows: [{ key: A, month: '2026-10', cells: ['0'] }] }),
      ],
      statuses: ['applied', 'applied'],
      after: { '2026-10': { revenue: '12.5', tax: '7', fai: '0' } },
    },
    {
      name: 'a row of marks changes nothing, even from a street that does not carry the enterprise',
      uploads: [
        up(1, 'jinghe', {
          columns: ['revenue', 'tax'],
          rows: [{ key: A, month: '2026-10', cells: ['12.5', '7'] }],
        }),
        up(2, 'changqing', {
          columns: ['revenue', 'tax'],
          rows: [{ key: A, month: '2026-10', cells: ['—', '-'] }],
        }),
      ],
      statuses: ['applied', 'unchanged'],
      after: { '2026-10': { revenue: '12.5', tax: '7' } },
    },
    {
      name: '撤回 in one cell withdraws that figure only',
      uploads: [
        up(1, 'jinghe', {
          columns: ['revenue', 'tax'],
          rows: [{ key: A, month: '2026-10', cells: ['12.5', '7'] }],
        }),
        up(2, 'jinghe', {
          columns: ['revenue', 'tax'],
          rows: [{ key: A, month: '2026-10', cells: ['撤回', ''] }],
        }),
      ],
      statuses: ['applied', 'applied'],
      after: { '2026-10': { tax: '7' } },
    },
    {
      name: '撤回 in every column of a row withdraws the enterprise-month; the other month is kept',
      uploads: [
        up(1, 'jinghe', {
          columns: ['revenue', 'tax'],
          rows: [
            { key: A, month: '2026-10', cells: ['12.5', '7'] },
            { key: A, month: '2026-09', cells: ['7', '7'] },
          ],
        }),
        up(2, 'bureau', { columns: ['tax'], rows: [{ key: A, month: '2026-10', cells: ['撤回'] }] }),
      ],
      statuses: ['applied', 'applied'],
      after: { '2026-09': { revenue: '7', tax: '7' } },
    },
    {
      name: '撤回 by a street that does not carry the enterprise is refused',
      uploads: [
        up(1, 'jinghe', { columns: ['revenue'], rows: [{ key: A, month: '2026-10', cells: ['12.5'] }] }),
        up(2, 'changqing', { columns: ['revenue'], rows: [{ key: A, month: '2026-10', cells: ['撤回'] }] }),
      ],
      statuses: ['applied', 'rejected'],
      after: { '2026-10': { revenue: '12.5' } },
    },
    {
      name: 'the bureau’s later upload wins its cells; the street’s other cells stay',
      uploads: [
        up(1, 'jinghe', {
          columns: ['revenue', 'tax'],
          rows: [{ key: A, month: '2026-10', cells: ['12.5', '7'] }],
        }),
        up(2, 'bureau', { columns: ['revenue'], rows: [{ key: A, month: '2026-10', cells: ['0'] }] }),
      ],
      statuses: ['applied', 'applied'],
      after: { '2026-10': { revenue: '0', tax: '7' } },
    },
    {
      name: 'the street’s upload after the bureau’s wins its cells (latest wins, whoever sent it)',
      uploads: [
        up(1, 'bureau', {
          columns: ['revenue', 'tax'],
          rows: [{ key: A, month: '2026-10', cells: ['12.5', '7'] }],
        }),
        up(2, 'jinghe', {
          columns: ['revenue', 'tax'],
          rows: [{ key: A, month: '2026-10', cells: ['0', ''] }],
        }),
      ],
      statuses: ['applied', 'applied'],
      after: { '2026-10': { revenue: '0', tax: '7' } },
    },
    {
      name: 'a figure is never carried to another month',
      uploads: [
        up(1, 'jinghe', { columns: ['revenue'], rows: [{ key: A, month: '2026-09', cells: ['7'] }] }),
        up(2, 'jinghe', {
          columns: ['revenue', 'tax'],
          rows: [{ key: A, month: '2026-10', cells: ['', '7'] }],
        }),
      ],
      statuses: ['applied', 'applied'],
      after: { '2026-09': { revenue: '7' }, '2026-10': { tax: '7' } },
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      for (const list of [c.uploads, [...c.uploads].reverse()]) {
        const store = createMemoryStore();
        const objects = new MemoryObjects();
        await deliver(store, objects, [REGISTER]);
        const statuses = await deliver(store, objects, list);
        if (list === c.uploads) expect(statuses).toEqual(c.statuses);
        expect(await figuresOf(store, A as string)).toEqual(c.after);
        expect(await figuresOf(store, B as string)).toEqual({});
      }
    });
  }

  it('equal ranks (the same event time and sequencer): the greater content id wins the cell, whatever the delivery order', async () => {
    const one = up(1, 'bureau', {
      columns: ['revenue', 'tax'],
      rows: [{ key: A, month: '2026-10', cells: ['12.5', ''] }],
    });
    const two = {
      ...up(2, 'jinghe', { columns: ['revenue'], rows: [{ key: A, month: '2026-10', cells: ['7'] }] }),
      eventTime: one.eventTime,
    };
    const [c1, c2] = await Promise.all([contentOfBytes(one), contentOfBytes(two)]);
    const winner = (c1 as string) > (c2 as string) ? '12.5' : '7';
    for (const list of [
      [one, two],
      [two, one],
    ]) {
      const store = createMemoryStore();
      const objects = new MemoryObjects();
      await deliver(store, objects, [REGISTER, ...list]);
      expect(await figuresOf(store, A as string)).toEqual({ '2026-10': { revenue: winner } });
    }
  });

  it('the report lists each withdrawal; the same file again writes no data item', async () => {
    const store = createMemoryStore();
    const objects = new MemoryObjects();
    await deliver(store, objects, [REGISTER]);
    const first = up(1, 'jinghe', {
      columns: ['revenue', 'tax'],
      rows: [{ key: A, month: '2026-10', cells: ['12.5', '7'] }],
    });
    const withdraw = up(2, 'jinghe', {
      columns: ['revenue', 'tax'],
      rows: [
        { key: A, month: '2026-10', cells: ['撤回', '撤回'] },
        { key: B, month: '2026-10', cells: ['撤回', '—'] },
      ],
    });
    await deliver(store, objects, [first, withdraw]);
    const record = (await store.listImports({ limit: 10 })).items.find((r) => r.objectKey === withdraw.key);
    expect(
      record?.findings.filter((f) => f.code === 'W_FIGURE_WITHDRAWN').map((f) => [f.row, f.column]),
    ).toEqual([
      [2, 'C 营业收入（万元）'],
      [2, 'D 税收收入（万元）'],
      [3, 'C 营业收入（万元）'],
    ]);
    expect(await figuresOf(store, A as string)).toEqual({});
    const again = { ...first, key: 'uploads/jinghe/3-指标.xlsx', eventTime: at(3) };
    const [status] = await deliver(store, objects, [again]);
    expect(status).toBe('applied');
    expect(await figuresOf(store, A as string)).toEqual({ '2026-10': { revenue: '12.5', tax: '7' } });
    const repeat = { ...again, key: 'uploads/jinghe/4-指标.xlsx', eventTime: at(4) };
    await deliver(store, objects, [repeat]);
    const last = (await store.listImports({ limit: 10 })).items.find((r) => r.objectKey === repeat.key);
    expect(last?.status).toBe('unchanged');
    expect(last?.counts.itemsWritten).toBe(0);
  });
});

describe('targets merge cell by cell (cases, through the ingest handler)', () => {
  const HEADER = ['单位', '年度', '营业收入（万元）', '税收收入（万元）'];
  const up = (n: number, rows: (string | number | null)[][], header = HEADER): Delivery => ({
    key: `uploads/bureau/${n}-目标.xlsx`,
    bytes: workbookBytes({ 年度目标: [header, ...rows] }),
    eventTime: new Date(Date.UTC(2026, 10, 1, 0, n)).toISOString(),
  });
  const cases: { name: string; uploads: Delivery[]; after: Record<string, Record<string, string>> }[] = [
    {
      name: 'a later upload with one column keeps the other',
      uploads: [
        up(1, [['长青街', 2026, 100, 10]]),
        up(2, [['长青街', 2026, 120]], ['单位', '年度', '营业收入（万元）']),
      ],
      after: { changqing: { revenue: '120', tax: '10' } },
    },
    {
      name: 'empty cells and marks change nothing; a typed 0 is 0',
      uploads: [up(1, [['长青街', 2026, 100, 10]]), up(2, [['长青街', 2026, '—', 0]])],
      after: { changqing: { revenue: '100', tax: '0' } },
    },
    {
      name: '撤回 one target',
      uploads: [up(1, [['长青街', 2026, 100, 10]]), up(2, [['长青街', 2026, '撤回', null]])],
      after: { changqing: { tax: '10' } },
    },
    {
      name: '撤回 in every column withdraws the unit-year; another unit is kept',
      uploads: [
        up(1, [
          ['长青街', 2026, 100, 10],
          ['径河街', 2026, 50, 5],
        ]),
        up(2, [['长青街', 2026, '撤回', '撤回']]),
      ],
      after: { jinghe: { revenue: '50', tax: '5' } },
    },
    {
      name: 'another unit’s row in a later upload leaves the first unit’s targets alone',
      uploads: [up(1, [['长青街', 2026, 100, 10]]), up(2, [['径河街', 2026, 50, null]])],
      after: { changqing: { revenue: '100', tax: '10' }, jinghe: { revenue: '50' } },
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      for (const list of [c.uploads, [...c.uploads].reverse()]) {
        const store = createMemoryStore();
        const objects = new MemoryObjects();
        await deliver(store, objects, list);
        const targets = Object.fromEntries((await store.targets(2026)).map((t) => [t.unit, t.values]));
        expect(targets).toEqual(c.after);
      }
    });
  }
});
