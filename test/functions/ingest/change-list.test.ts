/**
 * The preview is the import: for every workbook of the list and three uploaders (the bureau,
 * a street, an office), the change list of the check (judged before the upload) equals the
 * difference of the store read before and after the actual import through the ingest handler.
 * The difference is computed here from the store's read API (versions, assignment history,
 * transfers, indicators, targets, contacts), independently of domain/changes.ts; only the
 * formatting of values (`fieldText`, `figureText`) is shared.
 *
 * The list: test/corpus's workbooks, the office forms (test/office-forms/, each onto the store
 * its cases assume: a register and the statistics office's figures) and a few uploads that
 * change a populated store. Every file is judged for every uploader; an upload refused for an
 * uploader gives no change list and leaves the store as it was.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore, type MemoryStore } from '#adapters/memory-store';
import { MemoryObjects } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import {
  type ChangeList,
  EMPTY_VALUE,
  fieldText,
  figureText,
  HIDDEN_VALUE,
  indicatorText,
} from '#domain/changes';
import type { MonthAssignment, Transfer } from '#domain/ports';
import { REGISTER_COLUMNS } from '#domain/registers/columns';
import { monthVisible, visibilityOf } from '#domain/timeline';
import type { Assignment, ContactRow, IndicatorRow, Month, RegisterRecord, TargetRow } from '#domain/types';
import type { UnitId } from '#domain/units';
import { createIngestHandler } from '#functions/ingest/handler';
import { judgeFile } from '#functions/ingest/judge';
import { parseUpload } from '#functions/ingest/uploads';
import { uscc, type Value, workbook } from '../../corpus/build.ts';
import { CORPUS } from '../../corpus/cases.ts';
import { BASE, OFFICE_FORMS } from '../../office-forms/cases.ts';
import { s3Event } from '../../support/ingest.ts';

/** A workbook to check and import, with the workbooks imported (by the bureau) before it. */
interface ChangeListWorkbook {
  title: string;
  fileName: string;
  bytes: () => Uint8Array;
  before?: { fileName: string; bytes: () => Uint8Array }[];
}

const HEAD: Value[] = [
  '统一社会信用代码',
  '企业（项目）名称',
  '项目状态',
  '所在街道',
  '招商单位',
  '规上工业',
  '报送月份',
];
const FIGURES: Value[] = ['统一社会信用代码', '月份', '营业收入（万元）', '税收收入（万元）'];
const CONTACTS: Value[] = ['单位', '姓名', '邮箱', '接收月报'];

/** A store that already holds records, figures, targets and contacts (the bureau's upload). */
const STORED = {
  fileName: '2026-10-全区台账.xlsx',
  bytes: () =>
    workbook([
      {
        name: '台账',
        rows: [
          HEAD,
          [uscc(91), '武汉长青示例机械有限公司', '已建成投产', '长青街', '长青街', '否', '2026-10'],
          [uscc(92), '武汉径河示例物流有限公司', '已建成投产', '径河街', '径河街', '否', '2026-10'],
          [uscc(93), '武汉吴家山示例装备项目', '在建', '吴家山街', '机电产业办', '否', '2026-10'],
          [uscc(94), '武汉长青示例电机项目', '在建', '长青街', '机电产业办', '否', '2026-10'],
        ],
      },
      {
        name: '指标',
        rows: [
          FIGURES,
          [uscc(91), '2026-10', 100, 5],
          [uscc(92), '2026-10', 80, 4],
          [uscc(93), '2026-10', 10, null],
        ],
      },
      {
        name: '目标',
        rows: [
          ['单位', '年度', '营业收入（万元）'],
          ['长青街', 2026, 5000],
        ],
      },
      {
        name: '联系人',
        rows: [
          CONTACTS,
          ['长青街', '张三', 'zhang@example.cn', '是'],
          ['长青街', '李四', 'li@example.cn', '是'],
        ],
      },
    ]),
};

