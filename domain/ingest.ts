/**
 * Planning an import (docs/storage.md, docs/files.md, docs/registers.md): the store keeps
 * what was uploaded and derives the rest. Given a checked workbook (its content: the rows as
 * read, with the columns present) and what the store holds for its keys, which uploaded rows,
 * derived register versions, record states (assignment periods, transfers, name), indicator
 * values, targets and contacts to write.
 *
 * Uploads with the same content (the same rows: the same file uploaded again) are one
 * content, ordered by the latest of them: the earlier one can change nothing the later one
 * does not change back. A content's rank is its upload order (`eventTime`, then `sequencer`),
 * then its id.
 *
 * - Register: a record's version of each 报送月份 is derived from every row uploaded for it
 *   (`versionsFromUploads` in the timeline): uploads of one 报送月份 merge in upload order over
 *   the derived version of the latest earlier 报送月份.
 * - Indicators (per enterprise × month × indicator) and targets (per unit × year × indicator):
 *   cell by cell, the latest content in rank order that gives a cell sets it; 撤回 withdraws
 *   (domain/figures.ts `mergeFigures`, the one place of that rule).
 * - Contacts (per unit): the content with the greatest rank wins whole (a unit's upload
 *   replaces that unit's contacts).
 *
 * The stored state after a set of uploads is therefore one pure function of that set,
 * whatever the order of delivery. Pure: the planner never reads a clock or the store. The
 * same workbook planned twice against the state the first plan produced gives an empty plan
 * (an upload that changes nothing writes no data item), and a plan interrupted half-way and
 * planned again from what was written reaches the same state.
 *
 * @module
 */
import type { RulesInForce } from './decisions.ts';
import { type FigureChange, mergeFigures, type StoredFigures } from './figures.ts';
import { compareMonths, month as toMonth } from './months.ts';
import type { ImportCounts, UnitRole, UploadOrder } from './ports.ts';
import { type RecordState, recordState, type UploadedRow, versionsFromUploads } from './timeline.ts';
import type { ContactRow, IndicatorRow, Month, ParsedWorkbook, RegisterRecord, TargetRow } from './types.ts';
import type { TargetUnitId, UnitId } from './units.ts';

// ───────────────────────────── order of uploads ─────────────────────────────

/**
 * A sortable text for an upload's order: the event time (normalised to ISO UTC) and the
 * sequencer left-padded with zeros (S3 compares sequencers of one key that way).
 */
export function orderKey(order: Pick<UploadOrder, 'eventTime' | 'sequencer'>): string {
  const t = new Date(order.eventTime);
  const time = Number.isNaN(t.getTime()) ? order.eventTime : t.toISOString();
  return `${time}#${order.sequencer.toUpperCase().padStart(40, '0')}`;
}

/** The counts of an import before anything was read or written. */
export function noCounts(): ImportCounts {
  return {
    registerRows: 0,
    indicatorRows: 0,
    targetRows: 0,
    contactRows: 0,
    errors: 0,
    warnings: 0,
    itemsWritten: 0,
  };
}

