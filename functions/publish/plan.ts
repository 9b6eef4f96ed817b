/**
 * The publish dry run: who
 * would get which email for a month, computed from the stored contacts, the sends already
 * made and the summary document — nothing is sent and nothing is written.
 *
 * @module
 */
import { overviewSubject, unitSubject } from '#domain/email/index';
import type { Store } from '#domain/ports';
import { SUMMARY_UNITS } from '#domain/summaries';
import type { Month } from '#domain/types';
import { type UnitId, unitName } from '#domain/units';

/** One email of the planned publication. */
export interface PlannedEmail {
  /** A unit id, or `bureau` for the district overview. */
  unit: UnitId;
  name: string;
  recipients: string[];
  subject: string;
  /** `send`: would be sent; `already-sent`: sent before (only `force` sends again); `no-contacts`. */
  action: 'send' | 'already-sent' | 'no-contacts';
}

/** What `publish` would do now. */
export interface PublishPlan {
  month: Month;
  dryRun: true;
  force: boolean;
  publishedAt: string | null;
  /** The unfinished import that would make publishing wait (409), else null. */
  blockedBy: { id: string; objectKey: string; startedAt: string } | null;
  emails: PlannedEmail[];
  unitsWithoutContacts: UnitId[];
}

/** Each unit's recipients from the contacts (those who receive the summary), sorted, unique. */
export function recipientsByUnit(
  contacts: ReadonlyArray<{ unit: UnitId; email: string; receives: boolean }>,
): Map<UnitId, string[]> {
  const byUnit = new Map<UnitId, string[]>();
  for (const c of contacts) {
    if (!c.receives) continue;
    const list = byUnit.get(c.unit) ?? [];
    const email = c.email.trim();
    if (email && !list.includes(email)) list.push(email);
    byUnit.set(c.unit, list);
  }
  for (const list of byUnit.values()) list.sort();
  return byUnit;
}

/** The overview's recipients: the bureau's fixed address, then the bureau's contacts, once each. */
export function overviewRecipients(bureauEmail: string, recipients: ReadonlyMap<UnitId, string[]>): string[] {
  return [bureauEmail, ...(recipients.get('bureau') ?? [])].filter((e, i, all) => e && all.indexOf(e) === i);
}

/**
 * Plans the publication of a month as `publishMonth` would run it (same recipients, same
 * skipping of units already sent), changing nothing.
 *
 * @param deps.bureauEmail the overview's fixed recipient (`LKG_BUREAU_EMAIL`)
 */
export async function planPublication(
  deps: { store: Store; bureauEmail: string },
  month: Month,
  force: boolean,
): Promise<PublishPlan> {
  const { store } = deps;
  const [contacts, sends, previous, unfinished] = await Promise.all([
    store.contacts(),
    store.sends(month),
    store.getSummary(month),
    store.unfinishedImport(),
  ]);
  const recipients = recipientsByUnit(contacts);
  const sent = new Set(sends.map((s) => s.unit));
  const actionOf = (unit: UnitId, to: string[]): PlannedEmail['action'] =>
    to.length === 0 ? 'no-contacts' : sent.has(unit) && !force ? 'already-sent' : 'send';
  const emails: PlannedEmail[] = SUMMARY_UNITS.map((unit) => {
    const to = recipients.get(unit) ?? [];
    return {
      unit,
      name: unitName(unit),
      recipients: to,
      subject: unitSubject(month, unit),
      action: actionOf(unit, to),
    };
  });
  const bureauTo = overviewRecipients(deps.bureauEmail, recipients);
  emails.push({
    unit: 'bureau',
    name: unitName('bureau'),
    recipients: bureauTo,
    subject: overviewSubject(month),
    action: actionOf('bureau', bureauTo),
  });
  return {
    month,
    dryRun: true,
    force,
    publishedAt: previous?.publishedAt ?? null,
    blockedBy: unfinished
      ? { id: unfinished.id, objectKey: unfinished.objectKey, startedAt: unfinished.startedAt }
      : null,
    emails,
    unitsWithoutContacts: SUMMARY_UNITS.filter((u) => (recipients.get(u) ?? []).length === 0),
  };
}
