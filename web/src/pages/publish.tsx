/**
 * 发布月报 (the bureau): the dry run shows who would get which email; sending needs a
 * confirmation that repeats what will be sent.
 */
import { useRef, useState } from 'preact/hooks';
import { postJson } from '../api.ts';
import { ErrorBox, Loading, Page, Table, useData } from '../components.tsx';
import { unitName } from '../config.ts';
import { beijingTime, monthLabel } from '../format.ts';
import { MonthPicker, useLatestMonth } from '../month-picker.tsx';
import { go } from '../router.ts';
import type { PublishPlan } from '../types.ts';

const ACTION: Record<string, string> = {
  send: '将发送',
  'already-sent': '已发送过（不重发）',
  'no-contacts': '无联系人，不发送',
};

/** Why a unit gets no e-mail, as the confirmation says it. */
const NOT_SENT_WHY: Record<string, string> = {
  'already-sent': '本月的邮件已发送过，不重发',
  'no-contacts': '没有接收月报的联系人（请在联系人表中登记，接收月报填“是”）',
};

interface PublishResult {
  result: {
    sent: unknown[];
    skipped: unknown[];
    failed: Array<{ unit: string; reason?: string }>;
    publishedAt: string | null;
  };
}

export function PublishPage(props: { month: string | null }) {
  const latest = useLatestMonth();
  const month = props.month ?? latest ?? null;
  const [round, setRound] = useState(0);
  const [plan, error] = useData(
    async () => (month ? postJson<PublishPlan>(`/summaries/${month}/publish?dryRun=true`) : null),
    [month, round],
  );
  const dialog = useRef<HTMLDialogElement>(null);
  const [result, setResult] = useState<PublishResult['result'] | null>(null);
  const [sendError, setSendError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const toSend = plan?.emails.filter((e) => e.action === 'send') ?? [];
  const notSent = plan?.emails.filter((e) => e.action !== 'send') ?? [];

  const send = async () => {
    setSending(true);
    setSendError(null);
    try {
      const r = await postJson<PublishResult>(`/summaries/${month}/publish`);
      setResult(r.result);
      dialog.current?.close();
      setRound((n) => n + 1);
    } catch (e) {
      setSendError(e);
    } finally {
      setSending(false);
    }
  };

  return (
    <Page title="发布月报">
      {latest && month ? (
        <div class="filters">
          <MonthPicker latest={latest} value={month} onChange={(m) => go(['publish'], { month: m })} />
        </div>
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
      {month && !plan && !error ? <Loading what="发送计划" /> : null}
      {result ? (
        <p class="ok" role="status">
          已发送 {result.sent.length} 封，跳过 {result.skipped.length} 封，失败 {result.failed.length} 封
          {result.failed.length
            ? `（${result.failed.map((f) => `${unitName(f.unit)}：${f.reason ?? '发送失败'}`).join('；')}）`
            : ''}
          。
        </p>
      ) : null}
      {plan ? (
        <>
          <p class="sub" data-testid="publish-state">
            {monthLabel(plan.month)}月报
            {plan.publishedAt ? `已于 ${beijingTime(plan.publishedAt)} 发布过` : '尚未发布'}
            。以下是现在发布会发送的邮件（仅预览，未发送）。
          </p>
          {plan.blockedBy ? (
            <p class="error" role="alert">
              导入“{plan.blockedBy.objectKey}”尚未完成，现在发布会被拒绝：请等待导入完成后再发布。
            </p>
          ) : null}
          <Table
            caption={`发送预览：${toSend.length} 封将发送`}
            rows={plan.emails}
            columns={[
              { title: '单位', cell: (e) => e.name },
              { title: '收件人', cell: (e) => (e.recipients.length ? e.recipients.join('、') : '—') },
              { title: '邮件主题', cell: (e) => e.subject },
              { title: '处理', cell: (e) => ACTION[e.action] },
            ]}
          />
          <div class="actions">
            <button
              type="button"
              class="primary"
              disabled={toSend.length === 0 || !!plan.blockedBy}
              onClick={() => dialog.current?.showModal()}
            >
              发布{monthLabel(plan.month)}月报…
            </button>
          </div>
          <dialog ref={dialog} aria-labelledby="confirm-title">
            <h2 id="confirm-title">确认发布{monthLabel(plan.month)}月报</h2>
            <p>将向以下 {toSend.length} 个单位发送邮件，发出后无法撤回：</p>
            <ul class="confirm-list">
              {toSend.map((e) => (
                <li>
                  {e.name}：{e.recipients.join('、')}
                </li>
              ))}
            </ul>
            {notSent.length > 0 ? (
              <>
                <p>以下 {notSent.length} 个单位不会收到邮件：</p>
                <ul class="confirm-list" data-testid="not-sent">
                  {notSent.map((e) => (
                    <li>
                      {e.name}：{NOT_SENT_WHY[e.action] ?? ACTION[e.action]}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {sendError ? <ErrorBox error={sendError} /> : null}
            <div class="actions">
              <button type="button" class="primary" disabled={sending} onClick={() => void send()}>
                {sending ? '正在发送…' : '确认发送'}
              </button>
              <button type="button" onClick={() => dialog.current?.close()}>
                取消
              </button>
            </div>
          </dialog>
        </>
      ) : null}
    </Page>
  );
}
