import {
  CloudFormationClient,
  DescribeStacksCommand,
  paginateListStackResources,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { DeployedStack } from './deployed-stack';

/**
 * A deployed Rapport stack through the AWS SDK, with the operator's credentials and region.
 *
 * @example
 * const stack = awsStack('Rapport');
 * console.log((await stack.outputs()).ApiUrl);
 */
export function awsStack(stackName: string): DeployedStack {
  const cloudFormation = new CloudFormationClient({});
  const sqs = new SQSClient({});
  const lambda = new LambdaClient({});
  const secrets = new SecretsManagerClient({});
  const cloudWatch = new CloudWatchClient({});
  const cognito = new CognitoIdentityProviderClient({});
  return {
    async outputs() {
      const result = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
      const outputs = result.Stacks?.[0]?.Outputs ?? [];
      return Object.fromEntries(outputs.map((output) => [output.OutputKey ?? '', output.OutputValue ?? '']));
    },
    async deadLetterQueues() {
      const queues: Array<{ logicalId: string; url: string }> = [];
      for await (const page of paginateListStackResources(
        { client: cloudFormation },
        { StackName: stackName },
      )) {
        for (const resource of page.StackResourceSummaries ?? []) {
          if (resource.ResourceType === 'AWS::SQS::Queue' && resource.PhysicalResourceId) {
            queues.push({ logicalId: resource.LogicalResourceId ?? '', url: resource.PhysicalResourceId });
          }
        }
      }
      return queues;
    },
    async queueDepth(url) {
      const result = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
      );
      return Number(result.Attributes?.ApproximateNumberOfMessages ?? 0);
    },
    async receive(url) {
      const result = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 60,
          MessageAttributeNames: ['All'],
        }),
      );
      return (result.Messages ?? []).map((message) => ({
        receiptHandle: message.ReceiptHandle ?? '',
        body: message.Body ?? '',
        attributes: Object.fromEntries(
          Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
            name,
            value.StringValue ?? '',
          ]),
        ),
      }));
    },
    async deleteMessage(url, receiptHandle) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: receiptHandle }));
    },
    async invokeAsync(functionArn, payload) {
      await lambda.send(
        new InvokeCommand({
          FunctionName: functionArn,
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify(payload)),
        }),
      );
    },
    async secretIsSet(arn) {
      const result = await secrets.send(new GetSecretValueCommand({ SecretId: arn }));
      return Boolean(result.SecretString) && result.SecretString !== 'SET-ME';
    },
    async putSecret(arn, value) {
      await secrets.send(new PutSecretValueCommand({ SecretId: arn, SecretString: value }));
    },
    async lastStoredWebhook(channel) {
      const now = Date.now();
      const result = await cloudWatch.send(
        new GetMetricDataCommand({
          StartTime: new Date(now - 14 * 86_400_000),
          EndTime: new Date(now),
          ScanBy: 'TimestampDescending',
          MetricDataQueries: [
            {
              Id: 'stored',
              MetricStat: {
                Metric: {
                  Namespace: 'Rapport',
                  MetricName: 'Webhooks',
                  Dimensions: [
                    { Name: 'channel', Value: channel },
                    { Name: 'outcome', Value: 'stored' },
                  ],
                },
                Period: 300,
                Stat: 'Sum',
              },
            },
          ],
        }),
      );
      const series = result.MetricDataResults?.[0];
      const index = (series?.Values ?? []).findIndex((value) => value > 0);
      return index >= 0 ? series?.Timestamps?.[index] : undefined;
    },
    async alarmsInAlarm() {
      const result = await cloudWatch.send(
        new DescribeAlarmsCommand({ AlarmNamePrefix: stackName, StateValue: 'ALARM', MaxRecords: 100 }),
      );
      return (result.MetricAlarms ?? []).map((alarm) => ({
        name: alarm.AlarmName ?? '',
        reason: alarm.StateReason ?? '',
      }));
    },
    async addUser(userPoolId, email, group) {
      await cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: email,
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'email_verified', Value: 'true' },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
      await cognito.send(
        new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName: group }),
      );
    },
  };
}
