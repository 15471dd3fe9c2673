import middy from '@middy/core';
import { CampaignRepository } from '../../shared/campaigns/campaign-repository';
import { functionSettings } from '../../shared/config/settings';
import { CustomerGroupRepository } from '../../shared/customers/customer-group-repository';
import { CustomerRepository } from '../../shared/customers/customer-repository';
import { createLogger } from '../../shared/observability/logger';
import { documentClient } from '../../shared/store/dynamo-client';
import { enrolCampaignAudiences } from './enrol-campaign-audiences';

const settings = functionSettings('enrol-campaign-audiences');
const client = documentClient();
const deps = {
  campaigns: new CampaignRepository(client, settings.TABLE_NAME),
  customers: new CustomerRepository(client, settings.TABLE_NAME, settings.BASE_CURRENCY),
  groups: new CustomerGroupRepository(client, settings.TABLE_NAME),
  baseCurrency: settings.BASE_CURRENCY,
  now: () => new Date(),
  log: createLogger('enrol-campaign-audiences', settings.LOG_LEVEL),
  budgetMs: 80_000,
};

/** Run by EventBridge Scheduler every minute (locally by the host's timer). */
export const handler = middy(async () => enrolCampaignAudiences(deps));
