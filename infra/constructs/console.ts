/**
 * The web console in AWS: the built single-page app (`web/dist`) in a
 * private bucket served by CloudFront through origin access control (HTTPS only, security
 * headers), Cognito's hosted sign-in with an app client for the console (authorization code
 * + PKCE, no secret) whose ID tokens the API's JWT authorizer accepts, and CORS on the data
 * bucket for the console's origin only (the presigned uploads).
 *
 * The files are not bundled into the template (synth stays offline and does not need the
 * console built): after `cdk deploy`, `aws s3 sync web/dist s3://<ConsoleBucketName>/` and
 * the `ConsoleConfig` output written as `config.json` publish it (docs/deploy.md).
 *
 * @module
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { UNITS } from '#domain/units';
import { CUSTOM_ATTRIBUTES } from './api.ts';

/** The header a presigned upload carries (functions/adapters/s3-presign.ts). */
export const UPLOADER_HEADER = 'x-amz-meta-uploader-unit';

/** The console's Content-Security-Policy in AWS: its own files, the API and the bucket over HTTPS, Cognito. */
export function consoleCsp(connect: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${connect.join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

/** Properties of {@link Console}. */
export interface ConsoleProps {
  /** The data bucket (presigned PUTs from the console's origin). */
  dataBucket: s3.Bucket;
  /** Where the console bucket's server access logs go. */
  logBucket: s3.Bucket;
}

/** The console's bucket, distribution and (after {@link Console.addSignIn}) its Cognito client. */
export class Console extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly distribution: cloudfront.Distribution;
  public readonly responseHeaders: cloudfront.ResponseHeadersPolicy;
  /** `https://<distribution domain>` */
  public readonly origin: string;
  public client?: cognito.UserPoolClient;
  public domain?: cognito.UserPoolDomain;
  private apiUrl = '';

  public constructor(scope: Construct, id: string, props: ConsoleProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Site', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // the built files only (rebuilt from the repository at any time): no versions to keep
      versioned: false,
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: 'console/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const dataBucket = props.dataBucket;
    const stack = Stack.of(this);
    this.responseHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'lkg console: CSP, HSTS, no framing, no sniffing',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // hosts by pattern, not by name: naming the API or the bucket would make a dependency cycle
          // (their CORS rules name this distribution)
          contentSecurityPolicy: consoleCsp([
            `https://*.execute-api.${stack.region}.${stack.urlSuffix}`,
            `https://*.s3.${stack.region}.${stack.urlSuffix}`,
            `https://*.auth.${stack.region}.amazoncognito.com`,
          ]),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          preload: false,
          override: true,
        },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'lkg-territory web console',
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_ALL,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeaders,
        compress: true,
      },
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;

    // the console's presigned PUTs (and nothing else) from its own origin
    dataBucket.addCorsRule({
      allowedOrigins: [this.origin],
      allowedMethods: [s3.HttpMethods.PUT],
      allowedHeaders: ['content-type', UPLOADER_HEADER],
      exposedHeaders: ['ETag'],
      maxAge: 600,
    });
  }

  /**
   * Cognito's hosted sign-in for the console: a domain on the user pool and an app client
   * (authorization code with PKCE, no secret, the console's URL as callback and sign-out).
   * The caller adds the client's id to the API authorizer's audience.
   */
  public addSignIn(userPool: cognito.UserPool, apiUrl: string, domainPrefix: string): cognito.UserPoolClient {
    this.apiUrl = apiUrl.replace(/\/$/, '');
    this.domain = userPool.addDomain('ConsoleSignIn', {
      cognitoDomain: { domainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI,
    });
    const url = `${this.origin}/`;
    this.client = userPool.addClient('ConsoleClient', {
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
        callbackUrls: [url],
        logoutUrls: [url],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(...CUSTOM_ATTRIBUTES),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });
    return this.client;
  }

  /** The console's `config.json` (a stack output; docs/deploy.md). */
  public config(): Record<string, unknown> {
    if (!this.client || !this.domain) throw new Error('Console.addSignIn first');
    return {
      auth: 'cognito',
      apiUrl: this.apiUrl,
      cognito: {
        domain: `${this.domain.domainName}.auth.${Stack.of(this).region}.amazoncognito.com`,
        clientId: this.client.userPoolClientId,
        redirectUri: `${this.origin}/`,
      },
      units: UNITS.map((u) => ({ id: u.id, name: u.name, kind: u.kind })),
    };
  }
}
