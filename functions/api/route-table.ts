/**
 * The HTTP API's routes as one table of data: method, path, who may call it, what body it
 * takes and how large, and the name of its handler. The API function's router
 * (`handler.ts`), API Gateway's routes (`infra/constructs/api.ts`), the local server's open
 * routes (`infra/local/api-server.ts`), the authorization matrix and the route list of
 * docs/api.md are all derived from it (test/functions/api/route-table.test.ts), so a route
 * cannot exist in one and be missing from another.
 *
 * Route-wide rules, properties of the table rather than calls in each handler
 * ({@link routeRules} in `route-rules.ts`):
 * - `HEAD` answers wherever `GET` does, without a body;
 * - a route that takes JSON takes it only as `application/json` (415 otherwise);
 * - a body over the route's `bodyLimit` is refused (413);
 * - every path parameter has a maximum length (400 naming it), `{month}` the one month rule,
 *   and the S3 key of `GET /imports?key=` S3's maximum;
 * - `public` routes need no token; `bureau` routes answer a unit 404, as if they did not exist.
 *
 * Pure data: no handler code is imported here (infra imports this file).
 *
 * @module
 */

/** Who may call a route. */
import type {
  EnterpriseAnswer,
  ImportRecord,
  ListPage,
  SummaryDocument,
  TransferItem,
  UnitSummary,
  UnitsAnswer,
  WorkingGroupDecision,
} from './answers.ts';

export type Access = 'public' | 'signed-in' | 'bureau';

/** What a route's body is: none, or JSON (`application/json`). */
export type BodyKind = 'none' | 'json';

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  access: Access;
  body: BodyKind;
  /** The largest body accepted, in bytes (after base64 decoding); JSON routes only. */
  bodyLimit?: number;
  /** The handler's name (see `handler.ts`). */
  handler: string;
  /** What it does, for docs/api.md. */
  summary: string;
}

/** A JSON body of an ordinary request: a decision, a confirmation, a mapping, a check request. */
export const JSON_BODY_LIMIT = 64 * 1024;
/** `POST /assess`: up to 1,000 register records in one request. */
export const ASSESS_BODY_LIMIT = 6 * 1024 * 1024;
/** A path parameter (an enterprise key, an import, decision, transfer or check id, a unit, a list). */
export const PATH_PARAMETER_MAX = 200;
/** An object key in a query (`GET /imports?key=`): S3's limit, 1,024 bytes of UTF-8. */
export const OBJECT_KEY_MAX_BYTES = 1024;

/** The people's name of a path parameter (messages name it so). */
export const PATH_PARAMETER_NAMES: Readonly<Record<string, string>> = {
  unit: '单位编号',
  key: '企业编号',
  month: '月份',
  id: '编号',
  name: '名单名称',
};

