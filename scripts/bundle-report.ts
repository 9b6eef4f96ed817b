/**
 * Bundle report: bundles each Lambda function with esbuild exactly as the CDK stack does
 * (the shared settings of `infra/constructs/bundling.ts`), then reports for each bundle its
 * size against the goal, what it is made of (esbuild metafile: bytes in the output by package
 * and by file), and its cold import time (a fresh `node` process importing the bundle, N runs,
 * the median).
 *
 * Usage: `npm run bundle-report [-- --runs 15] [--json]`
 *
 * Bundles are written to `cdk.out/bundle-report/<name>/index.mjs` (inside the repository, so
 * the external `@aws-sdk/*` imports resolve from node_modules as they resolve from the Lambda
 * runtime).
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import {
  entryOf,
  esbuildBuildOptions,
  FUNCTION_NAMES,
  type FunctionName,
} from '../infra/constructs/bundling.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'cdk.out', 'bundle-report');
const KB = 1024;

/** Size goals of the minified bundle (bytes). */
export const GOALS: Readonly<Record<FunctionName, number>> = {
  ingest: 1200 * KB,
  publish: 600 * KB,
  api: 600 * KB,
};

/** What one bundle weighs and what it is made of. */
export interface BundleFigures {
  name: FunctionName;
  entry: string;
  bytes: number;
  gzipBytes: number;
  goalBytes: number;
  withinGoal: boolean;
  /** Bytes in the output per package (`xlsx`, `zod`, …) or per own top-level directory (`domain`, …). */
  packages: Array<{ name: string; bytes: number }>;
  /** Bytes in the output per input file, largest first. */
  files: Array<{ path: string; bytes: number }>;
  /** Cold import time, ms, median of the runs (the bundle and the AWS SDK modules it imports). */
  importMedianMs: number | null;
  /** The same with the AWS SDK modules imported beforehand: the bundle's own code. */
  ownImportMedianMs: number | null;
  importRunsMs: number[];
  /** The runtime-provided modules the bundle imports. */
  externals: string[];
}

/** A bundle's figures, or why there are none. */
export type Figures =
  | BundleFigures
  | { name: FunctionName; missing: string }
  | { name: FunctionName; failed: string };

/** The package an input belongs to: `node_modules/@scope/name/...` → `@scope/name`; own code → its top directory. */
export function packageOf(input: string): string {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at >= 0) {
    const first = parts[at + 1] ?? '?';
    return first.startsWith('@') ? `${first}/${parts[at + 2] ?? '?'}` : first;
  }
  return parts.length > 1 ? `${parts[0]}/` : input;
}

/** Groups a metafile output's inputs by package and by file, largest first. */
export function composition(metafile: Metafile, outfile: string): Pick<BundleFigures, 'packages' | 'files'> {
  const output = metafile.outputs[outfile];
  if (!output) throw new Error(`metafile has no output ${outfile}`);
  const files = Object.entries(output.inputs)
    .map(([path, v]) => ({ path, bytes: v.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  const byPackage = new Map<string, number>();
  for (const f of files) byPackage.set(packageOf(f.path), (byPackage.get(packageOf(f.path)) ?? 0) + f.bytes);
  const packages = [...byPackage.entries()]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes);
  return { packages, files };
}

/** The median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Imports the bundle in a fresh Node.js process and returns how long the import took, ms.
 * With `preload`, those modules (the bundle's external `@aws-sdk/*` imports) are imported first,
 * outside the timing: what remains is the bundle's own code.
 */
function coldImportMs(file: string, preload: readonly string[] = []): number {
  const script = [
    `for (const m of ${JSON.stringify(preload)}) await import(m);`,
    'const t = performance.now();',
    `await import(${JSON.stringify(pathToFileURL(file).href)});`,
    'process.stdout.write(String(performance.now() - t));',
  ].join('\n');
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'bundle-report',
      AWS_SECRET_ACCESS_KEY: 'bundle-report',
      LKG_TABLE_NAME: 'lkg-bundle-report',
      LKG_BUCKET_NAME: 'lkg-bundle-report',
      LKG_SENDER: 'lkg-noreply@example.com',
      LKG_BUREAU_EMAIL: 'lkg-bureau@example.com',
    },
  });
  if (run.status !== 0) {
    throw new Error(`importing ${file} failed: ${run.stderr.trim().split('\n').slice(0, 5).join(' | ')}`);
  }
  return Number(run.stdout);
}

