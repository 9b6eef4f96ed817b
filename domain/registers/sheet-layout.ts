/**
 * A sheet's kind and its bound columns (docs/registers.md): the header
 * placed by {@link placeHeader}, the kind by the headers (the sheet name breaks ties), each
 * column bound to what its (group + sub-)header says. A value column is taken only for what
 * its header says: 本月 is the month's value, 本年累计 is never one, 上年同期 and 同比 are
 * ignored; two or more value columns for one indicator of which not exactly one is 本月 is an
 * error naming them.
 *
 * @module
 */
import type { Finding, Severity, SheetGrid, SheetKind } from '../types.ts';
import {
  type ColumnDef,
  type HeaderForm,
  matchHeader,
  normalizeHeader,
  READ_AS_NOTES,
  SHEET_KIND_NAMES,
  SHEET_KINDS,
  SHEET_NAME_WORDS,
} from './columns.ts';
import {
  HEADER_SEARCH_ROWS,
  type HeadColumn,
  type HeaderPlacement,
  isIgnoredHeader,
  NOTE_HEADERS,
  placeHeader,
} from './layout.ts';
import {
  type ColumnMapping,
  type MappingIndex,
  mappingChoices,
  mappingOrigin,
  type UnknownHeader,
} from './mapping.ts';
import {
  type NamedMonth,
  namedMonthOf,
  PERIOD_NAMES,
  type Period,
  periodOf,
  periodOfNamed,
  splitPeriod,
} from './periods.ts';
import type { OwnMonth } from './sheet-month.ts';
import { nearestColumns, rankedColumns } from './suggest.ts';
import { columnLetter, compact, isBlankRow } from './text.ts';
import { amountShift, parseMonthCell } from './values.ts';

/** Sheets of instructions (the template's 填报说明): skipped without a finding. */
export const INSTRUCTION_SHEETS: ReadonlySet<string> = new Set(['填报说明']);

/** One bound column of a sheet: its index, what it is, and how findings name it. */
export interface Binding {
  readonly index: number;
  readonly column: ColumnDef;
  /** The unit written in the header's brackets (or with its sub-header, or above the table), or null. */
  readonly unit: string | null;
  /** The header as written (`营业收入/本月` for a two-level header): messages quote it. */
  readonly written: string;
  /** `F 所在街道`: letter and header as written. */
  readonly label: string;
  readonly period: Period | null;
  /** The month its header names by number (10月, 1-10月, 上月), or null. */
  readonly named?: NamedMonth | null;
}

export interface Layout {
  readonly kind: SheetKind;
  /** 0-based index of the (top) header row. */
  readonly headerRow: number;
  /** 0-based index of the first row after the header (after the sub-header, when there is one). */
  readonly dataStart: number;
  /** The columns read: an indicator's month column only (its 本年累计 columns are in `ytd`). */
  readonly bindings: readonly Binding[];
  readonly byField: ReadonlyMap<string, Binding>;
  /** 本年累计 columns of indicators, each compared, never stored. */
  readonly ytd: readonly Binding[];
  readonly placement: HeaderPlacement | null;
}

export type AddFinding = (
  code: string,
  severity: Severity,
  sheet: string | null,
  row: number | null,
  column: string | null,
  value: string | null,
  message: string,
) => void;

/** A header's column in a kind: the header itself, or an indicator with its period in its text. */
function matchColumn(
  form: HeaderForm,
  kind: SheetKind,
): { column: ColumnDef; unit: string | null; period: Period | null; named?: NamedMonth | null } | undefined {
  // 营业收入（10月）: the brackets name a month by its number.
  const bracketNamed = form.unit != null && form.base != null ? namedMonthOf(form.unit) : null;
  if (bracketNamed && form.base != null) {
    const inner = matchHeader(normalizeHeader(form.base), kind);
    if (inner?.column.indicator)
      return {
        column: inner.column,
        unit: inner.unit,
        period: provisional(bracketNamed),
        named: bracketNamed,
      };
  }
  // 营业收入（本月）: the brackets hold the period, not a unit.
  const bracketPeriod = form.unit != null && form.base != null ? periodOf(form.unit) : null;
  if (bracketPeriod && form.base != null) {
    const inner = matchHeader(normalizeHeader(form.base), kind);
    if (inner?.column.indicator) return { column: inner.column, unit: inner.unit, period: bracketPeriod };
  }
  const m = matchHeader(form, kind);
  if (m) return { ...m, period: null };
  const split = splitPeriod(form.base ?? form.whole);
  if (!split) return undefined;
  const inner = matchHeader(normalizeHeader(split.base), kind);
  if (!inner?.column.indicator) return undefined;
  return { column: inner.column, unit: form.base != null ? form.unit : inner.unit, period: split.period };
}

