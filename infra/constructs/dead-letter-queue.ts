import { Duration } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { addAlarm } from './alarms';

/**
 * An encrypted SQS dead-letter queue that keeps messages 14 days, with an alarm as soon as
 * anything lands in it.
 *
 * @example
 * const { queue } = new DeadLetterQueue(this, 'ScoreDlq', alarmTopic);
 */
export class DeadLetterQueue extends Construct {
  readonly queue: Queue;
  readonly alarm: Alarm;

  constructor(scope: Construct, id: string, alarms: ITopic) {
    super(scope, id);
    this.queue = new Queue(this, 'Queue', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.alarm = addAlarm(this, 'NotEmpty', alarms, {
      description: `Messages are waiting in dead-letter queue ${id}: an event was not processed.`,
      metric: this.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
    });
  }
}
