/**
 * `lkg decision add|list|end` over the in-memory store (the same items as DynamoDB): the same
 * decision as `POST /decisions`, listed with its audit trail, ended by a new fact; the stored
 * transfers follow (re-projected).
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '#adapters/memory-store';
import { runWith } from '#functions/cli/commands/decision';
import { r } from '../../cases/record.ts';

const KEY = '91420112MA4DEC0009';

describe('lkg decision', () => {
  it('add, list, end — Chinese output, the transfers re-projected', async () => {
    const store = createMemoryStore();
    await store.seed({
      register: [r({ key: KEY, uscc: KEY, recruiter: 'jidian', street: 'jinyinhu', month: '2026-01' })],
    });
    const lines: string[] = [];
    const out = (l: string) => lines.push(l);
    const now = () => new Date('2026-05-20T00:00:00Z');
    expect(
      await runWith(
        [
          'add',
          '--keys',
          KEY,
          '--from',
          '2026-06',
          '--indicators',
          '机电产业办',
          '--reason',
          '京东方配套',
          '--document-no',
          '武临开专〔2026〕3号',
        ],
        store,
        out,
        now,
      ),
    ).toBe(0);
    expect(lines[0]).toMatch(
      /^已记录决定 d-20260520-[0-9a-f]{8}：武临开专〔2026〕3号　2026年6月起　经济指标：机电产业建设管理办公室/u,
    );
    const id = /d-\d{8}-[0-9a-f]{8}/u.exec(lines[0] as string)?.[0] as string;
    expect((await store.transfers(KEY)).map((t) => [t.month, t.clause])).toEqual([['2026-06', 'decision']]);

    expect(await runWith(['end', id, '--from', '2026-09', '--reason', '配套结束'], store, out, now)).toBe(0);
    expect(lines.at(-1)).toContain('2026年6月至2026年8月');
    expect((await store.transfers(KEY)).map((t) => [t.month, t.clause])).toEqual([
      ['2026-06', 'decision'],
      ['2026-09', '3.1.transferred'],
    ]);
    lines.length = 0;
    expect(await runWith(['list'], store, out, now)).toBe(0);
    expect(lines.join('\n')).toMatch(
      /记录：2026-05-20T00:00:00.000Z cli:.*（bureau）\n {2}终止：.*自2026-09起不再适用，理由：配套结束/u,
    );

    lines.length = 0;
    expect(await runWith(['end', id, '--from', '2026-10'], store, out, now)).toBe(1);
    expect(lines[0]).toContain('已自2026年9月起终止');
    expect(
      await runWith(
        ['add', '--keys', KEY, '--from', '2026-06', '--reason', 'x', '--document-no', 'y'],
        store,
        out,
        now,
      ),
    ).toBe(1);
    expect(lines.at(-1)).toContain('至少指定服务单位');
  });
});
