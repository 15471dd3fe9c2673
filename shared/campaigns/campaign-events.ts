import { type CurrencyRates, convertMoney } from '../domain/currency-conversion';
import type { Customer } from '../domain/customer';
import { type CanonicalEvent, goalEventTypes } from '../events/contracts';
import type { Logger } from '../observability/logger';
import { assignGroup, type Campaign, inAudience, statusAt } from './campaign';
import type { CampaignRepository } from './campaign-repository';

/** What enrolment and goal counting need (the campaign consumer, `functions/run-campaigns`). */
export interface CampaignEventDeps {
  campaigns: CampaignRepository;
  /** Campaigns not ended or still within their goal window (cached; see `LiveCampaigns`). */
  liveCampaigns: (now: Date) => Promise<Campaign[]>;
  baseCurrency: string;
  rates: CurrencyRates;
  log: Logger;
}

/** What one event did to campaigns. */
export interface CampaignEventResult {
  enrolled: string[];
  counted: string[];
}

const maxRaces = 5;

/**
 * Campaign work on one event, idempotent under redelivery:
 * - `customer.scored`: a customer who now matches a running campaign's audience is enrolled
 *   (once; the group from the hash of campaign and customer);
 * - a goal event (`order.placed`, …) of a member within its window after enrolment is counted once
 *   per member and event, with its revenue in the base currency for order events.
 *
 * @example
 * await actOnCampaigns(deps, event, customer, groupIds, now); // { enrolled: ['cmp_1'], counted: [] }
 */
export async function actOnCampaigns(
  deps: CampaignEventDeps,
  event: CanonicalEvent,
  customer: Customer,
  customerIds: ReadonlyArray<string>,
  now: Date,
): Promise<CampaignEventResult> {
  const result: CampaignEventResult = { enrolled: [], counted: [] };
  if (event.type === 'customer.scored') {
    const running = (await deps.liveCampaigns(now)).filter(
      (campaign) => statusAt(campaign, now) === 'running',
    );
    for (const campaign of running) {
      if (!inAudience(campaign, customer)) continue;
      // The list is cached; a campaign ended since must not enrol anyone more.
      const fresh = await deps.campaigns.get(campaign.id);
      if (!fresh || statusAt(fresh, now) !== 'running') continue;
      const group = assignGroup(campaign.id, customer.id, campaign.holdoutPercent);
      if (await deps.campaigns.enrol(campaign, customer.id, group, now)) result.enrolled.push(campaign.id);
    }
    return result;
  }
  if (!(goalEventTypes as ReadonlyArray<string>).includes(event.type)) return result;
  // No live campaign has this goal: nothing to count, and no read of the customer's memberships.
  if (!(await deps.liveCampaigns(now)).some((campaign) => campaign.goal.on === event.type)) return result;
  const revenue = 'order' in event ? revenueOf(deps, event.order.total) : 0;
  for (let race = 0; race <= maxRaces; race += 1) {
    const memberships = await deps.campaigns.membershipsOf(customerIds);
    const due = memberships.filter(
      (member) =>
        member.goalOn === event.type &&
        event.occurredAt >= member.enrolledAt &&
        event.occurredAt <= member.windowEndsAt &&
        !member.countedEvents.includes(event.id),
    );
    let raced = false;
    for (const member of due) {
      const outcome = await deps.campaigns.recordGoal(member, {
        eventId: event.id,
        at: event.occurredAt,
        revenue,
      });
      if (outcome === 'counted') result.counted.push(member.campaignId);
      if (outcome === 'raced') raced = true;
    }
    if (!raced) return result;
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** race));
  }
  throw new Error(`campaign goal ${event.id} kept racing another event of the same member`);
}

function revenueOf(deps: CampaignEventDeps, total: { amount: number; currency: string }): number {
  const converted = convertMoney(total, deps.baseCurrency, deps.rates);
  if (!converted) {
    deps.log.warn('a goal order in a currency without a rate counts no revenue', {
      currency: total.currency,
    });
    return 0;
  }
  return converted.amount;
}
