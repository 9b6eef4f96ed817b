/**
 * The publish dry run (`POST /summaries/{month}/publish?dryRun=true`): the plan names exactly
 * the emails `publishMonth` then sends and skips, writes nothing, and says what would block.
 */
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { createMemoryStore } from '#adapters/memory-store';
import type { SheetSpec } from '#domain/email/index';
import type { Mailer } from '#domain/ports';
import type { ContactRow } from '#domain/types';
import { planPublication, recipientsByUnit } from '#functions/publish/plan';
import { publishMonth } from '#functions/publish/publish';
import { rec, row } from '../../domain/summaries-support.ts';

const writeWorkbook = (sheets: SheetSpec[]): Uint8Array => {
  const wb = XLSX.utils.book_new();
  for (const s of sheets) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(s.rows), s.name);
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array;
};

const contacts: ContactRow[] = [
  { unit: 'changqing', name: '联络员', email: ' changqing@example.com ', receives: true },
  { unit: 'changqing', name: '副联络员', email: 'a-changqing@example.com', receives: true },
  { unit: 'changqing', name: '重复', email: 'changqing@example.com', receives: true },
  { unit: 'jinghe', name: '联络员', email: 'jinghe@example.com', receives: true },
  { unit: 'cihui', name: '不接收', email: 'cihui@example.com', receives: false },
  { unit: 'bureau', name: '科长', email: 'kezhang@example.com', receives: true },
];

async function seeded() {
  const store = createMemoryStore();
  await store.seed(
    {
      register: [rec({ key: 'A', month: '2026-10' })],
      indicators: [row('A', '2026-10', { revenue: '30' })],
      contacts,
    },
    { eventTime: '2026-11-01T00:00:00Z' },
  );
  return store;
}

const mailer: Mailer = { send: async () => `msg-${Math.random()}` };
const deps = { bureauEmail: 'bureau@example.com' };

describe('recipientsByUnit', () => {
  it('keeps receivers only, trimmed, unique, sorted', () => {
    const byUnit = recipientsByUnit(contacts);
    expect(byUnit.get('changqing')).toEqual(['a-changqing@example.com', 'changqing@example.com']);
    expect(byUnit.get('cihui')).toBeUndefined();
  });
});

describe('planPublication', () => {
  it('names exactly what publishMonth then sends and skips, and writes nothing', async () => {
    const store = await seeded();
    const plan = await planPublication({ store, ...deps }, '2026-10', false);
    expect(await store.sends('2026-10')).toEqual([]);
    expect(await store.getSummary('2026-10')).toBeNull();
    expect(plan).toMatchObject({ month: '2026-10', dryRun: true, publishedAt: null, blockedBy: null });
    expect(plan.emails).toHaveLength(19);
    const bureau = plan.emails.find((e) => e.unit === 'bureau');
    expect(bureau).toMatchObject({
      action: 'send',
      recipients: ['bureau@example.com', 'kezhang@example.com'],
      subject: expect.stringContaining('全区经济指标月报'),
    });
    expect(plan.emails.find((e) => e.unit === 'changqing')).toMatchObject({
      name: '长青街',
      action: 'send',
      recipients: ['a-changqing@example.com', 'changqing@example.com'],
    });

    const result = await publishMonth(
      {
        store,
        mailer,
        clock: { now: () => new Date('2026-11-10T01:00:00Z') },
        sender: 'lkg@example.com',
        ...deps,
        workbooks: { write: writeWorkbook },
      },
      { month: '2026-10' },
    );
    const units = (action: string) =>
      plan.emails
        .filter((e) => e.action === action)
        .map((e) => e.unit)
        .sort();
    expect(result.sent.map((s) => s.unit).sort()).toEqual(units('send'));
    expect(
      result.skipped
        .filter((s) => s.reason === 'no-contacts')
        .map((s) => s.unit)
        .sort(),
    ).toEqual(units('no-contacts'));
    expect(plan.unitsWithoutContacts).toEqual(result.unitsWithoutContacts);

    const again = await planPublication({ store, ...deps }, '2026-10', false);
    expect(again.publishedAt).toBe('2026-11-10T01:00:00.000Z');
    expect(again.emails.filter((e) => e.action === 'send')).toEqual([]);
    expect(
      again.emails
        .filter((e) => e.action === 'already-sent')
        .map((e) => e.unit)
        .sort(),
    ).toEqual(units('send'));
    const forced = await planPublication({ store, ...deps }, '2026-10', true);
    expect(
      forced.emails
        .filter((e) => e.action === 'send')
        .map((e) => e.unit)
        .sort(),
    ).toEqual(units('send'));
  });

  it('names the unfinished import that would make publishing wait', async () => {
    const store = await seeded();
    await store.createImport({
      id: 'imp-1',
      bucket: 'b',
      objectKey: 'uploads/changqing/x.xlsx',
      versionId: null,
      sequencer: '01',
      eventTime: '2026-11-02T01:00:00Z',
      contentHash: null,
      status: 'applying',
      unit: 'changqing',
      registerMonth: '2026-10',
      counts: {
        registerRows: 1,
        indicatorRows: 0,
        targetRows: 0,
        contactRows: 0,
        errors: 0,
        warnings: 0,
        itemsWritten: 0,
      },
      findings: [],
      sheets: [],
      startedAt: '2026-11-02T01:00:01Z',
      finishedAt: null,
    });
    const plan = await planPublication({ store, ...deps }, '2026-10', false);
    expect(plan.blockedBy).toEqual({
      id: 'imp-1',
      objectKey: 'uploads/changqing/x.xlsx',
      startedAt: '2026-11-02T01:00:01Z',
    });
  });
});
