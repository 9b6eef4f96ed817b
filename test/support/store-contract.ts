/**
 * The store's contract as tests: the same cases run against the in-memory store and the
 * DynamoDB store on dynalite, so the two cannot drift.
 *
 * @module
 */
import { describe, expect, it } from 'vitest';
import { columnMappingsOf } from '#adapters/column-mapping-items';
import { type ItemStore, isProjected } from '#adapters/dynamodb-items';
import { makeMonth } from '#domain/months';
import type { ImportRecord, SendClaim } from '#domain/ports';
import { releaseApplyLease } from '#functions/ingest/lease';
import {
  claimSend,
  completeSendClaim,
  releaseSendClaim,
  SEND_CLAIM_TTL_MS,
} from '#functions/publish/send-claims';
import { r } from '../cases/record.ts';
import { takeApplyLease } from './claims.ts';

export function importRecord(overrides: Partial<ImportRecord> = {}): ImportRecord {
  return {
    id: 'imp-1',
    bucket: 'b',
    objectKey: 'uploads/changqing/2026-10-台账.xlsx',
    versionId: null,
    sequencer: '01',
    eventTime: '2026-10-05T01:00:00.000Z',
    contentHash: null,
    status: 'received',
    unit: 'changqing',
    registerMonth: null,
    counts: {
      registerRows: 0,
      indicatorRows: 0,
      targetRows: 0,
      contactRows: 0,
      errors: 0,
      warnings: 0,
      itemsWritten: 0,
    },
    findings: [],
    sheets: [],
    startedAt: '2026-10-05T01:00:01.000Z',
    finishedAt: null,
    ...overrides,
  };
}

/** Records for the contract: a project that hands over on completion, a local enterprise, an inactive one. */
export const records = [
  r({
    key: 'P1',
    uscc: null,
    projectCode: 'P1',
    name: '径河智能装备项目',
    recruiter: 'shipin',
    street: 'jinghe',
    stage: 'signed',
    month: '2026-03',
  }),
  r({
    key: 'P1',
    uscc: null,
    projectCode: 'P1',
    name: '径河智能装备项目',
    recruiter: 'shipin',
    street: 'jinghe',
    stage: 'building',
    month: '2026-06',
  }),
  r({
    key: 'P1',
    uscc: null,
    projectCode: 'P1',
    name: '径河智能装备项目',
    recruiter: 'shipin',
    street: 'jinghe',
    stage: 'built',
    completedOn: '2026-09-15',
    month: '2026-10',
  }),
  r({ key: '91420112MA0000001A', name: '金银湖食品有限公司', street: 'jinyinhu', month: '2026-10' }),
  r({
    key: '91420112MA0000002B',
    name: '长青物流有限公司',
    street: 'changqing',
    stage: 'inactive',
    month: '2026-10',
  }),
];

