import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { functionSettings } from '../../shared/config/settings';
import { CustomerGroupRepository } from '../../shared/customers/customer-group-repository';
import { sharedIdentityPolicy } from '../../shared/domain/shared-identities';
import { parseCanonicalEvent } from '../../shared/events/contracts';
import { DuplicateRepository } from '../../shared/identity/duplicate-repository';
import { createLogger } from '../../shared/observability/logger';
import { documentClient } from '../../shared/store/dynamo-client';
import { mergeLinkedCustomers } from './merge-customers';

const settings = functionSettings('merge-customers');
const client = documentClient();
const deps = {
  groups: new CustomerGroupRepository(client, settings.TABLE_NAME),
  duplicates: new DuplicateRepository(client, settings.TABLE_NAME),
  isShared: sharedIdentityPolicy(settings.SHARED_IDENTITIES),
  now: () => new Date(),
  log: createLogger('merge-customers', settings.LOG_LEVEL),
};

/** EventBridge target of `customer.linked`; errors make EventBridge retry, then DLQ. */
export const handler = middy(async (event: EventBridgeEvent<string, unknown>) =>
  mergeLinkedCustomers(deps, parseCanonicalEvent(event.detail)),
);
