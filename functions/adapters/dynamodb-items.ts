/**
 * The single-table design (docs/storage.md) and the store built on it, over a small `Table`
 * interface that two backends implement: DynamoDB (`dynamodb-store.ts`, DocumentClient) and
 * memory (`memory-store.ts`). Both stores therefore share every key, every index and every
 * decision; only the I/O differs.
 *
 * Reads are GetItem, BatchGetItem and Query on the table or on `gsi1`/`gsi2`; there is no Scan.
 *
 * @module
 */

import { createHash } from 'node:crypto';
import { APPLY_LEASE_ID } from '#domain/claims';
import { type RulesInForce, rulesOf } from '#domain/decisions';
import { reportedValues, type StoredFigures } from '#domain/figures';
import {
  compareOrder,
  contentOf,
  contentText,
  type ImportPlan,
  indicatorId,
  MORE_CONTENTS,
  parseSource,
  planImport,
  type SourcedRow,
  type StoredContact,
  type StoredIndicator,
  type StoredRecord,
  type StoredState,
  type StoredTarget,
  searchForm,
  targetId,
  UNIT_ROLES,
  type UploadContent,
  type UploadedRows,
} from '#domain/ingest';
import { compareMonths, laterMonth, monthIn, OPEN_END, month as toMonth } from '#domain/months';
import { inParallel } from '#domain/parallel';
import { POLICIES } from '#domain/policy/index';
import type {
  Claims,
  EnterpriseListItem,
  ImportRecord,
  MonthAssignment,
  Page,
  PublicationRecord,
  SendRecord,
  StoredSummaries,
  StoredVersion,
  Transfer,
  UnitRole,
  UploadOrder,
} from '#domain/ports';
import {
  type AcceptedContent,
  type IngestStore,
  type RefusedUpload,
  type ReprojectOptions,
  ReprojectPausedError,
  type ShardedReplay,
  type UploadIndex,
  type WriteStats,
} from '#domain/projection-store';
import { acceptedContents, keysOf, latestMonthOf, type ReplayStep, workbookPart } from '#domain/replay';
import {
  type CompleteLists,
  type EnterpriseFigures,
  LIST_PAGE,
  type MonthSummaries,
  type SummaryChange,
  type SummaryDocument,
  type UnitRoleCounts,
  unitCountsOf,
} from '#domain/summaries';
import { historyOf, type RecordState, recordState } from '#domain/timeline';
import type {
  ContactRow,
  IndicatorRow,
  Month,
  ParsedWorkbook,
  RegisterRecord,
  RegisterRow,
  Stage,
  TargetRow,
} from '#domain/types';
import type { UnitId } from '#domain/units';
import { TableClaims } from './claim-items.ts';
import { MemoryTable } from './memory-table.ts';

export type {
  AcceptedContent,
  IngestStore,
  RefusedUpload,
  ReprojectOptions,
  ShardedReplay,
  UploadIndex,
  WriteStats,
} from '#domain/projection-store';
export { ReprojectPausedError } from '#domain/projection-store';

// ───────────────────────────── the table interface ─────────────────────────────

/** An item: the table keys `pk`, `sk`, optional index keys, and plain attributes. */
export interface Item {
  pk: string;
  sk: string;
  g1pk?: string;
  g1sk?: string;
  g2pk?: string;
  g2sk?: string;
  g3pk?: string;
  g3sk?: string;
  [attribute: string]: unknown;
}

export interface ItemKey {
  pk: string;
  sk: string;
}

export type IndexName = 'gsi1' | 'gsi2' | 'gsi3';

/** A filter condition on a string attribute (ANDed); both backends evaluate the same. */
export interface Condition {
  attribute: string;
  op: '<=' | '>' | '=' | 'contains' | 'begins_with';
  value: string;
}

export interface QueryInput {
  /** Absent: the table itself. */
  index?: IndexName;
  /** The partition key value (`pk`, `g1pk` or `g2pk`). */
  partition: string;
  /** Sort key begins with. */
  prefix?: string;
  /** Descending sort key order when false. Default true. */
  forward?: boolean;
  /** Evaluated after the key condition (a FilterExpression). */
  filter?: Condition[];
  /** At most this many items evaluated (DynamoDB `Limit`). */
  limit?: number;
  /** Exclusive start key: the keys of an item (table keys and the index's keys). */
  startKey?: Record<string, string> | null;
}

export interface QueryOutput {
  items: Item[];
  /** Null when the partition is exhausted. */
  lastKey: Record<string, string> | null;
}

/**
 * The operations the store needs. DynamoDB semantics: BatchWrite items are unconditional and
 * may be reordered; `putIf` is a conditional PutItem.
 */
export interface Table {
  get(key: ItemKey): Promise<Item | null>;
  batchGet(keys: readonly ItemKey[]): Promise<Item[]>;
  query(input: QueryInput): Promise<QueryOutput>;
  batchWrite(puts: readonly Item[], deletes: readonly ItemKey[]): Promise<WriteStats>;
  /** Puts when the condition holds; false when it does not. */
  putIf(item: Item, condition: PutCondition): Promise<boolean>;
  /**
   * One page of every item (a full replay only: `replayShardedProjection` finds the stored record keys; no
   * request path scans). `startKey` from the previous page's `lastKey`.
   */
  scan(startKey?: Record<string, string> | null): Promise<QueryOutput>;
  /** Cumulative write counts, for reports and benchmarks. */
  readonly stats: WriteStats;
}

/**
 * Conditions of a conditional put: the item must not exist, or an attribute of the stored
 * item must be less than the given value (or absent).
 */
export type PutCondition =
  | { kind: 'notExists' }
  | { kind: 'lessThan'; attribute: string; value: string }
  /** Absent, or `attribute` < value, or `holderAttribute` = holder (a lease). */
  | { kind: 'lease'; attribute: string; value: string; holderAttribute: string; holder: string }
  /** Absent, or `attribute` ≤ value (a newer-or-equal stamp wins). */
  | { kind: 'atMost'; attribute: string; value: string }
  /** `attribute` equals value as it was read (null: the attribute, or the item, is absent). */
  | { kind: 'equals'; attribute: string; value: string | null }
  | { kind: 'always' };

/** The exclusive start key a query would give after `item`. */
export function keyAfter(item: Item, index?: IndexName): Record<string, string> {
  const key: Record<string, string> = { pk: item.pk, sk: item.sk };
  if (index === 'gsi1' && item.g1pk !== undefined) {
    key.g1pk = item.g1pk;
    key.g1sk = String(item.g1sk);
  }
  if (index === 'gsi2' && item.g2pk !== undefined) {
    key.g2pk = item.g2pk;
    key.g2sk = String(item.g2sk);
  }
  if (index === 'gsi3' && item.g3pk !== undefined) {
    key.g3pk = item.g3pk;
    key.g3sk = String(item.g3sk);
  }
  return key;
}

// ───────────────────────────── committed and pending content ─────────────────────────────

/**
 * Every derived item an import writes carries the import's id (`w`) and the item's previous
 * committed content (`prev`, null when there was none); a deletion is a tombstone (`tomb`)
 * that keeps the deleted item's index keys. Until the import is committed (its record leaves
 * `applying`: one PutItem), readers see `prev` instead of the item: nobody sees half an import.
 */
const PROVENANCE = new Set(['pk', 'sk', 'w', 'prev']);

/** An item's content: its attributes without its table keys and provenance. */
function contentAttributes(item: Item): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!PROVENANCE.has(k)) out[k] = v;
  return out;
}

/** JSON with object keys sorted (DynamoDB does not keep attribute order). */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/**
 * What a reader sees of an item: the item itself, or — when its writer is one of the pending
 * (not committed) imports — its previous committed content; null for a tombstone or nothing.
 */
export function visibleItem(item: Item, pending: ReadonlySet<string>): Item | null {
  let view: Item | null = item;
  if (typeof item.w === 'string' && pending.has(item.w)) {
    const prev = item.prev as Record<string, unknown> | null | undefined;
    view = prev ? ({ ...prev, pk: item.pk, sk: item.sk } as Item) : null;
  }
  return view && view.tomb !== true ? view : null;
}

/** The committed content of a stored item for an import about to overwrite it. */
function committedContent(
  current: Item | undefined,
  writer: string,
  pending: ReadonlySet<string>,
): Record<string, unknown> | null {
  if (!current) return null;
  if (typeof current.w === 'string' && (current.w === writer || pending.has(current.w)))
    return (current.prev as Record<string, unknown> | null | undefined) ?? null;
  return current.tomb === true ? null : contentAttributes(current);
}

// ───────────────────────────── keys ─────────────────────────────

/** The partitions the projection writes (derived from the uploads): records, indicators, targets, contacts, transfers by month. */
const PROJECTED_PREFIXES = ['R#', 'I#', 'T#', 'TM#', 'N#'] as const;

/**
 * Is this item part of the projection (derived from the uploads and the rules)? A positive list:
 * uploads, imports, the lease, publications, stored summaries and their due marks, the working
 * group's decisions, transfer actions and impact runs are inputs or caches a replay must never
 * delete. `N#` (the name bigrams of stores written before the search moved to the heads) is
 * listed so that a rebuild removes them.
 */
export function isProjected(item: ItemKey): boolean {
  if (item.pk === 'META') return item.sk === 'LATEST';
  if (item.pk === 'CONTACTS') return true;
  return PROJECTED_PREFIXES.some((prefix) => item.pk.startsWith(prefix));
}

/** Items written per page by `replayProjection` (between pages a time budget may stop it). */
export const REPROJECT_PAGE = 200;

/** Partitions of index partitions that would otherwise be hot (all versions, a month's indicators). */
export const SHARDS = 8;

/** FNV-1a of a string, for shards. */
export function shardOf(text: string): number {
  return shardOfKey(text, SHARDS);
}

const OPEN = OPEN_END;

