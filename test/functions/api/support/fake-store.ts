/**
 * A small in-memory Store for the API's own tests (computes history and listings with the
 * domain's functions). H4's `functions/adapters/memory-store.ts` is the project's fake; this
 * one keeps the API tests independent of it.
 *
 * @module
 */
import { assignmentIn, changesOf, transfersOf } from '#domain/history';
import { monthRange } from '#domain/months';
import type {
  EnterpriseListItem,
  ImportRecord,
  MonthAssignment,
  Page,
  SendRecord,
  Store,
  StoredVersion,
  Transfer,
  UnitRole,
} from '#domain/ports';
import type { ContactRow, IndicatorRow, Month, RegisterRecord, TargetRow } from '#domain/types';
import type { UnitId } from '#domain/units';

const order = (importId: string) => ({ eventTime: '2026-11-01T00:00:00Z', sequencer: '01', importId });

export class FakeStore implements Store {
  readonly versions = new Map<string, StoredVersion[]>();
  readonly importRecords = new Map<string, ImportRecord>();
  readonly indicatorRows: IndicatorRow[] = [];
  readonly summaries = new Map<Month, { document: unknown; publishedAt: string }>();
  readonly sent: SendRecord[] = [];
  calls: string[] = [];

  putRecords(records: RegisterRecord[]): this {
    for (const record of records) {
      const list = (this.versions.get(record.key) ?? []).filter((v) => v.record.month !== record.month);
      list.push({ record, order: order('seed') });
      list.sort((a, b) => a.record.month.localeCompare(b.record.month));
      this.versions.set(record.key, list);
    }
    return this;
  }

  private records(key: string): RegisterRecord[] {
    return (this.versions.get(key) ?? []).map((v) => v.record);
  }

  private span(key: string): Month[] {
    const records = this.records(key);
    const first = records[0]?.month;
    const latest = this.latest();
    return first && latest ? monthRange(first < '2020-04' ? '2020-04' : first, latest) : [];
  }

  private latest(): Month | null {
    let max: Month | null = null;
    for (const list of this.versions.values())
      for (const v of list) if (!max || v.record.month > max) max = v.record.month;
    return max;
  }

  async createImport(record: ImportRecord) {
    if (this.importRecords.has(record.id)) return 'exists' as const;
    this.importRecords.set(record.id, record);
    return 'created' as const;
  }
  async getImport(id: string) {
    return this.importRecords.get(id) ?? null;
  }
  async saveImport(record: ImportRecord) {
    this.importRecords.set(record.id, record);
  }
  async listImports(options: {
    prefix?: string;
    cursor?: string | null;
    limit: number;
  }): Promise<Page<ImportRecord>> {
    const all = [...this.importRecords.values()]
      .filter((r) => !options.prefix || r.objectKey.startsWith(options.prefix))
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || a.id.localeCompare(b.id));
    return paged(all, options);
  }
  async unfinishedImport() {
    this.calls.push('unfinishedImport');
    return [...this.importRecords.values()].find((r) => r.status === 'applying') ?? null;
  }
  async getVersions(keys: readonly string[]) {
    this.calls.push('getVersions');
    const out = new Map<string, StoredVersion[]>();
    for (const key of keys) {
      const list = this.versions.get(key);
      if (list) out.set(key, list);
    }
    return out;
  }
  async latestMonth() {
    return this.latest();
  }
  async *allVersions() {
    for (const list of this.versions.values()) yield list;
  }
  async listByUnit(
    unit: UnitId,
    role: UnitRole,
    month: Month,
    options: { cursor?: string | null; limit: number },
  ): Promise<Page<EnterpriseListItem>> {
    const items: EnterpriseListItem[] = [];
    for (const key of [...this.versions.keys()].sort()) {
      const a = assignmentIn(this.records(key), month);
      if (a && a[role] === unit) items.push({ key, name: a.name, stage: a.stage, assignment: a });
    }
    return paged(items, options);
  }
  async assignmentHistory(key: string): Promise<MonthAssignment[]> {
    return changesOf(this.records(key), this.span(key));
  }
  async transfers(key: string): Promise<Transfer[]> {
    return transfersOf(this.records(key), this.span(key));
  }
  async search(query: string, options: { cursor?: string | null; limit: number }) {
    this.calls.push(`search:${query}`);
    const hits: { key: string; name: string }[] = [];
    for (const [key, list] of [...this.versions.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const name = list[list.length - 1]!.record.name;
      if (key === query.toUpperCase() || name.includes(query)) hits.push({ key, name });
    }
    return paged(hits, options);
  }
  async indicatorsByMonth(month: Month) {
    return this.indicatorRows.filter((r) => r.month === month);
  }
  async indicatorsByKey(key: string) {
    return this.indicatorRows.filter((r) => r.key === key);
  }
  async targets(_year: number): Promise<TargetRow[]> {
    return [];
  }
  async contacts(): Promise<ContactRow[]> {
    return [];
  }
  async sends(month: Month) {
    return this.sent.filter((s) => s.month === month);
  }
  async recordSend(send: SendRecord) {
    this.sent.push(send);
  }
  async saveSummary(month: Month, document: unknown, publishedAt: string) {
    this.summaries.set(month, { document, publishedAt });
  }
  async getSummary(month: Month) {
    return this.summaries.get(month) ?? null;
  }
}

function paged<T>(all: T[], options: { cursor?: string | null; limit: number }): Page<T> {
  const start = options.cursor ? Number(options.cursor) : 0;
  const items = all.slice(start, start + options.limit);
  const next = start + options.limit;
  return { items, cursor: next < all.length ? String(next) : null };
}