/** Bundles one function and measures it. */
export async function measure(name: FunctionName, runs: number): Promise<Figures> {
  const entry = entryOf(name);
  if (!existsSync(join(ROOT, entry))) return { name, missing: entry };
  const outdir = join(OUT, name);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const options = esbuildBuildOptions(name, ROOT, outdir);
  let result: Awaited<ReturnType<typeof build<typeof options>>>;
  try {
    result = await build({ ...options, logLevel: 'silent' });
  } catch (e) {
    return { name, failed: (e as Error).message.split('\n').slice(0, 3).join(' ') };
  }
  const outfile = relative(ROOT, options.outfile);
  const code = readFileSync(options.outfile);
  const externals = [
    ...new Set(
      (result.metafile.outputs[outfile]?.imports ?? [])
        .filter((i) => i.external && i.path.startsWith('@aws-sdk/'))
        .map((i) => i.path),
    ),
  ];
  const importRunsMs: number[] = [];
  const ownRunsMs: number[] = [];
  let importError: string | null = null;
  for (let i = 0; i < runs; i++) {
    try {
      importRunsMs.push(coldImportMs(options.outfile));
      ownRunsMs.push(coldImportMs(options.outfile, externals));
    } catch (e) {
      importError = (e as Error).message;
      break;
    }
  }
  if (importError) process.stderr.write(`${name}: ${importError}\n`);
  return {
    name,
    entry,
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    goalBytes: GOALS[name],
    withinGoal: code.length < GOALS[name],
    ...composition(result.metafile, outfile),
    importMedianMs: importRunsMs.length ? median(importRunsMs) : null,
    ownImportMedianMs: ownRunsMs.length ? median(ownRunsMs) : null,
    importRunsMs,
    externals,
  };
}

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;

/** The report as Markdown (what docs/deploy.md shows). */
export function toMarkdown(figures: Figures[], runs: number): string {
  const lines = [
    `| function | minified | gzip | goal | cold import, median of ${runs} | of which the bundle's own code |`,
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const f of figures) {
    if ('missing' in f) {
      lines.push(`| ${f.name} | (no ${f.missing} yet) | | | | |`);
      continue;
    }
    if ('failed' in f) {
      lines.push(`| ${f.name} | bundling failed: ${f.failed} | | | | |`);
      continue;
    }
    const ms = (v: number | null) => (v === null ? 'import failed' : `${v.toFixed(0)} ms`);
    const goal = `< ${kb(f.goalBytes)} ${f.withinGoal ? 'ok' : '**missed**'}`;
    lines.push(
      `| ${f.name} | ${kb(f.bytes)} | ${kb(f.gzipBytes)} | ${goal} | ${ms(f.importMedianMs)} | ${ms(f.ownImportMedianMs)} |`,
    );
  }
  for (const f of figures) {
    if (!('bytes' in f)) continue;
    lines.push(
      '',
      `${f.name}: top packages — ${f.packages
        .slice(0, 8)
        .map((p) => `${p.name} ${kb(p.bytes)}`)
        .join(', ')}`,
    );
    lines.push(`${f.name}: runtime modules imported — ${f.externals.join(', ') || 'none'}`);
    lines.push(
      `${f.name}: top files — ${f.files
        .slice(0, 6)
        .map((p) => `${p.path} ${kb(p.bytes)}`)
        .join(', ')}`,
    );
  }
  return lines.join('\n');
}

async function main(args: string[]): Promise<number> {
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 11;
  if (!Number.isInteger(runs) || runs < 1) {
    process.stderr.write(`--runs ${args[runsAt + 1]}: expected a whole number of runs, at least 1\n`);
    return 2;
  }
  const figures: Figures[] = [];
  for (const name of FUNCTION_NAMES) figures.push(await measure(name, runs));
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  else process.stdout.write(`${toMarkdown(figures, runs)}\n`);
  return figures.some((f) => !('bytes' in f) || !f.withinGoal) ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
