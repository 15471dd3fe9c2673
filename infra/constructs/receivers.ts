import { CfnOutput, Duration, RemovalPolicy, SecretValue, Stack } from 'aws-cdk-lib';
import { MathExpression, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { channelSecretSettings } from '../../shared/channels/channel-names';
import { type WebhookChannel, webhookChannels } from '../../shared/http/routes';
import { unsetSecretPlaceholder } from '../../shared/secrets/secret-source';
import { acknowledgeInvokeOfVersions } from '../nag-suppressions';
import { addAlarm } from './alarms';
import type { FunctionCatalog } from './function-catalog';
import type { RapportFunction } from './rapport-function';

/** The receivers, and the secrets they verify webhooks with. */
export interface Receivers {
  /** Each channel's receiver, `functions/receive-<channel>/`. */
  functions: Record<WebhookChannel, RapportFunction>;
  /** The same, as the Lambda functions the API may invoke to replay quarantined payloads. */
  lambdas: Record<WebhookChannel, IFunction>;
  /** One secret per setting of each channel (`SHOPIFY_WEBHOOK_SECRET`, ...). */
  secrets: Record<string, Secret>;
}

/**
 * One receiver per channel, and one Secrets Manager secret per setting of each channel (created
 * holding a placeholder the operator replaces, retained with the stack, its ARN an output), with
 * an alarm when a receiver cannot read its secrets. Which receiver reads which secret is its
 * binding's to say; each reads only its own channel's.
 *
 * Created in the given scope (the stack) with the ids they have always had, so that their
 * logical ids do not change.
 *
 * @example
 * const receivers = addReceivers(this, { functions, alarms: alarms.topic });
 * receivers.functions.shopify.fn; // the receive-shopify Lambda function
 */
export function addReceivers(
  scope: Construct,
  props: { functions: FunctionCatalog; alarms: ITopic },
): Receivers {
  const functions = Object.fromEntries(
    webhookChannels.map((channel) => [channel, props.functions.define(`receive-${channel}`)]),
  ) as Record<WebhookChannel, RapportFunction>;
  const lambdas = {} as Record<WebhookChannel, IFunction>;
  for (const channel of webhookChannels) lambdas[channel] = functions[channel].fn;

  const secrets: Record<string, Secret> = {};
  for (const channel of webhookChannels) {
    const { required, optional } = channelSecretSettings[channel];
    for (const setting of [...required, ...optional]) {
      secrets[setting] = new Secret(scope, `${channel}-${setting}`, {
        description: `Rapport ${channel} ${setting}. Replace ${unsetSecretPlaceholder} with the platform's value.`,
        secretStringValue: SecretValue.unsafePlainText(unsetSecretPlaceholder),
        removalPolicy: RemovalPolicy.RETAIN,
      });
      new CfnOutput(scope, `${setting.replaceAll('_', '')}Arn`, { value: secrets[setting].secretArn });
    }
  }

  addAlarm(scope, 'SecretsUnavailable', props.alarms, {
    description:
      'A receiver could not read a secret it is bound to (deleted, denied or timed out): its platform is being answered 503.',
    // Alarms cannot use SEARCH: the sum of each receiver's metric, named one by one (10, the limit).
    metric: new MathExpression({
      expression: webhookChannels.map((_, index) => `m${index}`).join('+'),
      usingMetrics: Object.fromEntries(
        webhookChannels.map((channel, index) => [
          `m${index}`,
          new Metric({
            namespace: 'Rapport',
            metricName: 'SecretUnavailable',
            dimensionsMap: { function: `receive-${channel}` },
            statistic: 'Sum',
            period: Duration.minutes(1),
          }),
        ]),
      ),
      label: 'SecretUnavailable',
      period: Duration.minutes(1),
    }),
  });

  acknowledgeInvokeOfVersions(
    Stack.of(scope),
    Object.values(lambdas),
    'The API may invoke the receivers (and their versions) to replay quarantined payloads; nothing else.',
  );
  return { functions, lambdas, secrets };
}
