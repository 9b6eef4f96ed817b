/**
 * The change an upload makes, before and after, as the uploader reads it: records new and
 * changed (each column as the template names it, old → new, values as the template writes
 * them), assignments that change and the 划转 they cause, figures set (old → new) and
 * withdrawn, targets and contacts changed, then how much of the upload changes nothing.
 *
 * Derived from the stored state the import plans against and the plan itself, so the change a
 * check shows is the change the import makes. Stored values appear only for records the
 * uploader may see (the API's rule: a unit sees what it holds, up to the last month it held
 * it); for others the old value reads 「（不可见）」. Pure: no I/O, no clock.
 *
 * @module
 */
import { rowEffects } from './figures.ts';
import { INDICATORS } from './indicators.ts';
import type { ImportPlan, StoredState } from './ingest.ts';
import { indicatorId, targetId } from './ingest.ts';
import { clauseLabel, STAGE_LABELS } from './labels.ts';
import { compareMonths, monthLabel, sortMonths } from './months.ts';
import { KEY_PROJECT_FORMS, MOVEMENT_FORMS, REGISTER_COLUMNS } from './registers/columns.ts';
import { withSubject } from './registers/text.ts';
import { historyOf, monthVisible, type RecordState, visibilityOf } from './timeline.ts';
import type { Assignment, ContactRow, Finding, Month, ParsedWorkbook, RegisterRecord } from './types.ts';
import { type TargetUnitId, type UnitId, unitName, zoneInfo } from './units.ts';

/** The old value of a record the uploader may not see. */
export const HIDDEN_VALUE = '（不可见）';
/** An empty cell, as the change list writes it. */
export const EMPTY_VALUE = '（空）';

/** One column of a record: old → new, as the template writes the values. */
export interface FieldChange {
  column: string;
  before: string;
  after: string;
}

/** A register record new or changed in one 报送月份. */
export interface RecordEntry {
  key: string;
  name: string;
  month: Month;
  kind: 'new' | 'changed';
  fields: FieldChange[];
}

/** A role of a record's assignment that changes from a month on. */
export interface AssignmentEntry {
  key: string;
  name: string;
  /** The first month of the new assignment. */
  month: Month;
  role: string;
  before: string;
  after: string;
  /** The deciding clause after the change, as people cite it. */
  clause: string;
}

/** A 划转 the upload causes (or undoes: `kind: 'removed'`). */
export interface TransferEntry {
  key: string;
  name: string;
  month: Month;
  from: string;
  to: string;
  clause: string;
  kind: 'added' | 'removed';
}

/**
 * One figure: set (old → new), withdrawn (`after` is 未报), or kept: the upload gives the cell
 * but a later upload (in upload order) set it, so the stored figure stays (`before`), `after`
 * is what this upload gave, and `by` says who set the kept figure.
 */
export interface FigureEntry {
  key: string;
  name: string;
  month: Month;
  indicator: string;
  before: string;
  after: string;
  kind: 'set' | 'withdrawn' | 'kept';
  /** kept: the unit whose later upload set the stored figure (as people name it). */
  by?: string;
}

export interface TargetEntry {
  unit: string;
  year: number;
  indicator: string;
  before: string;
  after: string;
  /** kept: a later upload set the target (`before` stays; `after` was given; `by` set it). */
  kind?: 'kept';
  by?: string;
}

export interface ContactEntry {
  unit: string;
  email: string;
  name: string;
  kind: 'added' | 'changed' | 'removed';
  before: string;
  after: string;
}

/** How much of the upload changes nothing. */
export interface UnchangedCounts {
  records: number;
  figures: number;
  targets: number;
  contacts: number;
}

export interface ChangeCounts {
  recordsNew: number;
  recordsChanged: number;
  assignments: number;
  transfers: number;
  figuresSet: number;
  figuresWithdrawn: number;
  /** Cells the upload gives that a later upload set: kept as stored. */
  figuresKept?: number;
  targets: number;
  contacts: number;
}

