import { defaultRetryPolicy } from '../delivery/retry-delivery';
import type { LogLevel } from '../observability/logger';
import { createLogger } from '../observability/logger';
import { documentClient } from '../store/dynamo-client';
import { AlertConfigCache } from './alert-config-cache';
import { AlertConfigRepository } from './alert-config-repository';
import { AlertRepository } from './alert-repository';
import { type AlertTransportSettings, createAlertTransports } from './alert-transports';
import type { AlertDeliveryDeps } from './deliver-alert';

/**
 * What a function that delivers alerts is built from, as deployed: the table, the cached rules
 * and destinations, the real transports, the wall clock and the default retry policy.
 *
 * @example
 * const deps = alertDeliveryDeps('send-held-alerts', functionSettings('send-held-alerts'));
 */
export function alertDeliveryDeps(
  service: string,
  settings: AlertTransportSettings & { TABLE_NAME: string; LOG_LEVEL: LogLevel },
): AlertDeliveryDeps & { config: AlertConfigCache } {
  const client = documentClient();
  return {
    config: new AlertConfigCache(new AlertConfigRepository(client, settings.TABLE_NAME)),
    alerts: new AlertRepository(client, settings.TABLE_NAME),
    transports: createAlertTransports(settings),
    clock: {
      now: () => new Date(),
      sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
      random: Math.random,
    },
    policy: defaultRetryPolicy,
    log: createLogger(service, settings.LOG_LEVEL),
  };
}
