/**
 * 首页: a unit's month — counts by role, each indicator's 本年累计 against its target
 * (完成率 vs 时序进度), and a 12-month trend (loaded after the figures, chart drawn lazily).
 * For the bureau without a unit: the district's totals.
 */
import { useEffect, useState } from 'preact/hooks';
import { getJson } from '../api.ts';
import type { Session } from '../auth.ts';
import { Chart, ErrorBox, Loading, Page, Table, useData } from '../components.tsx';
import { unitName } from '../config.ts';
import {
  amount,
  INDICATOR_LIST,
  indicatorName,
  monthLabel,
  percent,
  points,
  previousMonth,
  ROLES,
} from '../format.ts';
import { href } from '../router.ts';
import type { IndicatorFigures, SummaryDocument, UnitSummary, UnitsAnswer } from '../types.ts';

async function summaryOf(month: string, unit: string | null): Promise<UnitSummary> {
  if (unit) return getJson<UnitSummary>(`/summaries/${month}/units/${unit}`);
  return (await getJson<SummaryDocument>(`/summaries/${month}`)).total;
}

function Trend(props: { month: string; unit: string | null }) {
  const [indicator, setIndicator] = useState('revenue');
  const [series, setSeries] = useState<Array<{ month: string; figures: IndicatorFigures | null }> | null>(
    null,
  );
  useEffect(() => {
    let live = true;
    const months = Array.from({ length: 12 }, (_, i) => previousMonth(props.month, 11 - i));
    Promise.all(
      months.map((m) =>
        summaryOf(m, props.unit).then(
          (s) => s.indicators,
          () => null,
        ),
      ),
    ).then((all) => {
      if (live) setSeries(months.map((m, i) => ({ month: m, figures: all[i]?.[indicator] ?? null })));
    });
    return () => {
      live = false;
    };
  }, [props.month, props.unit, indicator]);
  const name = indicatorName(indicator);
  return (
    <section aria-labelledby="trend-title" class="card">
      <div class="card-head">
        <h2 id="trend-title">近 12 个月趋势</h2>
        <label>
          指标{' '}
          <select value={indicator} onChange={(e) => setIndicator((e.target as HTMLSelectElement).value)}>
            {INDICATOR_LIST.map((i) => (
              <option value={i.id}>{i.name}</option>
            ))}
          </select>
        </label>
      </div>
      {!series ? (
        <Loading what="趋势" />
      ) : (
        <>
          <Chart
            label={`${name}近 12 个月的本月值与本年累计`}
            option={{
              tooltip: { trigger: 'axis' },
              legend: { data: ['本月', '本年累计'] },
              grid: { left: 60, right: 20, top: 40, bottom: 30 },
              xAxis: { type: 'category', data: series.map((s) => monthLabel(s.month).replace(/^\d+年/, '')) },
              yAxis: { type: 'value', name: name.replace(/^.*（/, '').replace('）', '') },
              series: [
                { name: '本月', type: 'bar', data: series.map((s) => Number(s.figures?.month ?? 0)) },
                { name: '本年累计', type: 'line', data: series.map((s) => Number(s.figures?.ytd ?? 0)) },
              ],
            }}
          />
          <details>
            <summary>查看趋势数据表</summary>
            <Table
              caption={`${name}近 12 个月`}
              rows={series}
              columns={[
                { title: '月份', cell: (s) => monthLabel(s.month) },
                { title: '本月', cell: (s) => amount(s.figures?.month), numeric: true },
                { title: '本年累计', cell: (s) => amount(s.figures?.ytd), numeric: true },
              ]}
            />
          </details>
        </>
      )}
    </section>
  );
}

