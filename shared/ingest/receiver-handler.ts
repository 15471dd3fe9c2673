import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { ulid } from 'ulid';
import type { ChannelAdapter } from '../channels/channel-adapter';
import type { ChannelName } from '../channels/channel-names';
import { functionSettings, type SettingsOf } from '../config/settings';
import { CustomerRepository } from '../customers/customer-repository';
import { ReceiptRepository } from '../customers/receipt-repository';
import { TimelineRepository } from '../customers/timeline-repository';
import { durationMs } from '../domain/durations';
import { toRawRequest } from '../http/api-gateway';
import { httpErrorMiddleware } from '../http/http-error-middleware';
import { IdentityRepository } from '../identity/identity-repository';
import { LinkRepository } from '../identity/link-repository';
import { createLogger } from '../observability/logger';
import { emitCount } from '../observability/metrics';
import { OrderRepository } from '../orders/order-repository';
import { ConsentRepository } from '../outbound/consent-repository';
import { ConversationRepository } from '../outbound/conversation-repository';
import { QuarantineRepository } from '../quarantine/quarantine-repository';
import {
  isReplayRequest,
  type ReplayRequest,
  type ReplayResult,
  replayRequestSchema,
} from '../receivers/replay-contract';
import { secretSource } from '../secrets/secret-source';
import { documentClient } from '../store/dynamo-client';
import { answerHandshake } from './answer-handshake';
import { receiveAnswer } from './receive-answer';
import { receiveWebhook } from './receive-webhook';
import type { ReceiverDeps } from './receiver-deps';
import { replayQuarantined } from './replay-quarantined';

/**
 * The receiver dependencies of this process, built once per cold start from the settings its
 * binding declares (`shared/config/function-bindings.ts`).
 *
 * @example
 * const deps = defaultReceiverDeps('shopify');
 */
export function defaultReceiverDeps(channel: ChannelName): ReceiverDeps {
  const name = `receive-${channel}` as const;
  // Every receiver's settings have this shape; only Twilio's binding includes PUBLIC_BASE_URL.
  const settings = functionSettings(name) as SettingsOf<'receive-twilio'>;
  const client = documentClient();
  return {
    identities: new IdentityRepository(client, settings.TABLE_NAME),
    links: new LinkRepository(client, settings.TABLE_NAME),
    customers: new CustomerRepository(client, settings.TABLE_NAME, settings.BASE_CURRENCY),
    orders: new OrderRepository(client, settings.TABLE_NAME),
    timeline: new TimelineRepository(client, settings.TABLE_NAME),
    quarantine: new QuarantineRepository(
      client,
      settings.TABLE_NAME,
      durationMs(settings.QUARANTINE_RETENTION),
    ),
    receipts: new ReceiptRepository(client, settings.TABLE_NAME),
    conversations: new ConversationRepository(client, settings.TABLE_NAME),
    consents: new ConsentRepository(client, settings.TABLE_NAME),
    secrets: secretSource(settings.secrets, { functionName: name }),
    log: createLogger(name, settings.LOG_LEVEL),
    now: () => new Date(),
    abandonedCheckoutAfterMs: durationMs(settings.ABANDONED_CHECKOUT_AFTER),
    newId: ulid,
    ...(settings.PUBLIC_BASE_URL ? { publicBaseUrl: settings.PUBLIC_BASE_URL } : {}),
    ...(settings.DEFAULT_PHONE_REGION ? { defaultPhoneRegion: settings.DEFAULT_PHONE_REGION } : {}),
  };
}

/** The Lambda handlers of one channel's receiver. */
export interface ReceiverHandlers {
  /** API Gateway HTTP API events: the webhook and its handshake, with the HTTP error answers. */
  http: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;
  /**
   * Replays of quarantined payloads (Lambda Invoke from the API): a typed result, and no HTTP
   * middleware, so a replay that throws is a function error the API reports.
   */
  replay: (event: unknown, context: Context) => Promise<ReplayResult>;
  /** The function's one entry point: a replay request goes to `replay`, anything else to `http`. */
  handler: (event: APIGatewayProxyEventV2 | ReplayRequest, context: Context) => Promise<unknown>;
}

/**
 * Builds the Lambda handlers of one channel's receiver: middy wiring around the use cases.
 *
 * @example
 * export const { handler } = receiverHandlers(shopifyChannel);
 */
export function receiverHandlers(
  adapter: ChannelAdapter,
  deps: ReceiverDeps = defaultReceiverDeps(adapter.channel as ChannelName),
): ReceiverHandlers {
  const http = middy(async (event: APIGatewayProxyEventV2) => {
    const request = toRawRequest(event);
    if (request.method === 'GET') return answerHandshake(deps, adapter, request);
    const result = await receiveWebhook(deps, adapter, request);
    // Per channel: received and stored, duplicates, rejected signatures, quarantined, …
    emitCount('Rapport', 'Webhooks', { channel: adapter.channel, outcome: result.kind });
    return receiveAnswer(result, adapter);
  }).use(httpErrorMiddleware({ log: deps.log }));
  const replay = middy(async (event: unknown) => {
    const request = replayRequestSchema.parse(event);
    return replayQuarantined(deps, adapter, request.rapportReplay.quarantineId);
  });
  return {
    http: http as ReceiverHandlers['http'],
    replay,
    handler: (event, context) => (isReplayRequest(event) ? replay(event, context) : http(event, context)),
  };
}

/**
 * The HTTP handler of one channel's receiver (tests drive it with API Gateway events).
 *
 * @example
 * const handler = receiverHandler(shopifyChannel, deps);
 */
export function receiverHandler(adapter: ChannelAdapter, deps?: ReceiverDeps) {
  return receiverHandlers(adapter, deps).http;
}
