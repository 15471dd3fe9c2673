import middy from '@middy/core';
import { functionSettings } from '../../shared/config/settings';
import { CustomerRepository } from '../../shared/customers/customer-repository';
import { createLogger } from '../../shared/observability/logger';
import { cachedScoringState } from '../../shared/scoring/scoring-state';
import { ScoringStateRepository } from '../../shared/scoring-store/scoring-state-repository';
import { documentClient } from '../../shared/store/dynamo-client';
import { fitCustomerModel } from './fit-customer-model';

const settings = functionSettings('fit-customer-model');
const client = documentClient();
const state = new ScoringStateRepository(client, settings.TABLE_NAME);
const scoring = cachedScoringState(state, settings.BASE_CURRENCY, 0);

/** Run weekly by EventBridge Scheduler (locally by the host's timer). */
export const handler = middy(async () =>
  fitCustomerModel({
    customers: new CustomerRepository(client, settings.TABLE_NAME, settings.BASE_CURRENCY),
    state,
    settings: () => scoring.settings(),
    log: createLogger('fit-customer-model', settings.LOG_LEVEL),
    now: () => new Date(),
  }),
);
