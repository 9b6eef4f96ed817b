/**
 * The stored state is one pure function of the set of uploads (
 * docs/files.md): random sets of uploads — registers with random absent columns and
 * repeated 报送月份, the same data uploaded again later, indicators and targets giving random
 * subsets of cells (figures, 0, empty, 撤回), contacts —
 * delivered in a random permutation leave the in-memory store, item by item, exactly as
 * delivering them in upload order does (the content as readers see it: without the id of
 * the import that wrote each item, and without tombstones).
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentIdOf, emptyWorkbook, type Item, isProjected } from '#adapters/dynamodb-items';
import { createMemoryStore } from '#adapters/memory-store';
import { contextFromVersions, judgeUpload } from '#domain/authority/index';
import { rulesOf } from '#domain/decisions';
import { rankOf, versionsBefore } from '#domain/ingest';
import { POLICIES } from '#domain/policy/index';
import type { UploadOrder } from '#domain/ports';
import { RECORD_FIELDS } from '#domain/registers/merge';
import { type ReplayUpload, replayUploads } from '#domain/replay';
import type { Month } from '#domain/types';
import {
  type ContactRow,
  hasErrors,
  type IndicatorRow,
  type ParsedWorkbook,
  type RegisterRecord,
  type RegisterRow,
} from '#domain/types';
import type { StreetId, UnitId } from '#domain/units';
import { r } from '../../cases/record.ts';
import { committedItems } from '../../support/ingest.ts';

const KEYS = ['91420112MA0000001A', '91420112MA0000002B', 'P-0003'] as const;
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04'] as const;
const STREETS: readonly StreetId[] = ['jinyinhu', 'changqing', 'jinghe', 'zoumaling'];
/** Columns a sheet may lack (名称, 项目状态 and 所在街道 stay: new records need them). */
const OPTIONAL: readonly (keyof RegisterRecord)[] = [
  'recruiter',
  'statStreet',
  'zone',
  'aboveScale',
  'category',
  'completedOn',
  'note',
];

const record = fc.record({
  key: fc.constantFrom(...KEYS),
  name: fc.constantFrom('甲企业有限公司', '乙企业有限公司', '丙科技有限公司'),
  stage: fc.constantFrom('built', 'building', 'signed', 'new', 'inactive' as const),
  recruiter: fc.constantFrom(null, 'jidian', 'shipin', 'changqing'),
  street: fc.constantFrom(...STREETS),
  statStreet: fc.constantFrom(null, 'changqing', 'jinghe'),
  aboveScale: fc.boolean(),
  category: fc.constantFrom(null, '智能装备', '食品'),
  completedOn: fc.constantFrom(null, '2026-02-10', '2026-03-31', '2026-05-01'),
  note: fc.constantFrom(null, '备注一', '备注二'),
});

/** A register upload: one 报送月份, a few records, some optional columns absent. */
const registerUpload = fc
  .record({
    month: fc.constantFrom(...MONTHS),
    records: fc.uniqueArray(record, { minLength: 1, maxLength: 3, selector: (x) => x.key }),
    absent: fc.subarray([...OPTIONAL]),
  })
  .map(({ month, records, absent }): ParsedWorkbook => {
    const present = RECORD_FIELDS.filter((f) => !absent.includes(f));
    const register: RegisterRow[] = records.map((x, i) => ({
      sheet: '台账',
      row: i + 2,
      present,
      record: r({
        ...x,
        key: x.key,
        uscc: x.key.startsWith('P-') ? null : x.key,
        projectCode: x.key.startsWith('P-') ? x.key : null,
        stage: x.stage as RegisterRecord['stage'],
        recruiter: x.recruiter as RegisterRecord['recruiter'],
        statStreet: x.statStreet as RegisterRecord['statStreet'],
        month,
      }),
    }));
    return emptyWorkbook({ registerMonth: month, register });
  });

/** A cell of a partial upload: a figure, 0, empty (null), or 撤回. */
const figureCell = fc.constantFrom<string | null>('1', '2.5', '100', '0', null, null, '撤回');
const indicatorRow = fc.record({
  key: fc.constantFrom(...KEYS),
  month: fc.constantFrom('2025-12', ...MONTHS),
  // Partial uploads: each row gives a random subset of the columns, each cell a random kind.
  cells: fc.dictionary(fc.constantFrom('revenue', 'tax', 'fai'), figureCell, { minKeys: 1 }),
});