/** The period a named month stands for until the sheet's month decides it. */
function provisional(named: NamedMonth): Period {
  return named.kind === 'single' ? 'month' : named.kind === 'span' ? 'ytd' : 'lastYear';
}

/** What a sheet is read with beyond its cells: the unit's column mappings, and where unknown headers go. */
export interface Reading {
  readonly mappings?: MappingIndex;
  /** Collects every header no column of the sheet's kind matched (the console offers a mapping). */
  readonly unknown?: UnknownHeader[];
}

/**
 * The text a column is matched by in a kind: its own, or — when a mapping of the kind names it
 * and the rules do not know it — the mapped template header. The rules win.
 */
function mappedColumn(
  col: HeadColumn,
  kind: SheetKind,
  reading: Reading,
): { text: string; mapping: ColumnMapping | null; unused: ColumnMapping | null } {
  const found = reading.mappings?.find(kind, col.written, col.text);
  if (!found) return { text: col.text, mapping: null, unused: null };
  if (matchColumn(normalizeHeader(col.text), kind))
    return { text: col.text, mapping: null, unused: found.mapping };
  return { text: found.text, mapping: found.mapping, unused: null };
}

function fieldsOf(columns: readonly HeadColumn[], kind: SheetKind, reading: Reading = {}): Set<string> {
  const fields = new Set<string>();
  for (const c of columns) {
    const m = matchColumn(normalizeHeader(mappedColumn(c, kind, reading).text), kind);
    if (m) fields.add(m.column.field);
  }
  return fields;
}

/** The kinds with the most known headers among a header's columns (at least two), in kind order. */
function likelyKinds(columns: readonly HeadColumn[], reading: Reading): SheetKind[] {
  const counts = SHEET_KINDS.map((kind) => ({ kind, n: fieldsOf(columns, kind, reading).size }));
  const best = Math.max(...counts.map((c) => c.n));
  return best < 2 ? [] : counts.filter((c) => c.n === best).map((c) => c.kind);
}

/** An unknown header as the console offers it: the template columns nearest first, and all of them. */
function unknownHeader(sheet: string, kind: SheetKind, col: HeadColumn): UnknownHeader {
  return {
    sheet,
    kind,
    header: col.written,
    label: `${columnLetter(col.index)} ${col.written}`,
    nearest: rankedColumns(col.text, kind),
    choices: mappingChoices(kind),
  };
}

function hasIndicator(fields: ReadonlySet<string>): boolean {
  for (const f of fields) if (f.startsWith('indicator:')) return true;
  return false;
}

/**
 * The kinds whose header rules the header fits (docs/registers.md). An indicators sheet without
 * a 月份 column fits when the sheet's name or title states the month (one sheet per month).
 */
function kindsFitting(columns: readonly HeadColumn[], monthStated: boolean, reading: Reading): SheetKind[] {
  const out: SheetKind[] = [];
  const reg = fieldsOf(columns, 'register', reading);
  if (reg.has('stage') || reg.has('street')) out.push('register');
  const ind = fieldsOf(columns, 'indicators', reading);
  const keyed = ind.has('uscc') || ind.has('projectCode');
  if (
    (ind.has('month') || (monthStated && keyed && !reg.has('street'))) &&
    hasIndicator(ind) &&
    !reg.has('stage')
  )
    out.push('indicators');
  const tgt = fieldsOf(columns, 'targets', reading);
  if (tgt.has('unit') && tgt.has('year') && hasIndicator(tgt)) out.push('targets');
  const con = fieldsOf(columns, 'contacts', reading);
  if (con.has('unit') && con.has('email')) out.push('contacts');
  return out;
}

