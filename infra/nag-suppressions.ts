import { type CfnElement, DefaultStackSynthesizer, type Stack, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
// cdk-nag's own rendering of a resolved resource in a finding id (`<AWS::Region>`, `<Id.Arn>`):
// acknowledgements built with it match whatever the stack's environment makes of an ARN.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { alertSendingResources } from './constructs/alert-sending-resources';

/**
 * Every cdk-nag AwsSolutions finding Rapport accepts, each with the reason it is right here.
 *
 * @example
 * acknowledgeNagFindings(stack, table);
 */
export function acknowledgeNagFindings(stack: Stack, table: Table): void {
  const tableId = stack.getLogicalId(table.node.defaultChild as CfnElement);
  const alertSending = alertSendingResources(stack);
  const findings = [
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'AWSLambdaBasicExecutionRole only allows writing the function its own logs; it is the AWS-maintained least-privilege policy for that.',
    },
    {
      id: `AwsSolutions-IAM5[Resource::<${tableId}.Arn>/index/*]`,
      reason:
        'Queries on the table indexes (gsi1, gsi2), granted by grantReadData/grantReadWriteData on this one table.',
    },
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions (added by Tracing.ACTIVE).',
    },
    {
      id: `AwsSolutions-IAM5[Resource::${nagResource(stack, alertSending.snsTopics)}]`,
      reason:
        'Alert destinations are SNS topics marketers choose at run time; publishing is limited to topics of this account.',
    },
    {
      id: `AwsSolutions-IAM5[Resource::${nagResource(stack, alertSending.sesIdentities)}]`,
      reason:
        'Alert emails are sent from ALERT_EMAIL_FROM, an identity the operator verifies in SES; SES itself refuses unverified senders.',
    },
    {
      id: `AwsSolutions-IAM5[Resource::${nagResource(stack, alertSending.sesConfigurationSets)}]`,
      reason:
        'SES v2 checks SendEmail against the configuration set named by SES_CONFIGURATION_SET, when set.',
    },
    {
      id: 'AwsSolutions-COG8',
      reason:
        'The Plus feature plan is a paid tier the operator may choose; the Essentials plan with MFA and a strong password policy is the default.',
    },
    {
      id: 'AwsSolutions-APIG4',
      reason:
        'Webhook routes are called by platforms that cannot carry a JWT; each receiver verifies the platform signature on the raw body and answers 401 otherwise. /health reveals nothing. /api routes use the Cognito JWT authorizer.',
    },
    {
      id: 'AwsSolutions-SMG4',
      reason:
        'Webhook secrets and sending tokens are issued by each platform (Shopify, Stripe, Telegram, WhatsApp, ...); AWS cannot rotate them. Operators replace them when the platform rotates.',
    },
    {
      id: 'AwsSolutions-COG3',
      reason:
        'Threat protection (advanced security) is a paid add-on the operator may enable; MFA and a strong password policy are on.',
    },
    {
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is optional (TOTP) so that small teams can sign in at first; operators can make it required.',
    },
    {
      id: 'AwsSolutions-SQS3',
      reason: 'These queues are themselves dead-letter queues; they have an alarm instead of a further DLQ.',
    },
  ];
  for (const finding of findings) {
    Validations.of(stack).acknowledge({ ...finding, id: `AwsSolutions::${finding.id}` });
  }
}

/**
 * Acknowledges the `<function arn>:*` resource that `grantInvoke` (and Scheduler's LambdaInvoke)
 * add so that versions and aliases of exactly these functions may be invoked.
 *
 * @example
 * acknowledgeInvokeOfVersions(stack, [detect.fn], 'The scheduler invokes the sweep.');
 */
export function acknowledgeInvokeOfVersions(
  stack: Stack,
  functions: ReadonlyArray<IFunction>,
  reason: string,
): void {
  for (const fn of functions) {
    const logicalId = stack.getLogicalId(fn.node.defaultChild as CfnElement);
    Validations.of(stack).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
      reason,
    });
  }
}

/**
 * The cdk-nag findings of the dashboard's site (S3, CloudFront) and of CDK's own BucketDeployment
 * that uploads it, each with the reason it is right here.
 *
 * @example
 * acknowledgeDashboardFindings(stack, site.bucket);
 */
export function acknowledgeDashboardFindings(stack: Stack, bucket: IBucket): void {
  const bucketId = stack.getLogicalId(bucket.node.defaultChild as CfnElement);
  const deployment =
    'CDK’s BucketDeployment copies the built dashboard from the CDK assets bucket into the dashboard bucket and removes stale files; CDK generates this policy, limited to those two buckets.';
  const findings = [
    {
      id: 'AwsSolutions-S1',
      reason:
        'The dashboard bucket holds only the built app (no data); it is private and read only by CloudFront through origin access control.',
    },
    {
      id: 'AwsSolutions-CFR1',
      reason: 'Marketers sign in from anywhere; an operator who wants geo restrictions adds them.',
    },
    {
      id: 'AwsSolutions-CFR2',
      reason:
        'WAF is a paid add-on the operator may attach; the distribution serves static files, and /api/* is behind the JWT authorizer and the stage throttle.',
    },
    {
      id: 'AwsSolutions-CFR3',
      reason:
        'CloudFront standard logs need an ACL-enabled log bucket; every API call through /api/* is in the HTTP API access log.',
    },
    {
      id: 'AwsSolutions-CFR4',
      reason:
        'The default *.cloudfront.net certificate does not allow setting a minimum TLS version; with a custom domain and certificate TLSv1.2_2021 can be set.',
    },
    { id: 'AwsSolutions-L1', reason: 'The BucketDeployment handler’s runtime is chosen by aws-cdk-lib.' },
    ...[
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      'Action::s3:DeleteObject*',
      'Action::s3:Abort*',
      `Resource::${nagResource(stack, `arn:${stack.partition}:s3:::${assetBucketName(stack)}/*`)}`,
      `Resource::<${bucketId}.Arn>/*`,
    ].map((appliesTo) => ({ id: `AwsSolutions-IAM5[${appliesTo}]`, reason: deployment })),
  ];
  for (const finding of findings) {
    Validations.of(stack).acknowledge({ ...finding, id: `AwsSolutions::${finding.id}` });
  }
}

/**
 * A resource (an ARN, possibly holding tokens) as cdk-nag names it in a finding: resolved in the
 * stack, so `<AWS::Region>` when the stack is environment-agnostic and `eu-west-1` when the CDK
 * CLI gave it a region.
 *
 * @example
 * nagResource(stack, stack.formatArn({ service: 'sns', resource: '*' })); // arn:<AWS::Partition>:sns:eu-west-1:123456789012:*
 */
export function nagResource(stack: Stack, resource: string): string {
  return flattenCfnReference(stack.resolve(resource));
}

/** The CDK assets bucket `cdk bootstrap` creates, which the stack's default synthesizer uploads to. */
function assetBucketName(stack: Stack): string {
  const synthesizer = stack.synthesizer;
  if (!(synthesizer instanceof DefaultStackSynthesizer))
    throw new Error(
      'Rapport acknowledges the BucketDeployment policy for the default stack synthesizer only',
    );
  // The template's placeholders are CloudFormation-style `${Name}`, filled from the stack.
  const values: Record<string, string> = {
    Qualifier: synthesizer.bootstrapQualifier ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER,
    'AWS::AccountId': stack.account,
    'AWS::Region': stack.region,
  };
  return DefaultStackSynthesizer.DEFAULT_FILE_ASSETS_BUCKET_NAME.replace(
    /\$\{([^}]+)\}/g,
    (placeholder, name: string) => values[name] ?? placeholder,
  );
}
