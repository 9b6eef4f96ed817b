/**
 * 争议与决定: the bureau sees the open disputes (to 裁定) and the working group's decisions,
 * records a decision and ends one; a unit sees the decisions about its enterprises, read-only.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { standingWords } from '../../../domain/labels.ts';
import { getJson, postJson } from '../api.ts';
import type { Session } from '../auth.ts';
import { ErrorBox, Loading, Page, Table, useData } from '../components.tsx';
import { config, unitName } from '../config.ts';
import { beijingTime, monthLabel } from '../format.ts';
import { href } from '../router.ts';
import type { TransferItem, WorkingGroupDecision } from '../types.ts';
import { TransfersTable } from './transfers.tsx';

const MONTH_PATTERN = '\\d{4}-(0[1-9]|1[0-2])';

/** Where a decision stands (执行中 / 已被取代 / 已终止, and who replaced it per role). */
function standingLines(d: WorkingGroupDecision): { state: string; lines: string[] } {
  return d.standing ? standingWords(d, d.standing) : { state: d.to ? '已终止' : '执行中', lines: [] };
}

function UnitSelect(props: { label: string; value: string; onChange: (v: string) => void }) {
  return (
    <label class="field">
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}>
        <option value="">按规则（不改变）</option>
        {config()
          .units.filter((u) => u.kind !== 'bureau')
          .map((u) => (
            <option value={u.id}>{u.name}</option>
          ))}
      </select>
    </label>
  );
}

/** The form of a new decision (`POST /decisions`). */
function DecisionForm(props: { onRecorded: (d: WorkingGroupDecision) => void }) {
  const [keys, setKeys] = useState('');
  const [from, setFrom] = useState('');
  const [service, setService] = useState('');
  const [indicators, setIndicators] = useState('');
  const [reason, setReason] = useState('');
  const [documentNo, setDocumentNo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const text = (set: (v: string) => void) => (e: Event) =>
    set((e.target as HTMLInputElement | HTMLTextAreaElement).value);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const d = await postJson<WorkingGroupDecision>('/decisions', {
        keys: keys.split(/[\s,，、]+/u).filter(Boolean),
        from: from.trim(),
        ...(service ? { service } : {}),
        ...(indicators ? { indicators } : {}),
        reason: reason.trim(),
        documentNo: documentNo.trim(),
      });
      setKeys('');
      setReason('');
      setDocumentNo('');
      props.onRecorded(d);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card" aria-labelledby="decision-form-title" onSubmit={(e) => void submit(e)}>
      <h2 id="decision-form-title">记录工作专班决定</h2>
      <div class="form-grid">
        <label class="field wide">
          企业代码（必填，多个用空格或逗号分隔）
          <textarea required rows={2} value={keys} onInput={text(setKeys)} />
        </label>
        <label class="field">
          起始月份（必填）
          <input
            type="month"
            required
            pattern={MONTH_PATTERN}
            placeholder="2026-09"
            value={from}
            onInput={text(setFrom)}
          />
        </label>
        <label class="field">
          文号（必填）
          <input
            type="text"
            required
            placeholder="武临开专〔2026〕3号"
            value={documentNo}
            onInput={text(setDocumentNo)}
          />
        </label>
        <UnitSelect label="服务单位" value={service} onChange={setService} />
        <UnitSelect label="指标单位" value={indicators} onChange={setIndicators} />
        <label class="field wide">
          理由（必填）
          <textarea required rows={3} maxLength={500} value={reason} onInput={text(setReason)} />
        </label>
      </div>
      {error ? <ErrorBox error={error} /> : null}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? '正在记录…' : '记录决定'}
        </button>
      </div>
    </form>
  );
}