export function storeContract(name: string, make: () => Promise<ItemStore>): void {
  describe(`${name}: store contract`, () => {
    it('creates an import once, lists it newest first, and shows the applying one as unfinished', async () => {
      const store = await make();
      expect(await store.createImport(importRecord())).toBe('created');
      expect(await store.createImport(importRecord({ status: 'applied' }))).toBe('exists');
      expect((await store.getImport('imp-1'))?.status).toBe('received');
      expect(await store.unfinishedImport()).toBeNull();
      await store.saveImport(importRecord({ status: 'applying' }));
      expect((await store.unfinishedImport())?.id).toBe('imp-1');
      await store.createImport(
        importRecord({
          id: 'imp-2',
          objectKey: 'uploads/jinghe/a.xlsx',
          startedAt: '2026-10-06T00:00:00.000Z',
        }),
      );
      const all = await store.listImports({ limit: 10 });
      expect(all.items.map((i) => i.id)).toEqual(['imp-2', 'imp-1']);
      const first = await store.listImports({ limit: 1 });
      expect(first.items.map((i) => i.id)).toEqual(['imp-2']);
      const second = await store.listImports({ limit: 1, cursor: first.cursor });
      expect(second.items.map((i) => i.id)).toEqual(['imp-1']);
      expect(
        (await store.listImports({ limit: 10, prefix: 'uploads/changqing/' })).items.map((i) => i.id),
      ).toEqual(['imp-1']);
      await store.saveImport(importRecord({ status: 'applied' }));
      expect(await store.unfinishedImport()).toBeNull();
    });

    it('stores versions, periods, transfers, the unit lists and the name index', async () => {
      const store = await make();
      await store.seed({ register: records }, { eventTime: '2026-10-05T00:00:00.000Z' });
      expect(await store.latestMonth()).toBe('2026-10');
      const versions = await store.getVersions(['P1', 'nope']);
      expect(versions.get('P1')?.map((v) => v.record.month)).toEqual(['2026-03', '2026-06', '2026-10']);
      expect(versions.has('nope')).toBe(false);
      // 食品 project outside its cluster: shipin leads until completion, jinghe after.
      const before = await store.listByUnit('shipin', 'indicators', '2026-08', { limit: 10 });
      expect(before.items.map((i) => i.key)).toEqual(['P1']);
      const after = await store.listByUnit('shipin', 'indicators', '2026-10', { limit: 10 });
      expect(after.items).toEqual([]);
      const jinghe = await store.listByUnit('jinghe', 'indicators', '2026-10', { limit: 10 });
      expect(jinghe.items.map((i) => [i.key, i.stage])).toEqual([['P1', 'built']]);
      expect(await store.transfers('P1')).toEqual([
        { key: 'P1', month: '2026-10', from: 'shipin', to: 'jinghe', clause: '3.1.transferred' },
      ]);
      const history = await store.assignmentHistory('P1');
      expect(history[0]?.month).toBe('2020-04');
      expect(history.at(-1)?.month).toBe('2026-10');
      // the inactive record serves no one.
      expect((await store.listByUnit('changqing', 'safety', '2026-10', { limit: 10 })).items).toEqual([]);
      // search by fragment and by key
      expect((await store.search('食品', { limit: 10 })).items).toEqual([
        { key: '91420112MA0000001A', name: '金银湖食品有限公司' },
      ]);
      expect((await store.search('有限公司', { limit: 10 })).items.map((i) => i.key).sort()).toEqual([
        '91420112MA0000001A',
        '91420112MA0000002B',
      ]);
      expect((await store.search('91420112ma0000002b', { limit: 10 })).items.map((i) => i.key)).toEqual([
        '91420112MA0000002B',
      ]);
      expect((await store.search('食', { limit: 10 })).items).toEqual([]);
      const page1 = await store.search('有限', { limit: 1 });
      const page2 = await store.search('有限', { limit: 1, cursor: page1.cursor });
      expect(page1.items.length + page2.items.length).toBe(2);
      expect(page2.cursor).toBeNull();
      const all: string[] = [];
      for await (const group of store.allVersions()) all.push(`${group[0]?.record.key}:${group.length}`);
      expect(all.sort()).toEqual(['91420112MA0000001A:1', '91420112MA0000002B:1', 'P1:3']);
    });

    it('pages a unit list by key', async () => {
      const store = await make();
      const many = Array.from({ length: 7 }, (_, i) =>
        r({ key: `K${i}`, name: `企业${i}号有限公司`, street: 'jinyinhu', month: '2026-10' }),
      );
      await store.seed({ register: many });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await store.listByUnit('jinyinhu', 'service', '2026-10', { limit: 3, cursor });
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((i) => i.key));
        cursor = page.cursor;
      } while (cursor);
      expect(seen).toEqual(['K0', 'K1', 'K2', 'K3', 'K4', 'K5', 'K6']);
    });

    it('stores indicators by month and key, targets, contacts, summaries and sends', async () => {
      const store = await make();
      await store.seed({
        register: records,
        indicators: [
          { key: 'P1', month: '2026-10', values: { revenue: '12.5', tax: null } },
          { key: '91420112MA0000001A', month: '2026-10', values: { revenue: '1' } },
          { key: 'P1', month: '2026-09', values: { revenue: '3' } },
        ],
        targets: [{ unit: 'jinghe', year: 2026, values: { revenue: '100' } }],
        contacts: [{ unit: 'jinghe', name: '张三', email: 'a@example.cn', receives: true }],
      });
      expect((await store.indicatorsByMonth('2026-10')).map((i) => i.key)).toEqual([
        '91420112MA0000001A',
        'P1',
      ]);
      expect((await store.indicatorsByKey('P1')).map((i) => i.month)).toEqual(['2026-09', '2026-10']);
      expect(await store.targets(2026)).toEqual([{ unit: 'jinghe', year: 2026, values: { revenue: '100' } }]);
      expect(await store.targets(2025)).toEqual([]);
      expect(await store.contacts()).toEqual([
        { unit: 'jinghe', name: '张三', email: 'a@example.cn', receives: true },
      ]);
      await store.saveSummary('2026-10', { month: '2026-10', units: [] }, '2026-11-01T00:00:00.000Z');
      expect(await store.getSummary('2026-10')).toEqual({
        document: { month: '2026-10', units: [] },
        publishedAt: '2026-11-01T00:00:00.000Z',
      });
      expect(await store.getSummary('2026-09')).toBeNull();
      const send = {
        month: '2026-10' as const,
        unit: 'jinghe' as const,
        recipients: ['a@example.cn'],
        messageId: 'm1',
        sentAt: 'x',
      };
      await store.recordSend(send);
      expect(await store.sends('2026-10')).toEqual([send]);
    });

    it('reads one unit’s published row apart from the document; a month published before the rows were stored apart from the document', async () => {
      const store = await make();
      const document = {
        month: '2026-10',
        units: [
          { unit: 'jinghe', served: 2 },
          { unit: 'changqing', served: 1 },
        ],
        total: { served: 3 },
      };
      expect(await store.publishedRow('2026-10', 'jinghe')).toBeNull();
      await store.saveSummary('2026-10', document, '2026-11-10T01:00:00.000Z');
      expect(await store.publishedRow('2026-10', 'jinghe')).toEqual({
        row: { unit: 'jinghe', served: 2 },
        publishedAt: '2026-11-10T01:00:00.000Z',
      });
      expect((await store.publishedRow('2026-10', 'district'))?.row).toEqual({ served: 3 });
      expect(await store.publishedRow('2026-10', 'wujiashan')).toBeNull();
      // Before: the whole document only, beside the publication record.
      await store.table.putIf(
        {
          pk: 'S#2026-09',
          sk: 'SUMMARY',
          type: 'summary',
          document: JSON.stringify({ ...document, month: '2026-09' }),
          publishedAt: 'p',
        },
        { kind: 'always' },
      );
      expect(await store.publishedRow('2026-09', 'changqing')).toBeNull();
      await store.savePublication({
        month: '2026-09',
        status: 'published',
        run: 'r',
        startedAt: 'p',
        publishedAt: 'p',
        units: [],
      });
      expect(await store.publishedRow('2026-09', 'changqing')).toEqual({
        row: { unit: 'changqing', served: 1 },
        publishedAt: 'p',
      });
      expect(await store.publishedRow('2026-09', 'wujiashan')).toEqual({ row: null, publishedAt: 'p' });
    });

    it('lets one import at a time hold the apply lease', async () => {
      const store = await make();
      // Holders are running imports (a lease whose holder's import is not running is taken over).
      for (const id of ['a', 'b', 'c']) await store.createImport(importRecord({ id, status: 'applying' }));
      const t0 = new Date('2026-10-20T00:00:00.000Z');
      const later = (ms: number) => new Date(t0.getTime() + ms);
      expect(await takeApplyLease(store, 'a', t0, 1000)).toBe(true);
      expect(await takeApplyLease(store, 'b', later(10), 1000)).toBe(false);
      expect(await takeApplyLease(store, 'a', later(20), 1000)).toBe(true);
      expect(await takeApplyLease(store, 'b', later(2000), 1000)).toBe(true); // a's lease expired
      await releaseApplyLease(store, 'a'); // not a's any more: no effect
      expect(await takeApplyLease(store, 'c', later(2100), 1000)).toBe(false);
      await releaseApplyLease(store, 'b');
      expect(await takeApplyLease(store, 'c', later(2200), 1000)).toBe(true);
      // c's import is no longer running: its lease, not expired, is taken over at once.
      await store.saveImport(importRecord({ id: 'c', status: 'failed' }));
      expect(await takeApplyLease(store, 'a', later(2300), 1000)).toBe(true);
      expect(await takeApplyLease(store, 'b', later(2400), 1000)).toBe(false);
    });

    it('lists the imports to resume: applying ones and failed ones marked for retry, in upload order', async () => {
      const store = await make();
      await store.createImport(
        importRecord({ id: 'x', status: 'failed', retry: true, eventTime: '2026-10-05T03:00:00.000Z' }),
      );
      await store.createImport(
        importRecord({ id: 'y', status: 'applying', eventTime: '2026-10-05T02:00:00.000Z' }),
      );
      await store.createImport(importRecord({ id: 'z', status: 'failed', retry: false }));
      expect((await store.importsToResume()).map((i) => i.id)).toEqual(['y', 'x']);
    });

    it('pending hint: a crash between the hint and the record leaves an id too many, never too few; the sweep drops it after the grace', async () => {
      const store = await make();
      // The hint says imp-1 may be applying, its record does not (a crash between the writes).
      await store.createImport(importRecord({ status: 'applying' }));
      await store.table.putIf(
        { pk: 'IMP#imp-1', sk: 'IMP', type: 'import', record: importRecord({ status: 'failed' }) },
        { kind: 'always' },
      );
      expect(await store.unfinishedImport()).toBeNull();
      expect(await store.importsToResume()).toEqual([]);
      const hint = async () =>
        JSON.parse(String((await store.table.get({ pk: 'IMP#PENDING', sk: 'HINT' }))?.marks));
      expect(Object.keys(await hint())).toEqual(['imp-1']); // within the grace: kept
      await store.table.putIf(
        {
          pk: 'IMP#PENDING',
          sk: 'HINT',
          type: 'pending-hint',
          marks: JSON.stringify({ 'imp-1': '2026-01-01T00:00:00.000Z' }),
        },
        { kind: 'always' },
      );
      await store.saveImport(importRecord({ id: 'imp-2', status: 'applying' }));
      expect((await store.importsToResume()).map((i) => i.id)).toEqual(['imp-2']);
      expect(Object.keys(await hint())).toEqual(['imp-2']);
      expect((await store.unfinishedImport())?.id).toBe('imp-2');
      await store.saveImport(importRecord({ id: 'imp-2', status: 'applied' }));
      expect(await hint()).toEqual({});
      expect(await store.unfinishedImport()).toBeNull();
    });

    it('keeps every due change when imports mark and clear them at once', async () => {
      const store = await make();
      const change = (n: number) => ({
        register: false,
        indicatorMonths: [makeMonth(2026, n)],
        targetYears: [],
      });
      await Promise.all([1, 2, 3, 4, 5, 6].map((n) => store.markSummariesDue(`imp-${n}`, change(n))));
      await Promise.all([
        store.clearSummariesDue(['imp-2', 'imp-5']),
        store.markSummariesDue('imp-7', change(7)),
      ]);
      const due = await store.summariesDue();
      expect(due.map((d) => d.importId).sort()).toEqual(['imp-1', 'imp-3', 'imp-4', 'imp-6', 'imp-7']);
      expect(due.find((d) => d.importId === 'imp-3')?.change).toEqual(change(3));
    });

    // ── publication record and send claims (functions/publish/send-claims.ts) ──
    it('claims a unit’s email for one run at a time; a sent claim is never taken again but by force', async () => {
      const store = await make();
      const t0 = new Date('2026-11-10T01:00:00.000Z');
      const at = (ms: number) => ({ store, clock: { now: () => new Date(t0.getTime() + ms) } });
      const a = { month: '2026-10', unit: 'changqing', run: 'run-a' } as const;
      const b = { ...a, run: 'run-b' };
      const claim = (ms: number, c: SendClaim, force = false) => claimSend(at(ms), c, force);
      expect(await claim(0, a)).toBe(true);
      expect(await claim(10, b)).toBe(false); // held by a
      expect(await claim(10, { ...b, unit: 'jinghe' })).toBe(true); // another unit
      expect(await claim(20, a)).toBe(true); // a again
      expect(await claim(SEND_CLAIM_TTL_MS + 2000, b)).toBe(true); // a is gone: expired
      await releaseSendClaim(at(0), a); // not a's any more: no effect
      expect(await claim(SEND_CLAIM_TTL_MS + 2100, a)).toBe(false);
      await releaseSendClaim(at(0), b);
      expect(await claim(SEND_CLAIM_TTL_MS + 2200, a)).toBe(true); // released
      await completeSendClaim(at(0), a);
      expect(await claim(10 ** 9, b)).toBe(false); // sent: never expires
      expect(await claim(10 ** 9, a)).toBe(false); // not even for a
      expect(await claim(10 ** 9, b, true)).toBe(true); // force
      expect(await store.sends('2026-10')).toEqual([]); // claims are not sends
    });

    it('claims and records a unit’s reminder apart from its monthly summary', async () => {
      const store = await make();
      const deps = { store, clock: { now: () => new Date('2026-11-01T01:00:00.000Z') } };
      const summary = { month: '2026-10', unit: 'changqing', run: 'run-a' } as const;
      const reminder = { ...summary, kind: 'reminder' } as const;
      expect(await claimSend(deps, reminder)).toBe(true);
      await completeSendClaim(deps, reminder);
      expect(await claimSend(deps, { ...reminder, run: 'run-b' })).toBe(false); // reminded
      expect(await claimSend(deps, summary)).toBe(true); // the summary is another e-mail
      const send = {
        month: '2026-10' as const,
        unit: 'changqing' as const,
        recipients: ['a@example.cn'],
        messageId: 'r1',
        sentAt: 'x',
      };
      await store.recordReminder(send);
      expect(await store.reminders('2026-10')).toEqual([send]);
      expect(await store.sends('2026-10')).toEqual([]); // reminders are not the summary's sends
    });

    it('stores the publication record', async () => {
      const store = await make();
      expect(await store.getPublication('2026-10')).toBeNull();
      const record = {
        month: '2026-10',
        status: 'sending',
        run: 'run-a',
        startedAt: '2026-11-10T01:00:00.000Z',
        publishedAt: null,
        units: ['changqing', 'bureau'],
      } as const;
      await store.savePublication({ ...record, units: [...record.units] });
      expect(await store.getPublication('2026-10')).toEqual(record);
      expect(await store.getSummary('2026-10')).toBeNull();
    });

    it('writes nothing when the same data is seeded again', async () => {
      const store = await make();
      await store.seed({
        register: records,
        indicators: [{ key: 'P1', month: '2026-10', values: { revenue: '1' } }],
      });
      const again = await store.seed({
        register: records,
        indicators: [{ key: 'P1', month: '2026-10', values: { revenue: '1' } }],
      });
      expect(again).toBe(0);
    });

    it('keeps column mappings per unit: an upsert by kind and normalised header, a removal, none for another unit', async () => {
      const store = await make();
      const port = columnMappingsOf(store)!;
      const saved = { savedAt: '2026-11-05T00:00:00.000Z', savedBy: 'local:changqing' };
      await port.save('changqing', {
        kind: 'register',
        header: '企业地址（街道）',
        column: '所在街道',
        ...saved,
      });
      await port.save('changqing', {
        kind: 'register',
        header: '企业地址 (街道)',
        column: '原所在街道',
        ...saved,
      });
      await port.save('changqing', { kind: 'indicators', header: '营收/本月', column: '营业收入', ...saved });
      expect((await port.list('changqing')).map((m) => [m.kind, m.header, m.column])).toEqual([
        ['indicators', '营收/本月', '营业收入'],
        ['register', '企业地址 (街道)', '原所在街道'],
      ]);
      expect(await port.list('jinghe')).toEqual([]);
      expect(await port.remove('jinghe', 'register', '企业地址（街道）')).toBe(false);
      expect(await port.remove('changqing', 'register', '企业地址（街道）')).toBe(true);
      expect((await port.list('changqing')).map((m) => m.header)).toEqual(['营收/本月']);
      // never part of the projection: the rebuild's whole-table comparison leaves them alone
      const items = (await store.table.scan(null)).items.filter((i) => i.pk === 'MAP#changqing');
      expect(items.length).toBe(1);
      expect(items.some(isProjected)).toBe(false);
    });
  });
}
