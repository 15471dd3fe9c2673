import type { EventTarget } from '../../shared/events/routing-table';
import type { HttpFunction } from '../../shared/http/routes';

type AnyHandler = (event: never, context: never) => Promise<unknown>;

/**
 * The Lambda handlers the local host invokes, imported lazily so that the environment (table,
 * endpoints) is set before their modules build clients, exactly as in a Lambda cold start.
 */
export const httpHandlers: Record<HttpFunction, () => Promise<{ handler: AnyHandler }>> = {
  'check-health': () => import('../../functions/check-health/handler'),
  'reject-unknown-channel': () => import('../../functions/reject-unknown-channel/handler'),
  'serve-api': () => import('../../functions/serve-api/handler'),
  'receive-shopify': () => import('../../functions/receive-shopify/handler'),
  'receive-meta': () => import('../../functions/receive-meta/handler'),
  'receive-woocommerce': () => import('../../functions/receive-woocommerce/handler'),
  'receive-stripe': () => import('../../functions/receive-stripe/handler'),
  'receive-storefront': () => import('../../functions/receive-storefront/handler'),
  'receive-telegram': () => import('../../functions/receive-telegram/handler'),
  'receive-line': () => import('../../functions/receive-line/handler'),
  'receive-wechat': () => import('../../functions/receive-wechat/handler'),
  'receive-twilio': () => import('../../functions/receive-twilio/handler'),
  'receive-x': () => import('../../functions/receive-x/handler'),
};

export const busTargets: Record<EventTarget, () => Promise<{ handler: AnyHandler }>> = {
  score: () => import('../../functions/score-customer/handler'),
  notify: () => import('../../functions/notify-marketers/handler'),
  merge: () => import('../../functions/merge-customers/handler'),
  campaigns: () => import('../../functions/run-campaigns/handler'),
  send: () => import('../../functions/send-messages/handler'),
};

export const relayHandler = () => import('../../functions/relay-events/handler');

/** Scheduled functions and how often the local host runs them (EventBridge Scheduler in AWS). */
export const scheduledHandlers: Array<{
  name: string;
  everyMs: number;
  load: () => Promise<{ handler: AnyHandler }>;
}> = [
  {
    name: 'detect-abandoned-checkouts',
    everyMs: 30_000,
    load: () => import('../../functions/detect-abandoned-checkouts/handler'),
  },
  {
    name: 'send-held-alerts',
    everyMs: 10_000,
    load: () => import('../../functions/send-held-alerts/handler'),
  },
  {
    name: 'resend-waiting-messages',
    everyMs: 5_000,
    load: () => import('../../functions/resend-waiting-messages/handler'),
  },
  {
    name: 'enrol-campaign-audiences',
    everyMs: 5_000,
    load: () => import('../../functions/enrol-campaign-audiences/handler'),
  },
  // Daily and weekly in AWS; locally often enough to see their effect while trying things out.
  {
    name: 'refresh-scores',
    everyMs: 5 * 60_000,
    load: () => import('../../functions/refresh-scores/handler'),
  },
  {
    name: 'fit-customer-model',
    everyMs: 30 * 60_000,
    load: () => import('../../functions/fit-customer-model/handler'),
  },
];

/**
 * A minimal Lambda context for locally invoked handlers.
 *
 * @example
 * await handler(event, lambdaContext('serve-api'));
 */
export function lambdaContext(functionName: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  return {
    functionName,
    functionVersion: '$LATEST',
    awsRequestId: crypto.randomUUID(),
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