/** An indicator row as read: the columns given (null: empty or 撤回) and the ones reading 撤回. */
function figureRow(cells: Record<string, string | null>): Pick<IndicatorRow, 'values' | 'withdrawn'> {
  const values: Record<string, string | null> = {};
  const withdrawn: string[] = [];
  for (const [id, cell] of Object.entries(cells)) {
    values[id] = cell === '撤回' ? null : cell;
    if (cell === '撤回') withdrawn.push(id);
  }
  return withdrawn.length > 0 ? { values, withdrawn } : { values };
}

const otherUpload = fc
  .record({
    indicators: fc.uniqueArray(indicatorRow, { maxLength: 4, selector: (x) => `${x.key}#${x.month}` }),
    target: fc.option(fc.dictionary(fc.constantFrom('revenue', 'tax'), figureCell, { minKeys: 1 }), {
      nil: null,
    }),
    contact: fc.option(fc.constantFrom('a@example.cn', 'b@example.cn'), { nil: null }),
  })
  .map(({ indicators, target, contact }): ParsedWorkbook => {
    const rows: IndicatorRow[] = indicators.map((x) => ({
      key: x.key,
      month: x.month,
      ...figureRow(x.cells),
    }));
    const contacts: ContactRow[] = contact
      ? [{ unit: 'jinghe', name: '联系人', email: contact, receives: true }]
      : [];
    return emptyWorkbook({
      indicators: rows.map((x, i) => ({ ...x, sheet: '指标', row: i + 2, name: null })),
      targets: target ? [{ unit: 'jinghe', year: 2026, ...figureRow(target), sheet: '目标', row: 2 }] : [],
      contacts: contacts.map((c, i) => ({ ...c, sheet: '联系人', row: i + 2 })),
    });
  });

interface Upload {
  parsed: ParsedWorkbook;
  order: UploadOrder;
}

/** Uploads in upload order (distinct event times), some of them the same data again later. */
const uploads = fc
  .record({
    // Every record is registered once with all columns first, so that no row lacks a stored version.
    workbooks: fc.array(fc.oneof(registerUpload, registerUpload, otherUpload), {
      minLength: 1,
      maxLength: 6,
    }),
    again: fc.array(fc.nat(), { maxLength: 2 }),
  })
  .map(({ workbooks, again }): Upload[] => {
    const first = emptyWorkbook({
      registerMonth: '2025-12',
      register: KEYS.map((key, i) => ({
        sheet: '台账',
        row: i + 2,
        present: RECORD_FIELDS,
        record: r({ key, month: '2025-12', street: STREETS[i] as StreetId, name: `初始企业${i}有限公司` }),
      })),
    });
    const all = [first, ...workbooks];
    for (const n of again) all.push(all[n % all.length] as ParsedWorkbook);
    return all.map((parsed, i) => ({
      parsed,
      order: {
        eventTime: new Date(Date.UTC(2026, 4, 1, 0, i)).toISOString(),
        sequencer: String(i).padStart(4, '0'),
        importId: `imp-${i}`,
      },
    }));
  });

async function stateAfter(delivered: readonly Upload[]): Promise<Item[]> {
  const store = createMemoryStore();
  for (const u of delivered) await store.applyWorkbook(u.parsed, u.order);
  return committedItems(store.table.snapshot());
}

