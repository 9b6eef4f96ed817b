/**
 * 上传前检查: the file is judged as the unit's upload against what is stored (the import's own
 * judgement, run by the worker) before anything changes; the page shows the verdict, the change
 * (before → after) and the findings grouped, with one button that imports exactly that file.
 * The import judges again; if the store moved meanwhile and its change differs, the page says so.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChangeList } from '../../../domain/changes.ts';
import {
  FIGURE_CHANGE_LABELS,
  RUN_STATUS_LABELS,
  stateLabel,
  VERDICT_LABELS,
} from '../../../domain/labels.ts';
import { getJson, pollJson, postJson, putJson } from '../api.ts';
import type { Session } from '../auth.ts';
import { ErrorBox, Page, Table } from '../components.tsx';
import { IMPORT_STATUS, isFinal, monthLabel } from '../format.ts';
import { href } from '../router.ts';
import type { Finding, ImportRecord } from '../types.ts';
import { type ColumnMapping, MappingForm, SavedMappings, type UnknownHeader } from './column-mapping.tsx';
import { FindingsTable } from './imports.tsx';

const MAX = 20 * 1024 * 1024;

interface Check {
  id: string;
  /** The checked object (`checks/<unit>/…`): checked again with a mapping. */
  key: string;
  status: 'running' | 'done' | 'failed';
  verdict: 'importable' | 'unchanged' | 'refused' | null;
  findings: Finding[];
  changes: ChangeList | null;
  error: string | null;
  /** The headers the check did not know, with the template's columns they may mean. */
  unknownHeaders?: UnknownHeader[];
  /** The column mappings the check read the file with (saved and given). */
  mapping?: ColumnMapping[];
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'checking'; file: string }
  | { kind: 'checked'; file: string; check: Check; rechecking?: boolean }
  | { kind: 'importing'; file: string; check: Check; record: ImportRecord | null }
  | { kind: 'imported'; file: string; check: Check; record: ImportRecord };

/** The change in one line, from the counts. */
function headline(c: ChangeList): string {
  const n = c.counts;
  const parts = [
    n.recordsNew ? `新增企业（项目）${n.recordsNew} 家` : '',
    n.recordsChanged ? `修改企业（项目）${n.recordsChanged} 家` : '',
    n.assignments ? `归属变化 ${n.assignments} 项` : '',
    n.transfers ? `引起划转 ${n.transfers} 项` : '',
    n.figuresSet ? `设置指标 ${n.figuresSet} 个` : '',
    n.figuresWithdrawn ? `撤回指标 ${n.figuresWithdrawn} 个` : '',
    n.figuresKept ? `保留较晚上传的指标 ${n.figuresKept} 个` : '',
    n.targets ? `修改年度目标 ${n.targets} 个` : '',
    n.contacts ? `联系人变化 ${n.contacts} 人` : '',
  ].filter(Boolean);
  const u = c.unchanged;
  const same = [
    u.records ? `企业（项目）${u.records} 家` : '',
    u.figures ? `指标 ${u.figures} 个` : '',
    u.targets ? `目标 ${u.targets} 个` : '',
    u.contacts ? `联系人 ${u.contacts} 人` : '',
  ].filter(Boolean);
  if (parts.length === 0) return '本次上传不改变任何已存数据。';
  return `${parts.join('，')}${same.length ? `；无变化：${same.join('、')}` : ''}。`;
}

interface Line {
  kind: string;
  who: string;
  when: string;
  what: string;
  before: string;
  after: string;
}

