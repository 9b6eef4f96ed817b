/**
 * The CDK app: `npm run synth`, `npx cdk deploy` (cdk.json runs `npx tsx infra/app.ts`).
 * Parameters come from context (see `infra/local/deploy-config.ts` and docs/deploy.md).
 * cdk-nag's AwsSolutions pack runs on every synthesis: an unacknowledged finding fails it.
 *
 * @module
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { tableDefinition } from '#adapters/table-schema';
import { LkgStack } from './stack.ts';

const app = new App();
new LkgStack(app, app.node.tryGetContext('lkg:stackName') ?? 'LkgTerritory', {
  tableDefinition: tableDefinition(),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
