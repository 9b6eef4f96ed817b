/**
 * The projection's store as the application sees it (the ingest, the replay, the rebuild, a
 * decision's re-projection): the `Store` reads, what an import plans from and writes, the
 * re-projections of a replay, and the upload index. One implementation over the table
 * (functions/adapters/dynamodb-items.ts `ItemStore`, over DynamoDB or the memory table).
 *
 * @module
 */
import type { RulesInForce } from './decisions.ts';
import { LkgError } from './errors.ts';
import type { ImportPlan, StoredState } from './ingest.ts';
import type { ImportRecord, Store } from './ports.ts';
import type { ReplayStep, ShardPart } from './replay.ts';
import type { RecordState } from './timeline.ts';
import type { Month, ParsedWorkbook } from './types.ts';

/** The ingest's view of the store: the `Store` reads plus what an import plans from and writes. */
export interface IngestStore extends Store {
  /**
   * What the store holds for a workbook's keys: the heads and derived versions of its records
   * with every row uploaded for them, its indicators, targets and contacts, and the rank of
   * every content named (its own included, when stored before).
   */
  storedStateFor(parsed: ParsedWorkbook, contentId: string): Promise<StoredState>;
  /** The id the store keeps a workbook's content under (a hash of `contentText`, domain/ingest.ts). */
  contentIdOf(parsed: ParsedWorkbook): string;
  /**
   * Writes a plan: the upload's content (its rows, once) and its rank, then the derived
   * versions, role/name/indicator/target/contact items, then record heads, then the latest
   * month. Returns the data items written (the content's items are the upload, not data).
   */
  applyPlan(plan: ImportPlan): Promise<number>;
  /** The record's derived state (periods, transfers, name), null when unknown. */
  recordState(key: string): Promise<RecordState | null>;
  /**
   * The latest upload order (`orderKey`) of the uploads judged so far (those a replay would
   * replay); null when never recorded (a new store, or one written before this mark). An import
   * whose order is earlier was delivered late.
   */
  latestJudgedOrder(): Promise<string | null>;
  /** Raises the mark to `order` (a conditional write: it never goes down). */
  raiseJudgedOrder(order: string): Promise<void>;
  /** The rules version the projection was computed under (`rulesVersionOf`); null: never stamped. */
  rulesVersion(): Promise<string | null>;
  /** Stamps the projection's rules version (`ifAbsent`: only a store never stamped). */
  stampRulesVersion(version: string, options?: { ifAbsent?: boolean }): Promise<void>;
  /**
   * Re-projects the store from a replay as the pending import `writer` (see the class
   * method): the derived items become those a fresh import of the accepted contents writes.
   */
  replayProjection(
    steps: readonly ReplayStep[],
    writer: string,
    rules?: RulesInForce,
    options?: ReprojectOptions,
  ): Promise<number>;
  /**
   * Re-projects the store from a replay read shard by shard (a rebuild, a full replay), holding
   * one shard's projection at a time, as the pending import `writer` (the adapter's
   * `replayShardedProjection`, docs/storage.md "Replay and rebuild"). Returns the items written.
   */
  replayShardedProjection(
    replay: ShardedReplay,
    writer: string,
    rules: RulesInForce,
    options?: ReprojectOptions,
  ): Promise<number>;
  /** An upload's content items, once (a replay stores each upload it judges). */
  storeContent(step: Pick<ReplayStep, 'contentId' | 'upload'>): Promise<void>;
  /**
   * Re-projects only the items of `recordKeys` (a late delivery's closure: every upload
   * touching one of them is in `steps`), as the pending import `writer`. Returns the items written.
   */
  replayKeysProjection(
    steps: readonly ReplayStep[],
    writer: string,
    rules: RulesInForce,
    recordKeys: ReadonlySet<string>,
  ): Promise<number>;
  /** The upload index: what a late delivery's closure is found by (see {@link UploadIndex}). */
  readonly uploads: UploadIndex;
  /** Cumulative write counts of the underlying table. */
  readonly writeStats: WriteStats;
}

/**
 * A replay whose uploads are read again shard by shard (a rebuild, a full replay): the district
 * is re-projected one shard of record keys at a time, then its district-wide items (targets,
 * contacts, the latest month), so that what is held at once is one shard's projection, never
 * the district's.
 */
export interface ShardedReplay {
  /** How many shards the record keys are split into (`shardOfKey`). */
  shards: number;
  /** The record keys the replayed uploads touch (the store's own are added). */
  keys: ReadonlySet<string>;
  /** The greatest 报送月份 of the accepted uploads' register rows (null: none). */
  latestMonth: Month | null;
  /** The replay's steps (the contents' ranks are stored from them). */
  steps: readonly ReplayStep[];
  /**
   * The accepted contents in upload order, each as judged, with only the rows of the keys
   * `part` keeps; targets and contacts only in the district-wide part.
   */
  contents(part: ShardPart): AsyncIterable<AcceptedContent>;
}

/** An accepted content as a re-projection applies it (its latest accepted upload's order). */
export interface AcceptedContent {
  judged: ParsedWorkbook;
  contentId: string;
  eventTime: string;
  sequencer: string;
}

/** How a re-projection may be stopped between pages, and told of its progress. */
export interface ReprojectOptions {
  /** Checked between pages of writes: true stops it (ReprojectPausedError). */
  shouldStop?: () => boolean;
  /** After each page: the items that differed from the store, written or deleted so far, of all. */
  onProgress?: (done: number, total: number) => void;
}

/** A reproject stopped between pages (its time budget): run the same replay again to go on. */
export class ReprojectPausedError extends LkgError {}

/** A refused upload a replay would re-judge, with every key it touches. */
export interface RefusedUpload {
  importId: string;
  keys: string[];
}

/**
 * The uploads by the keys they touch (docs/storage.md, "Late delivery"): accepted contents
 * by the record heads' `sources` (register rows) and the indicator items' `contents`
 * (indicator rows); the imports of a content by `IMP#C#<content>`/`UPLOADS`; refused uploads
 * (authority errors only) by their key lists (`IMP#REFUSED`). Every read answers null when
 * the index cannot answer whole (an entry over its bound, or written before the index): the
 * caller then replays everything.
 */
export interface UploadIndex {
  /** True once every upload stored is indexed (set for an empty store, or by a full replay). */
  complete(): Promise<boolean>;
  markComplete(): Promise<void>;
  /** Records an import of a content (before its commit). */
  addUpload(importId: string, contentId: string): Promise<void>;
  /** Records a refused upload's keys (before its record says `rejected`). */
  addRefused(importId: string, recordKeys: readonly string[]): Promise<void>;
  /** Every refused upload indexed (some may be accepted since: read their records). */
  refused(): Promise<RefusedUpload[] | null>;
  /** The accepted contents that gave a row (register or indicators) for one of these keys. */
  contentsTouching(recordKeys: readonly string[]): Promise<Set<string> | null>;
  /** The imports of these contents. */
  importsOf(contentIds: readonly string[]): Promise<string[] | null>;
  /** The import records of these ids (those that exist). */
  records(ids: readonly string[]): Promise<ImportRecord[]>;
}

/** Counts of a write: requests made and items put or deleted. */
export interface WriteStats {
  requests: number;
  items: number;
}