/**
 * Uploads that change a populated store: records changed and new, a project built (a 划转),
 * figures set over stored ones, targets and contacts replaced; the bureau's (everything), a
 * street's own and an office's own.
 */
const CHANGING: readonly ChangeListWorkbook[] = [
  {
    title: 'changes over a populated store: everything (the bureau’s)',
    fileName: '2026-11-全区台账.xlsx',
    before: [STORED],
    bytes: () =>
      workbook([
        {
          name: '台账',
          rows: [
            HEAD,
            [uscc(91), '武汉长青示例机械有限公司', '已建成投产', '长青街', '长青街', '是', '2026-11'],
            [uscc(92), '武汉径河示例物流股份有限公司', '已建成投产', '径河街', '径河街', '否', '2026-11'],
            [uscc(93), '武汉吴家山示例装备项目', '已建成投产', '吴家山街', '机电产业办', '否', '2026-11'],
            [uscc(95), '武汉长青示例新材料有限公司', '新引进', '长青街', '长青街', '否', '2026-11'],
          ],
        },
        {
          name: '指标',
          rows: [
            FIGURES,
            [uscc(91), '2026-10', 120, 5],
            [uscc(92), '2026-10', 80, 6],
            [uscc(93), '2026-11', 30, 1],
          ],
        },
        {
          name: '目标',
          rows: [
            ['单位', '年度', '营业收入（万元）'],
            ['长青街', 2026, 5200],
          ],
        },
        {
          name: '联系人',
          rows: [
            CONTACTS,
            ['长青街', '张三', 'zhang@example.cn', '否'],
            ['长青街', '王五', 'wang@example.cn', '是'],
          ],
        },
      ]),
  },
  {
    title: 'changes over a populated store: a street’s own records, figures and contacts',
    fileName: '2026-11-长青街台账.xlsx',
    before: [STORED],
    bytes: () =>
      workbook([
        {
          name: '台账',
          rows: [
            HEAD,
            [uscc(91), '武汉长青示例机械有限公司', '已建成投产', '长青街', '长青街', '是', '2026-11'],
            [uscc(95), '武汉长青示例新材料有限公司', '新引进', '长青街', '长青街', '否', '2026-11'],
          ],
        },
        { name: '指标', rows: [FIGURES, [uscc(91), '2026-10', 120, 5]] },
        { name: '联系人', rows: [CONTACTS, ['长青街', '王五', 'wang@example.cn', '是']] },
      ]),
  },
  {
    title: 'changes over a populated store: an office’s projects, one built',
    fileName: '2026-11-机电办台账.xlsx',
    before: [STORED],
    bytes: () =>
      workbook([
        {
          name: '台账',
          rows: [
            HEAD.slice(0, 4).concat(['报送月份']),
            [uscc(93), '武汉吴家山示例装备项目', '已建成投产', '吴家山街', '2026-11'],
            [uscc(94), '武汉长青示例电机项目', '在建', '长青街', '2026-11'],
          ],
        },
        { name: '指标', rows: [FIGURES, [uscc(93), '2026-10', 12, null], [uscc(94), '2026-10', 3, null]] },
      ]),
  },
];

/** The workbooks the test runs over: extend with further corpora. */
const WORKBOOKS: readonly ChangeListWorkbook[] = [
  ...CORPUS,
  ...OFFICE_FORMS.map((f) => ({
    title: `office form: ${f.title}`,
    fileName: f.fileName,
    bytes: f.bytes,
    before: BASE,
  })),
  ...CHANGING,
];

const UPLOADERS: readonly UnitId[] = ['bureau', 'changqing', 'jidian'];
const BUCKET = 'lkg-territory';
const NOW = new Date('2026-11-05T03:00:00.000Z');

/** What the store holds for a set of keys, years and the contacts, read through its read API. */
interface Snapshot {
  versions: Map<string, RegisterRecord[]>;
  history: Map<string, MonthAssignment[]>;
  transfers: Map<string, Transfer[]>;
  indicators: Map<string, IndicatorRow[]>;
  targets: TargetRow[];
  contacts: ContactRow[];
}

