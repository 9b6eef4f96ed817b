/**
 * The route list of docs/api.md, derived from the API's route table
 * (functions/api/route-table.ts): `npm run docs:routes` rewrites the part of docs/api.md
 * between `<!-- routes:start -->` and `<!-- routes:end -->`; a test checks it is current.
 *
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JSON_BODY_LIMIT, ROUTES, type RouteSpec } from '../functions/api/route-table.ts';

const ACCESS: Record<RouteSpec['access'], string> = {
  public: 'anyone, no token',
  'signed-in': 'signed in (what a unit sees: below)',
  bureau: 'the bureau (a unit: 404)',
};

function body(spec: RouteSpec): string {
  if (spec.body === 'none') return '—';
  const limit = spec.bodyLimit ?? JSON_BODY_LIMIT;
  return `JSON ≤ ${limit >= 1024 * 1024 ? `${limit / 1024 / 1024} MB` : `${limit / 1024} KB`}`;
}

/** The route list as a Markdown table, one row per route of the table (HEAD: every GET). */
export function routeListMarkdown(): string {
  const rows = (ROUTES as readonly RouteSpec[]).map(
    (r) =>
      `| \`${r.method}${r.method === 'GET' ? '`/`HEAD' : ''} ${r.path}\` | ${ACCESS[r.access]} | ${body(r)} | ${r.summary} |`,
  );
  return ['| route | who | body | what |', '|---|---|---|---|', ...rows].join('\n');
}

const START = '<!-- routes:start -->';
const END = '<!-- routes:end -->';

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = 'docs/api.md';
  const doc = readFileSync(path, 'utf8');
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${path}: the markers ${START} … ${END} are missing`);
  writeFileSync(path, `${doc.slice(0, a + START.length)}\n${routeListMarkdown()}\n${doc.slice(b)}`);
  console.log(`${path}: ${ROUTES.length} routes`);
}
