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
import {
  bigramsOf,
  compareOrder,
  historyOf,
  type ImportPlan,
  indicatorId,
  orderKey,
  planImport,
  type RecordState,
  type StoredContact,
  type StoredIndicator,
  type StoredState,
  type StoredTarget,
  searchForm,
  targetId,
  UNIT_ROLES,
} from '#domain/ingest';
import { POLICIES } from '#domain/policy/index';
import type {
  EnterpriseListItem,
  ImportRecord,
  MonthAssignment,
  Page,
  PublicationRecord,
  SendClaim,
  SendRecord,
  Store,
  StoredVersion,
  Transfer,
  UnitRole,
  UploadOrder,
} from '#domain/ports';
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

// ───────────────────────────── the table interface ─────────────────────────────

/** An item: the table keys `pk`, `sk`, optional index keys, and plain attributes. */
export interface Item {
  pk: string;
  sk: string;
  g1pk?: string;
  g1sk?: string;
  g2pk?: string;
  g2sk?: string;
  [attribute: string]: unknown;
}

export interface ItemKey {
  pk: string;
  sk: string;
}

export type IndexName = 'gsi1' | 'gsi2';

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

/** Counts of a write: requests made and items put or deleted. */
export interface WriteStats {
  requests: number;
  items: number;
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
  return key;
}

// ───────────────────────────── keys ─────────────────────────────

/** Partitions of index partitions that would otherwise be hot (all versions, a month's indicators). */
export const SHARDS = 8;

/** FNV-1a of a string, for shards. */
export function shardOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % SHARDS;
}

const OPEN = '9999-12';

/** The `expiresAt` of a claim whose email was sent: later than any instant, so it never expires. */
const SENT_CLAIM = '~sent';

export const keys = {
  head: (key: string): ItemKey => ({ pk: `R#${key}`, sk: 'HEAD' }),
  version: (key: string, month: Month): ItemKey => ({ pk: `R#${key}`, sk: `V#${month}` }),
  role: (key: string, role: UnitRole, from: Month): ItemKey => ({ pk: `R#${key}`, sk: `U#${role}#${from}` }),
  name: (bigram: string, key: string): ItemKey => ({ pk: `N#${bigram}`, sk: key }),
  indicator: (key: string, month: Month): ItemKey => ({ pk: `I#${key}`, sk: month }),
  target: (year: number, unit: string): ItemKey => ({ pk: `T#${year}`, sk: unit }),
  contact: (unit: string, email: string): ItemKey => ({
    pk: 'CONTACTS',
    sk: `${unit}#${email.toLowerCase()}`,
  }),
  import: (id: string): ItemKey => ({ pk: `IMP#${id}`, sk: 'IMP' }),
  latest: (): ItemKey => ({ pk: 'META', sk: 'LATEST' }),
  lease: (): ItemKey => ({ pk: 'META', sk: 'APPLY-LEASE' }),
  summary: (month: Month): ItemKey => ({ pk: `S#${month}`, sk: 'SUMMARY' }),
  publication: (month: Month): ItemKey => ({ pk: `S#${month}`, sk: 'PUBLICATION' }),
  sendClaim: (month: Month, unit: string): ItemKey => ({ pk: `S#${month}`, sk: `CLAIM#${unit}` }),
  send: (month: Month, unit: string, messageId: string): ItemKey => ({
    pk: `S#${month}`,
    sk: `SEND#${unit}#${messageId}`,
  }),
};

/** Index partitions (gsi1 / gsi2). */
export const partitions = {
  versions: (shard: number) => `VERS#${shard}`,
  indicatorsOfMonth: (month: Month, shard: number) => `IM#${month}#${shard}`,
  imports: 'IMPORTS',
  pending: 'PENDING',
  unitRole: (unit: string, role: UnitRole) => `U#${unit}#${role}`,
};

// ───────────────────────────── items ─────────────────────────────

function orderAttributes(order: UploadOrder): Record<string, string> {
  return {
    eventTime: order.eventTime,
    sequencer: order.sequencer,
    importId: order.importId,
    orderKey: orderKey(order),
  };
}

function orderFrom(item: Item): UploadOrder {
  return {
    eventTime: String(item.eventTime),
    sequencer: String(item.sequencer),
    importId: String(item.importId),
  };
}

