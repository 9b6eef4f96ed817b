/**
 * Findings grouped for people: file- and sheet-level findings first, errors before warnings,
 * the rows of one message on one sheet and column as one group with a count and compact row
 * ranges (第 3–120 行，共 118 行). The console, the CLI table and the report workbook show the
 * groups; every finding stays in its group (`findings`), so each group's rows can be opened and
 * the report keeps every row. Pure.
 *
 * Rows are grouped by the message's words with its quoted values and numbers set aside
 * (「企业“A”…」 and 「企业“B”…」 are one message), so a group shows one example message
 * and says when the rows' values differ.
 *
 * @module
 */
import { findingLabel } from './labels.ts';
import type { Finding } from './types.ts';

/** Where a group applies. */
export type GroupScope = 'file' | 'sheet' | 'row';

export interface FindingGroup {
  severity: Finding['severity'];
  code: string;
  /** What the code is about (the catalogue's label). */
  label: string;
  scope: GroupScope;
  sheet: string | null;
  column: string | null;
  /** The message (the first row's when the rows' values differ). */
  message: string;
  /** True when every finding of the group has this very message. */
  sameMessage: boolean;
  count: number;
  /** The distinct Excel rows, ascending (empty for file and sheet findings). */
  rows: number[];
  /** `第 3–120 行，共 118 行`; empty for file and sheet findings. */
  rowText: string;
  findings: Finding[];
}

const QUOTED = /“[^”]*”|"[^"]*"|「[^」]*」|‘[^’]*’/gu;
const NUMBER = /[-+]?\d[\d,，.]*/gu;

/** A message's words without its values: what groups rows. */
export function messageShape(message: string): string {
  return message.replace(QUOTED, '“…”').replace(NUMBER, '#');
}

function scopeOf(f: Finding): GroupScope {
  if (f.sheet == null) return 'file';
  return f.row == null ? 'sheet' : 'row';
}

const SCOPE_ORDER: Readonly<Record<GroupScope, number>> = { file: 0, sheet: 1, row: 2 };

/**
 * Compact row ranges: `第 3–120 行，共 118 行`, `第 3–5、8、10–12 行，共 7 行`; after `maxRanges`
 * ranges, 「等」.
 */
export function rowRanges(rows: readonly number[], maxRanges = 6): string {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  if (sorted.length === 0) return '';
  const ranges: string[] = [];
  let start = sorted[0] as number;
  let end = start;
  const flush = () => ranges.push(start === end ? `${start}` : `${start}–${end}`);
  for (const r of sorted.slice(1)) {
    if (r === end + 1) end = r;
    else {
      flush();
      start = r;
      end = r;
    }
  }
  flush();
  const shown = ranges.length > maxRanges ? `${ranges.slice(0, maxRanges).join('、')} 等` : ranges.join('、');
  return `第 ${shown} 行，共 ${sorted.length} 行`;
}

/** The findings in groups, in the order a person reads them. */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup & { first: number }>();
  findings.forEach((f, index) => {
    const scope = scopeOf(f);
    const id = [f.severity, scope, f.code, f.sheet ?? '', f.column ?? '', messageShape(f.message)].join(
      '\u0000',
    );
    let group = groups.get(id);
    if (!group) {
      group = {
        severity: f.severity,
        code: f.code,
        label: findingLabel(f.code),
        scope,
        sheet: f.sheet,
        column: f.column,
        message: f.message,
        sameMessage: true,
        count: 0,
        rows: [],
        rowText: '',
        findings: [],
        first: index,
      };
      groups.set(id, group);
    }
    group.count++;
    group.findings.push(f);
    if (f.message !== group.message) group.sameMessage = false;
    if (f.row != null) group.rows.push(f.row);
  });
  const scopeRank = (g: FindingGroup) => (g.scope === 'row' ? 1 : 0);
  const severityRank = (g: FindingGroup) => (g.severity === 'error' ? 0 : 1);
  return [...groups.values()]
    .sort(
      (a, b) =>
        scopeRank(a) - scopeRank(b) ||
        severityRank(a) - severityRank(b) ||
        SCOPE_ORDER[a.scope] - SCOPE_ORDER[b.scope] ||
        a.first - b.first,
    )
    .map(({ first: _first, ...g }) => {
      const rows = [...new Set(g.rows)].sort((x, y) => x - y);
      return { ...g, rows, rowText: rowRanges(rows) };
    });
}

/** Where a group applies, for a line: `文件`, `“台账”`, `“台账” F 所在街道 列`. */
export function groupPlace(g: FindingGroup): string {
  if (g.sheet == null) return '文件';
  const parts = [`“${g.sheet}”`];
  if (g.column != null) parts.push(`${g.column} 列`);
  return parts.join(' ');
}

/** A group as one line: `[错误] “台账” F 所在街道 列，第 3–120 行，共 118 行：…`. */
export function groupLine(g: FindingGroup): string {
  const severity = g.severity === 'error' ? '错误' : '提示';
  const rows = g.rowText ? `，${g.rowText}` : g.count > 1 ? `，共 ${g.count} 处` : '';
  const example = g.sameMessage ? '' : '（各行的值不同，例如首行）';
  return `[${severity}] ${groupPlace(g)}${rows}：${g.message}${example}`;
}
