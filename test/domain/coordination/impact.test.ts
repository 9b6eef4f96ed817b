/**
 * Issue "Coordination", items 1–2 (Must show): case tables for the impact engine — a draft
 * that moves a street into a cluster, one that adds a key project, one that changes the
 * effective month — with the predicted moves and 本年累计 per unit; the district totals
 * reconcile to the last digit; and adopting the draft (a new policy version) and rebuilding
 * (`lkg rebuild`: the stored uploads re-projected) gives exactly the prediction, item by item
 * (each record's roles and clauses at M, each unit's carried and 本年累计). The records come
 * from a register workbook uploaded through the ingest, as a unit uploads it: the key-project
 * case's record is a register row whose 重大项目 says 天马, which no policy in force lists.
 */

import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '#adapters/memory-store';
import { MemoryObjects } from '#adapters/s3-objects';
import { readWorkbookFile } from '#adapters/workbook-reader';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { rulesOf } from '#domain/decisions';
import { impactOf } from '#domain/impact';
import { listedKeyProjects } from '#domain/key-projects';
import { yearToDate } from '#domain/months';
import {
  POLICIES,
  POLICY_2020_1_DATA,
  type Policy,
  parsePolicy,
  policyFor,
  policySet,
} from '#domain/policy/index';
import { checkWorkbook } from '#domain/registers/index';
import { mergeVersion } from '#domain/registers/merge';
import { summarize } from '#domain/summaries';
import { periodAt } from '#domain/timeline';
import type { Assignment, IndicatorRow, Month, RegisterRecord } from '#domain/types';
import { impactOverStore } from '#functions/coordination/impact';
import { createIngestHandler } from '#functions/ingest/handler';
import { rebuildProjection } from '#functions/ingest/rebuild';
import { POLICY_2027_TEST, WITH_2027 } from '../../cases/fictitious-2027/policy.ts';
import { s3Event } from '../../support/ingest.ts';
import { workbookBytes } from '../../support/workbooks.ts';

const data = () => JSON.parse(JSON.stringify(POLICY_2020_1_DATA));
const draft = (
  edit: (d: ReturnType<typeof data>) => void,
  id = 'draft-2026',
  from = '2026-07-01',
): Policy => {
  const d = data();
  d.id = id;
  d.docNumber = '武临开办〔2026〕（征求意见稿）';
  d.effectiveFrom = from;
  d.notice = null;
  edit(d);
  return parsePolicy(d);
};

/** 径河街→… a street moved into 机电's cluster: 金银湖街. */
const CLUSTER = draft((d) => d.clusters.jidian.streets.push('jinyinhu'));
/** A key project added (天马), carried by 机电. */
const KEY_PROJECT = draft((d) =>
  d.keyProjects.push({ id: 'tianma', name: '天马', office: 'jidian', clause: '3.1.key' }),
);
/** The fictitious 2027 version, brought forward to 2026-07 (its clause too). */
const EARLIER = (() => {
  const d = JSON.parse(JSON.stringify(POLICY_2027_TEST));
  d.effectiveFrom = '2026-07-01';
  for (const c of d.clauses) if (c.effectiveFrom === '2027-01-01') c.effectiveFrom = '2026-07-01';
  d.notice = null;
  return parsePolicy(d);
})();

const K = (n: number) => `91420112MA4IMP${String(n).padStart(4, '0')}`;
const MONTHS: Month[] = ['2025-12', '2026-01', '2026-03', '2026-07', '2026-08'];
/** The register and indicators as a unit uploads them (项目编号 as the key). */
const UPLOAD = workbookBytes({
  企业项目台账: [
    ['项目编号', '企业（项目）名称', '项目状态', '招商单位', '所在街道', '所在园区', '重大项目', '报送月份'],
    // jidian built in 金银湖街: 3.1.transferred → 金银湖街 today; in the cluster draft 3.1.retained → 机电.
    [K(1), '金银湖精密制造', '已建成投产', '机电产业办', '金银湖街', null, null, '2026-01'],
    // jidian building in 金银湖街: 3.2.pre-handover (jidian carries, leads, 金银湖街 cooperates) → 3.2.in-cluster.
    [K(2), '金银湖在建装备', '在建', '机电产业办', '金银湖街', null, null, '2026-01'],
    // the register names 天马 (no policy in force lists it): 2.street 径河街 → 3.1.key 机电 once a policy adds it.
    [K(3), '天马配套项目', '已建成投产', null, '径河街', null, '天马', '2026-01'],
    // 综保 built in 综保区二期: 3.1.retained 综保办 → 3.1.zongbao-2 走马岭街 (from 2026-07 in the earlier draft).
    [K(4), '综保二期物流', '已建成投产', '综保办', '走马岭街', '综保区二期', null, '2026-01'],
    // unaffected by every draft.
    [K(5), '长青本地企业', '已建成投产', null, '长青街', null, null, '2026-01'],
  ],
  指标月报: [
    ['项目编号', '月份', '营业收入', '税收收入'],
    ...[1, 2, 3, 4, 5].flatMap((n, i) =>
      MONTHS.map((month, j) => [K(n), month, `${i + 1}${j}.0${j + 1}`, j === 2 ? null : `0.00${i + j + 1}`]),
    ),
  ],
});
const UPLOAD_KEY = 'uploads/bureau/2026-01-台账.xlsx';
/** The upload read as the ingest reads it (the file reader, the register checks, the merge). */
const read = checkWorkbook(readWorkbookFile(UPLOAD, '2026-01-台账.xlsx').sheets, {
  fileName: '2026-01-台账.xlsx',
  uploadedMonth: '2026-01',
  keyProjects: listedKeyProjects(POLICIES),
});
const records: RegisterRecord[] = read.register.map((row) => mergeVersion(null, row));
const indicators: IndicatorRow[] = read.indicators.map(({ key, month, values }) => ({ key, month, values }));