async function read(store: MemoryStore, keys: string[], years: number[]): Promise<Snapshot> {
  const versions = new Map<string, RegisterRecord[]>();
  for (const [k, vs] of await store.getVersions(keys))
    versions.set(
      k,
      vs.map((v) => v.record),
    );
  const history = new Map<string, MonthAssignment[]>();
  const transfers = new Map<string, Transfer[]>();
  const indicators = new Map<string, IndicatorRow[]>();
  for (const k of keys) {
    history.set(k, await store.assignmentHistory(k));
    transfers.set(k, await store.transfers(k));
    indicators.set(k, await store.indicatorsByKey(k));
  }
  const targets = (await Promise.all(years.map((y) => store.targets(y)))).flat();
  return { versions, history, transfers, indicators, targets, contacts: await store.contacts() };
}

type Row = string;
const FIELDS = REGISTER_COLUMNS.map((c) => [c.field as keyof RegisterRecord, c.header] as const).filter(
  ([f]) => f !== 'month',
);
const ROLE_NAMES: Record<string, string> = {
  service: '服务单位',
  indicators: '经济指标承担单位',
  lead: '牵头单位',
  cooperating: '配合街道',
  safety: '安全生产属地',
};

/** May the uploader see the record's stored values (in a month)? The API's rule, from the history. */
function sees(uploader: UnitId, history: MonthAssignment[] | undefined, month?: Month): boolean {
  if (uploader === 'bureau') return true;
  if (!history || history.length === 0) return false;
  const v = visibilityOf(uploader, history, history[history.length - 1]?.assignment ?? null);
  return month ? monthVisible(v, month) : v.kind !== 'none';
}

function unitAt(history: MonthAssignment[], month: Month, role: string): string | null {
  let found: Assignment | null = null;
  for (const h of history) if (h.month <= month) found = h.assignment;
  if (!found || found.status === 'inactive') return null;
  return ((found as unknown as Record<string, string | null>)[role] ?? null) as string | null;
}

