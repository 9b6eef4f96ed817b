/**
 * 全区概览 (the bureau): every unit in one sortable table, ranked per indicator, the streets
 * among the streets and the offices among the offices (by 完成率, or by 本年累计 when a unit of
 * the group has no target: domain/district-figures.ts, the same ranking as the overview
 * e-mail); columns sort exactly (amounts as decimals, not floats); ahead or behind 时序进度 in words, the district's total in 亿元; every count
 * links to its enterprises; one chart (bars per unit, names on their own axis).
 */

import { useState } from 'preact/hooks';
import {
  districtAmount,
  placeText,
  RANK_GROUPS,
  rankBasisText,
  rankingOf,
  type UnitRank,
} from '../../../domain/district-figures.ts';
import { indicatorUnit, money, points, shortUnitName, targetText } from '../../../domain/email/format.ts';
import { download, getJson } from '../api.ts';
import { Chart, type Column, ErrorBox, Loading, Page, Table, useData } from '../components.tsx';
import { INDICATOR_LIST, indicatorName, monthLabel, percent } from '../format.ts';
import { MonthPicker, useLatestMonth } from '../month-picker.tsx';
import { go, href, listHref } from '../router.ts';
import type { SummaryDocument, UnitSummary } from '../types.ts';

type Row = UnitSummary & { place: UnitRank | null };

/** Streets first, then offices, each by rank; the unranked last. */
const placeKey = (p: UnitRank | null) =>
  p?.rank == null ? null : RANK_GROUPS.indexOf(p.group) * 1000 + p.rank;

/** An amount or a rate as an exact sort key (a rate: 本年累计 ÷ 年度目标, the target positive). */
const exact = (value: string | null | undefined, per?: string | null) =>
  value == null ? null : per === undefined ? { value } : per == null ? null : { value, per };

/** A count as a link to the enterprises behind it (none when 0). */
function CountLink(props: { n: number; to: string; what: string }) {
  if (props.n === 0) return <>0</>;
  return (
    <a href={props.to} aria-label={`${props.n} 家${props.what}，查看名单`}>
      {props.n}
    </a>
  );
}

/** 超（落后）时序进度 in words; the colour only repeats them. */
function Ahead(props: { value: number | null | undefined }) {
  const v = props.value ?? null;
  return <span class={v == null ? undefined : v < 0 ? 'behind' : 'ahead'}>{points(v)}</span>;
}

function columns(month: string, indicator: string, district: Row): Column<Row>[] {
  const f = (u: Row) => u.indicators[indicator];
  const isTotal = (u: Row) => u === district;
  const list = (u: Row, name: string) => listHref(month, isTotal(u) ? 'district' : u.unit, name);
  return [
    {
      title: '单位',
      cell: (u) =>
        isTotal(u) ? (
          <strong class="nowrap">{u.name}</strong>
        ) : (
          <a class="nowrap" href={href(['units', u.unit])} title={u.name}>
            {shortUnitName(u.unit)}
          </a>
        ),
    },
    {
      title: '排名',
      cell: (u) => <span class="nowrap">{placeText(u.place)}</span>,
      sort: (u) => placeKey(u.place),
    },
    {
      title: '完成率',
      cell: (u) => percent(f(u)?.completion),
      numeric: true,
      sort: (u) => (f(u)?.completion == null ? null : exact(f(u)?.ytd, f(u)?.target)),
    },
    {
      title: '超（落后）时序进度',
      cell: (u) => <Ahead value={f(u)?.ahead} />,
      // ahead = 完成率 − 时序进度, the same month for every row: ordered as 完成率
      sort: (u) => (f(u)?.ahead == null ? null : exact(f(u)?.ytd, f(u)?.target)),
    },
    {
      title: '本年累计',
      cell: (u) => {
        if (!isTotal(u)) return money(f(u)?.ytd);
        const a = districtAmount(f(u)?.ytd, indicator);
        return (
          <span title={`精确值：${a.exact}`} data-exact={f(u)?.ytd ?? ''}>
            {a.text}
            <br />
            <small>
              {money(f(u)?.ytd)} {indicatorUnit(indicator)}
            </small>
          </span>
        );
      },
      numeric: true,
      sort: (u) => exact(f(u)?.ytd),
    },
    {
      title: '年度目标',
      cell: (u) => {
        // the district's source on its own line: 「（各单位之和）」 or 「（N 个单位未设目标）」
        const [amountText, source] = targetText(f(u) ?? { target: null }).split('（');
        return source ? (
          <>
            {amountText}
            <br />
            <small>（{source}</small>
          </>
        ) : (
          amountText
        );
      },
      numeric: true,
      sort: (u) => exact(f(u)?.target),
    },
    {
      title: '服务企业',
      cell: (u) =>
        isTotal(u) ? (
          u.served
        ) : (
          <CountLink n={u.served} to={href(['enterprises'], { unit: u.unit })} what="服务企业" />
        ),
      numeric: true,
      sort: (u) => u.served,
    },
    {
      title: '承担指标',
      cell: (u) =>
        isTotal(u) ? (
          u.carried
        ) : (
          <CountLink
            n={u.carried}
            to={href(['enterprises'], { unit: u.unit, role: 'indicators' })}
            what="承担指标企业"
          />
        ),
      numeric: true,
      sort: (u) => u.carried,
    },
    {
      title: '划入',
      cell: (u) => <CountLink n={u.transfersIn} to={list(u, 'transfersIn')} what="划入企业" />,
      numeric: true,
      sort: (u) => u.transfersIn,
    },
    {
      title: '划出',
      cell: (u) => <CountLink n={u.transfersOut} to={list(u, 'transfersOut')} what="划出企业" />,
      numeric: true,
      sort: (u) => u.transfersOut,
    },
    {
      title: '未报指标',
      cell: (u) => <CountLink n={u.notReported} to={list(u, 'notReported')} what="未报指标企业" />,
      numeric: true,
      sort: (u) => u.notReported,
    },
  ];
}

