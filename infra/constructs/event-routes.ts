import { Duration } from 'aws-cdk-lib';
import { type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { eventSource } from '../../shared/events/contracts';
import { type EventTarget, routingTable } from '../../shared/events/routing-table';
import { DeadLetterQueue } from './dead-letter-queue';

/**
 * One EventBridge rule per consumer, generated from the shared routing table, each target with a
 * retry policy and its own alarmed dead-letter queue, which also receives the events the
 * function itself failed on after Lambda's retries.
 *
 * @example
 * new EventRoutes(this, 'Routes', { bus, alarms, targets: { score: scoreFn, notify: notifyFn } });
 */
export class EventRoutes extends Construct {
  readonly rules: Record<EventTarget, Rule>;
  readonly deadLetterQueues: Record<EventTarget, DeadLetterQueue>;

  constructor(
    scope: Construct,
    id: string,
    props: { bus: IEventBus; alarms: ITopic; targets: Record<EventTarget, IFunction> },
  ) {
    super(scope, id);
    const rules = {} as Record<EventTarget, Rule>;
    const queues = {} as Record<EventTarget, DeadLetterQueue>;
    for (const target of Object.keys(routingTable) as EventTarget[]) {
      const dlq = new DeadLetterQueue(this, `${target}-dlq`, props.alarms);
      const rule = new Rule(this, `${target}-rule`, {
        eventBus: props.bus,
        description: `Canonical events routed to ${target}`,
        eventPattern: { source: [eventSource], detailType: [...routingTable[target]] },
      });
      rule.addTarget(
        new LambdaFunction(props.targets[target], {
          retryAttempts: 8,
          maxEventAge: Duration.hours(6),
          deadLetterQueue: dlq.queue,
        }),
      );
      // EventBridge invokes asynchronously: its retry policy and DLQ cover failing to invoke; a
      // function that throws is retried by Lambda, and what still fails must land in the same DLQ.
      props.targets[target].configureAsyncInvoke({
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
        onFailure: new SqsDestination(dlq.queue),
      });
      rules[target] = rule;
      queues[target] = dlq;
    }
    this.rules = rules;
    this.deadLetterQueues = queues;
  }
}