/** The difference of two snapshots, as rows comparable with a change list's. */
function difference(a: Snapshot, b: Snapshot, uploader: UnitId): Record<string, Row[]> {
  const records: Row[] = [];
  const assignments: Row[] = [];
  const transfers: Row[] = [];
  const figures: Row[] = [];
  const targets: Row[] = [];
  const contacts: Row[] = [];
  for (const [key, after] of b.versions) {
    const before = a.versions.get(key) ?? [];
    for (const v of after) {
      const same = before.find((x) => x.month === v.month);
      if (same && JSON.stringify(same) === JSON.stringify(v)) continue;
      const ref = [...before]
        .filter((x) => x.month <= v.month)
        .sort((x, y) => (x.month < y.month ? 1 : -1))[0];
      const visible = sees(uploader, a.history.get(key), ref?.month);
      for (const [field, header] of FIELDS) {
        const old = ref ? (ref[field] ?? null) : null;
        const now = v[field] ?? null;
        if (ref ? JSON.stringify(old) === JSON.stringify(now) : now == null || now === '') continue;
        const shown = !ref ? EMPTY_VALUE : visible ? fieldText(field, old) : HIDDEN_VALUE;
        records.push(
          `${key}|${v.month}|${before.length === 0 ? 'new' : 'changed'}|${header}|${shown}|${fieldText(field, now)}`,
        );
      }
    }
  }
  for (const [key, after] of b.history) {
    const before = a.history.get(key) ?? [];
    if (JSON.stringify(before) === JSON.stringify(after)) continue;
    const visible = before.length === 0 || sees(uploader, before);
    // A new record: from its first 报送月份.
    const first = before.length === 0 ? (b.versions.get(key)?.[0]?.month ?? null) : null;
    const months = [
      ...new Set([...before, ...after].map((h) => (first && h.month < first ? first : h.month))),
    ].sort();
    for (const role of Object.keys(ROLE_NAMES)) {
      let last: string | null = null;
      for (const m of months) {
        const from = unitAt(before, m, role);
        const to = unitAt(after, m, role);
        if (from === to) {
          last = null;
          continue;
        }
        if (last === `${from}>${to}`) continue;
        last = `${from}>${to}`;
        assignments.push(
          `${key}|${m}|${ROLE_NAMES[role]}|${visible ? fieldText('street', from) : HIDDEN_VALUE}|${fieldText('street', to)}`,
        );
      }
    }
    const sig = (t: Transfer) => `${t.month}|${t.from}|${t.to}`;
    const olds = new Set((a.transfers.get(key) ?? []).map(sig));
    const news = new Set((b.transfers.get(key) ?? []).map(sig));
    const shown = (t: Transfer) => `${t.month}|${fieldText('street', t.from)}|${fieldText('street', t.to)}`;
    for (const t of b.transfers.get(key) ?? [])
      if (!olds.has(sig(t))) transfers.push(`${key}|added|${shown(t)}`);
    for (const t of a.transfers.get(key) ?? [])
      if (!news.has(sig(t)))
        transfers.push(`${key}|removed|${visible ? shown(t) : `${t.month}|${HIDDEN_VALUE}|${HIDDEN_VALUE}`}`);
  }
  for (const [key, after] of b.indicators) {
    const before = a.indicators.get(key) ?? [];
    for (const row of after) {
      const old = before.find((r) => r.month === row.month)?.values ?? {};
      const visible = sees(uploader, a.history.get(key), row.month);
      for (const id of new Set([...Object.keys(old), ...Object.keys(row.values)])) {
        const x = old[id] ?? null;
        const y = row.values[id] ?? null;
        if (x === y) continue;
        figures.push(
          `${key}|${row.month}|${indicatorText(id)}|${visible ? figureText(x) : HIDDEN_VALUE}|${figureText(y)}`,
        );
      }
    }
    for (const row of before)
      if (!after.some((r) => r.month === row.month))
        for (const [id, x] of Object.entries(row.values))
          if (x != null) figures.push(`${key}|${row.month}|${indicatorText(id)}|${figureText(x)}|未报`);
  }
  for (const row of b.targets) {
    const old = a.targets.find((t) => t.unit === row.unit && t.year === row.year)?.values ?? {};
    for (const id of new Set([...Object.keys(old), ...Object.keys(row.values)])) {
      const x = old[id] ?? null;
      const y = row.values[id] ?? null;
      if (x !== y)
        targets.push(
          `${fieldText('street', row.unit)}|${row.year}|${indicatorText(id)}|${figureText(x)}|${figureText(y)}`,
        );
    }
  }
  const same = (x: ContactRow, y: ContactRow) =>
    x.unit === y.unit && x.email.toLowerCase() === y.email.toLowerCase();
  for (const c of b.contacts) {
    const old = a.contacts.find((x) => same(x, c));
    if (!old) contacts.push(`${fieldText('street', c.unit)}|${c.email.toLowerCase()}|added`);
    else if (JSON.stringify(old) !== JSON.stringify(c))
      contacts.push(`${fieldText('street', c.unit)}|${c.email.toLowerCase()}|changed`);
  }
  for (const c of a.contacts)
    if (!b.contacts.some((x) => same(x, c)))
      contacts.push(`${fieldText('street', c.unit)}|${c.email.toLowerCase()}|removed`);
  return { records, assignments, transfers, figures, targets, contacts };
}

