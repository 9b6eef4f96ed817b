/**
 * Publishing a month (docs/summaries.md): one email per unit with contacts, the district
 * overview to the bureau, every send recorded; idempotent per (month, unit), crash-safe
 *.
 *
 * - Refuses (ConflictError) while an import is unfinished, naming it.
 * - The publication record (`sending`) is written before the first email and completed
 *   (`published`) after every unit has its send record — by this run or, after a crash, by the
 *   next one, which sends only what is missing (also when nothing is: it only records).
 * - Each email is claimed first (a claim per month and unit, ./send-claims.ts): two
 *   concurrent publications never both send a unit's email; a claim whose run is gone expires
 *   when the run's time has run out (without a known budget, after `SEND_CLAIM_TTL_MS`). The one window left is a crash between SES accepting an
 *   email and its send record: the next run after the claim expired sends that email again
 *   (SES has no idempotency key).
 * - `force` sends everything again.
 * - A unit without contacts gets no email and is named in the bureau's (未配置联系人).
 * - The document sent is stored (`saveSummary`) so that live answers can say whether the
 *   figures changed since.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { renderOverviewEmail, renderUnitEmail } from '#domain/email/index';
import { ConflictError } from '#domain/errors';
import { assertMonth, POLICIES, policyFor } from '#domain/policy/index';
import type {
  Clock,
  Mailer,
  Publication,
  PublicationRecord,
  SendClaim,
  SendRecord,
  Store,
  Workbooks,
} from '#domain/ports';
import { SUMMARY_UNITS } from '#domain/summaries';
import type { Month } from '#domain/types';
import { type UnitId, unitName } from '#domain/units';
import { rulesInForce } from '#functions/coordination/rules-in-force';
import { coordinationFacts } from '#functions/coordination/transfers';
import { overviewRecipients, recipientsByUnit } from './plan.ts';
import { claimSend, completeSendClaim, releaseSendClaim } from './send-claims.ts';
import { readSummaries, type SummaryStore } from './summaries.ts';
import { summaryWorkbook, XLSX_CONTENT_TYPE } from './workbook.ts';

/** A minimal structured logger (Powertools' Logger fits). */
export interface PublishLogger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/** What publishing needs. */
export interface PublishDeps {
  store: SummaryStore & Publication & Pick<Store, 'claims' | 'coordination' | 'runningImport'>;
  mailer: Mailer;
  clock: Clock;
  /** The From address (an SES identity). */
  sender: string;
  /** Where the district overview goes (besides any contacts of unit `bureau`). */
  bureauEmail: string;
  logger?: PublishLogger;
  /** Writes the attachments' xlsx. */
  workbooks: Pick<Workbooks, 'write'>;
  /** The id of this run (default: a random UUID); claims are held in its name. */
  runId?: () => string;
  /** Milliseconds this run has left: its claims last that long (./send-claims.ts); absent: their default term. */
  remainingMs?: () => number;
}

/** A publication request: the month, and whether to send again what was sent. */
export interface PublishRequest {
  month: Month;
  force?: boolean;
}

/** One email of the publication. */
export interface PublishItem {
  /** A unit id, or `bureau` for the overview. */
  unit: UnitId;
  recipients: string[];
  subject?: string;
  messageId?: string;
  /** For `skipped`: `already-sent`, `no-contacts` or `in-progress` (another run holds its claim). For `failed`: the error's message. */
  reason?: string;
}

/** What a publication did. */
export interface PublishResult {
  month: Month;
  force: boolean;
  /** When the figures were stored as published (this run), else the earlier publication's time. */
  publishedAt: string | null;
  sent: PublishItem[];
  skipped: PublishItem[];
  failed: PublishItem[];
  /** Units without a contact who receives the summary (named in the bureau's email). */
  unitsWithoutContacts: UnitId[];
  /** True when every email of the publication has its send record and the publication is recorded. */
  complete: boolean;
}

/** The refusal while an import is unfinished: names the import, its file and its start time. */
export class PublishBlockedError extends ConflictError {
  override readonly code = 'IMPORT_UNFINISHED';
}

/**
 * Publishes month M.
 *
 * @throws PublishBlockedError (409) while an import is unfinished; PolicyNotInForceError or
 *   ValidationError for a month that cannot be published. Mail failures do not throw: they
 *   are in `failed` (the caller decides; the Lambda handler throws so the schedule retries).
 */
