/** The CLI's table helpers: display widths with CJK double width, cuts, padding, wrapping. */
import { describe, expect, it } from 'vitest';
import { displayWidth, pad, table, truncate, wrap } from '#functions/cli/format';

describe('displayWidth', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['长青街', 6],
    ['Ａ１', 4],
    ['武汉𠀀', 6],
    ['a（b）', 6],
    ['e\u0301', 1],
  ])('%j is %s columns', (s, w) => {
    expect(displayWidth(s)).toBe(w);
  });
});

describe('truncate and pad', () => {
  it.each([
    ['武汉临空显示配套材料有限公司', 10, '武汉临空…'],
    ['武汉临空', 8, '武汉临空'],
    ['abcdefghij', 6, 'abcd…'],
    ['武a汉b', 5, '武a…'],
  ])('truncate(%j, %s) = %j', (s, w, out) => {
    expect(truncate(s, w)).toBe(out);
    expect(displayWidth(truncate(s, w))).toBeLessThanOrEqual(w);
  });

  it('pads to the exact width, left or right', () => {
    expect(pad('径河街', 8)).toBe('径河街  ');
    expect(pad('12', 5, 'right')).toBe('   12');
    expect(displayWidth(pad('武汉临空显示配套材料有限公司', 11))).toBe(11);
  });
});

describe('table', () => {
  it('lines up CJK columns', () => {
    const out = table(
      [
        { header: '名称', width: 8 },
        { header: '街道', width: 6 },
      ],
      [
        ['武汉临空显示', '径河街'],
        ['abc', '柏泉街'],
      ],
    );
    const lines = out.split('\n');
    expect(lines[0]).toBe('名称      街道');
    expect(lines[2]).toBe('武汉临…  径河街');
    expect(lines[3]).toBe('abc       柏泉街');
  });
});

describe('wrap', () => {
  it('breaks CJK text at the width and indents continuation lines', () => {
    const text = '一二三四五六七八九十'.repeat(10);
    const lines = wrap(text, 20, 4).split('\n');
    expect(lines[0]).toBe('一二三四五六七八九十');
    expect(lines[1]?.startsWith('    ')).toBe(true);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(20);
  });

  it('never starts a line with a closing mark', () => {
    const lines = wrap('一二三四五，六七八九十', 10).split('\n');
    for (const l of lines) expect(l.trim().startsWith('，')).toBe(false);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(10);
  });

  it('breaks Latin text at spaces', () => {
    expect(wrap('alpha beta gamma delta', 11)).toBe('alpha beta\ngamma delta');
  });
});
