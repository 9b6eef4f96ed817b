/**
 * The monthly emails (docs/summaries.md): one per unit and the district overview for the
 * bureau, as HTML (tables and inline CSS, no script, no images) with a plain-text
 * alternative. Pure: from a summary document to subject, HTML and text.
 *
 * @example
 * ```ts
 * const mail = renderUnitEmail(document, 'changqing');
 * mail.subject; // 【临空港经开区】2026年10月长青街经济指标月报
 * ```
 *
 * @module
 */
import {
  type DistrictRanking,
  districtAmount,
  RANK_GROUP_LABELS,
  RANK_GROUPS,
  rankBasisText,
  rankingOf,
  rankText,
} from '../district-figures.ts';
import { clauseLabel } from '../labels.ts';
import { monthLabel } from '../months.ts';
import type {
  DistrictTotal,
  IndicatorFigures,
  ListedEnterprise,
  ListedTransfer,
  SummaryCounts,
  SummaryDocument,
  SummaryLists,
  UnitSummary,
} from '../summaries.ts';
import type { Month } from '../types.ts';
import { type UnitId, unitName } from '../units.ts';
import {
  type CoordinationFacts,
  overviewCoordinationSections,
  overviewCoordinationText,
  unitCoordinationSections,
  unitCoordinationText,
} from './coordination.ts';
import {
  escapeHtml,
  FIGURE_HEADERS,
  figureTexts,
  indicatorLabel,
  indicatorName,
  indicatorUnit,
  money,
  PIPELINE,
  percent,
  points,
  STAGE_LABELS,
  STORY_NOTE,
  shortUnitName,
  storyCounts,
  targetText,
} from './format.ts';
import {
  bar,
  type CellInput,
  COLORS,
  dataTable,
  type Html,
  join,
  notice,
  page,
  paragraph,
  raw,
  section,
} from './html.ts';

/** A rendered email: what a Mailer needs besides addresses and attachments. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export const KICKER = '武汉临空港经济技术开发区 · 招商引资与企业服务属地划分（武临开办〔2020〕1号）';
export const SUBJECT_PREFIX = '【临空港经开区】';

/** 【临空港经开区】2026年10月长青街经济指标月报 */
export function unitSubject(month: Month, unit: UnitId): string {
  return `${SUBJECT_PREFIX}${monthLabel(month)}${unitName(unit)}经济指标月报`;
}

/** 【临空港经开区】2026年10月全区经济指标月报 */
export function overviewSubject(month: Month): string {
  return `${SUBJECT_PREFIX}${monthLabel(month)}全区经济指标月报`;
}

/** The attachment's file name. */
export function attachmentName(month: Month, unit: UnitId | null): string {
  return `${monthLabel(month)}${unit ? unitName(unit) : '全区'}经济指标月报.xlsx`;
}

const unitLabel = (unit: string | null | undefined) => (unit ? unitName(unit as UnitId) : '—');

/** Indicators worth a row: any figure or a target. */
export function shownIndicators(
  document: SummaryDocument,
  rows: { indicators: Record<string, IndicatorFigures> }[],
): string[] {
  return document.indicatorIds.filter((k) =>
    rows.some((r) => {
      const f = r.indicators[k];
      return f != null && (f.month != null || f.ytd != null || f.lastYearYtd != null || f.target != null);
    }),
  );
}

const aheadCell = (f: IndicatorFigures): CellInput => ({
  content: points(f.ahead),
  style: f.ahead == null ? '' : f.ahead >= 0 ? `color:${COLORS.ahead};` : `color:${COLORS.behind};`,
});

/** The figures as table cells: {@link figureTexts}, the last one coloured ahead or behind. */
function figureCells(f: IndicatorFigures): CellInput[] {
  return [...figureTexts(f).slice(0, -1), aheadCell(f)];
}

function headline(carried: number, transfersIn: number, transfersOut: number): string {
  return `本月承担指标企业 ${carried} 家，划入 ${transfersIn} 家、划出 ${transfersOut} 家；`;
}

