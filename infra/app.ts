/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy` (cdk.json runs `npx tsx infra/app.ts`).
 * Parameters come from context (see `infra/constructs/config.ts` and docs/deploy.md).
 *
 * @module
 */
import { App } from 'aws-cdk-lib';
import { tableDefinition } from '#infra/local/table';
import { LkgStack } from './stack.ts';

const app = new App();
new LkgStack(app, app.node.tryGetContext('lkg:stackName') ?? 'LkgTerritory', {
  tableDefinition: tableDefinition(),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
app.synth();
