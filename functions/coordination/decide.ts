/**
 * Recording and ending a working group's decision, the one way the API (`POST /decisions`,
 * `POST /decisions/{id}/end`) and the CLI (`lkg decision add|end`) do it: check the input
 * against the store, write the fact (never an edit), re-project the records it names under
 * the rules in force with it, and — on recording — settle their disputed transfers.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { CoordinationPort } from '#adapters/coordination-items';
import {
  checkEnd,
  type DecisionInput,
  type DecisionRecord,
  type RecordedBy,
  type WorkingGroupDecision,
  withDecisions,
} from '#domain/decisions';
import { NotFoundError, ValidationError } from '#domain/errors';
import { POLICIES, policyFor } from '#domain/policy/index';
import type { Store } from '#domain/ports';
import { statusOf, transferId } from '#domain/transfer-status';
import type { Month } from '#domain/types';

/** What recording needs. */
export interface DecideDeps {
  store: Store;
  coordination: CoordinationPort;
  now: Date;
}

/**
 * Records a decision: its records must exist; it is written, its records re-projected and
 * their disputed transfers settled by it. Returns the decision as `POST /decisions` answers.
 *
 * @throws ValidationError (Chinese) for unknown keys or a month before every policy
 */
export async function recordDecision(
  deps: DecideDeps,
  input: DecisionInput,
  recordedBy: RecordedBy,
): Promise<DecisionRecord & { to: null }> {
  const { store, coordination, now } = deps;
  policyFor(input.from, POLICIES);
  const versions = await store.getVersions(input.keys);
  const missing = input.keys.filter((k) => (versions.get(k) ?? []).length === 0);
  if (missing.length > 0)
    throw new ValidationError(
      `以下企业代码在台账中不存在：${missing.slice(0, 20).join('、')}${missing.length > 20 ? '……' : ''}：请核对统一社会信用代码或项目编号。`,
    );
  const decision: DecisionRecord = {
    id: `d-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(4).toString('hex')}`,
    ...input,
    recordedBy,
    recordedAt: now.toISOString(),
  };
  await coordination.decisions.record(decision);
  const rules = withDecisions(POLICIES, await coordination.decisions.all());
  await coordination.reproject(decision.keys, rules, `decision:${decision.id}`);
  await settleDisputes(deps, decision);
  return { ...decision, to: null };
}

/** The disputed transfers of the decision's records are settled by it (the bureau closes a dispute by deciding). */
async function settleDisputes(deps: DecideDeps, decision: DecisionRecord): Promise<void> {
  const transfers = (await Promise.all(decision.keys.map((k) => deps.store.transfers(k)))).flat();
  const actions = await deps.coordination.transferActions.actions(transfers.map(transferId));
  for (const t of transfers) {
    const current = statusOf(t, actions.get(transferId(t)) ?? []);
    if (current.status !== 'disputed') continue;
    await deps.coordination.transferActions.add({
      transferId: current.id,
      action: 'settle',
      unit: 'bureau',
      subject: decision.recordedBy.subject,
      from: t.from,
      to: t.to,
      reason: `由工作专班决定（${decision.documentNo}）裁定：${decision.reason}`,
      decision: { id: decision.id, documentNo: decision.documentNo },
      recordedAt: decision.recordedAt,
    });
  }
}

/**
 * Ends a decision from a later month (a new fact with who and when; the decision is never
 * edited) and re-projects its records. Returns the decision with its end and trail.
 *
 * @throws NotFoundError for an unknown id; ValidationError when the month is not after its
 *   first month or it was ended already
 */
export async function endDecision(
  deps: DecideDeps,
  id: string,
  end: { from: Month; reason: string | null; documentNo: string | null },
  recordedBy: RecordedBy,
): Promise<WorkingGroupDecision> {
  const { coordination, now } = deps;
  policyFor(end.from, POLICIES);
  const decision = (await coordination.decisions.all()).find((d) => d.id === id);
  if (!decision)
    throw new NotFoundError(`没有找到编号为“${id}”的决定：请用 GET /decisions（或 lkg decision list）查看。`);
  checkEnd(decision, end.from);
  const result = await coordination.decisions.end({
    decisionId: id,
    ...end,
    recordedBy,
    recordedAt: now.toISOString(),
  });
  const all = await coordination.decisions.all();
  const ended = all.find((d) => d.id === id) as WorkingGroupDecision;
  if (result === 'exists') checkEnd(ended, end.from); // ended meanwhile by another request: says so
  await coordination.reproject(decision.keys, withDecisions(POLICIES, all), `decision-end:${id}`);
  return ended;
}
