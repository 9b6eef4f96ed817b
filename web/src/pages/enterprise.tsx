/**
 * The enterprise page: register facts, the assignment with the quoted clause text, history
 * as a timeline, transfers, indicators (chart and table). Another unit's enterprise is the
 * not-found page, with nothing of its data.
 */
import { clauseLabel, decisionLabel } from '../../../domain/labels.ts';
import type { RegisterRecord } from '../../../domain/types.ts';
import { ApiError, getJson, qs } from '../api.ts';
import { ErrorBox, Loading, Page, Table, useData } from '../components.tsx';
import { unitName } from '../config.ts';
import { amount, INDICATOR_LIST, indicatorName, monthLabel, previousMonth, STAGES } from '../format.ts';
import { SmallMultiples } from '../small-multiples.tsx';
import type { Assignment, EnterpriseAnswer, MonthStory, RoleAnswer } from '../types.ts';
import { NotFoundPage } from './not-found.tsx';

const FACTS: Array<[keyof RegisterRecord, string, (v: unknown) => string]> = [
  ['uscc', '统一社会信用代码', (v) => String(v ?? '—')],
  ['projectCode', '项目编号', (v) => String(v ?? '—')],
  ['stage', '项目状态', (v) => STAGES[String(v)] ?? String(v)],
  ['recruiter', '招商单位', (v) => unitName(v as string)],
  ['street', '所在街道', (v) => unitName(v as string)],
  ['statStreet', '统计所属街道', (v) => unitName(v as string)],
  ['zone', '所在园区', (v) => String(v ?? '—')],
  ['category', '产业类别', (v) => String(v ?? '—')],
  ['aboveScale', '规模以上', (v) => (v ? '是' : '否')],
  ['completedOn', '建成投产日期', (v) => String(v ?? '—')],
  ['month', '报送月份', (v) => monthLabel(v as string)],
  ['note', '备注', (v) => String(v ?? '—')],
];

const ROLE_ROWS: Array<[keyof Assignment, string]> = [
  ['service', '服务单位'],
  ['indicators', '经济指标承担单位'],
  ['lead', '牵头单位（建成投产前）'],
  ['cooperating', '配合单位（建成投产前）'],
  ['safety', '安全生产属地'],
];

const ROLE_NAMES: Record<RoleAnswer['role'], string> = {
  service: '服务单位',
  indicators: '经济指标承担单位',
};

/** The month's story in a sentence: 首次报送 (新登记 or not), 划转 — what the summaries count. */
function storyText(story: MonthStory, stage: string): string {
  const parts: string[] = [];
  if (story.firstReported)
    parts.push(
      story.registered
        ? '本月首次报送，计为新登记'
        : `本月首次报送，不计新登记（项目状态为${STAGES[stage] ?? stage}）`,
    );
  if (story.transfer)
    parts.push(
      `经济指标由${unitName(story.transfer.from)}划转至${unitName(story.transfer.to)}（计入两单位的本月划入、划出）`,
    );
  return parts.length ? `${parts.join('；')}。` : '本月没有首次报送或划转。';
}

/** Why a role has its unit: the decision holding it (and what it overrides), or the rules. */
function roleWhy(r: RoleAnswer): string {
  if (!r.decision) return `按规则（${clauseLabel(r.clause)}）`;
  const holds =
    r.decision.setting === 'rules'
      ? `依${decisionLabel(r.decision.documentNo)}恢复按规则确定`
      : `依${decisionLabel(r.decision.documentNo)}，${monthLabel(r.decision.from)}起`;
  const over = r.overrides.length ? `；取代${r.overrides.map((o) => o.documentNo).join('、')}` : '';
  return `${holds}${over}；按规则本应为${unitName(r.byRules)}`;
}

function changes(a: Assignment, b: Assignment | undefined): string {
  if (!b) return '初始归属';
  const out: string[] = [];
  for (const [k, label] of ROLE_ROWS)
    if (a[k] !== b[k]) out.push(`${label}：${unitName(b[k] as string)} → ${unitName(a[k] as string)}`);
  if (a.stage !== b.stage) out.push(`状态：${STAGES[b.stage]} → ${STAGES[a.stage]}`);
  return out.join('；') || '无变化';
}

/** A clause of the notice quoted, with its number. */
function ClauseFigure(props: { clause: string; text: string | undefined }) {
  return (
    <figure class="clause">
      <blockquote data-testid={`clause-${props.clause}`}>{props.text ?? '（本条原文缺失）'}</blockquote>
      <figcaption>武临开办〔2020〕1号 · {clauseLabel(props.clause)}</figcaption>
    </figure>
  );
}

