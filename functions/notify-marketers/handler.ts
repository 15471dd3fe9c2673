import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { functionSettings } from '../../shared/config/settings';
import { parseCanonicalEvent } from '../../shared/events/contracts';
import { createLogger } from '../../shared/observability/logger';
import { notifyMarketers } from './notify-marketers';

const log = createLogger('notify-marketers', functionSettings('notify-marketers').LOG_LEVEL);

/** EventBridge target for marketer alerts. */
export const handler = middy(async (event: EventBridgeEvent<string, unknown>) =>
  notifyMarketers({ log }, parseCanonicalEvent(event.detail)),
);
