import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { AlertConfigCache } from '../../shared/alerts/alert-config-cache';
import { createAlertTransports } from '../../shared/alerts/alert-transports';
import { defaultRetryPolicy } from '../../shared/alerts/retry-delivery';
import { functionSettings } from '../../shared/config/settings';
import { parseCanonicalEvent } from '../../shared/events/contracts';
import { createLogger } from '../../shared/observability/logger';
import { AlertConfigRepository } from '../../shared/store/alert-config-repository';
import { AlertRepository } from '../../shared/store/alert-repository';
import { CustomerGroupRepository } from '../../shared/store/customer-group-repository';
import { documentClient } from '../../shared/store/dynamo-client';
import { notifyMarketers } from './notify-marketers';

const settings = functionSettings('notify-marketers');
const client = documentClient();
const deps = {
  config: new AlertConfigCache(new AlertConfigRepository(client, settings.TABLE_NAME)),
  groups: new CustomerGroupRepository(client, settings.TABLE_NAME),
  alerts: new AlertRepository(client, settings.TABLE_NAME),
  transports: createAlertTransports(settings),
  clock: {
    now: () => new Date(),
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
  },
  policy: defaultRetryPolicy,
  baseCurrency: settings.BASE_CURRENCY,
  log: createLogger('notify-marketers', settings.LOG_LEVEL),
};

/**
 * EventBridge target for marketer alerts. A failed delivery fails the invocation: Lambda retries
 * the event (sending only what is not yet sent), then puts it on the notify DLQ (alarmed).
 */
export const handler = middy(async (event: EventBridgeEvent<string, unknown>) =>
  notifyMarketers(deps, parseCanonicalEvent(event.detail)),
);
