import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseCurrencyRates } from '../domain/currency-conversion';
import type { Logger } from '../observability/logger';
import type { Campaign } from './campaign';
import type { CampaignEventDeps } from './campaign-events';
import { CampaignRepository } from './campaign-repository';

/**
 * The campaign consumer's dependencies as deployed: the repository and the live campaigns (not
 * ended, or still within their goal window), read again whenever the configuration revision moves
 * (creating or ending a campaign moves it, as a rule change does) — no read of its own per event.
 *
 * @example
 * const campaigns = campaignEventDeps(documentClient(), settings, log);
 */
export function campaignEventDeps(
  client: DynamoDBDocumentClient,
  settings: { TABLE_NAME: string; BASE_CURRENCY: string; CURRENCY_RATES: string },
  log: Logger,
): CampaignEventDeps {
  const campaigns = new CampaignRepository(client, settings.TABLE_NAME);
  let cached: { revision: number; campaigns: Campaign[] } | undefined;
  return {
    campaigns,
    liveCampaigns: async (revision: number, now: Date) => {
      if (!cached || cached.revision !== revision) {
        cached = { revision, campaigns: await campaigns.listLive(now) };
      }
      return cached.campaigns;
    },
    baseCurrency: settings.BASE_CURRENCY,
    rates: parseCurrencyRates(settings.CURRENCY_RATES),
    log,
  };
}
