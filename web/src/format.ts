/**
 * What people read: Beijing time, Chinese month labels, numbers with thousands separators,
 * percentages, the indicator catalog and the stages (from the domain, one place for each).
 */
import { STAGE_LABELS } from '../../domain/email/format.ts';
import { INDICATORS } from '../../domain/indicators.ts';
import { IMPORT_STATUS_LABELS, SEVERITY_LABELS } from '../../domain/labels.ts';
import { addMonths, month as toMonth } from '../../domain/months.ts';
import type { Month } from '../../domain/types.ts';

const BEIJING = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** `2026/11/05 09:02:03（北京时间）` → shown without the suffix; the page says 北京时间 once. */
export function beijingTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : BEIJING.format(d);
}

/** `2026年10月` */
export function monthLabel(month: string | null | undefined): string {
  if (!month) return '—';
  const [y, m] = month.split('-');
  return `${y}年${Number(m)}月`;
}

/** The month n before (`2026-01` → `2025-12`); throws when `month` is not `YYYY-MM`. */
export function previousMonth(month: string, n = 1): Month {
  return addMonths(toMonth(month), -n);
}

const NUMBER = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });

/** A decimal string (the API's exact values) with separators; `—` when absent. */
export function amount(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? NUMBER.format(n) : String(value);
}

export function percent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(1)}%`;
}

export const INDICATOR_LIST = INDICATORS.map((i) => ({ id: i.id, name: i.header, unit: i.unit }));

export function indicatorName(id: string): string {
  const i = INDICATORS.find((d) => d.id === id);
  return i ? `${i.header}（${i.unit}）` : id;
}

export const STAGES: Record<string, string> = STAGE_LABELS;

export const ROLES: Record<string, string> = {
  service: '服务',
  indicators: '指标承担',
  cooperating: '配合（建成前）',
  safety: '安全生产',
};

export const IMPORT_STATUS: Readonly<Record<string, string>> = IMPORT_STATUS_LABELS;

export function isFinal(status: string): boolean {
  return status === 'applied' || status === 'unchanged' || status === 'rejected' || status === 'failed';
}

export const SEVERITY: Readonly<Record<string, string>> = SEVERITY_LABELS;

/**
 * An import's rows and findings as people count them: 「共 N 行，其中 M 行有错误；错误 E 处，提示 W 处」
 * (M: the rows that have at least one error; without the findings, the counts only).
 */
export function rowsSummary(r: {
  counts: { errors?: number; warnings?: number };
  findings?: ReadonlyArray<{ severity: string; sheet: string | null; row: number | null }>;
  sheets?: ReadonlyArray<{ rowsRead: number }>;
}): string {
  const errors = r.counts.errors ?? 0;
  const warnings = r.counts.warnings ?? 0;
  const rows = r.sheets?.reduce((n, s) => n + s.rowsRead, 0) ?? null;
  const bad = r.findings
    ? new Set(
        r.findings
          .filter((f) => f.severity === 'error' && f.row != null)
          .map((f) => `${f.sheet}\u0000${f.row}`),
      ).size
    : null;
  const head = rows == null ? '' : `共 ${rows} 行${bad == null ? '' : `，其中 ${bad} 行有错误`}；`;
  return `${head}错误 ${errors} 处，提示 ${warnings} 处`;
}
