/**
 * Properties of upload authority (fast-check): the verdict never depends on fields outside
 * `present`; a refusal names no unit but 区商务局; the bureau is never refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTACT, judgeRegisterRow, judgeUpload } from '#domain/authority/index';
import { RECORD_FIELDS } from '#domain/registers/index';
import type { Assignment, ParsedWorkbook, RegisterRecord, RegisterRow } from '#domain/types';
import { OFFICE_IDS, STREET_IDS, UNITS, type UnitId } from '#domain/units';
import { contextOf, emptyWorkbook, otherUnitForms } from '../cases/authority-support.ts';
import { anyRecord } from '../cases/generate.ts';

const KEY = '91420112MA0000000X';
const RUNS = { numRuns: 400 };

const unit = fc.constantFrom<UnitId>(...UNITS.map((u) => u.id));
const nonBureau = fc.constantFrom<UnitId>(...STREET_IDS, ...OFFICE_IDS);
/** Names typed by an uploader, from characters that spell no unit's name. */
const typedName = fc.constantFrom('', '甲公司', '乙有限公司', '丙丁项目', '测试企业有限公司');
const record = fc
  .tuple(anyRecord, typedName)
  .map(([r, name]): RegisterRecord => ({ ...r, key: KEY, uscc: KEY, name }));
/** The versions of earlier uploads (none: a new record), one per 报送月份. */
const versions = fc
  .uniqueArray(record, { maxLength: 3, selector: (v) => v.month })
  .map((vs) => vs.sort((a, b) => (a.month < b.month ? -1 : 1)));
const fields = RECORD_FIELDS.filter((f) => f !== 'key' && f !== 'month');
const present = fc.subarray(fields);
/** An assignment override: relations the policy may or may not give. */
const override = fc.option(
  fc.record(
    {
      service: fc.option(unit, { nil: null }),
      indicators: fc.option(unit, { nil: null }),
      cooperating: fc.option(fc.constantFrom(...STREET_IDS), { nil: null }),
      safety: fc.option(fc.constantFrom(...STREET_IDS), { nil: null }),
    },
    { requiredKeys: [] },
  ) as fc.Arbitrary<Partial<Assignment>>,
  { nil: undefined },
);

function rowFrom(
  sent: RegisterRecord,
  junk: RegisterRecord,
  fieldsPresent: readonly (keyof RegisterRecord)[],
) {
  const rec = { ...junk, key: KEY, month: sent.month } as unknown as Record<string, unknown>;
  for (const f of fieldsPresent) rec[f] = (sent as unknown as Record<string, unknown>)[f];
  return {
    sheet: '台账',
    row: 7,
    record: rec as unknown as RegisterRecord,
    present: ['key', 'month', ...fieldsPresent],
  } satisfies RegisterRow;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function workbookOf(row: RegisterRow, extra: Partial<ParsedWorkbook> = {}): ParsedWorkbook {
  return emptyWorkbook({ registerMonth: row.record.month, register: [row], ...extra });
}

describe('upload authority properties', () => {
  it('the verdict never depends on fields outside `present`', () => {
    fc.assert(
      fc.property(
        unit,
        versions,
        override,
        record,
        present,
        record,
        record,
        (uploader, vs, over, sent, fieldsPresent, junkA, junkB) => {
          const context = contextOf(KEY, vs, over);
          const a = rowFrom(sent, junkA, fieldsPresent);
          const b = rowFrom(sent, junkB, fieldsPresent);
          const standing = context.before(KEY, sent.month);
          expect(judgeRegisterRow(uploader, b, standing)).toEqual(judgeRegisterRow(uploader, a, standing));
          // Input frozen: the judgement never mutates the workbook it is given.
          const va = judgeUpload(uploader, deepFreeze(workbookOf(a)), context);
          const vb = judgeUpload(uploader, workbookOf(b), context);
          expect(vb.findings).toEqual(va.findings);
          expect(vb.allowedRegister.length).toBe(va.allowedRegister.length);
        },
      ),
      RUNS,
    );
  });

  it('a refusal names 区商务局 and no unit other than the uploader', () => {
    fc.assert(
      fc.property(
        nonBureau,
        versions,
        override,
        record,
        present,
        record,
        fc.array(unit, { maxLength: 3 }),
        fc.nat({ max: 2 }),
        (uploader, vs, over, sent, fieldsPresent, junk, contactUnits, targets) => {
          const context = contextOf(KEY, vs, over);
          const row = rowFrom(sent, junk, fieldsPresent);
          const workbook = workbookOf(row, {
            indicators: [
              { key: KEY, month: sent.month, values: {}, sheet: '指标', row: 2, name: sent.name || null },
            ],
            targets: Array.from({ length: targets }, (_, i) => ({
              unit: contactUnits[0] ?? 'baiquan',
              year: 2026,
              values: {},
              sheet: '目标',
              row: 2 + i,
            })),
            contacts: contactUnits.map((u, i) => ({
              unit: u,
              name: '张三',
              email: `c${i}@example.com`,
              receives: true,
              sheet: '联系人',
              row: 2 + i,
            })),
          });
          const forms = otherUnitForms(uploader);
          for (const f of judgeUpload(uploader, workbook, context).findings) {
            if (f.severity !== 'error') continue;
            expect(f.message).toContain(CONTACT);
            for (const form of forms) expect(f.message).not.toContain(form);
          }
        },
      ),
      RUNS,
    );
  });

  it('the bureau is never refused', () => {
    fc.assert(
      fc.property(versions, override, record, present, record, (vs, over, sent, fieldsPresent, junk) => {
        const row = rowFrom(sent, junk, fieldsPresent);
        const verdict = judgeUpload('bureau', workbookOf(row), contextOf(KEY, vs, over));
        expect(verdict.findings).toEqual([]);
        expect(verdict.allowedRegister).toEqual([row]);
      }),
      RUNS,
    );
  });
});
