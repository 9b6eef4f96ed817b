import { describe, expect, it } from 'vitest';
import {
  amountShift,
  cellValueAsRead,
  checkUscc,
  columnLetter,
  monthFromFileName,
  parseAmount,
  parseBooleanCell,
  parseDateCell,
  parseMonthCell,
  textOf,
} from '#domain/registers/index';
import type { Cell } from '#domain/types';
import { cell, date, errorCell, formula, type Raw } from './helpers.ts';

const ok = (value: unknown) => ({ ok: true, value });
const bad = { ok: false, problem: expect.stringMatching(/[\u4e00-\u9fff]/) };

describe('parseBooleanCell', () => {
  it.each<[Raw, boolean | null]>([
    ['是', true],
    ['否', false],
    ['Y', true],
    ['N', false],
    ['y', true],
    ['n', false],
    ['Ｙ', true],
    ['√', true],
    ['×', false],
    ['1', true],
    ['0', false],
    ['true', true],
    ['false', false],
    ['TRUE', true],
    ['FALSE', false],
    [' 是 ', true],
    [1, true],
    [0, false],
    [true, true],
    [false, false],
    [null, null],
    ['', null],
    ['　', null],
  ])('%o → %o', (raw, expected) => {
    expect(parseBooleanCell(cell(raw))).toEqual(ok(expected));
  });

  it.each<[string, Cell]>([
    ['maybe', cell('也许')],
    ['2', cell(2)],
    ['text 2', cell('2')],
    ['a date', date('2024-01-01')],
    ['a formula', formula('=A1')],
    ['an error', errorCell('#N/A')],
  ])('%s is a problem', (_name, c) => {
    expect(parseBooleanCell(c)).toEqual(bad);
  });
});

describe('parseDateCell', () => {
  it.each<[string, Cell, string | null]>([
    ['an Excel date cell', date('2024-05-01'), '2024-05-01'],
    ['ISO', cell('2024-05-01'), '2024-05-01'],
    ['ISO, one digit', cell('2024-5-1'), '2024-05-01'],
    ['slashes', cell('2024/5/1'), '2024-05-01'],
    ['slashes padded', cell('2024/05/01'), '2024-05-01'],
    ['dots', cell('2024.5.1'), '2024-05-01'],
    ['Chinese', cell('2024年5月1日'), '2024-05-01'],
    ['Chinese without 日', cell('2024年5月1'), '2024-05-01'],
    ['Chinese with spaces', cell('2024 年 5 月 1 日'), '2024-05-01'],
    ['full-width digits', cell('２０２４年５月１日'), '2024-05-01'],
    ['8 digits text', cell('20240501'), '2024-05-01'],
    ['8 digits number', cell(20240501), '2024-05-01'],
    ['with a time', cell('2024/5/1 0:00'), '2024-05-01'],
    ['with an ISO time', cell('2024-05-01T00:00:00'), '2024-05-01'],
    ['month alone, Chinese', cell('2024年5月'), '2024-05-01'],
    ['month alone, ISO', cell('2024-05'), '2024-05-01'],
    ['month alone, slash', cell('2024/5'), '2024-05-01'],
    ['29 Feb of a leap year', cell('2024-02-29'), '2024-02-29'],
    ['31 Dec', cell('2024-12-31'), '2024-12-31'],
    ['blank', null, null],
    ['blank text', cell('  '), null],
  ])('%s', (_name, c, expected) => {
    expect(parseDateCell(c)).toEqual(ok(expected));
  });

  it.each<[string, Cell]>([
    ['29 Feb of a common year', cell('2023-02-29')],
    ['month 13', cell('2024-13-01')],
    ['day 0', cell('2024-05-00')],
    ['day 32', cell('2024年5月32日')],
    ['year 1899', cell('1899-12-31')],
    ['words', cell('去年五月')],
    ['a serial number', cell(45413)],
    ['a fraction', cell(2024.5)],
    ['a boolean', cell(true)],
    ['a formula', formula('=TODAY()')],
    ['an error', errorCell('#VALUE!')],
    ['a bad date cell', date('2024-02-30')],
  ])('%s is a problem', (_name, c) => {
    expect(parseDateCell(c)).toEqual(bad);
  });
});

