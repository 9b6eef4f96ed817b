/**
 * Seed data and helpers for the API tests: a few enterprises in several units and months, a
 * fake summaries port, and API Gateway v2 events with JWT claims.
 *
 * @module
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { createMemoryStore, type MemoryStore } from '#adapters/memory-store';
import type { ImportRecord, Store } from '#domain/ports';
import type { RegisterRecord } from '#domain/types';
import type { UnitId } from '#domain/units';
import type { SummaryDocument, SummaryPort } from '#functions/api/handler';
import { r } from '../../../cases/record.ts';

export const KEYS = {
  /** 长青街 local enterprise (2.street): changqing serves it. */
  changqing: '91420112MA4CQ00011',
  /** 金银湖街 local enterprise. */
  jinyinhu: '91420112MA4JY00022',
  /** 机电 retained in 径河街: jidian serves, jinghe is the safety street. */
  jidian: '91420112MA4JD00033',
  /** In 长青街 until 2026-09, moved (搬迁) to 走马岭街 in 2026-10. */
  moved: '91420112MA4MV00044',
  /** 食品医药 signed in 径河街: shipin leads, jinghe cooperates (3.2.pre-handover). */
  preHandover: 'XM-2026-0001',
} as const;

export const NAMES = {
  changqing: '长青精密机械有限公司',
  jinyinhu: '金银湖数据科技有限公司',
  jidian: '径河智能装备有限公司',
  moved: '走马岭迁建物流有限公司',
  preHandover: '径河生物医药产业园项目',
} as const;

export const LATEST = '2026-10';

export function seedRecords(): RegisterRecord[] {
  return [
    r({
      key: KEYS.changqing,
      uscc: KEYS.changqing,
      name: NAMES.changqing,
      street: 'changqing',
      month: '2026-09',
    }),
    r({
      key: KEYS.changqing,
      uscc: KEYS.changqing,
      name: NAMES.changqing,
      street: 'changqing',
      month: LATEST,
    }),
    r({ key: KEYS.jinyinhu, uscc: KEYS.jinyinhu, name: NAMES.jinyinhu, street: 'jinyinhu', month: LATEST }),
    r({
      key: KEYS.jidian,
      uscc: KEYS.jidian,
      name: NAMES.jidian,
      street: 'jinghe',
      recruiter: 'jidian',
      category: '智能装备制造',
      month: LATEST,
    }),
    r({ key: KEYS.moved, uscc: KEYS.moved, name: NAMES.moved, street: 'changqing', month: '2026-08' }),
    r({
      key: KEYS.moved,
      uscc: KEYS.moved,
      name: NAMES.moved,
      street: 'zoumaling',
      movement: 'relocation',
      originStreet: 'changqing',
      month: LATEST,
    }),
    r({
      key: KEYS.preHandover,
      uscc: null,
      projectCode: KEYS.preHandover,
      name: NAMES.preHandover,
      street: 'jinghe',
      recruiter: 'shipin',
      stage: 'signed',
      category: '生物医药',
      month: LATEST,
    }),
  ];
}

/** Import ids of the seeded imports (32 hex digits, as `importIdOf` makes them). */
export const IMP_CQ = 'cc000000000000000000000000000001';
export const IMP_JY = 'aa000000000000000000000000000002';

export function importRecord(
  id: string,
  objectKey: string,
  status: ImportRecord['status'] = 'applied',
): ImportRecord {
  return {
    id,
    bucket: 'lkg-local',
    objectKey,
    versionId: null,
    sequencer: '01',
    eventTime: '2026-11-02T01:00:00Z',
    contentHash: null,
    status,
    unit: null,
    registerMonth: LATEST,
    counts: {
      registerRows: 1,
      indicatorRows: 0,
      targetRows: 0,
      contactRows: 0,
      errors: 0,
      warnings: 0,
      itemsWritten: 1,
    },
    findings: [],
    sheets: [],
    startedAt: `2026-11-02T01:00:0${id.length % 10}Z`,
    finishedAt: status === 'applying' ? null : '2026-11-02T01:00:09Z',
  };
}

/**
 * The in-memory store (the same item design as DynamoDB) seeded with the records above
 * (assessed as an import would), two imports and some indicators.
 */
export async function seededStore(): Promise<MemoryStore> {
  const store = createMemoryStore();
  await store.seed(
    {
      register: seedRecords(),
      indicators: [
        { key: KEYS.moved, month: '2026-08', values: { revenue: '100.5', tax: null } },
        { key: KEYS.moved, month: LATEST, values: { revenue: '300' } },
        { key: KEYS.changqing, month: LATEST, values: { revenue: '12.34' } },
      ],
    },
    { eventTime: '2026-11-01T00:00:00Z' },
  );
  await store.createImport(importRecord(IMP_CQ, `uploads/changqing/2026-10-${NAMES.changqing}台账.xlsx`));
  await store.createImport(importRecord(IMP_JY, `uploads/jinyinhu/2026-10-${NAMES.jinyinhu}.xlsx`));
  return store;
}

/** A summaries port with one row per serving unit (counts only), built from the store. */
export function fakeSummaries(store: Store): SummaryPort {
  return {
    async document(month) {
      const units: Array<{ unit: UnitId; carried: number; enterprises: string[] }> = [];
      for (const unit of ['changqing', 'jinyinhu', 'jinghe', 'zoumaling', 'jidian', 'shipin'] as UnitId[]) {
        const page = await store.listByUnit(unit, 'indicators', month, { limit: 100 });
        units.push({ unit, carried: page.items.length, enterprises: page.items.map((i) => i.name) });
      }
      // Counts only: what the authorization cases read of a summary (not a whole document).
      const total = { carried: units.reduce((n, u) => n + u.carried, 0) };
      return { month, units, total } as unknown as SummaryDocument;
    },
    async workbook(month, unit) {
      return {
        bytes: new TextEncoder().encode(`PK-fake-${month}-${unit ?? 'district'}`),
        filename: `${month}-${unit ?? '全区'}.xlsx`,
      };
    },
  };
}

export type Claims = Record<string, string> | null;

export const BUREAU: Claims = { 'custom:unit': 'bureau', 'custom:role': 'bureau' };
export const unitClaims = (unit: string): Claims => ({ 'custom:unit': unit, 'custom:role': 'unit' });

/** An API Gateway v2 event as the HTTP API passes it (claims from the JWT authorizer). */
export function apiEvent(
  method: string,
  url: string,
  claims: Claims,
  body?: unknown,
): APIGatewayProxyEventV2 {
  const [rawPath = '/', rawQueryString = ''] = url.split('?');
  const params = new URLSearchParams(rawQueryString);
  const qs: Record<string, string> = {};
  for (const k of new Set(params.keys())) qs[k] = params.getAll(k).join(',');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(Object.keys(qs).length ? { queryStringParameters: qs } : {}),
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'req',
      routeKey: '$default',
      stage: '$default',
      time: '',
      timeEpoch: 0,
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

export const context = { awsRequestId: 'test', functionName: 'api' } as unknown as Context;