export const keys = {
  head: (key: string): ItemKey => ({ pk: `R#${key}`, sk: 'HEAD' }),
  /** A page of a record's older sources (see {@link SOURCE_PAGE}). */
  sourcePage: (key: string, n: number): ItemKey => ({
    pk: `R#${key}`,
    sk: `HEAD#SRC#${String(n).padStart(6, '0')}`,
  }),
  /** A page of a record's older assignment periods or transfers (see {@link STATE_PAGE}). */
  statePage: (key: string, list: StateList, n: number): ItemKey => ({
    pk: `R#${key}`,
    sk: `HEAD#${list === 'periods' ? 'PER' : 'TRF'}#${String(n).padStart(6, '0')}`,
  }),
  version: (key: string, month: Month): ItemKey => ({ pk: `R#${key}`, sk: `V#${month}` }),
  role: (key: string, role: UnitRole, from: Month, unit: UnitId): ItemKey => ({
    pk: `R#${key}`,
    sk: `U#${role}#${from}#${unit}`,
  }),
  indicator: (key: string, month: Month): ItemKey => ({ pk: `I#${key}`, sk: month }),
  /** The partition of an enterprise's indicator months. */
  indicators: (key: string): string => `I#${key}`,
  target: (year: number, unit: string): ItemKey => ({ pk: `T#${year}`, sk: unit }),
  contact: (unit: string, email: string): ItemKey => ({
    pk: 'CONTACTS',
    sk: `${unit}#${email.toLowerCase()}`,
  }),
  import: (id: string): ItemKey => ({ pk: `IMP#${id}`, sk: 'IMP' }),
  /** An upload's content: its rank, its register rows by record and 报送月份, its other rows in chunks. */
  contentRank: (contentId: string): ItemKey => ({ pk: `IMP#C#${contentId}`, sk: 'RANK' }),
  contentRows: (contentId: string, key: string, month: Month): ItemKey => ({
    pk: `IMP#C#${contentId}`,
    sk: `R#${key}#${month}`,
  }),
  contentChunk: (contentId: string, n: number): ItemKey => ({
    pk: `IMP#C#${contentId}`,
    sk: `D#${String(n).padStart(6, '0')}`,
  }),
  latest: (): ItemKey => ({ pk: 'META', sk: 'LATEST' }),
  /** The imports of a content (any verdict a replay would re-judge): the upload index's last step. */
  contentUploads: (contentId: string): ItemKey => ({ pk: `IMP#C#${contentId}`, sk: 'UPLOADS' }),
  /** Page n of the keys a refused (re-judgeable) upload touches. */
  refusedUpload: (importId: string, n: number): ItemKey => ({
    pk: 'IMP#REFUSED',
    sk: `${importId}#${String(n).padStart(4, '0')}`,
  }),
  /** Set once every upload is in the upload index (a late delivery may then replay its closure only). */
  uploadIndex: (): ItemKey => ({ pk: 'META', sk: 'UPLOAD-INDEX' }),
  /** A transfer (划转) of a month, for listing the month's transfers. */
  transferOfMonth: (month: Month, key: string): ItemKey => ({ pk: `TM#${month}`, sk: key }),
  /** An upload's import, indexed by its object key (`GET /imports?key=`): `<startedAt>#<id>`. */
  importOfObject: (objectKey: string, order: string): ItemKey => ({ pk: `IMP#K#${objectKey}`, sk: order }),
  /** An upload's import, indexed by the unit it was uploaded for (a unit's `GET /imports`). */
  importOfUnit: (unit: string, order: string): ItemKey => ({ pk: `IMP#U#${unit}`, sk: order }),
  judgedOrder: (): ItemKey => ({ pk: 'META', sk: 'JUDGED-ORDER' }),
  rulesVersion: (): ItemKey => ({ pk: 'META', sk: 'RULES-VERSION' }),
  summary: (month: Month): ItemKey => ({ pk: `S#${month}`, sk: 'SUMMARY' }),
  /** One unit's (or `district`'s) row of the published document, with `publishedAt`. */
  publishedRow: (month: Month, unit: string): ItemKey => ({ pk: `S#${month}`, sk: `SUMMARY#U#${unit}` }),
  /** The computed (not published) summaries: one item per unit and the district, the enterprise rows in chunks. */
  computedRow: (month: Month, unit: string): ItemKey => ({ pk: `S#${month}`, sk: `CALC#D#${unit}` }),
  /** Page n of a unit's (or `district`'s) complete list behind a count. */
  computedListPage: (month: Month, unit: string, name: string, n: number): ItemKey => ({
    pk: `S#${month}`,
    sk: `CALC#L#${unit}#${name}#${String(n).padStart(4, '0')}`,
  }),
  /** Every unit's enterprises by role (`GET /units`), one small item beside the computed rows. */
  computedCounts: (month: Month): ItemKey => ({ pk: `S#${month}`, sk: 'CALC#COUNTS' }),
  computedChunk: (month: Month, n: number): ItemKey => ({
    pk: `S#${month}`,
    sk: `CALC#E#${String(n).padStart(4, '0')}`,
  }),
  /** Every change not yet refreshed, in one item (read with the row a summary request reads). */
  summariesDue: (): ItemKey => ({ pk: 'SUMDUE', sk: 'ALL' }),
  /** The ids of the imports that may be `applying` (a superset), in one item (read by every API request). */
  pendingHint: (): ItemKey => ({ pk: 'IMP#PENDING', sk: 'HINT' }),
  summaryWindow: (): ItemKey => ({ pk: 'META', sk: 'SUMMARY-WINDOW' }),
  publication: (month: Month): ItemKey => ({ pk: `S#${month}`, sk: 'PUBLICATION' }),
  reminder: (month: Month, unit: string, messageId: string): ItemKey => ({
    pk: `S#${month}`,
    sk: `REMIND#${unit}#${messageId}`,
  }),
  send: (month: Month, unit: string, messageId: string): ItemKey => ({
    pk: `S#${month}`,
    sk: `SEND#${unit}#${messageId}`,
  }),
};

/** Whether the item was written by an import in `pending` (readers see its previous content). */
function pendingWriter(item: Item, pending: ReadonlySet<string>): boolean {
  return typeof item.w === 'string' && pending.has(item.w);
}

/** Index partitions (gsi1 / gsi2 / gsi3). */
export const partitions = {
  versions: (shard: number) => `VERS#${shard}`,
  indicatorsOfMonth: (month: Month, shard: number) => `IM#${month}#${shard}`,
  imports: 'IMPORTS',
  pending: 'PENDING',
  retry: 'RETRY',
  unitRole: (unit: string, role: UnitRole) => `U#${unit}#${role}`,
  /** Name search (gsi3, sparse: the record heads), sharded like the versions. */
  names: (shard: number) => `NAMES#${shard}`,
};

// ───────────────────────────── items ─────────────────────────────

export function versionItem(record: RegisterRecord): Item {
  const key = record.key;
  return {
    ...keys.version(key, record.month),
    g1pk: partitions.versions(shardOf(key)),
    g1sk: `${key}#${record.month}`,
    type: 'version',
    key,
    record,
  };
}

function versionFrom(item: Item): StoredVersion {
  return { record: item.record as RegisterRecord };
}

/**
 * Sources per page of a record's sources. A source is `<content id>#<month>` (about 75 bytes),
 * and a record gains one per upload naming it, so the list (kept sorted by the planner) is
 * paged: its first sources in full pages of SOURCE_PAGE (`HEAD#SRC#<n>`, about 15 KB), the rest
 * (fewer than SOURCE_PAGE) in the head. A new source rewrites the pages from its place in the
 * list on (pages whose content is unchanged are not written).
 */
export const SOURCE_PAGE = 200;

/**
 * Entries per page of a record's assignment periods and of its transfers. Each grows with the
 * record's changes of assignment (a period is at most a few hundred bytes with its warnings),
 * so, as its sources, each list keeps its first entries in full pages of STATE_PAGE
 * (`HEAD#PER#<n>`, `HEAD#TRF#<n>`, at most about 60 KB each) and the rest in the head.
 */
export const STATE_PAGE = 100;

/** The lists of a record's state that are paged beyond {@link STATE_PAGE}. */
export type StateList = 'periods' | 'transfers';
const STATE_LISTS: readonly StateList[] = ['periods', 'transfers'];
const statePagesAttribute = { periods: 'periodPages', transfers: 'transferPages' } as const;

/**
 * A record's head; it is also the record's name-search entry (gsi3, projected with `name` and
 * its search form `form`): one item per enterprise for search. It holds the sources after
 * their full pages ({@link sourcePageItems}), the periods and transfers after theirs
 * ({@link statePageItems}), and how many pages there are of each.
 */
function headItem(state: RecordState, sources: readonly string[]): Item {
  const pages = Math.floor(sources.length / SOURCE_PAGE);
  const tail: RecordState = { ...state };
  const statePages: Record<string, number> = {};
  for (const list of STATE_LISTS) {
    const n = Math.floor(state[list].length / STATE_PAGE);
    if (n === 0) continue;
    statePages[statePagesAttribute[list]] = n;
    (tail as unknown as Record<StateList, unknown[]>)[list] = state[list].slice(n * STATE_PAGE);
  }
  return {
    ...keys.head(state.key),
    g3pk: partitions.names(shardOf(state.key)),
    g3sk: state.key,
    type: 'head',
    name: state.name,
    form: searchForm(state.name),
    state: tail,
    sources: sources.slice(pages * SOURCE_PAGE),
    ...(pages > 0 ? { sourcePages: pages } : {}),
    ...statePages,
  };
}

/** The full pages of a record's older sources (written before its head). */
function sourcePageItems(key: string, sources: readonly string[]): Item[] {
  const out: Item[] = [];
  for (let n = 0; (n + 1) * SOURCE_PAGE <= sources.length; n += 1)
    out.push({
      ...keys.sourcePage(key, n),
      type: 'head-sources',
      sources: sources.slice(n * SOURCE_PAGE, (n + 1) * SOURCE_PAGE),
    });
  return out;
}

/** The full pages of a record's older periods and transfers (written before its head). */
function statePageItems(state: RecordState): Item[] {
  const out: Item[] = [];
  for (const list of STATE_LISTS)
    for (let n = 0; (n + 1) * STATE_PAGE <= state[list].length; n += 1)
      out.push({
        ...keys.statePage(state.key, list, n),
        type: 'head-state',
        entries: state[list].slice(n * STATE_PAGE, (n + 1) * STATE_PAGE),
      });
  return out;
}

/** A record as its head holds it: the sources are the head's own (see {@link ItemStore.withPages}). */
function storedRecordFrom(item: Item): StoredRecord {
  return { state: item.state as RecordState, sources: (item.sources as string[] | undefined) ?? [] };
}

/** The keys of a head's pages: its older sources, periods and transfers. */
function pageKeysOf(head: Item): ItemKey[] {
  const key = (head.state as RecordState).key;
  const out: ItemKey[] = [];
  for (let n = 0; n < Number(head.sourcePages ?? 0); n += 1) out.push(keys.sourcePage(key, n));
  for (const list of STATE_LISTS)
    for (let n = 0; n < Number(head[statePagesAttribute[list]] ?? 0); n += 1)
      out.push(keys.statePage(key, list, n));
  return out;
}

function roleItems(state: RecordState): Item[] {
  const out: Item[] = [];
  for (const period of state.periods) {
    for (const role of UNIT_ROLES) {
      const unit = period.assignment[role] as UnitId | null;
      if (!unit) continue;
      out.push({
        ...keys.role(state.key, role, period.from, unit),
        g2pk: partitions.unitRole(unit, role),
        g2sk: `${state.key}#${period.from}`,
        type: 'role',
        key: state.key,
        name: state.name,
        stage: period.assignment.stage,
        from: period.from,
        to: period.to ?? OPEN,
        assignment: period.assignment,
      });
    }
  }
  return out;
}

/**
 * The role and transfer index items a set of record changes writes and deletes (an import's, or a
 * re-projection's): role items that are new or differ, role items no longer there, and the
 * transfer index items.
 */
function recordWrites(
  changes: readonly { before: RecordState | null; after: RecordState }[],
  puts: Item[],
  deletes: ItemKey[],
): void {
  for (const change of changes) {
    const before = new Map<string, Item>();
    if (change.before) {
      for (const item of roleItems(change.before)) before.set(item.sk, item);
    }
    const after = roleItems(change.after);
    const afterSks = new Set(after.map((i) => i.sk));
    for (const item of after) {
      const old = before.get(item.sk);
      if (!old || JSON.stringify(old) !== JSON.stringify(item)) puts.push(item);
    }
    for (const [sk, item] of before) if (!afterSks.has(sk)) deletes.push({ pk: item.pk, sk });
    transferWrites(change.before, change.after, puts, deletes);
    // Name search needs no item of its own: the head is the entry (gsi3).
  }
}

/** The transfer index items of a record state: one per transfer, by month. */
function transferItems(state: RecordState): Item[] {
  return state.transfers.map((t) => ({
    ...keys.transferOfMonth(t.month, state.key),
    type: 'transfer',
    key: state.key,
    name: state.name,
    transfer: t,
  }));
}

/** Transfer index items that are new or differ, and those no longer there. */
function transferWrites(
  before: RecordState | null,
  after: RecordState,
  puts: Item[],
  deletes: ItemKey[],
): void {
  const old = new Map((before ? transferItems(before) : []).map((i) => [i.pk, i]));
  const fresh = transferItems(after);
  for (const item of fresh) {
    const was = old.get(item.pk);
    if (!was || JSON.stringify(was) !== JSON.stringify(item)) puts.push(item);
  }
  const kept = new Set(fresh.map((i) => i.pk));
  for (const [pk, item] of old) if (!kept.has(pk)) deletes.push({ pk, sk: item.sk });
}

/**
 * The values and sources of stored figures as items hold them: `values` (exact decimal strings;
 * null = withdrawn, 未报 to readers) and `sources` (the content that set each), by indicator.
 */
function figureAttributes(figures: StoredFigures): {
  values: Record<string, string | null>;
  sources: Record<string, string>;
} {
  const values: Record<string, string | null> = {};
  const sources: Record<string, string> = {};
  for (const [id, f] of Object.entries(figures)) {
    values[id] = f.value;
    sources[id] = f.source;
  }
  return { values, sources };
}

/** The figures of an item (one written before figures merged per cell: `source` names the row's content). */
function figuresOf(values: unknown, sources: unknown, source: unknown): StoredFigures {
  const out: StoredFigures = {};
  const bySource = (sources ?? {}) as Record<string, string>;
  for (const [id, value] of Object.entries((values ?? {}) as Record<string, string | null>)) {
    if (value == null && sources == null) continue; // a blank cell of a whole row: never reported
    out[id] = { value, source: String(bySource[id] ?? source) };
  }
  return out;
}

function indicatorItem(v: StoredIndicator): Item {
  return {
    ...keys.indicator(v.key, v.month),
    g1pk: partitions.indicatorsOfMonth(v.month, shardOf(v.key)),
    g1sk: v.key,
    type: 'indicator',
    key: v.key,
    month: v.month,
    ...figureAttributes(v.figures),
    ...(v.contents ? { contents: v.contents } : {}),
  };
}

