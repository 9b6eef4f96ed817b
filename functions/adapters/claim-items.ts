/**
 * Claims over the store's table (domain/claims.ts, the `Claims` port): one item per claim
 * naming its holder (`holder`) and its expiry (`expiresAt`, ISO), written only by conditional
 * puts (dynalite has no transactions) — the DynamoDB table and the memory table alike.
 *
 * - taken: absent, or `expiresAt` < now (expired; a released claim's is empty), or `holder` =
 *   the owner; with `takeOver`, absent or `holder` = the owner seen gone; with `force`, always;
 * - renewed, completed, released: only while `holder` = the owner, so a holder that lost its
 *   claim writes nothing over the new holder;
 * - completed: `holder` `sent:<owner>`, `expiresAt` `~sent` (later than any instant: never
 *   expires; no owner is called `sent:…`, so only force takes it again).
 *
 * Where each kind is kept (the apply lease's and the e-mails' items are those stores written
 * before this module already hold, so they keep working): `apply` at `META`/`APPLY-LEASE`;
 * `send` at `S#<month>`/`CLAIM#<unit>`, `reminder` at `S#<month>`/`REMIND-CLAIM#<unit>`;
 * `import` and `decision` beside the writer's import record, at `IMP#<id>`/`CLAIM#<kind>`.
 * None of them is part of the projection (a rebuild never deletes them).
 *
 * @module
 */
import { APPLY_LEASE_ID, ClaimLostError } from '#domain/claims';
import { ValidationError } from '#domain/errors';
import type { ClaimKind, ClaimOutcome, Claims } from '#domain/ports';
import type { Item, ItemKey, Table } from './dynamodb-items.ts';

/** The `expiresAt` of a completed claim: later than any instant, so it never expires. */
const COMPLETED = '~sent';
/** The holder of a completed claim: this prefix and the owner who completed it. */
const COMPLETED_BY = 'sent:';

/** The item of a claim: its key and type. */
export function claimItem(kind: ClaimKind, id: string): ItemKey & { type: string } {
  switch (kind) {
    case 'apply':
      if (id !== APPLY_LEASE_ID)
        throw new ValidationError(`the apply lease is one per table: id "${APPLY_LEASE_ID}", not "${id}"`);
      return { pk: 'META', sk: 'APPLY-LEASE', type: 'lease' };
    case 'send':
    case 'reminder': {
      const [month, unit] = id.split('#');
      if (!month || !unit) throw new ValidationError(`an e-mail's claim id is <month>#<unit>, not "${id}"`);
      return {
        pk: `S#${month}`,
        sk: `${kind === 'reminder' ? 'REMIND-CLAIM' : 'CLAIM'}#${unit}`,
        type: 'send-claim',
      };
    }
    case 'import':
    case 'decision':
      return { pk: `IMP#${id}`, sk: `CLAIM#${kind}`, type: 'claim' };
  }
}

/** Claims as items of the table. */
export class TableClaims implements Claims {
  constructor(readonly table: Table) {}

  async acquire(
    kind: ClaimKind,
    id: string,
    owner: string,
    term: { now: Date; expiresAt: Date },
    options: { takeOver?: string; force?: boolean } = {},
  ): Promise<ClaimOutcome> {
    const item: Item = { ...claimItem(kind, id), holder: owner, expiresAt: term.expiresAt.toISOString() };
    const lease = { kind: 'lease', attribute: 'expiresAt', holderAttribute: 'holder' } as const;
    const taken = options.force
      ? await this.table.putIf(item, { kind: 'always' })
      : await this.table.putIf(item, { ...lease, value: term.now.toISOString(), holder: owner });
    if (taken) return { held: true };
    if (options.takeOver && (await this.table.putIf(item, { ...lease, value: '', holder: options.takeOver })))
      return { held: true };
    const current = await this.table.get(claimItem(kind, id));
    const by = String(current?.holder ?? '');
    const until = String(current?.expiresAt ?? '');
    return until === COMPLETED
      ? { held: false, by: by.slice(COMPLETED_BY.length), until, done: true }
      : { held: false, by, until, done: false };
  }

  async renew(kind: ClaimKind, id: string, owner: string, expiresAt: Date): Promise<void> {
    await this.whileHeld(kind, id, owner, owner, expiresAt.toISOString(), 'renew');
  }

  async complete(kind: ClaimKind, id: string, owner: string): Promise<void> {
    await this.whileHeld(kind, id, owner, `${COMPLETED_BY}${owner}`, COMPLETED, 'complete');
  }

  async release(kind: ClaimKind, id: string, owner: string): Promise<boolean> {
    return await this.table.putIf(
      { ...claimItem(kind, id), holder: '', expiresAt: '' },
      { kind: 'equals', attribute: 'holder', value: owner },
    );
  }

  async holder(kind: ClaimKind, id: string, now: Date): Promise<string | null> {
    const item = await this.table.get(claimItem(kind, id));
    const holder = typeof item?.holder === 'string' ? item.holder : '';
    const until = String(item?.expiresAt ?? '');
    return holder && until !== COMPLETED && until > now.toISOString() ? holder : null;
  }

  /** Writes the claim's new state while `owner` holds it; else ClaimLostError naming who does. */
  private async whileHeld(
    kind: ClaimKind,
    id: string,
    owner: string,
    holder: string,
    expiresAt: string,
    what: 'renew' | 'complete',
  ): Promise<void> {
    const item: Item = { ...claimItem(kind, id), holder, expiresAt };
    if (await this.table.putIf(item, { kind: 'equals', attribute: 'holder', value: owner })) return;
    const current = await this.table.get(claimItem(kind, id));
    const now = String(current?.holder ?? '');
    throw new ClaimLostError(
      `${what === 'renew' ? '续期' : '完成'}失败：${kind} ${id} 已不由 ${owner} 持有（${now ? `现由 ${now} 持有` : '已释放'}；时限已过后被接管），未写入`,
    );
  }
}