/** Every entry of the change list as one line of a table. */
function linesOf(c: ChangeList): Line[] {
  return [
    ...c.records.flatMap((r) =>
      r.fields.map((f) => ({
        kind: r.kind === 'new' ? '新增' : '修改',
        who: `${r.name}（${r.key}）`,
        when: monthLabel(r.month),
        what: f.column,
        before: f.before,
        after: f.after,
      })),
    ),
    ...c.assignments.map((a) => ({
      kind: '归属',
      who: `${a.name}（${a.key}）`,
      when: `自${monthLabel(a.month)}`,
      what: `${a.role}（依据 ${a.clause}）`,
      before: a.before,
      after: a.after,
    })),
    ...c.transfers.map((t) => ({
      kind: t.kind === 'added' ? '划转' : '不再划转',
      who: `${t.name}（${t.key}）`,
      when: monthLabel(t.month),
      what: `经济指标承担单位（依据 ${t.clause}）`,
      before: t.from,
      after: t.to,
    })),
    ...c.figures.map((f) => ({
      kind: stateLabel(FIGURE_CHANGE_LABELS, f.kind),
      who: `${f.name}（${f.key}）`,
      when: monthLabel(f.month),
      what:
        f.kind === 'kept'
          ? `${f.indicator}（${f.by} 设置，上传顺序在后；本次填写的 ${f.after} 不采用）`
          : f.indicator,
      before: f.before,
      after: f.kind === 'kept' ? f.before : f.after,
    })),
    ...c.targets.map((t) => ({
      kind: t.kind === 'kept' ? '保留目标' : '目标',
      who: t.unit,
      when: `${t.year}年`,
      what:
        t.kind === 'kept'
          ? `${t.indicator}（${t.by} 设置，上传顺序在后；本次填写的 ${t.after} 不采用）`
          : t.indicator,
      before: t.before,
      after: t.kind === 'kept' ? t.before : t.after,
    })),
    ...c.contacts.map((x) => ({
      kind: x.kind === 'added' ? '新增联系人' : x.kind === 'removed' ? '删除联系人' : '修改联系人',
      who: x.unit,
      when: '—',
      what: `${x.name}（${x.email}）`,
      before: x.before,
      after: x.after,
    })),
  ];
}

export function ChangeTable(props: { changes: ChangeList }) {
  const lines = linesOf(props.changes);
  return (
    <>
      <p data-testid="change-headline">{headline(props.changes)}</p>
      {lines.length > 0 ? (
        <Table
          caption="导入后的变化（原值 → 新值）"
          rows={lines}
          columns={[
            { title: '类别', cell: (l) => l.kind },
            { title: '企业（项目）/单位', cell: (l) => l.who },
            { title: '月份', cell: (l) => l.when },
            { title: '项目', cell: (l) => l.what },
            { title: '原值', cell: (l) => l.before },
            { title: '新值', cell: (l) => l.after },
          ]}
        />
      ) : null}
    </>
  );
}

/** True when the import's change (counts) differs from the check's. */
function movedMeanwhile(check: Check, record: ImportRecord): boolean {
  const a = check.changes?.counts ?? null;
  const b = (record as unknown as { changes?: ChangeList }).changes?.counts ?? null;
  if (record.status === 'rejected') return check.verdict !== 'refused';
  return JSON.stringify(a) !== JSON.stringify(b);
}

