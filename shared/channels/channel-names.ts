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

/** The secret settings of one channel: all `required` must be set; `optional` are used when set. */
export interface ChannelSecretSettings {
  required: ReadonlyArray<string>;
  optional: ReadonlyArray<string>;
}

/**
 * Each channel's secret settings, by name (locally environment variables; in AWS one Secrets
 * Manager secret each). Kept here, apart from the adapters, so that the function bindings (and so
 * every bundle) can name them without bundling any channel's parser.
 *
 * @example
 * channelSecretSettings.wechat.optional; // ['WECHAT_APP_ID', 'WECHAT_ENCODING_AES_KEY']
 */
export const channelSecretSettings = {
  shopify: { required: ['SHOPIFY_WEBHOOK_SECRET'], optional: [] },
  woocommerce: { required: ['WOOCOMMERCE_WEBHOOK_SECRET'], optional: [] },
  stripe: { required: ['STRIPE_WEBHOOK_SECRET'], optional: [] },
  storefront: { required: ['STOREFRONT_WEBHOOK_SECRET'], optional: [] },
  meta: { required: ['META_APP_SECRET', 'META_VERIFY_TOKEN'], optional: [] },
  telegram: { required: ['TELEGRAM_SECRET_TOKEN'], optional: [] },
  line: { required: ['LINE_CHANNEL_SECRET'], optional: [] },
  wechat: { required: ['WECHAT_TOKEN'], optional: ['WECHAT_APP_ID', 'WECHAT_ENCODING_AES_KEY'] },
  twilio: { required: ['TWILIO_AUTH_TOKEN'], optional: [] },
  x: { required: ['X_CONSUMER_SECRET'], optional: [] },
} as const satisfies Record<ChannelName, ChannelSecretSettings>;
