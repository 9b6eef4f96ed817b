/**
 * The length of every function in `domain/` and `functions/`, measured on the syntax tree (the
 * oxc parser that Vite's bundler, rolldown, ships): a function's own lines, without the lines
 * of the functions nested in it and of the data literals in it (object, array and template
 * literals of three lines or more that hold no function). A function over {@link LIMIT} lines
 * fails `npm run lint` unless {@link LONG} lists it with its reason (docs/architecture.md).
 *
 * `node --import tsx scripts/function-lengths.ts [--all]` (`--all`: every function over 60).
 *
 * @module
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAst } from 'rolldown/parseAst';

/** The most lines a function may have. */
export const LIMIT = 80;

/** A node of the ESTree the parser returns (only what this walk reads). */
interface AstNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

export interface FunctionLength {
  /** `file:line name` */
  at: string;
  lines: number;
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const DATA = new Set(['ObjectExpression', 'ArrayExpression', 'TemplateLiteral']);

function children(node: AstNode): AstNode[] {
  const out: AstNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent') continue;
    if (Array.isArray(value)) {
      for (const v of value)
        if (v && typeof v === 'object' && typeof (v as AstNode).type === 'string') out.push(v as AstNode);
    } else if (value && typeof value === 'object' && typeof (value as AstNode).type === 'string')
      out.push(value as AstNode);
  }
  return out;
}

function holdsFunction(node: AstNode): boolean {
  return children(node).some((c) => FUNCTIONS.has(c.type) || holdsFunction(c));
}

/** The line of each offset (0-based offsets, 1-based lines). */
function lineIndex(source: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < source.length; i += 1) if (source[i] === '\n') starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** The lengths of the functions of one file. */
export function functionLengths(path: string, source: string): FunctionLength[] {
  const ast = parseAst(source, { lang: path.endsWith('.tsx') ? 'tsx' : 'ts' }, path) as unknown as AstNode;
  const line = lineIndex(source);
  const out: FunctionLength[] = [];
  const span = (n: AstNode) => line(n.end) - line(n.start) + 1;
  // the lines of a function minus those of its nested functions and data literals
  const own = (fn: AstNode): number => {
    let excluded = 0;
    const visit = (node: AstNode): void => {
      for (const c of children(node)) {
        if (FUNCTIONS.has(c.type)) excluded += span(c);
        else if (DATA.has(c.type) && span(c) >= 3 && !holdsFunction(c)) excluded += span(c) - 1;
        else visit(c);
      }
    };
    visit(fn.body as AstNode);
    return span(fn) - excluded;
  };
  const walk = (node: AstNode, name: string): void => {
    for (const c of children(node)) {
      let label = name;
      if (c.type === 'VariableDeclarator' || c.type === 'PropertyDefinition' || c.type === 'Property')
        label = String(
          (c.id as { name?: string } | undefined)?.name ??
            (c.key as { name?: string } | undefined)?.name ??
            name,
        );
      if (c.type === 'MethodDefinition')
        label = String((c.key as { name?: string } | undefined)?.name ?? name);
      if (FUNCTIONS.has(c.type) && c.body && (c.body as AstNode).type === 'BlockStatement') {
        const fnName = String((c.id as { name?: string } | null)?.name ?? label ?? '(anonymous)');
        out.push({ at: `${path}:${line(c.start)} ${fnName}`, lines: own(c) });
        walk(c, fnName);
      } else walk(c, label);
    }
  };
  walk(ast, '(top)');
  return out;
}

/** Functions over the limit today, each with the reason it is one function still. */
export const LONG: Readonly<Record<string, string>> = {};

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Every function of `domain/` and `functions/` with its length, longest first. */
export function repositoryFunctionLengths(): FunctionLength[] {
  return ['domain', 'functions']
    .flatMap(files)
    .flatMap((path) => functionLengths(path.replaceAll('\\', '/'), readFileSync(path, 'utf8')))
    .sort((a, b) => b.lines - a.lines);
}

/** `file name` of an entry (its line moves with edits). */
export const keyOf = (f: FunctionLength): string => f.at.replace(/:\d+ /, ' ');

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const all = repositoryFunctionLengths();
  if (process.argv.includes('--all')) {
    for (const f of all.filter((x) => x.lines > 60)) console.log(`${String(f.lines).padStart(4)}  ${f.at}`);
  } else {
    const over = all.filter((f) => f.lines > LIMIT && !(keyOf(f) in LONG));
    const gone = Object.keys(LONG).filter((k) => !all.some((f) => keyOf(f) === k && f.lines > LIMIT));
    for (const f of over) console.error(`function over ${LIMIT} lines (${f.lines}): ${f.at}`);
    for (const k of gone)
      console.error(`no longer over ${LIMIT} lines, remove it from LONG (scripts/function-lengths.ts): ${k}`);
    if (over.length > 0 || gone.length > 0) process.exit(1);
    console.log(`functions: none over ${LIMIT} lines beyond ${Object.keys(LONG).length} listed.`);
  }
}
