/**
 * The rules in force over a store — the one place the application builds them from the port
 * that reads decisions (the store's coordination, domain/ports.ts): the policy versions with the
 * decisions whose re-projection is committed (`DecisionLog.projected`; with `including`, also
 * the one that writer projects), or no decisions when the store keeps none.
 *
 * @module
 */
import { type RulesInForce, rulesOf } from '#domain/decisions';
import type { Policy } from '#domain/policy/index';
import type { Store } from '#domain/ports';

/** The rules in force for the store's readers (or for the writer `including`). */
export async function rulesInForce(
  store: Pick<Store, 'coordination'>,
  policies: readonly Policy[],
  options: { including?: string } = {},
): Promise<RulesInForce> {
  const log = store.coordination?.decisions;
  return rulesOf(policies, log ? await log.projected(options.including) : []);
}
