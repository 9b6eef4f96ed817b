/**
 * The projection knows its rules: the first applied import stamps the store with the current
 * rules version (the policies and the indicator catalogue); a store stamped with another one is
 * stale — reads answer from the stored projection with `stale: {stored, current}`, the sweep
 * says to run `lkg rebuild` — and a rebuild clears it.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '#adapters/memory-store';
import { MemoryObjects } from '#adapters/s3-objects';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { INDICATORS } from '#domain/indicators';
import { POLICIES } from '#domain/policy/index';
import { rulesStaleness, rulesVersionOf, staleMessage } from '#domain/replay';
import { createApiHandler } from '#functions/api/handler';
import { createIngestHandler } from '#functions/ingest/handler';
import { rebuildProjection } from '#functions/ingest/rebuild';
import { resumeUnfinishedImports } from '#functions/ingest/resume';
import { CURRENT_RULES_VERSION, projectionStaleness } from '#functions/ingest/rules-version';
import { uscc } from '../../corpus/build.ts';
import { s3Event } from '../../support/ingest.ts';
import { workbookBytes } from '../../support/workbooks.ts';
import { apiEvent, BUREAU, context, fakeSummaries } from '../api/support/fixtures.ts';

const BUCKET = 'lkg-territory';
const KEY = uscc(9500);
const clock = { now: () => new Date('2026-10-20T05:00:00.000Z') };

describe('the rules version', () => {
  it('changes with the policy data and with the indicator catalogue, and is stable otherwise', () => {
    expect(rulesVersionOf(POLICIES)).toBe(rulesVersionOf([...POLICIES]));
    expect(rulesVersionOf(POLICIES)).toBe(CURRENT_RULES_VERSION);
    const renamed = INDICATORS.map((i, n) => (n === 0 ? { ...i, header: `${i.header}（新）` } : i));
    expect(rulesVersionOf(POLICIES, renamed)).not.toBe(CURRENT_RULES_VERSION);
    const moved = POLICIES.map((p, n) => (n === 0 ? { ...p, effectiveFrom: '2020-05-01' } : p));
    expect(rulesVersionOf(moved)).not.toBe(CURRENT_RULES_VERSION);
  });

  it.each([
    [null, 'b', null],
    ['a', 'a', null],
    ['a', 'b', { stored: 'a', current: 'b' }],
  ])('stored %s, current %s: %j', (stored, current, expected) => {
    expect(rulesStaleness(stored, current)).toEqual(expected);
  });
});

describe('a stale projection', () => {
  it('is marked stale when the rules version changed, answers with stale, and a rebuild clears it', async () => {
    const store = createMemoryStore();
    const objects = new MemoryObjects();
    const key = 'uploads/bureau/台账.xlsx';
    await objects.put(
      BUCKET,
      key,
      workbookBytes({
        企业项目台账: [
          ['统一社会信用代码', '企业（项目）名称', '项目状态', '所在街道', '报送月份'],
          [KEY, '武汉规则版本测试有限公司', '已建成投产', '长青街', '2026-10'],
        ],
      }),
      'application/octet-stream',
    );
    const [outcome] = await createIngestHandler({ store, objects, clock, workbooks: sheetJsWorkbooks })(
      s3Event(key, { eventTime: '2026-10-20T01:00:00.000Z', sequencer: '01' }),
    );
    expect(outcome?.record?.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(outcome?.status).toBe('applied');
    // Stamped by the import with the current rules: not stale.
    expect(await store.rulesVersion()).toBe(CURRENT_RULES_VERSION);
    expect(await projectionStaleness(store)).toBeNull();

    // The projection was computed under other rules (as after a policy or catalogue change).
    await store.stampRulesVersion('p1-00000000');
    const stale = { stored: 'p1-00000000', current: CURRENT_RULES_VERSION };
    expect(await projectionStaleness(store)).toEqual(stale);
    const api = createApiHandler({
      store,
      clock,
      summaries: fakeSummaries(store),
      cursorSecret: 'test-secret',
    });
    const res = await api(apiEvent('GET', `/enterprises/${KEY}`, BUREAU), context);
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(String(res.body));
    expect(body.stale).toEqual(stale);
    expect(body.assignment.service).toBe('changqing');
    // The sweep says what to run, in Chinese.
    const warned: string[] = [];
    const logger = { info: () => undefined, warn: (m: string) => warned.push(m), error: () => undefined };
    expect(
      (await resumeUnfinishedImports({ store, objects, clock, workbooks: sheetJsWorkbooks, logger })).stale,
    ).toEqual(stale);
    expect(warned).toContain(staleMessage(stale));
    expect(staleMessage(stale)).toMatch(/请运行 lkg rebuild/);

    // A rebuild recomputes the projection under the current rules and clears the mark.
    await rebuildProjection({ store, objects, clock, workbooks: sheetJsWorkbooks }, { runId: 'clear' });
    expect(await projectionStaleness(store)).toBeNull();
    const after = JSON.parse(
      String((await api(apiEvent('GET', `/enterprises/${KEY}`, BUREAU), context)).body),
    );
    expect(after.stale).toBeUndefined();
    expect(
      (await resumeUnfinishedImports({ store, objects, clock, workbooks: sheetJsWorkbooks })).stale,
    ).toBeUndefined();
  });
});