/** < 0 when a is earlier than b, 0 when the same upload order, > 0 when later. */
export function compareOrder(
  a: Pick<UploadOrder, 'eventTime' | 'sequencer'>,
  b: Pick<UploadOrder, 'eventTime' | 'sequencer'>,
): number {
  const ka = orderKey(a);
  const kb = orderKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export const UNIT_ROLES: readonly UnitRole[] = ['service', 'indicators', 'cooperating', 'safety'];

// ───────────────────────────── name search ─────────────────────────────

/** A name as searched: NFKC, no white space, lower case. */
export function searchForm(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}

// ───────────────────────────── what was uploaded ─────────────────────────────

/** A register row as uploaded, with the content it came from. */
export interface SourcedRow {
  contentId: string;
  record: RegisterRecord;
  present: ReadonlyArray<keyof RegisterRecord>;
}

/** The rows one content uploaded for one record and 报送月份 (in sheet order). */
export interface UploadedRows {
  key: string;
  month: Month;
  rows: { record: RegisterRecord; present: ReadonlyArray<keyof RegisterRecord> }[];
}

/** A content's register rows and other rows, as the store keeps them. */
export interface UploadContent {
  id: string;
  register: UploadedRows[];
  indicators: IndicatorRow[];
  targets: TargetRow[];
  contacts: ContactRow[];
}

/**
 * The canonical text of a workbook's rows (as read, with the columns present): equal for
 * two uploads with the same data. The adapters hash it into the content id.
 */
export function contentText(parsed: ParsedWorkbook): string {
  return JSON.stringify({
    register: parsed.register.map((r) => [r.record, r.present]),
    // 撤回 only where present: the content of every upload without it keeps its id.
    indicators: parsed.indicators.map((r) =>
      r.withdrawn ? [r.key, r.month, r.values, r.withdrawn] : [r.key, r.month, r.values],
    ),
    targets: parsed.targets.map((r) =>
      r.withdrawn ? [r.unit, r.year, r.values, r.withdrawn] : [r.unit, r.year, r.values],
    ),
    contacts: parsed.contacts.map((r) => [r.unit, r.name, r.email, r.receives]),
  });
}

/** The content of a workbook, under the given id. */
export function contentOf(parsed: ParsedWorkbook, id: string): UploadContent {
  const byKeyMonth = new Map<string, UploadedRows>();
  for (const r of parsed.register) {
    const at = `${r.record.key}#${r.record.month}`;
    let group = byKeyMonth.get(at);
    if (!group) {
      group = { key: r.record.key, month: r.record.month, rows: [] };
      byKeyMonth.set(at, group);
    }
    group.rows.push({ record: r.record, present: r.present });
  }
  return {
    id,
    register: [...byKeyMonth.values()],
    indicators: parsed.indicators.map((r) => ({
      key: r.key,
      month: r.month,
      values: { ...r.values },
      ...(r.withdrawn ? { withdrawn: [...r.withdrawn] } : {}),
    })),
    targets: parsed.targets.map((r) => ({
      unit: r.unit,
      year: r.year,
      values: { ...r.values },
      ...(r.withdrawn ? { withdrawn: [...r.withdrawn] } : {}),
    })),
    contacts: parsed.contacts.map((r) => ({
      unit: r.unit,
      name: r.name,
      email: r.email,
      receives: r.receives,
    })),
  };
}

/** A content's rank among uploads: its upload order, then its id (a total order). */
export function rankOf(order: Pick<UploadOrder, 'eventTime' | 'sequencer'>, contentId: string): string {
  return `${orderKey(order)}#${contentId}`;
}

/** A record's source: the content and 报送月份 of rows uploaded for it. */
export function sourceOf(contentId: string, month: Month): string {
  return `${contentId}#${month}`;
}

/** The content id and 报送月份 of a source. */
export function parseSource(source: string): { contentId: string; month: Month } {
  const at = source.lastIndexOf('#');
  return { contentId: source.slice(0, at), month: toMonth(source.slice(at + 1)) };
}

// ───────────────────────────── stored data ─────────────────────────────

/**
 * An enterprise-month's figures as stored: each with the content that set it (a withdrawn one:
 * `value` null, 未报 to readers). Merged cell by cell (domain/figures.ts).
 */
export interface StoredIndicator {
  key: string;
  month: Month;
  figures: StoredFigures;
  /**
   * Every accepted content that gave a row for this enterprise-month, sorted (the index a late
   * delivery finds the uploads it touches by); [{@link MORE_CONTENTS}] beyond
   * {@link INDICATOR_CONTENTS}; absent on items written before it was kept.
   */
  contents?: string[];
}

/** Contents an enterprise-month's item lists at most (about 33 bytes each). */
export const INDICATOR_CONTENTS = 64;
/** The contents list of an enterprise-month given by more than {@link INDICATOR_CONTENTS} contents. */
export const MORE_CONTENTS = '~more';

/** The contents of an enterprise-month with one more (bounded: see {@link StoredIndicator.contents}). */
export function withContent(contents: readonly string[] | undefined, content: string): string[] {
  if (contents?.includes(MORE_CONTENTS)) return [MORE_CONTENTS];
  const out = [...new Set([...(contents ?? []), content])].sort();
  return out.length > INDICATOR_CONTENTS ? [MORE_CONTENTS] : out;
}
/** A unit-year's targets as stored, each with the content that set it. */
export interface StoredTarget {
  unit: TargetUnitId;
  year: number;
  figures: StoredFigures;
}
/** A contact with the content it came from (the winner of its unit). */
export interface StoredContact {
  row: ContactRow;
  source: string;
}

/** A record's derived state and the uploaded rows it was derived from. */
export interface StoredRecord {
  state: RecordState;
  /** `sourceOf(content, 报送月份)` of every row uploaded for the record, sorted. */
  sources: string[];
}

/** What the store holds for the keys of one workbook. */
export interface StoredState {
  /** The rank of every content named below, and of this upload's content when stored before. */
  ranks: Map<string, string>;
  /** The uploader of each content's latest upload (absent: stored before uploaders were kept). */
  uploaders?: Map<string, UnitId>;
  /** The heads of the workbook's keys (register and indicators). */
  records: Map<string, StoredRecord>;
  /** The uploaded rows (from their heads' sources) of the workbook's keys (register and indicators). */
  uploaded: Map<string, SourcedRow[]>;
  /** The derived versions of the workbook's keys (register and indicators), oldest first. */
  versions: Map<string, RegisterRecord[]>;
  /** By `indicatorId(key, month)`: those of the workbook's rows. */
  indicators: Map<string, StoredIndicator>;
  /** By `targetId(year, unit)`. */
  targets: Map<string, StoredTarget>;
  contacts: StoredContact[];
}

export function indicatorId(key: string, month: Month): string {
  return `${key}#${month}`;
}
export function targetId(year: number, unit: string): string {
  return `${year}#${unit}`;
}

/** One figure an import sets or withdraws: where, and the cell before and after. */
export type PlannedFigureChange = FigureChange &
  ({ kind: 'indicator'; key: string; month: Month } | { kind: 'target'; unit: TargetUnitId; year: number });

/** A record's state before and after the import (before null: a new record). */
export interface RecordChange {
  before: RecordState | null;
  after: RecordState;
  sources: string[];
}

/** What to write. Nothing but the content's rank when the upload changes nothing. */
export interface ImportPlan {
  /** The import writing it (every derived item written names it until it is committed). */
  importId: string;
  /** The upload's content and its rank (the greater of its stored rank and this upload's). */
  content: { value: UploadContent; rank: string; stored: boolean; uploader?: UnitId };
  /** Derived versions that are new or changed. */
  versions: RegisterRecord[];
  records: RecordChange[];
  /** The enterprise-months whose figures change, as they are after. */
  indicators: StoredIndicator[];
  /**
   * The enterprise-months whose figures do not change but whose `contents` gain this content
   * (the upload index: written, not counted as data; a plan of these only is empty).
   */
  indexed: StoredIndicator[];
  /** The unit-years whose targets change, as they are after. */
  targets: StoredTarget[];
  /** Every figure set or withdrawn (cell by cell), in the order of the content's rows. */
  figureChanges: PlannedFigureChange[];
  contacts: { put: StoredContact[]; remove: ContactRow[] };
  /** The 报送月份 of the register, to raise the store's latest month to (null: no register). */
  latestMonth: Month | null;
}

/** True when the plan writes no data item (the content and its rank aside). */
export function isEmptyPlan(plan: ImportPlan): boolean {
  return (
    plan.versions.length === 0 &&
    plan.records.length === 0 &&
    plan.indicators.length === 0 &&
    plan.targets.length === 0 &&
    plan.contacts.put.length === 0 &&
    plan.contacts.remove.length === 0
  );
}

/**
 * A record's versions as the uploads EARLIER than `rank` in upload order made them (the state
 * an upload's authority is judged against), from the rows stored for it.
 */
export function versionsBefore(
  stored: Pick<StoredState, 'uploaded' | 'ranks'>,
  key: string,
  rank: string,
): RegisterRecord[] {
  const rows: UploadedRow[] = [];
  for (const r of stored.uploaded.get(key) ?? []) {
    const order = stored.ranks.get(r.contentId) ?? '';
    if (order < rank) rows.push({ record: r.record, present: r.present, order });
  }
  return versionsFromUploads(rows);
}

// ───────────────────────────── planning ─────────────────────────────

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Plans an import of a checked workbook without errors.
 *
 * @param content the workbook's content ({@link contentOf})
 * @param stored what the store holds for the workbook's keys
 * @param order the upload's order (event time, sequencer, import id)
 * @param rules the rules in force the record states are assessed under
 */
export function planImport(
  content: UploadContent,
  stored: StoredState,
  order: UploadOrder,
  rules: RulesInForce,
): ImportPlan {
  const own = content.id;
  const storedRank = stored.ranks.get(own);
  const mine = rankOf(order, own);
  const rank = storedRank && storedRank > mine ? storedRank : mine;
  const ranks = new Map(stored.ranks).set(own, rank);
  const rankOfSource = (contentId: string): string => ranks.get(contentId) ?? '';
  const plan: ImportPlan = {
    importId: order.importId,
    content: {
      value: content,
      rank,
      stored: storedRank !== undefined,
      // The uploader goes with the rank: this upload's when it raises it.
      ...(rank === mine && order.uploader ? { uploader: order.uploader } : {}),
    },
    versions: [],
    records: [],
    indicators: [],
    indexed: [],
    targets: [],
    figureChanges: [],
    contacts: { put: [], remove: [] },
    latestMonth: null,
  };
  planRegister(plan, stored, rankOfSource, rules);
  planFigures(plan, stored, rankOfSource);
  planContacts(plan, stored, rankOfSource);
  return plan;
}

/** Register: every record of the content re-derived from all rows uploaded for it. */
function planRegister(
  plan: ImportPlan,
  stored: StoredState,
  rankOfSource: (contentId: string) => string,
  rules: RulesInForce,
): void {
  const content = plan.content.value;
  const ownRows = new Map<string, SourcedRow[]>();
  for (const group of content.register) {
    const list = ownRows.get(group.key) ?? [];
    for (const r of group.rows) list.push({ contentId: content.id, record: r.record, present: r.present });
    ownRows.set(group.key, list);
    if (plan.latestMonth === null || compareMonths(group.month, plan.latestMonth) > 0)
      plan.latestMonth = group.month;
  }
  for (const [key, own] of ownRows) {
    const others = (stored.uploaded.get(key) ?? []).filter((r) => r.contentId !== content.id);
    const rows: UploadedRow[] = [...others, ...own].map((r) => ({
      record: r.record,
      present: r.present,
      order: rankOfSource(r.contentId),
    }));
    const versions = versionsFromUploads(rows);
    const before = stored.versions.get(key) ?? [];
    for (const v of versions) {
      const old = before.find((b) => b.month === v.month);
      if (!old || !sameJson(old, v)) plan.versions.push(v);
    }
    const after = recordState(key, versions, rules);
    if (!after) continue;
    const head = stored.records.get(key) ?? null;
    const sources = [
      ...new Set([...(head?.sources ?? []), ...own.map((r) => sourceOf(content.id, r.record.month))]),
    ].sort();
    if (head && sameJson(head.state, after) && sameJson(head.sources, sources)) continue;
    plan.records.push({ before: head?.state ?? null, after, sources });
  }
}

/**
 * Indicators and targets, cell by cell: each row of the content merged over what is stored
 * (`mergeFigures`, domain/figures.ts); an enterprise-month (unit-year) is written only when one
 * of its cells changes (a file uploaded again writes nothing; an interrupted import completes).
 */
function planFigures(
  plan: ImportPlan,
  stored: StoredState,
  rankOfSource: (contentId: string) => string,
): void {
  const content = plan.content.value;
  const source = content.id;
  const isEarlier = (holder: string): boolean => rankOfSource(holder) < plan.content.rank;

  const indicators = new Map<string, StoredIndicator>();
  const changed = new Set<string>();
  for (const row of content.indicators) {
    const id = indicatorId(row.key, row.month);
    const current = indicators.get(id) ?? stored.indicators.get(id);
    const merged = mergeFigures(current?.figures, row, source, isEarlier);
    const contents = withContent(current?.contents, source);
    if (merged.changes.length === 0 && sameJson(contents, current?.contents)) continue;
    indicators.set(id, { key: row.key, month: row.month, figures: merged.figures, contents });
    if (merged.changes.length > 0) changed.add(id);
    for (const change of merged.changes)
      plan.figureChanges.push({ kind: 'indicator', key: row.key, month: row.month, ...change });
  }
  plan.indicators = [...indicators].filter(([id]) => changed.has(id)).map(([, v]) => v);
  plan.indexed = [...indicators].filter(([id]) => !changed.has(id)).map(([, v]) => v);

  const targets = new Map<string, StoredTarget>();
  for (const row of content.targets) {
    const id = targetId(row.year, row.unit);
    const current = targets.get(id) ?? stored.targets.get(id);
    const merged = mergeFigures(current?.figures, row, source, isEarlier);
    if (merged.changes.length === 0) continue;
    targets.set(id, { unit: row.unit, year: row.year, figures: merged.figures });
    for (const change of merged.changes)
      plan.figureChanges.push({ kind: 'target', unit: row.unit, year: row.year, ...change });
  }
  plan.targets = [...targets.values()];
}

/**
 * Contacts: the content's rows of a unit replace that unit's contacts, when the content is
 * the latest of those that gave that unit's. A row already won by this content is written
 * again only when it differs (an interrupted import completes).
 */
function planContacts(
  plan: ImportPlan,
  stored: StoredState,
  rankOfSource: (contentId: string) => string,
): void {
  const content = plan.content.value;
  const rank = plan.content.rank;
  const source = content.id;
  const byUnit = new Map<string, ContactRow[]>();
  for (const row of content.contacts) {
    const list = byUnit.get(row.unit) ?? [];
    const i = list.findIndex((c) => c.email.toLowerCase() === row.email.toLowerCase());
    if (i >= 0) list[i] = row;
    else list.push(row);
    byUnit.set(row.unit, list);
  }
  for (const [unit, rows] of byUnit) {
    const current = stored.contacts.filter((c) => c.row.unit === unit);
    if (current.some((c) => c.source !== source && rankOfSource(c.source) > rank)) continue;
    for (const row of rows) {
      const existing = current.find((c) => c.row.email.toLowerCase() === row.email.toLowerCase());
      if (existing && existing.source === source && sameJson(existing.row, row)) continue;
      plan.contacts.put.push({ row, source });
    }
    for (const c of current) {
      if (!rows.some((r) => r.email.toLowerCase() === c.row.email.toLowerCase()))
        plan.contacts.remove.push(c.row);
    }
  }
}
