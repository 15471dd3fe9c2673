import type { AlertConfigCache } from '../../shared/alerts/alert-config-cache';
import { statusAt } from '../../shared/campaigns/campaign';
import type { CampaignEventDeps } from '../../shared/campaigns/campaign-events';
import { actOnCampaigns } from '../../shared/campaigns/campaign-events';
import type { CampaignRepository } from '../../shared/campaigns/campaign-repository';
import {
  deliverTreatment,
  type TreatmentDeliveryDeps,
  type TreatmentDeliveryStatus,
} from '../../shared/campaigns/deliver-treatment';
import type { MemberDelivery } from '../../shared/campaigns/member-delivery';
import { type MessageMemberDeps, messageMember } from '../../shared/campaigns/message-member';
import type { CustomerGroupRepository } from '../../shared/customers/customer-group-repository';
import { customerFromGroup, groupCustomerIds } from '../../shared/customers/customer-item';
import { type CanonicalEvent, type EventOf, goalEventTypes } from '../../shared/events/contracts';

/** What the campaign consumer needs. */
export interface RunCampaignsDeps extends CampaignEventDeps, TreatmentDeliveryDeps, MessageMemberDeps {
  campaigns: CampaignRepository;
  /** The destinations a treatment is delivered to (the alert configuration, cached). */
  config: AlertConfigCache;
  groups: CustomerGroupRepository;
}

/** What one event did to campaigns. */
export type RunCampaignsResult =
  | {
      kind: 'ignored';
      eventId: string;
      reason: 'no live campaign concerned' | 'a control member' | 'not a campaign message';
    }
  | { kind: 'reported'; eventId: string; campaignId: string; status?: MemberDelivery['status'] }
  | { kind: 'no_customer'; eventId: string }
  | { kind: 'no_member'; eventId: string; campaignId: string }
  | { kind: 'enrolled'; eventId: string; campaigns: string[] }
  | { kind: 'counted'; eventId: string; campaigns: string[] }
  | {
      kind: 'treated';
      eventId: string;
      campaignId: string;
      deliveries: Record<string, TreatmentDeliveryStatus>;
      /** The message step's decision, for a campaign with a message. */
      message?: MemberDelivery;
    };

/**
 * Some destinations of a treatment member could not be delivered to: the event is retried (a
 * retry sends only what is not yet sent), then dead-lettered.
 */
export class TreatmentNotDeliveredError extends Error {
  override name = 'TreatmentNotDeliveredError';
}

/**
 * The campaign consumer, on the events that concern campaigns (routing table, `campaigns`):
 * - `customer.scored`: a customer who now matches a running campaign's audience is enrolled;
 * - a goal event (`order.placed`, …): a member's conversion within its window is counted once;
 * - `campaign.enrolled` of a treatment member: the member is delivered to the campaign's
 *   destinations, once per destination (see `deliverTreatment`); a control member never is.
 * Whether campaigns care about a score or a goal event is decided from the cached live campaigns,
 * so an event no campaign cares about costs one small read.
 *
 * @example
 * await runCampaigns(deps, event); // { kind: 'treated', eventId, campaignId, deliveries: { 'dest-1': 'sent' } }
 */
export async function runCampaigns(
  deps: RunCampaignsDeps,
  event: CanonicalEvent,
): Promise<RunCampaignsResult> {
  const now = deps.clock.now();
  if (event.type === 'campaign.enrolled') return treat(deps, event, now);
  if (event.type === 'message.sent' || event.type === 'message.status_changed') return report(deps, event);
  if (!(await concernsCampaigns(deps, event, now))) {
    return { kind: 'ignored', eventId: event.id, reason: 'no live campaign concerned' };
  }
  const group = await deps.groups.get(event.customerId);
  if (!group) {
    // Erased since the event: no one to enrol or count.
    deps.log.info('no customer for the event; no campaign work', { eventId: event.id });
    return { kind: 'no_customer', eventId: event.id };
  }
  const customer = customerFromGroup(group, deps.baseCurrency);
  const outcome = await actOnCampaigns(deps, event, customer, groupCustomerIds(group), now);
  if (outcome.enrolled.length || outcome.counted.length)
    deps.log.info('campaigns', { eventId: event.id, ...outcome });
  return event.type === 'customer.scored'
    ? { kind: 'enrolled', eventId: event.id, campaigns: outcome.enrolled }
    : { kind: 'counted', eventId: event.id, campaigns: outcome.counted };
}

