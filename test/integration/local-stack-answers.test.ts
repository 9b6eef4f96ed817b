/**
 * The local stack keeps answering: with dynalite in a process of its own and the HTTP API on a
 * thread of its own (as `npm start` runs them), `/health` and one `GET /enterprises/{key}`
 * answer within 500 ms (p99) while a rebuild — slowed so that it lasts seconds — runs on the
 * stack's thread. The example district is the size CI affords.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateSecret, signLocalToken } from '#adapters/jwt';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { runRebuild } from '#functions/rebuild/run';
import { type LocalStack, startLocalStack } from '#infra/local/local-stack';
import { type LocalApi, startApiWorker, writeDelay } from '#infra/local/main';
import { exampleBytes } from '../support/workbooks.ts';

let dir: string;
let stack: LocalStack;
let api: LocalApi;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lkg-answers-'));
  stack = await startLocalStack({
    ports: { dynamodb: 0, s3: 0, ses: 0 },
    s3Directory: join(dir, 's3'),
    dynamodbProcess: true,
    // The stack's own writes are slowed (the rebuild's); the API's reads are not.
    ...writeDelay({ LKG_LOCAL_WRITE_DELAY_MS: '10' }),
  });
  await stack.upload('2026-10-示例台账.xlsx', exampleBytes(), 'bureau');
  api = await startApiWorker({ port: 0, env: stack.env, secretFile: join(dir, 'jwt-secret') });
}, 180_000);

afterAll(async () => {
  await api?.close();
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The sampling client: `/health` and the enterprise in turn, every 20 ms, until told to stop. */
const SAMPLER = `
const { parentPort, workerData } = require('node:worker_threads');
let stop = false;
parentPort.on('message', () => { stop = true; });
(async () => {
  const health = [], reads = [], failures = [];
  const timed = async (path, headers, into) => {
    const started = performance.now();
    try {
      const res = await fetch(workerData.url + path, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) failures.push(path + ' ' + res.status);
    } catch (error) {
      failures.push(path + ' ' + error.message);
    }
    into.push(performance.now() - started);
  };
  while (!stop) {
    await timed('/health', {}, health);
    await timed('/enterprises/' + encodeURIComponent(workerData.key), { authorization: 'Bearer ' + workerData.token }, reads);
    await new Promise((r) => setTimeout(r, 20));
  }
  parentPort.postMessage({ health, reads, failures });
})();
`;

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function p99(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] as number;
}

/**
 * A latency bound says nothing on a machine whose run queue is several times its cores (other
 * suites, other builds): the case is skipped then, saying so, and runs on CI's machine.
 */
const OVERLOADED = (loadavg()[0] ?? 0) > 2 * availableParallelism();
if (OVERLOADED)
  console.warn(
    `local-stack-answers: load average ${(loadavg()[0] ?? 0).toFixed(1)} on ${availableParallelism()} cores: the latency case is skipped`,
  );

describe('the local stack keeps answering during a rebuild', () => {
  it.skipIf(OVERLOADED)(
    '/health and GET /enterprises/{key}: p99 within 500 ms',
    async () => {
      const token = await signLocalToken(await loadOrCreateSecret(join(dir, 'jwt-secret')), {
        unit: 'bureau',
      });
      let key = '';
      for await (const page of stack.store.allVersions()) {
        key = page[0]?.record.key ?? '';
        if (key) break;
      }
      expect(key).not.toBe('');
      // The client samples from a thread of its own, as curl or a browser would: the rebuild's
      // work on this thread delays neither the requests nor their timing.
      const sampler = new Worker(SAMPLER, {
        eval: true,
        workerData: { url: api.url, key, token },
      });
      const samples = new Promise<{ health: number[]; reads: number[]; failures: string[] }>(
        (resolveSamples) => sampler.once('message', resolveSamples),
      );
      const rebuild = await runRebuild(
        {
          store: stack.store,
          objects: stack.objects,
          clock: { now: () => new Date() },
          workbooks: sheetJsWorkbooks,
          remainingMs: () => Number.POSITIVE_INFINITY,
          invokeSelf: async () => {},
        },
        {},
      );
      sampler.postMessage('stop');
      const { health, reads, failures } = await samples;
      await sampler.terminate();
      expect(rebuild.status).toBe('done');
      expect(failures).toEqual([]);
      expect(health.length).toBeGreaterThanOrEqual(10);
      const said = `p99 /health ${p99(health).toFixed(0)} ms, GET /enterprises/{key} ${p99(reads).toFixed(0)} ms, median ${median(health).toFixed(0)}/${median(reads).toFixed(0)} ms, ${health.length} samples`;
      expect(p99(health), said).toBeLessThan(500);
      expect(p99(reads), said).toBeLessThan(500);
    },
    180_000,
  );
});