interface ImpactCase {
  name: string;
  draft: Policy;
  base: readonly Policy[];
  month: Month;
  moves: Array<
    [
      key: string,
      from: string | null,
      to: string | null,
      clauseBefore: string | null,
      clauseAfter: string | null,
    ]
  >;
  /** Other changes (roles other than indicators). */
  changedOnly?: Array<[key: string, roles: string[]]>;
}

const CASES: ImpactCase[] = [
  {
    name: 'a street moved into a cluster (金银湖街 into 机电)',
    draft: CLUSTER,
    base: POLICIES,
    month: '2026-07',
    moves: [
      [K(1), 'jinyinhu', 'jidian', '3.1.transferred', '3.1.retained'],
      [K(2), 'jidian', 'jidian', '3.2.pre-handover', '3.2.in-cluster'],
    ],
    changedOnly: [
      [K(1), ['service', 'indicators']],
      [K(2), ['lead', 'cooperating']],
    ],
  },
  {
    name: 'a key project added (天马 → 机电)',
    draft: KEY_PROJECT,
    base: POLICIES,
    month: '2026-08',
    moves: [[K(3), 'jinghe', 'jidian', '2.street', '3.1.key']],
  },
  {
    name: 'the effective month changed (2027-test from 2026-07 instead of 2027-01)',
    draft: EARLIER,
    base: WITH_2027,
    month: '2026-07',
    moves: [[K(4), 'zongbao', 'zoumaling', '3.1.retained', '3.1.zongbao-2']],
  },
  {
    name: 'the effective month changed: the month before it nothing moves',
    draft: EARLIER,
    base: WITH_2027,
    month: '2026-06',
    moves: [],
  },
];

const versions = records.map((x) => [x]);

describe('impact of a draft policy: case tables', () => {
  it.each(CASES)('$name', ({ draft: d, base, month, moves, changedOnly }) => {
    const result = impactOf({ draft: d, month, records: versions, indicators, rules: rulesOf(base) });
    expect(
      result.enterprises.map((e) => [
        e.key,
        e.before.indicators,
        e.after.indicators,
        e.before.decidedBy,
        e.after.decidedBy,
      ]),
    ).toEqual(moves);
    for (const [key, roles] of changedOnly ?? [])
      expect(result.enterprises.find((e) => e.key === key)?.changed).toEqual(roles);
    // The district reconciles to the last digit; every unit: after = before + in − out.
    expect(result.district.reconciles).toBe(true);
    expect(result.district.ytdAfter).toEqual(result.district.ytdBefore);
    const moved = moves.filter(([, from, to]) => from !== to);
    expect(result.units.reduce((n, u) => n + u.in, 0)).toBe(moved.length);
    expect(result.units.reduce((n, u) => n + u.out, 0)).toBe(moved.length);
    for (const [key, from, to] of moved) {
      const ytd = result.enterprises.find((e) => e.key === key)!.ytd;
      expect(result.units.find((u) => u.unit === from)?.ytdOut).toEqual(ytd);
      expect(result.units.find((u) => u.unit === to)?.ytdIn).toEqual(ytd);
    }
  });

  it('本年累计 is January..M of M’s year, exact decimals', () => {
    const result = impactOf({
      draft: KEY_PROJECT,
      month: '2026-08',
      records: versions,
      indicators,
      rules: rulesOf(POLICIES),
    });
    // K(3) (i = 2): 2026-01 "31.02", 2026-03 "32.03", 2026-07 "33.04", 2026-08 "34.05"; tax: 0.004 + 0.006 + 0.007.
    expect(result.enterprises[0]?.ytd).toEqual({ revenue: '130.14', tax: '0.017' });
  });

  it('a month before the draft: nothing changes, and the headline says so', () => {
    const result = impactOf({
      draft: CLUSTER,
      month: '2026-06',
      records: versions,
      indicators,
      rules: rulesOf(POLICIES),
    });
    expect(result.draftInForce).toBe(false);
    expect(result.enterprises).toEqual([]);
  });
});

