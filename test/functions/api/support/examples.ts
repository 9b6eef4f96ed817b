/**
 * The README's curl examples (README.md, between the api-examples markers) and a runner:
 * `/usr/bin/curl` when it exists (preferred), else the same request with fetch.
 *
 * @module
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const CURL = '/usr/bin/curl';
export const HAS_CURL = existsSync(CURL);

/** The curl command lines of README.md's examples block. */
export function examples(): string[] {
  const doc = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
  const block = doc.split('<!-- api-examples:start -->')[1]?.split('<!-- api-examples:end -->')[0] ?? '';
  return block.split('\n').filter((line) => line.startsWith('curl '));
}

/** Splits a shell command line into words (quotes; $VAR inside double quotes or bare). */
export function shellWords(line: string, env: Record<string, string>): string[] {
  const words: string[] = [];
  let word = '';
  let has = false;
  const expand = (s: string) => s.replace(/\$([A-Z_][A-Z0-9_]*)/g, (_m, name: string) => env[name] ?? '');
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      const part = line.slice(i + 1, end);
      word += c === '"' ? expand(part) : part;
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

export interface ExampleResult {
  status: number;
  /** The body (stdout), or '' when it went to a file. */
  body: string;
  /** The bytes written with `-o`, else null. */
  file: Uint8Array | null;
}

/** The request of a curl command line, made with fetch (the options the examples use). */
export async function fetchExample(
  line: string,
  env: Record<string, string>,
  cwd: string,
): Promise<ExampleResult> {
  const words = shellWords(line, env);
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
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (out) {
    await writeFile(join(cwd, out), bytes);
    return { status: res.status, body: '', file: bytes };
  }
  return { status: res.status, body: Buffer.from(bytes).toString('utf8'), file: null };
}

/** Runs an example with curl (bash, the tokens in the environment). */
export async function curlExample(
  line: string,
  env: Record<string, string>,
  cwd: string,
): Promise<ExampleResult> {
  const result = await run('bash', ['-c', `${line} -w '\\n%{http_code}'`], {
    cwd,
    env: { ...process.env, ...env },
  });
  const lines = result.stdout.split('\n');
  const status = Number(lines.pop());
  const out = / -o (\S+)/.exec(line)?.[1];
  return {
    status,
    body: lines.join('\n'),
    file: out ? new Uint8Array(await readFile(join(cwd, out))) : null,
  };
}

/**
 * Runs an example against a server (its `http://localhost:3000` replaced by `url`): with curl
 * when present, else with fetch.
 */
export async function runExample(
  line: string,
  url: string,
  env: Record<string, string>,
  cwd: string,
  how: 'curl' | 'fetch' = HAS_CURL ? 'curl' : 'fetch',
): Promise<ExampleResult> {
  const command = line.replaceAll('http://localhost:3000', url);
  return how === 'curl' ? curlExample(command, env, cwd) : fetchExample(command, env, cwd);
}
