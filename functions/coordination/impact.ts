/**
 * Running the impact of a draft over the store (the CLI's `lkg impact`, the API's `POST
 * /impact`): every record's versions, the indicators of M's year up to M, the rules in force
 * with the decisions — read, never written — then `impactOf`. Also the draft file's reading
 * (`lkg policy check`) and the impact as text and as a workbook, in Chinese.
 *
 * @module
 */
import { formatDecimal } from '#domain/decimal';
import { rulesOf } from '#domain/decisions';
import { indicatorLabel } from '#domain/email/format';
import { adoptDraft, type ImpactResult, impactHeadline, impactOf } from '#domain/impact';
import { monthOf, yearToDate } from '#domain/months';
import { POLICIES, type Policy, PolicyDataError, parsePolicy } from '#domain/policy/index';
import type { ImpactJobs, Store } from '#domain/ports';
import type { IndicatorRow, Month, RegisterRecord } from '#domain/types';
import { unitName } from '#domain/units';
import type { SheetValues } from '#domain/workbooks';
import { rulesInForce } from './rules-in-force.ts';

/**
 * Reads a draft (the policy schema) and checks that it can join the versions in force.
 *
 * @throws PolicyDataError listing every issue in Chinese
 */
export function readDraft(input: unknown): Policy {
  const draft = parsePolicy(input);
  try {
    adoptDraft(rulesOf(POLICIES), draft);
  } catch (error) {
    if (error instanceof PolicyDataError) throw error;
    throw new PolicyDataError(`草案不能与现行政策版本并存：${(error as Error).message}`, [], {
      cause: error,
    });
  }
  return draft;
}

/** The impact of the draft over what the store holds (reads only). */
export async function impactOverStore(
  store: Store,
  draft: Policy,
  month?: Month | null,
): Promise<ImpactResult> {
  const m = month ?? monthOf(draft.effectiveFrom);
  const records: RegisterRecord[][] = [];
  for await (const versions of store.allVersions()) records.push(versions.map((v) => v.record));
  const months = yearToDate(m);
  const indicators: IndicatorRow[] = (
    await Promise.all(months.map((x) => store.indicatorsByMonth(x)))
  ).flat();
  return impactOf({ draft, month: m, records, indicators, rules: await rulesInForce(store, POLICIES) });
}

/** The event that runs a stored impact job in the worker function (`POST /impact` in AWS). */
export interface ImpactRunEvent {
  source: 'lkg.impact';
  id: string;
}

/** True for an impact run's event. */
export function isImpactRunEvent(event: unknown): event is ImpactRunEvent {
  const e = event as { source?: unknown; id?: unknown } | null;
  return e?.source === 'lkg.impact' && typeof e.id === 'string';
}

/**
 * Runs a stored impact job (`POST /impact` stored it with its draft): the impact over the store,
 * then the job `done` with its result, or `failed` with the reason in Chinese. A job already
 * finished is left as it is, so a repeated event (Lambda retries an asynchronous event after an
 * error) does nothing twice.
 *
 * @returns the job's status afterwards; null for an unknown id
 */
export async function runImpactJob(
  deps: { store: Store; jobs: ImpactJobs; clock: { now(): Date } },
  id: string,
): Promise<'done' | 'failed' | null> {
  const found = await deps.jobs.pending(id);
  if (!found) return null;
  const { job } = found;
  if (job.status !== 'running') return job.status;
  try {
    const result = await impactOverStore(
      deps.store,
      readDraft(found.draft),
      job.month == null ? null : (job.month as Month),
    );
    await deps.jobs.finish({ ...job, status: 'done', finishedAt: deps.clock.now().toISOString() }, result);
    return 'done';
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await deps.jobs.finish(
      { ...job, status: 'failed', finishedAt: deps.clock.now().toISOString(), error: message },
      null,
    );
    return 'failed';
  }
}

const unitLabel = (u: string | null) => (u ? unitName(u as never) : '—');
const ROLE_LABELS: Record<string, string> = {
  service: '服务单位',
  indicators: '指标承担',
  lead: '牵头单位',
  cooperating: '配合街道',
  safety: '安全生产属地',
};

function ytdText(values: Readonly<Record<string, string>>): string {
  const parts = Object.entries(values).map(([k, v]) => `${indicatorLabel(k)} ${formatDecimal(v)}`);
  return parts.length > 0 ? parts.join('，') : '—';
}