export function DecisionsPage(props: { session: Session }) {
  const bureau = props.session.role === 'bureau';
  const [decisions, error, reload, refresh] = useData(
    () => getJson<{ items: WorkingGroupDecision[] }>('/decisions'),
    [],
  );
  const [disputes, disputesError, reloadDisputes, refreshDisputes] = useData(
    async () =>
      bureau ? getJson<{ month: string | null; items: TransferItem[] }>('/transfers?status=disputed') : null,
    [bureau],
  );
  // A decision answers at once and takes effect when its re-projection is done (待生效): while one
  // is pending the page asks again every two seconds, so the disputes it settles leave by themselves.
  const pending = decisions?.items.some((d) => d.projection === 'pending') ?? false;
  const [settling, setSettling] = useState(false);
  useEffect(() => {
    if (!pending && !settling) return;
    const timer = window.setTimeout(() => {
      if (!pending) setSettling(false);
      refresh();
      refreshDisputes();
    }, 2_000);
    return () => window.clearTimeout(timer);
  }, [pending, settling, decisions]);
  const [done, setDone] = useState<string | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const [ending, setEnding] = useState<WorkingGroupDecision | null>(null);
  const [endFrom, setEndFrom] = useState('');
  const [endError, setEndError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const end = async (e: Event) => {
    e.preventDefault();
    if (!ending) return;
    setBusy(true);
    setEndError(null);
    try {
      await postJson(`/decisions/${encodeURIComponent(ending.id)}/end`, { from: endFrom.trim() });
      setDone(`决定 ${ending.documentNo} 自${monthLabel(endFrom.trim())}起终止。`);
      dialog.current?.close();
      setSettling(true);
      reload();
      reloadDisputes();
    } catch (err) {
      setEndError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title="争议与决定">
      <p class="sub">
        {bureau
          ? '工作专班的决定改变企业的服务单位或指标单位，自起始月份起生效；决定不修改，只能终止。'
          : '工作专班关于本单位企业的决定（只读）。'}
      </p>
      {done ? (
        <p class="ok" role="status">
          {done}
        </p>
      ) : null}
      {bureau ? (
        <>
          <h2>未解决的异议</h2>
          {disputesError ? <ErrorBox error={disputesError} /> : null}
          {!disputes && !disputesError ? <Loading what="异议" /> : null}
          {disputes ? (
            <TransfersTable
              caption={`有异议的划转（${monthLabel(disputes.month)}）`}
              rows={disputes.items}
              session={props.session}
              onChanged={reloadDisputes}
            />
          ) : null}
        </>
      ) : null}
      <h2>工作专班决定</h2>
      {error ? <ErrorBox error={error} /> : null}
      {!decisions && !error ? <Loading what="决定" /> : null}
      {decisions ? (
        <Table
          caption="工作专班决定"
          rows={decisions.items}
          empty="还没有工作专班决定。"
          columns={[
            { title: '文号', cell: (d) => d.documentNo },
            {
              title: '企业',
              cell: (d) => (
                <span class="row-actions">
                  {d.keys.map((k) => (
                    <a href={href(['enterprises', k])}>{k}</a>
                  ))}
                </span>
              ),
            },
            {
              title: '服务单位',
              cell: (d) => (d.service === 'rules' ? '按规则' : d.service ? unitName(d.service) : '—'),
            },
            {
              title: '指标单位',
              cell: (d) =>
                d.indicators === 'rules' ? '按规则' : d.indicators ? unitName(d.indicators) : '—',
            },
            {
              title: '有效期',
              cell: (d) =>
                `${monthLabel(d.from)}起${d.to ? `，${monthLabel(d.to)}终止` : ''}${d.projection === 'pending' ? '（待生效：正在等待导入完成）' : ''}`,
            },
            {
              title: '执行情况',
              cell: (d) => {
                const { state, lines } = standingLines(d);
                return (
                  <span data-testid="decision-standing">
                    <strong>{state}</strong>
                    {lines.map((l) => (
                      <>
                        <br />
                        {l}
                      </>
                    ))}
                  </span>
                );
              },
            },
            { title: '理由', cell: (d) => d.reason },
            { title: '记录时间', cell: (d) => beijingTime(d.recordedAt) },
            ...(bureau
              ? [
                  {
                    title: '操作',
                    cell: (d: WorkingGroupDecision) =>
                      d.to ? (
                        '已终止'
                      ) : (
                        <button
                          type="button"
                          onClick={() => {
                            setEnding(d);
                            setEndFrom('');
                            setEndError(null);
                            dialog.current?.showModal();
                          }}
                        >
                          终止
                        </button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      ) : null}
      {bureau ? (
        <>
          <DecisionForm
            onRecorded={(d) => {
              setDone(`已记录决定 ${d.documentNo}（${d.keys.length} 家企业，自${monthLabel(d.from)}起）。`);
              setSettling(true);
              reload();
              reloadDisputes();
            }}
          />
          <dialog ref={dialog} aria-labelledby="end-title" onClose={() => setEnding(null)}>
            {ending ? (
              <form onSubmit={(e) => void end(e)}>
                <h2 id="end-title">终止决定 {ending.documentNo}</h2>
                <label class="field">
                  自哪个月份起不再适用（必填，晚于 {monthLabel(ending.from)}）
                  <input
                    type="month"
                    required
                    pattern={MONTH_PATTERN}
                    value={endFrom}
                    onInput={(e) => setEndFrom((e.target as HTMLInputElement).value)}
                  />
                </label>
                {endError ? <ErrorBox error={endError} /> : null}
                <div class="actions">
                  <button type="submit" class="primary" disabled={busy}>
                    {busy ? '正在提交…' : '终止决定'}
                  </button>
                  <button type="button" onClick={() => dialog.current?.close()}>
                    取消
                  </button>
                </div>
              </form>
            ) : null}
          </dialog>
        </>
      ) : null}
    </Page>
  );
}