/** The change list of one upload. */
export interface ChangeList {
  records: RecordEntry[];
  assignments: AssignmentEntry[];
  transfers: TransferEntry[];
  figures: FigureEntry[];
  targets: TargetEntry[];
  contacts: ContactEntry[];
  unchanged: UnchangedCounts;
  counts: ChangeCounts;
  /** True when the lists hold only the first entries ({@link boundedChanges}); counts are whole. */
  truncated?: boolean;
}

// ───────────────────────────── values as the template writes them ─────────────────────────────

const HEADERS = new Map<string, string>(REGISTER_COLUMNS.map((c) => [c.field, c.header]));
/** The register fields a change names, in the template's order (报送月份 is the entry's month). */
const FIELDS = REGISTER_COLUMNS.map((c) => c.field as keyof RegisterRecord).filter((f) => f !== 'month');

function unitText(id: string | null): string {
  if (id == null) return EMPTY_VALUE;
  try {
    return unitName(id as TargetUnitId);
  } catch {
    return id;
  }
}

/** A register value as the template writes it. */
export function fieldText(field: keyof RegisterRecord, value: unknown): string {
  if (value == null || value === '') return EMPTY_VALUE;
  switch (field) {
    case 'stage':
      return STAGE_LABELS[value as RegisterRecord['stage']] ?? String(value);
    case 'recruiter':
    case 'street':
    case 'statStreet':
    case 'originStreet':
      return unitText(String(value));
    case 'zone':
      try {
        return zoneInfo(value as never).name;
      } catch {
        return String(value);
      }
    case 'keyProject':
      return KEY_PROJECT_FORMS[String(value)]?.[0] ?? String(value);
    case 'movement':
      return MOVEMENT_FORMS[value as 'expansion']?.[0] ?? String(value);
    case 'aboveScale':
      return value === true ? '是' : '否';
    default:
      return String(value);
  }
}

const INDICATOR_NAMES = new Map(INDICATORS.map((i) => [i.id, `${i.header}（${i.unit}）`]));

/** `营业收入（万元）` */
export function indicatorText(id: string): string {
  return INDICATOR_NAMES.get(id) ?? id;
}

/** A stored figure as written: the exact decimal; 未报 when none. */
export function figureText(value: string | null | undefined): string {
  return value == null ? '未报' : value;
}

// ───────────────────────────── who may see what ─────────────────────────────

/** True when the uploader may see the record's stored values (the API's not-found rule). */
export function mayView(uploader: UnitId, state: RecordState | null, month?: Month): boolean {
  if (uploader === 'bureau') return true;
  if (!state) return false;
  const history = historyOf(state);
  const latest = state.periods[state.periods.length - 1]?.assignment ?? null;
  const visibility = visibilityOf(uploader, history, latest);
  return month ? monthVisible(visibility, month) : visibility.kind !== 'none';
}

/**
 * Row findings of rows that give no name (an indicators sheet without 企业名称, a register sheet
 * without the 名称 column): named by the stored name, only where the uploader may see the
 * record (the API's not-found rule), with the code. Other findings unchanged.
 */
export function nameFindingsFromStore(
  workbook: Pick<ParsedWorkbook, 'register' | 'indicators'>,
  findings: readonly Finding[],
  records: ReadonlyMap<string, { state: RecordState }>,
  uploader: UnitId,
): Finding[] {
  const nameless = new Map<string, string>();
  for (const r of workbook.indicators) if (!r.name) nameless.set(`${r.sheet}\u0000${r.row}`, r.key);
  for (const r of workbook.register)
    if (!r.record.name) nameless.set(`${r.sheet}\u0000${r.row}`, r.record.key);
  if (nameless.size === 0) return [...findings];
  return findings.map((f) => {
    const key = f.sheet != null && f.row != null ? nameless.get(`${f.sheet}\u0000${f.row}`) : undefined;
    const head = key ? (records.get(key)?.state ?? null) : null;
    if (!key || !head?.name || !mayView(uploader, head)) return f;
    return { ...f, message: withSubject(f.message, head.name, key) };
  });
}