function indicatorTable(
  document: SummaryDocument,
  row: { indicators: Record<string, IndicatorFigures> },
): Html {
  const shown = shownIndicators(document, [row]);
  if (shown.length === 0) return paragraph('本月暂无指标数据。', `color:${COLORS.muted};`);
  return dataTable(
    ['指标', ...FIGURE_HEADERS],
    shown.map((k) => [labelCell(k), ...figureCells(row.indicators[k] as IndicatorFigures)]),
    { numeric: [1, 2, 3, 4, 5, 6, 7, 8] },
  );
}

/** The indicator's name on one line and its unit below, small. */
function labelCell(k: string): CellInput {
  return {
    content: raw(
      `<span style="white-space:nowrap;">${escapeHtml(indicatorName(k))}</span><br><span style="font-size:11px;color:${COLORS.muted};">${escapeHtml(indicatorUnit(k))}</span>`,
    ),
  };
}

function baseTable(
  document: SummaryDocument,
  row: { indicators: Record<string, IndicatorFigures> },
): Html | null {
  if (!document.asReportedBase) return null;
  const shown = shownIndicators(document, [row]).filter((k) => {
    const f = row.indicators[k];
    return f?.baseShift != null && f.baseShift !== '0';
  });
  if (shown.length === 0) return null;
  return join(
    paragraph(
      '本月承担企业的全年数据随企业计入本单位（经济指标随项目走），上年同期按可比口径调整：',
      `color:${COLORS.muted};font-size:13px;`,
    ),
    dataTable(
      ['指标', '上年同期（原口径）', '基数调整', '上年同期（可比口径）'],
      shown.map((k) => {
        const f = row.indicators[k] as IndicatorFigures;
        return [labelCell(k), money(f.reportedLastYearYtd), money(f.baseShift), money(f.lastYearYtd)];
      }),
      { numeric: [1, 2, 3] },
    ),
  );
}

/** Completion against time progress, one pair of bars per row. */
function chart(rows: { label: string; f: IndicatorFigures }[]): Html {
  const withTarget = rows.filter((r) => r.f.completion != null);
  if (withTarget.length === 0) return paragraph('未下达年度目标，无完成率可比。', `color:${COLORS.muted};`);
  const legend = `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:0 0 6px;"><tr><td width="12" style="width:12px;background:${COLORS.bar};font-size:1px;line-height:10px;">&nbsp;</td><td style="padding:0 14px 0 6px;font-size:12px;color:${COLORS.muted};">完成率</td><td width="12" style="width:12px;background:${COLORS.time};font-size:1px;line-height:10px;">&nbsp;</td><td style="padding:0 0 0 6px;font-size:12px;color:${COLORS.muted};">时序进度</td></tr></table>`;
  const body = withTarget
    .map(
      ({ label, f }) =>
        `<tr><td rowspan="2" width="170" valign="middle" style="width:170px;padding:5px 8px 5px 0;font-size:13px;border-bottom:1px solid ${COLORS.track};">${escapeHtml(label)}</td>` +
        `<td style="padding:5px 0 1px;">${bar(f.completion, COLORS.bar).html}</td>` +
        `<td width="90" align="right" style="width:90px;padding:5px 0 1px 8px;font-size:12px;white-space:nowrap;">${escapeHtml(percent(f.completion))}</td></tr>` +
        `<tr><td style="padding:1px 0 5px;border-bottom:1px solid ${COLORS.track};">${bar(f.timeProgress, COLORS.time, 6).html}</td>` +
        `<td width="90" align="right" style="width:90px;padding:1px 0 5px 8px;font-size:12px;color:${COLORS.muted};white-space:nowrap;border-bottom:1px solid ${COLORS.track};">${escapeHtml(percent(f.timeProgress))}</td></tr>`,
    )
    .join('');
  return raw(
    `${legend}<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;width:100%;">${body}</table>`,
  );
}

function truncatedNote(count: number, listed: number): Html | null {
  return count > listed
    ? paragraph(
        `（仅列出前 ${listed} 家，共 ${count} 家，完整名单见附件。）`,
        `color:${COLORS.muted};font-size:12px;`,
      )
    : null;
}

function listOrNone(count: number, table: () => Html, listed: number): Html {
  if (count === 0) return paragraph('无。', `color:${COLORS.muted};`);
  const note = truncatedNote(count, listed);
  return note ? join(table(), note) : table();
}