function kindsNamed(sheetName: string): SheetKind[] {
  const name = compact(sheetName);
  return SHEET_KINDS.filter((kind) => SHEET_NAME_WORDS[kind].some((word) => name.includes(word)));
}

const kindList = (kinds: readonly SheetKind[]) => kinds.map((k) => `“${SHEET_KIND_NAMES[k]}”`).join('、');

export function exampleHeaders(kinds: readonly SheetKind[]): string {
  const examples: Record<SheetKind, string> = {
    register: '统一社会信用代码、企业（项目）名称、项目状态、所在街道',
    indicators: '统一社会信用代码、月份、营业收入（万元）',
    targets: '单位、年度、营业收入（万元）',
    contacts: '单位、姓名、邮箱、接收月报',
  };
  return kinds.map((k) => `「${examples[k].split('、').join('」「')}」`).join('或');
}

function missingFor(kinds: readonly SheetKind[], columns: readonly HeadColumn[]): string {
  return kinds
    .map((kind) => {
      const f = fieldsOf(columns, kind);
      switch (kind) {
        case 'register':
          return '台账需要「项目状态」或「所在街道」列';
        case 'indicators':
          return f.has('month')
            ? '指标表需要至少一个指标列（如「营业收入（万元）」）且不能有「项目状态」列'
            : '指标表需要「月份」列（或在工作表名称中写明月份，如“2026年10月”）和至少一个指标列';
        case 'targets':
          return '目标表需要「单位」「年度」列和至少一个指标列';
        case 'contacts':
          return '联系人表需要「单位」「邮箱」列';
      }
      return '';
    })
    .join('；');
}

/** What the header row holds, for a message: `「序号」「企业名称」…`. */
function headersSeen(columns: readonly HeadColumn[]): string {
  const list = columns.slice(0, 8).map((c) => `「${c.written}」`);
  return list.length === 0 ? '（空）' : `${list.join('')}${columns.length > 8 ? '…' : ''}`;
}

/**
 * Decides a sheet's kind and binds its columns; reports E_SHEET_AMBIGUOUS, W_SHEET_IGNORED,
 * E_HEADER_DUPLICATE, E_COLUMN_UNIT, W_COLUMN_IGNORED (naming the nearest template column),
 * W_COLUMN_READ_AS, E_INDICATOR_PERIOD, W_PERIOD_IGNORED, E_COLUMN_MISSING. Null: not read.
 *
 * A column mapping (`reading.mappings`) of the sheet's kind reads a header the rules do not
 * know as the mapped template column (W_COLUMN_MAPPED), before the kind is decided: a sheet
 * whose kind an unknown header hid is recognised. A header the rules know is read by the rules
 * (W_MAPPING_UNUSED).
 *
 * @param monthStated whether the sheet's name, its title (the texts above the header) or the
 *   file name states a month
 */
