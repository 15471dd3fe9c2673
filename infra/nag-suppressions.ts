import { type CfnElement, type Stack, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';

/**
 * Every cdk-nag AwsSolutions finding Rapport accepts, each with the reason it is right here.
 *
 * @example
 * acknowledgeNagFindings(stack, table);
 */
export function acknowledgeNagFindings(stack: Stack, table: Table): void {
  const tableId = stack.getLogicalId(table.node.defaultChild as CfnElement);
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
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sns:<AWS::Region>:<AWS::AccountId>:*]',
      reason:
        'Alert destinations are SNS topics marketers choose at run time; publishing is limited to topics of this account.',
    },
    {
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]',
      reason:
        'Alert emails are sent from ALERT_EMAIL_FROM, an identity the operator verifies in SES; SES itself refuses unverified senders.',
    },
    {
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:configuration-set/*]',
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
        'Webhook secrets are issued by each platform (Shopify, Stripe, ...); AWS cannot rotate them. Operators replace them when the platform rotates.',
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
      'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
      `Resource::<${bucketId}.Arn>/*`,
    ].map((appliesTo) => ({ id: `AwsSolutions-IAM5[${appliesTo}]`, reason: deployment })),
  ];
  for (const finding of findings) {
    Validations.of(stack).acknowledge({ ...finding, id: `AwsSolutions::${finding.id}` });
  }
}
