/**
 * Helpers for the infrastructure tests: synthesize the app once (with cdk.json's context and
 * the cdk-nag AwsSolutions pack), read its template and the validation report, and walk IAM
 * policies with intrinsic functions rendered as readable strings.
 *
 * @module
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LkgStack, PROJECT_ROOT } from '#infra/stack';

/** A finding of the validation report (cdk-nag v3 reports through CDK policy validation). */
export interface Violation {
  plugin: string;
  rule: string;
  severity: string;
  paths: string[];
  description: string;
}

/** The result of one synthesis. */
export interface Synthesized {
  app: App;
  stack: LkgStack;
  template: Template;
  /** The raw template (resources by logical id). */
  json: { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
  violations: Violation[];
  /** The error synthesis threw (validation failure), if any. */
  error: unknown;
  context: Record<string, unknown>;
}

/** cdk.json's context: tests synthesize with what `cdk synth` uses. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')).context;
}

/**
 * Synthesizes the stack once, bundling the three functions with esbuild, with cdk-nag's
 * AwsSolutions checks registered.
 */
export function synthesize(tableDefinition: CreateTableCommandInput, projectRoot?: string): Synthesized {
  const context = cdkJsonContext();
  const outdir = mkdtempSync(join(tmpdir(), 'lkg-cdk-'));
  const app = new App({ context, outdir });
  const stack = new LkgStack(app, 'LkgTest', { tableDefinition, ...(projectRoot ? { projectRoot } : {}) });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  let error: unknown = null;
  try {
    app.synth();
  } catch (e) {
    error = e;
  }
  const json = JSON.parse(readFileSync(join(outdir, stack.templateFile), 'utf8'));
  const reportFile = join(outdir, 'validation-report.json');
  const violations: Violation[] = [];
  if (existsSync(reportFile)) {
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
      pluginReports: Array<{
        pluginName: string;
        violations: Array<{
          ruleName: string;
          severity: string;
          description: string;
          violatingConstructs: Array<{ constructPath: string }>;
        }>;
      }>;
    };
    for (const plugin of report.pluginReports) {
      for (const v of plugin.violations) {
        violations.push({
          plugin: plugin.pluginName,
          rule: v.ruleName,
          severity: v.severity,
          description: v.description,
          paths: v.violatingConstructs.map((c) => c.constructPath),
        });
      }
    }
  }
  return { app, stack, template: Template.fromJSON(json), json, violations, error, context };
}

/** Renders an intrinsic-laden value as a string: `{Fn::GetAtt:[X,Arn]}` → `<X.Arn>`, `{Ref:X}` → `<X>`. */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('Ref' in o) return `<${String(o.Ref)}>`;
    if ('Fn::GetAtt' in o) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(sep);
    }
  }
  return JSON.stringify(value);
}

/** An IAM statement with actions and resources as lists of strings. */
export interface Statement {
  effect: string;
  actions: string[];
  resources: string[];
  condition?: Record<string, unknown>;
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function statementsOf(document: unknown): Statement[] {
  const statements = list((document as { Statement?: unknown[] }).Statement) as Array<
    Record<string, unknown>
  >;
  return statements.map((s) => ({
    effect: String(s.Effect),
    actions: list(s.Action as string | string[]),
    resources: list(s.Resource).map(render),
    ...(s.Condition ? { condition: s.Condition as Record<string, unknown> } : {}),
  }));
}

/** Every statement granted to a role: its inline policies and the AWS::IAM::Policy resources attached to it. */
export function roleStatements(s: Synthesized, roleLogicalId: string): Statement[] {
  const out: Statement[] = [];
  const role = s.json.Resources[roleLogicalId];
  for (const p of list((role?.Properties?.Policies as Array<{ PolicyDocument: unknown }>) ?? [])) {
    out.push(...statementsOf(p.PolicyDocument));
  }
  for (const resource of Object.values(s.json.Resources)) {
    if (resource.Type !== 'AWS::IAM::Policy') continue;
    const roles = list(resource.Properties?.Roles as unknown[]).map(render);
    if (roles.includes(`<${roleLogicalId}>`)) out.push(...statementsOf(resource.Properties?.PolicyDocument));
  }
  return out;
}

/** The logical id of the resource of a type whose properties satisfy `where`. */
export function logicalIdOf(
  s: Synthesized,
  type: string,
  where: (properties: Record<string, unknown>) => boolean = () => true,
): string {
  const found = Object.entries(s.json.Resources).filter(
    ([, r]) => r.Type === type && where(r.Properties ?? {}),
  );
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]![0];
}

/** The logical id of a function by its short name (its `POWERTOOLS_SERVICE_NAME` is `lkg-<name>`). */
export function functionId(s: Synthesized, name: string): string {
  return logicalIdOf(
    s,
    'AWS::Lambda::Function',
    (p) =>
      (p.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables
        ?.POWERTOOLS_SERVICE_NAME === `lkg-${name}`,
  );
}

/** The logical id of a function's execution role. */
export function functionRoleId(s: Synthesized, name: string): string {
  const role = s.json.Resources[functionId(s, name)]?.Properties?.Role;
  return render(role).replace(/^<(.*)\.Arn>$/, '$1');
}
