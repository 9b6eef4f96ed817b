/**
 * HTML building blocks for emails that render in Outlook, Foxmail and web mail: nested
 * tables, inline CSS only, no script, no external images, no CSS classes. Every text passed
 * in is escaped here; only the helpers' own output is trusted markup.
 *
 * @module
 */
import { escapeHtml } from './format.ts';

/** Trusted markup (built by these helpers). */
export interface Html {
  readonly html: string;
}

/** Marks markup built by these helpers as trusted. */
export const raw = (html: string): Html => ({ html });

/** Text or trusted markup; text is escaped. */
export type Content = string | number | null | undefined | Html;

export function render(content: Content): string {
  if (content != null && typeof content === 'object') return content.html;
  return escapeHtml(content ?? '');
}

export const FONT =
  "'Microsoft YaHei','微软雅黑','PingFang SC','Hiragino Sans GB','Noto Sans CJK SC','Source Han Sans SC',SimSun,Arial,sans-serif";
export const COLORS = {
  brand: '#1f4e8c',
  brandLight: '#e8f0fa',
  border: '#d5dce5',
  head: '#eef2f7',
  text: '#1f2933',
  muted: '#5f6b7a',
  bar: '#2f6fde',
  time: '#9aa5b1',
  track: '#eef1f5',
  ahead: '#1e7b3a',
  behind: '#b42318',
  warnBg: '#fff7e0',
  warnBorder: '#f0c36d',
} as const;

/** A table cell: content, alignment and an optional extra style. */
export interface Cell {
  content: Content;
  align?: 'left' | 'right' | 'center';
  style?: string;
}

export type CellInput = Content | Cell;

function asCell(c: CellInput): Cell {
  return c != null && typeof c === 'object' && 'content' in c ? c : { content: c as Content };
}

/**
 * A data table with a header row. `numeric` columns are right-aligned and do not wrap;
 * `emphasis` rows (e.g. a total) are bold on a light background.
 */
export function dataTable(
  headers: readonly string[],
  rows: readonly (readonly CellInput[])[],
  options: { numeric?: readonly number[]; emphasis?: readonly number[]; nowrap?: readonly number[] } = {},
): Html {
  const numeric = new Set(options.numeric ?? []);
  const keepTogether = new Set([...(options.numeric ?? []), ...(options.nowrap ?? [])]);
  const emphasis = new Set(options.emphasis ?? []);
  const th = headers
    .map(
      (h, i) =>
        `<th align="${numeric.has(i) ? 'right' : 'left'}" style="background:${COLORS.head};border:1px solid ${COLORS.border};padding:6px 8px;font-size:13px;font-weight:bold;color:${COLORS.text};white-space:nowrap;">${escapeHtml(h)}</th>`,
    )
    .join('');
  const body = rows
    .map((row, r) => {
      const bg = emphasis.has(r) ? `background:${COLORS.brandLight};font-weight:bold;` : '';
      const tds = row
        .map((input, i) => {
          const cell = asCell(input);
          const align = cell.align ?? (numeric.has(i) ? 'right' : 'left');
          const nowrap = keepTogether.has(i) ? 'white-space:nowrap;' : '';
          return `<td align="${align}" style="border:1px solid ${COLORS.border};padding:5px 8px;font-size:13px;${nowrap}${bg}${cell.style ?? ''}">${render(cell.content)}</td>`;
        })
        .join('');
      return `<tr>${tds}</tr>`;
    })
    .join('');
  return raw(
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;width:100%;font-family:${FONT};color:${COLORS.text};"><tr>${th}</tr>${body}</table>`,
  );
}

/** One horizontal bar of `fraction` (0..1, capped) drawn with two table cells of set widths. */
export function bar(fraction: number | null, color: string, height = 12): Html {
  const pct =
    fraction == null || !Number.isFinite(fraction)
      ? 0
      : Math.max(0, Math.min(100, Math.round(fraction * 100)));
  const cell = (width: number, bg: string) =>
    `<td width="${width}%" style="width:${width}%;background:${bg};height:${height}px;font-size:1px;line-height:${height}px;mso-line-height-rule:exactly;">&nbsp;</td>`;
  const cells =
    pct <= 0
      ? cell(100, COLORS.track)
      : pct >= 100
        ? cell(100, color)
        : cell(pct, color) + cell(100 - pct, COLORS.track);
  return raw(
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;width:100%;"><tr>${cells}</tr></table>`,
  );
}

/** A paragraph. */
export function paragraph(content: Content, style = ''): Html {
  return raw(`<p style="margin:0 0 8px;font-size:14px;line-height:1.7;${style}">${render(content)}</p>`);
}

/** A highlighted notice box (e.g. units without contacts). */
export function notice(content: Content): Html {
  return raw(
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;width:100%;"><tr><td style="background:${COLORS.warnBg};border:1px solid ${COLORS.warnBorder};padding:10px 12px;font-size:14px;line-height:1.7;color:${COLORS.text};">${render(content)}</td></tr></table>`,
  );
}

/** A titled section (one row of the outer layout table). */
export function section(title: string, ...content: Html[]): Html {
  return raw(
    `<tr><td style="padding:18px 24px 0;font-family:${FONT};"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;width:100%;"><tr><td style="border-left:4px solid ${COLORS.brand};padding:0 0 0 8px;font-size:16px;font-weight:bold;color:${COLORS.brand};line-height:1.4;">${escapeHtml(title)}</td></tr></table><div style="height:8px;line-height:8px;font-size:1px;">&nbsp;</div>${content.map((c) => c.html).join('')}</td></tr>`,
  );
}

/** Concatenates markup. */
export function join(...parts: Html[]): Html {
  return raw(parts.map((p) => p.html).join(''));
}

/** The whole document: a centered 760-px column with a title band and a footer. */
export function page(options: {
  title: string;
  kicker: string;
  headline: Html;
  sections: Html[];
  footer: Html;
}): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
</head>
<body style="margin:0;padding:0;background:#f3f5f8;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;background:#f3f5f8;">
<tr><td align="center" style="padding:16px 8px;">
<table role="presentation" width="760" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;width:760px;max-width:100%;background:#ffffff;border:1px solid #dde3ea;font-family:${FONT};color:${COLORS.text};">
<tr><td style="background:${COLORS.brand};padding:18px 24px;font-family:${FONT};">
<div style="font-size:12px;color:#cfe0f5;line-height:1.6;">${escapeHtml(options.kicker)}</div>
<div style="font-size:21px;font-weight:bold;color:#ffffff;line-height:1.5;">${escapeHtml(options.title)}</div>
</td></tr>
<tr><td style="padding:18px 24px 0;font-family:${FONT};">${options.headline.html}</td></tr>
${options.sections.map((s) => s.html).join('\n')}
<tr><td style="padding:20px 24px 22px;font-family:${FONT};">${options.footer.html}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}