export function OverviewPage(props: { month: string | null }) {
  const latest = useLatestMonth();
  const month = props.month ?? latest ?? null;
  const [indicator, setIndicator] = useState('revenue');
  const [data, error] = useData(
    async () => (month ? getJson<SummaryDocument>(`/summaries/${month}?lists=none`) : null),
    [month],
  );
  const ranking = data ? (data.ranking ?? rankingOf(data))[indicator] : undefined;
  const placeOf = new Map((ranking?.ranks ?? []).map((r) => [r.unit, r]));
  const rows: Row[] = data ? data.units.map((u) => ({ ...u, place: placeOf.get(u.unit) ?? null })) : [];
  const district: Row | null = data ? { ...data.total, unit: '', name: '全区合计', place: null } : null;
  const byCompletion = ranking != null && RANK_GROUPS.every((g) => ranking.basis[g] === 'completion');
  // the chart: the streets then the offices, best first; 完成率 against 时序进度 when every unit has a target, else 本年累计
  const charted = [...rows]
    .filter((u) => u.place?.rank != null)
    .sort((a, b) => (placeKey(a.place) ?? 0) - (placeKey(b.place) ?? 0));
  const name = indicatorName(indicator);
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
      {data && month && district ? (
        <>
          <Table
            key={indicator}
            caption={`${monthLabel(data.month)}各单位汇总（${name}，${rankBasisText(ranking)}；时序进度 ${percent(data.timeProgress)}）`}
            rows={rows}
            pinned={[district]}
            initialSort={{ column: 1, direction: 'ascending' }}
            columns={columns(month, indicator, district)}
          />
          <p class="note">
            点击列名可排序；排名并列者名次相同，没有本年累计的单位不排名。全区合计以亿元（外资类为亿美元）显示，下方为万元精确数。
          </p>
          <section class="card" aria-labelledby="chart-title">
            <h2 id="chart-title">
              {monthLabel(data.month)}各单位{name}
              {byCompletion ? `完成率（时序进度 ${percent(data.timeProgress)}）` : '本年累计'}
            </h2>
            <Chart
              label={`各单位${name}${byCompletion ? '完成率与时序进度' : '本年累计'}，按排名`}
              height={Math.max(200, charted.length * 26 + 60)}
              option={{
                tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
                grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
                yAxis: {
                  type: 'category',
                  inverse: true,
                  data: charted.map((u) => shortUnitName(u.unit)),
                  axisLabel: { interval: 0, width: 150, overflow: 'truncate' },
                },
                xAxis: {
                  type: 'value',
                  axisLabel: byCompletion
                    ? { formatter: '{value}%', hideOverlap: true }
                    : { hideOverlap: true },
                },
                series: [
                  {
                    name: byCompletion ? '完成率' : '本年累计',
                    type: 'bar',
                    data: charted.map((u) =>
                      byCompletion
                        ? Math.round((u.indicators[indicator]?.completion ?? 0) * 1000) / 10
                        : Number(u.indicators[indicator]?.ytd ?? 0),
                    ),
                    ...(byCompletion
                      ? {
                          markLine: {
                            symbol: 'none',
                            data: [{ xAxis: Math.round(data.timeProgress * 1000) / 10, name: '时序进度' }],
                            // the label above the bars (the axis' own labels stay clear below)
                            label: { formatter: '时序进度 {c}%', position: 'start' },
                          },
                        }
                      : {}),
                  },
                ],
              }}
            />
          </section>
        </>
      ) : null}
    </Page>
  );
}
