/**
 * `lkg policy check FILE` (Chinese messages for every issue) and `lkg impact FILE` over the
 * in-memory store: text, JSON and workbook, nothing written to the store.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { createMemoryStore } from '#adapters/memory-store';
import { POLICY_2020_1_DATA } from '#domain/policy/index';
import { runWith as impact } from '#functions/cli/commands/impact';
import { runWith as policy } from '#functions/cli/commands/policy';
import { r } from '../../cases/record.ts';

const dir = mkdtempSync(join(tmpdir(), 'lkg-impact-'));
const draftData = () => {
  const d = JSON.parse(JSON.stringify(POLICY_2020_1_DATA));
  d.id = 'draft-2026';
  d.docNumber = '武临开办〔2026〕（征求意见稿）';
  d.effectiveFrom = '2026-07-01';
  d.notice = null;
  d.clusters.jidian.streets.push('金银湖街');
  return d;
};
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

describe('lkg policy check', () => {
  it('a valid draft', async () => {
    const lines: string[] = [];
    expect(await policy(['check', file('ok.json', draftData())], (l) => lines.push(l))).toBe(0);
    expect(lines[0]).toMatch(/^草案有效：武临开办〔2026〕（征求意见稿）（draft-2026），自2026-07-01起施行/u);
  });
  it.each([
    ['not JSON', '{', /不是有效的 JSON/u],
    ['an unknown rule', { ...draftData(), rules: [{ rule: 'magic', clause: '2.street' }] }, /rules/u],
    [
      'an unknown street in a cluster',
      (() => {
        const d = draftData();
        d.clusters.jidian.streets.push('火星街');
        return d;
      })(),
      /火星街/u,
    ],
  ])('%s', async (_name, content, message) => {
    const lines: string[] = [];
    await policy(['check', file('x.json', content as never)], (l) => lines.push(l));
    expect(lines.join('\n')).toMatch(message);
  });
});

describe('lkg impact', () => {
  it('text, --json and --xlsx over the store; the store is not written', async () => {
    const store = createMemoryStore();
    const key = '91420112MA4IMP0001';
    await store.seed(
      {
        register: [
          r({
            key,
            uscc: key,
            name: '金银湖精密制造',
            recruiter: 'jidian',
            street: 'jinyinhu',
            month: '2026-01',
          }),
        ],
        indicators: [{ key, month: '2026-03', values: { revenue: '12.5' } }],
      },
      { eventTime: '2026-09-01T00:00:00Z' },
    );
    const before = JSON.stringify(store.table.snapshot());
    const path = file('draft.json', draftData());
    const lines: string[] = [];
    expect(await impact([path], store, (l) => lines.push(l))).toBe(0);
    expect(lines[0]).toContain('全区 1 家企业中 1 家的归属将改变；全区合计不变（已核对至末位）');
    expect(lines.join('\n')).toContain(
      '金银湖精密制造（91420112MA4IMP0001）：服务单位 金银湖街 → 机电产业建设管理办公室',
    );
    lines.length = 0;
    expect(await impact([path, '--json'], store, (l) => lines.push(l))).toBe(0);
    const json = JSON.parse(lines[0] as string);
    expect(json).toMatchObject({
      month: '2026-07',
      draftInForce: true,
      district: { changed: 1, reconciles: true },
    });
    const out = join(dir, 'impact.xlsx');
    expect(await impact([path, '--xlsx', out, '--month', '2026-08'], store, () => {})).toBe(0);
    expect(XLSX.read(readFileSync(out)).SheetNames).toEqual(['企业变化', '单位划入划出', '全区合计']);
    expect(JSON.stringify(store.table.snapshot())).toBe(before);
  });
});
