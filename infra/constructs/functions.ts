/**
 * `LkgFunction`: a `NodejsFunction` with the house settings — Node.js 22 on ARM64, bundled by
 * the local esbuild (never Docker) with the shared settings of `bundling.ts`, its own log
 * group with a retention, and an execution role that holds nothing but what is granted to it
 * (no managed policies: logging is granted on its own log group only).
 *
 * @module
 */
import { join } from 'node:path';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BUNDLE_ENVIRONMENT, BUNDLING, entryOf, type FunctionName, HANDLER_EXPORT } from './bundling.ts';

/** `NodejsFunction` bundling options built from the shared settings. */
export function nodejsBundlingOptions(): nodejs.BundlingOptions {
  return {
    forceDockerBundling: false,
    target: BUNDLING.target,
    format: nodejs.OutputFormat.ESM,
    mainFields: [...BUNDLING.mainFields],
    minify: BUNDLING.minify,
    sourceMap: BUNDLING.sourceMap,
    sourceMapMode: nodejs.SourceMapMode.DEFAULT,
    sourcesContent: BUNDLING.sourcesContent,
    externalModules: [...BUNDLING.externalModules],
    banner: BUNDLING.banner,
    // `charset` is declared by this aws-cdk-lib version but not passed to esbuild: pass it directly.
    esbuildArgs: { '--charset': BUNDLING.charset },
    logLevel: nodejs.LogLevel.WARNING,
  };
}

/** Properties of {@link LkgFunction}. */
export interface LkgFunctionProps {
  /** Which function: its entry is `functions/<name>/handler.ts`. */
  name: FunctionName;
  /** The repository root (absolute). */
  projectRoot: string;
  /** Retention of the function's log group. */
  logRetention: logs.RetentionDays;
  /** Environment variables (the `LKG_*` conventions). */
  environment: Record<string, string>;
  memorySize: number;
  timeout: Duration;
  description: string;
}

/** One of the three functions, with its log group and its own role. */
export class LkgFunction extends Construct {
  public readonly function: nodejs.NodejsFunction;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;

  public constructor(scope: Construct, id: string, props: LkgFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the lkg ${props.name} function`,
    });
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: join(props.projectRoot, entryOf(props.name)),
      handler: HANDLER_EXPORT,
      projectRoot: props.projectRoot,
      depsLockFilePath: join(props.projectRoot, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      description: props.description,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        ...BUNDLE_ENVIRONMENT,
        POWERTOOLS_SERVICE_NAME: `lkg-${props.name}`,
        ...props.environment,
      },
      bundling: nodejsBundlingOptions(),
    });
    // Logging: this function's own log group only (instead of AWSLambdaBasicExecutionRole's `*`).
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
  }
}
