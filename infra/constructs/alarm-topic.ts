import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/**
 * The SNS topic every alarm notifies, with the operator's email subscribed when one is given at
 * deploy time (`cdk deploy -c alarmEmail=ops@example.com`); more subscribers (chat, paging) can be
 * added to the topic in the console. Alarms reach it through `addAlarm` (`alarms.ts`).
 *
 * @example
 * const alarms = new AlarmTopic(this, 'Alarms', { email: 'ops@example.com' });
 * addAlarm(this, 'Late', alarms.topic, { description: 'Events are late.', metric });
 */
export class AlarmTopic extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: { email?: string } = {}) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'Rapport alarms', enforceSSL: true });
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));
  }
}
