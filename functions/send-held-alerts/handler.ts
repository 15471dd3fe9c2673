import middy from '@middy/core';
import { alertDeliveryDeps } from '../../shared/alerts/alert-delivery-deps';
import { functionSettings } from '../../shared/config/settings';
import { sendHeldAlerts } from './send-held-alerts';

const deps = alertDeliveryDeps('send-held-alerts', functionSettings('send-held-alerts'));

/** Run by EventBridge Scheduler every minute (locally by the host's timer). */
export const handler = middy(async () => sendHeldAlerts(deps));