export function IndicatorTable(props: { summary: UnitSummary; caption: string }) {
  const rows = INDICATOR_LIST.map((i) => ({ ...i, f: props.summary.indicators[i.id] })).filter((r) => r.f);
  return (
    <Table
      caption={props.caption}
      rows={rows}
      columns={[
        { title: '指标', cell: (r) => indicatorName(r.id) },
        { title: '本月', cell: (r) => amount(r.f?.month), numeric: true },
        { title: '本年累计', cell: (r) => amount(r.f?.ytd), numeric: true },
        { title: '同比', cell: (r) => percent(r.f?.yoy), numeric: true },
        { title: '年度目标', cell: (r) => amount(r.f?.target), numeric: true },
        {
          title: '完成率 / 时序进度',
          cell: (r) => (
            <span class="progress-cell">
              <meter min={0} max={1} value={Math.min(r.f?.completion ?? 0, 1)} aria-hidden="true" />
              {percent(r.f?.completion)} / {percent(r.f?.timeProgress)}
            </span>
          ),
        },
        {
          title: '超（落后）时序进度',
          cell: (r) => <span class={(r.f?.ahead ?? 0) < 0 ? 'behind' : 'ahead'}>{points(r.f?.ahead)}</span>,
        },
      ]}
    />
  );
}

export function HomePage(props: { session: Session; unit: string | null }) {
  const unit = props.unit;
  // first the counts (GET /units answers quickly), then the month's figures (the summary)
  const [units, error] = useData(() => getJson<UnitsAnswer>('/units'), [unit]);
  const month = units?.month ?? null;
  const [summary, summaryError] = useData(async () => (month ? summaryOf(month, unit) : null), [month, unit]);
  const title = unit ? `${unitName(unit)} · 本月概况` : '全区 · 本月概况';
  if (error) return <Page title={title}>{<ErrorBox error={error} />}</Page>;
  if (!units) return <Page title={title}>{<Loading />}</Page>;
  if (!month)
    return (
      <Page title={title}>
        <p class="empty">
          还没有导入任何台账。请到<a href="#/upload">上传台账</a>上传本单位的台账。
        </p>
      </Page>
    );
  const counts: Record<string, number> | null = unit
    ? (units.items.find((u) => u.id === unit)?.counts ?? null)
    : summary
      ? { service: summary.served, indicators: summary.carried }
      : null;
  const enterprisesLink = (role: string) =>
    unit
      ? href(['enterprises'], { role, unit: props.session.role === 'bureau' ? unit : null })
      : href(['overview']);
  return (
    <Page title={title}>
      <p class="sub" data-testid="home-month">
        报送月份：{monthLabel(month)}
        {unit && props.session.role === 'bureau' ? (
          <>
            {' '}
            · <a href={href(['overview'])}>返回全区概览</a>
          </>
        ) : null}
      </p>
      <ul class="tiles" aria-label="企业数">
        {Object.entries(counts ?? {}).map(([role, n]) => (
          <li class="tile">
            <span class="tile-label">{ROLES[role] ?? role}企业</span>
            <a class="tile-value" href={enterprisesLink(role)}>
              {n}
              <span class="visually-hidden"> 家，查看名单</span>
            </a>
          </li>
        ))}
        {summary ? (
          <>
            <li class="tile">
              <span class="tile-label">本月划入 / 划出</span>
              <span class="tile-value">
                {summary.transfersIn} / {summary.transfersOut}
              </span>
            </li>
            <li class="tile">
              <span class="tile-label">未报指标</span>
              <span class="tile-value">{summary.notReported}</span>
            </li>
          </>
        ) : null}
      </ul>
      <section aria-labelledby="ind-title" class="card">
        <h2 id="ind-title">经济指标（万元，外资类为万美元）</h2>
        {summaryError ? <ErrorBox error={summaryError} /> : null}
        {summary ? (
          <IndicatorTable summary={summary} caption={`${monthLabel(month)}经济指标完成情况`} />
        ) : summaryError ? null : (
          <Loading what="本月指标" />
        )}
      </section>
      {summary ? <Trend month={month} unit={unit} /> : null}
    </Page>
  );
}
