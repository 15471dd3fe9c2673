import type { AlertConfigCache } from '../../shared/alerts/alert-config-cache';
import { customerSummary } from '../../shared/alerts/alert-message';
import type { AlertRule } from '../../shared/alerts/alert-rule';
import { type AlertDeliveryDeps, alertIdFor, routeAlert } from '../../shared/alerts/deliver-alert';
import type { Destination } from '../../shared/alerts/destination';
import { evaluateRule } from '../../shared/alerts/evaluate-rule';
import type { Customer } from '../../shared/domain/customer';
import { durationMs } from '../../shared/domain/durations';
import type { CanonicalEvent } from '../../shared/events/contracts';
import type { Stored } from '../../shared/store/alert-config-repository';
import type { AlertRecord, AlertStatus } from '../../shared/store/alert-repository';
import type { CustomerGroupRepository } from '../../shared/store/customer-group-repository';
import { customerFromGroup } from '../../shared/store/customer-item';

/** What `notify` needs. */
export interface NotifyDeps extends AlertDeliveryDeps {
  config: AlertConfigCache;
  groups: CustomerGroupRepository;
  baseCurrency: string;
}

/** How handling one event ended, per rule that matched. */
export type NotifyResult =
  | { kind: 'no_rules'; eventId: string }
  | { kind: 'no_customer'; eventId: string }
  | {
      kind: 'evaluated';
      eventId: string;
      rules: Array<{
        ruleId: string;
        outcome: 'throttled' | 'alerted' | 'resumed';
        alerts: Record<string, AlertStatus>;
      }>;
    };

/** Some alerts of an event could not be delivered: the event is retried (then dead-lettered). */
export class AlertsNotDeliveredError extends Error {
  override name = 'AlertsNotDeliveredError';
}

/** Statuses a redelivered event takes up again: alerts the earlier attempt did not finish. */
const unfinished = new Set<AlertStatus>(['pending', 'sending', 'failed']);

/**
 * Evaluates every enabled rule on the event's type against the event and the customer after it,
 * and alerts each matching rule's destinations: once per rule, event and destination (the alert
 * id is derived from them, so EventBridge delivering the event twice alerts once), at most once
 * per customer within the rule's throttle window (a TTL item per rule and customer, taken in
 * the same transaction). Destinations are served in parallel, so a slow or failing one never
 * delays the others. When a delivery fails, the alert log says why and the invocation fails so
 * the event is retried; a retry sends only what is not yet sent.
 *
 * @example
 * await notifyMarketers(deps, event); // { kind: 'evaluated', rules: [{ ruleId, outcome: 'alerted', alerts: { '5c1e…': 'sent' } }] }
 */
export async function notifyMarketers(deps: NotifyDeps, event: CanonicalEvent): Promise<NotifyResult> {
  const now = deps.clock.now();
  const config = await deps.config.current(now);
  const candidates = config.rules.filter((rule) => rule.enabled && rule.on === event.type);
  if (candidates.length === 0) return { kind: 'no_rules', eventId: event.id };
  const group = await deps.groups.get(event.customerId);
  if (!group) {
    // Erased since the event: nothing to alert about.
    deps.log.info('no customer for the event; no alert', { eventId: event.id });
    return { kind: 'no_customer', eventId: event.id };
  }
  const customer = customerFromGroup(group, deps.baseCurrency);
  const matching = candidates.filter(
    (rule) => evaluateRule(rule, { event, customer: customer as unknown as Record<string, unknown> }).matches,
  );
  const rules = await Promise.all(
    matching.map((rule) => alertForRule(deps, rule, config.destinations, event, customer, now)),
  );
  const failed = rules.flatMap((rule) =>
    Object.entries(rule.alerts)
      .filter(([, status]) => status === 'failed')
      .map(([id]) => id),
  );
  if (failed.length > 0) {
    throw new AlertsNotDeliveredError(`alerts not delivered (see GET /api/alerts): ${failed.join(', ')}`);
  }
  return { kind: 'evaluated', eventId: event.id, rules };
}

async function alertForRule(
  deps: NotifyDeps,
  rule: Stored<AlertRule>,
  destinations: Map<string, Stored<Destination>>,
  event: CanonicalEvent,
  customer: Customer,
  now: Date,
) {
  const targets = rule.destinations.flatMap((id) => destinations.get(id) ?? []);
  if (targets.length < rule.destinations.length) {
    deps.log.warn('a rule names a destination that no longer exists', { ruleId: rule.id });
  }
  const createdAt = now.toISOString();
  const summary = customerSummary(customer);
  const records: AlertRecord[] = targets.map((destination) => {
    const id = alertIdFor(rule.id, event.id, destination.id);
    return {
      id,
      ruleId: rule.id,
      ruleName: rule.name,
      eventId: event.id,
      eventType: event.type,
      customerId: customer.id,
      destinationId: destination.id,
      destinationType: destination.type,
      status: 'pending',
      attempts: 0,
      createdAt,
      occurredAt: event.occurredAt,
      content: { alertId: id, rule: { id: rule.id, name: rule.name }, event, customer: summary },
    };
  });
  const throttle = rule.throttle
    ? {
        ruleId: rule.id,
        customerId: customer.id,
        until: new Date(now.getTime() + durationMs(rule.throttle.perCustomer)).toISOString(),
      }
    : undefined;
  const claim = await deps.alerts.claim(records, throttle, createdAt);
  if (claim.kind === 'throttled') return { ruleId: rule.id, outcome: 'throttled' as const, alerts: {} };
  const stored =
    claim.kind === 'claimed' ? records : await deps.alerts.getMany(records.map((record) => record.id));
  // A destination that refused for good (a bad URL or signature) is not tried again by a retry.
  const permanent = stored.filter(
    (record) => record.status === 'failed' && record.lastError?.startsWith('permanent'),
  );
  const toRoute = stored.filter((record) => unfinished.has(record.status) && !permanent.includes(record));
  const statuses = await Promise.all(
    toRoute.map(async (record) => {
      const destination = destinations.get(record.destinationId);
      return [record.id, destination ? await routeAlert(deps, record, rule, destination) : 'failed'] as const;
    }),
  );
  return {
    ruleId: rule.id,
    outcome: claim.kind === 'claimed' ? ('alerted' as const) : ('resumed' as const),
    alerts: Object.fromEntries([...statuses, ...permanent.map((record) => [record.id, 'failed'] as const)]),
  };
}
