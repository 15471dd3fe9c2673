import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ulid } from 'ulid';
import type { ChannelAdapter } from '../../shared/channels/channel-adapter';
import { currentSettings } from '../../shared/config/settings';
import { durationMs } from '../../shared/domain/durations';
import { toRawRequest } from '../../shared/http/api-gateway';
import { httpErrorMiddleware } from '../../shared/http/http-error-middleware';
import { createLogger } from '../../shared/observability/logger';
import { defaultSecretSource } from '../../shared/secrets/secret-source';
import { CustomerRepository } from '../../shared/store/customer-repository';
import { documentClient } from '../../shared/store/dynamo-client';
import { IdentityRepository } from '../../shared/store/identity-repository';
import { OrderRepository } from '../../shared/store/order-repository';
import { QuarantineRepository } from '../../shared/store/quarantine-repository';
import { ReceiptRepository } from '../../shared/store/receipt-repository';
import { TimelineRepository } from '../../shared/store/timeline-repository';
import { answerHandshake } from './answer-handshake';
import { receiveAnswer } from './receive-answer';
import { receiveWebhook } from './receive-webhook';
import type { ReceiverDeps } from './receiver-deps';
import { isReplayRequest, type ReplayRequest, replayQuarantined } from './replay-quarantined';

/**
 * The receiver dependencies of this process, built once per cold start from its settings.
 *
 * @example
 * const deps = defaultReceiverDeps('shopify');
 */
export function defaultReceiverDeps(channel: string): ReceiverDeps {
  const settings = currentSettings();
  const client = documentClient();
  return {
    identities: new IdentityRepository(client, settings.TABLE_NAME),
    customers: new CustomerRepository(client, settings.TABLE_NAME, settings.BASE_CURRENCY),
    orders: new OrderRepository(client, settings.TABLE_NAME),
    timeline: new TimelineRepository(client, settings.TABLE_NAME),
    quarantine: new QuarantineRepository(client, settings.TABLE_NAME),
    receipts: new ReceiptRepository(client, settings.TABLE_NAME),
    secrets: defaultSecretSource(),
    log: createLogger(`receive-${channel}`, settings.LOG_LEVEL),
    now: () => new Date(),
    abandonedCheckoutAfterMs: durationMs(settings.ABANDONED_CHECKOUT_AFTER),
    newId: ulid,
    ...(settings.PUBLIC_BASE_URL ? { publicBaseUrl: settings.PUBLIC_BASE_URL } : {}),
  };
}

/**
 * Builds the Lambda handler of one channel's receiver: middy wiring around the use case.
 *
 * @example
 * export const handler = receiverHandler(shopifyChannel);
 */
export function receiverHandler(
  adapter: ChannelAdapter,
  deps: ReceiverDeps = defaultReceiverDeps(adapter.channel),
) {
  return middy(async (event: APIGatewayProxyEventV2 | ReplayRequest) => {
    if (isReplayRequest(event)) return replayQuarantined(deps, adapter, event.rapportReplay.quarantineId);
    const request = toRawRequest(event);
    if (request.method === 'GET') return answerHandshake(deps, adapter, request);
    return receiveAnswer(await receiveWebhook(deps, adapter, request), adapter);
  }).use(httpErrorMiddleware({ log: deps.log }));
}
