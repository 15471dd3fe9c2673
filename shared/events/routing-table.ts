import type { FunctionName } from '../config/function-bindings';
import { type EventType, eventTypes, goalEventTypes } from './contracts';

/** The functions that consume canonical events from the bus. */
export type EventTarget = 'score' | 'notify' | 'merge' | 'campaigns' | 'send';

/**
 * The function behind each consumer (`functions/<name>/`).
 *
 * @example
 * eventTargetFunctions.merge; // 'merge-customers'
 */
export const eventTargetFunctions: Record<EventTarget, FunctionName> = {
  score: 'score-customer',
  notify: 'notify-marketers',
  merge: 'merge-customers',
  campaigns: 'run-campaigns',
  send: 'send-messages',
};

/** Events of Rapport's own messages to customers: scoring does not read them. */
const outboundEventTypes: ReadonlyArray<EventType> = [
  'message.queued',
  'message.sent',
  'message.status_changed',
  'consent.changed',
];

/**
 * Which event types each consumer receives. The CDK rules and the local bus are both generated
 * from this table, so what runs on a laptop is routed exactly as in AWS.
 * `score` never receives `customer.scored`, which it produces (no loops); `merge` receives only
 * `customer.linked` (two customers found to share an identity) and decides to merge or to ask a person;
 * `campaigns` receives what enrols (`customer.scored`), what converts (the goal events) and
 * `campaign.enrolled` (a member to message or deliver) and the statuses of campaign messages
 * (`message.sent`, `message.status_changed`); `send` receives `message.queued` (a reply
 * stored for sending) and nothing else.
 *
 * @example
 * routingTable.score.includes('order.placed'); // true
 */
export const routingTable: Record<EventTarget, ReadonlyArray<EventType>> = {
  score: eventTypes.filter(
    (type) =>
      type !== 'customer.scored' &&
      type !== 'alert.sent' &&
      type !== 'customer.linked' &&
      type !== 'campaign.enrolled' &&
      !outboundEventTypes.includes(type),
  ),
  notify: eventTypes.filter(
    (type) =>
      type !== 'customer.merged' &&
      type !== 'customer.unmerged' &&
      type !== 'customer.linked' &&
      type !== 'alert.sent' &&
      type !== 'message.queued',
  ),
  merge: ['customer.linked'],
  campaigns: [
    'customer.scored',
    ...goalEventTypes,
    'campaign.enrolled',
    'message.sent',
    'message.status_changed',
  ],
  send: ['message.queued'],
};

/**
 * The targets an event type is routed to.
 *
 * @example
 * targetsFor('customer.scored'); // ['notify', 'campaigns']
 */
export function targetsFor(type: string): EventTarget[] {
  return (Object.keys(routingTable) as EventTarget[]).filter((target) =>
    routingTable[target].includes(type as EventType),
  );
}
