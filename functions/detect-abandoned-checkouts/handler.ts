import middy from '@middy/core';
import { functionSettings } from '../../shared/config/settings';
import { CustomerGroupRepository } from '../../shared/customers/customer-group-repository';
import { TimelineRepository } from '../../shared/customers/timeline-repository';
import { createLogger } from '../../shared/observability/logger';
import { OrderRepository } from '../../shared/orders/order-repository';
import { documentClient } from '../../shared/store/dynamo-client';
import { detectAbandonedCheckouts } from './detect-abandoned-checkouts';

const settings = functionSettings('detect-abandoned-checkouts');
const deps = {
  timeline: new TimelineRepository(documentClient(), settings.TABLE_NAME),
  groups: new CustomerGroupRepository(documentClient(), settings.TABLE_NAME),
  orders: new OrderRepository(documentClient(), settings.TABLE_NAME),
  log: createLogger('detect-abandoned-checkouts', settings.LOG_LEVEL),
  now: () => new Date(),
};

/** Run by EventBridge Scheduler every few minutes (locally by the host's timer). */
export const handler = middy(async () => detectAbandonedCheckouts(deps));