function enterpriseList(items: ListedEnterprise[]): Html {
  return dataTable(
    ['序号', '企业（项目）名称', '统一社会信用代码/项目编号'],
    items.map((e, i) => [String(i + 1), e.name, e.key]),
  );
}

/** A unit's transfers in or out: each with the unit on the other side (`header`, `other`). */
function transferList(
  count: number,
  items: readonly ListedTransfer[],
  header: string,
  other: (t: ListedTransfer) => string | null | undefined,
): Html {
  return listOrNone(
    count,
    () =>
      dataTable(
        ['企业（项目）名称', '统一社会信用代码/项目编号', header, '依据条款'],
        items.map((t) => [t.name, t.key, unitLabel(other(t)), clauseLabel(t.clause)]),
      ),
    items.length,
  );
}

/** A unit's or the district's counts with the lists the email shows of both. */
type Listed = SummaryCounts & { lists: Pick<SummaryLists, 'pendingHandovers' | 'completedThisMonth'> };

function pendingHandoverList(s: Listed): Html {
  return listOrNone(
    s.pendingHandovers,
    () =>
      dataTable(
        ['企业（项目）名称', '项目状态', '前期牵头', '配合街道（建成后移交）'],
        s.lists.pendingHandovers.map((h) => [
          h.name,
          STAGE_LABELS[h.stage],
          unitLabel(h.lead),
          unitLabel(h.cooperating),
        ]),
      ),
    s.lists.pendingHandovers.length,
  );
}

/** The carried enterprises by stage (新引进 → 已建成投产) and their total. */
function pipelineTable(s: SummaryCounts): Html {
  return dataTable(
    PIPELINE.map((stage) => STAGE_LABELS[stage]).concat('合计'),
    [[...PIPELINE.map((stage) => String(s.byStage[stage])), String(s.carried)]],
    { numeric: [0, 1, 2, 3, 4] },
  );
}

function completedTable(s: Listed): Html {
  return dataTable(
    ['企业（项目）名称', '建成投产日期', '现承担单位'],
    s.lists.completedThisMonth.map((c) => [c.name, c.completedOn, unitLabel(c.indicators)]),
  );
}

function completedList(s: Listed): Html {
  return listOrNone(s.completedThisMonth, () => completedTable(s), s.lists.completedThisMonth.length);
}

function footer(document: SummaryDocument, attachment: boolean): Html {
  const lines = [
    '口径说明：经济指标随项目走——本月由本单位承担指标的企业，其本年各月数据及上年同期（可比口径）均计入本单位；上年同期（原口径）为上年同月本单位承担企业的数据，两者之差为基数调整。',
    STORY_NOTE,
    `金额单位为万元（进出口总额、实际利用外资为万美元），保留两位小数；百分比保留一位小数；时序进度 = 月份 ÷ 12；环比 = 本月 ÷ 上月 − 1（同一批企业，一月与上年十二月相比）。“—”表示无数据。依据政策：武临开办〔2020〕1号（版本 ${document.policy}）。`,
    attachment ? '附件为本月报的 Excel 明细（汇总表、企业明细和名单）。' : '',
    '本邮件由系统自动发送，请勿直接回复；如数据有误，请更新台账或月度指标后由区商务局重新发布。',
  ].filter(Boolean);
  return raw(
    lines
      .map(
        (l) =>
          `<p style="margin:0 0 6px;font-size:12px;line-height:1.7;color:${COLORS.muted};">${escapeHtml(l)}</p>`,
      )
      .join(''),
  );
}

/** An email's HTML page: the headline of `counts` in bold, `facts` below it, the sections, the footer. */
function emailPage(
  document: SummaryDocument,
  title: string,
  counts: SummaryCounts,
  facts: string,
  sections: Html[],
): string {
  return page({
    title,
    kicker: KICKER,
    headline: join(
      paragraph(
        raw(
          `<strong style="font-size:16px;">${escapeHtml(headline(counts.carried, counts.transfersIn, counts.transfersOut))}</strong>`,
        ),
      ),
      paragraph(facts, `color:${COLORS.muted};font-size:13px;`),
    ),
    sections,
    footer: footer(document, true),
  });
}

