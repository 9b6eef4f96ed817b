/**
 * The reminder (催报) before the publish date: to a unit, the enterprises whose indicators it
 * carries in month M with no figure reported; to the bureau, the same lists by unit. Rendered
 * like the monthly e-mails (the same page, kicker and subject prefix). Pure.
 *
 * @module
 */
import { monthLabel } from '../months.ts';
import { PUBLISH_DATE_UNSET, type PublishDate } from '../publish-date.ts';
import type { ListedEnterprise } from '../summaries.ts';
import type { Month } from '../types.ts';
import { type UnitId, unitName } from '../units.ts';
import { escapeHtml } from './format.ts';
import { COLORS, dataTable, type Html, notice, page, paragraph, raw, section } from './html.ts';
import { KICKER, type RenderedEmail, SUBJECT_PREFIX } from './render.ts';

/** One unit's enterprises not yet reported in M. */
export interface UnitReminder {
  unit: UnitId;
  notReported: ListedEnterprise[];
}

/** 2026年11月10日 09:00, or 发布日期未定. */
export function publishDateLabel(date: PublishDate | null): string {
  if (!date) return PUBLISH_DATE_UNSET;
  const [y, m, d] = date.date.split('-').map(Number);
  return `${y}年${m}月${d}日 ${date.time}`;
}

function deadline(month: Month, date: PublishDate | null): string {
  return date
    ? `${monthLabel(month)}经济指标月报将于 ${publishDateLabel(date)} 发布，月报以发布时已报送的数据为准。请在此之前报送下列企业的月度指标。`
    : `${monthLabel(month)}经济指标月报的${PUBLISH_DATE_UNSET}；请尽快报送下列企业的月度指标，以免月报中缺少其数据。`;
}

const HOW =
  '报送方式：在管理台“上传”页上传本单位的月度指标表（或由区商务局导入）；已报送的企业将在下一次提醒和月报中不再列为未报送。';

function footer(): Html {
  return raw(
    [
      HOW,
      '未报送：本月由本单位承担指标的企业，本月没有任何一项指标数据。',
      '本邮件由系统自动发送，请勿直接回复。',
    ]
      .map(
        (l) =>
          `<p style="margin:0 0 6px;font-size:12px;line-height:1.7;color:${COLORS.muted};">${escapeHtml(l)}</p>`,
      )
      .join(''),
  );
}

function enterpriseTable(items: ListedEnterprise[]): Html {
  return dataTable(
    ['序号', '企业（项目）名称', '统一社会信用代码/项目编号'],
    items.map((e, i) => [String(i + 1), e.name, e.key]),
  );
}

/** 【临空港经开区】催报：2026年10月长青街尚有 3 家企业未报送指标 */
export function unitReminderSubject(month: Month, unit: UnitId, count: number): string {
  return `${SUBJECT_PREFIX}催报：${monthLabel(month)}${unitName(unit)}尚有 ${count} 家企业未报送指标`;
}

/** 【临空港经开区】催报：2026年10月全区尚有 5 家企业未报送指标 */
export function overviewReminderSubject(month: Month, count: number): string {
  return `${SUBJECT_PREFIX}催报：${monthLabel(month)}全区尚有 ${count} 家企业未报送指标`;
}

/** A unit's reminder: its enterprises not reported in M and the publish date. */
export function renderUnitReminder(
  month: Month,
  date: PublishDate | null,
  reminder: UnitReminder,
): RenderedEmail {
  const count = reminder.notReported.length;
  const name = unitName(reminder.unit);
  const title = `${monthLabel(month)}${name}指标报送提醒`;
  const html = page({
    title,
    kicker: KICKER,
    headline: raw(
      [
        paragraph(raw(`<strong style="font-size:16px;">尚有 ${count} 家企业未报送本月指标</strong>`)).html,
        notice(deadline(month, date)).html,
      ].join(''),
    ),
    sections: [section('未报送企业', enterpriseTable(reminder.notReported))],
    footer: footer(),
  });
  const text = [
    title,
    '',
    `尚有 ${count} 家企业未报送本月指标。`,
    deadline(month, date),
    '',
    '未报送企业：',
    ...reminder.notReported.map((e, i) => `  ${i + 1}. ${e.name}（${e.key}）`),
    '',
    HOW,
  ].join('\n');
  return { subject: unitReminderSubject(month, reminder.unit, count), html, text };
}

/** The bureau's reminder: every unit's list, and the units whose contacts get none (未配置联系人). */
export function renderOverviewReminder(
  month: Month,
  date: PublishDate | null,
  reminders: UnitReminder[],
  unitsWithoutContacts: readonly UnitId[],
): RenderedEmail {
  const withList = reminders.filter((r) => r.notReported.length > 0);
  const count = withList.reduce((n, r) => n + r.notReported.length, 0);
  const missing = new Set(unitsWithoutContacts);
  const title = `${monthLabel(month)}全区指标报送提醒`;
  const summary = dataTable(
    ['单位', '未报送企业数', '提醒对象'],
    withList.map((r) => [
      unitName(r.unit),
      String(r.notReported.length),
      missing.has(r.unit) ? '未配置联系人，未发送' : '本单位联系人',
    ]),
    { numeric: [1] },
  );
  const rows = withList.flatMap((r) => r.notReported.map((e) => [unitName(r.unit), e.name, e.key]));
  const html = page({
    title,
    kicker: KICKER,
    headline: raw(
      [
        paragraph(
          raw(
            `<strong style="font-size:16px;">全区尚有 ${count} 家企业未报送本月指标，涉及 ${withList.length} 个单位</strong>`,
          ),
        ),
        notice(deadline(month, date)),
      ]
        .map((h) => h.html)
        .join(''),
    ),
    sections:
      count === 0
        ? [section('未报送企业', paragraph('无：各单位承担指标的企业本月均已报送。'))]
        : [
            section('各单位未报送情况', summary),
            section(
              '未报送企业（按单位）',
              dataTable(['单位', '企业（项目）名称', '统一社会信用代码/项目编号'], rows),
            ),
          ],
    footer: footer(),
  });
  const text = [
    title,
    '',
    `全区尚有 ${count} 家企业未报送本月指标，涉及 ${withList.length} 个单位。`,
    deadline(month, date),
    '',
    ...withList.flatMap((r) => [
      `${unitName(r.unit)}：${r.notReported.length} 家${missing.has(r.unit) ? '（未配置联系人，未发送提醒）' : ''}`,
      ...r.notReported.map((e) => `  ${e.name}（${e.key}）`),
    ]),
  ].join('\n');
  return { subject: overviewReminderSubject(month, count), html, text };
}