export async function publishMonth(deps: PublishDeps, request: PublishRequest): Promise<PublishResult> {
  const { store, mailer, logger } = deps;
  const { month } = request;
  const force = request.force === true;
  assertMonth(month);
  policyFor(month, POLICIES);

  // Only an import really running holds publishing back: one a crash left unfinished is
  // invisible to readers (the figures are those of the committed imports) and is finished
  // by the sweep.
  const unfinished = await store.runningImport(deps.clock.now());
  if (unfinished) {
    throw new PublishBlockedError(
      `导入 ${unfinished.id}（文件 ${unfinished.objectKey}，开始于 ${unfinished.startedAt}）尚未完成，暂不发布 ${month} 的月报：请等待该导入完成，或重新上传该文件以完成导入后再发布。`,
    );
  }

  const port = store.coordination;
  const [summaries, contacts, sends, previous, coordination] = await Promise.all([
    readSummaries(store, month, await rulesInForce(store, POLICIES)),
    store.contacts(),
    store.sends(month),
    store.getSummary(month),
    // coordination hook: 本月待确认划转 per unit, the overview's transfer counts, the decisions
    port ? coordinationFacts(store, port, month) : Promise.resolve(undefined),
  ]);
  const recipientsOf = recipientsByUnit(contacts);
  const alreadySent = new Set(sends.map((s) => s.unit));
  const unitsWithoutContacts = SUMMARY_UNITS.filter((u) => (recipientsOf.get(u) ?? []).length === 0);
  const bureauRecipients = overviewRecipients(deps.bureauEmail, recipientsOf);
  const result: PublishResult = {
    month,
    force,
    publishedAt: previous?.publishedAt ?? null,
    sent: [],
    skipped: [],
    failed: [],
    unitsWithoutContacts,
    complete: false,
  };
  const run = (deps.runId ?? randomUUID)();
  const units: UnitId[] = [...SUMMARY_UNITS.filter((u) => !unitsWithoutContacts.includes(u)), 'bureau'];

  // The publication record, before the first email.
  const publication: PublicationRecord = {
    month,
    status: 'sending',
    run,
    startedAt: deps.clock.now().toISOString(),
    publishedAt: null,
    units,
  };
  await store.savePublication(publication);

  const deliver = async (
    unit: UnitId,
    recipients: string[],
    build: () => Promise<Parameters<Mailer['send']>[0]>,
  ) => {
    if (alreadySent.has(unit) && !force) {
      result.skipped.push({ unit, recipients, reason: 'already-sent' });
      return;
    }
    const claim: SendClaim = { month, unit, run };
    // A store failure here ends the run (the next run goes on from the records).
    if (!(await claimSend(deps, claim, force))) {
      result.skipped.push({ unit, recipients, reason: 'in-progress' });
      logger?.warn('summary claimed by another run', { month, unit });
      return;
    }
    let subject: string | undefined;
    let messageId: string;
    try {
      const message = await build();
      subject = message.subject;
      messageId = await mailer.send(message);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      result.failed.push({ unit, recipients, ...(subject ? { subject } : {}), reason });
      logger?.error('summary not sent', { month, unit, error: reason });
      await releaseSendClaim(deps, claim);
      return;
    }
    const send: SendRecord = { month, unit, recipients, messageId, sentAt: deps.clock.now().toISOString() };
    await store.recordSend(send);
    await completeSendClaim(deps, claim).catch((error: unknown) =>
      // Sent and recorded; another run took the claim over meanwhile (this run's time ran out).
      logger?.warn('summary sent, its claim was taken over meanwhile', {
        month,
        unit,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
    result.sent.push({ unit, recipients, subject, messageId });
    logger?.info('summary sent', { month, unit, recipients: recipients.length, messageId });
  };

  for (const unit of SUMMARY_UNITS) {
    const recipients = recipientsOf.get(unit) ?? [];
    if (recipients.length === 0) {
      result.skipped.push({ unit, recipients, reason: 'no-contacts' });
      logger?.warn('unit has no contacts', { month, unit, name: unitName(unit) });
      continue;
    }
    await deliver(unit, recipients, async () => {
      const mail = renderUnitEmail(summaries.document, unit, coordination);
      const workbook = await summaryWorkbook(summaries, unit, deps.workbooks);
      return {
        from: deps.sender,
        to: recipients,
        ...mail,
        attachments: [
          { filename: workbook.filename, contentType: XLSX_CONTENT_TYPE, content: workbook.bytes },
        ],
      };
    });
  }

  await deliver('bureau', bureauRecipients, async () => {
    const mail = renderOverviewEmail(summaries.document, {
      unitsWithoutContacts,
      ...(coordination ? { coordination } : {}),
    });
    const workbook = await summaryWorkbook(summaries, null, deps.workbooks, { unitsWithoutContacts });
    return {
      from: deps.sender,
      to: bureauRecipients,
      ...mail,
      attachments: [{ filename: workbook.filename, contentType: XLSX_CONTENT_TYPE, content: workbook.bytes }],
    };
  });

  // Completed once every email has its send record (this run's, or an earlier, interrupted one's).
  const sentUnits = new Set((await store.sends(month)).map((s) => s.unit));
  result.complete = units.every((u) => sentUnits.has(u)) && result.failed.length === 0;
  if (result.complete) {
    if (result.sent.length > 0 || !previous) {
      const publishedAt = deps.clock.now().toISOString();
      await store.saveSummary(month, summaries.document, publishedAt);
      result.publishedAt = publishedAt;
    }
    await store.savePublication({ ...publication, status: 'published', publishedAt: result.publishedAt });
  }
  logger?.info('publication done', {
    month,
    force,
    complete: result.complete,
    sent: result.sent.length,
    skipped: result.skipped.length,
    failed: result.failed.length,
  });
  return result;
}
