import { Duration } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type EventTarget, eventTargetFunctions } from '../../shared/events/routing-table';
import { EventRoutes } from './event-routes';
import type { FunctionCatalog } from './function-catalog';
import type { RapportFunction } from './rapport-function';

/** How long each consumer may run on one event. */
const consumerTimeouts: Record<EventTarget, Duration> = {
  score: Duration.seconds(30),
  // Alerts: destinations in parallel, each within a 20 s retry budget.
  notify: Duration.seconds(60),
  merge: Duration.seconds(30),
  // A treatment member's destinations in parallel, each within a 20 s retry budget, like alerts.
  campaigns: Duration.seconds(60),
  // One message: up to three attempts of 10 s each within a 20 s retry budget, then settled.
  send: Duration.seconds(90),
};

/** The consumers and their routes. */
export interface Consumers {
  /** Each consumer's function (`eventTargetFunctions`). */
  functions: Record<EventTarget, RapportFunction>;
  routes: EventRoutes;
  /** Each consumer's dead-letter queue, named for the operations dashboard. */
  deadLetterQueues: Array<{ id: string; queue: IQueue }>;
}

/**
 * The functions that consume the bus's events, one per target of the shared routing table, each
 * routed with retries and its own alarmed dead-letter queue (`EventRoutes`).
 *
 * The functions are created in the given scope (the stack) with the ids they have always had,
 * so that their logical ids do not change.
 *
 * @example
 * const consumers = addConsumers(this, { functions, bus, alarms: alarms.topic });
 * consumers.functions.notify.fn; // the notify-marketers Lambda function
 */
export function addConsumers(
  scope: Construct,
  props: { functions: FunctionCatalog; bus: IEventBus; alarms: ITopic },
): Consumers {
  const targets = Object.keys(eventTargetFunctions) as EventTarget[];
  const functions = Object.fromEntries(
    targets.map((target) => [
      target,
      props.functions.define(eventTargetFunctions[target], { timeout: consumerTimeouts[target] }),
    ]),
  ) as Record<EventTarget, RapportFunction>;
  const targetFunctions = {} as Record<EventTarget, IFunction>;
  for (const target of targets) targetFunctions[target] = functions[target].fn;
  const routes = new EventRoutes(scope, 'Routes', {
    bus: props.bus,
    alarms: props.alarms,
    targets: targetFunctions,
  });
  return {
    functions,
    routes,
    deadLetterQueues: Object.entries(routes.deadLetterQueues).map(([target, dlq]) => ({
      id: target,
      queue: dlq.queue,
    })),
  };
}
