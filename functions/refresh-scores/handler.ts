import middy from '@middy/core';
import { functionSettings } from '../../shared/config/settings';
import { CustomerGroupRepository } from '../../shared/customers/customer-group-repository';
import { CustomerRepository } from '../../shared/customers/customer-repository';
import { TimelineRepository } from '../../shared/customers/timeline-repository';
import { parseCurrencyRates } from '../../shared/domain/currency-conversion';
import { createLogger } from '../../shared/observability/logger';
import { OrderRepository } from '../../shared/orders/order-repository';
import { cachedScoringState } from '../../shared/scoring/scoring-state';
import { ScoringStateRepository } from '../../shared/scoring-store/scoring-state-repository';
import { documentClient } from '../../shared/store/dynamo-client';
import { refreshScores } from './refresh-scores';

const settings = functionSettings('refresh-scores');
const client = documentClient();
const log = createLogger('refresh-scores', settings.LOG_LEVEL);
const customers = new CustomerRepository(client, settings.TABLE_NAME, settings.BASE_CURRENCY);
const state = new ScoringStateRepository(client, settings.TABLE_NAME);

/** Run daily by EventBridge Scheduler (locally by the host's timer). */
export const handler = middy(async () =>
  refreshScores({
    customers,
    state,
    scoring: {
      customers,
      groups: new CustomerGroupRepository(client, settings.TABLE_NAME),
      orders: new OrderRepository(client, settings.TABLE_NAME),
      timeline: new TimelineRepository(client, settings.TABLE_NAME),
      // Read fresh on each run: the boundaries this run saves are the ones it scores with.
      state: cachedScoringState(state, settings.BASE_CURRENCY, 0),
      baseCurrency: settings.BASE_CURRENCY,
      rates: parseCurrencyRates(settings.CURRENCY_RATES),
      log,
      now: () => new Date(),
    },
    log,
    now: () => new Date(),
  }),
);
