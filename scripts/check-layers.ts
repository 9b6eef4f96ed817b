/**
 * The layer rule, the cycle rule and the dead-export check of `npm run lint` (docs/architecture.md,
 * "Layers"). Each layer imports only itself and the layers listed before it:
 *
 * 1. `domain/` — pure;
 * 2. `functions/adapters/` — the SDK clients and the store;
 * 3. the application, `functions/{ingest,coordination,publish,rebuild}/` — the domain only;
 * 4. the entry points (`functions/*\/handler.ts`, `functions/api/`, `functions/cli/`,
 *    `infra/local/`), which compose adapters;
 * 5. `infra/`;
 * 6. `web/` — the pure domain (its labels and month rules run in the browser as they are),
 *    and only types from the route table;
 * 7. `bench/`, `scripts/` — anything.
 *
 * No runtime import cycle; no export that nothing else uses. What the rules find today and is
 * listed in {@link KNOWN} (each with its reason) is allowed; anything else fails, and so does an
 * entry of {@link KNOWN} that no longer happens (the list only shrinks).
 *
 * `node --import tsx scripts/check-layers.ts` (part of `npm run lint`).
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A file of the repository: its path from the root (`/`-separated) and its text. */
export type SourceFiles = ReadonlyMap<string, string>;

export interface Violation {
  rule: 'layer' | 'cycle' | 'dead-export';
  /** `from → to` for a layer, the files of a cycle joined by ` → `, `file#name` for an export. */
  at: string;
  detail: string;
}

const LAYER_NAMES = [
  '',
  'domain',
  'adapters',
  'application',
  'entry points',
  'infra',
  'web',
  'bench and scripts',
] as const;

/** This file (its exceptions name exports; they are no use of them). */
const SELF = 'scripts/check-layers.ts';

/** The layer of a file (0: not in any layer, e.g. tests). */
export function layerOf(path: string): number {
  if (path.startsWith('domain/')) return 1;
  if (path.startsWith('functions/adapters/')) return 2;
  if (/^functions\/(ingest|coordination|publish|rebuild)\//.test(path))
    return /\/handler\.ts$/.test(path) ? 4 : 3;
  if (/^functions\/[^/]+\/handler\.ts$/.test(path) || /^functions\/(api|cli)\//.test(path)) return 4;
  if (path.startsWith('infra/local/')) return 4;
  if (path.startsWith('infra/')) return 5;
  if (path.startsWith('web/')) return 6;
  if (path.startsWith('bench/') || path.startsWith('scripts/')) return 7;
  return 0;
}

interface Import {
  specifier: string;
  typeOnly: boolean;
}

/** The module specifiers a file imports or re-exports, and whether each is type-only. */
export function importsOf(source: string): Import[] {
  const out: Import[] = [];
  const statement = /(?:^|\n)\s*(import|export)\s+(type\s+)?([^;'"]*?)\s*from\s*['"]([^'"]+)['"]/g;
  for (const m of source.matchAll(statement)) {
    const clause = m[3] ?? '';
    // `import { type A, type B } from` is type-only as well
    const allTypes =
      /^\{[^}]*\}$/.test(clause.trim()) && /^\{\s*(type\s+[^,}]+,?\s*)+\}$/.test(clause.trim());
    out.push({ specifier: m[4] as string, typeOnly: Boolean(m[2]) || allTypes });
  }
  for (const m of source.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g))
    out.push({ specifier: m[1] as string, typeOnly: false });
  for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g))
    out.push({ specifier: m[1] as string, typeOnly: false });
  return out;
}

const ALIASES: ReadonlyArray<[string, string]> = [
  ['#domain/', 'domain/'],
  ['#adapters/', 'functions/adapters/'],
  ['#functions/', 'functions/'],
  ['#infra/', 'infra/'],
];

