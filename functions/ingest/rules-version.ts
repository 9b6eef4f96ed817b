/**
 * The projection knows its rules: the stored projection is stamped with the rules version it was
 * computed under (`rulesVersionOf`: the policy data, the indicator catalogue and the projection
 * code's version), and compared with the current one where it is read or swept. A mismatch marks
 * it stale: reads answer from the stored projection with `stale: {stored, current}` (never a mix
 * of two versions), the sweep warns, and `lkg rebuild` recomputes it and stamps the current
 * version.
 *
 * @module
 */
import { POLICIES } from '#domain/policy/index';
import type { Store } from '#domain/ports';
import { type RulesStale, rulesStaleness, rulesVersionOf } from '#domain/replay';

/** The rules version of the rules in force (the policies and the indicator catalogue of this code). */
export const CURRENT_RULES_VERSION = rulesVersionOf(POLICIES);

/** The store's projection against the current rules: null when current (or never stamped). */
export async function projectionStaleness(
  store: Store,
  current: string = CURRENT_RULES_VERSION,
): Promise<RulesStale | null> {
  return rulesStaleness(await store.rulesVersion(), current);
}