// ───────────────────────────── the change list ─────────────────────────────

/** What the change list is computed from. */
export interface ChangeInput {
  /** The workbook as judged (the rows the import plans from). */
  workbook: ParsedWorkbook;
  stored: StoredState;
  plan: ImportPlan;
  uploader: UnitId;
}

/** The change an import plan makes to the stored state, for the uploader. */
export function changeListOf(input: ChangeInput): ChangeList {
  const { stored, plan } = input;
  const names = nameLookup(input);
  const records = recordEntries(input, names);
  const { assignments, transfers } = assignmentEntries(input);
  const figures = figureEntries(input, names);
  const targets = targetEntries(input);
  const contacts = contactEntries(
    stored.contacts.map((c) => c.row),
    plan,
  );
  const changedKeys = new Set(records.map((r) => r.key));
  const registerKeys = new Set(input.workbook.register.map((r) => r.record.key));
  const givenFigures = input.workbook.indicators.reduce(
    (n, r) => n + Object.values(r.values).filter((v) => v != null).length,
    0,
  );
  const givenTargets = input.workbook.targets.reduce(
    (n, r) => n + Object.values(r.values).filter((v) => v != null).length,
    0,
  );
  const list: ChangeList = {
    records,
    assignments,
    transfers,
    figures,
    targets,
    contacts,
    unchanged: {
      records: [...registerKeys].filter((k) => !changedKeys.has(k)).length,
      figures: Math.max(0, givenFigures - figures.filter((f) => f.kind !== 'withdrawn').length),
      targets: Math.max(0, givenTargets - targets.length),
      contacts: Math.max(
        0,
        input.workbook.contacts.length - contacts.filter((c) => c.kind !== 'removed').length,
      ),
    },
    counts: {
      recordsNew: new Set(records.filter((r) => r.kind === 'new').map((r) => r.key)).size,
      recordsChanged: new Set(records.filter((r) => r.kind === 'changed').map((r) => r.key)).size,
      assignments: assignments.length,
      transfers: transfers.length,
      figuresSet: figures.filter((f) => f.kind === 'set').length,
      figuresWithdrawn: figures.filter((f) => f.kind === 'withdrawn').length,
      figuresKept: [...figures, ...targets].filter((f) => f.kind === 'kept').length,
      targets: targets.filter((t) => t.kind !== 'kept').length,
      contacts: contacts.length,
    },
  };
  return list;
}

/** A record's name as the uploader may read it: the workbook's, else the stored one if visible. */
function nameLookup(input: ChangeInput): (key: string) => string {
  const fromWorkbook = new Map<string, string>();
  for (const r of input.workbook.register) fromWorkbook.set(r.record.key, r.record.name);
  return (key) => {
    const given = fromWorkbook.get(key);
    if (given) return given;
    const head = input.stored.records.get(key)?.state ?? null;
    return head && mayView(input.uploader, head) ? head.name : key;
  };
}

/** The version a new or changed version is compared with: the same month's, else the latest earlier. */
function referenceVersion(versions: readonly RegisterRecord[], month: Month): RegisterRecord | null {
  let best: RegisterRecord | null = null;
  for (const v of versions)
    if (compareMonths(v.month, month) <= 0 && (!best || compareMonths(v.month, best.month) > 0)) best = v;
  return best;
}

