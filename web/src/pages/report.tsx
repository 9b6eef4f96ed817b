/**
 * 月报: the unit's summary of a month (counts, indicators, publication) and its workbook; for
 * the bureau, the district overview's workbook.
 */
import { download, getJson } from '../api.ts';
import type { Session } from '../auth.ts';
import { ErrorBox, Loading, Page, Table, useData } from '../components.tsx';
import { unitName } from '../config.ts';
import { beijingTime, monthLabel, STAGES } from '../format.ts';
import { MonthPicker, useLatestMonth } from '../month-picker.tsx';
import { go, href, LIST_TITLES, listHref } from '../router.ts';
import type { SummaryDocument, UnitSummary } from '../types.ts';
import { IndicatorTable } from './home.tsx';

const COUNTS: Array<[keyof UnitSummary, string]> = [
  ['served', '服务企业'],
  ['carried', '承担指标企业'],
  ['cooperating', '配合（建成投产前）'],
  ['safety', '安全生产属地企业'],
  ['transfersIn', '本月划入'],
  ['transfersOut', '本月划出'],
  ['firstReported', '首次报送'],
  ['new', '新登记（新引进或已签约）'],
  ['leaving', '注销或迁出'],
  ['pendingHandovers', '待建成交接项目'],
  ['completedThisMonth', '本月建成投产'],
  ['notReported', '未报指标企业'],
];

const ROLE_OF: Partial<Record<keyof UnitSummary, string>> = {
  served: 'service',
  carried: 'indicators',
  cooperating: 'cooperating',
  safety: 'safety',
};

/** Where a count's enterprises are listed: a unit's role list (企业) or the summary's list (名单). */
function countHref(month: string, unit: string | null, count: keyof UnitSummary): string | null {
  const role = ROLE_OF[count];
  if (role) return unit ? href(['enterprises'], { role }) : null;
  if (!(count in LIST_TITLES)) return null;
  return listHref(month, unit ?? 'district', count);
}

export function ReportPage(props: { session: Session; month: string | null }) {
  const latest = useLatestMonth();
  const month = props.month ?? latest ?? null;
  const bureau = props.session.role === 'bureau';
  const [data, error] = useData(async () => {
    if (!month) return null;
    if (bureau) {
      const d = await getJson<SummaryDocument>(`/summaries/${month}?lists=none`);
      return { ...d.total, name: '全区', publication: d.publication };
    }
    return getJson<UnitSummary>(`/summaries/${month}/units/${props.session.unit}?lists=none`);
  }, [month, bureau]);
  const who = bureau ? '全区' : unitName(props.session.unit);
  const workbook = () =>
    download(
      bureau ? `/summaries/${month}/workbook` : `/summaries/${month}/units/${props.session.unit}/workbook`,
      `${who}${month}月报.xlsx`,
    );
  return (
    <Page
      title={`月报 · ${who}`}
      actions={
        month ? (
          <button type="button" onClick={() => void workbook()}>
            下载月报工作簿（xlsx）
          </button>
        ) : null
      }
    >
      {latest === undefined ? <Loading /> : null}
      {latest === null ? <p class="empty">还没有导入任何台账，暂无月报。</p> : null}
      {latest && month ? (
        <div class="filters">
          <MonthPicker latest={latest} value={month} onChange={(m) => go(['report'], { month: m })} />
        </div>
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
      {month && !data && !error ? <Loading what="月报" /> : null}
      {data ? (
        <>
          <p class="sub">
            {data.publication?.publishedAt
              ? `已于 ${beijingTime(data.publication.publishedAt)} 发布${data.publication.changedSincePublished ? '；发布后数据有变化' : ''}`
              : '本月月报尚未发布（以下为当前数据）'}
          </p>
          <section class="card" aria-labelledby="counts-title">
            <h2 id="counts-title">{monthLabel(month)}企业数</h2>
            <div class="grid2">
              <Table
                caption="企业数"
                rows={COUNTS.filter(([k]) => data[k] !== null && data[k] !== undefined)}
                columns={[
                  { title: '项目', cell: ([, label]) => label },
                  {
                    title: '家数',
                    cell: ([k, label]) => {
                      const to = countHref(month ?? '', bureau ? null : props.session.unit, k);
                      const n = Number(data[k]);
                      return to && n > 0 ? (
                        <a href={to} aria-label={`${label} ${n} 家，查看名单`}>
                          {n}
                        </a>
                      ) : (
                        String(data[k])
                      );
                    },
                    numeric: true,
                  },
                ]}
              />
              <Table
                caption="按项目状态（承担指标企业）"
                rows={Object.entries(data.byStage ?? {})}
                columns={[
                  { title: '状态', cell: ([s]) => STAGES[s] ?? s },
                  { title: '家数', cell: ([, n]) => String(n), numeric: true },
                ]}
              />
            </div>
          </section>
          <section class="card" aria-labelledby="ind-title">
            <h2 id="ind-title">经济指标</h2>
            <IndicatorTable summary={data} caption={`${monthLabel(month)}经济指标`} />
          </section>
        </>
      ) : null}
    </Page>
  );
}
