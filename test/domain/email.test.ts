import { describe, expect, it } from 'vitest';
import { rulesOf } from '#domain/decisions';
import {
  attachmentName,
  escapeHtml,
  money,
  overviewSubject,
  overviewWorkbookSheets,
  percent,
  points,
  renderOverviewEmail,
  renderUnitEmail,
  unitSubject,
  unitWorkbookSheets,
} from '#domain/email/index';
import { POLICIES } from '#domain/policy/index';
import { summarize } from '#domain/summaries';
import type { RegisterRecord } from '#domain/types';
import { rec, row } from './summaries-support.ts';

const records: RegisterRecord[][] = [
  [rec({ key: 'A', name: '=HYPERLINK("http://x")', month: '2025-01' })],
  [rec({ key: 'B', stage: 'signed', recruiter: 'shipin', street: 'jinghe', month: '2025-01' })],
  [
    rec({
      key: 'C',
      stage: 'built',
      recruiter: 'shipin',
      street: 'jinghe',
      completedOn: '2026-10-05',
      month: '2025-01',
    }),
  ],
  [rec({ key: 'D', street: 'changqing', month: '2025-01', name: '<script>alert("x")</script>&公司' })],
];
const indicators = [
  row('A', '2025-03', { revenue: '100' }),
  row('A', '2026-03', { revenue: '200.005' }),
  row('A', '2026-10', { revenue: '30', tax: '0' }),
  row('C', '2026-10', { revenue: '5.25' }),
];
const summaries = summarize({
  month: '2026-10',
  records,
  indicators,
  targets: [
    { unit: 'changqing', year: 2026, values: { revenue: '1000' } },
    { unit: 'district', year: 2026, values: { revenue: '2000' } },
  ],
  rules: rulesOf(POLICIES),
});
const { document } = summaries;

