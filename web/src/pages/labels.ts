import { type PlatformSource, platformName } from '../../../shared/domain/platform-names';
import type { MessageKey } from '../i18n/messages';

/** RFM segments, best first, with their names. */
export const segmentLabels: Record<string, MessageKey> = {
  champions: 'Champions',
  loyal: 'Loyal',
  potential_loyalist: 'Potential loyalists',
  new_customers: 'New customers',
  promising: 'Promising',
  need_attention: 'Need attention',
  about_to_sleep: 'About to sleep',
  at_risk: 'At risk',
  cant_lose: 'Can’t lose them',
  hibernating: 'Hibernating',
  lost: 'Lost',
};

/** Lifecycle stages, earliest first. */
export const stageLabels: Record<string, MessageKey> = {
  visitor: 'Visitor',
  engaged: 'Engaged',
  shopper: 'Shopper',
  buyer: 'Buyer',
  repeat: 'Repeat buyer',
};

/** Timeline event types. */
export const eventLabels: Record<string, MessageKey> = {
  'customer.created': 'First seen',
  'customer.merged': 'Merged',
  'customer.unmerged': 'Unmerged',
  'customer.linked': 'Linked',
  'message.received': 'Message',
  'comment.received': 'Comment',
  'checkout.started': 'Checkout started',
  'checkout.abandoned': 'Checkout abandoned',
  'order.placed': 'Order placed',
  'order.paid': 'Order paid',
  'order.cancelled': 'Order cancelled',
  'order.refunded': 'Order refunded',
  'customer.scored': 'Scores changed',
  'alert.sent': 'Alert sent',
  'campaign.enrolled': 'Campaign enrolled',
  'message.queued': 'Reply queued',
  'message.sent': 'Message sent',
  'message.status_changed': 'Message status',
  'consent.changed': 'Consent changed',
};

/**
 * The name of a value in the reader's language, or the value itself when it has none.
 *
 * @example
 * label(t, segmentLabels, 'champions'); // 'Champions' (or '冠军客户')
 */
export function label(
  t: (text: MessageKey) => string,
  labels: Record<string, MessageKey>,
  value: string,
): string {
  const known = labels[value];
  return known ? t(known) : value;
}

/**
 * Where something came from, as people know the platform (WhatsApp, SMS, Shopify), never the
 * webhook route (`meta`, `twilio`): the message's or order's platform first, then the route's.
 *
 * @example
 * platformLabel(t, { channel: 'meta', message: { platform: 'whatsapp' } }); // 'WhatsApp'
 * platformLabel(t, { channel: 'twilio', message: { platform: 'sms' } }); // 'SMS' (or '短信')
 */
export function platformLabel(t: (text: MessageKey) => string, source: PlatformSource): string {
  const platform = platformName(source);
  return platform.kind === 'named' ? t(platform.name) : platform.value;
}