export function layoutOf(
  grid: SheetGrid,
  add: AddFinding,
  monthStated: (above: readonly string[]) => boolean,
  statedMonth: (above: readonly string[]) => OwnMonth | null = () => null,
  reading: Reading = {},
): Layout | null {
  const sheet = grid.name;
  const named = kindsNamed(sheet);
  const mappings = reading.mappings;
  const placement = placeHeader(grid, mappings && mappings.size > 0 ? (t) => mappings.names(t) : undefined);
  const headerRow = placement?.headerRow ?? -1;
  const columns = placement?.columns ?? [];
  const fits = placement ? kindsFitting(columns, monthStated(placement.above), reading) : [];
  // A sheet whose header fits no kind: its unknown headers are offered for the kind its name
  // says, else for the kinds most of its known headers belong to (a mapping may make it fit).
  if (fits.length === 0 && placement && reading.unknown && !INSTRUCTION_SHEETS.has(compact(sheet))) {
    for (const kind of named.length === 1 ? named : likelyKinds(columns, reading)) {
      for (const col of columns) {
        if (isIgnoredHeader(col.text)) continue;
        if (!matchColumn(normalizeHeader(mappedColumn(col, kind, reading).text), kind))
          reading.unknown.push(unknownHeader(sheet, kind, col));
      }
    }
  }
  const ambiguous = (message: string): null => {
    add('E_SHEET_AMBIGUOUS', 'error', sheet, headerRow >= 0 ? headerRow + 1 : null, null, sheet, message);
    return null;
  };
  const ignored = (message: string): null => {
    add('W_SHEET_IGNORED', 'warning', sheet, null, null, sheet, message);
    return null;
  };
  let kind: SheetKind | undefined;
  if (fits.length === 1) kind = fits[0];
  else if (fits.length > 1) {
    const both = fits.filter((k) => named.includes(k));
    if (both.length === 1) kind = both[0];
    else {
      return ambiguous(
        `工作表“${sheet}”的表头（第 ${headerRow + 1} 行）同时符合${kindList(fits)}，无法确定是哪一种；请在工作表名称中写明其一（如含“台账”“指标”“目标”“联系人”），或删去不属于该表的列。`,
      );
    }
  } else if (INSTRUCTION_SHEETS.has(compact(sheet))) {
    // The template's 填报说明: not data, not reported.
    return null;
  } else if (grid.rows.every((r) => isBlankRow(r))) {
    return ignored(`工作表“${sheet}”是空表，已忽略。`);
  } else if (named.length > 0) {
    return ambiguous(
      headerRow < 0
        ? `工作表“${sheet}”的名称表明它是${kindList(named)}，但前 ${HEADER_SEARCH_ROWS} 行中没有找到表头（至少两个已知列名）；请使用模板中的列名，如${exampleHeaders(named)}。`
        : `工作表“${sheet}”的名称表明它是${kindList(named)}，已把第 ${headerRow + 1} 行${placement?.subRow != null ? `和第 ${placement.subRow + 1} 行` : ''}当作表头（${headersSeen(columns)}），但其中没有找到必需的列：${missingFor(named, columns)}；请使用模板中的列名。`,
    );
  } else {
    return ignored(
      `工作表“${sheet}”不是可识别的台账、指标、目标或联系人表（表头不符，名称中也没有“台账”“指标”“目标”“联系人”等字样），已忽略；如需导入，请使用模板中的列名。`,
    );
  }
  if (kind === undefined || !placement) return null;
  return bindColumns(grid, kind, placement, add, statedMonth, reading);
}

/**
 * The sheet's own month for its named-month headers: its 月份 column's first month, else what
 * its name, title or the file name states.
 */
function ownMonthOf(
  grid: SheetGrid,
  month: Binding | undefined,
  dataStart: number,
  stated: OwnMonth | null,
): OwnMonth | null {
  if (month) {
    const end = Math.min(grid.rows.length, dataStart + 50);
    for (let r = dataStart; r < end; r++) {
      const parsed = parseMonthCell(grid.rows[r]?.[month.index] ?? undefined);
      if (parsed.ok && parsed.value != null)
        return {
          year: Number(parsed.value.slice(0, 4)),
          month: Number(parsed.value.slice(5, 7)),
          source: `「${month.written}」列（第 ${r + 1} 行）`,
        };
    }
  }
  return stated;
}

/** What binding a sheet's columns gathers: the columns read, by field, per indicator, ignored. */
interface ColumnBinder {
  readonly sheet: string;
  readonly kind: SheetKind;
  readonly placement: HeaderPlacement;
  readonly reading: Reading;
  /** A finding on the header row. */
  readonly atHeader: (
    code: string,
    severity: Severity,
    label: string | null,
    written: string | null,
    message: string,
  ) => void;
  readonly bindings: Binding[];
  readonly byField: Map<string, Binding>;
  /** An indicator's value columns (本月, 本年累计, named months), decided after every column. */
  readonly perIndicator: Map<string, Binding[]>;
  /** 上年同期 and 增长 columns, and columns of another period: not read, one warning. */
  readonly periodIgnored: Binding[];
  /** Mappings whose header the rules read already, with the columns that have it. */
  readonly unused: Map<ColumnMapping, string[]>;
}

