/**
 * The README's curl examples (docs/api.md, between the api-examples markers) run against the
 * local HTTP server over the in-memory store seeded with the example register: with
 * /usr/bin/curl when it exists, else the same requests with fetch.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLocalToken } from '#adapters/jwt';
import { createMemoryStore } from '#adapters/memory-store';
import { type ApiServer, startApiServer } from '#infra/local/api-server';
import { EXAMPLE_RECORDS } from '../../cases/example-2026-10.ts';
import { fakeSummaries } from './support/fixtures.ts';

const run = promisify(execFile);
const CURL = '/usr/bin/curl';

function examples(): string[] {
  const doc = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8');
  const block = doc.split('<!-- api-examples:start -->')[1]?.split('<!-- api-examples:end -->')[0] ?? '';
  return block.split('\n').filter((line) => line.startsWith('curl '));
}

/** Splits a shell command line into words (quotes, and $VAR inside double quotes or bare). */
function shellWords(line: string, env: Record<string, string>): string[] {
  const words: string[] = [];
  let word = '';
  let has = false;
  const expand = (s: string) => s.replace(/\$([A-Z_][A-Z0-9_]*)/g, (_m, name: string) => env[name] ?? '');
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      word += line.slice(i + 1, end);
      i = end;
      has = true;
    } else if (c === '"') {
      const end = line.indexOf('"', i + 1);
      word += expand(line.slice(i + 1, end));
      i = end;
      has = true;
    } else if (c === ' ') {
      if (has) words.push(word);
      word = '';
      has = false;
    } else {
      let j = i;
      while (j < line.length && !' \'"'.includes(line[j] as string)) j++;
      word += expand(line.slice(i, j));
      i = j - 1;
      has = true;
    }
  }
  if (has) words.push(word);
  return words;
}

/** The same request as a curl command line, with fetch (the options the examples use). */
async function fetchLike(words: string[], cwd: string): Promise<{ stdout: string; file?: string }> {
  let method: string | undefined;
  let get = false;
  let url = '';
  let out: string | undefined;
  const headers: Record<string, string> = {};
  const data: string[] = [];
  const encoded: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as string;
    if (w === '-s') continue;
    if (w === '-G') get = true;
    else if (w === '-X') method = words[++i];
    else if (w === '-H') {
      const [name, ...rest] = (words[++i] as string).split(':');
      headers[(name as string).toLowerCase()] = rest.join(':').trim();
    } else if (w === '-d') data.push(words[++i] as string);
    else if (w === '--data-urlencode') {
      const [name, ...rest] = (words[++i] as string).split('=');
      encoded.push(`${name}=${encodeURIComponent(rest.join('='))}`);
    } else if (w === '-o') out = words[++i];
    else url = w;
  }
  if (get && encoded.length) url += (url.includes('?') ? '&' : '?') + encoded.join('&');
  const body = data.length ? data.join('&') : undefined;
  const res = await fetch(url, {
    method: method ?? (body ? 'POST' : 'GET'),
    headers,
    ...(body ? { body } : {}),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  if (out) {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(cwd, out), bytes);
    return { stdout: '', file: out };
  }
  return { stdout: bytes.toString('utf8') };
}

let server: ApiServer;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lkg-api-readme-'));
  const store = createMemoryStore();
  await store.seed({ register: EXAMPLE_RECORDS }, { eventTime: '2026-11-01T00:00:00Z' });
  server = await startApiServer({
    port: 0,
    env: {},
    secretFile: join(dir, 'jwt-secret'),
    deps: {
      store,
      clock: { now: () => new Date('2026-11-05T00:00:00Z') },
      summaries: fakeSummaries(store),
    },
  });
  env = {
    LKG_BUREAU_TOKEN: await signLocalToken(server.secret, { unit: 'bureau' }),
    LKG_STREET_TOKEN: await signLocalToken(server.secret, { unit: 'changqing' }),
  };
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe(`docs/api.md curl examples (${existsSync(CURL) ? 'curl' : 'fetch'})`, () => {
  it('there are examples for the routes the README shows', async () => {
    expect(examples().length).toBeGreaterThanOrEqual(8);
  });

  it.each(examples())('%s', async (line) => {
    const command = line.replaceAll('http://localhost:3000', server.url);
    let stdout: string;
    const out = / -o (\S+)/.exec(command)?.[1];
    if (existsSync(CURL)) {
      const result = await run('bash', ['-c', `${command} -w '\\n%{http_code}'`], {
        cwd: dir,
        env: { ...process.env, ...env },
      });
      const lines = result.stdout.split('\n');
      const status = lines.pop();
      expect(status).toBe('200');
      stdout = lines.join('\n');
    } else {
      stdout = (await fetchLike(shellWords(command, env), dir)).stdout;
    }
    if (out) {
      const bytes = await readFile(join(dir, out));
      expect(bytes.length).toBeGreaterThan(0);
      return;
    }
    const body = JSON.parse(stdout);
    expect(body.code).toBeUndefined();
  });

  it.each(examples())('the same with fetch: %s', async (line) => {
    const command = line.replaceAll('http://localhost:3000', server.url);
    const { stdout, file } = await fetchLike(shellWords(command, env), dir);
    if (file) {
      expect((await readFile(join(dir, file))).length).toBeGreaterThan(0);
      return;
    }
    expect(JSON.parse(stdout).code).toBeUndefined();
  });
});
