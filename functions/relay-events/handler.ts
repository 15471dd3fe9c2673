import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { functionSettings } from '../../shared/config/settings';
import { createLogger } from '../../shared/observability/logger';
import { traced } from '../../shared/observability/tracer';
import { eventBridgePublisher } from './event-publisher';
import { relayEvents, undecodableRetryMs } from './relay-events';
import { sqsUnpublishableRecordSink } from './unpublishable-records';

const settings = functionSettings('relay-events');
const timeouts = { requestHandler: { connectionTimeout: 1000, requestTimeout: 5000 } };
const deps = {
  publisher: eventBridgePublisher(traced(new EventBridgeClient(timeouts)), settings.EVENT_BUS_NAME),
  unpublishable: sqsUnpublishableRecordSink(
    // The queue is in the function's own region: its URL never overrides the configured endpoint.
    traced(new SQSClient({ ...timeouts, useQueueUrlAsEndpoint: false })),
    settings.UNPUBLISHABLE_RECORDS_QUEUE_URL,
  ),
  log: createLogger('relay-events', settings.LOG_LEVEL),
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  now: () => new Date(),
  undecodableRetryMs,
};

/** DynamoDB stream → EventBridge, with partial batch responses. */
export const handler = middy(async (event: DynamoDBStreamEvent) => relayEvents(deps, event.Records));
