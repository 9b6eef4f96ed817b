/**
 * Coordination as items of their own, in the
 * store's table beside the projection:
 *
 * - the working group's decisions: one partition `DECISIONS`, a decision at `D#<id>`, its end
 *   at `E#<id>`, each written once by a conditional put and never edited. All of them come
 *   back with one Query (the working group records a few dozen a year);
 * - the actions about a transfer (confirm, object, settle): partition `X#<transfer id>`, one
 *   item per action (`<recordedAt>#<unit>#<n>`), never edited; the status is derived.
 *
 * @module
 */
import {
  type DecisionEnd,
  type DecisionLog,
  type DecisionRecord,
  decisionsFrom,
  decisionWriterIds,
  type WorkingGroupDecision,
} from '#domain/decisions';
import type { Coordination, ImpactJob, ImpactJobs, Store } from '#domain/ports';
import type { TransferAction, TransferActionLog } from '#domain/transfer-status';
import type { Item, ItemStore, Table } from './dynamodb-items.ts';

const PARTITION = 'DECISIONS';

/** The decision log over the store's table. */
export class DecisionItems implements DecisionLog {
  /**
   * @param unfinished the ids of the writers not committed yet (the store's `applying`
   *   imports): a decision or an end whose re-projection is one of them is not in force yet
   */
  constructor(
    readonly table: Table,
    readonly unfinished: () => Promise<ReadonlySet<string>> = async () => new Set(),
  ) {}

  async all(): Promise<WorkingGroupDecision[]> {
    const { records, ends } = await this.facts();
    return decisionsFrom(records, ends);
  }

  async projected(including?: string): Promise<WorkingGroupDecision[]> {
    const [{ records, ends }, unfinished] = await Promise.all([this.facts(), this.unfinished()]);
    const counts = (writer: string) => writer === including || !unfinished.has(writer);
    return decisionsFrom(
      records.filter((d) => counts(decisionWriterIds(d.id).recorded)),
      ends.filter((e) => counts(decisionWriterIds(e.decisionId).ended)),
    );
  }

  /** The decisions and ends as recorded (one Query of the partition, paged). */
  private async facts(): Promise<{ records: DecisionRecord[]; ends: DecisionEnd[] }> {
    const records: DecisionRecord[] = [];
    const ends: DecisionEnd[] = [];
    let startKey: Record<string, string> | null = null;
    do {
      const out = await this.table.query({ partition: PARTITION, startKey });
      for (const item of out.items) {
        if (item.type === 'decision') records.push(item.decision as DecisionRecord);
        else if (item.type === 'decision-end') ends.push(item.end as DecisionEnd);
      }
      startKey = out.lastKey;
    } while (startKey);
    return { records, ends };
  }

  async record(decision: DecisionRecord): Promise<'recorded' | 'exists'> {
    const item: Item = { pk: PARTITION, sk: `D#${decision.id}`, type: 'decision', decision };
    return (await this.table.putIf(item, { kind: 'notExists' })) ? 'recorded' : 'exists';
  }

  async end(end: DecisionEnd): Promise<'ended' | 'exists'> {
    const item: Item = { pk: PARTITION, sk: `E#${end.decisionId}`, type: 'decision-end', end };
    return (await this.table.putIf(item, { kind: 'notExists' })) ? 'ended' : 'exists';
  }
}

/** The ids of the store's writers not committed yet (`applying` imports, rebuilds, decisions). */
async function unfinishedWriters(store: ItemStore): Promise<ReadonlySet<string>> {
  return new Set((await store.importsToResume()).filter((r) => r.status === 'applying').map((r) => r.id));
}

/** The actions about transfers over the store's table. */
export class TransferActionItems implements TransferActionLog {
  constructor(readonly table: Table) {}

  async actions(transferIds: readonly string[]): Promise<Map<string, TransferAction[]>> {
    const out = new Map<string, TransferAction[]>();
    const ids = [...new Set(transferIds)];
    for (let i = 0; i < ids.length; i += 16) {
      const batch = ids.slice(i, i + 16);
      const lists = await Promise.all(batch.map((id) => this.actionsOf(id)));
      for (const [n, id] of batch.entries()) out.set(id, lists[n] ?? []);
    }
    return out;
  }