describe('delivery order', () => {
  it('any permutation of a set of uploads leaves the store item by item as upload order does', async () => {
    await fc.assert(
      fc.asyncProperty(
        uploads.chain((list) =>
          fc.tuple(
            fc.constant(list),
            fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
          ),
        ),
        async ([inOrder, permuted]) => {
          const expected = await stateAfter(inOrder);
          const actual = await stateAfter(permuted);
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });
});

// ───────────── verdicts are part of the projection ─────────────

/**
 * Uploads of different units whose verdicts depend on each other: the bureau registers or
 * moves a record into a street, then streets change it (allowed only for the street it is in
 * at that point), register new records in their own street, report indicators, send contacts.
 */
const UPLOADERS: readonly UnitId[] = ['bureau', 'changqing', 'jinghe'];
const AKEYS = ['91420112MA0000011A', '91420112MA0000012B'] as const;

const authorityUpload = fc.oneof(
  fc
    .record({
      uploader: fc.constantFrom(...UPLOADERS),
      month: fc.constantFrom('2026-01', '2026-02', '2026-03'),
      records: fc.uniqueArray(
        fc.record({
          key: fc.constantFrom(...AKEYS),
          street: fc.constantFrom<StreetId>('changqing', 'jinghe'),
          name: fc.constantFrom('甲企业有限公司', '乙企业有限公司'),
          stage: fc.constantFrom('built', 'building' as const),
        }),
        { minLength: 1, maxLength: 2, selector: (x) => x.key },
      ),
    })
    .map(({ uploader, month, records }) => ({
      uploader,
      workbook: emptyWorkbook({
        registerMonth: month,
        register: records.map((x, i) => ({
          sheet: '台账',
          row: i + 2,
          present: RECORD_FIELDS,
          record: r({ ...x, uscc: x.key, month, stage: x.stage as RegisterRecord['stage'] }),
        })),
      }),
    })),
  fc
    .record({
      uploader: fc.constantFrom(...UPLOADERS),
      key: fc.constantFrom(...AKEYS),
      month: fc.constantFrom('2026-02', '2026-03'),
      revenue: fc.constantFrom('1', '2'),
    })
    .map(({ uploader, key, month, revenue }) => ({
      uploader,
      workbook: emptyWorkbook({
        indicators: [{ key, month, values: { revenue }, sheet: '指标', row: 2, name: null }],
      }),
    })),
  fc
    .record({ uploader: fc.constantFrom(...UPLOADERS), unit: fc.constantFrom<UnitId>('changqing', 'jinghe') })
    .map(({ uploader, unit }) => ({
      uploader,
      workbook: emptyWorkbook({
        contacts: [
          { unit, name: '联系人', email: `${unit}@example.cn`, receives: true, sheet: '联系人', row: 2 },
        ],
      }),
    })),
);

const authorityUploads = fc
  .array(authorityUpload, { minLength: 1, maxLength: 6 })
  .map((list): ReplayUpload[] =>
    list.map((u, i) => ({
      importId: `imp-${i}`,
      uploader: u.uploader,
      eventTime: new Date(Date.UTC(2026, 4, 1, 0, i)).toISOString(),
      sequencer: String(i).padStart(4, '0'),
      contentId: contentIdOf(u.workbook),
      workbook: u.workbook,
    })),
  );

/**
 * Delivers uploads one by one as the ingest does: an upload later than everything delivered
 * is judged against the stored state and applied incrementally; an upload delivered late
 * replays the delivered set (every later upload re-judged) and re-projects the store.
 * Returns the projection (item by item) and the verdict of every upload.
 */
async function deliverAll(
  delivered: readonly ReplayUpload[],
): Promise<{ items: Item[]; verdicts: Map<string, string> }> {
  const store = createMemoryStore();
  const verdicts = new Map<string, string>();
  const seen: ReplayUpload[] = [];
  for (const u of delivered) {
    const rank = rankOf(u, u.contentId);
    const late = seen.some((x) => rankOf(x, x.contentId) > rank);
    seen.push(u);
    if (late) {
      const steps = replayUploads(seen, rulesOf(POLICIES));
      await store.replayProjection(steps, `replay-${u.importId}`);
      for (const step of steps) verdicts.set(step.importId, step.status);
      continue;
    }
    const stored = await store.storedStateFor(u.workbook, u.contentId);
    const verdict = judgeUpload(
      u.uploader,
      u.workbook,
      contextFromVersions((key) => versionsBefore(stored, key, rank), rulesOf(POLICIES)),
    );
    const status = hasErrors(verdict.findings) ? 'rejected' : 'applied';
    verdicts.set(u.importId, status);
    if (status === 'applied')
      await store.applyWorkbook(verdict.workbook, { ...u, importId: u.importId }, u.contentId);
  }
  return { items: committedItems(store.table.snapshot()).filter(isProjected), verdicts };
}

describe('delivery order with upload authority', () => {
  it('uploads of different units whose verdicts depend on each other: any permutation gives the same projection and the same verdicts', async () => {
    await fc.assert(
      fc.asyncProperty(
        authorityUploads.chain((list) =>
          fc.tuple(
            fc.constant(list),
            fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
          ),
        ),
        async ([inOrder, permuted]) => {
          const expected = await deliverAll(inOrder);
          const actual = await deliverAll(permuted);
          expect(actual.items).toEqual(expected.items);
          expect(actual.verdicts).toEqual(expected.verdicts);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('an upload after a replay that removed a record plans over the removal (found by the property above)', async () => {
    const [A, B] = ['91420112MA0000011A', '91420112MA0000012B'];
    const row = (i: number, key: string, name: string, street: StreetId, stage: string, month: Month) => ({
      sheet: '台账',
      row: i + 2,
      present: RECORD_FIELDS,
      record: r({ key, uscc: key, name, street, stage: stage as RegisterRecord['stage'], month }),
    });
    const up = (i: number, uploader: UnitId, month: Month, rows: RegisterRow[]): ReplayUpload => {
      const workbook = emptyWorkbook({ registerMonth: month, register: rows });
      return {
        importId: `imp-${i}`,
        uploader,
        eventTime: new Date(Date.UTC(2026, 4, 1, 0, i)).toISOString(),
        sequencer: String(i).padStart(4, '0'),
        contentId: contentIdOf(workbook),
        workbook,
      };
    };
    const uploads = [
      up(0, 'bureau', '2026-03', [row(0, A, '乙企业有限公司', 'changqing', 'built', '2026-03')]),
      up(1, 'jinghe', '2026-03', [
        row(0, B, '乙企业有限公司', 'jinghe', 'building', '2026-03'),
        row(1, A, '甲企业有限公司', 'jinghe', 'building', '2026-03'),
      ]),
      up(2, 'jinghe', '2026-01', [row(0, B, '乙企业有限公司', 'jinghe', 'built', '2026-01')]),
    ];
    const expected = await deliverAll(uploads);
    const actual = await deliverAll([uploads[1], uploads[0], uploads[2]] as ReplayUpload[]);
    expect(actual.items).toEqual(expected.items);
    expect(actual.verdicts).toEqual(expected.verdicts);
  });
});

describe('verdicts that depend on another unit’s upload (cases)', () => {
  const K = '91420112MA0000021A';
  const row = (month: Month, street: StreetId, name = '甲企业有限公司'): RegisterRow => ({
    sheet: '台账',
    row: 2,
    present: RECORD_FIELDS,
    record: r({ key: K, uscc: K, month, street, name }),
  });
  const upload = (i: number, uploader: UnitId, workbook: ParsedWorkbook): ReplayUpload => ({
    importId: `imp-${i}`,
    uploader,
    eventTime: new Date(Date.UTC(2026, 4, 1, 0, i)).toISOString(),
    sequencer: String(i).padStart(4, '0'),
    contentId: contentIdOf(workbook),
    workbook,
  });
  const reg = (rows: RegisterRow[]) =>
    emptyWorkbook({ registerMonth: rows[0]?.record.month ?? null, register: rows });
  const cases: { name: string; uploads: ReplayUpload[]; verdicts: Record<string, string> }[] = [
    {
      name: 'the bureau puts a record in 金银湖街; 长青街 then moves it to itself: refused, whichever arrives first',
      uploads: [
        upload(0, 'bureau', reg([row('2026-01', 'jinyinhu')])),
        upload(1, 'changqing', reg([row('2026-02', 'changqing')])),
      ],
      verdicts: { 'imp-0': 'applied', 'imp-1': 'rejected' },
    },
    {
      name: 'the bureau puts a record in 长青街; 长青街 then renames it: allowed, whichever arrives first',
      uploads: [
        upload(0, 'bureau', reg([row('2026-01', 'changqing')])),
        upload(1, 'changqing', reg([row('2026-02', 'changqing', '甲新名有限公司')])),
      ],
      verdicts: { 'imp-0': 'applied', 'imp-1': 'applied' },
    },
    {
      name: '长青街 registers a new record in its street; 金银湖街 then registers it in its own: refused',
      uploads: [
        upload(0, 'changqing', reg([row('2026-01', 'changqing')])),
        upload(1, 'jinyinhu', reg([row('2026-01', 'jinyinhu', '乙企业有限公司')])),
      ],
      verdicts: { 'imp-0': 'applied', 'imp-1': 'rejected' },
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const forward = await deliverAll(c.uploads);
      const backward = await deliverAll([...c.uploads].reverse());
      expect(Object.fromEntries(forward.verdicts)).toEqual(c.verdicts);
      expect(Object.fromEntries(backward.verdicts)).toEqual(c.verdicts);
      expect(backward.items).toEqual(forward.items);
    });
  }
});
