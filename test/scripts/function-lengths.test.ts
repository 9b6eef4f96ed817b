/**
 * Function lengths on the syntax tree (scripts/function-lengths.ts): a function's own lines,
 * nested functions and data literals excluded; the lint fails on a planted long function.
 */
import { describe, expect, it } from 'vitest';
import {
  functionLengths,
  keyOf,
  LIMIT,
  LONG,
  repositoryFunctionLengths,
} from '../../scripts/function-lengths.ts';

const body = (n: number) => Array.from({ length: n }, (_, i) => `  total += ${i};`).join('\n');

describe('a function’s own lines', () => {
  it.each([
    [
      'a plain function',
      `export function f(): number {\n  let total = 0;\n${body(10)}\n  return total;\n}\n`,
      'f',
      14,
    ],
    [
      'an arrow function',
      `const g = (): number => {\n  let total = 0;\n${body(5)}\n  return total;\n};\n`,
      'g',
      9,
    ],
    [
      'without a nested function',
      `function outer(): number {\n  function inner(): number {\n    let total = 0;\n${body(20)}\n    return total;\n  }\n  return inner();\n}\n`,
      'outer',
      3,
    ],
    [
      'without a data literal',
      `function table(): string[] {\n  const rows = [\n${Array.from({ length: 30 }, (_, i) => `    'r${i}',`).join('\n')}\n  ];\n  return rows;\n}\n`,
      'table',
      4,
    ],
  ])('%s', (_name, source, fn, lines) => {
    const found = functionLengths('domain/x.ts', source).find((f) => f.at.endsWith(` ${fn}`));
    expect(found?.lines).toBe(lines);
  });

  it(`a planted function of ${LIMIT + 10} lines is over the limit`, () => {
    const source = `export function long(): number {\n  let total = 0;\n${body(LIMIT + 6)}\n  return total;\n}\n`;
    const [found] = functionLengths('domain/long.ts', source);
    expect(found?.lines).toBe(LIMIT + 10);
    expect(found && found.lines > LIMIT && !(keyOf(found) in LONG)).toBe(true);
  });
});

describe('the repository', () => {
  it(`has no function over ${LIMIT} lines beyond those listed with their reasons, and each listed one still is`, () => {
    const all = repositoryFunctionLengths();
    expect(all.filter((f) => f.lines > LIMIT && !(keyOf(f) in LONG)).map((f) => f.at)).toEqual([]);
    expect(Object.keys(LONG).filter((k) => !all.some((f) => keyOf(f) === k && f.lines > LIMIT))).toEqual([]);
  });
});