  private async actionsOf(id: string): Promise<TransferAction[]> {
    const out: TransferAction[] = [];
    let startKey: Record<string, string> | null = null;
    do {
      const page = await this.table.query({ partition: `X#${id}`, startKey });
      for (const item of page.items) out.push(item.action as TransferAction);
      startKey = page.lastKey;
    } while (startKey);
    return out;
  }

  async add(action: TransferAction): Promise<void> {
    for (let n = 0; ; n++) {
      const item: Item = {
        pk: `X#${action.transferId}`,
        sk: `${action.recordedAt}#${action.unit}#${n}`,
        type: 'transfer-action',
        action,
      };
      if (await this.table.putIf(item, { kind: 'notExists' })) return;
    }
  }
}

/**
 * The coordination of a store over a table (DynamoDB, memory), as items of the same table: the
 * decision log (a decision's writer not committed yet is not in force), the actions about
 * transfers, the impact runs.
 */
export function coordinationOver(store: ItemStore): Coordination {
  return {
    decisions: new DecisionItems(store.table, () => unfinishedWriters(store)),
    transferActions: new TransferActionItems(store.table),
    transfersInMonth: (month) => store.transfersInMonth(month),
    reproject: (keys, rules, writer) => store.reproject(keys, rules, writer),
    impactJobs: new ImpactJobItems(store.table),
  };
}

/** The coordination port of a store (composition: the routes and commands that need it); null when it keeps none. */
export function coordinationOf(store: Store): Coordination | null {
  return store.coordination ?? null;
}

/** Characters of the result JSON per item (DynamoDB items stay under 400 KB). */
const RESULT_CHUNK = 100_000;

/**
 * Impact runs over the store's table: `IMPACT#<id>` holds the job (`JOB`) and its result
 * (the `lkg impact --json` document) in chunks (`R#000000`…), written once when it is done.
 */
export class ImpactJobItems implements ImpactJobs {
  constructor(readonly table: Table) {}

  async create(job: ImpactJob, draft: unknown): Promise<void> {
    await this.table.putIf(
      { pk: `IMPACT#${job.id}`, sk: 'DRAFT', type: 'impact-draft', text: JSON.stringify(draft) },
      { kind: 'always' },
    );
    await this.table.putIf({ pk: `IMPACT#${job.id}`, sk: 'JOB', type: 'impact', job }, { kind: 'notExists' });
  }

  async pending(id: string): Promise<{ job: ImpactJob; draft: unknown } | null> {
    const out = await this.table.query({ partition: `IMPACT#${id}`, startKey: null });
    const head = out.items.find((i) => i.sk === 'JOB');
    const draft = out.items.find((i) => i.sk === 'DRAFT');
    if (!head || !draft) return null;
    return { job: head.job as ImpactJob, draft: JSON.parse(String(draft.text)) };
  }

  async finish(job: ImpactJob, result: unknown | null): Promise<void> {
    if (result != null) {
      const text = JSON.stringify(result);
      const items: Item[] = [];
      for (let i = 0, n = 0; i < text.length || n === 0; i += RESULT_CHUNK, n++)
        items.push({
          pk: `IMPACT#${job.id}`,
          sk: `R#${String(n).padStart(6, '0')}`,
          type: 'impact-result',
          text: text.slice(i, i + RESULT_CHUNK),
        });
      await this.table.batchWrite(items, []);
    }
    await this.table.putIf({ pk: `IMPACT#${job.id}`, sk: 'JOB', type: 'impact', job }, { kind: 'always' });
  }

  async get(id: string): Promise<{ job: ImpactJob; result: unknown | null } | null> {
    const items: Item[] = [];
    let startKey: Record<string, string> | null = null;
    do {
      const out = await this.table.query({ partition: `IMPACT#${id}`, startKey });
      items.push(...out.items);
      startKey = out.lastKey;
    } while (startKey);
    const head = items.find((i) => i.sk === 'JOB');
    if (!head) return null;
    const job = head.job as ImpactJob;
    const chunks = items.filter((i) => i.sk.startsWith('R#')).sort((a, b) => (a.sk < b.sk ? -1 : 1));
    return {
      job,
      result:
        job.status === 'done' && chunks.length > 0
          ? JSON.parse(chunks.map((c) => String(c.text)).join(''))
          : null,
    };
  }
}