export const ROUTES = [
  { method: 'GET', path: '/health', access: 'public', body: 'none', handler: 'health', summary: 'liveness' },
  {
    method: 'GET',
    path: '/units',
    access: 'signed-in',
    body: 'none',
    handler: 'units',
    summary: 'the units with their counts (a unit: its own); the publish countdown',
  },
  {
    method: 'GET',
    path: '/units/{unit}/enterprises',
    access: 'signed-in',
    body: 'none',
    handler: 'unitEnterprises',
    summary: "a unit's enterprises in a month, by role, paged",
  },
  {
    method: 'GET',
    path: '/enterprises',
    access: 'signed-in',
    body: 'none',
    handler: 'search',
    summary: 'search by name, USCC or project code (`q`)',
  },
  {
    method: 'GET',
    path: '/enterprises/{key}',
    access: 'signed-in',
    body: 'none',
    handler: 'enterprise',
    summary: 'one enterprise: assignment with clauses, history, indicators',
  },
  {
    method: 'GET',
    path: '/summaries/{month}',
    access: 'bureau',
    body: 'none',
    handler: 'summaryOverview',
    summary: "the district's summary of a month",
  },
  {
    method: 'GET',
    path: '/summaries/{month}/workbook',
    access: 'bureau',
    body: 'none',
    handler: 'summaryOverviewWorkbook',
    summary: "the district's summary as a workbook",
  },
  {
    method: 'GET',
    path: '/summaries/{month}/units/{unit}',
    access: 'signed-in',
    body: 'none',
    handler: 'summaryUnit',
    summary: "a unit's summary of a month",
  },
  {
    method: 'GET',
    path: '/summaries/{month}/units/{unit}/workbook',
    access: 'signed-in',
    body: 'none',
    handler: 'summaryUnitWorkbook',
    summary: "a unit's summary as a workbook",
  },
  {
    method: 'GET',
    path: '/summaries/{month}/units/{unit}/lists/{name}',
    access: 'signed-in',
    body: 'none',
    handler: 'summaryList',
    summary: 'the complete list behind a count of the summary, paged',
  },
  {
    method: 'GET',
    path: '/imports',
    access: 'signed-in',
    body: 'none',
    handler: 'imports',
    summary: 'the imports (a unit: its own); `?key=` the imports of one uploaded object',
  },
  {
    method: 'GET',
    path: '/imports/{id}',
    access: 'signed-in',
    body: 'none',
    handler: 'importById',
    summary: 'one import with its findings',
  },
  {
    method: 'GET',
    path: '/imports/{id}/report',
    access: 'signed-in',
    body: 'none',
    handler: 'importReport',
    summary: "an import's report workbook",
  },
  {
    method: 'POST',
    path: '/assess',
    access: 'signed-in',
    body: 'json',
    bodyLimit: ASSESS_BODY_LIMIT,
    handler: 'assess',
    summary: 'what-if: how the notice assigns the records given (nothing stored)',
  },
  {
    method: 'POST',
    path: '/summaries/{month}/publish',
    access: 'bureau',
    body: 'none',
    handler: 'publish',
    summary: 'publish the month (`?dryRun=true`: who would get what)',
  },
  {
    method: 'GET',
    path: '/template',
    access: 'signed-in',
    body: 'none',
    handler: 'template',
    summary: 'the register template workbook',
  },
  {
    method: 'POST',
    path: '/uploads',
    access: 'signed-in',
    body: 'json',
    bodyLimit: JSON_BODY_LIMIT,
    handler: 'upload',
    summary: 'a presigned upload of a register file',
  },
  {
    method: 'GET',
    path: '/decisions',
    access: 'signed-in',
    body: 'none',
    handler: 'listDecisions',
    summary: "the working group's decisions (a unit: those naming it)",
  },
  {
    method: 'POST',
    path: '/decisions',
    access: 'bureau',
    body: 'json',
    bodyLimit: JSON_BODY_LIMIT,
    handler: 'recordDecision',
    summary: 'record a decision',
  },
  {
    method: 'POST',
    path: '/decisions/{id}/end',
    access: 'bureau',
    body: 'json',
    bodyLimit: JSON_BODY_LIMIT,
    handler: 'endDecision',
    summary: 'end a decision from a month',
  },
  {
    method: 'GET',
    path: '/transfers',
    access: 'signed-in',
    body: 'none',
    handler: 'listTransfers',
    summary: 'the transfers of a month (a unit: its own)',
  },
  {
    method: 'POST',
    path: '/transfers/{id}/confirm',
    access: 'signed-in',
    body: 'json',
    bodyLimit: JSON_BODY_LIMIT,
    handler: 'confirmTransfer',
    summary: 'a unit confirms a transfer',
  },
  {
    method: 'POST',
    path: '/transfers/{id}/object',
    access: 'signed-in',
    body: 'json',
    bodyLimit: JSON_BODY_LIMIT,
    handler: 'objectTransfer',
    summary: 'a unit objects to a transfer',
  },
  {
    method: 'POST',
    path: '/transfers/{id}/settle',
    access: 'bureau',
    body: 'json',
    bodyLimit: JSON_BODY_LIMIT,
    handler: 'settleTransfer',
    summary: 'the bureau settles a disputed transfer',
  },
  {
    method: 'POST',
    path: '/impact',
    access: 'bureau',
    body: 'json',
    bodyLimit: JSON_BODY_LIMIT,
    handler: 'startImpact',
    summary: 'start an impact run of a draft policy',
  },
  {
    method: 'GET',
    path: '/impact/{id}',
    access: 'bureau',
    body: 'none',
    handler: 'getImpact',
    summary: 'an impact run and its result',
  },
  {
    method: 'POST',
    path: '/checks/uploads',
    access: 'signed-in',
    body: 'json',
    bodyLimit: JSON_BODY_LIMIT,
    handler: 'checkUpload',
    summary: 'a presigned upload of a file to check',
  },
  {
    method: 'POST',
    path: '/checks',
    access: 'signed-in',
    body: 'json',
    bodyLimit: JSON_BODY_LIMIT,
    handler: 'startCheck',
    summary: 'start the check of an uploaded file (with a column mapping)',
  },
  {
    method: 'GET',
    path: '/checks/{id}',
    access: 'signed-in',
    body: 'none',
    handler: 'getCheck',
    summary: "a check's verdict, findings and change list",
  },
  {
    method: 'POST',
    path: '/checks/{id}/import',
    access: 'signed-in',
    body: 'json',
    bodyLimit: JSON_BODY_LIMIT,
    handler: 'importCheck',
    summary: 'import the checked file',
  },
  {
    method: 'GET',
    path: '/units/{unit}/column-mappings',
    access: 'signed-in',
    body: 'none',
    handler: 'listColumnMappings',
    summary: "a unit's saved column mappings",
  },
  {
    method: 'PUT',
    path: '/units/{unit}/column-mappings',
    access: 'signed-in',
    body: 'json',
    bodyLimit: JSON_BODY_LIMIT,
    handler: 'saveColumnMapping',
    summary: 'save column mappings',
  },
  {
    method: 'DELETE',
    path: '/units/{unit}/column-mappings',
    access: 'signed-in',
    body: 'json',
    bodyLimit: JSON_BODY_LIMIT,
    handler: 'removeColumnMapping',
    summary: 'delete a column mapping',
  },
] as const satisfies readonly RouteSpec[];