/** The repository file a specifier names, or null (a package). */
export function resolveImport(from: string, specifier: string, files: SourceFiles): string | null {
  let base: string | null = null;
  for (const [alias, dir] of ALIASES)
    if (specifier.startsWith(alias)) base = dir + specifier.slice(alias.length);
  if (base === null && specifier.startsWith('.'))
    base = normalize(join(dirname(from), specifier)).replaceAll('\\', '/');
  if (base === null) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`])
    if (files.has(candidate)) return candidate;
  return base.replace(/\.js$/, '.ts') !== base && files.has(base.replace(/\.js$/, '.ts'))
    ? base.replace(/\.js$/, '.ts')
    : null;
}

/** Why an import from `from` to `to` breaks the layer rule, or null. */
function layerBreak(from: string, to: string, typeOnly: boolean): string | null {
  const a = layerOf(from);
  const b = layerOf(to);
  if (a === 0 || b === 0 || a === 7) return null;
  if (a === 6) {
    // The pure domain's modules run in the browser as they are (one label catalogue, one
    // month rule); of the rest only the route table's types.
    if (b === 6 || b === 1) return null;
    return to === 'functions/api/route-table.ts' && typeOnly
      ? null
      : 'the console imports the pure domain, and only types from the route table';
  }
  if (b === 6) return `${LAYER_NAMES[a]} may not import the console`;
  if (a === 3 && b === 2) return 'the application imports the domain (its ports) only, not adapters';
  if (b > a) return `${LAYER_NAMES[a]} may not import ${LAYER_NAMES[b]} (a later layer)`;
  return null;
}

/** Runtime import cycles (strongly connected components of more than one file), each from its smallest file. */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index);
    low.set(v, index);
    index += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, indices.get(w) as number));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!indices.has(v)) visit(v);
  return out;
}

/** The names a file exports by declaration or by `export { … }` (not re-exports from elsewhere). */
export function exportsOf(source: string): string[] {
  const names = new Set<string>();
  const declaration =
    /(?:^|\n)export\s+(?:declare\s+)?(?:default\s+)?(?:async\s+)?(?:abstract\s+)?(?:function\*?|const|let|class|type|interface|enum)\s+([A-Za-z_$][\w$]*)/g;
  for (const m of source.matchAll(declaration)) names.add(m[1] as string);
  for (const m of source.matchAll(/(?:^|\n)export\s+(?:type\s+)?\{([^}]*)\}\s*;/g))
    for (const part of (m[1] ?? '').split(',')) {
      const name = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)
        .pop()
        ?.trim();
      if (name) names.add(name);
    }
  return [...names];
}

/** Exports used nowhere: in no other file, and not in their own (entry points' `handler` excepted). */
function deadExports(files: SourceFiles): Violation[] {
  const words = new Map<string, Set<string>>();
  for (const [path, source] of files) {
    if (path === SELF) continue; // its list of exceptions names them
    for (const m of source.matchAll(/[A-Za-z_$][\w$]*/g)) {
      const set = words.get(m[0]) ?? new Set<string>();
      set.add(path);
      words.set(m[0], set);
    }
  }
  const out: Violation[] = [];
  for (const [path, source] of files) {
    if (layerOf(path) === 0 || layerOf(path) === 7) continue;
    for (const name of exportsOf(source)) {
      if (name === 'handler' || name === 'default') continue;
      const users = [...(words.get(name) ?? [])].filter((p) => p !== path);
      // used in its own file: an export only for documentation (knip's ignoreExportsUsedInFile)
      const own =
        source.match(new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'))?.length ?? 0;
      if (users.length === 0 && own <= 1)
        out.push({ rule: 'dead-export', at: `${path}#${name}`, detail: 'exported, and used nowhere' });
    }
  }
  return out;
}

/** Every violation of the three rules in these files. */
export function findViolations(files: SourceFiles): Violation[] {
  const out: Violation[] = [];
  const graph = new Map<string, string[]>();
  for (const [path, source] of files) {
    const edges: string[] = [];
    for (const { specifier, typeOnly } of importsOf(source)) {
      const to = resolveImport(path, specifier, files);
      if (!to) continue;
      const why = layerBreak(path, to, typeOnly);
      if (why) out.push({ rule: 'layer', at: `${path} → ${to}`, detail: why });
      if (!typeOnly && layerOf(path) !== 0) edges.push(to);
    }
    graph.set(path, edges);
  }
  for (const cycle of cyclesOf(graph))
    out.push({
      rule: 'cycle',
      at: cycle.join(' → '),
      detail: 'these files import one another (at run time)',
    });
  out.push(...deadExports(files));
  return out;
}

/**
 * What the rules find today and is allowed until the change named in its reason removes it:
 * keys as {@link Violation.at}, each with its reason. Empty: the rules find nothing.
 */
export const KNOWN: Readonly<Record<string, string>> = {};

/** The repository's source files (tests included: an export they use is used). */
export function repositoryFiles(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(join(root, dir))) {
      if (name === 'node_modules' || name === 'dist' || name.startsWith('.') || name === 'cdk.out') continue;
      const path = dir ? `${dir}/${name}` : name;
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts'))
        out.set(path, readFileSync(join(root, path), 'utf8'));
    }
  };
  for (const dir of ['domain', 'functions', 'infra', 'web/src', 'bench', 'scripts', 'test', 'bin'])
    if (existsSync(join(root, dir))) walk(dir);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = relative(process.cwd(), join(dirname(fileURLToPath(import.meta.url)), '..')) || '.';
  const found = findViolations(repositoryFiles(root));
  const fresh = found.filter((v) => !(v.at in KNOWN));
  const gone = Object.keys(KNOWN).filter((at) => !found.some((v) => v.at === at));
  for (const v of fresh) console.error(`${v.rule}: ${v.at} — ${v.detail}`);
  for (const at of gone)
    console.error(`no longer found, remove it from KNOWN (scripts/check-layers.ts): ${at}`);
  if (fresh.length > 0 || gone.length > 0) {
    console.error(
      `\n${fresh.length} violation(s) of the layer, cycle or dead-export rule (docs/architecture.md).`,
    );
    process.exit(1);
  }
  console.log(`layers, cycles and exports: ${Object.keys(KNOWN).length} known exception(s), nothing new.`);
}
