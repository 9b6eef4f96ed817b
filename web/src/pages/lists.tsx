/**
 * 名单: the enterprises behind a count of a month's summary (a home tile, a cell of 全区概览),
 * a page at a time from the complete list the summaries store.
 */
import { shortUnitName } from '../../../domain/email/format.ts';
import { GATHERED_LISTS } from '../../../domain/labels.ts';
import { getJson, qs } from '../api.ts';
import { ErrorBox, Loading, Page, Pager, Table, useData, usePager } from '../components.tsx';
import { unitName } from '../config.ts';
import { monthLabel, STAGES } from '../format.ts';
import { useLatestMonth } from '../month-picker.tsx';
import { href, LIST_TITLES } from '../router.ts';
import type { ListPage } from '../types.ts';

/** An entry of any list: the enterprise, and what some lists add. */
interface Entry {
  key: string;
  name: string;
  from?: string | null;
  to?: string | null;
  stage?: string;
  lead?: string | null;
  cooperating?: string | null;
  completedOn?: string;
  /** In the district's gathered lists: the unit whose row counts the entry. */
  unit?: string;
}

const unitText = (u: string | null | undefined) => (u ? unitName(u) : '—');

/** The district's lists gathered from the units' (each entry names its unit). */
const GATHERED: readonly string[] = GATHERED_LISTS;

/** The columns a list adds to the name and code (the district's gathered lists: the unit, beside the name). */
function extraColumns(name: string, district: boolean) {
  if (district && GATHERED.includes(name))
    return [
      {
        title: name === 'notReported' ? '指标承担单位' : '单位',
        cell: (e: Entry) => (e.unit ? <span class="nowrap">{shortUnitName(e.unit)}</span> : '—'),
      },
    ];
  if (name === 'transfersIn' || name === 'transfersOut')
    return [
      { title: '划出单位', cell: (e: Entry) => unitText(e.from) },
      { title: '划入单位', cell: (e: Entry) => unitText(e.to) },
    ];
  if (name === 'pendingHandovers')
    return [
      { title: '阶段', cell: (e: Entry) => (e.stage ? (STAGES[e.stage] ?? e.stage) : '—') },
      { title: '牵头产业办', cell: (e: Entry) => unitText(e.lead) },
      { title: '配合街道', cell: (e: Entry) => unitText(e.cooperating) },
    ];
  if (name === 'completedThisMonth')
    return [{ title: '建成投产日期', cell: (e: Entry) => e.completedOn ?? '—' }];
  return [];
}

export function ListPageView(props: { unit: string; name: string; month: string | null }) {
  const latest = useLatestMonth();
  const month = props.month ?? latest ?? null;
  const pager = usePager();
  const title = LIST_TITLES[props.name] ?? '名单';
  const gathered = props.unit === 'district' && GATHERED.includes(props.name);
  const who = props.unit === 'district' ? '全区' : unitName(props.unit);
  const [page, error] = useData(
    async () =>
      month
        ? getJson<ListPage<Entry>>(
            `/summaries/${month}/units/${props.unit}/lists/${props.name}${qs({ cursor: pager.cursor })}`,
          )
        : null,
    [month, props.unit, props.name, pager.cursor],
  );
  const back = props.unit === 'district' ? href(['overview'], { month: month }) : href([]);
  return (
    <Page title={`${who} · ${title}`}>
      <p class="sub">
        报送月份：{monthLabel(month)}
        {page ? `，共 ${page.total} 家` : null}
        {' · '}
        <a href={back}>{props.unit === 'district' ? '返回全区概览' : '返回首页'}</a>
      </p>
      {latest === null ? <p class="empty">还没有导入任何台账。</p> : null}
      {error ? <ErrorBox error={error} /> : null}
      {month && !page && !error ? <Loading what={title} /> : null}
      {page ? (
        <>
          <Table
            caption={`${monthLabel(month)}${who}${title}（共 ${page.total} 家）`}
            rows={page.items}
            empty={`${monthLabel(month)}${who}没有${title}。`}
            columns={[
              {
                title: '企业（项目）名称',
                cell: (e) => <a href={href(['enterprises', e.key], { month: month })}>{e.name}</a>,
              },
              // the district's gathered lists: the unit beside the name (inside a phone's width)
              ...(gathered ? extraColumns(props.name, true) : []),
              { title: '代码 / 项目编号', cell: (e) => <code>{e.key}</code> },
              ...(gathered ? [] : extraColumns(props.name, false)),
            ]}
          />
          <Pager
            page={pager.page}
            next={page.cursor}
            onNext={() => page.cursor && pager.next(page.cursor)}
            onPrevious={pager.previous}
          />
        </>
      ) : null}
    </Page>
  );
}