function bindColumns(
  grid: SheetGrid,
  kind: SheetKind,
  placement: HeaderPlacement,
  add: AddFinding,
  statedMonth: (above: readonly string[]) => OwnMonth | null,
  reading: Reading = {},
): Layout {
  const sheet = grid.name;
  const headerRow = placement.headerRow;
  const b: ColumnBinder = {
    sheet,
    kind,
    placement,
    reading,
    atHeader: (code, severity, label, written, message) =>
      add(code, severity, sheet, headerRow + 1, label, written, message),
    bindings: [],
    byField: new Map(),
    perIndicator: new Map(),
    periodIgnored: [],
    unused: new Map(),
  };
  for (const col of placement.columns) bindColumn(b, col);
  reportUnusedMappings(b);
  const dataStart = (placement.subRow ?? headerRow) + 1;
  const own = ownMonthOf(grid, b.byField.get('month'), dataStart, statedMonth(placement.above));
  const ytd = bindIndicators(b, own);
  if (b.periodIgnored.length > 0) {
    const ignored = b.periodIgnored;
    const labels = ignored.map((x) => x.label).join('、');
    b.atHeader(
      'W_PERIOD_IGNORED',
      'warning',
      labels,
      null,
      `${ignored.map((x) => `「${x.written}」`).join('')}是${[...new Set(ignored.map((x) => (x.period ? PERIOD_NAMES[x.period] : '')))].join('、')}数据，不是本月数，未导入（系统只保存本月数，同比由系统计算）。`,
    );
  }
  if (
    (kind === 'register' || kind === 'indicators') &&
    !b.byField.has('uscc') &&
    !b.byField.has('projectCode')
  ) {
    b.atHeader(
      'E_COLUMN_MISSING',
      'error',
      null,
      null,
      `工作表“${sheet}”没有「统一社会信用代码」或「项目编号」列（已把第 ${headerRow + 1} 行${placement.subRow != null ? `和第 ${placement.subRow + 1} 行` : ''}当作表头），无法确定每行是哪家企业（项目）；请至少加上其中一列。`,
    );
  }
  return { kind, headerRow, dataStart, bindings: b.bindings, byField: b.byField, ytd, placement };
}

/**
 * Binds one header column to the template's column it names (through a mapping, a synonym, a
 * two-level header): an unknown header is ignored with the nearest template columns, a unit
 * that does not convert is an error, an indicator's value column waits for {@link bindIndicators},
 * a second column of a field is a duplicate.
 */
function bindColumn(b: ColumnBinder, col: HeadColumn): void {
  const { kind, atHeader } = b;
  const written = col.written;
  const label = `${columnLetter(col.index)} ${written}`;
  const mapped = mappedColumn(col, kind, b.reading);
  if (mapped.unused) b.unused.set(mapped.unused, [...(b.unused.get(mapped.unused) ?? []), label]);
  if (isIgnoredHeader(col.text)) return;
  if (kind !== 'register' && NOTE_HEADERS.has(normalizeHeader(col.text).whole)) return;
  const form = normalizeHeader(mapped.text);
  const m = matchColumn(form, kind);
  if (mapped.mapping && m)
    atHeader(
      'W_COLUMN_MAPPED',
      'warning',
      label,
      written,
      `${mappingOrigin(mapped.mapping)}：${written} → ${m.column.header}`,
    );
  if (!m) {
    unknownColumn(b, col, label);
    return;
  }
  const period = m.period ?? col.period;
  const named = m.named ?? col.named ?? null;
  const unit = m.unit ?? col.subUnit ?? (m.column.indicator ? b.placement.unitAbove : null);
  if (
    m.column.indicator &&
    unit != null &&
    amountShift(compact(unit), m.column.indicator.unit) === undefined
  ) {
    const choices = m.column.indicator.unit === '万元' ? '元、万元 或 亿元' : '美元、万美元 或 亿美元';
    atHeader(
      'E_COLUMN_UNIT',
      'error',
      label,
      written,
      `列「${written}」的单位“${unit}”无法换算为${m.column.indicator.unit}；单位应为 ${choices}，如「${m.column.header}（${m.column.indicator.unit}）」。`,
    );
    return;
  }
  const binding: Binding = {
    index: col.index,
    column: m.column,
    unit,
    written,
    label,
    period: m.column.indicator ? period : null,
    named: m.column.indicator ? named : null,
  };
  if (m.column.indicator && kind !== 'targets') {
    if ((period === 'lastYear' || period === 'growth') && !named) b.periodIgnored.push(binding);
    else b.perIndicator.set(m.column.field, [...(b.perIndicator.get(m.column.field) ?? []), binding]);
    return;
  }
  const first = b.byField.get(m.column.field);
  if (first) {
    atHeader(
      'E_HEADER_DUPLICATE',
      'error',
      label,
      written,
      `列「${written}」与 ${first.label} 列都表示「${m.column.header}」，重复；请删去其中一列。`,
    );
    return;
  }
  const note = READ_AS_NOTES.get(form.whole);
  if (note) atHeader('W_COLUMN_READ_AS', 'warning', label, written, note);
  b.bindings.push(binding);
  b.byField.set(m.column.field, binding);
}