function unitOf(document: SummaryDocument, unit: UnitId): UnitSummary {
  const row = document.units.find((u) => u.unit === unit);
  if (!row) throw new RangeError(`no summary row for unit ${unit}`);
  return row;
}

// ───────────────────────────── the unit email ─────────────────────────────

/** The email for one unit (street or office) in month M. */
export function renderUnitEmail(
  document: SummaryDocument,
  unit: UnitId,
  coordination?: CoordinationFacts,
): RenderedEmail {
  const u = unitOf(document, unit);
  const subject = unitSubject(document.month, unit);
  const title = `${monthLabel(document.month)}${u.name}经济指标月报`;
  const isOffice = u.kind === 'office';
  const shown = shownIndicators(document, [u]);

  const facts = [
    `服务企业 ${u.served} 家`,
    u.safety != null ? `安全生产属地企业 ${u.safety} 家` : null,
    u.cooperating > 0 ? `配合服务（待移交）${u.cooperating} 家` : null,
    storyCounts(u),
    `本月退出 ${u.leaving} 家`,
    `未报送 ${u.notReported} 家`,
  ].filter(Boolean);

  const sections: Html[] = [
    section(
      '主要指标',
      indicatorTable(document, u),
      ...[baseTable(document, u)].filter((x): x is Html => x != null),
    ),
    section(
      '完成率与时序进度',
      chart(shown.map((k) => ({ label: indicatorName(k), f: u.indicators[k] as IndicatorFigures }))),
    ),
    section(
      '本月划入',
      transferList(u.transfersIn, u.lists.transfersIn, '原承担单位', (t) => t.from),
    ),
    section(
      '本月划出',
      transferList(u.transfersOut, u.lists.transfersOut, '现承担单位', (t) => t.to),
    ),
    section('待移交项目', pendingHandoverList(u)),
  ];
  // coordination hook: 本月待确认划转 and the decisions in force (domain/email/coordination.ts)
  if (coordination) sections.push(...unitCoordinationSections(coordination, document.month, unit));
  if (isOffice) {
    sections.push(
      section('招商项目推进情况', pipelineTable(u)),
      section('本月建成投产项目', completedList(u)),
    );
  } else if (u.completedThisMonth > 0) {
    sections.push(section('本月建成投产项目', completedTable(u)));
  }
  sections.push(
    section(
      '未报送企业',
      listOrNone(u.notReported, () => enterpriseList(u.lists.notReported), u.lists.notReported.length),
    ),
  );

  const html = emailPage(document, title, u, `${facts.join('；')}。`, sections);
  const text = unitText(document, u, title);
  return {
    subject,
    html,
    text: coordination ? `${text}\n\n${unitCoordinationText(coordination, unit).join('\n')}` : text,
  };
}

// ───────────────────────────── the overview email ─────────────────────────────

/** What the overview needs besides the document. */
export interface OverviewOptions {
  /** Units with no contact who receives the summary (listed as 未配置联系人, never skipped silently). */
  unitsWithoutContacts: readonly UnitId[];
  /** The month's transfers with their status and the decisions. */
  coordination?: CoordinationFacts;
}

