/**
 * The month's transfers with their status, and the coordination facts the monthly emails
 * show (the API, the publisher and the CLI read them here).
 *
 * @module
 */
import { decisionInForce, rulesOf } from '#domain/decisions';
import type { CoordinationFacts } from '#domain/email/coordination';
import { UNIT_ROLES } from '#domain/ingest';
import { POLICIES } from '#domain/policy/index';
import type { Coordination, ProjectionReads, Transfer } from '#domain/ports';
import { assignmentIfInForce } from '#domain/timeline';
import { statusOf, type TransferWithStatus, transferId } from '#domain/transfer-status';
import type { Month, RegisterRecord } from '#domain/types';

/** Transfers with their status from the actions recorded about them. */
export async function withStatus<T extends Transfer>(
  port: Coordination,
  transfers: readonly T[],
): Promise<Array<TransferWithStatus & T>> {
  const actions = await port.transferActions.actions(transfers.map(transferId));
  return transfers.map((t) => ({ ...t, ...statusOf(t, actions.get(transferId(t)) ?? []) }));
}

/** Every transfer of the month with the record's name and its status. */
export async function transfersOfMonth(
  port: Coordination,
  month: Month,
): Promise<Array<TransferWithStatus & { name: string }>> {
  return withStatus(port, await port.transfersInMonth(month));
}

/**
 * What the month's emails show of coordination: the transfers with their status, the
 * decisions, and who holds the enterprises of the decisions in force in the month.
 */
export async function coordinationFacts(
  store: ProjectionReads,
  port: Coordination,
  month: Month,
): Promise<CoordinationFacts> {
  // The decisions whose re-projection is committed: the emails follow the projection readers see.
  const [transfers, decisions] = await Promise.all([
    transfersOfMonth(port, month),
    port.decisions.projected(),
  ]);
  const rules = rulesOf(POLICIES, decisions);
  const keys = [...new Set(decisions.filter((d) => decisionInForce(d, month)).flatMap((d) => d.keys))];
  const versions = keys.length > 0 ? await store.getVersions(keys) : new Map();
  const holders = new Map<string, string[]>();
  for (const key of keys) {
    const a = assignmentIfInForce(
      (versions.get(key) ?? []).map((v: { record: RegisterRecord }) => v.record),
      month,
      rules,
    );
    if (!a) continue;
    const units: Array<string | null> = [...UNIT_ROLES.map((r) => a[r]), a.lead];
    holders.set(key, [...new Set(units.filter((u): u is string => u != null))]);
  }
  return { transfers, decisions, holders };
}
