import type { ChannelAdapter } from './channel-adapter';
import type { ChannelName } from './channel-names';
import { lineChannel } from './line/line-channel';
import { metaChannel } from './meta/meta-channel';
import { shopifyChannel } from './shopify/shopify-channel';
import { storefrontChannel } from './storefront/storefront-channel';
import { stripeChannel } from './stripe/stripe-channel';
import { telegramChannel } from './telegram/telegram-channel';
import { twilioChannel } from './twilio/twilio-channel';
import { wechatChannel } from './wechat/wechat-channel';
import { wooCommerceChannel } from './woocommerce/woocommerce-channel';
import { xChannel } from './x/x-channel';

/**
 * Every channel Rapport serves, by the name in its webhook URL. Routes, receivers, the CDK stack
 * (one function and one secret per setting) and `npm start` are all built from this registry.
 *
 * @example
 * channelRegistry.meta.secretSettings; // ['META_APP_SECRET', 'META_VERIFY_TOKEN']
 */
export const channelRegistry = {
  shopify: shopifyChannel,
  woocommerce: wooCommerceChannel,
  stripe: stripeChannel,
  storefront: storefrontChannel,
  meta: metaChannel,
  telegram: telegramChannel,
  line: lineChannel,
  wechat: wechatChannel,
  twilio: twilioChannel,
  x: xChannel,
} satisfies Record<ChannelName, ChannelAdapter>;
