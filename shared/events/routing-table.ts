import { type EventType, eventTypes } from './contracts';

/** The functions that consume canonical events from the bus. */
export type EventTarget = 'score' | 'notify';

/**
 * Which event types each consumer receives. The CDK rules and the local bus are both generated
 * from this table, so what runs on a laptop is routed exactly as in AWS.
 * `score` never receives `customer.scored`, which it produces (no loops).
 *
 * @example
 * routingTable.score.includes('order.placed'); // true
 */
export const routingTable: Record<EventTarget, ReadonlyArray<EventType>> = {
  score: eventTypes.filter((type) => type !== 'customer.scored' && type !== 'alert.sent'),
  notify: eventTypes.filter((type) => type !== 'customer.merged' && type !== 'alert.sent'),
};

/**
 * The targets an event type is routed to.
 *
 * @example
 * targetsFor('customer.scored'); // ['notify']
 */
export function targetsFor(type: string): EventTarget[] {
  return (Object.keys(routingTable) as EventTarget[]).filter((target) =>
    routingTable[target].includes(type as EventType),
  );
}
