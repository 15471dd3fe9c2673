import type { OutboundPlatform } from './platform-sender';

/** One platform's consent as recorded on the customer (public contract: `consent.<platform>`). */
export interface PlatformConsent {
  status: 'granted' | 'denied';
  at: string;
  /** What said so: `sms keyword STOP`, `whatsapp user_preferences stop`, `line unfollow`, `twilio error 21610`. */
  source: string;
  /** `marketing`: only marketing messages are refused (WhatsApp "stop promotions"). */
  scope?: 'all' | 'marketing';
}

/** A customer's consent per platform. */
export type ConsentByPlatform = Partial<Record<string, PlatformConsent>>;

/** Why a message is sent: a person's answer (service) or a campaign (marketing). */
export type MessagePurpose = 'service' | 'marketing';

/**
 * The consent that refuses a message on `platform` for `purpose`, if any: a denial of everything
 * refuses both, a marketing-only denial refuses campaigns and lets service answers through.
 *
 * @example
 * consentRefusal({ sms: { status: 'denied', at: '2026-12-01T10:00:00Z', source: 'sms keyword STOP' } }, 'sms', 'service'); // the denial
 */
export function consentRefusal(
  consent: ConsentByPlatform | undefined,
  platform: OutboundPlatform,
  purpose: MessagePurpose,
): PlatformConsent | undefined {
  const recorded = consent?.[platform];
  if (!recorded || recorded.status !== 'denied') return undefined;
  if ((recorded.scope ?? 'all') === 'marketing' && purpose === 'service') return undefined;
  return recorded;
}
