/**
 * Every command's `--help` lists every flag it takes. The flags are read from each command's
 * source (its flag literals `'--name'`, the tables its parser reads), so a flag added to a
 * parser without its help fails here.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '#functions/cli/main';

const COMMANDS = [
  'assess',
  'template',
  'example',
  'import',
  'summary',
  'token',
  'decision',
  'policy',
  'impact',
  'rebuild',
  'remind',
];

/** The flags a command's source names: `'--name'` literals (not `'--'` alone). */
function flagsOf(command: string): string[] {
  const source = readFileSync(
    new URL(`../../../functions/cli/commands/${command}.ts`, import.meta.url),
    'utf8',
  );
  return [...new Set([...source.matchAll(/'(--[a-z][a-z-]*|-[a-z])'/g)].map((m) => m[1] as string))].filter(
    (f) => f !== '--help' && f !== '-h',
  );
}

async function help(command: string): Promise<string> {
  const out: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
  try {
    expect(await main([command, '--help'])).toBe(0);
  } finally {
    log.mockRestore();
  }
  return out.join('\n');
}

afterEach(() => vi.restoreAllMocks());

describe('lkg <command> --help lists every flag the command takes', () => {
  it('every command of lkg is checked', () => {
    const main = readFileSync(new URL('../../../functions/cli/main.ts', import.meta.url), 'utf8');
    const listed = [...main.matchAll(/^\s+(\w+): \(\) => import\('\.\/commands\//gm)].map((m) => m[1]);
    expect([...listed].sort()).toEqual([...COMMANDS].sort());
  });

  it.each(COMMANDS)('%s', async (command) => {
    const text = await help(command);
    expect(text).toContain(`lkg ${command}`);
    const flags = flagsOf(command);
    const missing = flags.filter((f) => !new RegExp(`(?<![a-z-])${f}(?![a-z-])`).test(text));
    expect(missing, `lkg ${command} --help omits ${missing.join(', ')}`).toEqual([]);
  });

  it.each([
    ['import', ['--endpoint', '--bucket', '--prefix', '--timeout', '--json']],
    ['token', ['--unit', '--role', '--expires', '--secret-file']],
    [
      'summary',
      [
        '--unit',
        '--json',
        '--publish',
        '--force',
        '--dynamodb-endpoint',
        '--ses-endpoint',
        '--table',
        '--sender',
        '--bureau-email',
      ],
    ],
  ])('%s: the flags read from its source include %j', (command, flags) => {
    expect(flagsOf(command)).toEqual(expect.arrayContaining(flags));
  });
});
