/**
 * 企业: the unit's enterprises by role (paged), or a search by name fragment or code. The
 * bureau chooses the unit.
 */
import { useState } from 'preact/hooks';
import { getJson, qs } from '../api.ts';
import type { Session } from '../auth.ts';
import { ErrorBox, Loading, Page, Pager, Table, useData, usePager } from '../components.tsx';
import { config, unitName } from '../config.ts';
import { monthLabel, ROLES, STAGES } from '../format.ts';
import { go, href, type Route } from '../router.ts';
import type { Assignment } from '../types.ts';

interface Row {
  key: string;
  name: string;
  stage: string | null;
  service: string | null;
  indicators: string | null;
}

export function EnterprisesPage(props: { session: Session; route: Route }) {
  const bureau = props.session.role === 'bureau';
  const q = props.route.query.get('q') ?? '';
  const role = props.route.query.get('role') ?? 'service';
  const unit = bureau ? (props.route.query.get('unit') ?? 'changqing') : props.session.unit;
  const office = config().units.find((u) => u.id === unit)?.kind === 'office';
  const pager = usePager();
  const [text, setText] = useState(q);
  const [data, error] = useData(async () => {
    if (q) {
      const r = await getJson<{ month: string | null; items: Row[]; cursor: string | null }>(
        `/enterprises${qs({ q, cursor: pager.cursor, limit: 20 })}`,
      );
      return { month: r.month, items: r.items, cursor: r.cursor };
    }
    const r = await getJson<{
      month: string | null;
      items: Array<{ key: string; name: string; stage: string; assignment: Assignment }>;
      cursor: string | null;
    }>(`/units/${unit}/enterprises${qs({ role, cursor: pager.cursor, limit: 20 })}`);
    return {
      month: r.month,
      items: r.items.map((i) => ({
        key: i.key,
        name: i.name,
        stage: i.stage,
        service: i.assignment?.service ?? null,
        indicators: i.assignment?.indicators ?? null,
      })),
      cursor: r.cursor,
    };
  }, [q, role, unit, pager.cursor]);
  const set = (change: Record<string, string | null>) => {
    pager.reset();
    go(['enterprises'], { q, role, unit: bureau ? unit : null, ...change });
  };
  const roles = office ? ['service', 'indicators'] : Object.keys(ROLES);
  return (
    <Page title="企业">
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          set({ q: text.trim() });
        }}
      >
        <label>
          按名称或代码查找
          <input
            type="search"
            value={text}
            placeholder="至少两个字，如 临空"
            onInput={(e) => setText((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit">查找</button>
        {q ? (
          <button
            type="button"
            onClick={() => {
              setText('');
              set({ q: null });
            }}
          >
            清除查找
          </button>
        ) : null}
      </form>
      {!q ? (
        <div class="filters">
          {bureau ? (
            <label>
              单位
              <select value={unit} onChange={(e) => set({ unit: (e.target as HTMLSelectElement).value })}>
                {config()
                  .units.filter((u) => u.kind !== 'bureau')
                  .map((u) => (
                    <option value={u.id}>{u.name}</option>
                  ))}
              </select>
            </label>
          ) : null}
          <fieldset class="segmented">
            <legend>角色</legend>
            {roles.map((r) => (
              <label>
                <input
                  type="radio"
                  name="role"
                  value={r}
                  checked={r === role}
                  onChange={() => set({ role: r })}
                />
                {ROLES[r]}
              </label>
            ))}
          </fieldset>
        </div>
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
      {!data && !error ? <Loading what="企业名单" /> : null}
      {data ? (
        <>
          <p class="sub">
            {q ? `“${q}”的查找结果` : `${unitName(unit)} · ${ROLES[role]}企业`} · {monthLabel(data.month)}
          </p>
          <Table
            caption={q ? `查找“${q}”` : `${unitName(unit)}${ROLES[role]}企业（第 ${pager.page} 页）`}
            rows={data.items}
            empty={q ? '没有找到名称或代码含有该内容的企业（本单位只能查到自己的企业）。' : '本月没有企业。'}
            columns={[
              { title: '企业（项目）名称', cell: (r) => <a href={href(['enterprises', r.key])}>{r.name}</a> },
              { title: '统一社会信用代码 / 项目编号', cell: (r) => <code>{r.key}</code> },
              { title: '状态', cell: (r) => (r.stage ? (STAGES[r.stage] ?? r.stage) : '—') },
              { title: '服务单位', cell: (r) => unitName(r.service) },
              { title: '指标承担单位', cell: (r) => unitName(r.indicators) },
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
