/**
 * The one writer (functions/ingest/writer.ts): take, begin, commit, the post-commit hooks,
 * release — what an import, a late delivery, a rebuild and a decision's re-projection share.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '#adapters/memory-store';
import { EVERY_MONTH } from '#domain/summaries';
import { applyLeaseHolder, ImportBusyError, LeaseLostError } from '#functions/ingest/lease';
import { ProjectionWriter, writeAsPendingImport, writerRecord } from '#functions/ingest/writer';
import { takeApplyLease } from '../../support/claims.ts';

const T0 = new Date('2026-06-01T02:00:00Z');

function setup() {
  const store = createMemoryStore();
  let now = T0;
  const clock = { now: () => now };
  const warnings: string[] = [];
  const logger = { info() {}, warn: (m: string) => warnings.push(m), error() {} };
  return {
    store,
    clock,
    logger,
    warnings,
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

describe('the one writer', () => {
  it.each([
    { case: 'a committed writer: applied, finished, due marked', status: undefined, expected: 'applied' },
    { case: 'a writer that changed nothing', status: 'unchanged' as const, expected: 'unchanged' },
  ])('$case', async ({ status, expected }) => {
    const { store, clock } = setup();
    const record = writerRecord('w1', 'rebuild/w1', clock.now());
    const writer = await ProjectionWriter.take({ store, clock }, record, 'busy');
    await writer.begin();
    expect((await store.getImport('w1'))?.status).toBe('applying');
    expect(writer.begun).toBe(true);
    await writer.commit({ ...(status ? { status } : {}), due: EVERY_MONTH });
    await writer.release();
    const stored = await store.getImport('w1');
    expect(stored?.status).toBe(expected);
    expect(stored?.finishedAt).toBe(T0.toISOString());
    expect(writer.committed).toBe(true);
    expect((await store.summariesDue()).map((d) => d.importId)).toEqual(['w1']);
  });

  it('another running writer holds the lease: busy, nothing written', async () => {
    const { store, clock } = setup();
    const other = writerRecord('other', 'uploads/bureau/other.xlsx', clock.now());
    await store.createImport(other);
    expect(await takeApplyLease(store, 'other', clock.now(), 60_000)).toBe(true);
    const record = writerRecord('w2', 'rebuild/w2', clock.now());
    await expect(
      writeAsPendingImport({ store, clock }, record, async () => 1, {
        busyMessage: '另一个导入正在写入数据',
      }),
    ).rejects.toThrow(ImportBusyError);
    expect(await store.getImport('w2')).toBeNull();
  });

  it('a writer whose lease was taken over does not commit: its record stays applying', async () => {
    const { store, clock, advance } = setup();
    const record = writerRecord('w3', 'rebuild/w3', clock.now());
    await store.createImport(record);
    const writer = await ProjectionWriter.take({ store, clock }, record, 'busy');
    await writer.begin();
    advance(10 * 60_000); // it looked dead: its lease expired
    expect(await takeApplyLease(store, 'newcomer', clock.now(), 60_000)).toBe(true);
    await expect(writer.commit({ due: null })).rejects.toThrow(LeaseLostError);
    await writer.release();
    expect((await store.getImport('w3'))?.status).toBe('applying');
  });

  it.each([
    { case: 'a failed hook is logged and the next still runs', required: false, throws: false },
    { case: 'a failed required hook is thrown after the rest ran', required: true, throws: true },
  ])('$case', async ({ required, throws }) => {
    const { store, clock, logger, warnings } = setup();
    const record = writerRecord('w4', 'rebuild/w4', clock.now());
    const ran: string[] = [];
    const run = writeAsPendingImport({ store, clock, logger }, record, async () => 0, {
      busyMessage: 'busy',
      after: (writer) => {
        writer.afterCommit(
          'first',
          async () => {
            ran.push('first');
            throw new Error('boom');
          },
          { required },
        );
        writer.afterCommit('second', async () => {
          ran.push('second');
        });
      },
    });
    if (throws) await expect(run).rejects.toThrow('boom');
    else await run;
    expect(ran).toEqual(['first', 'second']);
    expect(warnings).toEqual(['after the commit: first failed']);
    // The commit stands whatever a hook did; the lease is given back.
    expect((await store.getImport('w4'))?.status).toBe('applied');
    expect(await applyLeaseHolder(store, clock.now())).toBeNull();
  });

  it('a failed write leaves the record applying and gives the lease back', async () => {
    const { store, clock } = setup();
    const record = writerRecord('w5', 'rebuild/w5', clock.now());
    await expect(
      writeAsPendingImport(
        { store, clock },
        record,
        async () => {
          throw new Error('write failed');
        },
        { busyMessage: 'busy' },
      ),
    ).rejects.toThrow('write failed');
    expect((await store.getImport('w5'))?.status).toBe('applying');
    expect((await store.getImport('w5'))?.attempts).toBe(1);
    expect(await applyLeaseHolder(store, clock.now())).toBeNull();
  });
});
