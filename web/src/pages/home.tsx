/**
 * 首页: a unit's month — counts by role, the days left to the publish date and the enterprises
 * whose indicators it carries with no figure reported (未报, a page at a time), each
 * indicator's 本年累计 against its target (完成率 vs 时序进度), and a 12-month trend (loaded
 * after the figures, chart drawn lazily). For the bureau without a unit: the district's totals
 * and the count of 未报 per unit.
 */
import { useEffect, useState } from 'preact/hooks';
import { districtAmount } from '../../../domain/district-figures.ts';
import { points } from '../../../domain/email/format.ts';
import { getJson, qs } from '../api.ts';
import type { Session } from '../auth.ts';
import { Chart, ErrorBox, Loading, Page, Pager, Table, useData, usePager } from '../components.tsx';
import { unitName } from '../config.ts';
import {
  amount,
  INDICATOR_LIST,
  indicatorName,
  monthLabel,
  percent,
  previousMonth,
  ROLES,
} from '../format.ts';
import { href, listHref } from '../router.ts';
import type {
  IndicatorFigures,
  ListedEnterprise,
  ListPage,
  PublishAhead,
  SummaryDocument,
  UnitSummary,
  UnitsAnswer,
} from '../types.ts';

async function summaryOf(month: string, unit: string | null): Promise<UnitSummary> {
  if (unit) return getJson<UnitSummary>(`/summaries/${month}/units/${unit}?lists=none`);
  return (await getJson<SummaryDocument>(`/summaries/${month}?lists=none`)).total;
}

/** What the home shows of a month: a unit's summary, or the district's total and the units' rows. */
async function homeSummaryOf(
  month: string,
  unit: string | null,
): Promise<{ summary: UnitSummary; units: UnitSummary[] }> {
  if (unit)
    return { summary: await getJson<UnitSummary>(`/summaries/${month}/units/${unit}?lists=none`), units: [] };
  const document = await getJson<SummaryDocument>(`/summaries/${month}?lists=none`);
  return { summary: document.total, units: document.units };
}

/** `2026-11-10` → `11月10日` */
function dayLabel(date: string): string {
  const [, m, d] = date.split('-');
  return `${Number(m)}月${Number(d)}日`;
}

/** 「距 11月10日 发布还有 3 天」, 「今天（11月10日 09:00）发布」 or 「发布日期未定」. */
export function countdownText(publish: PublishAhead | undefined): string {
  if (!publish?.date || publish.daysLeft === null) return '发布日期未定';
  const day = dayLabel(publish.date);
  return publish.daysLeft === 0
    ? `今天（${day} ${publish.time}）发布`
    : `距 ${day} 发布还有 ${publish.daysLeft} 天`;
}

/** The days left to the publish date, and which month it publishes when. */
function Countdown(props: { publish: PublishAhead | undefined; month: string }) {
  const p = props.publish;
  const zone = p?.timeZone === 'Asia/Shanghai' ? '北京时间' : p?.timeZone;
  return (
    <div class="countdown">
      <p class="countdown-days" data-testid="publish-countdown">
        {countdownText(p)}
      </p>
      <p class="sub">
        {p?.date
          ? `${monthLabel(p.month)}月报将于 ${p.date.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')} ${p.time}（${zone}）发布，月报以发布时已报送的数据为准。`
          : '发布计划不是每月固定日期：请尽快报送未报企业的指标。'}
        {p?.month && p.month !== props.month
          ? `本页为${monthLabel(props.month)}的数据，下次发布的是${monthLabel(p.month)}的月报。`
          : null}
      </p>
    </div>
  );
}

/** A unit's 未报 list of the month, a page at a time (the complete list behind the count). */
function NotReportedList(props: { month: string; unit: string }) {
  const pager = usePager();
  const [page, error] = useData(
    () =>
      getJson<ListPage<ListedEnterprise>>(
        `/summaries/${props.month}/units/${props.unit}/lists/notReported${qs({ cursor: pager.cursor })}`,
      ),
    [props.month, props.unit, pager.cursor],
  );
  if (error) return <ErrorBox error={error} />;
  if (!page) return <Loading what="未报企业" />;
  return (
    <>
      <Table
        caption={`${monthLabel(props.month)}未报指标企业（共 ${page.total} 家）`}
        rows={page.items}
        empty={`${monthLabel(props.month)}本单位承担指标的企业均已报送。`}
        columns={[
          {
            title: '企业（项目）名称',
            cell: (e) => <a href={href(['enterprises', e.key], { month: props.month })}>{e.name}</a>,
          },
          { title: '代码 / 项目编号', cell: (e) => <code>{e.key}</code> },
        ]}
      />
      <Pager
        page={pager.page}
        next={page.cursor}
        onNext={() => page.cursor && pager.next(page.cursor)}
        onPrevious={pager.previous}
      />
    </>
  );
}

/** The bureau's view: the count of 未报 per unit (each links to the unit's home and its list). */
function NotReportedByUnit(props: { month: string; units: UnitSummary[] }) {
  const rows = props.units.filter((u) => u.notReported > 0).sort((a, b) => b.notReported - a.notReported);
  return (
    <Table
      caption={`${monthLabel(props.month)}各单位未报指标企业数`}
      rows={rows}
      empty={`${monthLabel(props.month)}各单位承担指标的企业均已报送。`}
      columns={[
        { title: '单位', cell: (u) => <a href={href(['units', u.unit])}>{unitName(u.unit)}</a> },
        {
          title: '未报企业（家）',
          cell: (u) => (
            <a
              href={listHref(props.month, u.unit, 'notReported')}
              aria-label={`${u.notReported} 家，查看名单`}
            >
              {u.notReported}
            </a>
          ),
          numeric: true,
        },
      ]}
    />
  );
}

