import { Duration } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { addAlarm } from './alarms';
import { DeadLetterQueue } from './dead-letter-queue';
import type { FunctionCatalog } from './function-catalog';
import type { RapportFunction } from './rapport-function';

/** The relay and the queues of what it could not deliver. */
export interface EventPath {
  /** `functions/relay-events/`, reading the table's stream. */
  relay: RapportFunction;
  /** Keys of records the relay could not turn into their event (its binding sends to it). */
  unpublishableRecords: IQueue;
  /** Both queues, named for the operations dashboard. */
  deadLetterQueues: Array<{ id: string; queue: IQueue }>;
}

/**
 * The transactional outbox: the table's stream relayed to the bus by `relay-events`, in batches,
 * bisecting a failing batch and retrying for the stream's whole retention before a pointer goes
 * to its alarmed dead-letter queue; a queue for the keys of records it could not turn into their
 * event; and alarms when the relay falls behind or records cannot be published.
 *
 * Created in the given scope (the stack) with the ids they have always had, so that their
 * logical ids do not change.
 *
 * @example
 * const { relay, unpublishableRecords } = addEventPath(this, { functions, table, alarms: alarms.topic });
 */
export function addEventPath(
  scope: Construct,
  props: { functions: FunctionCatalog; table: ITable; alarms: ITopic },
): EventPath {
  const relay = props.functions.define('relay-events', { timeout: Duration.seconds(60) });
  const relayDlq = new DeadLetterQueue(scope, 'relay-dlq', props.alarms);
  // Keys of the records the relay could not turn into their event, after retrying for a while:
  // the items stay in the table, and these keys let them be published again once fixed.
  const unpublishable = new DeadLetterQueue(scope, 'relay-unpublishable', props.alarms);
  relay.fn.addEventSource(
    new DynamoEventSource(props.table, {
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      maxBatchingWindow: Duration.seconds(1),
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      // Retry for the stream's whole 24-hour retention; only then does a pointer go to the DLQ.
      maxRecordAge: Duration.hours(24),
      onFailure: new SqsDlq(relayDlq.queue),
    }),
  );
  addAlarm(scope, 'RelayIteratorAge', props.alarms, {
    description: 'The relay is more than 5 minutes behind the table stream: events are delayed.',
    metric: relay.fn.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) }),
    threshold: 5 * 60_000,
    evaluationPeriods: 3,
  });
  addAlarm(scope, 'RelayUnpublishableRecords', props.alarms, {
    description:
      'The relay could not turn table items into their events for 10 minutes: their keys are in the relay-unpublishable queue and the items in the table. Fix the cause and publish them again (docs/runbook.md).',
    metric: new Metric({
      namespace: 'Rapport',
      metricName: 'UnpublishableRecord',
      dimensionsMap: { function: 'relay-events' },
      statistic: 'Sum',
      period: Duration.minutes(5),
    }),
  });
  return {
    relay,
    unpublishableRecords: unpublishable.queue,
    deadLetterQueues: [
      { id: 'relay', queue: relayDlq.queue },
      { id: 'relay-unpublishable', queue: unpublishable.queue },
    ],
  };
}