async function treat(
  deps: RunCampaignsDeps,
  event: EventOf<'campaign.enrolled'>,
  now: Date,
): Promise<RunCampaignsResult> {
  const campaignId = event.campaign.id;
  // A control member is never acted on; only a campaign with a message records its eligibility.
  if (event.group === 'control' && !(await deps.campaigns.get(campaignId))?.message)
    return { kind: 'ignored', eventId: event.id, reason: 'a control member' };
  const [campaign, member, group] = await Promise.all([
    deps.campaigns.get(campaignId),
    deps.campaigns.getMember(event.customerId, campaignId),
    deps.groups.get(event.customerId),
  ]);
  // Erased since the event (the membership goes with the person).
  if (!campaign || !member) return { kind: 'no_member', eventId: event.id, campaignId };
  if (!group) return { kind: 'no_customer', eventId: event.id };
  // The message step decides for both groups alike; only the treatment is messaged.
  const message = campaign.message
    ? await messageMember(deps, {
        campaign: { ...campaign, message: campaign.message },
        group: event.group,
        customerId: event.customerId,
        customerGroup: group,
        enrolledAt: new Date(member.enrolledAt),
        now,
      })
    : undefined;
  if (event.group !== 'treatment') return { kind: 'ignored', eventId: event.id, reason: 'a control member' };
  const deliveries =
    campaign.destinations.length > 0
      ? await deliverTreatment(deps, {
          campaign,
          deliveredTo: member.deliveredTo,
          event,
          customer: customerFromGroup(group, deps.baseCurrency),
          destinations: (await deps.config.current(now)).destinations,
        })
      : {};
  const failed = Object.entries(deliveries)
    .filter(([, status]) => status === 'failed')
    .map(([destinationId]) => destinationId);
  if (failed.length > 0) {
    throw new TreatmentNotDeliveredError(
      `campaign ${campaignId}: ${event.customerId} not delivered to ${failed.join(', ')} (see GET /api/alerts)`,
    );
  }
  return { kind: 'treated', eventId: event.id, campaignId, deliveries, ...(message ? { message } : {}) };
}

/** A campaign message's status reported to its member (sent, delivered, read, failed), counted once. */
async function report(
  deps: RunCampaignsDeps,
  event: EventOf<'message.sent'> | EventOf<'message.status_changed'>,
): Promise<RunCampaignsResult> {
  const { campaignId, campaignMemberId } = event.message;
  if (!campaignId || !campaignMemberId)
    return { kind: 'ignored', eventId: event.id, reason: 'not a campaign message' };
  const to = event.type === 'message.sent' ? 'sent' : event.status;
  const status = await deps.campaigns.moveDelivery(
    campaignMemberId,
    campaignId,
    to,
    event.type === 'message.status_changed' ? event.error : undefined,
  );
  return { kind: 'reported', eventId: event.id, campaignId, ...(status ? { status } : {}) };
}

/** True when a live campaign cares: a score while one runs (enrolment), its goal event (conversions). */
async function concernsCampaigns(deps: RunCampaignsDeps, event: CanonicalEvent, now: Date): Promise<boolean> {
  const scored = event.type === 'customer.scored';
  if (!scored && !(goalEventTypes as ReadonlyArray<string>).includes(event.type)) return false;
  const live = await deps.liveCampaigns(now);
  return scored
    ? live.some((campaign) => statusAt(campaign, now) === 'running')
    : live.some((campaign) => campaign.goal.on === event.type);
}
