/**
 * Shared pieces: page frame, loading and error states, tables, the lazy chart, pagers.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api.ts';
import { compareKeys, type SortKey } from './sort.ts';

export function Page(props: { title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  useEffect(() => {
    document.title = `${props.title} - 临空港经开区企业服务属地管理`;
  }, [props.title]);
  return (
    <section aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {props.title}
        </h1>
        {props.actions ? <div class="actions">{props.actions}</div> : null}
      </div>
      {props.children}
    </section>
  );
}

export function Loading(props: { what?: string }) {
  return (
    <p class="loading" role="status">
      正在读取{props.what ?? '数据'}…
    </p>
  );
}

export function ErrorBox(props: { error: unknown }) {
  const message =
    props.error instanceof ApiError || props.error instanceof Error
      ? props.error.message
      : String(props.error);
  return (
    <div class="error" role="alert">
      <strong>出错了：</strong>
      {message}
    </div>
  );
}

/** Loads data for a page: `[data, error, reload]`. */
export function useData<T>(
  load: () => Promise<T>,
  deps: unknown[],
): [T | null, unknown, () => void, () => void] {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  // A refresh keeps what is shown until the new answer is in (no 正在加载 flash while polling).
  const quiet = useRef(false);
  useEffect(() => {
    let live = true;
    if (!quiet.current) {
      setData(null);
      setError(null);
    }
    quiet.current = false;
    load().then(
      (d) => {
        if (!live) return;
        setError(null);
        setData(d);
      },
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [...deps, round]);
  const reload = () => setRound((r) => r + 1);
  const refresh = () => {
    quiet.current = true;
    reload();
  };
  return [data, error, reload, refresh];
}

export interface Column<T> {
  title: string;
  cell: (row: T) => ComponentChildren;
  numeric?: boolean;
  /** The value the column sorts by (a sortable column); null sorts last either way. */
  sort?: (row: T) => SortKey;
}

type Direction = 'ascending' | 'descending';

/** The rows in the column's order (stable: equal keys keep the rows' order; nulls last). */
function sortRows<T>(rows: T[], key: (row: T) => SortKey, dir: Direction): T[] {
  const sign = dir === 'ascending' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i, k: key(row) }))
    .sort((a, b) => {
      if (a.k == null || b.k == null) return (a.k == null ? 1 : 0) - (b.k == null ? 1 : 0) || a.i - b.i;
      return sign * compareKeys(a.k, b.k) || a.i - b.i;
    })
    .map((x) => x.row);
}

/**
 * A table in a focusable scroll box. Columns with `sort` are sortable by a button in their
 * header (click, Enter or Space; `aria-sort` says the order); `pinned` rows (a total) stay last.
 * On a phone the first column stays in view while the others scroll (style.css).
 */
export function Table<T>(props: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  empty?: string;
  pinned?: T[];
  /** On a phone, one card per row, each cell under its column's name (every column in view). */
  cards?: boolean;
  /** The column sorted first and its direction (default: the rows' own order). */
  initialSort?: { column: number; direction: Direction };
}) {
  const [order, setOrder] = useState<{ column: number; direction: Direction } | null>(
    props.initialSort ?? null,
  );
  if (props.rows.length === 0) return <p class="empty">{props.empty ?? '没有数据。'}</p>;
  const sorted = order ? props.columns[order.column]?.sort : undefined;
  const rows = order && sorted ? sortRows(props.rows, sorted, order.direction) : props.rows;
  const toggle = (column: number, numeric: boolean) =>
    setOrder((o) =>
      o?.column === column
        ? { column, direction: o.direction === 'ascending' ? 'descending' : 'ascending' }
        : { column, direction: numeric ? 'descending' : 'ascending' },
    );
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must take focus so the keyboard can scroll it
    <section class={props.cards ? 'table-wrap cards' : 'table-wrap'} aria-label={props.caption} tabIndex={0}>
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c, i) => (
              <th
                scope="col"
                class={c.numeric ? 'num' : undefined}
                aria-sort={c.sort ? (order?.column === i ? order.direction : 'none') : undefined}
              >
                {c.sort ? (
                  <button type="button" class="sort" onClick={() => toggle(i, c.numeric === true)}>
                    {c.title}
                    <span class="sort-mark" aria-hidden="true">
                      {order?.column === i ? (order.direction === 'ascending' ? '▲' : '▼') : '⇅'}
                    </span>
                  </button>
                ) : (
                  c.title
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...rows, ...(props.pinned ?? [])].map((row, r) => (
            <tr class={r >= rows.length ? 'pinned' : undefined}>
              {props.columns.map((c) => (
                <td class={c.numeric ? 'num' : undefined} data-label={props.cards ? c.title : undefined}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * A chart, loaded on demand (ECharts is a separate chunk). `label` is read by screen readers;
 * the same figures are always also in a table on the page.
 */
export function Chart(props: { label: string; option: Record<string, unknown>; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const option = JSON.stringify(props.option);
  useEffect(() => {
    let dispose: (() => void) | null = null;
    let live = true;
    import('./charts.ts').then(
      (m) => {
        if (live && ref.current) dispose = m.mount(ref.current, props.option);
      },
      () => setFailed(true),
    );
    return () => {
      live = false;
      dispose?.();
    };
  }, [option]);
  return (
    <figure class="chart">
      <div ref={ref} role="img" aria-label={props.label} style={{ height: `${props.height ?? 280}px` }} />
      <figcaption>{failed ? '图表未能加载，数字见下表。' : props.label}</figcaption>
    </figure>
  );
}

/** Cursor paging: the cursors of the pages seen so far, so 上一页 works too. */
export function usePager() {
  const [stack, setStack] = useState<Array<string | null>>([null]);
  const cursor = stack[stack.length - 1] ?? null;
  return {
    cursor,
    page: stack.length,
    next: (c: string) => setStack((s) => [...s, c]),
    previous: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    reset: () => setStack([null]),
  };
}

export function Pager(props: {
  page: number;
  next: string | null;
  onNext: () => void;
  onPrevious: () => void;
}) {
  // one page only: nothing to turn
  if (props.page <= 1 && !props.next) return null;
  return (
    <nav class="pager" aria-label="翻页">
      <button type="button" onClick={props.onPrevious} disabled={props.page <= 1}>
        上一页
      </button>
      <span>第 {props.page} 页</span>
      <button type="button" onClick={props.onNext} disabled={!props.next}>
        下一页
      </button>
    </nav>
  );
}
