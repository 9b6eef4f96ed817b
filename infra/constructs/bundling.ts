/**
 * How every Lambda function is bundled: one set of esbuild settings shared by the CDK stack
 * (`NodejsFunction` bundling, see `functions.ts`) and by `scripts/bundle-report.ts`, so that the
 * figures the report gives are the figures of what is deployed.
 *
 * This module imports nothing from aws-cdk-lib: the report script stays light.
 *
 * @module
 */
import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';

/** The three Lambda functions of the stack (docs/architecture.md). */
export const FUNCTION_NAMES = ['ingest', 'publish', 'api'] as const;

/** A function's short name: `ingest`, `publish` or `api`. */
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** The entry file of a function, e.g. `functions/ingest/handler.ts`, relative to the repository root. */
export function entryOf(name: FunctionName): string {
  return join('functions', name, 'handler.ts');
}

/** The exported handler of every entry file. */
export const HANDLER_EXPORT = 'handler';

/**
 * The banner that lets CommonJS dependencies call `require` inside the ESM bundle
 * (Node.js built-ins only; everything else is bundled or is the runtime's AWS SDK).
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __lkgCreateRequire } from 'node:module'; const require = __lkgCreateRequire(import.meta.url);";

/**
 * The bundling settings, as plain data. `NodejsFunction` receives them through
 * `nodejsBundlingOptions()` (functions.ts) and the report through `esbuildBuildOptions()`.
 */
export const BUNDLING = {
  /** Lambda runs Node.js 22. */
  target: 'node22',
  platform: 'node',
  format: 'esm',
  /** Prefer ESM builds of dependencies (better tree shaking). */
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  /** Stack traces map back to file and line; the sources themselves stay out of the zip. */
  sourcesContent: false,
  /** The Node.js 22 runtime carries AWS SDK v3: leave it out of the bundle. */
  externalModules: ['@aws-sdk/*'],
  banner: ESM_REQUIRE_BANNER,
  /** Chinese messages stay UTF-8 (3 bytes a character) instead of `\uXXXX` escapes (6 bytes). */
  charset: 'utf8',
} as const;

/** Environment every function gets for its bundle: stack traces through the source maps. */
export const BUNDLE_ENVIRONMENT: Readonly<Record<string, string>> = {
  NODE_OPTIONS: '--enable-source-maps',
};

/**
 * The esbuild `build()` options equivalent to what `NodejsFunction` runs for a function
 * (same target, format, externals, banner, minification and charset), writing
 * `<outdir>/index.mjs` and its metafile.
 *
 * @param name - the function
 * @param root - the repository root (absolute)
 * @param outdir - where to write the bundle (absolute; inside the repository so that the
 *   external `@aws-sdk/*` imports resolve from `node_modules` when the bundle is imported)
 */
export function esbuildBuildOptions(
  name: FunctionName,
  root: string,
  outdir: string,
): BuildOptions & { outfile: string; metafile: true } {
  return {
    absWorkingDir: root,
    entryPoints: [join(root, entryOf(name))],
    outfile: join(outdir, 'index.mjs'),
    bundle: true,
    platform: BUNDLING.platform,
    target: BUNDLING.target,
    format: BUNDLING.format,
    mainFields: [...BUNDLING.mainFields],
    minify: BUNDLING.minify,
    sourcemap: BUNDLING.sourceMap,
    sourcesContent: BUNDLING.sourcesContent,
    external: [...BUNDLING.externalModules],
    banner: { js: BUNDLING.banner },
    charset: BUNDLING.charset,
    metafile: true,
    logLevel: 'warning',
  };
}
