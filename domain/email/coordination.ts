/**
 * What the monthly emails show of coordination: each unit's transfers
 * of the month still to be confirmed (本月待确认划转) and the working group's decisions in force
 * for its enterprises; the overview's counts of confirmed, pending, disputed and settled
 * transfers and the decisions in force. Nothing changes silently: every line names the 文号.
 *
 * @module
 */

import type { WorkingGroupDecision } from '../decisions.ts';
import { BY_RULES, decisionInForce, decisionStanding, rulesOf } from '../decisions.ts';
import { clauseLabel, decisionLabel, standingWords } from '../labels.ts';
import { addMonths, monthLabel } from '../months.ts';
import { countByStatus, STATUS_LABELS, type TransferWithStatus } from '../transfer-status.ts';
import type { Month } from '../types.ts';
import { type UnitId, unitName } from '../units.ts';
import { dataTable, type Html, paragraph, section } from './html.ts';

/** The month's coordination facts the emails show. */
export interface CoordinationFacts {
  /** The month's transfers with their status (all of them; each email shows its own). */
  transfers: readonly (TransferWithStatus & { name?: string })[];
  /** Every decision (each email shows those in force in the month about its enterprises). */
  decisions: readonly WorkingGroupDecision[];
  /** The keys each unit holds in the month (for the decisions it is shown). */
  holders?: ReadonlyMap<string, readonly string[]>;
}

const unitLabel = (u: string | null | undefined) =>
  u === BY_RULES ? '按规则' : u ? unitName(u as UnitId) : '—';

function transferBasis(t: TransferWithStatus): string {
  if (t.decision) return `${decisionLabel(t.decision.documentNo)}${t.decision.ended ? '（终止）' : ''}`;
  return clauseLabel(t.clause);
}

/** The unit's transfers of the month still to be confirmed by both units (pending or disputed). */
export function pendingFor(
  facts: CoordinationFacts,
  unit: UnitId,
): (TransferWithStatus & { name?: string })[] {
  return facts.transfers.filter(
    (t) => (t.from === unit || t.to === unit) && (t.status === 'pending' || t.status === 'disputed'),
  );
}

function decisionsFor(facts: CoordinationFacts, month: Month, unit: UnitId | null): WorkingGroupDecision[] {
  return facts.decisions.filter(
    (d) =>
      decisionInForce(d, month) &&
      (unit === null ||
        d.service === unit ||
        d.indicators === unit ||
        d.keys.some((k) => facts.holders?.get(k)?.includes(unit))),
  );
}

function decisionRows(
  list: readonly WorkingGroupDecision[],
  all: readonly WorkingGroupDecision[],
  month: Month,
): string[][] {
  // Where each stands in the month: a decision a later one replaced is not shown as if it held.
  const rules = rulesOf([], all);
  return list.map((d) => [
    d.documentNo,
    d.to ? `${monthLabel(d.from)}至${monthLabel(addMonths(d.to, -1))}` : `${monthLabel(d.from)}起`,
    [d.service ? `服务：${unitLabel(d.service)}` : '', d.indicators ? `指标：${unitLabel(d.indicators)}` : '']
      .filter(Boolean)
      .join('；'),
    String(d.keys.length),
    (({ state, lines }) => [state, ...lines].join('；'))(standingWords(d, decisionStanding(d, month, rules))),
    d.reason,
  ]);
}

const DECISION_HEADERS = ['文号', '适用期间', '决定', '企业数', '执行情况', '理由'];

/** The unit email's sections: 本月待确认划转, and 工作专班决定 when any applies. */
export function unitCoordinationSections(facts: CoordinationFacts, month: Month, unit: UnitId): Html[] {
  const pending = pendingFor(facts, unit);
  const out = [
    section(
      '本月待确认划转',
      pending.length === 0
        ? paragraph('本月没有待确认的划转。')
        : dataTable(
            ['企业（项目）名称', '代码', '移出单位', '接收单位', '依据', '状态', '划转编号'],
            pending.map((t) => [
              t.name ?? t.key,
              t.key,
              unitLabel(t.from),
              unitLabel(t.to),
              transferBasis(t),
              STATUS_LABELS[t.status],
              t.id,
            ]),
          ),
      ...(pending.length > 0
        ? [paragraph('请登录系统，在“划转确认”中确认或提出异议（写明理由）；确认不影响归属判定。')]
        : []),
    ),
  ];
  const decisions = decisionsFor(facts, month, unit);
  if (decisions.length > 0)
    out.push(
      section(
        '工作专班决定（本月适用）',
        dataTable(DECISION_HEADERS, decisionRows(decisions, facts.decisions, month)),
      ),
    );
  return out;
}

/** The overview's section: counts by status, the disputed ones, and the decisions in force. */
export function overviewCoordinationSections(facts: CoordinationFacts, month: Month): Html[] {
  const counts = countByStatus(facts.transfers);
  const disputed = facts.transfers.filter((t) => t.status === 'disputed');
  const out = [
    section(
      '划转确认情况',
      paragraph(
        `本月划转 ${facts.transfers.length} 起：已确认 ${counts.confirmed} 起，待确认 ${counts.pending} 起，有异议 ${counts.disputed} 起，已裁定 ${counts.settled} 起。`,
      ),
      ...(disputed.length > 0
        ? [
            dataTable(
              ['企业（项目）名称', '移出单位', '接收单位', '依据', '异议'],
              disputed.map((t) => [
                t.name ?? t.key,
                unitLabel(t.from),
                unitLabel(t.to),
                transferBasis(t),
                t.trail
                  .filter((a) => a.action === 'object')
                  .map((a) => `${unitLabel(a.unit)}：${a.reason ?? ''}`)
                  .join('；'),
              ]),
            ),
          ]
        : []),
    ),
  ];
  const decisions = decisionsFor(facts, month, null);
  if (decisions.length > 0)
    out.push(
      section(
        '工作专班决定（本月适用）',
        dataTable(DECISION_HEADERS, decisionRows(decisions, facts.decisions, month)),
      ),
    );
  return out;
}

/** Text lines of the unit email. */
export function unitCoordinationText(facts: CoordinationFacts, unit: UnitId): string[] {
  const pending = pendingFor(facts, unit);
  return [
    `本月待确认划转（${pending.length} 起）：`,
    ...(pending.length === 0
      ? ['无']
      : pending.map(
          (t) =>
            `${t.name ?? t.key}（${t.key}），${unitLabel(t.from)} → ${unitLabel(t.to)}，依据：${transferBasis(t)}，${STATUS_LABELS[t.status]}，划转编号 ${t.id}`,
        )),
    '',
  ];
}

/** Text lines of the overview. */
export function overviewCoordinationText(facts: CoordinationFacts): string[] {
  const c = countByStatus(facts.transfers);
  return [
    `划转确认情况：本月划转 ${facts.transfers.length} 起，已确认 ${c.confirmed} 起，待确认 ${c.pending} 起，有异议 ${c.disputed} 起，已裁定 ${c.settled} 起。`,
    '',
  ];
}
