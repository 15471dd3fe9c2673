import middy from '@middy/core';
import { AlertConfigCache } from '../../shared/alerts/alert-config-cache';
import { createAlertTransports } from '../../shared/alerts/alert-transports';
import { defaultRetryPolicy } from '../../shared/alerts/retry-delivery';
import { functionSettings } from '../../shared/config/settings';
import { createLogger } from '../../shared/observability/logger';
import { AlertConfigRepository } from '../../shared/store/alert-config-repository';
import { AlertRepository } from '../../shared/store/alert-repository';
import { documentClient } from '../../shared/store/dynamo-client';
import { sendHeldAlerts } from './send-held-alerts';

const settings = functionSettings('send-held-alerts');
const client = documentClient();
const deps = {
  config: new AlertConfigCache(new AlertConfigRepository(client, settings.TABLE_NAME)),
  alerts: new AlertRepository(client, settings.TABLE_NAME),
  transports: createAlertTransports(settings),
  clock: {
    now: () => new Date(),
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
  },
  policy: defaultRetryPolicy,
  log: createLogger('send-held-alerts', settings.LOG_LEVEL),
};

/** Run by EventBridge Scheduler every minute (locally by the host's timer). */
export const handler = middy(async () => sendHeldAlerts(deps));
