import { Duration } from 'aws-cdk-lib';
import { Dashboard, GraphWidget, type IMetric, MathExpression } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

const period = Duration.minutes(5);

/** A graph of every metric a CloudWatch search finds (dashboards, unlike alarms, may search). */
const search = (query: string, statistic: string, label: string): IMetric =>
  new MathExpression({
    expression: `SEARCH('${query}', '${statistic}', 300)`,
    usingMetrics: {},
    label,
    period,
  });

/**
 * The operator's CloudWatch dashboard: webhooks per channel and outcome (received, duplicates,
 * rejected, quarantined), alerts per destination type (sent, failed) and their latency, the
 * relay's lag, every dead-letter queue, every function's errors, and the messages to customers
 * that failed for a reason of ours.
 *
 * @example
 * new OperationsDashboard(this, 'Operations', { relay, functions, deadLetterQueues });
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(
    scope: Construct,
    id: string,
    props: {
      relay: IFunction;
      functions: ReadonlyArray<IFunction>;
      deadLetterQueues: ReadonlyArray<{ id: string; queue: IQueue }>;
    },
  ) {
    super(scope, id);
    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(24) });
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Webhooks per channel and outcome',
        left: [search('{Rapport,channel,outcome} MetricName="Webhooks"', 'Sum', '')],
        width: 12,
      }),
      new GraphWidget({
        title: 'Alerts per destination type and outcome',
        left: [search('{Rapport,destinationType,outcome} MetricName="Alerts"', 'Sum', '')],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Alert latency from the event (p50, p99)',
        left: [
          search('{Rapport,destinationType} MetricName="AlertLatency"', 'p50', 'p50'),
          search('{Rapport,destinationType} MetricName="AlertLatency"', 'p99', 'p99'),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'Relay lag behind the table stream',
        left: [props.relay.metric('IteratorAge', { statistic: 'Maximum', period })],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Messages in dead-letter queues',
        left: props.deadLetterQueues.map(({ id: name, queue }) =>
          queue.metricApproximateNumberOfMessagesVisible({ period, label: name }),
        ),
        width: 12,
      }),
      new GraphWidget({
        title: 'Function errors',
        left: props.functions.map((fn) => fn.metricErrors({ period, statistic: 'Sum' })),
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Messages to customers failed for a reason of ours, per platform',
        left: [search('{Rapport,platform} MetricName="MessageFailedOurs"', 'Sum', '')],
        width: 12,
      }),
    );
  }
}