export function versionItem(v: StoredVersion): Item {
  const key = v.record.key;
  return {
    ...keys.version(key, v.record.month),
    g1pk: partitions.versions(shardOf(key)),
    g1sk: `${key}#${v.record.month}`,
    type: 'version',
    key,
    record: v.record,
    ...orderAttributes(v.order),
  };
}

function versionFrom(item: Item): StoredVersion {
  return { record: item.record as RegisterRecord, order: orderFrom(item) };
}

function headItem(state: RecordState): Item {
  return { ...keys.head(state.key), type: 'head', state };
}

function roleItems(state: RecordState): Item[] {
  const out: Item[] = [];
  for (const period of state.periods) {
    for (const role of UNIT_ROLES) {
      const unit = period.assignment[role] as UnitId | null;
      if (!unit) continue;
      out.push({
        ...keys.role(state.key, role, period.from),
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

function nameItems(state: RecordState): Item[] {
  const form = searchForm(state.name);
  return bigramsOf(state.name).map((b) => ({
    ...keys.name(b, state.key),
    type: 'name',
    key: state.key,
    name: state.name,
    form,
  }));
}

function indicatorItem(v: StoredIndicator): Item {
  return {
    ...keys.indicator(v.row.key, v.row.month),
    g1pk: partitions.indicatorsOfMonth(v.row.month, shardOf(v.row.key)),
    g1sk: v.row.key,
    type: 'indicator',
    key: v.row.key,
    month: v.row.month,
    values: v.row.values,
    ...orderAttributes(v.order),
  };
}

function indicatorFrom(item: Item): StoredIndicator {
  return {
    row: { key: String(item.key), month: String(item.month), values: item.values as IndicatorRow['values'] },
    order: orderFrom(item),
  };
}

function targetItem(v: StoredTarget): Item {
  return { ...keys.target(v.row.year, v.row.unit), type: 'target', row: v.row, ...orderAttributes(v.order) };
}

function contactItem(v: StoredContact): Item {
  return {
    ...keys.contact(v.row.unit, v.row.email),
    type: 'contact',
    row: v.row,
    ...orderAttributes(v.order),
  };
}

/** Findings kept in an import item: the item must stay far below DynamoDB's 400 KB. */
const MAX_STORED_FINDINGS_CHARS = 200_000;

function importItem(record: ImportRecord): Item {
  let findings = record.findings;
  let json = JSON.stringify(findings);
  if (json.length > MAX_STORED_FINDINGS_CHARS) {
    const kept: typeof findings = [];
    let size = 2;
    for (const f of findings) {
      size += JSON.stringify(f).length + 1;
      if (size > MAX_STORED_FINDINGS_CHARS) break;
      kept.push(f);
    }
    findings = kept;
    json = '';
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
  }
  return item;
}

function importFrom(item: Item): ImportRecord {
  return item.record as ImportRecord;
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

/** The ingest's view of the store: the `Store` reads plus what an import plans from and writes. */
export interface IngestStore extends Store {
  /** What the store holds for a workbook's keys (versions, record states, indicators, targets, contacts). */
  storedStateFor(parsed: ParsedWorkbook): Promise<StoredState>;
  /** Writes a plan: versions, role/name/indicator/target/contact items, then record heads, then the latest month. Returns data items written. */
  applyPlan(plan: ImportPlan): Promise<number>;
  /** The record's derived state (periods, transfers, name), null when unknown. */
  recordState(key: string): Promise<RecordState | null>;
  /**
   * Takes the apply lease for an import (one import plans and writes at a time): true when
   * taken (free, expired, or already held by this import), false when another import holds it.
   */
  acquireApplyLease(importId: string, now: Date, ttlMs: number): Promise<boolean>;
  /** Gives the lease back (when held by this import). */
  releaseApplyLease(importId: string): Promise<void>;
  /** Cumulative write counts of the underlying table. */
  readonly writeStats: WriteStats;
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
  constructor(readonly table: Table) {}

  get writeStats(): WriteStats {
    return this.table.stats;
  }

  // ── imports ──

  async createImport(record: ImportRecord): Promise<'created' | 'exists'> {
    const ok = await this.table.putIf(importItem(record), { kind: 'notExists' });
    return ok ? 'created' : 'exists';
  }

  async getImport(id: string): Promise<ImportRecord | null> {
    const item = await this.table.get(keys.import(id));
    return item ? importFrom(item) : null;
  }

  async saveImport(record: ImportRecord): Promise<void> {
    await this.table.putIf(importItem(record), { kind: 'always' });
  }

  async listImports(options: {
    prefix?: string;
    cursor?: string | null;
    limit: number;
  }): Promise<Page<ImportRecord>> {
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
    const out = await this.table.query({ index: 'gsi2', partition: partitions.pending, limit: 1 });
    const item = out.items[0];
    return item ? importFrom(item) : null;
  }

  // ── register and assignments ──

  async getVersions(recordKeys: readonly string[]): Promise<Map<string, StoredVersion[]>> {
    const { versions } = await this.loadRecords(recordKeys);
    return versions;
  }

  /**
   * Heads (BatchGet), then the versions they name plus the given extra months (BatchGet). The
   * extra months are the 报送月份 of the workbook's rows: a version written by an interrupted
   * import of this workbook, whose head was not written yet, is seen too.
   */
  private async loadRecords(
    recordKeys: readonly string[],
    extraMonths: ReadonlyMap<string, readonly Month[]> = new Map(),
  ): Promise<{ versions: Map<string, StoredVersion[]>; records: Map<string, RecordState> }> {
    const unique = [...new Set(recordKeys)];
    const heads = await this.table.batchGet(unique.map(keys.head));
    const records = new Map<string, RecordState>();
    for (const head of heads) {
      const state = head.state as RecordState;
      records.set(state.key, state);
    }
    const versionKeys: ItemKey[] = [];
    for (const k of unique) {
      const months = new Set([...(records.get(k)?.months ?? []), ...(extraMonths.get(k) ?? [])]);
      for (const m of months) versionKeys.push(keys.version(k, m));
    }
    const versionItems = await this.table.batchGet(versionKeys);
    const versions = new Map<string, StoredVersion[]>();
    for (const item of versionItems) {
      const v = versionFrom(item);
      const list = versions.get(v.record.key) ?? [];
      list.push(v);
      versions.set(v.record.key, list);
    }
    for (const list of versions.values()) list.sort((a, b) => (a.record.month < b.record.month ? -1 : 1));
    return { versions, records };
  }

  async latestMonth(): Promise<Month | null> {
    const item = await this.table.get(keys.latest());
    return item ? String(item.month) : null;
  }

  async *allVersions(): AsyncIterable<StoredVersion[]> {
    for (let shard = 0; shard < SHARDS; shard++) {
      let current: StoredVersion[] = [];
      let startKey: Record<string, string> | null = null;
      do {
        const out = await this.table.query({
          index: 'gsi1',
          partition: partitions.versions(shard),
          startKey,
        });
        for (const item of out.items) {
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
    const page = await this.collect(
      {
        index: 'gsi2',
        partition: partitions.unitRole(unit, role),
        filter: [
          { attribute: 'from', op: '<=', value: month },
          { attribute: 'to', op: '>', value: month },
        ],
      },
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
    const head = await this.table.get(keys.head(key));
    return head ? (head.state as RecordState) : null;
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
      const head = await this.table.get(keys.head(trimmed.toUpperCase()));
      const headAsIs = head ?? (await this.table.get(keys.head(trimmed)));
      if (headAsIs) {
        const state = headAsIs.state as RecordState;
        exact = state.key;
        items.push({ key: state.key, name: state.name });
      }
    }
    const fragment = searchForm(trimmed);
    if ([...fragment].length < 2) return { items, cursor: null };
    const bigram = bigramsOf(fragment)[0] as string;
    const page = await this.collect(
      { partition: `N#${bigram}`, filter: [{ attribute: 'form', op: 'contains', value: fragment }] },
      Math.max(1, options.limit - items.length),
      options.cursor,
    );
    for (const item of page.items) {
      if (String(item.key) !== exact) items.push({ key: String(item.key), name: String(item.name) });
    }
    return { items, cursor: page.cursor };
  }

  // ── indicators, targets, contacts ──

  async indicatorsByMonth(month: Month): Promise<IndicatorRow[]> {
    const shards = await Promise.all(
      Array.from({ length: SHARDS }, (_, s) =>
        this.queryAll({ index: 'gsi1', partition: partitions.indicatorsOfMonth(month, s) }),
      ),
    );
    return shards
      .flat()
      .map((item) => indicatorFrom(item).row)
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async indicatorsByKey(key: string): Promise<IndicatorRow[]> {
    const items = await this.queryAll({ partition: keys.indicator(key, '').pk });
    return items.map((item) => indicatorFrom(item).row);
  }

  async targets(year: number): Promise<TargetRow[]> {
    return (await this.storedTargets(year)).map((t) => t.row);
  }

  private async storedTargets(year: number): Promise<StoredTarget[]> {
    const items = await this.queryAll({ partition: keys.target(year, '').pk });
    return items.map((item) => ({ row: item.row as TargetRow, order: orderFrom(item) }));
  }

  async contacts(): Promise<ContactRow[]> {
    return (await this.storedContacts()).map((c) => c.row);
  }

  private async storedContacts(): Promise<StoredContact[]> {
    const items = await this.queryAll({ partition: 'CONTACTS' });
    return items.map((item) => ({ row: item.row as ContactRow, order: orderFrom(item) }));
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

  async saveSummary(month: Month, document: unknown, publishedAt: string): Promise<void> {
    await this.table.putIf(
      { ...keys.summary(month), type: 'summary', document: JSON.stringify(document), publishedAt },
      { kind: 'always' },
    );
  }

  async getSummary(month: Month): Promise<{ document: unknown; publishedAt: string } | null> {
    const item = await this.table.get(keys.summary(month));
    return item
      ? { document: JSON.parse(String(item.document)) as unknown, publishedAt: String(item.publishedAt) }
      : null;
  }

  // ── publication record and send claims (issue 13 item 4) ──

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

  async claimSend(claim: SendClaim, now: Date, ttlMs: number, force = false): Promise<boolean> {
    const item = {
      ...keys.sendClaim(claim.month, claim.unit),
      type: 'send-claim',
      holder: claim.run,
      expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
    };
    if (force) return await this.table.putIf(item, { kind: 'always' });
    return await this.table.putIf(item, {
      kind: 'lease',
      attribute: 'expiresAt',
      value: now.toISOString(),
      holderAttribute: 'holder',
      holder: claim.run,
    });
  }

  async completeSendClaim(claim: SendClaim): Promise<void> {
    // No run is called `sent:…` and nothing is later than SENT_CLAIM: only force takes it again.
    await this.table.putIf(
      {
        ...keys.sendClaim(claim.month, claim.unit),
        type: 'send-claim',
        holder: `sent:${claim.run}`,
        expiresAt: SENT_CLAIM,
      },
      { kind: 'lease', attribute: 'expiresAt', value: '', holderAttribute: 'holder', holder: claim.run },
    );
  }

  async releaseSendClaim(claim: SendClaim): Promise<void> {
    await this.table.putIf(
      { ...keys.sendClaim(claim.month, claim.unit), type: 'send-claim', holder: '', expiresAt: '' },
      { kind: 'lease', attribute: 'expiresAt', value: '', holderAttribute: 'holder', holder: claim.run },
    );
  }

  // ── the write side ──

  async acquireApplyLease(importId: string, now: Date, ttlMs: number): Promise<boolean> {
    return await this.table.putIf(
      {
        ...keys.lease(),
        type: 'lease',
        holder: importId,
        expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
      },
      {
        kind: 'lease',
        attribute: 'expiresAt',
        value: now.toISOString(),
        holderAttribute: 'holder',
        holder: importId,
      },
    );
  }

  async releaseApplyLease(importId: string): Promise<void> {
    await this.table.putIf(
      { ...keys.lease(), type: 'lease', holder: '', expiresAt: '' },
      { kind: 'lease', attribute: 'expiresAt', value: '', holderAttribute: 'holder', holder: importId },
    );
  }

  async storedStateFor(parsed: ParsedWorkbook): Promise<StoredState> {
    // Register keys: every version (the plan merges rows onto them and recomputes states).
    const registerKeys = [...new Set(parsed.register.map((r) => r.record.key))];
    const extra = new Map<string, Month[]>();
    for (const r of parsed.register)
      extra.set(r.record.key, [...(extra.get(r.record.key) ?? []), r.record.month]);
    const { versions, records } = await this.loadRecords(registerKeys, extra);
    // Keys named only by indicator rows: their head's latest version is enough (the checks
    // need to know the enterprise exists and its name), which saves reading every version.
    const registered = new Set(registerKeys);
    const indicatorOnly = [...new Set(parsed.indicators.map((r) => r.key))].filter((k) => !registered.has(k));
    for (const head of await this.table.batchGet(indicatorOnly.map(keys.head))) {
      const state = head.state as RecordState;
      const latest = state.latest ?? null;
      if (latest)
        versions.set(state.key, [{ record: latest, order: { eventTime: '', sequencer: '', importId: '' } }]);
    }
    const indicatorKeys = [...new Set(parsed.indicators.map((r) => indicatorId(r.key, r.month)))].map(
      (id) => {
        const at = id.lastIndexOf('#');
        return keys.indicator(id.slice(0, at), id.slice(at + 1));
      },
    );
    const indicators = new Map<string, StoredIndicator>();
    for (const item of await this.table.batchGet(indicatorKeys)) {
      const v = indicatorFrom(item);
      indicators.set(indicatorId(v.row.key, v.row.month), v);
    }
    const targets = new Map<string, StoredTarget>();
    for (const year of new Set(parsed.targets.map((t) => t.year))) {
      for (const t of await this.storedTargets(year)) targets.set(targetId(t.row.year, t.row.unit), t);
    }
    const contacts = parsed.contacts.length > 0 ? await this.storedContacts() : [];
    return { versions, records, indicators, targets, contacts };
  }

  async applyPlan(plan: ImportPlan): Promise<number> {
    let written = 0;
    // 1. versions, role and name index items, indicators, targets, contacts.
    const puts: Item[] = plan.versions.map(versionItem);
    const deletes: ItemKey[] = [];
    for (const change of plan.records) {
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
      const oldName = change.before?.name ?? null;
      if (oldName !== change.after.name) {
        puts.push(...nameItems(change.after));
        const fresh = new Set(bigramsOf(change.after.name));
        if (oldName !== null) {
          for (const b of bigramsOf(oldName)) if (!fresh.has(b)) deletes.push(keys.name(b, change.after.key));
        }
      }
    }
    puts.push(...plan.indicators.map(indicatorItem));
    puts.push(...plan.targets.map(targetItem));
    puts.push(...plan.contacts.put.map(contactItem));
    for (const c of plan.contacts.remove) deletes.push(keys.contact(c.unit, c.email));
    written += (await this.table.batchWrite(puts, deletes)).items;
    // 2. record heads last: a head is the proof its record's items are written.
    written += (
      await this.table.batchWrite(
        plan.records.map((c) => headItem(c.after)),
        [],
      )
    ).items;
    // 3. the latest month, raised only.
    if (plan.latestMonth) {
      await this.table.putIf(
        { ...keys.latest(), type: 'latest', month: plan.latestMonth },
        { kind: 'lessThan', attribute: 'month', value: plan.latestMonth },
      );
    }
    return written;
  }

  /**
   * Seeds the store as one import of these rows would (tests of other parts): register
   * versions with their assignment periods, transfers and name index, indicators, targets and
   * contacts. `eventTime` orders seeds like uploads (default now).
   */
  async seed(data: SeedData, options: { eventTime?: string; importId?: string } = {}): Promise<number> {
    const eventTime = options.eventTime ?? new Date().toISOString();
    const order: UploadOrder = {
      eventTime,
      sequencer: '0',
      importId: options.importId ?? `seed-${eventTime}`,
    };
    let written = 0;
    // One plan per 报送月份, oldest first, so that versions merge like uploads.
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
    for (const parsed of parts) {
      const stored = await this.storedStateFor(parsed);
      written += await this.applyPlan(planImport(parsed, stored, order, POLICIES));
    }
    return written;
  }

  // ── helpers ──

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
  ): Promise<{ items: Item[]; cursor: string | null }> {
    const max = Math.max(1, Math.min(limit, 1000));
    const items: Item[] = [];
    let startKey = decodeCursor(cursor);
    for (;;) {
      const page = await this.table.query({ ...input, startKey, limit: Math.max(max * 2, 50) });
      for (const item of page.items) {
        items.push(item);
        if (items.length === max) {
          // More may follow: the cursor points after this item.
          const more = page.lastKey !== null || item !== page.items[page.items.length - 1];
          return { items, cursor: more ? encodeCursor(keyAfter(item, input.index)) : null };
        }
      }
      if (!page.lastKey) return { items, cursor: null };
      startKey = page.lastKey;
    }
  }
}

function emptyWorkbook(part: Partial<ParsedWorkbook>): ParsedWorkbook {
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
