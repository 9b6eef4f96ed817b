/**
 * 上传台账: drop a workbook (or choose it; the drop zone is a labelled file input, so the
 * keyboard and screen readers work), it is uploaded straight to the bucket with a presigned
 * PUT, then the import's status is followed live until it ends; the findings are shown by row
 * and column, with the report workbook and the blank template to download.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { download, getJson, pollJson, postJson } from '../api.ts';
import type { Session } from '../auth.ts';
import { ErrorBox, Page } from '../components.tsx';
import { IMPORT_STATUS, isFinal, rowsSummary } from '../format.ts';
import { href } from '../router.ts';
import type { ImportRecord } from '../types.ts';
import { FindingsTable, ImportSummary } from './imports.tsx';

const MAX = 20 * 1024 * 1024;

type Phase =
  | { kind: 'idle' }
  | { kind: 'uploading'; file: string }
  | { kind: 'waiting'; file: string; key: string; record: ImportRecord | null }
  | { kind: 'done'; record: ImportRecord };

export function UploadPage(_props: { session: Session }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [error, setError] = useState<unknown>(null);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const polling = useRef(0);

  useEffect(() => () => window.clearTimeout(polling.current), []);

  const follow = (file: string, key: string) =>
    pollJson<{ items: ImportRecord[] }>(
      `/imports?key=${encodeURIComponent(key)}`,
      (r) => r.items[0] != null && isFinal(r.items[0].status),
      {
        everyMs: 700,
        giveUpMs: 10 * 60_000,
        lateMessage: '十分钟内没有等到导入结果：请稍后在“导入记录”中查看。',
        timer: polling,
        onWait: (r) => setPhase({ kind: 'waiting', file, key, record: r.items[0] ?? null }),
      },
    )
      .then((r) => getJson<ImportRecord>(`/imports/${encodeURIComponent((r.items[0] as ImportRecord).id)}`))
      .then((full) => setPhase({ kind: 'done', record: full }), setError);

  const upload = async (file: File) => {
    setError(null);
    if (file.size > MAX) {
      setError(new Error(`文件“${file.name}”超过 20 MB：请删去多余的工作表或拆分成几个文件后再上传。`));
      return;
    }
    setPhase({ kind: 'uploading', file: file.name });
    try {
      const signed = await postJson<{ url: string; key: string; headers: Record<string, string> }>(
        '/uploads',
        {
          fileName: file.name,
          size: file.size,
        },
      );
      const put = await fetch(signed.url, { method: 'PUT', headers: signed.headers, body: file });
      if (!put.ok) throw new Error(`上传未成功（存储服务返回 ${put.status}）：请重新选择文件上传。`);
      void follow(file.name, signed.key);
    } catch (e) {
      setPhase({ kind: 'idle' });
      setError(e);
    }
  };

  const choose = (files: FileList | null | undefined) => {
    const file = files?.[0];
    if (file) void upload(file);
  };

  const busy = phase.kind === 'uploading' || phase.kind === 'waiting';
  return (
    <Page
      title="上传台账"
      actions={
        <button type="button" onClick={() => void download('/template', '台账填报模板.xlsx')}>
          下载填报模板
        </button>
      }
    >
      <p class="sub">
        支持 Excel（.xlsx、.xls）、WPS 另存的 .xlsx、.ods 和 .csv，每个文件不超过 20
        MB。整份文件全部通过检查才会导入；有错误时什么都不改，按下表逐行修改后重新上传即可。
      </p>
      <label
        class={`dropzone${over ? ' over' : ''}${busy ? ' busy' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          if (!busy) choose(e.dataTransfer?.files);
        }}
      >
        <input
          ref={input}
          type="file"
          accept=".xlsx,.xls,.ods,.csv"
          disabled={busy}
          onChange={(e) => {
            choose((e.target as HTMLInputElement).files);
            (e.target as HTMLInputElement).value = '';
          }}
        />
        <span class="dz-title">把台账文件拖到这里，或按此选择文件</span>
        <span class="dz-sub">上传到本单位的文件夹；检查结果几秒内显示在下方</span>
      </label>
      <div aria-live="polite" class="upload-status" data-testid="upload-status">
        {phase.kind === 'uploading' ? <p>正在上传“{phase.file}”…</p> : null}
        {phase.kind === 'waiting' ? (
          <p>
            “{phase.file}”已上传，
            {phase.record ? IMPORT_STATUS[phase.record.status] : '等待检查'}…
          </p>
        ) : null}
        {phase.kind === 'done' ? (
          <p class={`status status-${phase.record.status}`}>
            {IMPORT_STATUS[phase.record.status] ?? phase.record.status}
            {phase.record.status === 'rejected'
              ? `：${rowsSummary(phase.record)}；请按下表修改后重新上传。`
              : '。'}
          </p>
        ) : null}
      </div>
      {error ? <ErrorBox error={error} /> : null}
      {phase.kind === 'done' ? (
        <section class="card" aria-label="导入结果">
          <div class="card-head">
            <h2>导入结果</h2>
            <div class="actions">
              <button
                type="button"
                onClick={() => void download(`/imports/${phase.record.id}/report`, '检查报告.xlsx')}
              >
                下载检查报告（xlsx）
              </button>
              <a href={href(['imports', phase.record.id])}>打开导入详情</a>
            </div>
          </div>
          <ImportSummary record={phase.record} />
          <FindingsTable findings={phase.record.findings ?? []} />
        </section>
      ) : null}
    </Page>
  );
}
