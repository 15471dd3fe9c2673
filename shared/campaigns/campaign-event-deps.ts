import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseCurrencyRates } from '../domain/currency-conversion';
import type { Logger } from '../observability/logger';
import type { CampaignEventDeps } from './campaign-events';
import { CampaignRepository } from './campaign-repository';
import { LiveCampaigns } from './live-campaigns';

/**
 * Enrolment's and goal counting's dependencies as deployed: the repository and the live campaigns
 * (not ended, or still within their goal window), read again whenever the campaigns' own revision
 * moves (creating or ending a campaign moves it) — one small read of their own per event.
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
  const live = new LiveCampaigns(campaigns);
  return {
    campaigns,
    liveCampaigns: (now: Date) => live.current(now),
    baseCurrency: settings.BASE_CURRENCY,
    rates: parseCurrencyRates(settings.CURRENCY_RATES),
    log,
  };
}