export function CheckPage(props: { session: Session }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [saved, setSaved] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const timer = useRef(0);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const poll = <T,>(path: string, done: (value: T) => boolean, then: (value: T) => void) =>
    pollJson<T>(path, done, {
      everyMs: 600,
      giveUpMs: 10 * 60_000,
      lateMessage: '十分钟内没有等到结果：请稍后重试。',
      timer,
    }).then(then, setError);

  const check = async (file: File) => {
    setError(null);
    if (file.size > MAX) {
      setError(new Error(`文件“${file.name}”超过 20 MB：请删去多余的工作表或拆分成几个文件后再检查。`));
      return;
    }
    setPhase({ kind: 'checking', file: file.name });
    try {
      const signed = await postJson<{ url: string; key: string; headers: Record<string, string> }>(
        '/checks/uploads',
        { fileName: file.name, size: file.size },
      );
      const put = await fetch(signed.url, { method: 'PUT', headers: signed.headers, body: file });
      if (!put.ok) throw new Error(`上传未成功（存储服务返回 ${put.status}）：请重新选择文件。`);
      await run(file.name, signed.key);
    } catch (e) {
      setPhase({ kind: 'idle' });
      setError(e);
    }
  };

  /** Checks the stored object (again, with a mapping): the result replaces the shown one. */
  const run = async (file: string, key: string, mapping?: ColumnMapping[]) => {
    const { id } = await postJson<{ id: string }>('/checks', { key, ...(mapping ? { mapping } : {}) });
    await poll<Check>(
      `/checks/${encodeURIComponent(id)}`,
      (c) => c.status !== 'running',
      (c) => {
        if (c.status === 'failed') setError(new Error(c.error ?? '检查未完成：请重新检查。'));
        setPhase({ kind: 'checked', file, check: { ...c, key: c.key ?? key } });
      },
    );
  };

  const recheck = async (file: string, c: Check, mapping: ColumnMapping[], save: boolean) => {
    setError(null);
    setPhase({ kind: 'checked', file, check: c, rechecking: true });
    try {
      if (save) {
        const path = `/units/${encodeURIComponent(props.session.unit)}/column-mappings`;
        for (const m of mapping) await putJson(path, m);
        setSaved((n) => n + 1);
      }
      await run(file, c.key, mapping);
    } catch (e) {
      setPhase({ kind: 'checked', file, check: c });
      setError(e);
    }
  };

  const importIt = async (file: string, c: Check) => {
    setError(null);
    try {
      const { key } = await postJson<{ key: string }>(`/checks/${encodeURIComponent(c.id)}/import`);
      setPhase({ kind: 'importing', file, check: c, record: null });
      void poll<{ items: ImportRecord[] }>(
        `/imports?key=${encodeURIComponent(key)}`,
        (r) => r.items[0] != null && isFinal(r.items[0].status),
        async (r) => {
          const full = await getJson<ImportRecord>(
            `/imports/${encodeURIComponent((r.items[0] as ImportRecord).id)}`,
          );
          setPhase({ kind: 'imported', file, check: c, record: full });
        },
      );
    } catch (e) {
      setError(e);
    }
  };

  const current = phase.kind === 'idle' || phase.kind === 'checking' ? null : phase.check;
  return (
    <Page title="上传前检查">
      <p class="sub">
        先检查、后导入：文件按本单位的上传判定（与导入完全相同的检查），列出导入后会改变的数据；确认无误再按“导入此文件”。检查不改变任何数据，检查用的文件保留
        1 天。
      </p>
      <label class={`dropzone${phase.kind === 'checking' ? ' busy' : ''}`}>
        <input
          type="file"
          accept=".xlsx,.xls,.ods,.csv"
          disabled={phase.kind === 'checking' || phase.kind === 'importing'}
          onChange={(e) => {
            const f = (e.target as HTMLInputElement).files?.[0];
            if (f) void check(f);
            (e.target as HTMLInputElement).value = '';
          }}
        />
        <span class="dz-title">选择要检查的台账文件</span>
        <span class="dz-sub">检查结果几秒内显示在下方</span>
      </label>
      <div aria-live="polite" class="upload-status" data-testid="check-status">
        {phase.kind === 'checking' ? <p>正在检查“{phase.file}”…</p> : null}
        {current && current.status !== 'done' ? <p>{RUN_STATUS_LABELS[current.status]}</p> : null}
        {current?.verdict ? (
          <p class={`status verdict-${current.verdict}`}>
            结论：{VERDICT_LABELS[current.verdict]}
            {current.verdict === 'refused'
              ? `（${current.findings.filter((f) => f.severity === 'error').length} 处错误，按下表改正后重新检查）`
              : ''}
          </p>
        ) : null}
        {phase.kind === 'importing' ? (
          <p>正在导入… {phase.record ? IMPORT_STATUS[phase.record.status] : ''}</p>
        ) : null}
        {phase.kind === 'imported' ? (
          <p class={`status status-${phase.record.status}`} data-testid="import-result">
            {IMPORT_STATUS[phase.record.status]}。
            {movedMeanwhile(phase.check, phase.record)
              ? '注意：检查之后已保存的数据有变化，导入的结果与检查时不同，请核对下方导入结果。'
              : '导入的结果与检查时相同。'}
            <a href={href(['imports', phase.record.id])}>打开导入详情</a>
          </p>
        ) : null}
      </div>
      {error ? <ErrorBox error={error} /> : null}
      {current?.status === 'done' ? (
        <section class="card" aria-label="检查结果">
          <div class="card-head">
            <h2>“{phase.kind === 'idle' || phase.kind === 'checking' ? '' : phase.file}”的检查结果</h2>
            <div class="actions">
              <button
                type="button"
                class="primary"
                disabled={
                  current.verdict === 'refused' || phase.kind === 'importing' || phase.kind === 'imported'
                }
                onClick={() => phase.kind === 'checked' && void importIt(phase.file, current)}
              >
                导入此文件
              </button>
            </div>
          </div>
          {current.changes ? <ChangeTable changes={current.changes} /> : null}
          {current.unknownHeaders && current.unknownHeaders.length > 0 && phase.kind === 'checked' ? (
            <MappingForm
              unknown={current.unknownHeaders}
              applied={current.mapping ?? []}
              busy={phase.rechecking === true}
              onRecheck={(mapping, save) => void recheck(phase.file, current, mapping, save)}
            />
          ) : null}
          <FindingsTable findings={current.findings} />
        </section>
      ) : null}
      <SavedMappings unit={props.session.unit} round={saved} />
    </Page>
  );
}