describe('parseMonthCell', () => {
  it.each<[string, Cell, string | null]>([
    ['ISO', cell('2026-10'), '2026-10'],
    ['ISO one digit', cell('2026-1'), '2026-01'],
    ['slash', cell('2026/10'), '2026-10'],
    ['dot', cell('2026.10'), '2026-10'],
    ['Chinese', cell('2026年10月'), '2026-10'],
    ['Chinese one digit', cell('2026年1月'), '2026-01'],
    ['Chinese without 月', cell('2026年10'), '2026-10'],
    ['6 digits text', cell('202610'), '2026-10'],
    ['6 digits number', cell(202610), '2026-10'],
    ['a date cell', date('2026-10-15'), '2026-10'],
    ['a date text', cell('2026-10-01'), '2026-10'],
    ['full-width', cell('２０２６－１０'), '2026-10'],
    ['first month 2000-01', cell('2000-01'), '2000-01'],
    ['last month 2099-12', cell('2099-12'), '2099-12'],
    ['blank', null, null],
  ])('%s', (_name, c, expected) => {
    expect(parseMonthCell(c)).toEqual(ok(expected));
  });

  it.each<[string, Cell]>([
    ['month 13', cell('2026-13')],
    ['month 0', cell('2026-00')],
    ['6 digits month 13', cell('202613')],
    ['year 1999', cell('1999-12')],
    ['year 2100', cell('2100-01')],
    ['a number like 2026.1', cell(2026.1)],
    ['a small number', cell(10)],
    ['words', cell('十月')],
    ['a formula', formula('=B1')],
    ['an error', errorCell('#REF!')],
  ])('%s is a problem', (_name, c) => {
    expect(parseMonthCell(c)).toEqual(bad);
  });
});

describe('monthFromFileName', () => {
  it.each<[string, string | null]>([
    ['2026-10-示例台账.xlsx', '2026-10'],
    ['台账2026-10.xlsx', '2026-10'],
    ['台账_2026年10月.xlsx', '2026-10'],
    ['台账_2026年1月.xlsx', '2026-01'],
    ['台账202610.xlsx', '2026-10'],
    ['uploads/jinghe/202610-台账.csv', '2026-10'],
    ['2026-09 and 202610.xlsx', '2026-09'],
    ['20261001台账.xlsx', null],
    ['1202610.xlsx', null],
    ['2026101.xlsx', null],
    ['1999-12.xlsx', null],
    ['2100-01.xlsx', null],
    ['2026-13.xlsx', null],
    ['202600.xlsx', null],
    ['2026-1.xlsx', null],
    ['台账.xlsx', null],
    ['2000-01.xlsx', '2000-01'],
    ['2099-12.xlsx', '2099-12'],
    ['dir/2025-01/台账.xlsx', null],
  ])('%s → %s', (name, expected) => {
    expect(monthFromFileName(name)).toBe(expected);
  });
});

describe('parseAmount', () => {
  it.each<[string, Cell, '万元' | '万美元', string | null, string | null]>([
    ['a number cell', cell(1234.5), '万元', null, '1234.5'],
    ['a number cell rounded to 15 digits', cell(1234.5600000000002), '万元', null, '1234.56'],
    ['0.1 + 0.2 as Excel shows it', cell(0.1 + 0.2), '万元', null, '0.3'],
    ['a zero number', cell(0), '万元', null, '0'],
    ['text zero', cell('0'), '万元', null, '0'],
    ['text', cell('1234.5'), '万元', null, '1234.5'],
    ['thousands separators', cell('1,234.5'), '万元', null, '1234.5'],
    ['full-width digits and comma', cell('１，２３４．５'), '万元', null, '1234.5'],
    ['spaces', cell(' 1 234 '), '万元', null, '1234'],
    ['1.2万 in a 万元 column', cell('1.2万'), '万元', null, '1.2'],
    ['1.2亿 in a 万元 column', cell('1.2亿'), '万元', null, '12000'],
    ['12345.67元 in a 万元 column', cell('12345.67元'), '万元', null, '1.234567'],
    ['1.5亿元', cell('1.5亿元'), '万元', null, '15000'],
    ['8万元', cell('8万元'), '万元', null, '8'],
    ['header 元: 12345.67', cell(12345.67), '万元', '元', '1.234567'],
    ['header 元: text', cell('12345.67'), '万元', '元', '1.234567'],
    ['header 亿元', cell(1.5), '万元', '亿元', '15000'],
    ['header 万元', cell(3), '万元', '万元', '3'],
    ['header 元, cell says 万', cell('1.2万'), '万元', '元', '1.2'],
    ['header 美元', cell(50000), '万美元', '美元', '5'],
    ['header 亿美元', cell(0.25), '万美元', '亿美元', '2500'],
    ['cell 美元', cell('12345美元'), '万美元', null, '1.2345'],
    ['cell 万 in a 万美元 column', cell('3万'), '万美元', null, '3'],
    ['6 decimals after conversion', cell('1.234567'), '万元', null, '1.234567'],
    ['6 decimals after 元 conversion', cell('0.01'), '万元', '元', '0.000001'],
    ['negative', cell('-5'), '万元', null, '-5'],
    ['negative number cell', cell(-5.5), '万元', null, '-5.5'],
    ['plus sign', cell('+5'), '万元', null, '5'],
    ['blank', null, '万元', null, null],
    ['empty text', cell(''), '万元', null, null],
    ['-', cell('-'), '万元', null, null],
    ['—', cell('—'), '万元', null, null],
    ['——', cell('——'), '万元', null, null],
    ['/', cell('/'), '万元', null, null],
    ['full-width －', cell('－'), '万元', null, null],
    ['full-width ／', cell('／'), '万元', null, null],
  ])('%s', (_name, c, unit, headerUnit, expected) => {
    expect(parseAmount(c, unit, headerUnit)).toEqual(ok(expected));
  });

  it.each<[string, Cell, '万元' | '万美元', string | null, RegExp]>([
    ['7 decimals', cell('1.2345678'), '万元', null, /7 位小数/],
    ['7 decimals after 元 conversion', cell(0.001), '万元', '元', /7 位小数/],
    ['7 decimals after 元 in the cell', cell('0.001元'), '万元', null, /7 位小数/],
    ['not a number', cell('约100'), '万元', null, /不是数值/],
    ['bad grouping', cell('1,23,4'), '万元', null, /不是数值/],
    ['two points', cell('1.2.3'), '万元', null, /不是数值/],
    ['an exponent', cell('1e5'), '万元', null, /不是数值/],
    ['a unit alone', cell('万元'), '万元', null, /不是数值/],
    ['美元 in a 万元 column', cell('100美元'), '万元', null, /不符/],
    ['元 in a 万美元 column', cell('100元'), '万美元', null, /不符/],
    ['header 个', cell(1), '万元', '个', /无法换算/],
    ['a boolean', cell(true), '万元', null, /不是数值/],
    ['a date', date('2024-01-01'), '万元', null, /不是数值/],
    ['a formula', formula('=SUM(A1:A3)'), '万元', null, /公式/],
    ['an error', errorCell('#DIV/0!'), '万元', null, /错误值/],
  ])('%s is a problem', (_name, c, unit, headerUnit, problem) => {
    const r = parseAmount(c, unit, headerUnit);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(problem);
  });

  it('null ("not reported") and zero differ', () => {
    expect(parseAmount(cell('-'))).toEqual(ok(null));
    expect(parseAmount(cell(0))).toEqual(ok('0'));
    expect(parseAmount(cell('0.00'))).toEqual(ok('0'));
  });

  it.each<[string, '万元' | '万美元', number | undefined]>([
    ['元', '万元', -4],
    ['万元', '万元', 0],
    ['亿元', '万元', 4],
    ['万', '万元', 0],
    ['亿', '万元', 4],
    ['美元', '万美元', -4],
    ['亿美元', '万美元', 4],
    ['美元', '万元', undefined],
    ['元', '万美元', undefined],
  ])('amountShift(%s, %s) = %s', (written, unit, expected) => {
    expect(amountShift(written, unit)).toBe(expected);
  });
});