function recordEntries(input: ChangeInput, names: (key: string) => string): RecordEntry[] {
  const out: RecordEntry[] = [];
  for (const version of input.plan.versions) {
    const before = input.stored.versions.get(version.key) ?? [];
    const head = input.stored.records.get(version.key)?.state ?? null;
    const reference = referenceVersion(before, version.month);
    const visible = mayView(input.uploader, head, reference?.month);
    const fields: FieldChange[] = [];
    for (const field of FIELDS) {
      const old = reference ? reference[field] : null;
      if (reference && JSON.stringify(old ?? null) === JSON.stringify(version[field] ?? null)) continue;
      if (!reference && (version[field] == null || version[field] === '')) continue;
      fields.push({
        column: HEADERS.get(field) ?? field,
        before: !reference ? EMPTY_VALUE : visible ? fieldText(field, old) : HIDDEN_VALUE,
        after: fieldText(field, version[field]),
      });
    }
    if (fields.length === 0) continue;
    out.push({
      key: version.key,
      name: version.name || names(version.key),
      month: version.month,
      kind: before.length === 0 ? 'new' : 'changed',
      fields,
    });
  }
  return out.sort((a, b) => (a.key + a.month < b.key + b.month ? -1 : 1));
}

const ROLES = ['service', 'indicators', 'lead', 'cooperating', 'safety'] as const;
const ROLE_NAMES: Readonly<Record<(typeof ROLES)[number], string>> = {
  service: '服务单位',
  indicators: '经济指标承担单位',
  lead: '牵头单位',
  cooperating: '配合街道',
  safety: '安全生产属地',
};

/** The assignment in force at month M by a history (each entry holds until the next). */
function assignmentAtHistory(state: RecordState | null, month: Month): Assignment | null {
  if (!state) return null;
  let found: Assignment | null = null;
  for (const p of state.periods) if (compareMonths(p.from, month) <= 0) found = p.assignment;
  return found;
}

function roleUnit(a: Assignment | null, role: (typeof ROLES)[number]): string | null {
  if (!a || a.status === 'inactive') return null;
  return (a[role] as string | null | undefined) ?? null;
}

function assignmentEntries(input: ChangeInput): {
  assignments: AssignmentEntry[];
  transfers: TransferEntry[];
} {
  const assignments: AssignmentEntry[] = [];
  const transfers: TransferEntry[] = [];
  for (const change of input.plan.records) {
    const { before, after } = change;
    const visible = mayView(input.uploader, before);
    // A new record's assignment is shown from its first 报送月份 (it is assessed back to the
    // first policy month, but nobody reads a new enterprise's 2020 assignment as a change).
    const first = before ? null : (after.months[0] ?? null);
    const months = sortMonths(
      new Set(
        [...(before?.periods ?? []), ...after.periods].map((p) =>
          first && compareMonths(p.from, first) < 0 ? first : p.from,
        ),
      ),
    );
    const last = new Map<string, string>();
    for (const month of months) {
      const a = assignmentAtHistory(before, month);
      const b = assignmentAtHistory(after, month);
      for (const role of ROLES) {
        const from = roleUnit(a, role);
        const to = roleUnit(b, role);
        const signature = `${from}>${to}`;
        if (from === to) {
          last.delete(role);
          continue;
        }
        if (last.get(role) === signature) continue;
        last.set(role, signature);
        assignments.push({
          key: after.key,
          name: after.name,
          month,
          role: ROLE_NAMES[role],
          before: visible || !before ? unitText(from) : HIDDEN_VALUE,
          after: unitText(to),
          clause: clauseLabel(b?.decidedBy ?? null),
        });
      }
    }
    const sig = (t: { month: string; from: string | null; to: string | null }) =>
      `${t.month}|${t.from}|${t.to}`;
    const old = new Set((before?.transfers ?? []).map(sig));
    const now = new Set(after.transfers.map(sig));
    for (const t of after.transfers)
      if (!old.has(sig(t)))
        transfers.push({
          key: after.key,
          name: after.name,
          month: t.month,
          from: unitText(t.from),
          to: unitText(t.to),
          clause: clauseLabel(t.clause),
          kind: 'added',
        });
    for (const t of before?.transfers ?? [])
      if (!now.has(sig(t)))
        transfers.push({
          key: after.key,
          name: after.name,
          month: t.month,
          from: visible ? unitText(t.from) : HIDDEN_VALUE,
          to: visible ? unitText(t.to) : HIDDEN_VALUE,
          clause: clauseLabel(t.clause),
          kind: 'removed',
        });
  }
  return { assignments, transfers };
}

