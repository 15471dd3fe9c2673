import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { alertDeliveryDeps } from '../../shared/alerts/alert-delivery-deps';
import { functionSettings } from '../../shared/config/settings';
import { CustomerGroupRepository } from '../../shared/customers/customer-group-repository';
import { parseCanonicalEvent } from '../../shared/events/contracts';
import { documentClient } from '../../shared/store/dynamo-client';
import { notifyMarketers } from './notify-marketers';

const settings = functionSettings('notify-marketers');
const delivery = alertDeliveryDeps('notify-marketers', settings);
const deps = {
  ...delivery,
  groups: new CustomerGroupRepository(documentClient(), settings.TABLE_NAME),
  baseCurrency: settings.BASE_CURRENCY,
};

/**
 * EventBridge target for marketer alerts. A failed delivery fails the invocation: Lambda retries
 * the event (sending only what is not yet sent), then puts it on the notify DLQ (alarmed).
 */
export const handler = middy(async (event: EventBridgeEvent<string, unknown>) =>
  notifyMarketers(deps, parseCanonicalEvent(event.detail)),
);
