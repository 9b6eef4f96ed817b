/**
 * The lint's layer, cycle and dead-export rules (scripts/check-layers.ts): each fails on a
 * violation planted in a small set of files, passes on the allowed imports, and the repository
 * has nothing beyond its listed exceptions.
 */
import { describe, expect, it } from 'vitest';
import { findViolations, KNOWN, layerOf, repositoryFiles } from '../../scripts/check-layers.ts';

const base: Array<[string, string]> = [
  ['domain/a.ts', 'export function a(): number {\n  return 1;\n}\n'],
  ['functions/adapters/store.ts', "import { a } from '#domain/a';\nexport const store = a();\n"],
  ['functions/api/route-table.ts', 'export const ROUTES = [];\nexport type Route = string;\n'],
  ['functions/ingest/run.ts', "import { a } from '#domain/a';\nexport const run = a;\n"],
  [
    'functions/ingest/handler.ts',
    "import { store } from '#adapters/store';\nimport { run } from './run.ts';\nexport const handler = () => run() + store;\n",
  ],
  ['infra/stack.ts', "import { ROUTES } from '#functions/api/route-table';\nconsole.log(ROUTES);\n"],
  [
    'web/src/main.tsx',
    "import { a } from '../../domain/a.ts';\nimport type { Route } from '../../functions/api/route-table.ts';\nconst r: Route = String(a());\nconsole.log(r);\n",
  ],
];

const at = (files: Array<[string, string]>) => findViolations(new Map(files)).map((v) => `${v.rule} ${v.at}`);

describe('the layer rules', () => {
  it.each([
    ['domain/x.ts', 1],
    ['functions/adapters/x.ts', 2],
    ['functions/ingest/replay.ts', 3],
    ['functions/ingest/handler.ts', 4],
    ['functions/api/routes.ts', 4],
    ['functions/cli/main.ts', 4],
    ['infra/local/main.ts', 4],
    ['infra/constructs/api.ts', 5],
    ['web/src/main.tsx', 6],
    ['bench/district.ts', 7],
    ['test/x.test.ts', 0],
  ])('%s is in layer %i', (path, layer) => {
    expect(layerOf(path)).toBe(layer);
  });

  it('the allowed imports pass', () => {
    expect(at(base)).toEqual([]);
  });

  it.each<[string, [string, string], string]>([
    [
      'the domain importing an adapter',
      ['domain/b.ts', "import { store } from '#adapters/store';\nexport const b = store;\n"],
      'layer domain/b.ts → functions/adapters/store.ts',
    ],
    [
      'the application importing an adapter',
      ['functions/ingest/c.ts', "import { store } from '#adapters/store';\nexport const c = store;\n"],
      'layer functions/ingest/c.ts → functions/adapters/store.ts',
    ],
    [
      'an adapter importing an entry point',
      [
        'functions/adapters/d.ts',
        "import { handler } from '#functions/ingest/handler';\nexport const d = handler;\n",
      ],
      'layer functions/adapters/d.ts → functions/ingest/handler.ts',
    ],
    [
      'the console importing an adapter',
      [
        'web/src/e.tsx',
        "import { store } from '../../functions/adapters/store.ts';\nexport const e = store;\n",
      ],
      'layer web/src/e.tsx → functions/adapters/store.ts',
    ],
    [
      'the console importing a value of the route table',
      [
        'web/src/f.tsx',
        "import { ROUTES } from '../../functions/api/route-table.ts';\nexport const f = ROUTES;\n",
      ],
      'layer web/src/f.tsx → functions/api/route-table.ts',
    ],
  ])('%s fails', (_name, planted, expected) => {
    expect(at([...base, planted])).toContain(expected);
  });

  it('a cycle fails, naming its files', () => {
    const files: Array<[string, string]> = [
      ...base,
      ['domain/p.ts', "import { q } from './q.ts';\nexport const p = () => q;\n"],
      ['domain/q.ts', "import { p } from './p.ts';\nexport const q = () => p;\n"],
    ];
    expect(at(files)).toContain('cycle domain/p.ts → domain/q.ts');
  });

  it('type-only imports make no cycle', () => {
    const files: Array<[string, string]> = [
      ...base,
      ['domain/p.ts', "import type { Q } from './q.ts';\nexport type P = Q | 1;\n"],
      [
        'domain/q.ts',
        "import { p } from './r.ts';\nimport type { P } from './p.ts';\nexport type Q = P | 2;\nexport const x = p;\n",
      ],
      ['domain/r.ts', 'export const p = 1;\n'],
    ];
    expect(at(files).filter((v) => v.startsWith('cycle'))).toEqual([]);
  });

  it('an export used nowhere fails; one used in its own file or elsewhere passes', () => {
    const files: Array<[string, string]> = [
      ...base,
      ['domain/g.ts', 'export const unused = 1;\nexport const local = 2;\nexport const twice = local * 2;\n'],
      ['domain/h.ts', "import { twice } from './g.ts';\nexport const h = twice;\n"],
    ];
    const found = at(files).filter((v) => v.startsWith('dead-export'));
    expect(found).toContain('dead-export domain/g.ts#unused');
    expect(found).not.toContain('dead-export domain/g.ts#local');
    expect(found).not.toContain('dead-export domain/g.ts#twice');
  });
});

describe('the repository', () => {
  it('breaks no rule beyond its listed exceptions, and each exception still happens', () => {
    const found = findViolations(repositoryFiles('.')).map((v) => v.at);
    expect(found.filter((f) => !(f in KNOWN))).toEqual([]);
    expect(Object.keys(KNOWN).filter((k) => !found.includes(k))).toEqual([]);
  });
});
