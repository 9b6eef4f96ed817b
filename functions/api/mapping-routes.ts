/**
 * A unit's column mappings (列名对照, domain/registers/mapping.ts): saved once, applied to the
 * unit's later uploads by every route (console, S3, inbox), recorded on each import.
 *
 * - `GET /units/{unit}/column-mappings` → `{unit, items: [{kind, header, column, savedAt, savedBy}]}`;
 * - `PUT /units/{unit}/column-mappings` `{kind, header, column}` → 200 `{item}`: saved, replacing
 *   the unit's mapping of the same kind and normalised header;
 * - `DELETE /units/{unit}/column-mappings?kind=K&header=H` → 204.
 *
 * A unit manages its own; the bureau sees and removes any unit's (and manages its own, for
 * its uploads), but saves none for another unit. Another unit's answer 404, as elsewhere.
 *
 * @module
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { columnMappingsOf } from '#adapters/column-mapping-items';
import { NotFoundError } from '#domain/errors';
import type { Clock, ColumnMappings, Store } from '#domain/ports';
import { checkMapping, MAPPINGS_MAX, mappingKey, SHEET_KINDS } from '#domain/registers/index';
import { KIND_CHOICES, kindOf } from '#domain/registers/mapping';
import { isUnitId, type UnitId, unitName } from '#domain/units';
import { type Caller, callerOf, claimsOf, mayActFor } from './auth.ts';
import { bodyOf } from './check-routes.ts';
import { InputError, UnavailableError } from './problem.ts';
import { json } from './respond.ts';
import type { RouteHandler } from './routes.ts';

const notFoundUnit = (unit: string) =>
  new NotFoundError(
    `没有找到单位“${unit.slice(0, 40)}”的列名对照：每个单位只能查看本单位的列名对照（区商务局可查看各单位的）。`,
  );

function unitParam(event: APIGatewayProxyEventV2): string {
  const raw = event.pathParameters?.unit ?? '';
  try {
    return decodeURIComponent(raw).trim();
  } catch {
    return raw.trim();
  }
}

/** The unit of the path when the caller may see its mappings (its own; the bureau: any), else 404. */
function visibleUnit(event: APIGatewayProxyEventV2, caller: Caller): UnitId {
  const unit = unitParam(event);
  if (!isUnitId(unit) || !mayActFor(caller, unit)) throw notFoundUnit(unit);
  return unit;
}

/** Builds the column-mapping routes. */
export function createMappingRoutes(deps: { store: Store; clock: Clock }) {
  const port = (): ColumnMappings => {
    const found = columnMappingsOf(deps.store);
    if (!found) throw new UnavailableError('本部署未配置列名对照的存储：请稍后重试或联系运维人员。');
    return found;
  };

  /** GET /units/{unit}/column-mappings */
  const list: RouteHandler = async (event) => {
    const unit = visibleUnit(event, callerOf(event));
    const items = (await port().list(unit)).sort(
      (a, b) =>
        SHEET_KINDS.indexOf(a.kind) - SHEET_KINDS.indexOf(b.kind) ||
        (mappingKey(a.header) < mappingKey(b.header) ? -1 : 1),
    );
    return json({ unit, unitName: unitName(unit), items });
  };

  /** PUT /units/{unit}/column-mappings {kind, header, column} */
  const save: RouteHandler = async (event) => {
    const caller = callerOf(event);
    const unit = visibleUnit(event, caller);
    if (caller.unit !== unit)
      throw new NotFoundError(
        `不能替“${unitName(unit)}”保存列名对照：列名对照由各单位自己保存；区商务局可以查看和删除。`,
      );
    const checked = checkMapping(bodyOf(event));
    if (!checked.ok) throw new InputError(checked.message, 'VALIDATION');
    const mappings = port();
    const existing = await mappings.list(unit);
    const key = mappingKey(checked.mapping.header);
    const replaces = existing.some((m) => m.kind === checked.mapping.kind && mappingKey(m.header) === key);
    if (!replaces && existing.length >= MAPPINGS_MAX)
      throw new InputError(
        `本单位已保存 ${existing.length} 条列名对照，已达上限 ${MAPPINGS_MAX} 条：请先删除不再需要的对照。`,
        'VALIDATION',
      );
    const sub = claimsOf(event)?.sub;
    const item = await mappings.save(unit, {
      ...checked.mapping,
      savedAt: deps.clock.now().toISOString(),
      savedBy: typeof sub === 'string' && sub ? sub : caller.unit,
    });
    return json({ item });
  };

  /** DELETE /units/{unit}/column-mappings?kind=K&header=H */
  const remove: RouteHandler = async (event) => {
    const unit = visibleUnit(event, callerOf(event));
    const q = event.queryStringParameters ?? {};
    const kind = q.kind ?? '';
    const header = q.header ?? '';
    const sheetKind = kindOf(kind);
    if (!sheetKind)
      throw new InputError(
        `要删除的列名对照的表类型“${kind.slice(0, 40)}”不认识：应为${KIND_CHOICES}之一。`,
        'VALIDATION',
      );
    if (header.trim() === '')
      throw new InputError('未指明要删除哪一个列名的对照：请写明文件中的列名。', 'VALIDATION');
    if (!(await port().remove(unit, sheetKind, header)))
      throw new NotFoundError(`“${unitName(unit)}”没有保存列名“${header.slice(0, 100)}”的对照。`);
    return { statusCode: 204, headers: {}, body: '' };
  };

  return { listColumnMappings: list, saveColumnMapping: save, removeColumnMapping: remove };
}