/** The district overview for the bureau in month M. */
export function renderOverviewEmail(document: SummaryDocument, options: OverviewOptions): RenderedEmail {
  const t = document.total;
  const subject = overviewSubject(document.month);
  const title = `${monthLabel(document.month)}全区经济指标月报`;
  const missing = new Set(options.unitsWithoutContacts);
  const shown = shownIndicators(document, [t, ...document.units]);

  const sections: Html[] = [];
  if (missing.size > 0) {
    sections.push(
      section(
        '未配置联系人的单位',
        notice(
          `以下 ${missing.size} 个单位未配置联系人，本月月报未能发送给这些单位：${[...missing].map((u) => unitName(u)).join('、')}。请在“单位联系人”表中补充后重新发布。`,
        ),
      ),
    );
  }
  const ranking = rankingOf(document);
  sections.push(section('全区主要指标', indicatorTable(document, t), totalsInHundredMillions(document, t)));
  sections.push(
    section(
      '各单位情况',
      dataTable(
        [
          '单位',
          '服务企业',
          '承担指标企业',
          '划入',
          '划出',
          '新登记',
          '退出',
          '待移交',
          '本月建成投产',
          '未报送',
          '联系人',
        ],
        [
          ...document.units.map((u) => [
            shortUnitName(u.unit),
            String(u.served),
            String(u.carried),
            String(u.transfersIn),
            String(u.transfersOut),
            String(u.new),
            String(u.leaving),
            String(u.pendingHandovers),
            String(u.completedThisMonth),
            String(u.notReported),
            missing.has(u.unit)
              ? ({ content: '未配置联系人', style: `color:${COLORS.behind};` } as CellInput)
              : '已配置',
          ]),
          [
            '全区合计',
            String(t.served),
            String(t.carried),
            String(t.transfersIn),
            String(t.transfersOut),
            String(t.new),
            String(t.leaving),
            String(t.pendingHandovers),
            String(t.completedThisMonth),
            String(t.notReported),
            '',
          ],
        ],
        { numeric: [1, 2, 3, 4, 5, 6, 7, 8, 9], emphasis: [document.units.length], nowrap: [0, 10] },
      ),
      paragraph(
        '待移交项目在牵头产业办和配合街道各列一次，全区合计只计一次。',
        `color:${COLORS.muted};font-size:12px;`,
      ),
    ),
  );
  // coordination hook: transfers confirmed / pending / disputed, decisions in force (after the units' table)
  if (options.coordination)
    sections.push(...overviewCoordinationSections(options.coordination, document.month));
  for (const k of shown) {
    const rows = rankedRows(document, ranking, k);
    sections.push(
      section(
        `分单位：${indicatorLabel(k)}`,
        dataTable(
          ['单位', '排名', ...FIGURE_HEADERS],
          [
            ...rows.map((u) => [
              shortUnitName(u.unit),
              rankText(ranking[k], u.unit),
              ...figureCells(u.indicators[k] as IndicatorFigures),
            ]),
            ['全区合计', '', ...figureCells(t.indicators[k] as IndicatorFigures)],
          ],
          { numeric: [2, 3, 4, 5, 6, 7, 8, 9], emphasis: [rows.length], nowrap: [0, 1] },
        ),
        paragraph(rankNote(ranking, k), `color:${COLORS.muted};font-size:12px;`),
      ),
    );
  }
  for (const k of shown) {
    const rows = rankedRows(document, ranking, k)
      .filter((u) => u.indicators[k]?.completion != null)
      .map((u) => ({ label: shortUnitName(u.unit), f: u.indicators[k] as IndicatorFigures }));
    if (rows.length === 0) continue;
    sections.push(section(`完成率与时序进度：${indicatorName(k)}`, chart(rows)));
  }
  sections.push(
    section(
      '本月划入/划出',
      listOrNone(
        t.transfersIn,
        () =>
          dataTable(
            ['企业（项目）名称', '统一社会信用代码/项目编号', '划出单位', '划入单位', '依据条款'],
            t.lists.transfersIn.map((x) => [
              x.name,
              x.key,
              unitLabel(x.from),
              unitLabel(x.to),
              clauseLabel(x.clause),
            ]),
          ),
        t.lists.transfersIn.length,
      ),
    ),
    section('待移交项目', pendingHandoverList(t)),
    section('招商项目推进情况（全区）', pipelineTable(t)),
    section('本月建成投产项目', completedList(t)),
    section('未报送企业', overviewNotReported(document)),
  );

  const facts = `全区服务企业 ${t.served} 家；待移交项目 ${t.pendingHandovers} 个；本月建成投产 ${t.completedThisMonth} 个；未报送 ${t.notReported} 家${t.unregistered > 0 ? `；另有 ${t.unregistered} 条指标数据的企业未在台账中登记，未计入任何单位` : ''}。`;
  const html = emailPage(document, title, t, facts, sections);
  const text = overviewText(document, missing, title);
  return {
    subject,
    html,
    text: options.coordination
      ? `${text}\n\n${overviewCoordinationText(options.coordination).join('\n')}`
      : text,
  };
}

