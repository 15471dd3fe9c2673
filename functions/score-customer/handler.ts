import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { functionSettings } from '../../shared/config/settings';
import { CustomerGroupRepository } from '../../shared/customers/customer-group-repository';
import { CustomerRepository } from '../../shared/customers/customer-repository';
import { TimelineRepository } from '../../shared/customers/timeline-repository';
import { parseCurrencyRates } from '../../shared/domain/currency-conversion';
import { parseCanonicalEvent } from '../../shared/events/contracts';
import { createLogger } from '../../shared/observability/logger';
import { OrderRepository } from '../../shared/orders/order-repository';
import { cachedScoringState } from '../../shared/scoring/scoring-state';
import { ScoringStateRepository } from '../../shared/scoring-store/scoring-state-repository';
import { documentClient } from '../../shared/store/dynamo-client';
import { scoreCustomer } from './score-customer';

const settings = functionSettings('score-customer');
const client = documentClient();
const deps = {
  customers: new CustomerRepository(client, settings.TABLE_NAME, settings.BASE_CURRENCY),
  groups: new CustomerGroupRepository(client, settings.TABLE_NAME),
  orders: new OrderRepository(client, settings.TABLE_NAME),
  timeline: new TimelineRepository(client, settings.TABLE_NAME),
  state: cachedScoringState(new ScoringStateRepository(client, settings.TABLE_NAME), settings.BASE_CURRENCY),
  baseCurrency: settings.BASE_CURRENCY,
  rates: parseCurrencyRates(settings.CURRENCY_RATES),
  log: createLogger('score-customer', settings.LOG_LEVEL),
  now: () => new Date(),
};

/** EventBridge target: rescores the event's customer; errors make EventBridge retry, then DLQ. */
export const handler = middy(async (event: EventBridgeEvent<string, unknown>) =>
  scoreCustomer(deps, parseCanonicalEvent(event.detail)),
);
