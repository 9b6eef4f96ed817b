/**
 * Support for the upload-authority tests: workbooks, contexts over versions, and the names a
 * refusal must not contain.
 *
 * @module
 */

import { type AuthorityContext, contextFromVersions, type RecordStanding } from '#domain/authority/index';
import { rulesOf } from '#domain/decisions';
import { POLICIES } from '#domain/policy/index';
import type { Assignment, ParsedWorkbook, RegisterRecord } from '#domain/types';
import { UNITS, type UnitId } from '#domain/units';

/** The names and aliases of every unit but `uploader` and the bureau: none may be in a message. */
export function otherUnitForms(uploader: UnitId): string[] {
  return UNITS.filter((u) => u.id !== uploader && u.id !== 'bureau').flatMap((u) => [u.name, ...u.aliases]);
}

/** A parsed workbook with nothing but what `over` gives. */
export function emptyWorkbook(over: Partial<ParsedWorkbook> = {}): ParsedWorkbook {
  return {
    registerMonth: null,
    register: [],
    indicators: [],
    targets: [],
    contacts: [],
    findings: [],
    sheets: [],
    ...over,
  };
}

/**
 * The context of one stored key (its versions from earlier uploads), the assessed assignment
 * overridden where a case needs a relation the policy never gives.
 */
export function contextOf(
  key: string,
  versions: readonly RegisterRecord[],
  override?: Partial<Assignment>,
): AuthorityContext {
  const real = contextFromVersions((k) => (k === key ? versions : undefined), rulesOf(POLICIES));
  if (!override) return real;
  return {
    ...real,
    before(k, month): RecordStanding {
      const s = real.before(k, month);
      return { facts: s.facts, assignment: s.assignment && { ...s.assignment, ...override } };
    },
  };
}
