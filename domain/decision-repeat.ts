/**
 * A decision asked again: a clerk who retries `POST /decisions` must not record it twice. The
 * working group's document (文号) and the enterprises it names (keys, as a set) identify a
 * decision; the same two with the same body are the same decision (answered as it is), the
 * same two with a different body are a conflict naming the decision already recorded.
 *
 * @module
 */
import { ConflictError } from './errors.ts';

/** The fields of a recorded decision that are not what was asked (who, when, its end). */
const RECORDED_ONLY = new Set(['id', 'keys', 'recordedBy', 'recordedAt', 'to', 'trail', 'projection']);

/** What was asked, comparable: every asked field but the keys, in name order (units are ids already). */
function bodyOf(decision: object): string {
  const entries = Object.entries(decision)
    .filter(([name]) => !RECORDED_ONLY.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((k) => set.has(k));
}

/** The same 文号 and keys as a recorded decision with a different body. */
export class DecisionConflictError extends ConflictError {
  override readonly code = 'DECISION_EXISTS';
}

/**
 * The recorded decision an input repeats: same 文号, same keys as a set, same body (after the
 * parse normalised it: units resolved to ids, keys trimmed and deduplicated); null when none.
 *
 * @throws DecisionConflictError when a decision with the same 文号 and keys has another body
 */
export function repeatOf<D extends { id: string; keys: string[]; documentNo: string }>(
  recorded: readonly D[],
  input: { keys: string[]; documentNo: string },
): D | null {
  const same = recorded.filter((d) => d.documentNo === input.documentNo && sameKeys(d.keys, input.keys));
  const body = bodyOf(input);
  const repeat = same.find((d) => bodyOf(d) === body);
  if (repeat) return repeat;
  const other = same[0];
  if (other)
    throw new DecisionConflictError(
      `文号“${input.documentNo}”涉及相同企业的决定已记录为 ${other.id}，内容与本次不同：如需改变，请先在“争议与决定”中终止该决定，再另行记录；或使用新的文号。`,
    );
  return null;
}
