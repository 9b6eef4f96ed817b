/**
 * Column mappings (列名对照), saved per unit: an office's own header (企业地址（街道）) read as a
 * template column (所在街道) of one sheet kind. A mapping is keyed by the sheet kind and the
 * header's normalised text ({@link normalizeHeader}; a two-level header as `group/period`,
 * e.g. `营收/本月`). The rules win: a header the rules know is read by the rules and the
 * mapping is reported unused. Pure: the reader ({@link layoutOf}) applies the mappings it is
 * given; the store keeps them per unit; each import records the ones it applied.
 *
 * @module
 */
import type { SheetKind } from '../types.ts';
import { COLUMNS, normalizeHeader, SHEET_KIND_NAMES, SHEET_KINDS } from './columns.ts';
import { compact } from './text.ts';

/** One mapping: the header as the clerk's file writes it, read as a template column of a kind. */
export interface ColumnMapping {
  kind: SheetKind;
  /** As the file writes it (a two-level header as `group/period`). */
  header: string;
  /** The template's column header of that kind (e.g. 所在街道). */
  column: string;
  /** Where it came from: saved by the unit, or given with a check only (absent: saved). */
  source?: 'saved' | 'given';
}

/** A mapping as the store keeps it. */
export interface SavedColumnMapping extends ColumnMapping {
  savedAt: string;
  /** Who saved it (the token's subject, else the unit). */
  savedBy: string;
}

/** Longest header a mapping may name (a header cell is a short label). */
export const MAPPING_HEADER_MAX = 100;

/** The most mappings one unit may keep (and one check may give). */
export const MAPPINGS_MAX = 200;

/** The key of a header: its normalised text (NFKC, no spaces). */
export function mappingKey(header: string): string {
  return normalizeHeader(header).whole;
}

/** The template's columns of a kind, in the template's order: what a mapping may name. */
export function mappingChoices(kind: SheetKind): string[] {
  return COLUMNS[kind].map((c) => c.header);
}

/** The result of checking a mapping given by a person: the mapping, or what is wrong (Chinese). */
export type MappingCheck = { ok: true; mapping: ColumnMapping } | { ok: false; message: string };

/** The kinds as people name them, for messages. */
export const KIND_CHOICES = SHEET_KINDS.map((k) => `“${SHEET_KIND_NAMES[k]}”`).join('、');
const WHAT = '表类型、文件中的列名和对应的模板列名';

/** A sheet kind by its id (`register`) or its name (企业项目台账), else null. */
export function kindOf(value: unknown): SheetKind | null {
  if (typeof value !== 'string') return null;
  const text = compact(value);
  return SHEET_KINDS.find((k) => k === text || compact(SHEET_KIND_NAMES[k]) === text) ?? null;
}

/**
 * Checks a mapping as given (`{kind, header, column}`): a known kind, a header of text, a
 * column of that kind's template (its header written with or without spaces or full-width
 * brackets). The column is answered as the template writes it.
 */
export function checkMapping(input: unknown): MappingCheck {
  if (input == null || typeof input !== 'object' || Array.isArray(input))
    return { ok: false, message: `列名对照应写明${WHAT}。` };
  const { kind, header, column, ...rest } = input as Record<string, unknown>;
  const extra = Object.keys(rest).filter((k) => k !== 'source');
  if (extra.length > 0) return { ok: false, message: `列名对照含多余的内容：只需写明${WHAT}。` };
  const sheetKind = kindOf(kind);
  if (!sheetKind)
    return {
      ok: false,
      message: `列名对照的表类型“${String(kind ?? '').slice(0, 40)}”不认识：应为${KIND_CHOICES}之一。`,
    };
  if (typeof header !== 'string' || compact(header) === '')
    return { ok: false, message: '列名对照中文件的列名不能为空：请填写文件中的列名，如“企业地址（街道）”。' };
  if (header.length > MAPPING_HEADER_MAX)
    return { ok: false, message: `列名对照中文件的列名过长：最多 ${MAPPING_HEADER_MAX} 个字符。` };
  const choices = mappingChoices(sheetKind);
  const wanted = typeof column === 'string' ? compact(column) : '';
  const found = choices.find((c) => compact(c) === wanted);
  if (!found)
    return {
      ok: false,
      message: `“${String(column ?? '').slice(0, 40)}”不是${SHEET_KIND_NAMES[sheetKind]}模板的列名：应为 ${choices.map((c) => `「${c}」`).join('')} 之一。`,
    };
  return { ok: true, mapping: { kind: sheetKind, header: header.trim(), column: found } };
}

/**
 * The mappings a reading applies: the unit's saved ones and the given ones (a given one wins
 * over a saved one of the same kind and header), saved first, each once.
 */
export function mergeMappings(
  saved: readonly ColumnMapping[],
  given: readonly ColumnMapping[] = [],
): ColumnMapping[] {
  const byKey = new Map<string, ColumnMapping>();
  for (const m of saved)
    byKey.set(`${m.kind}\u0000${mappingKey(m.header)}`, {
      kind: m.kind,
      header: m.header,
      column: m.column,
      source: 'saved',
    });
  for (const m of given)
    byKey.set(`${m.kind}\u0000${mappingKey(m.header)}`, {
      kind: m.kind,
      header: m.header,
      column: m.column,
      source: 'given',
    });
  return [...byKey.values()];
}

/** The mappings of a reading, by kind and key, for the reader. */
export class MappingIndex {
  private readonly byKind = new Map<SheetKind, Map<string, ColumnMapping>>();
  private readonly anyKey = new Set<string>();

  constructor(mappings: readonly ColumnMapping[]) {
    for (const m of mappings) {
      const key = mappingKey(m.header);
      const map = this.byKind.get(m.kind) ?? new Map<string, ColumnMapping>();
      this.byKind.set(m.kind, map);
      map.set(key, m);
      this.anyKey.add(key);
    }
  }

  get size(): number {
    return this.anyKey.size;
  }

  /** True when some mapping (of any kind) names this header cell's text. */
  names(text: string): boolean {
    if (this.anyKey.size === 0) return false;
    const form = normalizeHeader(text);
    return this.anyKey.has(form.whole) || (form.base != null && this.anyKey.has(form.base));
  }

  /**
   * The mapping of a kind that names a column (its written header, e.g. `营收/本月`, else the
   * text matched, e.g. the group `营收`, else that text without its bracketed unit), and the
   * text to read instead: the template's header, with the unit the header's brackets held.
   */
  find(kind: SheetKind, written: string, text: string): { mapping: ColumnMapping; text: string } | null {
    const map = this.byKind.get(kind);
    if (!map) return null;
    const direct = map.get(mappingKey(written)) ?? map.get(mappingKey(text));
    if (direct) return { mapping: direct, text: direct.column };
    const form = normalizeHeader(text);
    const base = form.base == null ? undefined : map.get(form.base);
    if (base) return { mapping: base, text: `${base.column}（${form.unit ?? ''}）` };
    return null;
  }
}

/** How a finding names a mapping's origin. */
export function mappingOrigin(m: ColumnMapping): string {
  return m.source === 'given' ? '按本次检查给出的列名对照' : '按本单位保存的列名对照';
}

/** A header the file writes that no column of the sheet's kind matched (the console offers a mapping). */
export interface UnknownHeader {
  sheet: string;
  kind: SheetKind;
  /** As the file writes it (a two-level header as `group/period`). */
  header: string;
  /** `F 企业地址（街道）`: letter and header. */
  label: string;
  /** The template columns nearest to it, nearest first (may be empty). */
  nearest: string[];
  /** Every template column of the kind. */
  choices: string[];
}
