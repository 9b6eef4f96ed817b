import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { createMemoryStore } from '#adapters/memory-store';
import type { SheetSpec } from '#domain/email/index';
import { ConflictError, ValidationError } from '#domain/errors';
import type { ImportRecord } from '#domain/ports';
import type { ContactRow } from '#domain/types';
import {
  createPublishHandler,
  PublishBlockedError,
  previousMonthInShanghai,
  requestOf,
} from '#functions/publish/handler';
import { rec, row } from '../../domain/summaries-support.ts';
import { takeApplyLease } from '../../support/claims.ts';
import { fakeMailer } from '../../support/mailer.ts';
import { importRecord } from '../../support/store-contract.ts';

/** A SheetJS writer for tests (the project's writer is functions/adapters/workbook-writer.ts). */
const writeWorkbook = (sheets: SheetSpec[]): Uint8Array => {
  const wb = XLSX.utils.book_new();
  for (const s of sheets) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(s.rows), s.name);
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array;
};

const contacts: ContactRow[] = [
  { unit: 'changqing', name: '联络员', email: 'changqing@example.com', receives: true },
  { unit: 'changqing', name: '副联络员', email: 'changqing2@example.com', receives: true },
  { unit: 'jinghe', name: '联络员', email: 'jinghe@example.com', receives: true },
  { unit: 'shipin', name: '联络员', email: 'shipin@example.com', receives: true },
  { unit: 'cihui', name: '不接收', email: 'cihui@example.com', receives: false },
];

async function seededStore() {
  const store = createMemoryStore();
  await store.seed(
    {
      register: [
        rec({ key: 'A', month: '2026-10' }),
        rec({ key: 'C', stage: 'built', recruiter: 'shipin', street: 'jinghe', completedOn: '2026-10-05' }),
        rec({ key: 'P', stage: 'new', recruiter: 'shipin', street: 'jinghe' }),
      ],
      indicators: [row('A', '2026-10', { revenue: '30' }), row('C', '2026-10', { revenue: '5' })],
      targets: [{ unit: 'changqing', year: 2026, values: { revenue: '100' } }],
      contacts,
    },
    { eventTime: '2026-11-01T00:00:00Z' },
  );
  return store;
}

const clock = { now: () => new Date('2026-11-10T01:00:00Z') };
const base = {
  clock,
  sender: 'lkg@example.com',
  bureauEmail: 'bureau@example.com',
  workbooks: { write: writeWorkbook },
};

describe('the month an event asks for', () => {
  it.each([
    ['2026-11-10T01:00:00Z', '2026-10'],
    ['2026-10-31T15:59:59Z', '2026-09'], // 23:59:59 in Shanghai, still October
    ['2026-10-31T16:00:00Z', '2026-10'], // 00:00 on 1 November in Shanghai
    ['2027-01-10T01:00:00Z', '2026-12'],
  ])('previous month of %s in Asia/Shanghai is %s', (instant, month) => {
    expect(previousMonthInShanghai(new Date(instant))).toBe(month);
  });

  it.each([
    [
      { source: 'lkg.schedule', scheduledTime: '2026-11-10T01:00:00Z' },
      { month: '2026-10', force: false },
    ],
    [{ time: '2026-03-10T01:00:00Z' }, { month: '2026-02', force: false }],
    [
      { month: '2026-07', force: true },
      { month: '2026-07', force: true },
    ],
    [
      { month: '2026-07', force: 'true' },
      { month: '2026-07', force: true },
    ],
    [{}, { month: '2026-10', force: false }],
    [undefined, { month: '2026-10', force: false }],
  ])('%j → %j', (event, expected) => {
    expect(requestOf(event, clock.now())).toEqual(expected);
  });

  it.each([{ month: '2026-13' }, { scheduledTime: 'not a time' }])('%j is refused', (event) => {
    expect(() => requestOf(event, clock.now())).toThrow(ValidationError);
  });
});