/** The name of every handler the table names. */
export type HandlerName = (typeof ROUTES)[number]['handler'];

/** Every method API Gateway routes: the table's, and `HEAD` wherever `GET`. */
export function gatewayRoutes(): Array<{
  method: RouteSpec['method'] | 'HEAD';
  path: string;
  access: Access;
}> {
  return ROUTES.flatMap((r) => [
    { method: r.method, path: r.path, access: r.access },
    ...(r.method === 'GET' ? [{ method: 'HEAD' as const, path: r.path, access: r.access }] : []),
  ]);
}

/** Each route with its path as a pattern, compiled once. */
const PATTERNS: ReadonlyArray<{ spec: RouteSpec; pattern: RegExp }> = ROUTES.map((spec) => ({
  spec,
  pattern: new RegExp(`^${spec.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));

/** The route of the table a request's method and path match (`HEAD` as `GET`), or null. */
export function routeOf(method: string, path: string): RouteSpec | null {
  const wanted = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  for (const { spec, pattern } of PATTERNS) if (spec.method === wanted && pattern.test(trimmed)) return spec;
  return null;
}

/** True for the requests API Gateway lets through without a token: CORS preflights and `public` routes. */
export function isOpenRequest(method: string, path: string): boolean {
  return method.toUpperCase() === 'OPTIONS' || routeOf(method, path)?.access === 'public';
}

// ───────────────────────────── the answers ─────────────────────────────

/** The answers' types (./answers.ts), for the console to import from here. */
export type * from './answers.ts';

/**
 * What a route answers (its JSON body, as far as the console reads it), by handler. The console
 * imports these types from here (type-only). The routes that build their answer check it
 * against them (`satisfies RouteAnswers['units']`): units, enterprise, summaryOverview,
 * summaryUnit, imports, importById, summaryList, listDecisions, listTransfers.
 */
export interface RouteAnswers {
  units: UnitsAnswer;
  summaryOverview: SummaryDocument;
  summaryUnit: UnitSummary & { month: string };
  summaryList: ListPage<unknown>;
  enterprise: EnterpriseAnswer;
  imports: { items: ImportRecord[]; cursor: string | null };
  importById: ImportRecord;
  listTransfers: { month: string | null; items: TransferItem[] };
  listDecisions: { items: WorkingGroupDecision[] };
}