describe('checkUscc (GB 32100)', () => {
  it.each<[string, string, boolean, boolean]>([
    ['91350100M000100Y43', '91350100M000100Y43', true, true],
    ['91440300708461136T', '91440300708461136T', true, true],
    ['914403001922038217', '914403001922038217', true, false],
    ['91420112MA83G07L8M', '91420112MA83G07L8M', true, true],
    [' 91350100m000100y43 ', '91350100M000100Y43', true, true],
    ['９１３５０１００Ｍ０００１００Ｙ４３', '91350100M000100Y43', true, true],
    ['91350100M000100Y4', '91350100M000100Y4', false, false],
    ['91350100M000100Y433', '91350100M000100Y433', false, false],
    ['9135010AM000100Y43', '9135010AM000100Y43', false, false],
    ['91350100I000100Y43', '91350100I000100Y43', false, false],
    ['91350100O000100Y43', '91350100O000100Y43', false, false],
    ['91350100S000100Y43', '91350100S000100Y43', false, false],
    ['91350100V000100Y43', '91350100V000100Y43', false, false],
    ['91350100Z000100Y43', '91350100Z000100Y43', false, false],
    ['', '', false, false],
  ])('%s → %s format %s checksum %s', (raw, uscc, format, checksum) => {
    expect(checkUscc(raw)).toEqual({ uscc, format, checksum });
  });
});

describe('text helpers', () => {
  it.each<[number, string]>([
    [0, 'A'],
    [5, 'F'],
    [25, 'Z'],
    [26, 'AA'],
    [51, 'AZ'],
    [52, 'BA'],
    [701, 'ZZ'],
    [702, 'AAA'],
  ])('columnLetter(%i) = %s', (index, letter) => {
    expect(columnLetter(index)).toBe(letter);
  });

  it.each<[Cell, string | null]>([
    [cell(' 长青街 '), ' 长青街 '],
    [cell(1234.5600000000002), '1234.56'],
    [cell(true), 'TRUE'],
    [date('2024-05-01'), '2024-05-01'],
    [errorCell('#N/A'), '#N/A'],
    [formula('A1+B1'), '=A1+B1'],
    [formula('=A1'), '=A1'],
    [null, null],
  ])('cellValueAsRead(%o) = %o', (c, expected) => {
    expect(cellValueAsRead(c)).toBe(expected);
  });

  it.each<[Cell, string | null]>([
    [cell('  长青街　'), '长青街'],
    [cell('长\u3000青'), '长青'],
    [cell('=SUM(A1)'), '=SUM(A1)'],
    [cell('+86'), '+86'],
    [cell('@home'), '@home'],
    [cell('　'), null],
    [cell(2026031), '2026031'],
    [null, null],
  ])('textOf(%o) = %o', (c, expected) => {
    expect(textOf(c)).toBe(expected);
  });
});