describe('createPublishHandler', () => {
  it('one email per unit with contacts, the overview to the bureau naming units without contacts', async () => {
    const store = await seededStore();
    const { mailer, sent } = fakeMailer();
    const result = await createPublishHandler({ ...base, store, mailer })({ month: '2026-10' });
    expect(result.sent.map((s) => s.unit).sort()).toEqual(['bureau', 'changqing', 'jinghe', 'shipin']);
    expect(result.failed).toEqual([]);
    expect(result.unitsWithoutContacts).toHaveLength(15);
    expect(result.unitsWithoutContacts).toContain('cihui'); // its only contact does not receive
    const changqing = sent.find((m) => m.to.includes('changqing@example.com'))!;
    expect(changqing.to).toEqual(['changqing2@example.com', 'changqing@example.com']); // sorted
    expect(changqing.subject).toBe('【临空港经开区】2026年10月长青街经济指标月报');
    expect(changqing.from).toBe('lkg@example.com');
    expect(changqing.attachments[0]!.filename).toBe('2026年10月长青街经济指标月报.xlsx');
    const overview = sent.find((m) => m.to.includes('bureau@example.com'))!;
    expect(overview.subject).toBe('【临空港经开区】2026年10月全区经济指标月报');
    expect(overview.html).toContain('未配置联系人');
    expect(overview.html).toContain('慈惠街');
    // The attachment opens and holds the figures.
    const wb = XLSX.read(changqing.attachments[0]!.content);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['指标汇总']!, { header: 1 });
    expect(rows.find((r) => r[1] === '营业收入（万元）')?.slice(2, 4)).toEqual([30, 30]);
    // Every send is recorded, and the figures are stored.
    expect((await store.sends('2026-10')).map((s) => s.unit).sort()).toEqual([
      'bureau',
      'changqing',
      'jinghe',
      'shipin',
    ]);
    const stored = await store.getSummary('2026-10');
    expect(stored?.publishedAt).toBe('2026-11-10T01:00:00.000Z');
    expect((stored!.document as { month: string }).month).toBe('2026-10');
  });

  it('idempotent: publishing again sends nothing; force sends everything again', async () => {
    const store = await seededStore();
    const { mailer, sent } = fakeMailer();
    const publish = createPublishHandler({ ...base, store, mailer });
    await publish({ month: '2026-10' });
    expect(sent).toHaveLength(4);
    const again = await publish({ month: '2026-10' });
    expect(again.sent).toEqual([]);
    expect(again.skipped.filter((s) => s.reason === 'already-sent')).toHaveLength(4);
    expect(again.publishedAt).toBe('2026-11-10T01:00:00.000Z');
    expect(sent).toHaveLength(4);
    const forced = await publish({ month: '2026-10', force: true });
    expect(forced.sent).toHaveLength(4);
    expect(sent).toHaveLength(8);
  });

  it.each([[1], [2], [4]])(
    'a mail failure on call %i, then a rerun: every recipient gets exactly one email',
    async (failing) => {
      const store = await seededStore();
      const { mailer, sent } = fakeMailer(new Set([failing]));
      const publish = createPublishHandler({ ...base, store, mailer });
      const first = await publish({ month: '2026-10' });
      expect(first.failed).toHaveLength(1);
      expect(first.sent).toHaveLength(3);
      const second = await publish({ month: '2026-10' });
      expect(second.sent).toHaveLength(1);
      expect(second.failed).toEqual([]);
      const perRecipient = new Map<string, number>();
      for (const m of sent) for (const to of m.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
      expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
      expect(perRecipient.size).toBe(5);
      expect(await publish({ month: '2026-10' }).then((r) => r.sent)).toEqual([]);
    },
  );

  it('refuses while an import is unfinished, naming the import and its start time', async () => {
    const store = await seededStore();
    const blocking: ImportRecord = {
      id: 'imp-42',
      bucket: 'b',
      objectKey: 'uploads/changqing/2026-10-台账.xlsx',
      versionId: null,
      sequencer: '1',
      eventTime: '2026-11-09T08:00:00Z',
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
      startedAt: '2026-11-09T08:00:01Z',
      finishedAt: null,
    };
    await store.createImport(blocking);
    // Running: it holds the apply lease (an import a crash left applying does not block).
    expect(await takeApplyLease(store, 'imp-42', clock.now(), 60_000)).toBe(true);
    const { mailer, sent } = fakeMailer();
    const publish = createPublishHandler({ ...base, store, mailer });
    const error = await publish({ month: '2026-10' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishBlockedError);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toContain('imp-42');
    expect((error as Error).message).toContain('2026-11-09T08:00:01Z');
    expect(sent).toEqual([]);
    expect(await store.sends('2026-10')).toEqual([]);
    await store.saveImport({ ...blocking, status: 'applied', finishedAt: '2026-11-09T08:00:05Z' });
    expect((await publish({ month: '2026-10' })).sent).toHaveLength(4);
  });

  it('is not held back by an import a crash left applying (no live lease): readers do not see it', async () => {
    const store = await seededStore();
    await store.createImport(importRecord({ id: 'imp-crashed', status: 'applying' }));
    expect(
      await takeApplyLease(store, 'imp-crashed', new Date(clock.now().getTime() - 5 * 60_000), 60_000),
    ).toBe(true);
    const { mailer } = fakeMailer();
    const publish = createPublishHandler({ ...base, store, mailer });
    expect((await publish({ month: '2026-10' })).sent).toHaveLength(4);
  });

  it('a month before the policy is refused', async () => {
    const store = await seededStore();
    const { mailer } = fakeMailer();
    await expect(createPublishHandler({ ...base, store, mailer })({ month: '2019-12' })).rejects.toThrow(
      ValidationError,
    );
  });
});