function figureEntries(input: ChangeInput, names: (key: string) => string): FigureEntry[] {
  return [...setFigureEntries(input, names), ...keptFigureEntries(input, names)];
}

/**
 * The cells the upload gives that stay as a later upload set them (latest in upload order wins,
 * domain/figures.ts): each with the stored figure, the given one and who set the stored one.
 */
function keptFigureEntries(input: ChangeInput, names: (key: string) => string): FigureEntry[] {
  const own = input.plan.content.value.id;
  const after = new Map(input.plan.indicators.map((i) => [indicatorId(i.key, i.month), i.figures]));
  const seen = new Set<string>();
  const out: FigureEntry[] = [];
  for (const row of input.workbook.indicators) {
    const id = indicatorId(row.key, row.month);
    const figures = after.get(id) ?? input.stored.indicators.get(id)?.figures ?? {};
    const head = input.stored.records.get(row.key)?.state ?? null;
    const visible = mayView(input.uploader, head, row.month);
    for (const { indicator, given, cell } of keptCells(row, figures, own)) {
      if (seen.has(`${id}#${indicator}`)) continue;
      seen.add(`${id}#${indicator}`);
      const by = input.stored.uploaders?.get(cell.source);
      out.push({
        key: row.key,
        name: names(row.key),
        month: row.month,
        indicator: indicatorText(indicator),
        before: visible ? figureText(cell.value) : HIDDEN_VALUE,
        after: given == null ? '撤回' : figureText(given),
        kind: 'kept',
        by: !visible ? HIDDEN_VALUE : by ? unitText(by) : LATER_UPLOAD,
      });
    }
  }
  return out;
}

/** The cells a row gives that another content set and keeps (a later upload in upload order). */
function keptCells(
  row: Parameters<typeof rowEffects>[0],
  figures: Readonly<Record<string, { value: string | null; source: string }>>,
  own: string,
): { indicator: string; given: string | null; cell: { value: string | null; source: string } }[] {
  const out: { indicator: string; given: string | null; cell: { value: string | null; source: string } }[] =
    [];
  for (const [indicator, given] of rowEffects(row)) {
    const cell = figures[indicator];
    if (cell && cell.source !== own) out.push({ indicator, given, cell });
  }
  return out;
}

/** The targets the upload gives that a later upload set (the bureau's only; always visible to it). */
function keptTargetEntries(input: ChangeInput): TargetEntry[] {
  const own = input.plan.content.value.id;
  const after = new Map(input.plan.targets.map((t) => [targetId(t.year, t.unit), t.figures]));
  const out: TargetEntry[] = [];
  for (const row of input.workbook.targets) {
    const id = targetId(row.year, row.unit);
    const figures = after.get(id) ?? input.stored.targets.get(id)?.figures ?? {};
    for (const { indicator, given, cell } of keptCells(row, figures, own)) {
      const by = input.stored.uploaders?.get(cell.source);
      out.push({
        unit: unitText(row.unit),
        year: row.year,
        indicator: indicatorText(indicator),
        before: figureText(cell.value),
        after: given == null ? '撤回' : figureText(given),
        kind: 'kept',
        by: by ? unitText(by) : LATER_UPLOAD,
      });
    }
  }
  return out;
}

/** Who set a kept figure when the store does not say (stored before uploaders were kept). */
export const LATER_UPLOAD = '较晚的一次上传';

