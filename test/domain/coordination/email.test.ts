/**
 * Issue "Coordination", item 4: each unit's monthly email lists its transfers still to be
 * confirmed (本月待确认划转) and the decisions that apply to it; the overview counts confirmed,
 * pending, disputed and settled transfers. Every line names the basis (the clause or the 文号).
 */
import { describe, expect, it } from 'vitest';
import { decisionsFrom, rulesOf } from '#domain/decisions';
import type { CoordinationFacts } from '#domain/email/coordination';
import { renderOverviewEmail, renderUnitEmail } from '#domain/email/render';
import { POLICIES } from '#domain/policy/index';
import type { Transfer } from '#domain/ports';
import { summarize } from '#domain/summaries';
import { statusOf, type TransferAction } from '#domain/transfer-status';
import { rec } from '../summaries-support.ts';

const document = summarize({
  month: '2026-10',
  records: [[rec({ key: 'A', street: 'changqing', month: '2025-01' })]],
  indicators: [],
  targets: [],
  rules: rulesOf(POLICIES),
}).document;

const t = (key: string, from: string, to: string, extra: Partial<Transfer> = {}): Transfer =>
  ({ key, month: '2026-10', from, to, clause: '3.3', ...extra }) as Transfer;
const act = (
  transfer: Transfer,
  unit: string,
  action: TransferAction['action'],
  at: string,
): TransferAction => ({
  transferId: `${transfer.key}#${transfer.month}`,
  action,
  unit,
  subject: `local:${unit}`,
  from: transfer.from,
  to: transfer.to,
  reason: action === 'object' ? '尚未搬迁' : null,
  recordedAt: at,
});

const pending = t('P1', 'changqing', 'zoumaling');
const confirmed = t('C1', 'changqing', 'cihui');
const disputed = t('D1', 'jinyinhu', 'changqing', {
  clause: 'decision',
  decision: { id: 'd-1', documentNo: '武临开专〔2026〕3号', ended: false },
});
const facts: CoordinationFacts = {
  transfers: [
    { ...statusOf(pending, []), name: '待确认物流有限公司' },
    {
      ...statusOf(confirmed, [
        act(confirmed, 'changqing', 'confirm', '2026-11-01T00:00:00Z'),
        act(confirmed, 'cihui', 'confirm', '2026-11-02T00:00:00Z'),
      ]),
      name: '已确认科技有限公司',
    },
    {
      ...statusOf(disputed, [act(disputed, 'jinyinhu', 'object', '2026-11-03T00:00:00Z')]),
      name: '有异议装备有限公司',
    },
  ],
  decisions: decisionsFrom(
    [
      {
        id: 'd-1',
        keys: ['D1'],
        from: '2026-10',
        service: 'changqing',
        indicators: 'changqing',
        reason: '专班裁定由长青街服务',
        documentNo: '武临开专〔2026〕3号',
        recordedBy: { subject: 'x', unit: 'bureau' },
        recordedAt: '2026-10-02T00:00:00Z',
      },
    ],
    [],
  ),
};

describe('monthly emails show the transfers to confirm and the decisions', () => {
  it('a unit email: its pending and disputed transfers (本月待确认划转), with the 文号', () => {
    const mail = renderUnitEmail(document, 'changqing', facts);
    expect(mail.html).toContain('本月待确认划转');
    expect(mail.html).toContain('待确认物流有限公司');
    expect(mail.html).toContain('有异议装备有限公司');
    expect(mail.html).not.toContain('已确认科技有限公司');
    expect(mail.html).toContain('工作专班决定（武临开专〔2026〕3号）');
    expect(mail.html).toContain('工作专班决定（本月适用）');
    expect(mail.text).toContain('本月待确认划转（2 起）');
  });
  it('a unit without any: says so', () => {
    const mail = renderUnitEmail(document, 'jidian', facts);
    expect(mail.html).toContain('本月没有待确认的划转。');
    expect(mail.html).not.toContain('工作专班决定（本月适用）');
  });
  it('the overview counts confirmed, pending, disputed (and settled) and lists the disputes', () => {
    const mail = renderOverviewEmail(document, { unitsWithoutContacts: [], coordination: facts });
    expect(mail.html).toContain('本月划转 3 起：已确认 1 起，待确认 1 起，有异议 1 起，已裁定 0 起。');
    expect(mail.html).toContain('尚未搬迁');
    expect(mail.text).toContain('已确认 1 起，待确认 1 起，有异议 1 起');
  });
  it('a decision a later one replaced: 已被取代, per role from which month by which 文号; the later one 执行中', () => {
    const later = {
      id: 'd-2',
      keys: ['D1'],
      from: '2026-10' as const,
      service: null,
      indicators: 'jinyinhu' as const,
      reason: '指标由金银湖街承担',
      documentNo: '武临开专〔2026〕4号',
      recordedBy: { subject: 'x', unit: 'bureau' },
      recordedAt: '2026-10-05T00:00:00Z',
    };
    const [first, second] = decisionsFrom(
      [
        {
          ...later,
          id: 'd-1',
          service: 'changqing',
          indicators: 'changqing',
          documentNo: '武临开专〔2026〕3号',
          recordedAt: '2026-10-02T00:00:00Z',
        },
        later,
      ],
      [],
    );
    const mail = renderOverviewEmail(document, {
      unitsWithoutContacts: [],
      coordination: { ...facts, decisions: [first!, second!] },
    });
    // 3号 still decides the service: running, its indicators replaced by 4号
    expect(mail.html).toContain('执行中；经济指标承担单位自2026年10月起已被武临开专〔2026〕4号取代');
    const [third] = decisionsFrom(
      [
        {
          ...later,
          id: 'd-3',
          service: 'cihui',
          indicators: 'cihui',
          documentNo: '武临开专〔2026〕5号',
          recordedAt: '2026-10-09T00:00:00Z',
        },
      ],
      [],
    );
    const all = renderOverviewEmail(document, {
      unitsWithoutContacts: [],
      coordination: { ...facts, decisions: [first!, second!, third!] },
    });
    expect(all.html).toContain(
      '已被取代；服务单位自2026年10月起已被武临开专〔2026〕5号取代；经济指标承担单位自2026年10月起已被武临开专〔2026〕5号取代',
    );
  });
  it('without coordination facts the emails are as before', () => {
    expect(renderUnitEmail(document, 'changqing').html).not.toContain('本月待确认划转');
  });
});
