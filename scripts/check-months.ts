/**
 * The month check (`npm run lint`): months are compared, sorted and bounded in one place,
 * domain/months.ts. A syntax-level rule (the TypeScript 7 compiler ships no JS API to ask for
 * types; the syntax tree comes from `rolldown/parseAst`, the parser vite builds the console
 * with). In the files checked, outside domain/months.ts, it fails on:
 *
 * - `<`, `<=`, `>`, `>=` with an operand that names a month (an identifier or property named
 *   `*month*`, `from`, `to`, or a `YYYY-MM` literal): use `compareMonths`, `monthIn`;
 * - `localeCompare` on such an operand: use `compareMonths`;
 * - `sort()` of months without the module's comparator: use `sortMonths` or `compareMonths`;
 * - the sentinel literals `9999-12` and `0000-01`: use the module's bounds.
 *
 * What it does not catch: a month under another name (`a < b`); the names are the domain's
 * own words, so that is rare, and review catches the rest.
 *
 * Usage: `node --import tsx scripts/check-months.ts [dir…]` (default: domain); exit 1 on a finding.
 *
 * @module
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAst } from 'rolldown/parseAst';

/** The one module allowed to compare months by hand. */
export const MONTHS_MODULE = 'domain/months.ts';
const SENTINELS = new Set(['9999-12', '0000-01']);
const ORDER = new Set(['<', '<=', '>', '>=']);
const MONTH_NAME = /month/i;
const INTERVAL_ENDS = new Set(['from', 'to']);
const MONTH_LITERAL = /^\d{4}-\d{2}$/;

type Node = { type: string; start: number; end: number; [k: string]: unknown };

function isComparator(node: Node): boolean {
  return node.type === 'Identifier' && node.name === 'compareMonths';
}

/** Is this (by its name, or a `YYYY-MM` literal) a month? */
function namesMonth(node: Node | null | undefined): boolean {
  if (!node) return false;
  switch (node.type) {
    case 'Identifier':
      return MONTH_NAME.test(String(node.name)) || INTERVAL_ENDS.has(String(node.name));
    case 'MemberExpression':
      return !node.computed && namesMonth(node.property as Node);
    case 'Literal':
      return typeof node.value === 'string' && MONTH_LITERAL.test(node.value);
    case 'TemplateLiteral':
      return false;
    case 'CallExpression':
      // a call that answers a month (`addMonths(…)`, `monthOf(…)`), not the order (`compareMonths`)
      return !isComparator(node.callee as Node) && namesMonth(node.callee as Node);
    case 'ArrayExpression':
      return (node.elements as (Node | null)[]).some(
        (e) => e?.type === 'SpreadElement' && namesMonth(e.argument as Node),
      );
    case 'ChainExpression':
    case 'TSNonNullExpression':
    case 'TSAsExpression':
      return namesMonth(node.expression as Node);
    default:
      return false;
  }
}

export interface MonthFinding {
  file: string;
  line: number;
  message: string;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The findings of one file's text. */
export function checkMonths(file: string, text: string): MonthFinding[] {
  if (file.replaceAll('\\', '/').endsWith(MONTHS_MODULE)) return [];
  const out: MonthFinding[] = [];
  const add = (node: Node, message: string) => out.push({ file, line: lineOf(text, node.start), message });
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    const n = node as Node;
    if (n.type === 'BinaryExpression' && ORDER.has(String(n.operator))) {
      const numeric = (x: Node) => x.type === 'Literal' && typeof x.value === 'number';
      const monthish = (x: Node) => namesMonth(x) && !numeric(n.left as Node) && !numeric(n.right as Node);
      if (monthish(n.left as Node) || monthish(n.right as Node))
        add(n, `months compared with ${String(n.operator)}: use compareMonths or monthIn (${MONTHS_MODULE})`);
    }
    if (n.type === 'Literal' && typeof n.value === 'string' && SENTINELS.has(n.value))
      add(n, `the sentinel month '${n.value}': use the bounds of ${MONTHS_MODULE}`);
    if (n.type === 'CallExpression' && (n.callee as Node).type === 'MemberExpression') {
      const callee = n.callee as Node;
      const method = (callee.property as Node).name;
      const args = n.arguments as Node[];
      if (method === 'localeCompare' && (namesMonth(callee.object as Node) || namesMonth(args[0])))
        add(n, `months compared with localeCompare: use compareMonths (${MONTHS_MODULE})`);
      if (method === 'sort' && namesMonth(callee.object as Node)) {
        const comparator = args[0];
        const ok = comparator?.type === 'Identifier' && comparator.name === 'compareMonths';
        if (!ok) add(n, `months sorted without compareMonths: use sortMonths (${MONTHS_MODULE})`);
      }
    }
    for (const [key, value] of Object.entries(n))
      if (key !== 'type' && value && typeof value === 'object') visit(value);
  };
  visit(parseAst(text, { lang: file.endsWith('.tsx') ? 'tsx' : 'ts' }, file).body);
  return out;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dirs = process.argv.slice(2);
  const findings = (dirs.length > 0 ? dirs : ['domain'])
    .flatMap(filesUnder)
    .flatMap((file) => checkMonths(relative(process.cwd(), file), readFileSync(file, 'utf8')));
  for (const f of findings) console.error(`${f.file}:${f.line}: ${f.message}`);
  if (findings.length > 0) {
    console.error(`${findings.length} month comparison(s) outside ${MONTHS_MODULE}`);
    process.exit(1);
  }
}
