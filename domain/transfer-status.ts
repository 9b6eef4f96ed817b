/**
 * Transfers the two units confirm. Every 划转 — a change of the
 * indicators unit from M−1 to M, whatever caused it — has a stable id `<key>#<month>` and a
 * status derived from the actions recorded about it (items of their own, never edited):
 *
 * - `pending` until both units concerned (the one giving, the one receiving) confirm;
 * - `disputed` when either objects (its latest action is an objection);
 * - `settled` when the bureau closes it (a settlement, or a decision of the working group
 *   about the enterprise recorded while it was disputed);
 * - `confirmed` when the latest action of each unit is a confirmation.
 *
 * An action counts only for the transfer it was made about: the same `from` and `to`. A
 * transfer whose from or to changes later (a rebuild, a late upload) is therefore pending
 * again, its earlier actions kept in its trail. Confirmation never blocks or changes the rules.
 *
 * @module
 */
import { ValidationError } from './errors.ts';
import type { Transfer } from './ports.ts';
import type { Month } from './types.ts';
import type { UnitId } from './units.ts';

export const TRANSFER_STATUSES = ['pending', 'confirmed', 'disputed', 'settled'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

/** Chinese labels of the statuses (emails, CLI). */
export const STATUS_LABELS: Readonly<Record<TransferStatus, string>> = {
  pending: '待确认',
  confirmed: '已确认',
  disputed: '有异议',
  settled: '已裁定',
};

/** One action about a transfer, as recorded. */
export interface TransferAction {
  transferId: string;
  action: 'confirm' | 'object' | 'settle';
  /** The unit acting (`bureau` for a settlement). */
  unit: string;
  subject: string;
  /** The transfer's units when the action was recorded: it counts only while they stay. */
  from: UnitId | null;
  to: UnitId | null;
  reason: string | null;
  /** For a settlement by a decision: its id and 文号. */
  decision?: { id: string; documentNo: string } | null;
  recordedAt: string;
}

/** A transfer with its id, status and trail. */
export interface TransferWithStatus extends Transfer {
  id: string;
  name?: string;
  status: TransferStatus;
  /** Units of the two concerned that confirmed the current from/to. */
  confirmedBy: string[];
  trail: TransferAction[];
}

/** Where the actions are kept (items keyed by the transfer id). */
export interface TransferActionLog {
  /** The actions about these transfers, oldest first. */
  actions(transferIds: readonly string[]): Promise<Map<string, TransferAction[]>>;
  add(action: TransferAction): Promise<void>;
}

/** The stable id of a transfer: `<key>#<month>`. */
export function transferId(t: Pick<Transfer, 'key' | 'month'>): string {
  return `${t.key}#${t.month}`;
}

/** The key and month of a transfer id; null when it is not one. */
export function parseTransferId(id: string): { key: string; month: Month } | null {
  const m = /^(.+)#(\d{4}-(?:0[1-9]|1[0-2]))$/u.exec(id);
  return m ? { key: m[1] as string, month: m[2] as Month } : null;
}

/** True when the unit is one of the two concerned (gives or receives). */
export function concerns(t: Pick<Transfer, 'from' | 'to'>, unit: string): boolean {
  return t.from === unit || t.to === unit;
}

/** The status of a transfer from the actions recorded about it (see the module). */
export function statusOf(transfer: Transfer, actions: readonly TransferAction[]): TransferWithStatus {
  const current = actions
    .filter((a) => a.from === transfer.from && a.to === transfer.to)
    .sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
  const latestByUnit = new Map<string, TransferAction>();
  let settled = false;
  for (const a of current) {
    if (a.action === 'settle') settled = true;
    else latestByUnit.set(a.unit, a);
  }
  const concerned = [transfer.from, transfer.to].filter((u): u is UnitId => u != null);
  const confirmedBy = concerned.filter((u) => latestByUnit.get(u)?.action === 'confirm');
  const objected = concerned.some((u) => latestByUnit.get(u)?.action === 'object');
  const status: TransferStatus = settled
    ? 'settled'
    : objected
      ? 'disputed'
      : confirmedBy.length === concerned.length && concerned.length > 0
        ? 'confirmed'
        : 'pending';
  return {
    ...transfer,
    id: transferId(transfer),
    status,
    confirmedBy,
    trail: [...actions].sort((a, b) => a.recordedAt.localeCompare(b.recordedAt)),
  };
}

/**
 * Checks that a unit may confirm or object: it is one of the two units concerned, and the
 * transfer is not settled.
 *
 * @throws ValidationError in Chinese (the route maps "not concerned" to 404 before this)
 */
export function checkUnitAction(
  t: TransferWithStatus,
  action: 'confirm' | 'object',
  reason: string | null,
): void {
  if (t.status === 'settled')
    throw new ValidationError(
      `划转 ${t.id} 已由区商务局裁定，不能再${action === 'confirm' ? '确认' : '提出异议'}。`,
    );
  if (action === 'object' && !reason)
    throw new ValidationError('提出异议时请填写理由（reason），说明划转哪里不对、应当如何。');
}

/**
 * True when the action would change nothing: the unit confirms a transfer whose current
 * from/to it has already confirmed (its latest action about them is a confirmation). Such a
 * confirmation is answered with the status as it is and adds nothing to the trail.
 */
export function repeatsConfirmation(
  t: TransferWithStatus,
  unit: string,
  action: 'confirm' | 'object',
): boolean {
  return action === 'confirm' && t.confirmedBy.includes(unit);
}

/** Counts by status (the overview). */
export function countByStatus(transfers: readonly TransferWithStatus[]): Record<TransferStatus, number> {
  const out: Record<TransferStatus, number> = { pending: 0, confirmed: 0, disputed: 0, settled: 0 };
  for (const t of transfers) out[t.status]++;
  return out;
}