/** The impact as lines a person reads (Chinese). */
export function impactText(result: ImpactResult): string[] {
  const lines = [impactHeadline(result), ''];
  if (result.enterprises.length > 0) {
    lines.push('归属将改变的企业：');
    for (const e of result.enterprises) {
      const roles = e.changed
        .map((r) => `${ROLE_LABELS[r]} ${unitLabel(e.before[r])} → ${unitLabel(e.after[r])}`)
        .join('；');
      lines.push(
        `  ${e.name}（${e.key}）：${roles}；依据 ${e.before.decidedBy ?? '—'}（${e.before.policy}）→ ${e.after.decidedBy ?? '—'}（${e.after.policy}）；本年累计 ${ytdText(e.ytd)}`,
      );
    }
    lines.push('');
  }
  const moving = result.units.filter((u) => u.in > 0 || u.out > 0);
  if (moving.length > 0) {
    lines.push('各单位划入划出：');
    for (const u of moving)
      lines.push(
        `  ${unitLabel(u.unit)}：划入 ${u.in} 家（本年累计 ${ytdText(u.ytdIn)}），划出 ${u.out} 家（本年累计 ${ytdText(u.ytdOut)}）；承担指标企业 ${u.carriedBefore} → ${u.carriedAfter} 家`,
      );
    lines.push('');
  }
  lines.push(`全区本年累计（前）：${ytdText(result.district.ytdBefore)}`);
  lines.push(`全区本年累计（后）：${ytdText(result.district.ytdAfter)}`);
  return lines;
}

/** The impact as the sheets of a workbook: 企业变化, 单位划入划出, 全区合计. */
export function impactSheets(result: ImpactResult): SheetValues[] {
  const indicators = [
    ...new Set(
      [...result.units.flatMap((u) => [...Object.keys(u.ytdBefore), ...Object.keys(u.ytdAfter)])].sort(),
    ),
  ];
  const num = (v: string | undefined) => (v == null ? null : Number(v));
  const enterprises: SheetValues = {
    name: '企业变化',
    textColumns: [1],
    rows: [
      [
        '企业（项目）名称',
        '代码',
        '变化',
        '服务单位（前）',
        '服务单位（后）',
        '指标承担（前）',
        '指标承担（后）',
        '牵头（前）',
        '牵头（后）',
        '配合街道（前）',
        '配合街道（后）',
        '依据（前）',
        '依据（后）',
        ...indicators.map((k) => `${indicatorLabel(k)}本年累计`),
      ],
      ...result.enterprises.map((e) => [
        e.name,
        e.key,
        e.changed.map((r) => ROLE_LABELS[r] ?? r).join('、'),
        unitLabel(e.before.service),
        unitLabel(e.after.service),
        unitLabel(e.before.indicators),
        unitLabel(e.after.indicators),
        unitLabel(e.before.lead),
        unitLabel(e.after.lead),
        unitLabel(e.before.cooperating),
        unitLabel(e.after.cooperating),
        `${e.before.decidedBy ?? '—'}（${e.before.policy}）`,
        `${e.after.decidedBy ?? '—'}（${e.after.policy}）`,
        ...indicators.map((k) => num(e.ytd[k])),
      ]),
    ],
  };
  const units: SheetValues = {
    name: '单位划入划出',
    rows: [
      [
        '单位',
        '划入（家）',
        '划出（家）',
        '承担指标企业（前）',
        '承担指标企业（后）',
        ...indicators.flatMap((k) => [
          `${indicatorLabel(k)}划入`,
          `${indicatorLabel(k)}划出`,
          `${indicatorLabel(k)}本年累计（前）`,
          `${indicatorLabel(k)}本年累计（后）`,
        ]),
      ],
      ...result.units.map((u) => [
        unitLabel(u.unit),
        u.in,
        u.out,
        u.carriedBefore,
        u.carriedAfter,
        ...indicators.flatMap((k) => [
          num(u.ytdIn[k]),
          num(u.ytdOut[k]),
          num(u.ytdBefore[k]),
          num(u.ytdAfter[k]),
        ]),
      ]),
    ],
  };
  const district: SheetValues = {
    name: '全区合计',
    rows: [
      ['指标', '本年累计（前）', '本年累计（后）'],
      ...indicators.map((k) => [
        indicatorLabel(k),
        result.district.ytdBefore[k] ?? '0',
        result.district.ytdAfter[k] ?? '0',
      ]),
      [],
      [impactHeadline(result)],
    ],
  };
  return [enterprises, units, district];
}
