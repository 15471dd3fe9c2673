import type { ChannelAdapter } from '../channel-adapter';
import { channelSecretSettings } from '../channel-names';
import { readShopifyWebhook } from './read-shopify-webhook';
import { verifyShopifySignature } from './verify-shopify-signature';

/**
 * The Shopify channel: `X-Shopify-Hmac-Sha256` over the raw body, topics from `X-Shopify-Topic`.
 *
 * @example
 * shopifyChannel.verify(request, { SHOPIFY_WEBHOOK_SECRET: 'hush' }, { now: new Date() });
 */
export const shopifyChannel: ChannelAdapter = {
  channel: 'shopify',
  secretSettings: channelSecretSettings.shopify.required,
  verify: (request, secrets) =>
    verifyShopifySignature(
      request.rawBody,
      request.headers['x-shopify-hmac-sha256'],
      secrets.SHOPIFY_WEBHOOK_SECRET ?? '',
    ),
  read: (request, _secrets, context) => readShopifyWebhook(request.rawBody, request.headers, context),
  replayHeaders: [
    'x-shopify-topic',
    'x-shopify-hmac-sha256',
    'x-shopify-shop-domain',
    'x-shopify-api-version',
    'x-shopify-webhook-id',
    'x-shopify-triggered-at',
  ],
};
