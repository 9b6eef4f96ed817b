/**
 * What a caller may see of an enterprise (interfaces.md §2, `GET /enterprises/{key}`):
 * - the bureau: everything;
 * - a unit that is the enterprise's service, indicators, cooperating or safety unit in the
 *   latest month: its whole history, any month;
 * - a unit that held it only earlier: the months up to the last month it held it;
 * - anyone else: nothing (404, never 403).
 *
 * Pure functions over the stored history (the assignment in each month it changed).
 *
 * @module
 */
import { addMonths } from '#domain/months';
import type { MonthAssignment } from '#domain/ports';
import type { Assignment, Month } from '#domain/types';
import type { UnitId } from '#domain/units';
import type { Caller } from './auth.ts';

/** True when the unit is the assignment's service, indicators, cooperating or safety unit. */
export function holds(assignment: Assignment | null | undefined, unit: UnitId): boolean {
  if (!assignment) return false;
  return (
    assignment.service === unit ||
    assignment.indicators === unit ||
    assignment.cooperating === unit ||
    assignment.safety === unit ||
    assignment.lead === unit
  );
}

/** How far a caller sees an enterprise: all of it, up to a month, or nothing. */
export type Visibility = { kind: 'all' } | { kind: 'until'; month: Month } | { kind: 'none' };

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
  if (caller.kind === 'bureau') return { kind: 'all' };
  const unit = caller.unit;
  if (holds(latestAssignment, unit)) return { kind: 'all' };
  for (let i = history.length - 1; i >= 0; i--) {
    const entry = history[i]!;
    if (!holds(entry.assignment, unit)) continue;
    const next = history[i + 1];
    // The last entry would be the latest month's assignment, which the unit does not hold:
    // the history then ends where the latest assignment begins — unknown here, so only
    // entries followed by a change give a bound.
    if (!next) return { kind: 'none' };
    return { kind: 'until', month: addMonths(next.month, -1) };
  }
  return { kind: 'none' };
}

/** True when the month lies within what the visibility allows. */
export function monthVisible(visibility: Visibility, month: Month): boolean {
  if (visibility.kind === 'all') return true;
  if (visibility.kind === 'none') return false;
  return month <= visibility.month;
}