describe('formatting for people', () => {
  it.each([
    ['1234.565', '1,234.57'],
    ['-0.005', '-0.01'],
    ['0', '0.00'],
    [null, '—'],
  ])('money(%s) = %s', (value, shown) => expect(money(value)).toBe(shown));

  it.each([
    [0.19753, '19.8%'],
    [0.0005, '0.1%'],
    [-0.6475, '-64.8%'],
    [10 / 12, '83.3%'],
    [null, '—'],
  ])('percent(%s) = %s', (value, shown) => expect(percent(value)).toBe(shown));

  it.each([
    [0.023, '超 2.3 个百分点'],
    [-0.6033333, '落后 60.3 个百分点'],
    [0.00001, '持平'],
    [null, '—'],
  ])('points(%s) = %s', (value, shown) => expect(points(value)).toBe(shown));

  it('escapes HTML', () =>
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;'));
});

describe('unit email', () => {
  const mail = renderUnitEmail(document, 'changqing');

  it('subject and attachment name', () => {
    expect(mail.subject).toBe('【临空港经开区】2026年10月长青街经济指标月报');
    expect(unitSubject('2026-01', 'jidian')).toBe(
      '【临空港经开区】2026年1月机电产业建设管理办公室经济指标月报',
    );
    expect(overviewSubject('2026-10')).toBe('【临空港经开区】2026年10月全区经济指标月报');
    expect(attachmentName('2026-10', null)).toBe('2026年10月全区经济指标月报.xlsx');
  });

  it('HTML: tables and inline CSS, no script, no images, no external resources, every value escaped', () => {
    expect(mail.html).not.toMatch(/<script/i);
    expect(mail.html).not.toMatch(/<img|<link|<style|url\(|src=/i);
    expect(mail.html).not.toMatch(/class=/);
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;公司');
  });

  it('headline, indicator table with the eight columns, rounding only here', () => {
    expect(mail.html).toContain('本月承担指标企业 2 家，划入 0 家、划出 0 家；');
    for (const h of [
      '指标',
      '本月',
      '本年累计',
      '同比（可比口径）',
      '年度目标',
      '完成率',
      '时序进度',
      '超（落后）时序进度',
    ]) {
      expect(mail.html).toContain(`>${h}</th>`);
    }
    expect(mail.html).toMatch(/营业收入<\/span><br><span[^>]*>万元<\/span>/);
    expect(mail.html).toContain('230.01'); // 200.005 + 30 = 230.005 → 230.01
    expect(mail.html).toContain('23.0%'); // completion 230.005 / 1000
    expect(mail.html).toContain('83.3%');
    expect(mail.html).toContain('落后 60.3 个百分点');
    expect(mail.html).toContain('>0.00<'); // tax reported 0 is 0.00, not —
  });

  it('bar chart drawn with table cells of set widths', () => {
    expect(mail.html).toContain('width="23%"');
    expect(mail.html).toContain('width="77%"');
    expect(mail.html).toContain('width="83%"');
  });

  it('lists: transfers, pending handovers and not reported', () => {
    const jinghe = renderUnitEmail(document, 'jinghe');
    expect(jinghe.html).toContain('本月划入');
    expect(jinghe.html).toContain('食品医药产业建设管理办公室'); // C came from shipin
    expect(jinghe.html).toContain('待移交项目');
    expect(jinghe.html).toContain('企业B');
    expect(mail.html).toContain('未报送企业');
    expect(mail.html).toContain('&lt;script&gt;alert'); // D did not report
  });

  it('offices get the pipeline by stage and projects completed this month', () => {
    const shipin = renderUnitEmail(document, 'shipin');
    expect(shipin.html).toContain('招商项目推进情况');
    expect(shipin.html).toContain('>新引进</th>');
    expect(shipin.html).toContain('本月建成投产项目');
    expect(shipin.html).toContain('2026-10-05');
    expect(mail.html).not.toContain('招商项目推进情况');
  });

  it('plain-text alternative', () => {
    expect(mail.text).toContain('2026年10月长青街经济指标月报');
    expect(mail.text).toContain('本月承担指标企业 2 家，划入 0 家、划出 0 家；');
    expect(mail.text).toContain('营业收入（万元）：本月 30.00；本年累计 230.01');
    expect(mail.text).not.toMatch(/<(table|td|p|div)\b/);
  });
});

describe('overview email', () => {
  const mail = renderOverviewEmail(document, { unitsWithoutContacts: ['xiandai', 'jinghe'] });

  it('names units without contacts (未配置联系人), never silently', () => {
    expect(mail.subject).toBe('【临空港经开区】2026年10月全区经济指标月报');
    expect(mail.html).toContain('未配置联系人');
    expect(mail.html).toContain('现代服务产业建设管理办公室、径河街');
    expect(mail.text).toContain('未配置联系人');
  });

  it('a total row, per-unit indicator tables and charts per unit', () => {
    expect(mail.html).toContain('全区合计');
    expect(mail.html).toContain('分单位：营业收入（万元）');
    expect(mail.html).toContain('完成率与时序进度：营业收入');
    expect(mail.html).not.toMatch(/<script|<img/i);
  });

  it('without missing contacts there is no notice', () => {
    expect(renderOverviewEmail(document, { unitsWithoutContacts: [] }).html).not.toContain(
      '未配置联系人的单位',
    );
  });
});

describe('attachment rows', () => {
  it('a unit: the indicator table, counts, one row per enterprise with every indicator month and ytd', () => {
    const sheets = unitWorkbookSheets(summaries, 'changqing');
    expect(sheets.map((s) => s.name)).toEqual(['指标汇总', '企业数量', '企业明细', '名单', '说明']);
    const enterprises = sheets[2]!.rows;
    expect(enterprises).toHaveLength(3); // header + A + D
    expect(enterprises[0]).toContain('营业收入本月');
    expect(enterprises[0]).toContain('实际利用外资本年累计');
    const a = enterprises.find((r) => r[0] === 'A')!;
    expect(a.slice(0, 5)).toEqual(['A', '=HYPERLINK("http://x")', '已建成投产', '长青街', '长青街']);
    const revenue = sheets[0]!.rows.find((r) => r[1] === '营业收入（万元）')!;
    expect(revenue.slice(2, 4)).toEqual([30, 230.005]);
    expect(sheets[0]!.rows).toHaveLength(9); // header + 8 indicators
  });

  it('the overview: units, total, all enterprises', () => {
    const sheets = overviewWorkbookSheets(summaries, { unitsWithoutContacts: ['xiandai'] });
    const counts = sheets[0]!.rows;
    expect(counts).toHaveLength(1 + 18 + 1);
    expect(counts.at(-1)![0]).toBe('全区合计');
    expect(counts.find((r) => r[0] === '现代服务产业建设管理办公室')!.at(-1)).toBe('未配置联系人');
    expect(sheets[2]!.rows).toHaveLength(1 + 4);
  });
});