/** A change list as the same rows. */
function rowsOf(list: ChangeList): Record<string, Row[]> {
  const unitId = (name: string) => name; // units are compared by their names on both sides
  return {
    records: list.records.flatMap((r) =>
      r.fields.map((f) => `${r.key}|${r.month}|${r.kind}|${f.column}|${f.before}|${f.after}`),
    ),
    assignments: list.assignments.map((a) => `${a.key}|${a.month}|${a.role}|${a.before}|${a.after}`),
    transfers: list.transfers.map((t) => `${t.key}|${t.kind}|${t.month}|${unitId(t.from)}|${unitId(t.to)}`),
    // A kept figure changes nothing in the store (tested in kept-figures.test.ts).
    figures: list.figures
      .filter((f) => f.kind !== 'kept')
      .map((f) => `${f.key}|${f.month}|${f.indicator}|${f.before}|${f.after}`),
    targets: list.targets
      .filter((t) => t.kind !== 'kept')
      .map((t) => `${t.unit}|${t.year}|${t.indicator}|${t.before}|${t.after}`),
    contacts: list.contacts.map((c) => `${c.unit}|${c.email.toLowerCase()}|${c.kind}`),
  };
}

const sorted = (x: Record<string, Row[]>) =>
  Object.fromEntries(Object.entries(x).map(([k, v]) => [k, [...v].sort()]));

describe.each(WORKBOOKS.map((w) => [w.title, w] as const))(
  'change list = store after − store before: %s',
  (_t, w) => {
    it('for the bureau, a street and an office', async () => {
      // The state before: the workbooks the case imports first, by the bureau.
      const base = createMemoryStore();
      const objects = new MemoryObjects();
      const clock = { now: () => NOW };
      let n = 0;
      const timeOf = (i: number) => `2026-11-05T08:${String(i).padStart(2, '0')}:00.000Z`;
      const upload = async (store: MemoryStore, unit: UnitId, fileName: string, bytes: Uint8Array) => {
        n++;
        const key = `uploads/${unit}/${n}-${fileName}`;
        await objects.put(BUCKET, key, bytes, 'application/octet-stream');
        const eventTime = timeOf(n);
        const [outcome] = await createIngestHandler({ store, objects, clock, workbooks: sheetJsWorkbooks })(
          s3Event(key, { eventTime, sequencer: String(n).padStart(4, '0') }),
        );
        return { outcome, eventTime };
      };
      for (const b of w.before ?? []) await upload(base, 'bureau', b.fileName, b.bytes());
      const items = base.table.snapshot();
      const bytes = w.bytes();
      const { parsed } = await parseUpload(sheetJsWorkbooks, bytes, w.fileName, NOW.toISOString());
      const keys = [
        ...new Set([...parsed.register.map((r) => r.record.key), ...parsed.indicators.map((r) => r.key)]),
      ];
      const years = [...new Set([...parsed.targets.map((t) => t.year), 2026])];
      const judged = new Set<UnitId>();
      for (const uploader of UPLOADERS) {
        const store = createMemoryStore();
        store.table.load(items);
        const before = await read(store, keys, years);
        // The check: judged as if uploaded at the moment the import will be.
        const eventTime = timeOf(n + 1);
        const check = await judgeFile(
          store,
          { bytes, fileName: w.fileName, uploader, eventTime },
          sheetJsWorkbooks,
        );
        const { outcome } = await upload(store, uploader, w.fileName, bytes);
        const after = await read(store, keys, years);
        const label = `${uploader}: ${check.verdict}/${outcome?.status}`;
        judged.add(uploader);
        if (check.verdict === 'refused') {
          expect(outcome?.status, label).toBe('rejected');
          expect(check.changes?.counts ?? null, label).toBeNull();
          expect(after, label).toEqual(before);
          continue;
        }
        expect(outcome?.status, label).toBe(check.verdict === 'unchanged' ? 'unchanged' : 'applied');
        expect(sorted(rowsOf(check.changes as ChangeList)), label).toEqual(
          sorted(difference(before, after, uploader)),
        );
        expect(outcome?.record?.changes?.counts, label).toEqual(check.changes?.counts);
      }
      expect([...judged]).toEqual([...UPLOADERS]);
    });
  },
);