export function EnterprisePage(props: { enterpriseKey: string; month: string | null }) {
  const [data, error] = useData(
    () =>
      getJson<EnterpriseAnswer>(
        `/enterprises/${encodeURIComponent(props.enterpriseKey)}${qs({ month: props.month })}`,
      ),
    [props.enterpriseKey, props.month],
  );
  if (error instanceof ApiError && error.status === 404) return <NotFoundPage detail={error.message} />;
  if (error) return <Page title="企业">{<ErrorBox error={error} />}</Page>;
  if (!data) return <Page title="企业">{<Loading what="企业信息" />}</Page>;
  const a = data.assignment;
  const roles = new Map((data.roles ?? []).map((r) => [r.role as string, r]));
  const decided = (data.roles ?? []).filter((r) => r.decision && r.decision.setting !== 'rules');
  // Every decision holding a role, quoted once (a later one may hold one role, an earlier the other).
  const holding = [
    ...new Map(
      (data.roles ?? []).flatMap((r) => (r.decision ? [[r.decision.id, r.decision] as const] : [])),
    ).values(),
  ];
  const ruleClauses = a.clauses.filter((c) => c !== 'decision');
  const months = Object.keys(data.indicators).sort().slice(-12);
  const shown = INDICATOR_LIST.filter((i) => months.some((m) => data.indicators[m]?.[i.id] !== undefined));
  return (
    <Page title={data.record.name}>
      <p class="sub">
        <code>{data.key}</code> · {monthLabel(data.month)}的归属（最新报送月份 {monthLabel(data.latestMonth)}
        ）{data.visibleUntil ? ` · 本单位可查看至 ${monthLabel(data.visibleUntil)}` : ''}
      </p>
      {data.story ? (
        <p class="sub" data-testid="story">
          {monthLabel(data.month)}：{storyText(data.story, a.stage)}
        </p>
      ) : null}
      <div class="grid2">
        <section class="card" aria-labelledby="assign-title">
          <h2 id="assign-title">归属及依据</h2>
          <dl class="facts">
            {ROLE_ROWS.map(([k, label]) => {
              const why = roles.get(k as string);
              return (
                <>
                  <dt>{label}</dt>
                  <dd>
                    {unitName(a[k] as string | null)}
                    {why ? (
                      <span class="role-why" data-testid={`role-${String(k)}`}>
                        {' '}
                        · {roleWhy(why)}
                      </span>
                    ) : null}
                  </dd>
                </>
              );
            })}
            <dt>判定依据</dt>
            <dd>{clauseLabel(a.decidedBy, { documentNo: a.decision?.documentNo ?? null })}</dd>
          </dl>
          {a.decision ? (
            <>
              {(holding.length ? holding : [a.decision]).map((d) => (
                <figure class="clause">
                  <blockquote data-testid="clause-decision">{d.reason}</blockquote>
                  <figcaption>
                    {decisionLabel(d.documentNo)} · {monthLabel(d.from)}
                    {d.to ? `至${monthLabel(previousMonth(d.to))}` : '起'}
                  </figcaption>
                </figure>
              ))}
              {decided.length ? (
                <p data-testid="by-rules">
                  按规则本应：
                  {decided.map((r) => `${ROLE_NAMES[r.role]}为${unitName(r.byRules)}`).join('，')}（
                  {clauseLabel(decided[0]?.clause)}）。
                </p>
              ) : null}
              {ruleClauses.length ? (
                <details>
                  <summary>按规则本应适用的条款原文</summary>
                  {ruleClauses.map((c) => (
                    <ClauseFigure clause={c} text={data.clauseTexts[c]} />
                  ))}
                </details>
              ) : null}
            </>
          ) : (
            a.clauses.map((c) => <ClauseFigure clause={c} text={data.clauseTexts[c]} />)
          )}
          {a.warnings.length ? (
            <ul class="warnings">
              {a.warnings.map((w) => (
                <li>{w.message}</li>
              ))}
            </ul>
          ) : null}
        </section>
        <section class="card" aria-labelledby="facts-title">
          <h2 id="facts-title">台账信息</h2>
          <dl class="facts">
            {FACTS.filter(([k]) => k in data.record).map(([k, label, show]) => (
              <>
                <dt>{label}</dt>
                <dd>{show(data.record[k])}</dd>
              </>
            ))}
          </dl>
        </section>
      </div>
      <section class="card" aria-labelledby="history-title">
        <h2 id="history-title">归属变化</h2>
        <ol class="timeline">
          {data.history.map((h, i) => (
            <li>
              <span class="when">{monthLabel(h.month)}</span>
              <span>
                {changes(h.assignment, data.history[i - 1]?.assignment)}（依据
                {clauseLabel(h.assignment.decidedBy, {
                  documentNo: h.assignment.decision?.documentNo ?? null,
                })}
                ）
              </span>
            </li>
          ))}
        </ol>
      </section>
      <section class="card" aria-labelledby="transfer-title">
        <h2 id="transfer-title">划转记录</h2>
        <Table
          caption="划转（经济指标承担单位的变化）"
          rows={data.transfers}
          empty="没有划转。"
          columns={[
            { title: '月份', cell: (t) => monthLabel(t.month) },
            { title: '划出单位', cell: (t) => unitName(t.from) },
            { title: '划入单位', cell: (t) => unitName(t.to) },
            {
              title: '依据',
              cell: (t) => clauseLabel(t.clause, { documentNo: t.decision?.documentNo ?? null }),
            },
          ]}
        />
      </section>
      <section class="card" aria-labelledby="ind-title">
        <h2 id="ind-title">经济指标（近 12 个月本月值）</h2>
        {months.length === 0 ? (
          <p class="empty">没有报送指标。</p>
        ) : (
          <>
            <SmallMultiples
              label={`${data.record.name}近 12 个月的指标（每项指标一张图，各用自己的刻度）`}
              labels={months.map((m) => monthLabel(m))}
              series={shown.map((i) => ({
                title: indicatorName(i.id),
                values: months.map((m) => data.indicators[m]?.[i.id]),
              }))}
            />
            <Table
              caption="指标明细"
              rows={months}
              columns={[
                { title: '月份', cell: (m) => monthLabel(m) },
                ...shown.map((i) => ({
                  title: indicatorName(i.id),
                  cell: (m: string) => amount(data.indicators[m]?.[i.id]),
                  numeric: true,
                })),
              ]}
            />
          </>
        )}
      </section>
    </Page>
  );
}
