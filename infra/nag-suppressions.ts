import { type CfnElement, type Stack, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';

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
