/**
 * The bundle report's arithmetic: packages of metafile inputs, composition, median.
 */
import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { composition, GOALS, median, packageOf } from '../../scripts/bundle-report.ts';

describe('packageOf', () => {
  it.each([
    ['node_modules/xlsx/xlsx.mjs', 'xlsx'],
    ['node_modules/zod/v4/core/schemas.js', 'zod'],
    ['node_modules/@aws-lambda-powertools/logger/lib/esm/Logger.js', '@aws-lambda-powertools/logger'],
    ['node_modules/a/node_modules/b/index.js', 'b'],
    ['domain/registers/workbook.ts', 'domain/'],
    ['functions/api/routes.ts', 'functions/'],
    ['<runtime>', '<runtime>'],
  ])('%s → %s', (input, expected) => {
    expect(packageOf(input)).toBe(expected);
  });
});

describe('median', () => {
  it.each([
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[10, 10, 1000], 10],
  ])('median(%j) = %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe('composition', () => {
  it('sums bytes by package and lists files, largest first', () => {
    const metafile = {
      inputs: {},
      outputs: {
        'out/index.mjs': {
          bytes: 600,
          inputs: {
            'node_modules/xlsx/xlsx.mjs': { bytesInOutput: 400 },
            'domain/a.ts': { bytesInOutput: 50 },
            'domain/b.ts': { bytesInOutput: 100 },
            'node_modules/zod/x.js': { bytesInOutput: 30 },
            'node_modules/zod/y.js': { bytesInOutput: 20 },
          },
          imports: [],
          exports: [],
        },
      },
    } as unknown as Metafile;
    const c = composition(metafile, 'out/index.mjs');
    expect(c.packages).toEqual([
      { name: 'xlsx', bytes: 400 },
      { name: 'domain/', bytes: 150 },
      { name: 'zod', bytes: 50 },
    ]);
    expect(c.files.map((f) => f.path)).toEqual([
      'node_modules/xlsx/xlsx.mjs',
      'domain/b.ts',
      'domain/a.ts',
      'node_modules/zod/x.js',
      'node_modules/zod/y.js',
    ]);
  });

  it('refuses an output the metafile does not have', () => {
    expect(() => composition({ inputs: {}, outputs: {} }, 'nope.mjs')).toThrow(/no output nope\.mjs/);
  });
});

describe('goals', () => {
  it('api and publish under 600 KB, ingest under 1.2 MB', () => {
    expect(GOALS).toEqual({ ingest: 1200 * 1024, publish: 600 * 1024, api: 600 * 1024 });
  });
});
