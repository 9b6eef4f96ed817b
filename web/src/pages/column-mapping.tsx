/**
 * 列名对照: for each header the check did not know, the clerk picks the template's column it
 * means (nearest first), re-checks the same file with that mapping at once, and may save it for
 * the unit's later uploads (by every route). The unit's saved mappings are listed with 删除.
 */
import { useState } from 'preact/hooks';
import { SHEET_KIND_NAMES } from '../../../domain/registers/columns.ts';
import { deleteJson, getJson } from '../api.ts';
import { ErrorBox, Table, useData } from '../components.tsx';
import { beijingTime } from '../format.ts';

/** A sheet kind as people name it (the domain's catalogue). */
const KIND_NAMES: Readonly<Record<string, string>> = SHEET_KIND_NAMES;

/** A header the check did not know, with the template's columns it may mean. */
export interface UnknownHeader {
  sheet: string;
  kind: string;
  header: string;
  /** Letter and header, e.g. `F 企业地址（街道）`. */
  label: string;
  /** The template's columns nearest first. */
  nearest: string[];
  /** Every column of the sheet's kind. */
  choices: string[];
}

/** One mapping: the header as the file writes it → the template's column. */
export interface ColumnMapping {
  kind: string;
  header: string;
  column: string;
}

export interface SavedMapping extends ColumnMapping {
  savedAt: string;
  savedBy: string;
}

const SKIP = '';

/** The form: one select per unknown header, 按对照重新检查, and whether to save. */
export function MappingForm(props: {
  unknown: UnknownHeader[];
  applied: ColumnMapping[];
  busy: boolean;
  onRecheck: (mapping: ColumnMapping[], save: boolean) => void;
}) {
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [save, setSave] = useState(true);
  const id = (u: UnknownHeader) => `${u.kind}\u0000${u.header}`;
  const mapping = (): ColumnMapping[] =>
    props.unknown
      .filter((u) => (chosen[id(u)] ?? SKIP) !== SKIP)
      .map((u) => ({ kind: u.kind, header: u.header, column: chosen[id(u)] as string }));
  return (
    <form
      class="card"
      aria-labelledby="mapping-title"
      onSubmit={(e) => {
        e.preventDefault();
        props.onRecheck(mapping(), save);
      }}
    >
      <h2 id="mapping-title">列名对照（{props.unknown.length} 列系统不认识）</h2>
      <p class="sub">
        请为每一列选择它对应的模板列，再按“按对照重新检查”：同一文件立即按对照重新检查，不改变任何数据。不需要的列选“不导入该列”。
      </p>
      <div class="form-grid">
        {props.unknown.map((u) => {
          const rest = u.choices.filter((c) => !u.nearest.includes(c));
          return (
            <label class="field" key={id(u)}>
              {`${KIND_NAMES[u.kind] ?? ''}工作表“${u.sheet}”的列「${u.header}」（${u.label.split(' ')[0]} 列）对应`}
              <select
                value={chosen[id(u)] ?? SKIP}
                onChange={(e) => setChosen({ ...chosen, [id(u)]: (e.target as HTMLSelectElement).value })}
              >
                <option value={SKIP}>不导入该列</option>
                {u.nearest.length > 0 ? (
                  <optgroup label="最接近的列名">
                    {u.nearest.map((c) => (
                      <option value={c}>{c}</option>
                    ))}
                  </optgroup>
                ) : null}
                <optgroup label="其他列名">
                  {rest.map((c) => (
                    <option value={c}>{c}</option>
                  ))}
                </optgroup>
              </select>
            </label>
          );
        })}
      </div>
      <label class="check">
        <input
          type="checkbox"
          checked={save}
          onChange={(e) => setSave((e.target as HTMLInputElement).checked)}
        />
        保存为本单位的列名对照：以后本单位上传的文件（网页上传、存储桶或本地 inbox
        文件夹）中同样的列名自动按此读取
      </label>
      {props.applied.length > 0 ? (
        <p class="sub">
          本次检查已按对照读取：{props.applied.map((m) => `${m.header} → ${m.column}`).join('；')}
        </p>
      ) : null}
      <div class="actions">
        <button type="submit" class="primary" disabled={props.busy || mapping().length === 0}>
          {props.busy ? '正在重新检查…' : '按对照重新检查'}
        </button>
      </div>
    </form>
  );
}

/** The unit's saved mappings, each with 删除 (the bureau may remove any unit's). */
export function SavedMappings(props: { unit: string; round: number }) {
  const path = `/units/${encodeURIComponent(props.unit)}/column-mappings`;
  const [data, error, reload] = useData(() => getJson<{ items: SavedMapping[] }>(path), [path, props.round]);
  const [failed, setFailed] = useState<unknown>(null);
  const remove = async (m: SavedMapping) => {
    setFailed(null);
    try {
      await deleteJson(`${path}?kind=${encodeURIComponent(m.kind)}&header=${encodeURIComponent(m.header)}`);
      reload();
    } catch (e) {
      setFailed(e);
    }
  };
  return (
    <section aria-labelledby="saved-mappings-title">
      <h2 id="saved-mappings-title">本单位保存的列名对照</h2>
      {error ? <ErrorBox error={error} /> : null}
      {failed ? <ErrorBox error={failed} /> : null}
      {data ? (
        <Table
          caption="本单位保存的列名对照"
          rows={data.items}
          empty="还没有保存的列名对照：检查文件时遇到系统不认识的列名，可在检查结果中选择对应的模板列并保存。"
          columns={[
            { title: '表', cell: (m) => KIND_NAMES[m.kind] ?? m.kind },
            { title: '文件中的列名', cell: (m) => m.header },
            { title: '按此模板列读取', cell: (m) => m.column },
            { title: '保存时间', cell: (m) => beijingTime(m.savedAt) },
            {
              title: '操作',
              cell: (m) => (
                <button type="button" onClick={() => void remove(m)}>
                  删除
                </button>
              ),
            },
          ]}
        />
      ) : null}
    </section>
  );
}
