import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseCurrencyRates } from '../domain/currency-conversion';
import type { Logger } from '../observability/logger';
import { CampaignRepository } from '../store/campaign-repository';
import type { Campaign } from './campaign';
import type { CampaignEventDeps } from './campaign-events';

/** How long a function keeps the list of open campaigns before reading it again. */
const openCampaignsTtlMs = 30_000;

/**
 * The campaign consumer's dependencies as deployed: the repository and the open campaigns, read
 * at most every 30 seconds (a new campaign reaches events within that; its start, end and
 * enrolment are checked from its times on every event).
 *
 * @example
 * const campaigns = campaignEventDeps(documentClient(), settings, log);
 */
export function campaignEventDeps(
  client: DynamoDBDocumentClient,
  settings: { TABLE_NAME: string; BASE_CURRENCY: string; CURRENCY_RATES: string },
  log: Logger,
  now: () => number = Date.now,
): CampaignEventDeps {
  const campaigns = new CampaignRepository(client, settings.TABLE_NAME);
  let cached: { at: number; campaigns: Campaign[] } | undefined;
  return {
    campaigns,
    openCampaigns: async () => {
      if (!cached || now() - cached.at > openCampaignsTtlMs) {
        cached = { at: now(), campaigns: await campaigns.listOpen() };
      }
      return cached.campaigns;
    },
    baseCurrency: settings.BASE_CURRENCY,
    rates: parseCurrencyRates(settings.CURRENCY_RATES),
    log,
  };
}
