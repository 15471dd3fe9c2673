import { Duration } from 'aws-cdk-lib';
import { type Alarm, MathExpression, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { outboundPlatforms } from '../../shared/outbound/platform-sender';
import { addAlarm } from './alarms';

/**
 * An alarm when a message to a customer failed for a reason only the operator can fix (a token
 * missing, expired or refused, a template not approved, a payload the platform rejects): the
 * sending functions count `Rapport/MessageFailedOurs` by `platform`. Failures of the customer's
 * making (blocked the bot, opted out) are not counted and do not page anyone.
 *
 * @example
 * addMessageFailureAlarm(this, alarms.topic);
 */
export function addMessageFailureAlarm(scope: Construct, alarms: ITopic): Alarm {
  return addAlarm(scope, 'MessageFailedOurs', alarms, {
    description:
      'A message to a customer failed for a reason of ours (a platform token missing or refused, a template, a payload): see the platform dimension of Rapport/MessageFailedOurs and the failed message’s reason in the Inbox or the send-messages logs.',
    // Alarms cannot use SEARCH: the sum of each platform's metric, named one by one (9 of 10).
    metric: new MathExpression({
      expression: outboundPlatforms.map((_, index) => `m${index}`).join('+'),
      usingMetrics: Object.fromEntries(
        outboundPlatforms.map((platform, index) => [
          `m${index}`,
          new Metric({
            namespace: 'Rapport',
            metricName: 'MessageFailedOurs',
            dimensionsMap: { platform },
            statistic: 'Sum',
            period: Duration.minutes(5),
          }),
        ]),
      ),
      label: 'MessageFailedOurs',
      period: Duration.minutes(5),
    }),
  });
}