function indicatorFrom(item: Item): StoredIndicator {
  return {
    key: String(item.key),
    month: toMonth(String(item.month)),
    figures: figuresOf(item.values, item.sources, item.source),
    ...(Array.isArray(item.contents) ? { contents: item.contents as string[] } : {}),
  };
}

/** An enterprise-month as readers see it: its reported figures (null: none left). */
function indicatorRowOf(item: Item): IndicatorRow | null {
  const values = reportedValues(indicatorFrom(item).figures);
  return values ? { key: String(item.key), month: toMonth(String(item.month)), values } : null;
}

function targetItem(v: StoredTarget): Item {
  return {
    ...keys.target(v.year, v.unit),
    type: 'target',
    unit: v.unit,
    year: v.year,
    ...figureAttributes(v.figures),
  };
}

function targetFrom(item: Item): StoredTarget {
  const old = item.row as TargetRow | undefined;
  return {
    unit: (old?.unit ?? item.unit) as TargetRow['unit'],
    year: Number(old?.year ?? item.year),
    figures: figuresOf(old?.values ?? item.values, item.sources, item.source),
  };
}

/** A unit-year's targets as readers see them (null: none left). */
function targetRowOf(item: Item): TargetRow | null {
  const t = targetFrom(item);
  const values = reportedValues(t.figures);
  return values ? { unit: t.unit, year: t.year, values } : null;
}

function contactItem(v: StoredContact): Item {
  return { ...keys.contact(v.row.unit, v.row.email), type: 'contact', row: v.row, source: v.source };
}

function contentRowsItem(contentId: string, group: UploadedRows): Item {
  return {
    ...keys.contentRows(contentId, group.key, group.month),
    type: 'uploaded-rows',
    key: group.key,
    month: group.month,
    rows: group.rows,
  };
}

/** Rows of indicators, targets and contacts per chunk item of a content (far below 400 KB). */
const CONTENT_CHUNK_ROWS = 1000;

function contentChunkItems(content: UploadContent): Item[] {
  const rows: unknown[] = [
    ...content.indicators.map((row) => ({ kind: 'indicator', row })),
    ...content.targets.map((row) => ({ kind: 'target', row })),
    ...content.contacts.map((row) => ({ kind: 'contact', row })),
  ];
  return chunk(rows, CONTENT_CHUNK_ROWS).map((part, n) => ({
    ...keys.contentChunk(content.id, n),
    type: 'uploaded-chunk',
    rows: JSON.stringify(part),
  }));
}

/** The content id of a workbook: sha256 of its rows as read (equal for the same data uploaded again). */
export function contentIdOf(parsed: ParsedWorkbook): string {
  return createHash('sha256').update(contentText(parsed)).digest('hex').slice(0, 32);
}

/** UTF-8 bytes of findings kept in an import item: the item must stay far below DynamoDB's 400 KB. */
const MAX_STORED_FINDINGS_BYTES = 200_000;

function importItem(record: ImportRecord): Item {
  let findings = record.findings;
  if (Buffer.byteLength(JSON.stringify(findings)) > MAX_STORED_FINDINGS_BYTES) {
    const kept: typeof findings = [];
    let size = 2;
    for (const f of findings) {
      size += Buffer.byteLength(JSON.stringify(f)) + 1;
      if (size > MAX_STORED_FINDINGS_BYTES) break;
      kept.push(f);
    }
    findings = kept;
  }
  const item: Item = {
    ...keys.import(record.id),
    g1pk: partitions.imports,
    g1sk: `${record.startedAt}#${record.id}`,
    type: 'import',
    record: { ...record, findings },
    objectKey: record.objectKey,
    status: record.status,
    findingsTotal: record.findings.length,
  };
  if (record.status === 'applying') {
    item.g2pk = partitions.pending;
    item.g2sk = `${record.startedAt}#${record.id}`;
  } else if (record.status === 'failed' && record.retry === true) {
    item.g2pk = partitions.retry;
    item.g2sk = `${record.startedAt}#${record.id}`;
  }
  return item;
}

/** The most items one Query of `collect` evaluates (a page also ends at 1 MB). */
const MAX_EVALUATED = 3200;

/** How long an id stays in the pending hint without its record saying `applying` (Lambda's 15 minutes, and some). */
const HINT_GRACE_MS = 20 * 60 * 1000;

/** The marks (id → value) a marks item holds (`SUMDUE`/`ALL`, `IMP#PENDING`/`HINT`): none when absent. */
function marksOf(item: Item | null): Record<string, string> {
  return JSON.parse(String(item?.marks ?? '{}')) as Record<string, string>;
}

function importFrom(item: Item): ImportRecord {
  return item.record as ImportRecord;
}

function orderOfImport(record: ImportRecord): UploadOrder {
  return { eventTime: record.eventTime, sequencer: record.sequencer, importId: record.id };
}

function encodeCursor(key: Record<string, string> | null): string | null {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : null;
}

function decodeCursor(cursor: string | null | undefined): Record<string, string> | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, string>;
  } catch {
    // fall through
  }
  return null;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// ───────────────────────────── the store ─────────────────────────────

/** The shard of a record key among `shards` (FNV-1a). */
export function shardOfKey(key: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}

/** Data to seed a store with (tests of other parts): applied as one import would. */
export interface SeedData {
  register?: RegisterRecord[];
  indicators?: IndicatorRow[];
  targets?: TargetRow[];
  contacts?: ContactRow[];
}

/**
 * The store over a `Table`: every `Store` read, plus the write side of imports.
 */
export class ItemStore implements IngestStore {
  /**
   * @param table the backend
   * @param rules the rules in force the seeded record states are assessed under (the
   *   composition root passes them; default: the policies in force, {@link POLICIES}, without
   *   decisions)
   */
  /** Claims as items of the same table (./claim-items.ts). */
  readonly claims: Claims;

  constructor(
    readonly table: Table,
    readonly rules: RulesInForce = rulesOf(POLICIES),
  ) {
    this.claims = new TableClaims(table);
  }

  get writeStats(): WriteStats {
    return this.table.stats;
  }

  // ── imports ──

  async createImport(record: ImportRecord): Promise<'created' | 'exists'> {
    if (record.status === 'applying') await this.hintPending(record.id, true);
    // An upload's index entries first (an entry whose record is missing is skipped by readers).
    const unit = /^uploads\/([^/]+)\//.exec(record.objectKey)?.[1];
    if (unit) {
      const order = `${record.startedAt}#${record.id}`;
      await this.table.batchWrite(
        [
          { ...keys.importOfObject(record.objectKey, order), type: 'import-index', id: record.id },
          { ...keys.importOfUnit(unit, order), type: 'import-index', id: record.id },
        ],
        [],
      );
    }
    const ok = await this.table.putIf(importItem(record), { kind: 'notExists' });
    return ok ? 'created' : 'exists';
  }

  /** The import records the index entries name, in their order (entries without a record skipped). */
  private async importsNamed(entries: readonly Item[]): Promise<ImportRecord[]> {
    const ids = [...new Set(entries.map((e) => String(e.id)))];
    const found = new Map(
      (await this.table.batchGet(ids.map((id) => keys.import(id)))).map((i) => [i.pk, importFrom(i)]),
    );
    return ids.flatMap((id) => found.get(keys.import(id).pk) ?? []);
  }

  async importsOfObject(objectKey: string): Promise<ImportRecord[]> {
    const entries = await this.queryAll({ partition: keys.importOfObject(objectKey, '').pk, forward: false });
    return this.importsNamed(entries);
  }

  async getImport(id: string): Promise<ImportRecord | null> {
    const item = await this.table.get(keys.import(id));
    return item ? importFrom(item) : null;
  }

  async saveImport(record: ImportRecord): Promise<void> {
    const applying = record.status === 'applying';
    if (applying) await this.hintPending(record.id, true);
    await this.table.putIf(importItem(record), { kind: 'always' });
    if (!applying) await this.hintPending(record.id, false);
  }

  /**
   * False when no import is `applying`: usually so, and then one GetItem of the pending hint
   * (sent with the request's other gets) stands for the Query of the sparse `PENDING` index.
   */
  private async mayBePending(): Promise<boolean> {
    return Object.keys(marksOf(await this.table.get(keys.pendingHint()))).length > 0;
  }

  /**
   * Keeps the pending hint a superset of the imports `applying`: an id is added before its
   * record says `applying` and removed after it says otherwise, so a crash between the two
   * writes leaves an id too many (readers then Query), never one too few. The sweep removes
   * ids left behind ({@link ItemStore.importsToResume}).
   */
  private async hintPending(id: string, applying: boolean): Promise<void> {
    const hint = marksOf(await this.table.get(keys.pendingHint()));
    if (Object.hasOwn(hint, id) === applying) return;
    await this.updateMarks(keys.pendingHint(), 'pending-hint', (marks) => {
      if (applying) marks[id] ??= new Date().toISOString();
      else delete marks[id];
    });
  }

  async listImports(options: {
    prefix?: string;
    cursor?: string | null;
    limit: number;
  }): Promise<Page<ImportRecord>> {
    // A unit's uploads: its index partition, a page at a time.
    const unit = /^uploads\/([^/]+)\/$/.exec(options.prefix ?? '')?.[1];
    const legacyCursor = decodeCursor(options.cursor)?.g1pk !== undefined;
    if (unit && !legacyCursor) {
      const entries = await this.collect(
        { partition: keys.importOfUnit(unit, '').pk, forward: false },
        options.limit,
        options.cursor,
      );
      // A store written before the index has none for a unit's earlier uploads: filtered as before.
      if (entries.items.length > 0 || options.cursor)
        return { items: await this.importsNamed(entries.items), cursor: entries.cursor };
    }
    const page = await this.collect(
      {
        index: 'gsi1',
        partition: partitions.imports,
        forward: false,
        filter: options.prefix
          ? [{ attribute: 'objectKey', op: 'begins_with', value: options.prefix }]
          : undefined,
      },
      options.limit,
      options.cursor,
    );
    return { items: page.items.map(importFrom), cursor: page.cursor };
  }

  async unfinishedImport(): Promise<ImportRecord | null> {
    if (!(await this.mayBePending())) return null;
    const out = await this.table.query({ index: 'gsi2', partition: partitions.pending, limit: 1 });
    const item = out.items[0];
    return item ? importFrom(item) : null;
  }

  async importsToResume(): Promise<ImportRecord[]> {
    const [hint, pending, retry] = await Promise.all([
      this.table.get(keys.pendingHint()),
      this.queryAll({ index: 'gsi2', partition: partitions.pending }),
      this.queryAll({ index: 'gsi2', partition: partitions.retry }),
    ]);
    // Ids a crash left in the hint: not applying, and added longer ago than any invocation
    // lasts (an import adds its id just before it writes `applying`).
    const applying = new Set(pending.map((i) => importFrom(i).id));
    const before = new Date(Date.now() - HINT_GRACE_MS).toISOString();
    const stale = Object.entries(marksOf(hint)).filter(([id, at]) => !applying.has(id) && at < before);
    if (stale.length > 0)
      await this.updateMarks(keys.pendingHint(), 'pending-hint', (marks) => {
        for (const [id, at] of stale) if (marks[id] === at) delete marks[id];
      });
    return [...pending, ...retry]
      .map(importFrom)
      .sort((a, b) => compareOrder(orderOfImport(a), orderOfImport(b)) || (a.id < b.id ? -1 : 1));
  }

  // ── register and assignments ──

  async getVersions(recordKeys: readonly string[]): Promise<Map<string, StoredVersion[]>> {
    const [raw, pending] = await this.betweenLooks(() => this.loadRecords(recordKeys, RAW, true));
    const { versions } = resolveRecords(raw, pending);
    const out = new Map<string, StoredVersion[]>();
    for (const [key, list] of versions)
      out.set(
        key,
        list.map((record) => ({ record })),
      );
    return out;
  }

