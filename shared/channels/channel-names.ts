/**
 * The names of the webhook channels (the `{channel}` of `/webhooks/{channel}`), kept apart from
 * the adapters so that routing code does not bundle every channel's parser.
 *
 * @example
 * channelNames.includes('shopify'); // true
 */
export const channelNames = [
  'shopify',
  'woocommerce',
  'stripe',
  'storefront',
  'meta',
  'telegram',
  'line',
  'wechat',
  'twilio',
  'x',
] as const;
export type ChannelName = (typeof channelNames)[number];

/**
 * Channels that answer a `GET` verification handshake.
 *
 * @example
 * handshakeChannelNames.includes('meta'); // true
 */
export const handshakeChannelNames: ReadonlyArray<ChannelName> = ['meta', 'wechat', 'x'];