/** The units with any figure of indicator k, in the order of its ranking (the unranked last). */
function rankedRows(document: SummaryDocument, ranking: DistrictRanking, k: string): UnitSummary[] {
  const order = new Map((ranking[k]?.ranks ?? []).map((r, i) => [r.unit, i]));
  return document.units
    .filter((u) => {
      const f = u.indicators[k];
      return f && (f.month != null || f.ytd != null || f.target != null || f.lastYearYtd != null);
    })
    .sort((a, b) => (order.get(a.unit) ?? 99) - (order.get(b.unit) ?? 99));
}

/** 「按完成率排名；并列者名次相同，没有本年累计的单位不排名。」 */
function rankNote(ranking: DistrictRanking, k: string): string {
  return `${rankBasisText(ranking[k])}；并列者名次相同，没有本年累计的单位不排名。`;
}

/** The district's 本年累计 of each indicator in 亿元 (亿美元), rounded, and the exact figure beside. */
function totalsInHundredMillions(document: SummaryDocument, t: DistrictTotal): Html {
  const shown = ytdShown(document, t);
  if (shown.length === 0) return join();
  return dataTable(
    ['指标', '全区本年累计', '精确值'],
    shown.map((k) => {
      const a = districtAmount(t.indicators[k]?.ytd, k);
      return [indicatorName(k), a.text, a.exact];
    }),
    { numeric: [1, 2], nowrap: [0] },
  );
}

function ytdShown(document: SummaryDocument, t: DistrictTotal): string[] {
  return shownIndicators(document, [t]).filter((k) => t.indicators[k]?.ytd != null);
}

function hundredMillionLines(document: SummaryDocument, t: DistrictTotal): string[] {
  return ytdShown(document, t).map((k) => {
    const a = districtAmount(t.indicators[k]?.ytd, k);
    return `${indicatorName(k)} ${a.text}（精确值 ${a.exact}）`;
  });
}

/** The ranking of every shown indicator, one line each, the streets' then the offices' (the plain-text alternative). */
function rankingLines(document: SummaryDocument, ranking: DistrictRanking): string[] {
  return shownIndicators(document, [document.total, ...document.units]).map((k) => {
    const r = ranking[k];
    const groups = RANK_GROUPS.filter((g) => r?.ranks.some((x) => x.group === g) ?? false).map((g) => {
      const placed = (r?.ranks ?? [])
        .filter((x) => x.group === g && x.rank != null)
        .map((x) => `${x.rank}. ${unitName(x.unit as UnitId)}`);
      return `${RANK_GROUP_LABELS[g]}：${placed.length ? placed.join('、') : '无'}`;
    });
    return `  ${indicatorLabel(k)}（${rankBasisText(r)}）：${groups.join('；') || '无'}`;
  });
}

function overviewNotReported(document: SummaryDocument): Html {
  const rows = document.units.flatMap((u) =>
    u.lists.notReported.map((e) => [shortUnitName(u.unit), e.name, e.key]),
  );
  const count = document.total.notReported;
  if (count === 0) return paragraph('无。', `color:${COLORS.muted};`);
  const listed = rows.slice(0, 200);
  const table = dataTable(['单位', '企业（项目）名称', '统一社会信用代码/项目编号'], listed);
  const note = truncatedNote(count, listed.length);
  return note ? join(table, note) : table;
}

// ───────────────────────────── plain text ─────────────────────────────

function figureLines(
  document: SummaryDocument,
  row: { indicators: Record<string, IndicatorFigures> },
): string[] {
  const shown = shownIndicators(document, [row]);
  if (shown.length === 0) return ['  本月暂无指标数据。'];
  return shown.map((k) => {
    const f = row.indicators[k] as IndicatorFigures;
    return `  ${indicatorLabel(k)}：本月 ${money(f.month)}；本年累计 ${money(f.ytd)}；同比（可比口径）${percent(f.yoy)}；环比 ${percent(f.mom ?? null)}；年度目标 ${targetText(f)}；完成率 ${percent(f.completion)}；时序进度 ${percent(f.timeProgress)}；超（落后）时序进度 ${points(f.ahead)}`;
  });
}

function listLines(title: string, count: number, lines: string[]): string[] {
  const out = [`${title}（${count}）：`];
  if (count === 0) out.push('  无。');
  else out.push(...lines.map((l, i) => `  ${i + 1}. ${l}`));
  if (count > lines.length) out.push(`  （仅列出前 ${lines.length} 家，共 ${count} 家，完整名单见附件。）`);
  return out;
}

