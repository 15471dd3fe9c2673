import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import middy from '@middy/core';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { functionSettings } from '../../shared/config/settings';
import { createLogger } from '../../shared/observability/logger';
import { traced } from '../../shared/observability/tracer';
import { eventBridgePublisher } from './event-publisher';
import { relayEvents } from './relay-events';

const settings = functionSettings('relay-events');
const deps = {
  publisher: eventBridgePublisher(
    traced(new EventBridgeClient({ requestHandler: { connectionTimeout: 1000, requestTimeout: 5000 } })),
    settings.EVENT_BUS_NAME,
  ),
  log: createLogger('relay-events', settings.LOG_LEVEL),
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

/** DynamoDB stream → EventBridge, with partial batch responses. */
export const handler = middy(async (event: DynamoDBStreamEvent) => relayEvents(deps, event.Records));
