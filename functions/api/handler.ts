/**
 * The HTTP API's Lambda handler (docs/api.md): middy with @middy/http-router, CORS,
 * JSON bodies for POST routes, problem+json errors, and `pendingImport` on every answer to a
 * signed-in caller while an import is unfinished (docs/storage.md).
 *
 * In AWS the HTTP API's JWT authorizer has checked the token; the handler reads the claims
 * (`custom:unit`, `custom:role`) from `event.requestContext.authorizer.jwt.claims`.
 *
 * @example
 * ```ts
 * import { createApiHandler } from '#functions/api/handler';
 * const api = createApiHandler({ store, clock: { now: () => new Date() } });
 * const result = await api(event, context);
 * ```
 *
 * @module
 */
import middy, { type MiddlewareObj } from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpRouterHandler, { type Route } from '@middy/http-router';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { coordinationOf } from '#adapters/coordination-items';
import type { ImportRecord, Store } from '#domain/ports';
import { callerOf } from './auth.ts';
import { createCheckRoutes } from './check-routes.ts';
import { type ConsoleDeps, createConsoleRoutes, withDryRun, withKeyLookup } from './console-routes.ts';
import { createCoordinationRoutes } from './coordination-routes.ts';
import { cors } from './cors.ts';
import { createMappingRoutes } from './mapping-routes.ts';
import { type ApiLogger, problemJson } from './problem.ts';
import { headOf, type RouteFunction, withRouteRules } from './route-rules.ts';
import { type HandlerName, ROUTES } from './route-table.ts';
import { type ApiDeps, createRoutes, type RouteHandler } from './routes.ts';

export type { ApiDeps, PublishPort, RecordFromInput, SummaryDocument, SummaryPort } from './routes.ts';

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;

/** The API handler: an API Gateway v2 (HTTP API) event in, a structured result out. */
export type ApiHandler = (event: Event, context: Context) => Promise<Result>;

/** The header that carries the unfinished import (also in every JSON body as `pendingImport`). */
export const PENDING_IMPORT_HEADER = 'x-lkg-pending-import';

/** `pendingImport` as answers carry it. */
export interface PendingImport {
  id: string;
  startedAt: string;
}

/**
 * Adds `pendingImport: {id, startedAt}` to JSON bodies (and the header) while an import is
 * unfinished. Only for signed-in callers; the lookup runs alongside the route.
 */
function pendingImport(store: Store): MiddlewareObj<Event, Result> {
  const lookups = new WeakMap<object, Promise<ImportRecord | null>>();
  const attach = async (request: { event: Event; response?: Result | null }) => {
    const lookup = lookups.get(request.event);
    if (!lookup || !request.response) return;
    const pending = await lookup;
    if (!pending) return;
    const value: PendingImport = { id: pending.id, startedAt: pending.startedAt };
    const response = request.response;
    response.headers = {
      ...response.headers,
      [PENDING_IMPORT_HEADER]: `${value.id}; startedAt=${value.startedAt}`,
    };
    const type = String(response.headers['content-type'] ?? '');
    if (
      !response.isBase64Encoded &&
      /json/.test(type) &&
      typeof response.body === 'string' &&
      response.body.startsWith('{')
    ) {
      const rest = response.body.slice(1);
      response.body = `{"pendingImport":${JSON.stringify(value)}${rest.startsWith('}') ? '' : ','}${rest}`;
    }
  };
  return {
    before: async (request) => {
      if (
        request.event.requestContext?.http?.path === '/health' ||
        request.event.requestContext?.http?.method === 'OPTIONS'
      )
        return;
      try {
        callerOf(request.event);
      } catch {
        return;
      }
      lookups.set(
        request.event,
        store.unfinishedImport().catch(() => null),
      );
    },
    after: attach,
    onError: attach,
  };
}

/**
 * Strips a named stage from the path (`/prod/units` → `/units`): with a stage other than
 * `$default`, API Gateway passes the stage in `requestContext.http.path`, which the router reads.
 */
function stagePrefix(): MiddlewareObj<Event, Result> {
  return {
    before: async (request) => {
      const context = request.event.requestContext;
      const stage = context?.stage;
      if (!stage || stage === '$default' || !context.http) return;
      const prefix = `/${stage}`;
      if (context.http.path === prefix || context.http.path.startsWith(`${prefix}/`)) {
        context.http.path = context.http.path.slice(prefix.length) || '/';
      }
    },
  };
}

/** Makes sure every result has a headers object (the CORS middleware writes into it). */
function structured(): MiddlewareObj<Event, Result> {
  return {
    after: async (request) => {
      request.response = { ...request.response, headers: { ...request.response?.headers } };
    },
  };
}

