/**
 * 全区概览 (the bureau): every unit in one table and one chart (完成率 of an indicator against
 * 时序进度), each unit a link to its own page.
 */

import { useState } from 'preact/hooks';
import { targetText } from '../../../domain/email/format.ts';
import { download, getJson } from '../api.ts';
import { Chart, ErrorBox, Loading, Page, Table, useData } from '../components.tsx';
import { amount, INDICATOR_LIST, indicatorName, monthLabel, percent } from '../format.ts';
import { MonthPicker, useLatestMonth } from '../month-picker.tsx';
import { go, href } from '../router.ts';
import type { SummaryDocument } from '../types.ts';

export function OverviewPage(props: { month: string | null }) {
  const latest = useLatestMonth();
  const month = props.month ?? latest ?? null;
  const [indicator, setIndicator] = useState('revenue');
  const [data, error] = useData(
    async () => (month ? getJson<SummaryDocument>(`/summaries/${month}`) : null),
    [month],
  );
  const rows = data ? [...data.units, { ...data.total, unit: '', name: '全区合计' }] : [];
  return (
    <Page
      title="全区概览"
      actions={
        month ? (
          <button
            type="button"
            onClick={() => void download(`/summaries/${month}/workbook`, `全区${month}月报.xlsx`)}
          >
            下载全区月报（xlsx）
          </button>
        ) : null
      }
    >
      {latest === null ? <p class="empty">还没有导入任何台账。</p> : null}
      <div class="filters">
        {latest && month ? (
          <MonthPicker latest={latest} value={month} onChange={(m) => go(['overview'], { month: m })} />
        ) : null}
        <label>
          指标{' '}
          <select value={indicator} onChange={(e) => setIndicator((e.target as HTMLSelectElement).value)}>
            {INDICATOR_LIST.map((i) => (
              <option value={i.id}>{i.name}</option>
            ))}
          </select>
        </label>
      </div>
      {error ? <ErrorBox error={error} /> : null}
      {!data && !error && latest !== null ? <Loading what="全区汇总" /> : null}
      {data ? (
        <>
          <section class="card" aria-labelledby="chart-title">
            <h2 id="chart-title">
              {monthLabel(data.month)}各单位{indicatorName(indicator)}完成率（时序进度{' '}
              {percent(data.timeProgress)}）
            </h2>
            <Chart
              label={`各单位${indicatorName(indicator)}完成率与时序进度`}
              height={340}
              option={{
                tooltip: { trigger: 'axis' },
                grid: { left: 50, right: 20, top: 30, bottom: 80 },
                xAxis: {
                  type: 'category',
                  data: data.units.map((u) => u.name),
                  axisLabel: { rotate: 45, interval: 0 },
                },
                yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
                series: [
                  {
                    name: '完成率',
                    type: 'bar',
                    data: data.units.map(
                      (u) => Math.round((u.indicators[indicator]?.completion ?? 0) * 1000) / 10,
                    ),
                    markLine: {
                      symbol: 'none',
                      data: [{ yAxis: Math.round(data.timeProgress * 1000) / 10, name: '时序进度' }],
                      label: { formatter: '时序进度 {c}%', position: 'insideEndTop' },
                    },
                  },
                ],
              }}
            />
          </section>
          <Table
            caption={`${monthLabel(data.month)}各单位汇总`}
            rows={rows}
            columns={[
              {
                title: '单位',
                cell: (u) =>
                  u.unit ? <a href={href(['units', u.unit])}>{u.name}</a> : <strong>{u.name}</strong>,
              },
              { title: '服务企业', cell: (u) => u.served, numeric: true },
              { title: '承担指标', cell: (u) => u.carried, numeric: true },
              { title: '划入 / 划出', cell: (u) => `${u.transfersIn} / ${u.transfersOut}` },
              { title: '未报指标', cell: (u) => u.notReported, numeric: true },
              {
                title: `${indicatorName(indicator)}本年累计`,
                cell: (u) => amount(u.indicators[indicator]?.ytd),
                numeric: true,
              },
              {
                title: '年度目标',
                cell: (u) => targetText(u.indicators[indicator] ?? { target: null }),
                numeric: true,
              },
              { title: '完成率', cell: (u) => percent(u.indicators[indicator]?.completion), numeric: true },
            ]}
          />
        </>
      ) : null}
    </Page>
  );
}
