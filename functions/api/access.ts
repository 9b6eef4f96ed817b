/**
 * What a caller may see of an enterprise (docs/api.md, `GET /enterprises/{key}`):
 * - the bureau: everything;
 * - a unit that is the enterprise's service, indicators, cooperating or safety unit in the
 *   latest month: its whole history, any month;
 * - a unit that held it only earlier: the months up to the last month it held it;
 * - anyone else: nothing (404, never 403).
 *
 * The windows are the timeline's (`domain/timeline.ts`); this maps the caller onto them.
 *
 * @module
 */
import type { MonthAssignment } from '#domain/ports';
import { holds, monthVisible, type Visibility, visibilityOf as windowOf } from '#domain/timeline';
import type { Assignment } from '#domain/types';
import type { Caller } from './auth.ts';

export { holds, monthVisible, type Visibility };

/**
 * The visibility of an enterprise for a caller, from its history (oldest first; each entry
 * holds from its month until the month before the next entry; the last one until `latest`).
 *
 * @param latestAssignment the assignment in the latest month (used when the history is empty
 *   or does not reach the latest month).
 */
export function visibilityOf(
  caller: Caller,
  history: readonly MonthAssignment[],
  latestAssignment: Assignment | null,
): Visibility {
  return windowOf(caller.kind === 'bureau' ? null : caller.unit, history, latestAssignment);
}
