/**
 * 导入记录 (the unit's imports, newest first) and one import: its status, counts and findings
 * as a table by sheet, row and column, with the report workbook.
 */

import { groupFindings } from '../../../domain/finding-groups.ts';
import type { Finding as DomainFinding } from '../../../domain/types.ts';
import { ApiError, download, getJson, qs } from '../api.ts';
import { ErrorBox, Loading, Page, Pager, Table, useData, usePager } from '../components.tsx';
import { unitName } from '../config.ts';
import { beijingTime, IMPORT_STATUS, monthLabel, rowsSummary, SEVERITY } from '../format.ts';
import { href } from '../router.ts';
import type { Finding, ImportRecord } from '../types.ts';
import { NotFoundPage } from './not-found.tsx';

/**
 * What a person calls an import: the uploaded file's name; for the writers that are not uploads
 * (a working group's decision, its end, a rebuild: the bureau sees them here as an audit trail)
 * what they did.
 */
export function fileNameOf(key: string, documentNumbers?: ReadonlyMap<string, string>): string {
  const [folder, id, end] = key.split('/');
  if (folder === 'decisions') {
    // the decision by its 文号 (its id is not for people)
    const documentNo = documentNumbers?.get(id ?? '');
    return `${end ? '终止' : '记录'}工作专班决定${documentNo ? `（${documentNo}）` : ''}`;
  }
  if (folder === 'rebuild') return '重建数据';
  return key.split('/').at(-1) ?? key;
}

/** The 文号 of the working group's decisions, by id, when any of the imports is a decision's (else none). */
function useDocumentNumbers(records: readonly ImportRecord[] | undefined): ReadonlyMap<string, string> {
  const wanted = (records ?? []).some((r) => r.objectKey.startsWith('decisions/'));
  const [decisions] = useData(
    async () => (wanted ? getJson<{ items: Array<{ id: string; documentNo: string }> }>('/decisions') : null),
    [wanted],
  );
  return new Map((decisions?.items ?? []).map((d) => [d.id, d.documentNo]));
}

/**
 * The findings grouped for people (domain/finding-groups.ts): file and sheet first, errors
 * before warnings, one row per message with its count and row ranges; 逐行 opens a group's rows.
 */
export function FindingsTable(props: { findings: Finding[] }) {
  const groups = groupFindings(props.findings as DomainFinding[]);
  return (
    <Table
      cards
      caption={`检查结果（${props.findings.length} 处，按问题合并为 ${groups.length} 组）`}
      rows={groups}
      empty="没有发现问题。"
      columns={[
        {
          title: '严重程度',
          cell: (g) => <span class={`sev sev-${g.severity}`}>{SEVERITY[g.severity]}</span>,
        },
        { title: '工作表', cell: (g) => g.sheet ?? '（整个文件）' },
        { title: '列', cell: (g) => g.column ?? '—' },
        { title: '行', cell: (g) => (g.rowText ? g.rowText : g.count > 1 ? `共 ${g.count} 处` : '—') },
        {
          title: '问题及改法',
          cell: (g) => (
            <div class="group-message">
              <p>{g.message}</p>
              {g.count > 1 ? (
                <details>
                  <summary>
                    {g.sameMessage ? `逐行查看（${g.count} 处）` : `各行的值不同，逐行查看（${g.count} 处）`}
                  </summary>
                  {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling list must take focus so the keyboard can scroll it */}
                  <ul class="group-rows" tabIndex={0} aria-label={`${g.label}：各行`}>
                    {g.findings.map((f) => (
                      <li>
                        {f.row === null ? '' : `第 ${f.row} 行：`}
                        {f.value ? `“${f.value}”　` : ''}
                        {g.sameMessage ? '' : f.message}
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </div>
          ),
        },
      ]}
    />
  );
}

export function ImportSummary(props: {
  record: ImportRecord;
  documentNumbers?: ReadonlyMap<string, string>;
}) {
  const r = props.record;
  const c = r.counts;
  return (
    <dl class="facts">
      <dt>文件</dt>
      <dd>{fileNameOf(r.objectKey, props.documentNumbers)}</dd>
      <dt>状态</dt>
      <dd>
        <span class={`status status-${r.status}`}>{IMPORT_STATUS[r.status] ?? r.status}</span>
      </dd>
      <dt>报送月份</dt>
      <dd>{monthLabel(r.registerMonth)}</dd>
      <dt>无错误的行</dt>
      <dd>
        台账 {c.registerRows ?? 0} 行，指标 {c.indicatorRows ?? 0} 行，目标 {c.targetRows ?? 0} 行，联系人{' '}
        {c.contactRows ?? 0} 行
      </dd>
      <dt>错误与提示</dt>
      <dd>{rowsSummary(r)}</dd>
      <dt>开始 / 完成</dt>
      <dd>
        {beijingTime(r.startedAt)} / {beijingTime(r.finishedAt)}
      </dd>
      {r.error ? (
        <>
          <dt>失败原因</dt>
          <dd>{r.error}</dd>
        </>
      ) : null}
    </dl>
  );
}

export function ImportsPage() {
  const pager = usePager();
  const [data, error] = useData(
    () =>
      getJson<{ items: ImportRecord[]; cursor: string | null }>(
        `/imports${qs({ cursor: pager.cursor, limit: 20 })}`,
      ),
    [pager.cursor],
  );
  const documentNumbers = useDocumentNumbers(data?.items);
  return (
    <Page title="导入记录">
      {error ? <ErrorBox error={error} /> : null}
      {!data && !error ? <Loading what="导入记录" /> : null}
      {data ? (
        <>
          <Table
            caption="导入记录（最新在前，北京时间）"
            rows={data.items}
            empty="还没有导入记录。"
            columns={[
              {
                title: '文件',
                cell: (r) => <a href={href(['imports', r.id])}>{fileNameOf(r.objectKey, documentNumbers)}</a>,
              },
              { title: '上传单位', cell: (r) => unitName(r.unit) },
              { title: '状态', cell: (r) => IMPORT_STATUS[r.status] ?? r.status },
              { title: '报送月份', cell: (r) => monthLabel(r.registerMonth) },
              { title: '问题数', cell: (r) => r.findingCount ?? 0, numeric: true },
              { title: '开始时间', cell: (r) => beijingTime(r.startedAt) },
            ]}
          />
          <Pager
            page={pager.page}
            next={data.cursor}
            onNext={() => data.cursor && pager.next(data.cursor)}
            onPrevious={pager.previous}
          />
        </>
      ) : null}
    </Page>
  );
}

export function ImportPage(props: { id: string }) {
  const [data, error] = useData(
    () => getJson<ImportRecord>(`/imports/${encodeURIComponent(props.id)}`),
    [props.id],
  );
  const documentNumbers = useDocumentNumbers(data ? [data] : undefined);
  if (error instanceof ApiError && error.status === 404) return <NotFoundPage detail={error.message} />;
  if (error) return <Page title="导入详情">{<ErrorBox error={error} />}</Page>;
  if (!data) return <Page title="导入详情">{<Loading />}</Page>;
  return (
    <Page
      title={`导入详情：${fileNameOf(data.objectKey, documentNumbers)}`}
      actions={
        <button type="button" onClick={() => void download(`/imports/${data.id}/report`, '检查报告.xlsx')}>
          下载检查报告（xlsx）
        </button>
      }
    >
      <section class="card">
        <ImportSummary record={data} documentNumbers={documentNumbers} />
      </section>
      <FindingsTable findings={data.findings ?? []} />
    </Page>
  );
}
