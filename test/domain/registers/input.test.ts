import { describe, expect, it } from 'vitest';
import { recordFromInput } from '#domain/registers/index';
import type { RegisterRecord } from '#domain/types';
import { VALID_USCC } from './helpers.ts';

const base = { uscc: VALID_USCC, name: '新企业', stage: 'built', street: 'baiquan' };

describe('recordFromInput', () => {
  it('ids: a complete record with defaults', () => {
    expect(recordFromInput(base, '2026-10')).toEqual({
      record: {
        key: VALID_USCC,
        uscc: VALID_USCC,
        projectCode: null,
        name: '新企业',
        stage: 'built',
        recruiter: null,
        street: 'baiquan',
        statStreet: null,
        zone: null,
        keyProject: null,
        movement: null,
        originStreet: null,
        aboveScale: false,
        category: null,
        completedOn: null,
        month: '2026-10',
        note: null,
      },
      findings: [],
    });
  });

  it.each<[string, Record<string, unknown>, Partial<RegisterRecord>]>([
    ['stage as a register cell', { stage: '已建成投产' }, { stage: 'built' }],
    ['stage synonym', { stage: '洽谈' }, { stage: 'new' }],
    ['every stage id', { stage: 'inactive' }, { stage: 'inactive' }],
    ['street as 长青街道', { street: '长青街道' }, { street: 'changqing' }],
    ['street id', { street: 'changqinghuayuan' }, { street: 'changqinghuayuan' }],
    ['recruiter id', { recruiter: 'jidian' }, { recruiter: 'jidian' }],
    ['recruiter in Chinese', { recruiter: '高新办' }, { recruiter: 'gaoxin' }],
    ['recruiter a street', { recruiter: '新沟镇街' }, { recruiter: 'xingouzhen' }],
    ['zone id', { zone: 'sme-city', street: 'cihui' }, { zone: 'sme-city' }],
    ['zone in Chinese', { zone: '中小企业城', street: '慈惠街' }, { zone: 'sme-city', street: 'cihui' }],
    ['keyProject id', { keyProject: 'boe' }, { keyProject: 'boe' }],
    ['keyProject 京东方产业链', { keyProject: '京东方产业链' }, { keyProject: 'boe' }],
    ['keyProject corning', { keyProject: 'corning' }, { keyProject: 'corning' }],
    ['keyProject 康宁全产业链', { keyProject: '康宁全产业链' }, { keyProject: 'corning' }],
    [
      'movement id',
      { movement: 'expansion', originStreet: 'jinghe' },
      { movement: 'expansion', originStreet: 'jinghe' },
    ],
    [
      'movement 搬迁',
      { movement: '搬迁', originStreet: '径河街' },
      { movement: 'relocation', originStreet: 'jinghe' },
    ],
    ['aboveScale true', { aboveScale: true }, { aboveScale: true }],
    ['aboveScale 是', { aboveScale: '是' }, { aboveScale: true }],
    ['aboveScale 0', { aboveScale: 0 }, { aboveScale: false }],
    ['completedOn', { completedOn: '2026-09-15' }, { completedOn: '2026-09-15' }],
    ['completedOn in Chinese', { completedOn: '2026年9月15日' }, { completedOn: '2026-09-15' }],
    ['month from the input', { month: '2026年8月' }, { month: '2026-08' }],
    ['category and note', { category: ' 光电子 ', note: '备注' }, { category: '光电子', note: '备注' }],
    ['statStreet', { statStreet: 'jiangjunlu' }, { statStreet: 'jiangjunlu' }],
    [
      'projectCode as key',
      { uscc: null, projectCode: 'XM-1' },
      { key: 'XM-1', uscc: null, projectCode: 'XM-1' },
    ],
    [
      'key that is a USCC',
      { uscc: undefined, key: VALID_USCC.toLowerCase() },
      { key: VALID_USCC, uscc: VALID_USCC },
    ],
    [
      'key that is a project code',
      { uscc: undefined, key: 'A1' },
      { key: 'A1', projectCode: 'A1', uscc: null },
    ],
    ['null values are blanks', { recruiter: null, zone: null }, { recruiter: null, zone: null }],
  ])('%s', (_name, over, expected) => {
    const r = recordFromInput({ ...base, ...over }, '2026-10');
    expect(r.findings).toEqual([]);
    expect(r.record).toMatchObject(expected);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['no key', { uscc: undefined }, 'E_KEY_MISSING', 'uscc'],
    ['a bad USCC', { uscc: '123' }, 'E_USCC_FORMAT', 'uscc'],
    ['no name', { name: undefined }, 'E_NAME_MISSING', 'name'],
    ['an empty name', { name: ' ' }, 'E_NAME_MISSING', 'name'],
    ['no stage', { stage: undefined }, 'E_STAGE_UNKNOWN', 'stage'],
    ['an unknown stage', { stage: 'done' }, 'E_STAGE_UNKNOWN', 'stage'],
    ['no street', { street: undefined }, 'E_STREET_MISSING', 'street'],
    ['an unknown street', { street: '长清街' }, 'E_UNKNOWN_UNIT', 'street'],
    ['an office as street', { street: 'jidian' }, 'E_UNKNOWN_UNIT', 'street'],
    ['a number as street', { street: 42 }, 'E_UNKNOWN_UNIT', 'street'],
    ['an object as street', { street: { id: 'x' } }, 'E_FIELD_TYPE', 'street'],
    ['an array as recruiter', { recruiter: ['jidian'] }, 'E_FIELD_TYPE', 'recruiter'],
    ['the bureau as recruiter', { recruiter: 'bureau' }, 'E_RECRUITER_BUREAU', 'recruiter'],
    ['the bureau in Chinese', { recruiter: '区商务局' }, 'E_RECRUITER_BUREAU', 'recruiter'],
    ['an unknown zone', { zone: 'park' }, 'E_UNKNOWN_UNIT', 'zone'],
    ['zone and street disagree', { zone: 'sme-city', street: 'jinghe' }, 'E_ZONE_STREET', 'zone'],
    ['a 重大项目 longer than a name', { keyProject: '天'.repeat(51) }, 'E_TEXT_TOO_LONG', 'keyProject'],
    ['an unknown movement', { movement: 'moved' }, 'E_MOVEMENT_UNKNOWN', 'movement'],
    ['movement without origin', { movement: 'expansion' }, 'E_ORIGIN_MISSING', 'originStreet'],
    ['a bad boolean', { aboveScale: 'sometimes' }, 'E_BOOLEAN', 'aboveScale'],
    ['a bad date', { completedOn: '2026-02-30' }, 'E_DATE', 'completedOn'],
    ['a bad month', { month: '2026-13' }, 'E_MONTH', 'month'],
    [
      'a long project code',
      { uscc: undefined, projectCode: 'X'.repeat(41) },
      'E_TEXT_TOO_LONG',
      'projectCode',
    ],
  ])('%s → %s on %s', (_name, over, code, column) => {
    const r = recordFromInput({ ...base, ...over }, '2026-10');
    expect(r.record).toBeNull();
    expect(r.findings).toEqual([
      expect.objectContaining({
        code,
        severity: 'error',
        sheet: null,
        row: null,
        column,
        message: expect.stringMatching(/[\u4e00-\u9fff]/),
      }),
    ]);
  });

  it('an unknown field is ignored with a warning; __proto__ pollutes nothing', () => {
    const input = JSON.parse(
      `{"uscc":"${VALID_USCC}","name":"甲","stage":"built","street":"baiquan","colour":"red","__proto__":{"polluted":true}}`,
    );
    const r = recordFromInput(input, '2026-10');
    expect(r.record).not.toBeNull();
    expect(r.findings.map((f) => [f.code, f.column])).toEqual([
      ['W_FIELD_IGNORED', 'colour'],
      ['W_FIELD_IGNORED', '__proto__'],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((r.record as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a wrong check character is a warning; the record is made', () => {
    const r = recordFromInput({ ...base, uscc: '914403001922038217' }, '2026-10');
    expect(r.record?.key).toBe('914403001922038217');
    expect(r.findings.map((f) => f.code)).toEqual(['W_USCC_CHECKSUM']);
  });

  it('collects every problem of the input', () => {
    const r = recordFromInput({ stage: 'x', street: 'y', recruiter: 'z' }, '2026-10');
    expect(r.findings.map((f) => f.code)).toEqual([
      'E_KEY_MISSING',
      'E_NAME_MISSING',
      'E_STAGE_UNKNOWN',
      'E_UNKNOWN_UNIT',
      'E_UNKNOWN_UNIT',
    ]);
  });
});