  /**
   * Heads (BatchGet), then the derived versions they name (BatchGet), oldest first. The raw
   * items (for the import's planning), or — `withPrevious` — also the versions the heads'
   * previous contents name, for readers to resolve ({@link resolveRecords}).
   */
  private async loadRecords(
    recordKeys: readonly string[],
    view: (item: Item) => Item | null = RAW,
    withPrevious = false,
  ): Promise<{ versions: Map<string, RegisterRecord[]>; records: Map<string, StoredRecord>; items: Item[] }> {
    const unique = [...new Set(recordKeys)];
    const heads = await this.table.batchGet(unique.map(keys.head));
    const records = new Map<string, StoredRecord>();
    const versionKeys: ItemKey[] = [];
    for (const stored of await this.withPages(heads, view)) records.set(stored.state.key, stored);
    for (const raw of heads) {
      const head = view(raw);
      const months = new Set<Month>((head?.state as RecordState | undefined)?.months ?? []);
      if (withPrevious) {
        for (const m of (raw.state as RecordState | undefined)?.months ?? []) months.add(m);
        const prev = raw.prev as { state?: RecordState } | null | undefined;
        for (const m of prev?.state?.months ?? []) months.add(m);
      }
      const key = String((raw.state as RecordState | undefined)?.key ?? raw.pk.slice(2));
      for (const m of months) versionKeys.push(keys.version(key, m));
    }
    const versions = new Map<string, RegisterRecord[]>();
    const items = [...heads];
    for (const raw of await this.table.batchGet(versionKeys)) {
      items.push(raw);
      const item = view(raw);
      if (!item) continue;
      const v = versionFrom(item).record;
      const list = versions.get(v.key) ?? [];
      list.push(v);
      versions.set(v.key, list);
    }
    for (const list of versions.values()) list.sort((a, b) => compareMonths(a.month, b.month));
    return { versions, records, items };
  }

  /**
   * The records of these heads (as `view` sees them) whole: the pages of the older sources
   * ({@link SOURCE_PAGE}), periods and transfers ({@link STATE_PAGE}), seen the same way, then
   * the head's own.
   */
  private async withPages(
    heads: readonly Item[],
    view: (item: Item) => Item | null,
  ): Promise<StoredRecord[]> {
    const seen = heads.map(view).filter((h): h is Item => h !== null);
    const pageKeys: ItemKey[] = [];
    for (const head of seen) pageKeys.push(...pageKeysOf(head));
    const pages = new Map<string, Item>();
    for (const raw of await this.table.batchGet(pageKeys)) {
      const page = view(raw);
      if (page) pages.set(`${page.pk}\u0000${page.sk}`, page);
    }
    const pageAt = (key: string, at: ItemKey, what: string): Item => {
      const page = pages.get(`${at.pk}\u0000${at.sk}`);
      if (!page) throw new Error(`record ${key}: its ${what} page is missing (${at.sk})`);
      return page;
    };
    return seen.map((head) => {
      const stored = storedRecordFrom(head);
      const key = stored.state.key;
      const older: string[] = [];
      for (let n = 0; n < Number(head.sourcePages ?? 0); n += 1)
        older.push(...(pageAt(key, keys.sourcePage(key, n), 'sources').sources as string[]));
      const state: RecordState = { ...stored.state };
      for (const list of STATE_LISTS) {
        const entries: unknown[] = [];
        for (let n = 0; n < Number(head[statePagesAttribute[list]] ?? 0); n += 1)
          entries.push(...(pageAt(key, keys.statePage(key, list, n), list).entries as unknown[]));
        if (entries.length > 0)
          (state as unknown as Record<StateList, unknown[]>)[list] = [...entries, ...stored.state[list]];
      }
      return { state, sources: [...older, ...stored.sources] };
    });
  }

  async latestMonth(): Promise<Month | null> {
    const [raw, pending] = await this.betweenLooks(() => this.table.get(keys.latest()));
    const item = raw ? visibleItem(raw, pending) : null;
    return item ? toMonth(String(item.month)) : null;
  }

  async *allVersions(): AsyncIterable<StoredVersion[]> {
    const pending = await this.pendingIds();
    for (let shard = 0; shard < SHARDS; shard++) {
      let current: StoredVersion[] = [];
      let startKey: Record<string, string> | null = null;
      do {
        const out = await this.table.query({
          index: 'gsi1',
          partition: partitions.versions(shard),
          startKey,
        });
        for (const raw of out.items) {
          const item = visibleItem(raw, pending);
          if (!item) continue;
          const v = versionFrom(item);
          if (current.length > 0 && current[0]?.record.key !== v.record.key) {
            yield current;
            current = [];
          }
          current.push(v);
        }
        startKey = out.lastKey;
      } while (startKey);
      if (current.length > 0) yield current;
    }
  }

  async listByUnit(
    unit: UnitId,
    role: UnitRole,
    month: Month,
    options: { cursor?: string | null; limit: number },
  ): Promise<Page<EnterpriseListItem>> {
    const holds = (item: Item) =>
      monthIn({ from: toMonth(String(item.from)), to: toMonth(String(item.to)) }, month);
    const page = await this.collectVisible(
      {
        index: 'gsi2',
        partition: partitions.unitRole(unit, role),
        filter: [
          { attribute: 'from', op: '<=', value: month },
          { attribute: 'to', op: '>', value: month },
        ],
      },
      holds,
      options.limit,
      options.cursor,
    );
    return {
      items: page.items.map((item) => ({
        key: String(item.key),
        name: String(item.name),
        stage: item.stage as Stage,
        assignment: item.assignment as EnterpriseListItem['assignment'],
      })),
      cursor: page.cursor,
    };
  }

  async recordState(key: string): Promise<RecordState | null> {
    const [raw, pending] = await this.betweenLooks(() => this.table.get(keys.head(key)));
    if (!raw) return null;
    const [whole] = await this.withPages([raw], (item) => visibleItem(item, pending));
    return whole?.state ?? null;
  }

  /**
   * Every transfer (划转) of a month with the record's name, by key
   * (one Query of the month's transfer index).
   */
  async transfersInMonth(month: Month): Promise<Array<Transfer & { name: string }>> {
    const items = await this.queryVisible(() =>
      this.queryAll({ partition: keys.transferOfMonth(month, '').pk }),
    );
    return items.map((i) => ({ ...(i.transfer as Transfer), name: String(i.name) }));
  }

  async assignmentHistory(key: string): Promise<MonthAssignment[]> {
    const state = await this.recordState(key);
    return state ? historyOf(state) : [];
  }

  async transfers(key: string): Promise<Transfer[]> {
    const state = await this.recordState(key);
    return state ? state.transfers : [];
  }

  async search(
    query: string,
    options: { cursor?: string | null; limit: number },
  ): Promise<Page<{ key: string; name: string }>> {
    const trimmed = query.trim();
    const items: { key: string; name: string }[] = [];
    let exact: string | null = null;
    if (!options.cursor && trimmed.length > 0) {
      // The key as typed and in upper case, read together (one request when they differ, one key when not).
      const candidates = [...new Set([trimmed.toUpperCase(), trimmed])];
      const state =
        (await Promise.all(candidates.map((key) => this.recordState(key)))).find((s) => s) ?? null;
      if (state) {
        exact = state.key;
        items.push({ key: state.key, name: state.name });
      }
    }
    const fragment = searchForm(trimmed);
    if ([...fragment].length < 2) return { items, cursor: null };
    const page = await this.searchNames(fragment, Math.max(1, options.limit - items.length), options.cursor);
    for (const item of page.items) {
      if (item.sk === 'HEAD' && item.pk.slice(2) !== exact)
        items.push({ key: item.pk.slice(2), name: String(item.name) });
    }
    return { items, cursor: page.cursor };
  }

  /**
   * Names holding the fragment: the name index (gsi3: one entry per record, its head, projected
   * with the name and its search form), shard by shard, filtered on the server by
   * `contains(form, :fragment)`. The cursor is `<shard>:<cursor within the shard>`. With an
   * import pending, entries it wrote are read whole (GetItem) and seen as their previous content.
   */
  private async searchNames(
    fragment: string,
    limit: number,
    cursor: string | null | undefined,
  ): Promise<{ items: Item[]; cursor: string | null }> {
    const at = cursor ? cursor.indexOf(':') : -1;
    let shard = at > 0 ? Number(cursor?.slice(0, at)) : 0;
    let within: string | null = at > 0 ? cursor?.slice(at + 1) || null : null;
    if (!Number.isInteger(shard) || shard < 0) shard = SHARDS;
    // One more than asked: a page that ends the answer says so (no cursor).
    const want = limit + 1;
    const found: Array<{ item: Item; raw: Item; shard: number }> = [];
    const holds = (item: Item) => !item.tomb && String(item.form ?? '').includes(fragment);
    // Each shard's read runs between two looks at the pending imports; the look after one
    // shard is the look before the next.
    let before = await this.pendingIds();
    while (shard < SHARDS && found.length < want) {
      const filter: Condition[] = [{ attribute: 'form', op: 'contains', value: fragment }];
      const partition = partitions.names(shard);
      const page = await this.collect(
        { index: 'gsi3', partition, filter: before.size === 0 ? filter : undefined },
        want - found.length,
        within,
        before.size === 0 ? undefined : (item) => pendingWriter(item, before) || holds(item),
      );
      const after = await this.pendingIds();
      const pending = new Set([...before, ...after]);
      before = after;
      for (const raw of page.items) {
        if (pendingWriter(raw, pending)) {
          const whole = await this.table.get({ pk: raw.pk, sk: raw.sk });
          const seen = whole ? visibleItem(whole, pending) : null;
          if (seen && holds(seen)) found.push({ item: seen, raw, shard });
        } else if (holds(raw)) found.push({ item: raw, raw, shard });
      }
      if (page.cursor) within = page.cursor;
      else {
        shard += 1;
        within = null;
      }
    }
    if (found.length <= limit) return { items: found.map((f) => f.item), cursor: null };
    const last = found[limit - 1] as { raw: Item; shard: number };
    return {
      items: found.slice(0, limit).map((f) => f.item),
      cursor: `${last.shard}:${encodeCursor(keyAfter(last.raw, 'gsi3'))}`,
    };
  }

  // ── indicators, targets, contacts ──