/** 催报: the countdown, and the unit's 未报 list or the count per unit. */
function Reminder(props: {
  month: string;
  unit: string | null;
  publish: PublishAhead | undefined;
  summary: UnitSummary | null;
  units: UnitSummary[];
}) {
  return (
    <section aria-labelledby="remind-title" class="card" data-testid="home-reminder">
      <h2 id="remind-title">发布倒计时与未报企业</h2>
      <Countdown publish={props.publish} month={props.month} />
      {props.unit ? (
        <NotReportedList key={`${props.month}/${props.unit}`} month={props.month} unit={props.unit} />
      ) : props.summary ? (
        <NotReportedByUnit month={props.month} units={props.units} />
      ) : (
        <Loading what="未报企业" />
      )}
    </section>
  );
}

/** One figure of the trend on its own axis; a month with no figure is a gap, not a zero. */
function trendOption(
  series: Array<{ month: string; figures: IndicatorFigures | null }>,
  type: 'bar' | 'line',
  value: (f: IndicatorFigures | null) => string | null | undefined,
): Record<string, unknown> {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 12, top: 12, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: series.map((s) => monthLabel(s.month).replace(/^\d+年/, '')),
      axisLabel: { hideOverlap: true },
    },
    yAxis: { type: 'value', splitNumber: 3, axisLabel: { hideOverlap: true } },
    series: [
      {
        type,
        data: series.map((s) => {
          const v = value(s.figures);
          return v == null ? null : Number(v);
        }),
      },
    ],
  };
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
          {/* 本月 and 本年累计 differ by up to 12 times: two charts, each on its own axis, no legend */}
          <div class="multiples">
            <Chart
              label={`${name}：本月值`}
              height={190}
              option={trendOption(series, 'bar', (f) => f?.month)}
            />
            <Chart
              label={`${name}：本年累计`}
              height={190}
              option={trendOption(series, 'line', (f) => f?.ytd)}
            />
          </div>
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

/** A district total in 亿元 (亿美元), the exact figure in its title and in 万元 below. */
function DistrictAmount(props: { value: string | null | undefined; indicator: string }) {
  const a = districtAmount(props.value, props.indicator);
  if (props.value == null) return <>—</>;
  return (
    <span title={`精确值：${a.exact}`} data-exact={props.value}>
      {a.text}
      <br />
      <small>{amount(props.value)}</small>
    </span>
  );
}

export function IndicatorTable(props: { summary: UnitSummary; caption: string; district?: boolean }) {
  const rows = INDICATOR_LIST.map((i) => ({ ...i, f: props.summary.indicators[i.id] })).filter((r) => r.f);
  return (
    <Table
      cards
      caption={props.caption}
      rows={rows}
      columns={[
        { title: '指标', cell: (r) => indicatorName(r.id) },
        { title: '本月', cell: (r) => amount(r.f?.month), numeric: true },
        {
          title: '本年累计',
          cell: (r) =>
            props.district ? <DistrictAmount value={r.f?.ytd} indicator={r.id} /> : amount(r.f?.ytd),
          numeric: true,
        },
        { title: '同比', cell: (r) => percent(r.f?.yoy), numeric: true },
        { title: '环比', cell: (r) => percent(r.f?.mom ?? null), numeric: true },
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
          cell: (r) => (
            <span class={r.f?.ahead == null ? undefined : r.f.ahead < 0 ? 'behind' : 'ahead'}>
              {points(r.f?.ahead)}
            </span>
          ),
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
  const [home, summaryError] = useData(
    async () => (month ? homeSummaryOf(month, unit) : null),
    [month, unit],
  );
  const summary = home?.summary ?? null;
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
                <a href={listHref(month, unit ?? 'district', 'transfersIn')}>
                  {summary.transfersIn}
                  <span class="visually-hidden"> 家划入，查看名单</span>
                </a>{' '}
                /{' '}
                <a href={listHref(month, unit ?? 'district', 'transfersOut')}>
                  {summary.transfersOut}
                  <span class="visually-hidden"> 家划出，查看名单</span>
                </a>
              </span>
            </li>
            <li class="tile">
              <span class="tile-label">未报指标</span>
              <a class="tile-value" href={listHref(month, unit ?? 'district', 'notReported')}>
                {summary.notReported}
                <span class="visually-hidden"> 家，查看名单</span>
              </a>
            </li>
          </>
        ) : null}
      </ul>
      <Reminder
        month={month}
        unit={unit}
        publish={units.publish}
        summary={summary}
        units={home?.units ?? []}
      />
      <section aria-labelledby="ind-title" class="card">
        <h2 id="ind-title">
          经济指标（万元，外资类为万美元{unit ? '' : '；全区本年累计以亿元、亿美元显示，下方为万元数'}）
        </h2>
        {summaryError ? <ErrorBox error={summaryError} /> : null}
        {summary ? (
          <IndicatorTable
            summary={summary}
            caption={`${monthLabel(month)}经济指标完成情况`}
            district={!unit}
          />
        ) : summaryError ? null : (
          <Loading what="本月指标" />
        )}
      </section>
      {summary ? <Trend month={month} unit={unit} /> : null}
    </Page>
  );
}
