/**
 * The names people know platforms by, keyed by the platform ids the channel readers set
 * (`message.platform`, `order.platform`) and by the webhook routes that carry one platform only.
 */
const platformNames = {
  whatsapp: 'WhatsApp',
  messenger: 'Messenger',
  instagram: 'Instagram',
  sms: 'SMS',
  telegram: 'Telegram',
  line: 'LINE',
  wechat: 'WeChat',
  x: 'X',
  shopify: 'Shopify',
  woocommerce: 'WooCommerce',
  stripe: 'Stripe',
  storefront: 'Your shop',
  rapport: 'Rapport',
} as const;

/**
 * Routes that carry several platforms (Meta's Cloud API and Twilio), named for the few events that
 * do not say which platform they came from (a customer first seen there, a quarantined payload).
 */
const sharedRouteNames = {
  meta: 'WhatsApp, Messenger or Instagram',
  twilio: 'SMS or WhatsApp',
} as const;

/**
 * Every name {@link platformName} can give; the dashboard and the alerts translate each of them.
 *
 * @example
 * const zh: Record<PlatformName, string> = { WhatsApp: 'WhatsApp', SMS: '短信', ... };
 */
export type PlatformName =
  | (typeof platformNames)[keyof typeof platformNames]
  | (typeof sharedRouteNames)[keyof typeof sharedRouteNames];

/**
 * Each platform's name in Simplified Chinese, for the dashboard and the alerts alike: most brands
 * keep their own names; SMS, WeChat and the shop of one's own are translated.
 *
 * @example
 * platformNamesInChinese.SMS; // '短信'
 */
export const platformNamesInChinese = {
  WhatsApp: 'WhatsApp',
  Messenger: 'Messenger',
  Instagram: 'Instagram',
  SMS: '短信',
  Telegram: 'Telegram',
  LINE: 'LINE',
  WeChat: '微信',
  X: 'X',
  Shopify: 'Shopify',
  WooCommerce: 'WooCommerce',
  Stripe: 'Stripe',
  'Your shop': '自有网店',
  Rapport: 'Rapport',
  'WhatsApp, Messenger or Instagram': 'WhatsApp、Messenger 或 Instagram',
  'SMS or WhatsApp': '短信或 WhatsApp',
} as const satisfies Record<PlatformName, string>;

/**
 * What tells where something came from: the webhook route (`channel`) and, more precisely, the
 * platform of its message or order. Every canonical event and a quarantine entry fit it.
 */
export interface PlatformSource {
  channel: string;
  message?: { platform?: string | undefined } | undefined;
  order?: { platform: string } | undefined;
}

/** A platform as people read it: a known name, or the id itself when Rapport has no name for it. */
export type ShownPlatform = { kind: 'named'; name: PlatformName } | { kind: 'unnamed'; value: string };

/**
 * The platform a person should read for an event or a quarantine entry: the message's or the
 * order's platform when it has one (a `meta` message says WhatsApp, Messenger or Instagram; a
 * `twilio` one SMS or WhatsApp), otherwise the route's.
 *
 * @example
 * platformName({ channel: 'meta', message: { platform: 'whatsapp' } }); // { kind: 'named', name: 'WhatsApp' }
 * platformName({ channel: 'twilio', message: { platform: 'sms' } }); // { kind: 'named', name: 'SMS' }
 * platformName({ channel: 'meta' }); // { kind: 'named', name: 'WhatsApp, Messenger or Instagram' }
 * platformName({ channel: 'kakao' }); // { kind: 'unnamed', value: 'kakao' }
 */
export function platformName(source: PlatformSource): ShownPlatform {
  const platform = source.message?.platform ?? source.order?.platform;
  for (const id of [platform, source.channel]) {
    if (id !== undefined && Object.hasOwn(platformNames, id)) {
      return { kind: 'named', name: platformNames[id as keyof typeof platformNames] };
    }
  }
  if (Object.hasOwn(sharedRouteNames, source.channel)) {
    return { kind: 'named', name: sharedRouteNames[source.channel as keyof typeof sharedRouteNames] };
  }
  return { kind: 'unnamed', value: platform ?? source.channel };
}