function setFigureEntries(input: ChangeInput, names: (key: string) => string): FigureEntry[] {
  const out: FigureEntry[] = [];
  for (const written of input.plan.indicators) {
    const { key, month } = written;
    const current = input.stored.indicators.get(indicatorId(key, month))?.figures ?? {};
    const head = input.stored.records.get(key)?.state ?? null;
    const visible = mayView(input.uploader, head, month);
    const ids = new Set([...Object.keys(current), ...Object.keys(written.figures)]);
    for (const id of INDICATORS.map((i) => i.id).filter((i) => ids.has(i))) {
      const old = current[id]?.value ?? null;
      const now = written.figures[id]?.value ?? null;
      if (old === now) continue;
      out.push({
        key,
        name: names(key),
        month,
        indicator: indicatorText(id),
        before: visible ? figureText(old) : HIDDEN_VALUE,
        after: figureText(now),
        kind: now == null ? 'withdrawn' : 'set',
      });
    }
  }
  return out;
}

function targetEntries(input: ChangeInput): TargetEntry[] {
  const out: TargetEntry[] = keptTargetEntries(input);
  for (const written of input.plan.targets) {
    const { unit, year } = written;
    const current = input.stored.targets.get(targetId(year, unit))?.figures ?? {};
    const ids = new Set([...Object.keys(current), ...Object.keys(written.figures)]);
    for (const id of INDICATORS.map((i) => i.id).filter((i) => ids.has(i))) {
      const old = current[id]?.value ?? null;
      const now = written.figures[id]?.value ?? null;
      if (old === now) continue;
      out.push({
        unit: unitText(unit),
        year,
        indicator: indicatorText(id),
        before: figureText(old),
        after: figureText(now),
      });
    }
  }
  return out;
}

function contactText(c: ContactRow | undefined): string {
  if (!c) return EMPTY_VALUE;
  return `${c.name}，${c.receives ? '接收月报' : '不接收月报'}`;
}

function contactEntries(stored: readonly ContactRow[], plan: ImportPlan): ContactEntry[] {
  const out: ContactEntry[] = [];
  const same = (a: ContactRow, b: ContactRow) =>
    a.unit === b.unit && a.email.toLowerCase() === b.email.toLowerCase();
  for (const { row } of plan.contacts.put) {
    const old = stored.find((c) => same(c, row));
    if (old && old.name === row.name && old.receives === row.receives && old.email === row.email) continue;
    out.push({
      unit: unitText(row.unit),
      email: row.email,
      name: row.name,
      kind: old ? 'changed' : 'added',
      before: contactText(old),
      after: contactText(row),
    });
  }
  for (const row of plan.contacts.remove)
    out.push({
      unit: unitText(row.unit),
      email: row.email,
      name: row.name,
      kind: 'removed',
      before: contactText(row),
      after: EMPTY_VALUE,
    });
  return out;
}

// ───────────────────────────── bounded, for the import record ─────────────────────────────

/** How many entries of each list the import record keeps (the S3 report keeps all). */
export const RECORD_ENTRIES = 20;

/** The change list with only the first entries of each list (the counts stay whole). */
export function boundedChanges(list: ChangeList, limit = RECORD_ENTRIES): ChangeList {
  const cut = <T>(xs: T[]) => xs.slice(0, limit);
  const truncated =
    list.records.length > limit ||
    list.assignments.length > limit ||
    list.transfers.length > limit ||
    list.figures.length > limit ||
    list.targets.length > limit ||
    list.contacts.length > limit;
  return {
    records: cut(list.records),
    assignments: cut(list.assignments),
    transfers: cut(list.transfers),
    figures: cut(list.figures),
    targets: cut(list.targets),
    contacts: cut(list.contacts),
    unchanged: list.unchanged,
    counts: list.counts,
    ...(truncated ? { truncated: true } : {}),
  };
}

/** True when the upload changes nothing. */
export function isNoChange(list: ChangeList): boolean {
  const c = list.counts;
  return (
    c.recordsNew +
      c.recordsChanged +
      c.assignments +
      c.transfers +
      c.figuresSet +
      c.figuresWithdrawn +
      c.targets +
      c.contacts ===
    0
  );
}

