/**
 * `npm run bench:impact [-- --enterprises N]` — `lkg impact` on the register of
 * `bench:ingest` (50,000 built enterprises, a third recruited by offices, half 规上, 报送月份
 * 2026-01) with 12 months of indicators (营业收入, 税收收入, 2026-01..2026-12), held in the
 * in-memory store (the same items as DynamoDB; seeded as the ingest would write them, without
 * dynalite's time). The draft moves a street into 机电's 板块 from 2026-10 (one where 机电 has
 * built enterprises outside its 板块); compared in 2026-12.
 * Prints the time of `lkg impact --json` (read everything, assess twice, sum the 本年累计),
 * of the computation alone, and the process's peak RSS (which includes the store itself).
 *
 * @module
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createMemoryStore } from '#adapters/memory-store';
import { rulesOf } from '#domain/decisions';
import { impactOf } from '#domain/impact';
import { makeMonth } from '#domain/months';
import { POLICIES, POLICY_2020_1_DATA, parsePolicy } from '#domain/policy/index';
import type { IndicatorRow, RegisterRecord } from '#domain/types';
import { type OfficeId, type StreetId, UNITS } from '#domain/units';
import { impactOverStore } from '#functions/coordination/impact';

const args = process.argv.slice(2);

// Child mode: what `lkg impact` holds once it has read the store (records, the year's indicator
// rows), then the impact and its JSON — timed and measured alone (the parent holds the store).
const childAt = args.indexOf('--child');
if (childAt >= 0) {
  const t = performance.now();
  const input = JSON.parse(readFileSync(args[childAt + 1] as string, 'utf8'));
  const result = impactOf({ ...input, draft: parsePolicy(input.draft), policies: POLICIES });
  const bytes = JSON.stringify(result).length;
  console.log(
    JSON.stringify({
      childSeconds: Number(((performance.now() - t) / 1000).toFixed(2)),
      childPeakRss: Math.round((process.resourceUsage().maxRSS * 1024) / 1024 / 1024),
      bytes,
    }),
  );
  process.exit(0);
}

const at = args.indexOf('--enterprises');
const N = at >= 0 ? Number(args[at + 1]) : 50_000;
const STREETS = UNITS.filter((u) => u.kind === 'street').map((u) => u.id) as StreetId[];
const OFFICES = UNITS.filter((u) => u.kind === 'office').map((u) => u.id) as OfficeId[];
const key = (i: number) => `91420112MA${String(i).padStart(7, '0')}X`;

function record(i: number): RegisterRecord {
  return {
    key: key(i),
    uscc: key(i),
    projectCode: null,
    name: `武汉基准测试${i}有限公司`,
    stage: 'built',
    recruiter: i % 3 === 0 ? (OFFICES[i % OFFICES.length] as OfficeId) : null,
    street: STREETS[i % STREETS.length] as StreetId,
    statStreet: null,
    zone: null,
    keyProject: null,
    movement: null,
    originStreet: null,
    aboveScale: i % 2 === 0,
    category: null,
    completedOn: `20${10 + (i % 10)}-0${1 + (i % 9)}-15`,
    month: '2026-01',
    note: null,
  };
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const t0 = performance.now();
const store = createMemoryStore();
const register = Array.from({ length: N }, (_, i) => record(i));
await store.seed({ register }, { eventTime: '2026-02-01T00:00:00Z' });
for (let m = 1; m <= 12; m++) {
  const month = makeMonth(2026, m);
  const indicators: IndicatorRow[] = register.map((r, i) => ({
    key: r.key,
    month,
    values: {
      revenue: String(((i * 37 + m * 101) % 100000) / 100),
      tax: String(((i * 13 + m * 7) % 10000) / 100),
    },
  }));
  await store.seed(
    { indicators },
    { eventTime: `2026-${String(m).padStart(2, '0')}-28T00:00:00Z`, importId: `ind-${m}` },
  );
}
console.log(
  `seeded ${N} enterprises × 12 months in ${((performance.now() - t0) / 1000).toFixed(1)} s; rss ${mb(process.memoryUsage().rss)}`,
);

const data = JSON.parse(JSON.stringify(POLICY_2020_1_DATA));
Object.assign(data, { id: 'bench-draft', docNumber: '基准草案', effectiveFrom: '2026-10-01', notice: null });
// A street where 机电 recruited built enterprises outside its 板块 (the generator's pattern decides which).
const moved = register.find(
  (r) => r.recruiter === 'jidian' && !data.clusters.jidian.streets.includes(r.street),
)?.street;
data.clusters.jidian.streets.push(moved);
const draft = parsePolicy(data);

const rssBefore = process.memoryUsage().rss;
const t1 = performance.now();
const result = await impactOverStore(store, draft, '2026-12');
const json = JSON.stringify(result);
const total = (performance.now() - t1) / 1000;
const records: RegisterRecord[][] = [];
for await (const versions of store.allVersions()) records.push(versions.map((v) => v.record));
const indicators = (
  await Promise.all(Array.from({ length: 12 }, (_, m) => store.indicatorsByMonth(makeMonth(2026, m + 1))))
).flat();
const t2 = performance.now();
impactOf({ draft, month: '2026-12', records, indicators, rules: rulesOf(POLICIES) });
const compute = (performance.now() - t2) / 1000;
const file = join(mkdtempSync(join(tmpdir(), 'lkg-bench-impact-')), 'input.json');
writeFileSync(file, JSON.stringify({ draft: data, month: '2026-12', records, indicators }));
const child = JSON.parse(
  execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  }).trim(),
);
rmSync(dirname(file), { recursive: true, force: true });
console.log(
  JSON.stringify({
    enterprises: N,
    street: moved,
    changed: result.district.changed,
    reconciles: result.district.reconciles,
    impactSeconds: Number(total.toFixed(2)),
    computeSeconds: Number(compute.toFixed(2)),
    jsonBytes: json.length,
    rssBeforeImpact: mb(rssBefore),
    peakRss: mb(process.resourceUsage().maxRSS * 1024),
    impactAloneSeconds: child.childSeconds,
    impactAlonePeakRss: `${child.childPeakRss} MB`,
  }),
);
