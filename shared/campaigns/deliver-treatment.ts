import type { Stored } from '../alerts/alert-config-repository';
import { failedForGood, nextAlertStep } from '../alerts/alert-lifecycle';
import { type AlertContent, customerSummary } from '../alerts/alert-message';
import type { AlertRecord, AlertStatus } from '../alerts/alert-record';
import { type AlertDeliveryDeps, alertIdFor, resumeAlert, sendAlertNow } from '../alerts/deliver-alert';
import type { Destination } from '../alerts/destination';
import type { Customer } from '../domain/customer';
import type { EventOf } from '../events/contracts';
import type { Campaign } from './campaign';
import type { CampaignRepository } from './campaign-repository';

/** What delivering a treatment member needs: the alert log and sending, and the member's record. */
export interface TreatmentDeliveryDeps extends AlertDeliveryDeps {
  campaigns: Pick<CampaignRepository, 'recordDelivered'>;
}

/**
 * Where a treatment member's delivery to one destination stands: as the alert log says (`sent`,
 * `held` through quiet hours or a spent allowance for the held-alert sweep, `sending` by another
 * invocation, `failed`), or `delivered_before` (the member records it: a redelivered event).
 */
export type TreatmentDeliveryStatus = AlertStatus | 'delivered_before';

/**
 * Who sends a campaign's deliveries, as receivers and the alert log name it: `campaign-<id>` and
 * the campaign's name (it is not an alert rule; no rule with this id exists).
 *
 * @example
 * campaignSender({ id: 'cmp_1', name: 'Win back' }); // { id: 'campaign-cmp_1', name: 'Win back' }
 */
export function campaignSender(campaign: Pick<Campaign, 'id' | 'name'>): { id: string; name: string } {
  return { id: `campaign-${campaign.id}`, name: campaign.name };
}

/**
 * Delivers a treatment member to each of its campaign's destinations it has not been delivered to
 * yet, in parallel. Each delivery is one entry of the alert log (id from campaign, event and
 * destination, as before campaigns had their own consumer), sent through the alert lifecycle:
 * the signed bodies, retries with backoff (`shared/delivery`), quiet hours and robots' allowances
 * (held for the held-alert sweep), `alert.sent` on the customer's timeline. A destination that
 * received it is recorded on the member with a conditional update, so a redelivered event sends
 * only what is not yet sent; a delivery another attempt left unfinished is taken up again, one
 * that failed for good is not.
 *
 * @example
 * await deliverTreatment(deps, { campaign, deliveredTo: [], event, customer, destinations });
 * // { 'dest-1': 'sent', 'dest-2': 'held' }
 */
export async function deliverTreatment(
  deps: TreatmentDeliveryDeps,
  input: {
    campaign: Campaign;
    deliveredTo: ReadonlyArray<string>;
    event: EventOf<'campaign.enrolled'>;
    customer: Customer;
    destinations: ReadonlyMap<string, Stored<Destination>>;
  },
): Promise<Record<string, TreatmentDeliveryStatus>> {
  const { campaign, event, customer } = input;
  const sender = campaignSender(campaign);
  const summary = customerSummary(customer);
  const entries = await Promise.all(
    campaign.destinations.map(async (destinationId): Promise<[string, TreatmentDeliveryStatus] | []> => {
      if (input.deliveredTo.includes(destinationId)) return [destinationId, 'delivered_before'];
      const destination = input.destinations.get(destinationId);
      if (!destination) {
        deps.log.warn('a campaign names a destination that no longer exists', {
          campaignId: campaign.id,
          destinationId,
        });
        return [];
      }
      const id = alertIdFor(sender.id, event.id, destination.id);
      const content: AlertContent = { alertId: id, rule: sender, event, customer: summary };
      const status = await deliverOnce(deps, destination, content, {
        id,
        customerId: customer.id,
        ruleId: sender.id,
        ruleName: sender.name,
        eventId: event.id,
        eventType: event.type,
        ...(summary.name ? { customerName: summary.name } : {}),
        destinationId: destination.id,
        destinationType: destination.type,
        status: 'sending',
        attempts: 0,
        createdAt: deps.clock.now().toISOString(),
        occurredAt: event.occurredAt,
      });
      // Erased since the event: nothing to deliver.
      if (status === undefined) return [];
      if (status === 'sent' || status === 'delivered_before') {
        await deps.campaigns.recordDelivered(event.customerId, campaign.id, destination.id);
      }
      return [destinationId, status];
    }),
  );
  return Object.fromEntries(entries.filter((entry) => entry.length === 2));
}

/** One destination: logs the delivery and sends it (or holds it), or takes up an earlier attempt. */
async function deliverOnce(
  deps: TreatmentDeliveryDeps,
  destination: Stored<Destination>,
  content: AlertContent,
  sending: AlertRecord,
): Promise<TreatmentDeliveryStatus | undefined> {
  const now = deps.clock.now();
  const step = nextAlertStep({ kind: 'new', quietHours: destination.quietHours }, now);
  const record: AlertRecord =
    step.kind === 'hold'
      ? {
          ...sending,
          status: 'held',
          content,
          heldUntil: step.until.toISOString(),
          heldBecause: step.because,
        }
      : sending;
  if (await deps.alerts.create(record, now)) {
    if (step.kind === 'hold') return 'held';
    return sendAlertNow(deps, record, content, destination, { leased: true, by: 'event' });
  }
  // A redelivered event: the log has this delivery already.
  const stored = await deps.alerts.get(record);
  if (!stored) return undefined;
  if (stored.status === 'sent') return 'delivered_before';
  if (failedForGood(stored)) return 'failed';
  if (stored.status === 'held' || stored.status === 'digested') return stored.status;
  return resumeAlert(deps, stored, stored.content ?? content, {}, destination);
}