  async indicatorsByMonth(month: Month): Promise<IndicatorRow[]> {
    const items = await this.queryVisible(async () =>
      (
        await Promise.all(
          Array.from({ length: SHARDS }, (_, s) =>
            this.queryAll({ index: 'gsi1', partition: partitions.indicatorsOfMonth(month, s) }),
          ),
        )
      ).flat(),
    );
    return items
      .map(indicatorRowOf)
      .filter((row) => row !== null)
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async indicatorsByKey(key: string): Promise<IndicatorRow[]> {
    const items = await this.queryVisible(() => this.queryAll({ partition: keys.indicators(key) }));
    return items.map(indicatorRowOf).filter((row) => row !== null);
  }

  async targets(year: number): Promise<TargetRow[]> {
    const items = await this.queryVisible(() => this.queryAll({ partition: keys.target(year, '').pk }));
    return items.map(targetRowOf).filter((row) => row !== null);
  }

  private async storedTargets(year: number): Promise<StoredTarget[]> {
    const items = (await this.queryAll({ partition: keys.target(year, '').pk })).filter(
      (i) => i.tomb !== true,
    );
    return items.map(targetFrom);
  }

  async contacts(): Promise<ContactRow[]> {
    const items = await this.queryVisible(() => this.queryAll({ partition: 'CONTACTS' }));
    return items.map((item) => item.row as ContactRow);
  }

  private async storedContacts(): Promise<StoredContact[]> {
    const items = (await this.queryAll({ partition: 'CONTACTS' })).filter((i) => i.tomb !== true);
    return items.map((item) => ({ row: item.row as ContactRow, source: String(item.source) }));
  }

  // ── publication ──

  async sends(month: Month): Promise<SendRecord[]> {
    const items = await this.queryAll({ partition: keys.summary(month).pk, prefix: 'SEND#' });
    return items.map((item) => item.send as SendRecord);
  }

  async recordSend(send: SendRecord): Promise<void> {
    await this.table.putIf(
      { ...keys.send(send.month, send.unit, send.messageId), type: 'send', send },
      { kind: 'always' },
    );
  }

  async reminders(month: Month): Promise<SendRecord[]> {
    const items = await this.queryAll({ partition: keys.summary(month).pk, prefix: 'REMIND#' });
    return items.map((item) => item.send as SendRecord);
  }

  async recordReminder(send: SendRecord): Promise<void> {
    await this.table.putIf(
      { ...keys.reminder(send.month, send.unit, send.messageId), type: 'reminder', send },
      { kind: 'always' },
    );
  }

  async saveSummary(month: Month, document: unknown, publishedAt: string): Promise<void> {
    // Each unit's row first (what a unit's summary request reads), the whole document last;
    // PutItem only (the publish function's role writes no batches).
    const { units = [], total } = (document ?? {}) as { units?: Array<{ unit: string }>; total?: unknown };
    const rows: Array<[string, unknown]> = [...units.map((row) => [row.unit, row] as [string, unknown])];
    if (total !== undefined) rows.push(['district', total]);
    await Promise.all(
      rows.map(([unit, row]) =>
        this.table.putIf(
          { ...keys.publishedRow(month, unit), type: 'summary-row', row: JSON.stringify(row), publishedAt },
          { kind: 'always' },
        ),
      ),
    );
    // The document's head: the header and the order of its rows (each row is its own item).
    const { units: _units, total: _total, ...header } = (document ?? {}) as Record<string, unknown>;
    await this.table.putIf(
      {
        ...keys.summary(month),
        type: 'summary',
        header: JSON.stringify(header),
        units: rows.map(([unit]) => unit),
        publishedAt,
      },
      { kind: 'always' },
    );
  }

  async publishedRow(month: Month, unit: string): Promise<{ row: unknown; publishedAt: string } | null> {
    const [item, publication] = await Promise.all([
      this.table.get(keys.publishedRow(month, unit)),
      this.table.get(keys.publication(month)),
    ]);
    if (item) return { row: JSON.parse(String(item.row)) as unknown, publishedAt: String(item.publishedAt) };
    // A month published before the rows were stored apart: the whole document.
    if (!publication) return null;
    const summary = await this.getSummary(month);
    if (!summary) return null;
    const document = summary.document as { units?: Array<{ unit: string }>; total?: unknown } | null;
    const row = unit === 'district' ? document?.total : document?.units?.find((u) => u.unit === unit);
    return { row: row ?? null, publishedAt: summary.publishedAt };
  }

  async getSummary(month: Month): Promise<{ document: unknown; publishedAt: string } | null> {
    const item = await this.table.get(keys.summary(month));
    if (!item) return null;
    const publishedAt = String(item.publishedAt);
    // Written before the document was stored in pages: the whole document in one item.
    if (item.document !== undefined)
      return { document: JSON.parse(String(item.document)) as unknown, publishedAt };
    const ids = (item.units ?? []) as string[];
    const rows = new Map(
      (await this.table.batchGet(ids.map((u) => keys.publishedRow(month, u)))).map((r) => [
        r.sk.slice('SUMMARY#U#'.length),
        JSON.parse(String(r.row)) as unknown,
      ]),
    );
    const document = {
      ...(JSON.parse(String(item.header)) as object),
      units: ids.filter((u) => u !== 'district').map((u) => rows.get(u) ?? null),
      ...(rows.has('district') ? { total: rows.get('district') } : {}),
    };
    return { document, publishedAt };
  }

  /**
   * Changes a marks item with a conditional put on the marks as they were read: concurrent
   * writers never lose each other's marks (a lost race reads again). Nothing is written when
   * the change changes nothing; the item stays when empty.
   */
  private async updateMarks(
    key: ItemKey,
    type: string,
    change: (marks: Record<string, string>) => void,
  ): Promise<void> {
    for (;;) {
      const item = await this.table.get(key);
      const read = item?.marks === undefined ? null : String(item.marks);
      const marks = marksOf(item);
      change(marks);
      const next = JSON.stringify(marks);
      if (next === (read ?? '{}')) return;
      if (
        await this.table.putIf(
          { ...key, type, marks: next },
          { kind: 'equals', attribute: 'marks', value: read },
        )
      )
        return;
    }
  }

  // ── computed summaries ──

  async saveComputedSummaries(
    month: Month,
    summaries: MonthSummaries,
    stamp: string,
    lists: CompleteLists = {},
  ): Promise<boolean> {
    const { units, total, ...header } = summaries.document;
    const chunks = chunkByBytes(summaries.enterprises, COMPUTED_CHUNK_BYTES);
    const old = await this.table.get(keys.computedRow(month, 'district'));
    // Every non-empty list in pages of LIST_PAGE entries (`<unit>#<name>` → pages written).
    const listPages: Record<string, number> = {};
    const pageItems: Item[] = [];
    for (const [unit, named] of Object.entries(lists)) {
      for (const [name, list] of Object.entries(named) as Array<[string, unknown[]]>) {
        const pages = Math.ceil(list.length / LIST_PAGE);
        if (pages === 0) continue;
        listPages[`${unit}#${name}`] = pages;
        for (let n = 0; n < pages; n += 1)
          pageItems.push({
            ...keys.computedListPage(month, unit, name, n),
            type: 'computed',
            stamp,
            pages,
            entries: JSON.stringify(list.slice(n * LIST_PAGE, (n + 1) * LIST_PAGE)),
          });
      }
    }
    const items: Item[] = [
      ...pageItems,
      ...units.map((row) => ({
        ...keys.computedRow(month, row.unit),
        type: 'computed',
        stamp,
        row: JSON.stringify(row),
      })),
      ...chunks.map((rows, n) => ({
        ...keys.computedChunk(month, n),
        type: 'computed',
        stamp,
        rows: JSON.stringify(rows),
      })),
      {
        ...keys.computedCounts(month),
        type: 'computed',
        stamp,
        counts: JSON.stringify(unitCountsOf(summaries.document)),
      },
      // The district row last: it names the refresh (stamp) and how many chunks it wrote.
      {
        ...keys.computedRow(month, 'district'),
        type: 'computed',
        stamp,
        row: JSON.stringify(total),
        header: JSON.stringify(header),
        units: units.map((u) => u.unit),
        chunks: chunks.length,
        listPages: JSON.stringify(listPages),
      },
    ];
    // A refresh that started reading earlier never overwrites one that started later.
    for (const item of items) {
      if (!(await this.table.putIf(item, { kind: 'atMost', attribute: 'stamp', value: stamp }))) return false;
    }
    const oldChunks = Number(old?.chunks ?? 0);
    if (oldChunks > chunks.length) {
      const gone: ItemKey[] = [];
      for (let n = chunks.length; n < oldChunks; n += 1) gone.push(keys.computedChunk(month, n));
      await this.table.batchWrite([], gone);
    }
    // List pages the earlier refresh wrote beyond this one's.
    const oldPages = JSON.parse(String(old?.listPages ?? '{}')) as Record<string, number>;
    const goneListPages: ItemKey[] = [];
    for (const [list, count] of Object.entries(oldPages)) {
      const [unit = '', name = ''] = list.split('#');
      for (let n = listPages[list] ?? 0; n < count; n += 1)
        goneListPages.push(keys.computedListPage(month, unit, name, n));
    }
    if (goneListPages.length > 0) await this.table.batchWrite([], goneListPages);
    return true;
  }

  async computedListPage(
    month: Month,
    unit: string,
    name: string,
    page: number,
  ): Promise<{ entries: unknown[]; pages: number; stamp: string } | null> {
    const item = await this.table.get(keys.computedListPage(month, unit, name, page));
    return item
      ? {
          entries: JSON.parse(String(item.entries)) as unknown[],
          pages: Number(item.pages),
          stamp: String(item.stamp),
        }
      : null;
  }

  async computedSummaries(month: Month, withEnterprises: boolean): Promise<StoredSummaries | null> {
    // The rows, and the enterprise chunks when asked (not the list pages).
    const items = (
      await Promise.all(
        (withEnterprises ? ['CALC#D#', 'CALC#E#'] : ['CALC#D#']).map((prefix) =>
          this.queryAll({ partition: `S#${month}`, prefix }),
        ),
      )
    ).flat();
    const district = items.find((i) => i.sk === 'CALC#D#district');
    if (!district) return null;
    const stamp = String(district.stamp);
    // Items of two refreshes (one still writing): not one document.
    if (items.some((i) => i.stamp !== stamp)) return null;
    const rows = new Map(
      items.filter((i) => i.sk.startsWith('CALC#D#')).map((i) => [i.sk.slice(7), String(i.row)]),
    );
    const unitIds = district.units as string[];
    if (unitIds.some((u) => !rows.has(u))) return null;
    const document = {
      ...(JSON.parse(String(district.header)) as object),
      units: unitIds.map((u) => JSON.parse(rows.get(u) as string) as unknown),
      total: JSON.parse(String(district.row)) as unknown,
    } as SummaryDocument;
    let enterprises: EnterpriseFigures[] = [];
    if (withEnterprises) {
      const chunks = items.filter((i) => i.sk.startsWith('CALC#E#'));
      if (chunks.length !== Number(district.chunks)) return null;
      enterprises = chunks.flatMap((i) => JSON.parse(String(i.rows)) as EnterpriseFigures[]);
    }
    return { summaries: { document, enterprises }, stamp };
  }

  async computedSummaryRow(month: Month, unit: string): Promise<{ row: unknown; stamp: string } | null> {
    const item = await this.table.get(keys.computedRow(month, unit));
    return item ? { row: JSON.parse(String(item.row)) as unknown, stamp: String(item.stamp) } : null;
  }

  async computedCounts(
    month: Month,
  ): Promise<{ counts: Record<string, UnitRoleCounts>; stamp: string } | null> {
    const item = await this.table.get(keys.computedCounts(month));
    return item
      ? {
          counts: JSON.parse(String(item.counts)) as Record<string, UnitRoleCounts>,
          stamp: String(item.stamp),
        }
      : null;
  }

  async markSummariesDue(importId: string, change: SummaryChange): Promise<void> {
    await this.updateMarks(keys.summariesDue(), 'summaries-due', (due) => {
      due[importId] = JSON.stringify(change);
    });
  }

  async summariesDue(): Promise<Array<{ importId: string; change: SummaryChange }>> {
    const due = marksOf(await this.table.get(keys.summariesDue()));
    return Object.entries(due).map(([importId, change]) => ({
      importId,
      change: JSON.parse(change) as SummaryChange,
    }));
  }

  async clearSummariesDue(importIds: readonly string[]): Promise<void> {
    if (importIds.length === 0) return;
    await this.updateMarks(keys.summariesDue(), 'summaries-due', (due) => {
      for (const id of importIds) delete due[id];
    });
  }

  async summaryWindow(): Promise<{ first: Month; last: Month } | null> {
    const item = await this.table.get(keys.summaryWindow());
    return item ? { first: item.first as Month, last: item.last as Month } : null;
  }

  async saveSummaryWindow(window: { first: Month; last: Month }): Promise<void> {
    await this.table.putIf(
      { ...keys.summaryWindow(), type: 'summary-window', ...window },
      { kind: 'always' },
    );
  }

  // ── publication record and send claims ──

  async savePublication(record: PublicationRecord): Promise<void> {
    await this.table.putIf(
      { ...keys.publication(record.month), type: 'publication', record },
      { kind: 'always' },
    );
  }

  async getPublication(month: Month): Promise<PublicationRecord | null> {
    const item = await this.table.get(keys.publication(month));
    return item ? (item.record as PublicationRecord) : null;
  }

  // ── the write side ──

  async runningImport(now: Date): Promise<ImportRecord | null> {
    const holder = await this.claims.holder('apply', APPLY_LEASE_ID, now);
    const record = holder ? await this.getImport(holder) : null;
    return record && (record.status === 'applying' || record.status === 'received') ? record : null;
  }

  // ── the upload index (a late delivery's closure) ──

  get uploads(): UploadIndex {
    return {
      complete: async () => (await this.table.get(keys.uploadIndex())) !== null,
      markComplete: async () => {
        await this.table.putIf({ ...keys.uploadIndex(), type: 'upload-index' }, { kind: 'always' });
      },
      addUpload: (importId, contentId) =>
        this.updateMarks(keys.contentUploads(contentId), 'content-uploads', (marks) => {
          if (Object.hasOwn(marks, importId) || Object.hasOwn(marks, MORE_UPLOADS)) return;
          if (Object.keys(marks).length >= CONTENT_UPLOADS) marks[MORE_UPLOADS] = '1';
          else marks[importId] = '1';
        }),
      addRefused: async (importId, recordKeys) => {
        const pages = chunk([...new Set(recordKeys)].sort(), REFUSED_KEYS_PAGE);
        if (pages.length === 0) pages.push([]);
        await this.table.batchWrite(
          pages.map((part, n) => ({
            ...keys.refusedUpload(importId, n),
            type: 'refused-upload',
            importId,
            pages: pages.length,
            keys: part,
          })),
          [],
        );
      },
      refused: () => this.refusedUploads(),
      contentsTouching: (recordKeys) => this.contentsTouching(recordKeys),
      importsOf: async (contentIds) => {
        const items = await this.table.batchGet(contentIds.map(keys.contentUploads));
        if (items.length !== new Set(contentIds).size) return null;
        const ids: string[] = [];
        for (const item of items) {
          const marks = marksOf(item);
          if (Object.hasOwn(marks, MORE_UPLOADS)) return null;
          ids.push(...Object.keys(marks));
        }
        return ids;
      },
      records: async (ids) => (await this.table.batchGet([...new Set(ids)].map(keys.import))).map(importFrom),
    };
  }

  private async refusedUploads(): Promise<RefusedUpload[] | null> {
    const byImport = new Map<string, { pages: number; seen: number; keys: string[] }>();
    for (const item of await this.queryAll({ partition: keys.refusedUpload('', 0).pk })) {
      const id = String(item.importId);
      const entry = byImport.get(id) ?? { pages: Number(item.pages), seen: 0, keys: [] };
      entry.seen += 1;
      entry.keys.push(...(item.keys as string[]));
      byImport.set(id, entry);
    }
    const out: RefusedUpload[] = [];
    for (const [importId, entry] of byImport) {
      if (entry.seen !== entry.pages) return null;
      out.push({ importId, keys: entry.keys });
    }
    return out;
  }

  /**
   * The accepted contents with rows for these keys: their heads' sources (register rows) and
   * their indicator items' `contents` (one Query of each key's indicators); null when an
   * indicator item does not list them all.
   */
  private async contentsTouching(recordKeys: readonly string[]): Promise<Set<string> | null> {
    const pending = await this.pendingIds();
    const view = (item: Item) => visibleItem(item, pending);
    const unique = [...new Set(recordKeys)];
    const out = new Set<string>();
    for (const part of chunk(unique, 100)) {
      for (const record of await this.withPages(await this.table.batchGet(part.map(keys.head)), view))
        for (const source of record.sources) out.add(parseSource(source).contentId);
    }
    const indicators = await inParallel(
      unique.map((key) => () => this.queryAll({ partition: keys.indicators(key) })),
      KEY_READS_IN_FLIGHT,
    );
    for (const raw of indicators.flat()) {
      const item = view(raw);
      if (!item) continue;
      const contents = indicatorFrom(item).contents;
      if (!contents || contents.includes(MORE_CONTENTS)) return null;
      for (const c of contents) out.add(c);
    }
    return out;
  }

  async latestJudgedOrder(): Promise<string | null> {
    const item = await this.table.get(keys.judgedOrder());
    return typeof item?.order === 'string' ? item.order : null;
  }

  async rulesVersion(): Promise<string | null> {
    const item = await this.table.get(keys.rulesVersion());
    return typeof item?.version === 'string' ? item.version : null;
  }

  async stampRulesVersion(version: string, options: { ifAbsent?: boolean } = {}): Promise<void> {
    const item: Item = { ...keys.rulesVersion(), type: 'rules-version', version };
    if (options.ifAbsent) await this.table.putIf(item, { kind: 'notExists' });
    else await this.table.batchWrite([item], []);
  }

  async raiseJudgedOrder(order: string): Promise<void> {
    await this.table.putIf(
      { ...keys.judgedOrder(), type: 'judged-order', order },
      { kind: 'lessThan', attribute: 'order', value: order },
    );
  }

  contentIdOf(parsed: ParsedWorkbook): string {
    return contentIdOf(parsed);
  }

  async storedStateFor(parsed: ParsedWorkbook, contentId: string): Promise<StoredState> {
    // Register keys: their heads, their derived versions, and every row uploaded for them.
    const registerKeys = [...new Set(parsed.register.map((r) => r.record.key))];
    const { versions, records } = await this.loadRecords(registerKeys);
    const rowKeys: ItemKey[] = [];
    const contents = new Set<string>([contentId]);
    for (const [key, r] of records) {
      for (const source of r.sources) {
        const { contentId: c, month } = parseSource(source);
        contents.add(c);
        // The own content's rows too: an earlier upload of the same rows is an earlier upload
        // (the authority is judged against it; the planner sets them apart by content id).
        rowKeys.push(keys.contentRows(c, key, month));
      }
    }
    const uploaded = new Map<string, SourcedRow[]>();
    for (const item of await this.table.batchGet(rowKeys)) {
      const c = item.pk.slice('IMP#C#'.length);
      const list = uploaded.get(String(item.key)) ?? [];
      for (const row of item.rows as UploadedRows['rows'])
        list.push({ contentId: c, record: row.record, present: row.present });
      uploaded.set(String(item.key), list);
    }
    // Keys named only by indicator rows: their head and its latest version are enough (the
    // checks need to know the enterprise exists, its name and who holds it), which saves
    // reading every version.
    const registered = new Set(registerKeys);
    const indicatorOnly = [...new Set(parsed.indicators.map((r) => r.key))].filter((k) => !registered.has(k));
    const moreRows: ItemKey[] = [];
    for (const stored of await this.withPages(await this.table.batchGet(indicatorOnly.map(keys.head)), RAW)) {
      const { state, sources } = stored;
      if (state.latest) versions.set(state.key, [state.latest]);
      // Their head too: the change list shows stored figures only where the uploader may see
      // the record (judged from its assignments), and names it by its stored name.
      records.set(state.key, stored);
      // Their uploaded rows too: the upload's authority is judged against the earlier uploads.
      for (const source of sources) {
        const { contentId: c, month } = parseSource(source);
        contents.add(c);
        moreRows.push(keys.contentRows(c, state.key, month));
      }
    }
    for (const item of await this.table.batchGet(moreRows)) {
      const c = item.pk.slice('IMP#C#'.length);
      const list = uploaded.get(String(item.key)) ?? [];
      for (const row of item.rows as UploadedRows['rows'])
        list.push({ contentId: c, record: row.record, present: row.present });
      uploaded.set(String(item.key), list);
    }
    const indicatorKeys = [...new Set(parsed.indicators.map((r) => indicatorId(r.key, r.month)))].map(
      (id) => {
        const at = id.lastIndexOf('#');
        return keys.indicator(id.slice(0, at), toMonth(id.slice(at + 1)));
      },
    );
    const indicators = new Map<string, StoredIndicator>();
    // The planner's raw view: a tombstone (a replay's removal) is no stored figure.
    for (const raw of await this.table.batchGet(indicatorKeys)) {
      const item = RAW(raw);
      if (!item) continue;
      const v = indicatorFrom(item);
      indicators.set(indicatorId(v.key, v.month), v);
      for (const f of Object.values(v.figures)) contents.add(f.source);
    }
    const targets = new Map<string, StoredTarget>();
    for (const year of new Set(parsed.targets.map((t) => t.year))) {
      for (const t of await this.storedTargets(year)) {
        targets.set(targetId(t.year, t.unit), t);
        for (const f of Object.values(t.figures)) contents.add(f.source);
      }
    }
    const contacts = parsed.contacts.length > 0 ? await this.storedContacts() : [];
    for (const c of contacts) contents.add(c.source);
    const ranks = new Map<string, string>();
    const uploaders = new Map<string, UnitId>();
    for (const item of await this.table.batchGet([...contents].map(keys.contentRank))) {
      const c = item.pk.slice('IMP#C#'.length);
      ranks.set(c, String(item.rank));
      if (typeof item.uploader === 'string') uploaders.set(c, item.uploader as UnitId);
    }
    return { ranks, uploaders, records, uploaded, versions, indicators, targets, contacts };
  }

  async applyPlan(plan: ImportPlan): Promise<number> {
    // 1. What was uploaded: the content's rows (once per content), then its rank (raised only).
    const content = plan.content.value;
    if (!plan.content.stored) {
      const rows = content.register.map((group) => contentRowsItem(content.id, group));
      await this.table.batchWrite([...rows, ...contentChunkItems(content)], []);
    }
    await this.table.putIf(
      {
        ...keys.contentRank(content.id),
        type: 'content',
        rank: plan.content.rank,
        ...(plan.content.uploader ? { uploader: plan.content.uploader } : {}),
      },
      { kind: 'lessThan', attribute: 'rank', value: plan.content.rank },
    );
    // 2. The derived items: versions, role entries, indicators, targets, contacts.
    let written = 0;
    const puts: Item[] = plan.versions.map(versionItem);
    const deletes: ItemKey[] = [];
    recordWrites(plan.records, puts, deletes);
    // The pages of the records' older sources before their heads (unchanged pages are skipped).
    for (const c of plan.records)
      puts.push(...sourcePageItems(c.after.key, c.sources), ...statePageItems(c.after));
    puts.push(...plan.indicators.map(indicatorItem));
    puts.push(...plan.targets.map(targetItem));
    puts.push(...plan.contacts.put.map(contactItem));
    for (const c of plan.contacts.remove) deletes.push(keys.contact(c.unit, c.email));
    const pending =
      puts.length + deletes.length + plan.records.length + plan.indexed.length > 0
        ? await this.pendingIds()
        : new Set<string>();
    written += await this.writeDerived(plan.importId, puts, deletes, pending);
    // The upload index on indicator items whose figures stay (not data: not counted).
    await this.writeDerived(plan.importId, plan.indexed.map(indicatorItem), [], pending);
    // 3. record heads last: a head is the proof its record's items are written.
    written += await this.writeDerived(
      plan.importId,
      plan.records.map((c) => headItem(c.after, c.sources)),
      [],
      pending,
    );
    // 4. the latest month, raised only.
    if (plan.latestMonth) {
      const current = (await this.table.get(keys.latest())) ?? undefined;
      const visible = current ? visibleItem(current, pending) : null;
      if (!visible || compareMonths(toMonth(String(visible.month)), plan.latestMonth) < 0) {
        await this.table.putIf(
          {
            ...keys.latest(),
            type: 'latest',
            month: plan.latestMonth,
            w: plan.importId,
            prev: committedContent(current, plan.importId, pending),
          },
          { kind: 'lessThan', attribute: 'month', value: plan.latestMonth },
        );
      }
    }
    return written;
  }

  // ── coordination hook: re-projecting records after a decision ──

  /**
   * Re-projects these records under the rules in force given (the policies and the working
   * group's decisions): their record states (periods, transfers), role entries and
   * heads, written as an import writes them, named by `writer` (e.g. `decision:<id>`). Heads
   * last, as in an import; records whose state does not change are not written. Idempotent:
   * run again, it writes nothing. Returns the items written.
   */
  async reproject(recordKeys: readonly string[], rules: RulesInForce, writer: string): Promise<number> {
    const { versions, records } = await this.loadRecords(recordKeys);
    const changes: { before: RecordState; after: RecordState; sources: string[] }[] = [];
    for (const key of new Set(recordKeys)) {
      const head = records.get(key);
      const after = recordState(key, versions.get(key) ?? [], rules);
      if (!head || !after || JSON.stringify(head.state) === JSON.stringify(after)) continue;
      changes.push({ before: head.state, after, sources: head.sources });
    }
    if (changes.length === 0) return 0;
    const puts: Item[] = changes.flatMap((c) => statePageItems(c.after));
    const deletes: ItemKey[] = [];
    recordWrites(changes, puts, deletes);
    const pending = await this.pendingIds();
    const written = await this.writeDerived(writer, puts, deletes, pending);
    return (
      written +
      (await this.writeDerived(
        writer,
        changes.map((c) => headItem(c.after, c.sources)),
        [],
        pending,
      ))
    );
  }

  /**
   * Writes derived items with their provenance: each put names the import and keeps the
   * item's previous committed content; each delete becomes a tombstone (index keys kept,
   * `from` past every month so that listings skip it). An item already holding the same
   * content is not written. Returns the items written.
   */
  private async writeDerived(
    importId: string,
    puts: readonly Item[],
    deletes: readonly ItemKey[],
    pending: ReadonlySet<string>,
  ): Promise<number> {
    if (puts.length === 0 && deletes.length === 0) return 0;
    const current = new Map<string, Item>();
    for (const item of await this.table.batchGet([...puts, ...deletes].map((i) => ({ pk: i.pk, sk: i.sk }))))
      current.set(`${item.pk}\u0000${item.sk}`, item);
    const out: Item[] = [];
    const seen = new Set<string>();
    for (const put of puts) {
      const at = `${put.pk}\u0000${put.sk}`;
      if (seen.has(at)) continue;
      seen.add(at);
      const cur = current.get(at);
      const settled =
        cur !== undefined && (typeof cur.w !== 'string' || cur.w === importId || !pending.has(cur.w));
      if (
        settled &&
        cur.tomb !== true &&
        stableJson(contentAttributes(cur)) === stableJson(contentAttributes(put))
      )
        continue;
      out.push({ ...put, w: importId, prev: committedContent(cur, importId, pending) });
    }
    for (const key of deletes) {
      const at = `${key.pk}\u0000${key.sk}`;
      if (seen.has(at)) continue;
      seen.add(at);
      const cur = current.get(at);
      if (!cur) continue;
      const settled = typeof cur.w !== 'string' || cur.w === importId || !pending.has(cur.w);
      if (settled && cur.tomb === true) continue;
      const tomb: Item = { pk: key.pk, sk: key.sk, type: cur.type, tomb: true, from: OPEN };
      for (const k of ['g1pk', 'g1sk', 'g2pk', 'g2sk', 'g3pk', 'g3sk'] as const)
        if (cur[k] !== undefined) tomb[k] = cur[k];
      out.push({ ...tomb, w: importId, prev: committedContent(cur, importId, pending) });
    }
    return (await this.table.batchWrite(out, [])).items;
  }

  /** Ids of the imports not committed yet (`applying`): their items read as their previous content. */
  private async pendingIds(): Promise<Set<string>> {
    if (!(await this.mayBePending())) return new Set();
    const items = await this.queryAll({ index: 'gsi2', partition: partitions.pending });
    return new Set(items.map((i) => importFrom(i).id));
  }

  /**
   * Runs a read between two looks at the pending imports and returns it with their union: an
   * item whose writer was pending at either look reads as its previous content.
   */
  private async betweenLooks<T>(
    read: (before: ReadonlySet<string>) => Promise<T>,
  ): Promise<[T, Set<string>]> {
    const before = await this.pendingIds();
    const value = await read(before);
    const after = await this.pendingIds();
    for (const id of before) after.add(id);
    return [value, after];
  }

  /**
   * Seeds the store as uploads of these rows would be imported (tests of other parts):
   * register versions with their assignment periods, transfers and name index, indicators,
   * targets and contacts. One upload per 报送月份 (oldest first), then one of the other rows,
   * all with the order of `eventTime` (default now). Returns the data items written.
   */
  async seed(data: SeedData, options: { eventTime?: string; importId?: string } = {}): Promise<number> {
    const eventTime = options.eventTime ?? new Date().toISOString();
    const order: UploadOrder = {
      eventTime,
      sequencer: '0',
      importId: options.importId ?? `seed-${eventTime}`,
    };
    let written = 0;
    const byMonth = new Map<Month, RegisterRow[]>();
    for (const record of data.register ?? []) {
      const list = byMonth.get(record.month) ?? [];
      list.push({
        sheet: 'seed',
        row: list.length + 2,
        record,
        present: Object.keys(record) as (keyof RegisterRecord)[],
      });
      byMonth.set(record.month, list);
    }
    const months = [...byMonth.keys()].sort();
    const parts: ParsedWorkbook[] = months.map((m) =>
      emptyWorkbook({ registerMonth: m, register: byMonth.get(m) ?? [] }),
    );
    parts.push(
      emptyWorkbook({
        indicators: (data.indicators ?? []).map((r, i) => ({ ...r, sheet: 'seed', row: i + 2, name: null })),
        targets: (data.targets ?? []).map((r, i) => ({ ...r, sheet: 'seed', row: i + 2 })),
        contacts: (data.contacts ?? []).map((r, i) => ({ ...r, sheet: 'seed', row: i + 2 })),
      }),
    );
    for (const parsed of parts) written += await this.applyWorkbook(parsed, order);
    return written;
  }

  /**
   * Applies a workbook's rows as an import of it does after its checks (seeds, tests): the
   * stored state for its keys, the plan, the writes. Returns the data items written.
   */
  async applyWorkbook(parsed: ParsedWorkbook, order: UploadOrder, contentId?: string): Promise<number> {
    const id = contentId ?? contentIdOf(parsed);
    const stored = await this.storedStateFor(parsed, id);
    return await this.applyPlan(planImport(contentOf(parsed, id), stored, order, this.rules));
  }

  /**
   * Re-projects the store from a replay (`replayUploads`, and ):
   * the derived items (versions, heads, role and name entries, indicators, targets, contacts,
   * the latest month) become exactly those the applied contents make in upload order, as a
   * fresh import of them would write. The differences are written as the pending import
   * `writer` (each item keeps its previous committed content; a removed item is a tombstone;
   * heads last), so readers see the old projection until `writer`'s record is committed, and
   * then the new one: never a mix. The uploads' content items are written for every step
   * (a rejected upload stays replayable). Returns the items written.
   *
   * The entry point for everything that re-judges: a late upload, a rebuild, a decision.
   */
  async replayProjection(
    steps: readonly ReplayStep[],
    writer: string,
    rules: RulesInForce = this.rules,
    options: ReprojectOptions = {},
  ): Promise<number> {
    for (const step of steps) await this.storeContent(step);
    return await this.replayShardedProjection(replayOfSteps(steps), writer, rules, options);
  }

  /**
   * Re-projects the store from a replay read shard by shard ({@link ShardedReplay}), as
   * {@link replayProjection} does, holding one shard's projection at a time: one paged Scan
   * finds the record keys stored (and keeps shard 0's items, the transfer entries and the
   * district-wide items); then for each shard, a fresh import of the accepted contents'
   * rows of its keys into a scratch table (a new memory table per shard) is compared
   * with the shard's stored items (its partitions read by Query, shard 0's from the Scan) and
   * the differences are written as the pending import `writer`; then the district-wide items.
   * Returns the items written.
   */
  async replayShardedProjection(
    replay: ShardedReplay,
    writer: string,
    rules: RulesInForce,
    options: ReprojectOptions = {},
  ): Promise<number> {
    const pending = await this.pendingIds();
    pending.delete(writer);
    const stored = await this.projectedByShard(replay.shards, pending);
    const recordKeys = new Set([...replay.keys, ...stored.recordKeys]);
    const total = recordKeys.size;
    let done = 0;
    let written = 0;
    options.onProgress?.(0, total);
    for (let shard = 0; shard < replay.shards; shard++) {
      const keeps = (key: string) => shardOfKey(key, replay.shards) === shard;
      const shardKeys = new Set([...recordKeys].filter(keeps));
      const fresh = await projectContents(
        replay.contents({ shard, keeps }),
        writer,
        new MemoryTable(),
        rules,
      );
      const target = new Map([...fresh].filter(([, item]) => ofKeys(item, shardKeys)));
      const current =
        shard === 0 ? stored.firstShard : await this.projectionOfKeys(shardKeys, target, pending);
      for (const [at, item] of stored.transfers) if (keeps(item.sk)) current.set(at, item);
      written += await this.writeDifferences(target, current, writer, pending, {
        ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
        onProgress: (d, t) =>
          options.onProgress?.(done + Math.floor((shardKeys.size * d) / Math.max(t, 1)), total),
      });
      done += shardKeys.size;
      options.onProgress?.(done, total);
    }
    const district = await projectContents(
      replay.contents({ shard: 'district', keeps: () => false }),
      writer,
      new MemoryTable(),
      rules,
    );
    const target = new Map([...district].filter(([, item]) => isDistrictWide(item)));
    target.delete(itemAt(keys.latest()));
    if (replay.latestMonth)
      target.set(itemAt(keys.latest()), { ...keys.latest(), type: 'latest', month: replay.latestMonth });
    written += await this.writeDifferences(target, stored.district, writer, pending, {
      ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    });
    await this.storeRanks(replay.steps);
    return written;
  }

  /**
   * One paged Scan of the projection as readers (but the writer) see it: the record keys of
   * every shard, the items of shard 0, every transfer entry, and the district-wide items.
   */
  private async projectedByShard(
    shards: number,
    pending: ReadonlySet<string>,
  ): Promise<{
    recordKeys: Set<string>;
    firstShard: Map<string, Item>;
    transfers: Map<string, Item>;
    district: Map<string, Item>;
  }> {
    const out = {
      recordKeys: new Set<string>(),
      firstShard: new Map<string, Item>(),
      transfers: new Map<string, Item>(),
      district: new Map<string, Item>(),
    };
    for (let page = await this.table.scan(null); ; page = await this.table.scan(page.lastKey)) {
      for (const item of page.items) {
        if (!isProjected(item)) continue;
        const seen = visibleItem(item, pending);
        if (item.pk.startsWith('TM#')) {
          if (seen) out.transfers.set(itemAt(item), seen);
        } else if (isDistrictWide(item)) {
          if (seen) out.district.set(itemAt(item), seen);
        } else {
          const key = item.pk.slice(2);
          out.recordKeys.add(key);
          if (seen && shardOfKey(key, shards) === 0) out.firstShard.set(itemAt(item), seen);
        }
      }
      if (!page.lastKey) return out;
    }
  }

  /**
   * Re-projects only the items of `recordKeys` (a late delivery's closure: every upload
   * touching one of them is in `steps`): their heads and pages, versions, role entries,
   * transfer entries and indicators become those a fresh import of the accepted contents of
   * `steps` writes, as the pending import `writer` (as {@link replayProjection}); the latest
   * month is raised to theirs when greater. Targets, contacts and every other item are left
   * alone: the caller replays everything when those could change. Returns the items written.
   */
  async replayKeysProjection(
    steps: readonly ReplayStep[],
    writer: string,
    rules: RulesInForce,
    recordKeys: ReadonlySet<string>,
  ): Promise<number> {
    const fresh = await projectFresh(steps, writer, new MemoryTable(), rules);
    const target = new Map([...fresh].filter(([, item]) => ofKeys(item, recordKeys)));
    const pending = await this.pendingIds();
    pending.delete(writer);
    const current = await this.projectionOfKeys(recordKeys, target, pending);
    const latest = fresh.get(itemAt(keys.latest()));
    const stored = (await this.table.get(keys.latest())) ?? null;
    const seen = stored ? visibleItem(stored, pending) : null;
    if (latest && (!seen || compareMonths(toMonth(String(seen.month)), toMonth(String(latest.month))) < 0)) {
      target.set(itemAt(latest), latest);
      if (seen) current.set(itemAt(seen), seen);
    }
    await this.storeContents(steps);
    return await this.writeDifferences(target, current, writer, pending, {});
  }

  /**
   * The committed projection of these records as readers (but `writer`) see it: their
   * partitions (`R#<key>`, `I#<key>`: one Query each) and their transfer entries (those their
   * heads and `target` name).
   */
  private async projectionOfKeys(
    recordKeys: ReadonlySet<string>,
    target: ReadonlyMap<string, Item>,
    pending: ReadonlySet<string>,
  ): Promise<Map<string, Item>> {
    const view = (item: Item) => visibleItem(item, pending);
    const partitionsRead = await inParallel(
      [...recordKeys].flatMap((key) => [
        () => this.queryAll({ partition: keys.head(key).pk }),
        () => this.queryAll({ partition: keys.indicators(key) }),
      ]),
      KEY_READS_IN_FLIGHT,
    );
    const raw = partitionsRead.flat();
    const transferKeys = new Map<string, ItemKey>();
    for (const item of target.values()) if (item.pk.startsWith('TM#')) transferKeys.set(itemAt(item), item);
    const heads = raw.filter((item) => item.sk === 'HEAD');
    for (const record of await this.withPages(heads, view))
      for (const t of record.state.transfers) {
        const at = keys.transferOfMonth(t.month, record.state.key);
        transferKeys.set(itemAt(at), at);
      }
    raw.push(...(await this.table.batchGet([...transferKeys.values()])));
    const current = new Map<string, Item>();
    for (const item of raw) {
      const seen = view(item);
      if (seen) current.set(itemAt(item), seen);
    }
    return current;
  }

  /**
   * The uploads themselves: contents of every step, accepted or not (a refused upload stays
   * replayable); the rank of an accepted content is its latest accepted upload's.
   */
  private async storeContents(steps: readonly ReplayStep[]): Promise<void> {
    for (const step of steps) await this.storeContent(step);
    await this.storeRanks(steps);
  }

  /** An upload's content items (its rows, by record and 报送月份, and in chunks), when not stored yet. */
  async storeContent(step: Pick<ReplayStep, 'contentId' | 'upload'>): Promise<void> {
    if (await this.table.get(keys.contentRank(step.contentId))) return;
    const content = contentOf(step.upload.workbook, step.contentId);
    const rows = content.register.map((group) => contentRowsItem(content.id, group));
    await this.table.batchWrite([...rows, ...contentChunkItems(content)], []);
  }

  /** The contents' ranks: each content's latest accepted upload's, else its latest upload's (raised only). */
  private async storeRanks(steps: readonly ReplayStep[]): Promise<void> {
    const ranked = new Map(steps.map((s) => [s.contentId, s]));
    for (const step of acceptedContents(steps)) ranked.set(step.contentId, step);
    for (const step of ranked.values()) {
      await this.table.putIf(
        {
          ...keys.contentRank(step.contentId),
          type: 'content',
          rank: step.rank,
          uploader: step.upload.uploader,
        },
        { kind: 'lessThan', attribute: 'rank', value: step.rank },
      );
    }
  }

  /**
   * Writes the differences between the projection `target` and the `current` one as the
   * pending import `writer`: puts, then tombstones for what is gone, heads last, in pages of
   * REPROJECT_PAGE items; between pages the caller may stop (a time budget): the same replay
   * run again under the same writer skips what is written (its own items count).
   */
  private async writeDifferences(
    target: ReadonlyMap<string, Item>,
    current: ReadonlyMap<string, Item>,
    writer: string,
    pending: ReadonlySet<string>,
    options: ReprojectOptions,
  ): Promise<number> {
    const puts: Item[] = [];
    const heads: Item[] = [];
    for (const [at, item] of target) {
      const cur = current.get(at);
      if (cur && stableJson(contentAttributes(cur)) === stableJson(contentAttributes(item))) continue;
      (item.sk === 'HEAD' ? heads : puts).push(item);
    }
    const deletes: ItemKey[] = [];
    for (const [at, item] of current) if (!target.has(at)) deletes.push({ pk: item.pk, sk: item.sk });
    let written = 0;
    const pages: [Item[], ItemKey[]][] = [];
    const page = (ps: Item[], ds: ItemKey[]) => {
      for (let i = 0; i < Math.max(ps.length, ds.length); i += REPROJECT_PAGE)
        pages.push([ps.slice(i, i + REPROJECT_PAGE), ds.slice(i, i + REPROJECT_PAGE)]);
    };
    page(
      puts,
      deletes.filter((k) => k.sk !== 'HEAD'),
    );
    page(
      heads,
      deletes.filter((k) => k.sk === 'HEAD'),
    );
    const total = puts.length + heads.length + deletes.length;
    let done = 0;
    options.onProgress?.(0, total);
    for (const [ps, ds] of pages) {
      if (options.shouldStop?.()) throw new ReprojectPausedError(`reproject paused after ${written} items`);
      written += await this.writeDerived(writer, ps, ds, pending);
      done += ps.length + ds.length;
      options.onProgress?.(done, total);
    }
    return written;
  }

  // ── helpers ──

  /** Items of a read as readers see them (pending imports' items as their previous content). */
  private async queryVisible(read: () => Promise<Item[]>): Promise<Item[]> {
    const [raw, pending] = await this.betweenLooks(read);
    return raw.map((item) => visibleItem(item, pending)).filter((item): item is Item => item !== null);
  }

  /**
   * A page as readers see it: with no import pending the query filters on the server and
   * tombstones fail the filter; with one pending the filter moves to the items as seen (an
   * item's previous content may pass where the item does not). `passes` is the same filter.
   */
  private async collectVisible(
    input: Omit<QueryInput, 'startKey' | 'limit'>,
    passes: (item: Item) => boolean,
    limit: number,
    cursor: string | null | undefined,
  ): Promise<{ items: Item[]; cursor: string | null }> {
    const [page, pending] = await this.betweenLooks((before) =>
      before.size === 0
        ? this.collect(input, limit, cursor)
        : this.collect({ ...input, filter: undefined }, limit, cursor, (item) => {
            const seen = visibleItem(item, before);
            return seen !== null && passes(seen);
          }),
    );
    const items: Item[] = [];
    for (const raw of page.items) {
      const item = visibleItem(raw, pending);
      if (item && passes(item)) items.push(item);
    }
    return { items, cursor: page.cursor };
  }

  /** Every item of a partition (paged internally). */
  private async queryAll(input: Omit<QueryInput, 'startKey' | 'limit'>): Promise<Item[]> {
    const out: Item[] = [];
    let startKey: Record<string, string> | null = null;
    do {
      const page = await this.table.query({ ...input, startKey });
      out.push(...page.items);
      startKey = page.lastKey;
    } while (startKey);
    return out;
  }

  /**
   * A page of at most `limit` items passing the filter; the cursor is the keys of the last
   * item returned (so a filtered query never skips or repeats an item).
   */
  private async collect(
    input: Omit<QueryInput, 'startKey' | 'limit'>,
    limit: number,
    cursor: string | null | undefined,
    keep: (item: Item) => boolean = () => true,
  ): Promise<{ items: Item[]; cursor: string | null }> {
    const max = Math.max(1, Math.min(limit, 1000));
    const items: Item[] = [];
    let startKey = decodeCursor(cursor);
    // Items evaluated per request: twice the page at first; then as many as the filter's
    // rate so far says the rest of the page needs (a quarter more), four times more while it
    // has passed none — a rare name fragment costs a few requests, not hundreds, and a
    // common one reads little more than its page.
    let evaluated = 0;
    let passed = 0;
    for (let evaluate = Math.max(max * 2, 50); ; ) {
      const page = await this.table.query({ ...input, startKey, limit: evaluate });
      evaluated += evaluate;
      passed += page.items.length;
      for (const item of page.items) {
        if (!keep(item)) continue;
        items.push(item);
        if (items.length === max) {
          // More may follow: the cursor points after this item.
          const more = page.lastKey !== null || item !== page.items[page.items.length - 1];
          return { items, cursor: more ? encodeCursor(keyAfter(item, input.index)) : null };
        }
      }
      if (!page.lastKey) return { items, cursor: null };
      startKey = page.lastKey;
      const rest = max - items.length;
      evaluate =
        passed === 0
          ? Math.min(evaluate * 4, MAX_EVALUATED)
          : Math.min(Math.max(Math.ceil(((rest * evaluated) / passed) * 1.25), 50), MAX_EVALUATED);
    }
  }
}

/** Imports an `UPLOADS` item lists at most (beyond, it says so: a late delivery then replays everything). */
const CONTENT_UPLOADS = 1000;
const MORE_UPLOADS = '~more';
/** Keys per page of a refused upload's key list (about 30 bytes each). */
const REFUSED_KEYS_PAGE = 5000;

/** Where an item is (its table keys), as one string. */
function itemAt(item: ItemKey): string {
  return `${item.pk}\u0000${item.sk}`;
}

/** Partitions of record keys read at once by a re-projection of some records. */
const KEY_READS_IN_FLIGHT = 8;

/** Is this projected item one of these records' (head, pages, versions, roles, indicators, transfer entries)? */
function ofKeys(item: ItemKey, recordKeys: ReadonlySet<string>): boolean {
  if (item.pk.startsWith('R#') || item.pk.startsWith('I#')) return recordKeys.has(item.pk.slice(2));
  return item.pk.startsWith('TM#') && recordKeys.has(item.sk);
}

/** A replay whose steps hold their uploads (in memory): one shard. */
function replayOfSteps(steps: readonly ReplayStep[]): ShardedReplay {
  const accepted = acceptedContents(steps);
  let latestMonth: Month | null = null;
  const recordKeys = new Set<string>();
  for (const step of accepted) {
    for (const key of keysOf(step.judged)) recordKeys.add(key);
    latestMonth = laterMonth(latestMonth, latestMonthOf(step.judged));
  }
  return {
    shards: 1,
    keys: recordKeys,
    latestMonth,
    steps,
    async *contents(part) {
      yield* contentsOfSteps(steps, (judged) => workbookPart(judged, part));
    },
  };
}

/** A projected item that belongs to no record: targets, contacts, the latest month, old name bigrams. */
function isDistrictWide(item: ItemKey): boolean {
  return !(item.pk.startsWith('R#') || item.pk.startsWith('I#') || item.pk.startsWith('TM#'));
}

/**
 * The projection a fresh import of `contents` (in upload order) writes into `scratch` as
 * `writer`, by {@link itemAt}: its projected items without provenance.
 */
async function projectContents(
  contents: AsyncIterable<AcceptedContent>,
  writer: string,
  scratch: Table,
  rules: RulesInForce,
): Promise<Map<string, Item>> {
  const fresh = new ItemStore(scratch, rules);
  for await (const c of contents)
    await fresh.applyWorkbook(
      c.judged,
      { eventTime: c.eventTime, sequencer: c.sequencer, importId: writer },
      c.contentId,
    );
  return await projectedOf(scratch);
}

/** The projected items of a scratch table, without provenance (tombstones left out). */
async function projectedOf(scratch: Table): Promise<Map<string, Item>> {
  const target = new Map<string, Item>();
  for (let page = await scratch.scan(null); ; page = await scratch.scan(page.lastKey)) {
    for (const item of page.items) {
      if (!isProjected(item) || item.tomb === true) continue;
      const { w: _w, prev: _p, ...content } = item;
      target.set(itemAt(item), content as Item);
    }
    if (!page.lastKey) return target;
  }
}

/**
 * The projection a fresh import of the accepted contents of `steps` writes (in upload order,
 * into `scratch`, as `writer`), by {@link itemAt}: its projected items without provenance.
 */
async function projectFresh(
  steps: readonly ReplayStep[],
  writer: string,
  scratch: Table,
  rules: RulesInForce,
): Promise<Map<string, Item>> {
  return await projectContents(
    contentsOfSteps(steps, (judged) => judged),
    writer,
    scratch,
    rules,
  );
}

/** The accepted contents of steps held in memory, in upload order, each as `cut` leaves it. */
async function* contentsOfSteps(
  steps: readonly ReplayStep[],
  cut: (judged: ParsedWorkbook) => ParsedWorkbook,
): AsyncGenerator<AcceptedContent> {
  for (const step of acceptedContents(steps))
    yield {
      judged: cut(step.judged),
      contentId: step.contentId,
      eventTime: step.upload.eventTime,
      sequencer: step.upload.sequencer,
    };
}

const NOTHING_PENDING: ReadonlySet<string> = new Set();

/**
 * The raw view of an item (the import's own planning reads what is stored): a tombstone a
 * committed replay left (a record it removed) is no item.
 */
const RAW = (item: Item): Item | null => visibleItem(item, NOTHING_PENDING);

/** Heads and versions of {@link ItemStore.loadRecords} as readers see them. */
function resolveRecords(
  raw: { items: Item[] },
  pending: ReadonlySet<string>,
): { versions: Map<string, RegisterRecord[]> } {
  const heads = new Map<string, RecordState>();
  const candidates: RegisterRecord[] = [];
  for (const rawItem of raw.items) {
    const item = visibleItem(rawItem, pending);
    if (!item) continue;
    if (item.sk === 'HEAD') {
      const state = storedRecordFrom(item).state;
      heads.set(state.key, state);
    } else candidates.push(versionFrom(item).record);
  }
  const versions = new Map<string, RegisterRecord[]>();
  for (const v of candidates) {
    if (!heads.get(v.key)?.months.includes(v.month)) continue;
    const list = versions.get(v.key) ?? [];
    list.push(v);
    versions.set(v.key, list);
  }
  for (const list of versions.values()) list.sort((a, b) => compareMonths(a.month, b.month));
  return { versions };
}

/** A workbook with only the given rows (seeds, tests). */
export function emptyWorkbook(part: Partial<ParsedWorkbook>): ParsedWorkbook {
  return {
    registerMonth: null,
    register: [],
    indicators: [],
    targets: [],
    contacts: [],
    findings: [],
    sheets: [],
    ...part,
  };
}

/** Compares uploads (re-exported for adapters and tests). */
export { chunk, compareOrder };

/** Enterprise rows per computed-summary chunk: at most this many UTF-8 bytes of JSON (items are ≤ 400 KB). */
const COMPUTED_CHUNK_BYTES = 300_000;

/** Splits rows into runs whose JSON stays under `max` bytes (a row is never split). */
function chunkByBytes<T>(rows: readonly T[], max: number): T[][] {
  const out: T[][] = [];
  let run: T[] = [];
  let size = 2;
  for (const row of rows) {
    const bytes = Buffer.byteLength(JSON.stringify(row)) + 1;
    if (run.length > 0 && size + bytes > max) {
      out.push(run);
      run = [];
      size = 2;
    }
    run.push(row);
    size += bytes;
  }
  if (run.length > 0) out.push(run);
  return out;
}
