import type { CanonicalEvent } from '../../shared/events/contracts';
import type { Logger } from '../../shared/observability/logger';

/** How handling one event ended. */
export type NotifyResult = { kind: 'received'; eventId: string; type: string };

/**
 * Receives every event routed to marketers' alerts. Alert rules, destinations, throttling and
 * the alert log arrive with the alerts issue; until then this records what it received and sends
 * nothing (no fake alerts).
 *
 * @example
 * await notifyMarketers({ log }, event); // { kind: 'received', ... }
 */
export async function notifyMarketers(deps: { log: Logger }, event: CanonicalEvent): Promise<NotifyResult> {
  deps.log.info('event received; alert rules are not built yet', {
    eventId: event.id,
    type: event.type,
    customerId: event.customerId,
  });
  return { kind: 'received', eventId: event.id, type: event.type };
}
