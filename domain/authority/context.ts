/**
 * The state a verdict is judged against, built from register versions: the standing of a record
 * before the upload, and the unit that carries its indicators after the upload's allowed
 * register rows. Pure; the caller supplies the versions of the uploads that come EARLIER in
 * upload order (`eventTime`, then `sequencer`), so a verdict does not depend on delivery order.
 *
 * @module
 */
import type { RulesInForce } from '../decisions.ts';
import { LkgError } from '../errors.ts';
import { mergeVersion } from '../registers/merge.ts';
import { previousVersion } from '../registers/store.ts';
import { assessInForce, factsFor, lastActiveVersion } from '../timeline.ts';
import type { Assignment, Month, RegisterRecord, RegisterRow } from '../types.ts';
import type { UnitId } from '../units.ts';
import type { RecordStanding } from './rules.ts';

/** What the rules need to know of the state before the upload. */
export interface AuthorityContext {
  /** The record as known before this upload, at month M (a register row's 报送月份). */
  before(key: string, month: Month): RecordStanding;
  /**
   * Given this upload's ALLOWED register rows (recruiter defaulted), the lookup of the unit that
   * carries an enterprise's indicators in a month after them (null: none, e.g. 已注销).
   */
  indicatorsAfter(allowed: readonly RegisterRow[]): (key: string, month: Month) => UnitId | null;
}

/**
 * The answer in M under the rules in force — the timeline's one entry point, so upload
 * authority follows the working group's decisions exactly as the projection does; null where
 * no policy is in force or the facts are unusable.
 */
function assessed(facts: RegisterRecord, month: Month, rules: RulesInForce): Assignment | null {
  try {
    return assessInForce(facts, month, rules);
  } catch (e) {
    if (e instanceof LkgError) return null; // before 2020-04, a bad street: the register checks report these
    throw e;
  }
}

/**
 * A record's standing at month M from its versions: the version a row of M merges onto
 * (`previousVersion`), and its assignment in M under the rules in force (decisions applied).
 * Where that version says 已注销, the assignment of the latest earlier version that was active
 * (`lastActiveVersion`), assessed for M: the unit that served the record when it was
 * deregistered keeps the say over it.
 */
export function standingOf(
  versions: readonly RegisterRecord[] | undefined,
  month: Month,
  rules: RulesInForce,
): RecordStanding {
  const facts = previousVersion(versions, month);
  if (!facts) return { facts: null, assignment: null };
  if (facts.stage !== 'inactive') return { facts, assignment: assessed(facts, month, rules) };
  const lastActive = lastActiveVersion(versions ?? [], facts.month);
  return { facts, assignment: assessed(lastActive ?? facts, month, rules) };
}

/**
 * The versions after an allowed row: the row merged onto its previous version, replacing a
 * version of the same 报送月份. A new row whose sheet lacks a required column is left out (the
 * register checks refuse it).
 */
function versionsAfter(versions: readonly RegisterRecord[], row: RegisterRow): readonly RegisterRecord[] {
  let merged: RegisterRecord;
  try {
    merged = mergeVersion(previousVersion(versions, row.record.month), row);
  } catch (e) {
    if (e instanceof LkgError) return versions;
    throw e;
  }
  return [...versions.filter((v) => v.month !== merged.month), merged];
}

/**
 * An {@link AuthorityContext} over stored versions.
 *
 * @param rules the rules in force (policies and decisions: who holds a record follows both)
 * @param versionsOf every version of a key from the uploads earlier in upload order (any
 *   order; of one 报送月份, a later entry counts as the later upload), undefined when none
 */
export function contextFromVersions(
  versionsOf: (key: string) => readonly RegisterRecord[] | undefined,
  rules: RulesInForce,
): AuthorityContext {
  return {
    before: (key, month) => standingOf(versionsOf(key), month, rules),
    indicatorsAfter(allowed) {
      const rows = new Map<string, RegisterRow>(allowed.map((r) => [r.record.key, r]));
      const after = new Map<string, readonly RegisterRecord[]>();
      const carriers = new Map<string, UnitId | null>();
      const versionsAfterUpload = (key: string): readonly RegisterRecord[] => {
        let versions = after.get(key);
        if (!versions) {
          const stored = versionsOf(key) ?? [];
          const row = rows.get(key);
          versions = row ? versionsAfter(stored, row) : stored;
          after.set(key, versions);
        }
        return versions;
      };
      return (key, month) => {
        const id = `${key}#${month}`;
        if (carriers.has(id)) return carriers.get(id) ?? null;
        const facts = factsFor(versionsAfterUpload(key), month);
        const carrier = facts ? (assessed(facts, month, rules)?.indicators ?? null) : null;
        carriers.set(id, carrier);
        return carrier;
      };
    },
  };
}
