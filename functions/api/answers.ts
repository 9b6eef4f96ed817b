/**
 * The API's answers as the console reads them (docs/api.md): one type per answer, named in the
 * route table (`RouteAnswers` in ./route-table.ts), imported by the console type-only through
 * the route table, and checked against what the routes return (`satisfies` in ./routes.ts and
 * ./coordination-routes.ts), so the console and the API cannot drift apart unnoticed.
 *
 * @module
 */
import type { IndicatorRanking } from '#domain/district-figures';
import type { ImportCounts } from '#domain/ports';
import type { RegisterRecord } from '#domain/types';

/** The next publication (GET /units); every field null when the schedule gives no date (发布日期未定). */
export interface PublishAhead {
  date: string | null;
  time: string | null;
  timeZone: string;
  /** The month it publishes. */
  month: string | null;
  daysLeft: number | null;
}

export interface UnitsAnswer {
  month: string | null;
  publish?: PublishAhead;
  items: Array<{ id: string; kind: string; name: string; counts?: Record<string, number> }>;
}

export interface IndicatorFigures {
  month: string | null;
  ytd: string | null;
  lastYearYtd: string | null;
  yoy: number | null;
  /** 环比 (this month against last month, the same enterprises); absent in summaries stored before it. */
  mom?: number | null;
  previousMonth?: string | null;
  target: string | null;
  completion: number | null;
  timeProgress: number;
  ahead: number | null;
  /** The district only: where its target comes from, and how many units have none. */
  targetFrom?: 'district' | 'units' | null;
  unitsWithoutTarget?: number;
}

export interface UnitSummary {
  unit: string;
  name: string;
  kind?: string;
  served: number;
  carried: number;
  cooperating: number;
  safety: number | null;
  transfersIn: number;
  transfersOut: number;
  /** 首次报送 (absent in summaries stored before it was counted). */
  firstReported?: number;
  /** 新登记: first reported, stage 新引进 or 已签约. */
  new: number;
  leaving: number;
  pendingHandovers: number;
  completedThisMonth: number;
  notReported: number;
  byStage: Record<string, number>;
  indicators: Record<string, IndicatorFigures>;
  publication?: { publishedAt: string | null; changedSincePublished: boolean | null };
}

export interface SummaryDocument {
  month: string;
  timeProgress: number;
  indicatorIds: string[];
  units: UnitSummary[];
  total: UnitSummary;
  publication?: { publishedAt: string | null; changedSincePublished: boolean | null };
  /** Each indicator's ranking of the units (domain/district-figures.ts, added by the API). */
  ranking?: Record<string, IndicatorRanking>;
}

export interface Assignment {
  key: string;
  name: string;
  status: string;
  stage: string;
  service: string | null;
  indicators: string | null;
  lead: string | null;
  cooperating: string | null;
  safety: string | null;
  decidedBy: string | null;
  clauses: string[];
  warnings: Array<{ code: string; message: string }>;
  /** Set when a working group's decision decided the answer. */
  decision?: { id: string; documentNo: string; reason: string; from: string; to: string | null };
}

/** A decision named in an answer. */
export interface DecisionName {
  id: string;
  documentNo: string;
  from: string;
  to: string | null;
}

/** Who decides one role of an enterprise in the month (GET /enterprises/{key} `roles`). */
export interface RoleAnswer {
  role: 'service' | 'indicators';
  unit: string | null;
  decision: (DecisionName & { reason: string; setting: string }) | null;
  byRules: string | null;
  clause: string | null;
  overrides: DecisionName[];
}

/** The month's story of an enterprise: 首次报送, 新登记, 划转. */
export interface MonthStory {
  firstReported: boolean;
  registered: boolean;
  transfer: { from: string; to: string } | null;
}

export interface ListedEnterprise {
  key: string;
  name: string;
  stage: string;
  assignment?: Assignment;
}

export interface EnterpriseAnswer {
  key: string;
  month: string;
  latestMonth: string;
  visibleUntil: string | null;
  policy: string;
  record: RegisterRecord;
  assignment: Assignment;
  clauseTexts: Record<string, string>;
  /** Absent from an API older than the one story of a month. */
  story?: MonthStory | null;
  roles?: RoleAnswer[];
  history: Array<{ month: string; assignment: Assignment }>;
  transfers: Array<{
    month: string;
    from: string | null;
    to: string | null;
    clause: string | null;
    decision?: { id: string; documentNo: string; ended: boolean };
  }>;
  indicators: Record<string, Record<string, string>>;
}

export interface Finding {
  code: string;
  severity: 'error' | 'warning';
  sheet: string | null;
  row: number | null;
  column: string | null;
  value: string | null;
  message: string;
}

export interface ImportRecord {
  id: string;
  objectKey: string;
  status: string;
  unit: string | null;
  registerMonth: string | null;
  counts: ImportCounts;
  findings?: Finding[];
  findingCount?: number;
  /** Each sheet read: its rows and what became of them. */
  sheets?: Array<{ sheet: string; rowsRead: number; rowsApplied: number; errors: number; warnings: number }>;
  startedAt: string;
  finishedAt: string | null;
  error?: string | null;
}

export interface PlannedEmail {
  unit: string;
  name: string;
  recipients: string[];
  subject: string;
  action: 'send' | 'already-sent' | 'no-contacts';
}

export interface PublishPlan {
  month: string;
  publishedAt: string | null;
  blockedBy: { id: string; objectKey: string; startedAt: string } | null;
  emails: PlannedEmail[];
  unitsWithoutContacts: string[];
}

export type TransferStatus = 'pending' | 'confirmed' | 'disputed' | 'settled';

/** `GET /transfers` items (docs/coordination.md). */
export interface TransferItem {
  id: string;
  key: string;
  name?: string;
  month: string;
  from: string | null;
  to: string | null;
  clause: string | null;
  decision?: { id: string; documentNo: string; ended: boolean };
  status: TransferStatus;
  confirmedBy: string[];
  trail: Array<{ action: string; unit: string; reason: string | null; recordedAt: string }>;
}

/** `GET /decisions` items. */
export interface WorkingGroupDecision {
  id: string;
  keys: string[];
  from: string;
  to: string | null;
  service: string | null;
  indicators: string | null;
  reason: string;
  documentNo: string;
  recordedAt: string;
  /** Whether it is in force yet (its re-projection may wait for an upload that is writing). */
  projection?: 'applied' | 'pending';
  /** Where it stands in the latest month: 执行中, and per role who replaced it from when. */
  standing?: {
    running: boolean;
    superseded: Array<{ role: 'service' | 'indicators'; from: string; by: DecisionName; keys: number }>;
  };
}

/** A page of a complete list behind a summary's count (GET /summaries/{month}/units/{unit}/lists/{name}). */
export interface ListPage<T> {
  month: string;
  unit: string;
  name: string;
  total: number;
  items: T[];
  cursor: string | null;
}