describe('the register as uploaded', () => {
  it('records 天马 as written, with one W_KEY_PROJECT_UNLISTED, and the indicators as the table', () => {
    expect(read.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(records.map((x) => [x.key, x.keyProject])).toEqual([
      [K(1), null],
      [K(2), null],
      [K(3), '天马'],
      [K(4), null],
      [K(5), null],
    ]);
    expect(read.findings.filter((f) => f.code === 'W_KEY_PROJECT_UNLISTED')).toEqual([
      expect.objectContaining({ sheet: '企业项目台账', row: 4, column: 'G 重大项目', value: '天马' }),
    ]);
    expect(indicators).toHaveLength(records.length * MONTHS.length);
    expect(indicators.find((x) => x.key === K(3) && x.month === '2026-08')?.values).toEqual({
      revenue: '34.05',
      tax: '0.007',
    });
  });
});

const BUCKET = 'lkg-territory';
const clock = { now: () => new Date('2026-09-01T00:00:00.000Z') };

/** The upload through the ingest (S3 event, reader, checks, plan, projection), as a unit makes it. */
async function uploaded() {
  const store = createMemoryStore();
  const objects = new MemoryObjects();
  await objects.put(BUCKET, UPLOAD_KEY, UPLOAD, 'application/octet-stream');
  const [outcome] = await createIngestHandler({ store, objects, clock, workbooks: sheetJsWorkbooks })(
    s3Event(UPLOAD_KEY, { eventTime: '2026-09-01T00:00:00.000Z' }),
  );
  expect(outcome?.status).toBe('applied');
  expect(outcome?.record?.findings.map((f) => f.code)).toContain('W_KEY_PROJECT_UNLISTED');
  return { store, objects };
}

/** The stored versions and the indicators January..M, as `lkg impact` reads them. */
async function storedData(store: ReturnType<typeof createMemoryStore>, month: Month) {
  const versions: RegisterRecord[][] = [];
  for await (const v of store.allVersions()) versions.push(v.map((x) => x.record));
  const window = new Set(yearToDate(month));
  const months = MONTHS.filter((m) => window.has(m));
  const rows = (await Promise.all(months.map((m) => store.indicatorsByMonth(m)))).flat();
  return { versions, indicators: rows };
}

const roles = (a: Assignment) => ({
  service: a.service,
  indicators: a.indicators,
  lead: a.lead,
  cooperating: a.cooperating,
  safety: a.safety,
  decidedBy: a.decidedBy,
  clauses: a.clauses,
});

describe('adopting the draft (a policy version) and rebuilding gives exactly the prediction', () => {
  it.each(CASES.filter((c) => c.moves.length > 0))(
    '$name: heads and summaries, item by item',
    async ({ draft: d, base, month, moves }) => {
      const { store, objects } = await uploaded();
      const stored = await storedData(store, month);
      // The prediction over the stored data (what `lkg impact` / POST /impact compute).
      const prediction = impactOf({
        draft: d,
        month,
        ...stored,
        records: stored.versions,
        rules: rulesOf(base),
      });
      expect(prediction.enterprises.map((e) => [e.key, e.before.indicators, e.after.indicators])).toEqual(
        moves.map(([key, from, to]) => [key, from, to]),
      );
      if (base === POLICIES) expect(await impactOverStore(store, d, month)).toEqual(prediction);
      const before = new Map<string, Assignment>();
      for (const rec of records)
        before.set(rec.key, periodAt((await store.recordState(rec.key))!, month)!.assignment);

      // Adopt: the draft becomes a policy version; `lkg rebuild` re-projects the stored uploads.
      const adopted = policySet([...base.filter((p) => p.id !== d.id), d]);
      const outcome = await rebuildProjection(
        { store, objects, clock, workbooks: sheetJsWorkbooks },
        { runId: 'adopt', policies: adopted },
      );
      expect(outcome.written).toBeGreaterThan(0);
      expect(policyFor(month, adopted).id).toBe(d.id);

      for (const rec of records) {
        const after = periodAt((await store.recordState(rec.key))!, month)!.assignment;
        const predicted = prediction.enterprises.find((e) => e.key === rec.key);
        const expected = predicted
          ? Object.fromEntries(Object.entries(predicted.after).filter(([k]) => k !== 'policy'))
          : roles(before.get(rec.key)!);
        expect({ key: rec.key, ...roles(after) }).toEqual({ key: rec.key, ...expected });
      }
      // The summaries of the adopted rules over the rebuilt store: each unit's carried and 本年累计 is the predicted `after`.
      const rebuilt = await storedData(store, month);
      const summary = summarize({
        month,
        records: rebuilt.versions,
        indicators: rebuilt.indicators,
        targets: [],
        rules: rulesOf(adopted),
      }).document;
      for (const u of prediction.units) {
        const row = summary.units.find((x) => x.unit === u.unit)!;
        expect({
          unit: u.unit,
          carried: row.carried,
          revenue: row.indicators.revenue?.ytd ?? null,
          tax: row.indicators.tax?.ytd ?? null,
        }).toEqual({
          unit: u.unit,
          carried: u.carriedAfter,
          revenue: u.ytdAfter.revenue ?? null,
          tax: u.ytdAfter.tax ?? null,
        });
      }
    },
  );
});
