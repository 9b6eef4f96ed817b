#!/usr/bin/env node
// The `lkg` command. Runs the TypeScript entry point through tsx, so no build step is needed.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// Node.js 20 is supported; the AWS SDK's notice about its future versions would only confuse people.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * `lkg rebuild` holds one shard of the district at a time; its V8 heap is bounded to match
 * (LKG_REBUILD_HEAP_MB, default 768), so that the garbage collector keeps the process under
 * 1 GB instead of letting the heap grow to a fraction of the machine's memory. The command runs
 * again in a child process with that bound unless a heap bound is already given.
 */
const heapGiven = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) =>
  a.includes('max-old-space-size'),
);
if (process.argv[2] === 'rebuild' && !heapGiven) {
  const heap = Number(process.env.LKG_REBUILD_HEAP_MB ?? 768);
  const child = spawn(
    process.execPath,
    [
      ...process.execArgv,
      `--max-old-space-size=${heap}`,
      fileURLToPath(import.meta.url),
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit' },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
} else {
  register();
  const { main } = await import('../functions/cli/main.ts');
  process.exitCode = await main(process.argv.slice(2));
}