/**
 * A header that names no template column of the kind: offered for a mapping; an indicator
 * sheet's column of another period joins the ignored periods; any other is ignored, naming the
 * nearest template columns.
 */
function unknownColumn(b: ColumnBinder, col: HeadColumn, label: string): void {
  const { kind } = b;
  const written = col.written;
  b.reading.unknown?.push(unknownHeader(b.sheet, kind, col));
  if (col.period && kind === 'indicators') {
    b.periodIgnored.push({
      index: col.index,
      column: { field: '', header: written, synonyms: [] },
      unit: null,
      written,
      label,
      period: col.period,
    });
    return;
  }
  const near = nearestColumns(col.text, kind);
  b.atHeader(
    'W_COLUMN_IGNORED',
    'warning',
    label,
    written,
    near.length > 0
      ? `列「${written}」不是${SHEET_KIND_NAMES[kind]}的列名，该列已忽略；「${written}」是否指${near.map((n) => `「${n}」`).join('或')}？如是，请将列名改为${near.map((n) => `「${n}」`).join('或')}后重新上传。`
      : `列「${written}」不是${SHEET_KIND_NAMES[kind]}的列名，该列已忽略；如需导入，请改为模板中的列名（如${exampleHeaders([kind])}）。`,
  );
}

/** W_MAPPING_UNUSED: a mapping whose header the rules read already. */
function reportUnusedMappings(b: ColumnBinder): void {
  for (const [mapping, labels] of b.unused)
    b.atHeader(
      'W_MAPPING_UNUSED',
      'warning',
      labels.join('、'),
      mapping.header,
      `${mappingOrigin(mapping)}“${mapping.header} → ${mapping.column}”未使用：列名“${mapping.header}”已能识别（${labels.join('、')} 按规则读取）；如不再需要，可删除该对照。`,
    );
}

/**
 * Decides each indicator's value columns against the sheet's own month: its one 本月 column
 * (or its one column not named) is read, its 本年累计 columns are returned to be compared; two
 * columns without one 本月 are E_INDICATOR_PERIOD, a month carried forward E_HEADER_MONTH,
 * another month's columns one W_MONTH_COLUMN_IGNORED.
 */
