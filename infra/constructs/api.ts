/**
 * The HTTP API (docs/api.md): API Gateway HTTP API → the api function (payload 2.0),
 * every route but `GET /health` behind a JWT authorizer that accepts ID tokens of the Cognito
 * user pool created here. The pool's custom attributes `unit` and `role` reach the function as
 * the claims `custom:unit` and `custom:role`; only an administrator can set them (the app
 * client may read them but not write them).
 *
 * @module
 */
import { Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { gatewayRoutes } from '#functions/api/route-table';
import { LkgFunction } from './functions.ts';
import { grantTable, TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from './grants.ts';
import type { LkgTable } from './table.ts';

/** A route of the API: method and path as API Gateway writes them. */
export interface ApiRoute {
  method: apigwv2.HttpMethod;
  path: string;
  /** True for the route table's `public` routes (`GET`/`HEAD /health`). */
  public?: boolean;
}

/**
 * API Gateway's routes, derived from the API's route table (functions/api/route-table.ts):
 * one per route, and `HEAD` wherever `GET` (other paths answer 404 at the gateway).
 */
export const API_ROUTES: readonly ApiRoute[] = gatewayRoutes().map((r) => ({
  method: apigwv2.HttpMethod[r.method],
  path: r.path,
  ...(r.access === 'public' ? { public: true } : {}),
}));

/** The custom attributes of the user pool (ID-token claims `custom:unit`, `custom:role`). */
export const CUSTOM_ATTRIBUTES = ['unit', 'role'] as const;

/** Properties of {@link Api}. */
export interface ApiProps {
  projectRoot: string;
  table: LkgTable;
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
  stageName: string;
  /** Origins a browser may call the API from (CORS); none: no CORS at all. */
  allowedOrigins: readonly string[];
}

/** The user pool and its app client, the HTTP API with its stage and access logs, the api function. */
export class Api extends Construct {
  public readonly handler: LkgFunction;
  public readonly userPool: cognito.UserPool;
  public readonly client: cognito.UserPoolClient;
  public readonly httpApi: apigwv2.HttpApi;
  public readonly stage: apigwv2.HttpStage;
  public readonly accessLogs: logs.LogGroup;
  /** The app clients whose ID tokens the authorizer accepts (the API's, then e.g. the console's). */
  private readonly audiences: string[] = [];

  public constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.handler = new LkgFunction(this, 'Handler', {
      name: 'api',
      projectRoot: props.projectRoot,
      logRetention: props.logRetention,
      environment: props.environment,
      memorySize: 1024,
      // API Gateway gives up after 30 s.
      timeout: Duration.seconds(29),
      description: 'lkg: HTTP API (middy http-router)',
    });
    grantTable(this.handler.role, props.table, TABLE_READ_ACTIONS);
    // issue "Coordination": decisions, transfer actions and impact runs are written by the API,
    // and recording a decision re-projects its records (BatchWriteItem).
    grantTable(this.handler.role, props.table, TABLE_WRITE_ACTIONS);

    this.userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        unit: new cognito.StringAttribute({ minLen: 1, maxLen: 32, mutable: true }),
        role: new cognito.StringAttribute({ minLen: 1, maxLen: 16, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.client = this.userPool.addClient('ApiClient', {
      generateSecret: false,
      authFlows: { userSrp: true, userPassword: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(...CUSTOM_ATTRIBUTES),
      // Users may change their name; unit and role are set by an administrator only.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    this.audiences.push(this.client.userPoolClientId);
    const authorizer = new HttpJwtAuthorizer(
      'CognitoIdToken',
      `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`,
      {
        jwtAudience: Lazy.list({ produce: () => this.audiences }),
        identitySource: ['$request.header.Authorization'],
      },
    );
    this.httpApi = new apigwv2.HttpApi(this, 'Http', {
      description: 'lkg-territory HTTP API',
      createDefaultStage: false,
      // CORS for the known origins only (none: no CORS headers at all). API Gateway answers the
      // browsers' preflights (they carry no token) and sets these headers on the integration's
      // answers; the handler's own CORS (functions/api/cors.ts) serves the local stack the same way.
      ...(props.allowedOrigins.length > 0
        ? {
            corsPreflight: {
              allowOrigins: [...props.allowedOrigins],
              allowHeaders: ['authorization', 'content-type'],
              allowMethods: [
                apigwv2.CorsHttpMethod.GET,
                apigwv2.CorsHttpMethod.POST,
                apigwv2.CorsHttpMethod.PUT,
                apigwv2.CorsHttpMethod.DELETE,
                apigwv2.CorsHttpMethod.OPTIONS,
              ],
              exposeHeaders: ['x-lkg-pending-import', 'content-disposition'],
              maxAge: Duration.minutes(10),
            },
          }
        : {}),
    });
    const integration = new HttpLambdaIntegration('Handler', this.handler.function, {
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
    });
    for (const route of API_ROUTES) {
      this.httpApi.addRoutes({
        path: route.path,
        methods: [route.method],
        integration,
        authorizer: route.public ? new apigwv2.HttpNoneAuthorizer() : authorizer,
      });
    }

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new apigwv2.HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: props.stageName,
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latency: '$context.responseLatency',
            sub: '$context.authorizer.claims.sub',
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
  }

  /** Adds an app client's id to the JWT authorizer's audience (e.g. the console's client). */
  public addAudience(clientId: string): void {
    this.audiences.push(clientId);
  }

  /** The API's base URL (with the stage name unless it is `$default`). */
  public get url(): string {
    return this.stage.url;
  }
}
