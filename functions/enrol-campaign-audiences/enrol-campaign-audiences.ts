import { assignGroup, type Campaign, inAudience, statusAt } from '../../shared/campaigns/campaign';
import type { CampaignRepository } from '../../shared/campaigns/campaign-repository';
import type { CustomerGroupRepository } from '../../shared/customers/customer-group-repository';
import { customerFromGroup } from '../../shared/customers/customer-item';
import type { CustomerRepository } from '../../shared/customers/customer-repository';
import type { Logger } from '../../shared/observability/logger';

/** What the enrolment job needs. */
export interface EnrolDeps {
  campaigns: CampaignRepository;
  customers: CustomerRepository;
  groups: CustomerGroupRepository;
  baseCurrency: string;
  now: () => Date;
  log: Logger;
  /** The job stops taking pages after this long (its timeout is longer); the next run goes on. */
  budgetMs: number;
}

/** What one run did. */
export interface EnrolResult {
  campaigns: number;
  scanned: number;
  enrolled: number;
}

/** Customers read per page (a segment query, or a scan page of the table). */
const pageSize = 200;
/** Customers of a page enrolled at once. */
const concurrency = 16;

/**
 * The first enrolment of every campaign that started: everyone then in its audience, read from
 * the segment index (when the audience names a segment) or a scan of the customers (conditions
 * alone), in pages, with the position saved after each page, so a run that stops is continued by
 * the next one (every minute). Enrolment is idempotent (a member is written once), so a page read
 * twice enrols nobody twice. Campaigns past their end are marked ended.
 *
 * @example
 * await enrolCampaignAudiences(deps); // { campaigns: 1, scanned: 200, enrolled: 37 }
 */
export async function enrolCampaignAudiences(deps: EnrolDeps): Promise<EnrolResult> {
  const started = Date.now();
  const result: EnrolResult = { campaigns: 0, scanned: 0, enrolled: 0 };
  for (const campaign of await deps.campaigns.listOpen()) {
    const status = statusAt(campaign, deps.now());
    if (status === 'ended') {
      await deps.campaigns.end(campaign.id, campaign.endsAt);
      continue;
    }
    if (status === 'scheduled' || campaign.enrolment.done) {
      if (status !== campaign.status)
        await deps.campaigns.saveProgress(campaign.id, status, campaign.enrolment);
      continue;
    }
    result.campaigns += 1;
    let enrolment = campaign.enrolment;
    while (!enrolment.done && Date.now() - started < deps.budgetMs) {
      const page = await pageOf(deps, campaign, enrolment.cursor);
      // A page's customers are independent: enrolled a few at a time (each is its own transaction).
      for (let start = 0; start < page.items.length; start += concurrency) {
        const outcomes = await Promise.all(
          page.items
            .slice(start, start + concurrency)
            .map((customerId) => enrolIfInAudience(deps, campaign, customerId)),
        );
        result.enrolled += outcomes.filter(Boolean).length;
      }
      result.scanned += page.items.length;
      enrolment = {
        done: page.cursor === null,
        scanned: enrolment.scanned + page.items.length,
        ...(page.cursor ? { cursor: page.cursor } : {}),
      };
      await deps.campaigns.saveProgress(campaign.id, 'running', enrolment);
    }
  }
  deps.log.info('campaign enrolment', { ...result });
  return result;
}

async function pageOf(deps: EnrolDeps, campaign: Campaign, cursor: string | undefined) {
  if (campaign.audience.segment) {
    const page = await deps.customers.listBySegment(campaign.audience.segment, pageSize, cursor);
    return { items: page.items.map((item) => item.id), cursor: page.cursor };
  }
  return deps.customers.scanCustomerIds(pageSize, cursor);
}

async function enrolIfInAudience(deps: EnrolDeps, campaign: Campaign, customerId: string): Promise<boolean> {
  const group = await deps.groups.get(customerId);
  // A customer merged into another is enrolled as the survivor, once.
  if (!group || group.survivor.id !== customerId) return false;
  const customer = customerFromGroup(group, deps.baseCurrency);
  if (!inAudience(campaign, customer)) return false;
  return deps.campaigns.enrol(
    campaign,
    customer.id,
    assignGroup(campaign.id, customer.id, campaign.holdoutPercent),
    deps.now(),
  );
}
