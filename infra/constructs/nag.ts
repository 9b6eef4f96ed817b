/**
 * cdk-nag (AwsSolutions pack) findings this stack acknowledges. Each is applied to the one
 * construct it concerns (and, for IAM5, to the one wildcard it names), with its reason.
 * Everything else the pack reports is fixed in the constructs themselves.
 *
 * cdk-nag v3 reports through CDK's policy validation: register the pack with
 * `Validations.of(app).addPlugins(new AwsSolutionsChecks(app))`; acknowledgments are
 * `Validations.of(construct).acknowledge({ id, reason })`.
 *
 * @module
 */
import { type CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { API_ROUTES, type Api } from './api.ts';
import type { Console } from './console.ts';
import type { LkgFunction } from './functions.ts';
import type { Ingest } from './ingest.ts';
import type { Publication } from './publish.ts';
import { REPORTS_PREFIX, type Storage, UPLOADS_PREFIX } from './storage.ts';

/** One acknowledged finding: where, which rule (finding), why. */
export interface Acknowledged {
  construct: Construct;
  id: string;
  reason: string;
}

/** The construct id prefix of the custom resource CDK adds for bucket notifications. */
const BUCKET_NOTIFICATIONS_HANDLER = 'BucketNotificationsHandler';

/** The parts of the stack that carry acknowledged findings. */
export interface NagScope {
  storage: Storage;
  cursorSecret: Secret;
  ingest: Ingest;
  publication: Publication;
  api: Api;
  console: Console;
}

/** The console's acknowledged findings (CloudFront in front of static files that hold no data). */
function consoleFindings(parts: NagScope): Acknowledged[] {
  const distribution = parts.console.distribution;
  return [
    {
      construct: distribution,
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction: clerks sign in from government networks and travel; every request for data goes to the API, which needs a Cognito ID token, and the distribution serves only the static console.',
    },
    {
      construct: distribution,
      id: 'AwsSolutions-CFR2',
      reason:
        'No WAF on the console distribution: it serves only static, public-by-design files (no data, no forms posted to it); the API behind Cognito is throttled at its stage. A web ACL can be attached later without code changes.',
    },
    {
      construct: distribution,
      id: 'AwsSolutions-CFR3',
      reason:
        'Standard CloudFront logs need an ACL-enabled bucket, which this stack never creates (BucketOwnerEnforced everywhere); the console bucket has S3 server access logs and every data access is in the API access logs.',
    },
    {
      construct: distribution,
      id: 'AwsSolutions-CFR4',
      reason:
        'The default *.cloudfront.net certificate (a custom domain needs an ACM certificate in us-east-1, which the district supplies at deployment); viewers are redirected to HTTPS; a minimum of TLSv1.2_2021 is set together with that certificate.',
    },
  ];
}

/** The acknowledged findings of the stack (also listed in docs/deploy.md). */
export function acknowledgedFindings(stack: Stack, parts: NagScope): Acknowledged[] {
  const bucketLogicalId = stack.getLogicalId(parts.storage.bucket.node.defaultChild as CfnResource);
  const functions: LkgFunction[] = [parts.ingest.handler, parts.publication.handler, parts.api.handler];
  const list: Acknowledged[] = [
    ...[UPLOADS_PREFIX, REPORTS_PREFIX].map((prefix) => ({
      construct: parts.ingest.handler.role,
      id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/${prefix}*]`,
      reason: `Object-level ARN limited to the ${prefix} prefix: ingest reads uploads/ and writes reports/ only, and the object keys below the prefix are the users' own paths (docs/files.md).`,
    })),
    ...functions.map((fn) => ({
      construct: fn.function,
      id: 'AwsSolutions-L1',
      reason:
        'The stack fixes Node.js 22 on ARM64: the bundles target node22 and the runtime-provided AWS SDK v3 of nodejs22.x; moving to a newer runtime is a planned change, not a silent one.',
    })),
    {
      construct: parts.api.handler.role,
      id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/${UPLOADS_PREFIX}*]`,
      reason:
        "PutObject only, under uploads/: the API presigns the console's uploads with its own credentials; the route itself puts each key under uploads/<caller's unit>/ and signs its size, type and uploader (functions/api/console-routes.ts).",
    },
    ...[parts.ingest.handler.role, parts.api.handler.role].map((role) => ({
      construct: role,
      id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/checks/*]`,
      reason:
        "Object-level ARN limited to checks/: the console's checks before uploading (functions/api/check-routes.ts) — the API presigns a unit's file under checks/<unit>/ and writes the check, the worker reads the file and writes the result; the bucket's lifecycle rule expires checks/ after a day.",
    })),
    ...consoleFindings(parts),
    {
      construct: parts.ingest.failures,
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself the dead-letter store: the ingest function's asynchronous on-failure destination. Its messages are inspected by hand (an alarm fires on the first one); a further DLQ would only move them.",
    },
    {
      construct: parts.cursorSecret,
      id: 'AwsSolutions-SMG4',
      reason:
        'The cursor HMAC key only makes page cursors tamper-evident; rotating it invalidates open cursors (clients start again at page one). Rotate by hand when needed: update the secret value and redeploy (docs/deploy.md).',
    },
    {
      construct: parts.api.userPool,
      id: 'AwsSolutions-COG8',
      reason:
        'A few dozen administrator-created users (no self sign-up), strong password policy and required TOTP MFA; the Plus feature plan (threat protection) is not worth its cost here.',
    },
    // The route table's public routes (GET /health and its HEAD).
    ...API_ROUTES.filter((r) => r.public).map((r) => ({
      construct: parts.api.httpApi.node.findChild(`${r.method}-${r.path.replaceAll('/', '-')}`),
      id: 'AwsSolutions-APIG4',
      reason: `${r.method} ${r.path} is public by design: it answers {status:"ok"} and reveals no data.`,
    })),
  ];
  for (const child of stack.node.children) {
    if (!child.node.id.startsWith(BUCKET_NOTIFICATIONS_HANDLER)) continue;
    list.push({
      construct: child.node.findChild('Role'),
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        "CDK's own deploy-time custom resource that writes the bucket's notification configuration (uploads/ -> ingest); it only writes its own logs with this managed policy and runs only during deployments.",
    });
  }
  return list;
}

/** Acknowledges the findings of {@link acknowledgedFindings}. Call once the stack's resources exist. */
export function acknowledgeFindings(stack: Stack, parts: NagScope): void {
  for (const { construct, id, reason } of acknowledgedFindings(Stack.of(stack), parts)) {
    Validations.of(construct).acknowledge({ id, reason });
  }
}
