import { describe, expect, it } from 'vitest';
import { decisionWriterIds } from '#domain/decisions';
import { isImportId, MAX_KEY_BYTES, objectKeyProblem, recordKeyProblem } from '#domain/object-keys';

describe('objectKeyProblem: keys checked before any storage call', () => {
  const ok = [
    'uploads/bureau/a.xlsx',
    'uploads/changqing/2026年10月 台账（长青街）.xlsx',
    `uploads/bureau/${'a'.repeat(200)}`,
    `uploads/bureau/${'台'.repeat(66)}.x`, // 200 bytes
    'uploads/changqing/',
  ];
  it.each(ok)('accepts %s', (key) => expect(objectKeyProblem(key)).toBeNull());

  const bad: Array<[string, string, RegExp]> = [
    ['empty', '', /为空/],
    ['a 240-byte file name', `uploads/bureau/${'a'.repeat(235)}.xlsx`, /文件名或文件夹名过长（240 字节）/],
    ['a 201-byte file name', `uploads/bureau/${'a'.repeat(201)}`, /过长（201 字节）/],
    ['67 Chinese characters (201 bytes)', `uploads/bureau/${'台'.repeat(67)}`, /过长/],
    ['over 1,024 bytes', `uploads/${'a/'.repeat(520)}x`, new RegExp(`最多 ${MAX_KEY_BYTES} 字节`)],
    ['a 2,100-byte key', `uploads/bureau/${'b'.repeat(2085)}`, /对象路径过长（2100 字节）/],
    ['.. segment', 'uploads/../../../escape.xlsx', /不能有「\.\.」/],
    ['. segment', 'uploads/./bureau/a.xlsx', /不能有「\.」/],
    ['leading slash', '/uploads/bureau/a.xlsx', /不能以 \/ 开头/],
    ['empty segment', 'uploads//a.xlsx', /连续的 \/\//],
    ['newline', 'uploads/bureau/a\nb.xlsx', /控制字符/],
    ['NUL', 'uploads/bureau/a\u0000.xlsx', /控制字符/],
    ['backslash', 'uploads\\bureau\\a.xlsx', /反斜杠/],
  ];
  it.each(bad)('refuses %s', (_name, key, message) => expect(objectKeyProblem(key)).toMatch(message));
});

describe('isImportId and recordKeyProblem', () => {
  it.each([
    ['0123456789abcdef0123456789abcdef', true],
    ['0123456789ABCDEF0123456789ABCDEF', false],
    ['0123456789abcdef0123456789abcde', false],
    ['x'.repeat(2100), false],
    ['', false],
    // writers listed among the imports: a decision recorded or ended, a rebuild
    [decisionWriterIds('d-20261206-1a2b3c4d').recorded, true],
    [decisionWriterIds('d-20261206-1a2b3c4d').ended, true],
    ['decision-d-2026120-1a2b3c4d', false],
    ['decision-x', false],
    ['rebuild-20261206120000123', true],
    ['rebuild-', false],
    ['rebuild-a/b', false],
    [`rebuild-${'1'.repeat(65)}`, false],
  ])('isImportId(%s) = %s', (id, expected) => expect(isImportId(id)).toBe(expected));

  it.each([
    ['91420112MA83G07L8M', null],
    ['XM-2026-001', null],
    ['k'.repeat(64), null],
    ['k'.repeat(65), /过长（65 个字符）/],
    ['k'.repeat(2100), /过长/],
    ['a\tb', /控制字符/],
  ])('recordKeyProblem(%s)', (key, expected) => {
    const problem = recordKeyProblem(key);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});