/** The change in one line: `新增企业 3 家，修改 2 家；…；其余 40 行无变化。` */
export function changeHeadline(list: ChangeList): string {
  const c = list.counts;
  if (isNoChange(list)) return '本次上传不改变任何已存数据。';
  const parts: string[] = [];
  if (c.recordsNew > 0) parts.push(`新增企业（项目）${c.recordsNew} 家`);
  if (c.recordsChanged > 0) parts.push(`修改企业（项目）${c.recordsChanged} 家`);
  if (c.assignments > 0) parts.push(`归属变化 ${c.assignments} 项`);
  if (c.transfers > 0) parts.push(`引起划转 ${c.transfers} 项`);
  if (c.figuresSet > 0) parts.push(`设置指标 ${c.figuresSet} 个`);
  if (c.figuresWithdrawn > 0) parts.push(`撤回指标 ${c.figuresWithdrawn} 个`);
  if ((c.figuresKept ?? 0) > 0) parts.push(`保留较晚上传的指标 ${c.figuresKept} 个`);
  if (c.targets > 0) parts.push(`修改年度目标 ${c.targets} 个`);
  if (c.contacts > 0) parts.push(`联系人变化 ${c.contacts} 人`);
  const u = list.unchanged;
  const same: string[] = [];
  if (u.records > 0) same.push(`企业（项目）${u.records} 家`);
  if (u.figures > 0) same.push(`指标 ${u.figures} 个`);
  if (u.targets > 0) same.push(`目标 ${u.targets} 个`);
  if (u.contacts > 0) same.push(`联系人 ${u.contacts} 人`);
  return `${parts.join('，')}${same.length > 0 ? `；无变化：${same.join('、')}` : ''}。`;
}

/** A figure entry as one line a person reads (the CLI, the console's and the report's 说明). */
export function figureLine(f: FigureEntry): string {
  const where = `${f.name}（${f.key}）${monthLabel(f.month)} ${f.indicator}`;
  if (f.kind === 'kept')
    return `保留 ${where}：${f.before}（${f.by} 设置，上传顺序在后），本次填写的 ${f.after} 不采用`;
  return `${f.kind === 'withdrawn' ? '撤回' : '指标'} ${where}：${f.before} → ${f.after}`;
}

/** The change list as lines a person reads (the CLI; the report workbook's 变化 sheet uses the entries). */
export function changeLines(list: ChangeList): string[] {
  const lines = [`变化：${changeHeadline(list)}`];
  for (const r of list.records)
    lines.push(
      `  ${r.kind === 'new' ? '新增' : '修改'} ${r.name}（${r.key}，${monthLabel(r.month)}）：${r.fields
        .map((f) => `${f.column} ${f.before} → ${f.after}`)
        .join('；')}`,
    );
  for (const a of list.assignments)
    lines.push(
      `  归属 ${a.name}（${a.key}）自${monthLabel(a.month)}：${a.role} ${a.before} → ${a.after}（依据 ${a.clause}）`,
    );
  for (const t of list.transfers)
    lines.push(
      `  ${t.kind === 'added' ? '划转' : '不再划转'} ${t.name}（${t.key}）${monthLabel(t.month)}：${t.from} → ${t.to}（依据 ${t.clause}）`,
    );
  for (const f of list.figures) lines.push(`  ${figureLine(f)}`);
  for (const t of list.targets)
    lines.push(
      t.kind === 'kept'
        ? `  保留 目标 ${t.unit} ${t.year} 年 ${t.indicator}：${t.before}（${t.by} 设置，上传顺序在后），本次填写的 ${t.after} 不采用`
        : `  目标 ${t.unit} ${t.year} 年 ${t.indicator}：${t.before} → ${t.after}`,
    );
  for (const c of list.contacts)
    lines.push(
      `  联系人 ${c.unit} ${c.name}（${c.email}）：${c.kind === 'added' ? '新增' : c.kind === 'removed' ? '删除' : '修改'}，${c.before} → ${c.after}`,
    );
  if (list.truncated) lines.push('  （只列出每类的前若干项；完整清单见导入报告）');
  return lines;
}