function bindIndicators(b: ColumnBinder, own: OwnMonth | null): Binding[] {
  const { atHeader } = b;
  const ytd: Binding[] = [];
  const otherMonths: Binding[] = [];
  for (const [field, all] of b.perIndicator) {
    const named = namedPeriods(all, own);
    b.periodIgnored.push(...named.lastYear);
    otherMonths.push(...named.other);
    if (named.stale) {
      atHeader('E_HEADER_MONTH', 'error', named.stale.labels, null, named.stale.message);
      continue;
    }
    const list = named.kept;
    const months = list.filter((x) => x.period === 'month');
    const header = list[0]?.column.header ?? field;
    if (list.length >= 2 && months.length !== 1) {
      const labels = list.map((x) => x.label).join('、');
      atHeader(
        'E_INDICATOR_PERIOD',
        'error',
        labels,
        null,
        `「${header}」有 ${list.length} 列数值（${labels}），${months.length === 0 ? '其中没有一列注明是「本月」' : `其中 ${months.length} 列都注明是「本月」`}，无法确定哪一列是本月数（本年累计不能当作本月数）；请在表头中注明哪一列是「本月」、哪一列是「本年累计」（如在第二行表头写“本月”“本年累计”），或删去多余的列。`,
      );
      continue;
    }
    const month = months[0] ?? list.find((x) => x.period == null);
    if (month) {
      b.bindings.push(month);
      b.byField.set(field, month);
    }
    for (const x of list) if (x.period === 'ytd') ytd.push(x);
  }
  if (otherMonths.length > 0) {
    const labels = otherMonths.map((x) => x.label).join('、');
    atHeader(
      'W_MONTH_COLUMN_IGNORED',
      'warning',
      labels,
      null,
      `${otherMonths.map((x) => `「${x.written}」`).join('')}是其他月份的数据，不是本表月份${own ? `（${monthName(own)}）` : ''}的本月数，未导入；其他月份的数据请在该月的表中上报。`,
    );
  }
  return ytd;
}

/** `2026年10月` (or `10月` when the year is not known). */
function monthName(own: { year: number | null; month: number }): string {
  return own.year == null ? `${own.month}月` : `${own.year}年${own.month}月`;
}

/** How a named month's header is written in a message: `10月`, `1-9月`, `上月`. */
function namedText(n: NamedMonth): string {
  if (n.kind === 'previous') return '上月';
  const year = n.year == null ? '' : `${n.year}年`;
  return n.kind === 'span' ? `${year}1-${n.month}月` : `${year}${n.month}月`;
}

/**
 * One indicator's value columns with their named months decided against the sheet's month:
 * those kept (本月 / 本年累计 / not named), those of last year (上年同期, ignored), of another
 * month (ignored with one warning), or the error when the headers name another month than the
 * sheet's (本月（9月）, 1-9月 on a 10月 sheet, or only other months): a form carried forward.
 */
function namedPeriods(
  all: readonly Binding[],
  own: OwnMonth | null,
): {
  kept: Binding[];
  lastYear: Binding[];
  other: Binding[];
  stale: { labels: string; message: string } | null;
} {
  const out = { kept: [] as Binding[], lastYear: [] as Binding[], other: [] as Binding[], stale: null };
  if (!all.some((b) => b.named)) return { ...out, kept: [...all] };
  if (!own) return { ...out, kept: [...all] };
  const stale: Binding[] = [];
  for (const b of all) {
    if (!b.named) {
      out.kept.push(b);
      continue;
    }
    const p = periodOfNamed(b.named, own);
    if (p === 'month' || p === 'ytd') out.kept.push({ ...b, period: p });
    else if (p === 'lastYear') out.lastYear.push({ ...b, period: 'lastYear' });
    else if (p === 'otherMonth') out.other.push(b);
    else stale.push(b);
  }
  const hasMonth = out.kept.some((b) => b.period === 'month' || b.period == null);
  if (stale.length === 0 && hasMonth) return out;
  const named = [...stale, ...(hasMonth ? [] : out.other)].sort((a, b) => a.index - b.index);
  if (named.length === 0) return out;
  const header = all[0]?.column.header ?? '';
  const labels = named.map((b) => b.label).join('、');
  const written = named.map((b) => (b.named ? namedText(b.named) : b.written)).join('、');
  const want = `“${own.month}月”“1-${own.month}月”`;
  return {
    ...out,
    other: hasMonth ? out.other : [],
    stale: {
      labels,
      message: `「${header}」的表头写的是 ${written}（${labels}），而本表的月份是 ${monthName(own)}（取自${own.source}）：两者不符，无法确定哪一列是 ${monthName(own)}的本月数（可能是把以前月份的表格复制过来、没有改表头）；请把表头改为${want}（或“本月”“本年累计”），或改正本表的月份。`,
    },
  };
}

export type { Finding };