/**
 * Builds the API handler over its ports.
 *
 * @param deps.store the store (DynamoDB, or the in-memory fake in tests)
 * @param deps.clock the clock (the what-if default month when the store is empty)
 * @param deps.publish publishing on demand (publish handler), optional
 * @param deps.summaries the summaries (domain/summaries.ts over the store), optional
 * @param deps.logger a Powertools-like logger; server errors are logged with their cause
 */
export function createApiHandler(deps: ApiDeps & ConsoleDeps): ApiHandler {
  const r = createRoutes(deps);
  const c = createConsoleRoutes(deps);
  const k = createCoordinationRoutes({
    store: deps.store,
    clock: deps.clock,
    coordination: deps.coordination === undefined ? coordinationOf(deps.store) : deps.coordination,
    ...(deps.queueImpact ? { queueImpact: deps.queueImpact } : {}),
    ...(deps.queueDecision ? { queueDecision: deps.queueDecision } : {}),
    ...(deps.rejudge ? { rejudge: deps.rejudge } : {}),
  });
  const checks = createCheckRoutes(deps);
  const mappings = createMappingRoutes(deps);
  const withJson = (handler: RouteHandler) =>
    middy<Event, Result>()
      .use(httpJsonBodyParser({ disableContentTypeError: false }))
      .handler(handler);
  // Every handler the route table names (a name missing here, or one the table does not name,
  // is a type error).
  const handlers: Record<HandlerName, RouteFunction> = {
    health: r.health,
    units: r.units,
    unitEnterprises: r.unitEnterprises,
    search: r.search,
    enterprise: r.enterprise,
    summaryOverview: r.summaryOverview,
    summaryOverviewWorkbook: r.summaryOverviewWorkbook,
    summaryUnit: r.summaryUnit,
    summaryUnitWorkbook: r.summaryUnitWorkbook,
    summaryList: r.summaryList,
    imports: withKeyLookup(c.importsOfUpload, r.imports),
    importById: r.importById,
    importReport: c.importReport,
    assess: withJson(r.assess),
    publish: withDryRun(c.publishDryRun, r.publish),
    template: c.template,
    upload: c.upload,
    listDecisions: k.listDecisions,
    recordDecision: k.recordDecision,
    endDecision: k.endDecision,
    listTransfers: k.listTransfers,
    confirmTransfer: k.confirmTransfer,
    objectTransfer: k.objectTransfer,
    settleTransfer: k.settleTransfer,
    startImpact: k.startImpact,
    getImpact: k.getImpact,
    checkUpload: checks.checkUpload,
    startCheck: checks.startCheck,
    getCheck: checks.getCheck,
    importCheck: checks.importCheck,
    listColumnMappings: mappings.listColumnMappings,
    saveColumnMapping: mappings.saveColumnMapping,
    removeColumnMapping: mappings.removeColumnMapping,
  };
  const routes: Array<Route<Event, Result>> = ROUTES.flatMap((spec) => {
    const handler = withRouteRules(spec, handlers[spec.handler]);
    return [
      { method: spec.method, path: spec.path, handler },
      ...(spec.method === 'GET'
        ? [{ method: 'HEAD' as const, path: spec.path, handler: headOf(handler) }]
        : []),
    ];
  });
  routes.push({
    method: 'OPTIONS',
    path: '/{proxy+}',
    handler: async () => ({ statusCode: 204, headers: {}, body: '' }),
  });
  const logger: ApiLogger | undefined = deps.logger;
  const handler = middy<Event, Result>()
    .use(cors(deps.allowedOrigins ?? []))
    .use(structured())
    .use(stagePrefix())
    .use(pendingImport(deps.store))
    .use(problemJson(logger))
    .handler(
      httpRouterHandler<Event, Result>(routes) as unknown as (
        event: Event,
        context: Context,
      ) => Promise<Result>,
    );
  return handler as unknown as ApiHandler;
}

let built: ApiHandler | undefined;

/**
 * The Lambda entry point: the handler built once per container from the environment
 * (`LKG_TABLE_NAME`, `AWS_ENDPOINT_URL_DYNAMODB`, …; see {@link apiDepsFromEnv}).
 */
export const handler: ApiHandler = async (event, context) => {
  built ??= createApiHandler(await apiDepsFromEnv(process.env));
  return built(event, context);
};

/**
 * The API's deps from the environment: the DynamoDB store (adapter), the system clock,
 * the summaries and publishing, and a Powertools logger.
 */
export async function apiDepsFromEnv(
  env: Record<string, string | undefined>,
): Promise<ApiDeps & ConsoleDeps> {
  const { apiDepsFromEnvironment } = await import('./env.ts');
  return apiDepsFromEnvironment(env);
}
