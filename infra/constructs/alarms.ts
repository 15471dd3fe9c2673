import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

/** What an alarm watches, and what a person reads when it fires. */
export interface AlarmProps {
  /** The alarm's description: what is wrong, and where to look. */
  description: string;
  metric: IMetric;
  /** The alarm fires above this value; 0 (anything at all) unless given. */
  threshold?: number;
  /** Consecutive periods above the threshold before it fires; 1 unless given. */
  evaluationPeriods?: number;
}

/**
 * A CloudWatch alarm in Rapport's one shape: it fires when the metric goes above the threshold
 * (by default anything above 0), no data is not a problem, and both its state changes, into
 * alarm and back to OK, go to the alarm topic.
 *
 * @example
 * addAlarm(this, 'RelayIteratorAge', alarms.topic, {
 *   description: 'The relay is more than 5 minutes behind the table stream.',
 *   metric: relay.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) }),
 *   threshold: 5 * 60_000,
 *   evaluationPeriods: 3,
 * });
 */
export function addAlarm(scope: Construct, id: string, topic: ITopic, props: AlarmProps): Alarm {
  const alarm = new Alarm(scope, id, {
    alarmDescription: props.description,
    metric: props.metric,
    threshold: props.threshold ?? 0,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: props.evaluationPeriods ?? 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  const action = new SnsAction(topic);
  alarm.addAlarmAction(action);
  alarm.addOkAction(action);
  return alarm;
}
