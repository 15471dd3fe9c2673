import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { receiverHandler } from '../../../functions/receive-webhook/receiver-handler';
import { channelRegistry } from '../../../shared/channels/channel-registry';
import { type PlatformRequest, platformRequests } from '../../helpers/channel-traffic';
import { inMemoryReceiverDeps } from '../../helpers/in-memory-receiver-deps';
import { testChannelSecrets } from '../../helpers/receiver-deps';
import { apiEvent } from '../../helpers/shopify-requests';

const build = platformRequests(testChannelSecrets, 'http://localhost:3000');

function toEvent(request: PlatformRequest): APIGatewayProxyEventV2 {
  const [path = '', query = ''] = request.path.split('?');
  const event = apiEvent(request.method, path, {
    headers: request.headers,
    query: Object.fromEntries(new URLSearchParams(query)),
    ...(request.body ? { body: request.body } : {}),
  });
  return { ...event, rawQueryString: query };
}

/** Signed requests of every channel carrying an arbitrary JSON value (or text, for WeChat and Twilio). */
const signedArbitrary: Record<string, (value: unknown) => PlatformRequest> = {
  shopify: (value) => build.shopify('any', 'orders/create', Buffer.from(JSON.stringify(value))),
  woocommerce: (value) => build.woocommerce('any', 'order.updated', value),
  stripe: (value) => build.stripe('any', value, new Date()),
  storefront: (value) => build.storefront('any', value, new Date()),
  meta: (value) => build.meta('any', value),
  telegram: (value) => build.telegram('any', value),
  line: (value) => build.line('any', value),
  wechat: (value) =>
    build.wechat(
      'any',
      `<xml><Content><![CDATA[${JSON.stringify(value)}]]></Content></xml>`,
      new Date(),
      false,
    ),
  twilio: (value) => build.twilio('any', { Body: JSON.stringify(value), From: String(value).slice(0, 20) }),
  x: (value) => build.x('any', value),
};

describe('every receiver answers any signed payload cleanly', () => {
  it.each(Object.keys(channelRegistry))(
    '%s answers 2xx or 4xx, never 5xx, for arbitrary signed JSON',
    async (channel) => {
      const handler = receiverHandler(
        channelRegistry[channel as keyof typeof channelRegistry],
        inMemoryReceiverDeps(),
      );
      const sign = signedArbitrary[channel];
      expect(sign).toBeDefined();
      await fc.assert(
        fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
          const response = (await handler(
            toEvent((sign as (value: unknown) => PlatformRequest)(value)),
            {} as never,
          )) as APIGatewayProxyStructuredResultV2;
          expect(response.statusCode).toBeGreaterThanOrEqual(200);
          expect(response.statusCode).toBeLessThan(500);
        }),
        { numRuns: 150 },
      );
    },
  );
});
