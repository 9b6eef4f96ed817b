/**
 * 划转确认: the month's transfers a unit gives or receives (the bureau: all, read-only but
 * for 裁定). 确认 and 提出异议 are shown only to the two units concerned; an objection and a
 * settlement need a reason, asked for in a dialog.
 */

import { useRef, useState } from 'preact/hooks';
import { clauseLabel } from '../../../domain/labels.ts';
import { getJson, postJson, qs } from '../api.ts';
import type { Session } from '../auth.ts';
import { ErrorBox, Loading, Page, Table, useData } from '../components.tsx';
import { unitName } from '../config.ts';
import { MonthPicker, useLatestMonth } from '../month-picker.tsx';
import { go, href } from '../router.ts';
import type { TransferItem, TransferStatus } from '../types.ts';

export const STATUS_LABELS: Record<TransferStatus, string> = {
  pending: '待确认',
  confirmed: '已确认',
  disputed: '有异议',
  settled: '已裁定',
};

type Action = 'object' | 'settle';
const ACTION_LABELS: Record<Action, string> = { object: '提出异议', settle: '裁定' };

/** The table of transfers with the caller's actions; shared by 划转确认 and 争议与决定. */
export function TransfersTable(props: {
  caption: string;
  rows: TransferItem[];
  session: Session;
  onChanged: () => void;
}) {
  const { session } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  const [acting, setActing] = useState<{ t: TransferItem; action: Action } | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const concerned = (t: TransferItem) =>
    session.role !== 'bureau' && (t.from === session.unit || t.to === session.unit);

  const post = async (t: TransferItem, action: 'confirm' | Action, body: Record<string, string>) => {
    setBusy(true);
    setError(null);
    try {
      const r = await postJson<TransferItem>(`/transfers/${encodeURIComponent(t.id)}/${action}`, body);
      setDone(`${t.name ?? t.key}：现为“${STATUS_LABELS[r.status]}”。`);
      dialog.current?.close();
      props.onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const open = (t: TransferItem, action: Action) => {
    setActing({ t, action });
    setReason('');
    setError(null);
    dialog.current?.showModal();
  };

  return (
    <>
      {done ? (
        <p class="ok" role="status">
          {done}
        </p>
      ) : null}
      {error && !acting ? <ErrorBox error={error} /> : null}
      <Table
        caption={props.caption}
        rows={props.rows}
        empty="没有符合条件的划转。"
        columns={[
          {
            title: '企业',
            cell: (t) => <a href={href(['enterprises', t.key], { month: t.month })}>{t.name ?? t.key}</a>,
          },
          { title: '移出 → 接收', cell: (t) => `${unitName(t.from)} → ${unitName(t.to)}` },
          {
            title: '依据',
            cell: (t) => clauseLabel(t.clause, { documentNo: t.decision?.documentNo ?? null }),
          },
          {
            title: '状态',
            cell: (t) => <span data-testid="transfer-status">{STATUS_LABELS[t.status]}</span>,
          },
          {
            title: '操作',
            cell: (t) => (
              <div class="row-actions">
                {concerned(t) && t.status !== 'settled' && !t.confirmedBy.includes(session.unit) ? (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => {
                      setActing(null);
                      void post(t, 'confirm', {});
                    }}
                  >
                    确认
                  </button>
                ) : null}
                {concerned(t) && t.status !== 'settled' && t.status !== 'disputed' ? (
                  <button type="button" onClick={() => open(t, 'object')}>
                    提出异议
                  </button>
                ) : null}
                {session.role === 'bureau' && t.status === 'disputed' ? (
                  <button type="button" onClick={() => open(t, 'settle')}>
                    裁定
                  </button>
                ) : null}
              </div>
            ),
          },
        ]}
      />
      <dialog ref={dialog} aria-labelledby="transfer-dialog-title" onClose={() => setActing(null)}>
        {acting ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void post(acting.t, acting.action, { reason: reason.trim() });
            }}
          >
            <h2 id="transfer-dialog-title">
              {ACTION_LABELS[acting.action]}：{acting.t.name ?? acting.t.key}
            </h2>
            <p>
              {unitName(acting.t.from)} → {unitName(acting.t.to)}
            </p>
            <label class="field">
              {acting.action === 'object' ? '异议理由（必填）' : '裁定理由（必填，说明依据哪份文件）'}
              <textarea
                required
                rows={4}
                maxLength={500}
                value={reason}
                onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
              />
            </label>
            {error ? <ErrorBox error={error} /> : null}
            <div class="actions">
              <button type="submit" class="primary" disabled={busy || reason.trim() === ''}>
                {busy ? '正在提交…' : `提交${ACTION_LABELS[acting.action]}`}
              </button>
              <button type="button" onClick={() => dialog.current?.close()}>
                取消
              </button>
            </div>
          </form>
        ) : null}
      </dialog>
    </>
  );
}

export function TransfersPage(props: { session: Session; month: string | null; status: string | null }) {
  const latest = useLatestMonth();
  const month = props.month ?? latest ?? null;
  const status = props.status ?? '';
  const [data, error, reload] = useData(
    async () =>
      month
        ? getJson<{ month: string | null; items: TransferItem[] }>(`/transfers${qs({ month, status })}`)
        : null,
    [month, status],
  );
  return (
    <Page title="划转确认">
      <p class="sub">
        {props.session.role === 'bureau'
          ? '各单位之间的划转由移出和接收两个单位确认；有异议的由区商务局裁定。'
          : '本单位移出或接收的企业：请核对后确认，或提出异议并说明理由。'}
      </p>
      <p class="sub" data-testid="transfers-rule">
        这里列出的划转就是首页“本月划入 /
        划出”和月报所计的划转：经济指标承担单位上月与本月不同即为划转，本月首次报送的企业也按其台账信息（含工作专班决定）判断上月的承担单位。
      </p>
      {latest && month ? (
        <div class="filters">
          <MonthPicker
            latest={latest}
            value={month}
            onChange={(m) => go(['transfers'], { month: m, status })}
          />
          <label>
            状态{' '}
            <select
              value={status}
              onChange={(e) => go(['transfers'], { month, status: (e.target as HTMLSelectElement).value })}
            >
              <option value="">全部</option>
              {(Object.keys(STATUS_LABELS) as TransferStatus[]).map((s) => (
                <option value={s}>{STATUS_LABELS[s]}</option>
              ))}
            </select>
          </label>
        </div>
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
      {month && !data && !error ? <Loading what="划转" /> : null}
      {latest === null ? <p class="empty">还没有任何月份的台账。</p> : null}
      {data ? (
        <TransfersTable caption="本月划转" rows={data.items} session={props.session} onChanged={reload} />
      ) : null}
    </Page>
  );
}
