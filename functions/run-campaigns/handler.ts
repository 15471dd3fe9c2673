import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { alertDeliveryDeps } from '../../shared/alerts/alert-delivery-deps';
import { campaignEventDeps } from '../../shared/campaigns/campaign-event-deps';
import { functionSettings } from '../../shared/config/settings';
import { CustomerGroupRepository } from '../../shared/customers/customer-group-repository';
import { parseCanonicalEvent } from '../../shared/events/contracts';
import { ConversationRepository } from '../../shared/outbound/conversation-repository';
import { documentClient } from '../../shared/store/dynamo-client';
import { type RunCampaignsDeps, runCampaigns } from './run-campaigns';

const settings = functionSettings('run-campaigns');
const delivery = alertDeliveryDeps('run-campaigns', settings);
const deps: RunCampaignsDeps = {
  ...delivery,
  ...campaignEventDeps(documentClient(), settings, delivery.log),
  groups: new CustomerGroupRepository(documentClient(), settings.TABLE_NAME),
  conversations: new ConversationRepository(documentClient(), settings.TABLE_NAME),
};

/**
 * EventBridge target of the events that concern campaigns. A treatment delivery that fails fails
 * the invocation: Lambda retries the event (sending only what is not yet sent), then puts it on
 * the campaigns DLQ (alarmed).
 */
export const handler = middy(async (event: EventBridgeEvent<string, unknown>) =>
  runCampaigns(deps, parseCanonicalEvent(event.detail)),
);