function unitText(document: SummaryDocument, u: UnitSummary, title: string): string {
  const lines = [
    title,
    '',
    headline(u.carried, u.transfersIn, u.transfersOut),
    `服务企业 ${u.served} 家；${u.safety != null ? `安全生产属地企业 ${u.safety} 家；` : ''}${storyCounts(u)}；本月退出 ${u.leaving} 家；未报送 ${u.notReported} 家。`,
    '',
    '主要指标：',
    ...figureLines(document, u),
    '',
    ...listLines(
      '本月划入',
      u.transfersIn,
      u.lists.transfersIn.map((t) => `${t.name}（${t.key}），原承担单位：${unitLabel(t.from)}`),
    ),
    ...listLines(
      '本月划出',
      u.transfersOut,
      u.lists.transfersOut.map((t) => `${t.name}（${t.key}），现承担单位：${unitLabel(t.to)}`),
    ),
    ...listLines(
      '待移交项目',
      u.pendingHandovers,
      u.lists.pendingHandovers.map(
        (h) =>
          `${h.name}（${STAGE_LABELS[h.stage]}），牵头：${unitLabel(h.lead)}，配合：${unitLabel(h.cooperating)}`,
      ),
    ),
  ];
  if (u.kind === 'office') {
    lines.push(
      `招商项目推进情况：${PIPELINE.map((s) => `${STAGE_LABELS[s]} ${u.byStage[s]}`).join('，')}，合计 ${u.carried}。`,
      ...listLines(
        '本月建成投产项目',
        u.completedThisMonth,
        u.lists.completedThisMonth.map((c) => `${c.name}（${c.completedOn}）`),
      ),
    );
  }
  lines.push(
    ...listLines(
      '未报送企业',
      u.notReported,
      u.lists.notReported.map((e) => `${e.name}（${e.key}）`),
    ),
    '',
    '金额单位为万元（进出口总额、实际利用外资为万美元）；“—”表示无数据。附件为本月报的 Excel 明细。',
    '本邮件由系统自动发送，请勿直接回复。',
  );
  return `${lines.join('\n')}\n`;
}

function overviewText(document: SummaryDocument, missing: Set<UnitId>, title: string): string {
  const t: DistrictTotal = document.total;
  const lines = [title, '', headline(t.carried, t.transfersIn, t.transfersOut)];
  if (missing.size > 0) {
    lines.push(
      `未配置联系人的单位（${missing.size}）：${[...missing].map((u) => unitName(u)).join('、')}——本月月报未能发送给这些单位（未配置联系人）。`,
    );
  }
  lines.push('', '全区主要指标：', ...figureLines(document, t));
  const yi = hundredMillionLines(document, t);
  if (yi.length > 0) lines.push(`  全区本年累计（以亿计）：${yi.join('；')}`);
  lines.push('', '各单位排名（并列者名次相同，没有本年累计的单位不排名）：');
  lines.push(...rankingLines(document, rankingOf(document)), '', '各单位情况：');
  for (const u of document.units) {
    lines.push(
      `  ${u.name}：承担指标企业 ${u.carried} 家，划入 ${u.transfersIn}、划出 ${u.transfersOut}，未报送 ${u.notReported}${missing.has(u.unit) ? '，未配置联系人' : ''}`,
    );
  }
  lines.push(
    '',
    ...listLines(
      '本月划入/划出',
      t.transfersIn,
      t.lists.transfersIn.map((x) => `${x.name}（${x.key}）：${unitLabel(x.from)} → ${unitLabel(x.to)}`),
    ),
    ...listLines(
      '待移交项目',
      t.pendingHandovers,
      t.lists.pendingHandovers.map(
        (h) => `${h.name}，牵头：${unitLabel(h.lead)}，配合：${unitLabel(h.cooperating)}`,
      ),
    ),
    '',
    '金额单位为万元（进出口总额、实际利用外资为万美元）；“—”表示无数据。附件为本月报的 Excel 明细。',
    '本邮件由系统自动发送，请勿直接回复。',
  );
  return `${lines.join('\n')}\n`;
}
