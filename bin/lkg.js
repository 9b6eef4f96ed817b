#!/usr/bin/env node
// The `lkg` command. Runs the TypeScript entry point through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

// Node.js 20 is supported; the AWS SDK's notice about its future versions would only confuse people.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../functions/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
