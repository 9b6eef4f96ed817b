/**
 * The API's answers, as far as the console reads them: the route table's types
 * (functions/api/answers.ts), imported type-only, so the console and the API share one
 * definition.
 */
export type {
  Assignment,
  DecisionName,
  EnterpriseAnswer,
  Finding,
  ImportRecord,
  IndicatorFigures,
  ListedEnterprise,
  ListPage,
  MonthStory,
  PlannedEmail,
  PublishAhead,
  PublishPlan,
  RoleAnswer,
  SummaryDocument,
  TransferItem,
  TransferStatus,
  UnitSummary,
  UnitsAnswer,
  WorkingGroupDecision,
} from '../../functions/api/route-table.ts';
