import type { AlertConfigCache } from '../../shared/alerts/alert-config-cache';
import type { Stored } from '../../shared/alerts/alert-config-repository';
import { failedForGood, nextAlertStep } from '../../shared/alerts/alert-lifecycle';
import { type AlertContent, customerSummary } from '../../shared/alerts/alert-message';
import type { AlertRecord, AlertStatus } from '../../shared/alerts/alert-record';
import type { AlertRule } from '../../shared/alerts/alert-rule';
import {
  type AlertDeliveryDeps,
  alertIdFor,
  digestFor,
  resumeAlert,
  sendAlertNow,
} from '../../shared/alerts/deliver-alert';
import type { Destination } from '../../shared/alerts/destination';
import { evaluateRule } from '../../shared/alerts/evaluate-rule';
import type { CustomerGroupRepository } from '../../shared/customers/customer-group-repository';
import { customerFromGroup } from '../../shared/customers/customer-item';
import type { Customer } from '../../shared/domain/customer';
import { durationMs } from '../../shared/domain/durations';
import type { CanonicalEvent } from '../../shared/events/contracts';

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
  if (rule.throttle) {
    const until = new Date(now.getTime() + durationMs(rule.throttle.perCustomer)).toISOString();
    const taken = await deps.alerts.takeThrottle(
      { ruleId: rule.id, customerId: customer.id, eventId: event.id, until },
      createdAt,
    );
    if (!taken) return { ruleId: rule.id, outcome: 'throttled' as const, alerts: {} };
  }
  const summary = customerSummary(customer);
  const contentOf = (alertId: string): AlertContent => ({
    alertId,
    rule: { id: rule.id, name: rule.name },
    event,
    customer: summary,
  });
  let created = false;
  const statuses = await Promise.all(
    targets.map(async (destination): Promise<[string, AlertStatus] | undefined> => {
      const id = alertIdFor(rule.id, event.id, destination.id);
      const content = contentOf(id);
      const step = nextAlertStep(
        {
          kind: 'new',
          ...(rule.digest ? { digestEvery: rule.digest.every } : {}),
          quietHours: destination.quietHours,
        },
        now,
      );
      const record: AlertRecord = {
        id,
        customerId: customer.id,
        ruleId: rule.id,
        ruleName: rule.name,
        eventId: event.id,
        eventType: event.type,
        ...(summary.name ? { customerName: summary.name } : {}),
        destinationId: destination.id,
        destinationType: destination.type,
        status: step.kind === 'send-now' ? 'sending' : step.kind === 'hold' ? 'held' : 'pending',
        attempts: 0,
        createdAt,
        occurredAt: event.occurredAt,
        // Only an alert that waits keeps what it says; one sent now is written from the event.
        ...(step.kind === 'send-now' ? {} : { content }),
        ...(step.kind === 'hold' ? { heldUntil: step.until.toISOString(), heldBecause: step.because } : {}),
      };
      if (await deps.alerts.create(record, now)) {
        created = true;
        if (step.kind === 'send-now') {
          return [id, await sendAlertNow(deps, record, content, destination, { leased: true, by: 'event' })];
        }
        if (step.kind === 'add-to-digest') {
          await deps.alerts.addToDigest(
            record,
            content,
            digestFor(rule.id, destination.id, rule.digest?.every ?? 'PT1H', now),
          );
          return [id, 'digested'];
        }
        return [id, 'held'];
      }
      // A redelivered event: finish what the earlier attempt did not.
      const stored = await deps.alerts.get(record);
      if (!stored) return undefined;
      // A destination that refused for good (a bad URL or signature) is not tried again by a retry.
      if (failedForGood(stored)) return [id, 'failed'];
      if (!unfinished.has(stored.status)) return undefined;
      return [id, await resumeAlert(deps, stored, stored.content ?? content, rule, destination)];
    }),
  );
  return {
    ruleId: rule.id,
    outcome: created ? ('alerted' as const) : ('resumed' as const),
    alerts: Object.fromEntries(statuses.filter((entry) => entry !== undefined)),
  };
}
