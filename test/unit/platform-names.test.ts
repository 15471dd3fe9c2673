import { describe, expect, it } from 'vitest';
import { type AlertContent, alertMessage } from '../../shared/alerts/alert-message';
import { channelNames } from '../../shared/channels/channel-names';
import { readMetaWebhook } from '../../shared/channels/meta/read-meta-webhook';
import { readTwilioWebhook } from '../../shared/channels/twilio/read-twilio-webhook';
import type { MessageFact, ReadResult } from '../../shared/domain/facts';
import { platformName } from '../../shared/domain/platform-names';
import type { CanonicalEvent } from '../../shared/events/contracts';
import { fixture } from '../helpers/channel-fixtures';

/** The message a webhook fixture carries, read by its channel's own reader. */
function messageOf(result: ReadResult): MessageFact {
  const fact = result.kind === 'facts' ? result.facts.find((each) => each.kind === 'message') : undefined;
  if (fact?.kind !== 'message') throw new Error(`expected a message, got ${JSON.stringify(result)}`);
  return fact.message;
}

/** A canonical message event as the receiver stores it, for a message read on `channel`. */
function messageEvent(channel: string, message: MessageFact): CanonicalEvent {
  return {
    id: `${channel}:${message.platform}:message:${message.id}`,
    type: 'message.received',
    version: 1,
    occurredAt: '2026-11-24T07:59:59.000Z',
    customerId: 'c1',
    channel,
    message: { ...message, sentiment: 0, complaint: false },
  };
}

const customer: AlertContent['customer'] = {
  id: 'c1',
  name: 'Ada Lovelace',
  emails: [],
  phones: [],
  lifecycleStage: 'buyer',
  orders: 1,
  revenue: { amount: 1000, currency: 'USD' },
};

const channelFact = (event: CanonicalEvent, locale: 'en' | 'zh') =>
  alertMessage({ alertId: 'a1', rule: { id: 'r1', name: 'Rule' }, event, customer }, locale).facts.find(
    (fact) => fact.label === (locale === 'en' ? 'Channel' : '渠道'),
  )?.value;

describe('platformName', () => {
  it('names a WhatsApp Cloud message on the meta route WhatsApp', () => {
    // Prepare
    const message = messageOf(readMetaWebhook(fixture('whatsapp', 'cloud_message_text.json')));

    // Act
    const shown = platformName(messageEvent('meta', message));

    // Assess
    expect(shown).toEqual({ kind: 'named', name: 'WhatsApp' });
  });

  it('names an inbound Twilio SMS SMS, not twilio', () => {
    const message = messageOf(
      readTwilioWebhook(fixture('twilio', 'sms_inbound_courier.form.txt'), '2026-11-23T10:00:00.000Z'),
    );

    expect(platformName(messageEvent('twilio', message))).toEqual({ kind: 'named', name: 'SMS' });
  });

  it('names Messenger and Instagram messages on the meta route by their own platform', () => {
    expect(platformName({ channel: 'meta', message: { platform: 'messenger' } })).toEqual({
      kind: 'named',
      name: 'Messenger',
    });
    expect(platformName({ channel: 'meta', message: { platform: 'instagram' } })).toEqual({
      kind: 'named',
      name: 'Instagram',
    });
    expect(platformName({ channel: 'twilio', message: { platform: 'whatsapp' } })).toEqual({
      kind: 'named',
      name: 'WhatsApp',
    });
  });

  it('names an order by its platform, and your own shop for storefront orders', () => {
    expect(platformName({ channel: 'shopify', order: { platform: 'shopify' } })).toEqual({
      kind: 'named',
      name: 'Shopify',
    });
    expect(platformName({ channel: 'storefront', order: { platform: 'storefront' } })).toEqual({
      kind: 'named',
      name: 'Your shop',
    });
  });

  it('falls back to the route when the event names no platform', () => {
    expect(platformName({ channel: 'meta' })).toEqual({
      kind: 'named',
      name: 'WhatsApp, Messenger or Instagram',
    });
    expect(platformName({ channel: 'twilio' })).toEqual({ kind: 'named', name: 'SMS or WhatsApp' });
    expect(platformName({ channel: 'woocommerce' })).toEqual({ kind: 'named', name: 'WooCommerce' });
    expect(platformName({ channel: 'rapport' })).toEqual({ kind: 'named', name: 'Rapport' });
    expect(platformName({ channel: 'meta', message: { platform: 'threads' } })).toEqual({
      kind: 'named',
      name: 'WhatsApp, Messenger or Instagram',
    });
  });

  it('has a name for every webhook route', () => {
    for (const channel of channelNames) {
      expect(platformName({ channel }).kind, channel).toBe('named');
    }
  });

  it('shows an id it has no name for as it is, never an object key it inherits', () => {
    expect(platformName({ channel: 'kakao' })).toEqual({ kind: 'unnamed', value: 'kakao' });
    expect(platformName({ channel: 'kakao', message: { platform: 'kakaotalk' } })).toEqual({
      kind: 'unnamed',
      value: 'kakaotalk',
    });
    expect(platformName({ channel: 'constructor' })).toEqual({ kind: 'unnamed', value: 'constructor' });
  });
});

describe('alert messages name the platform', () => {
  it('says WhatsApp for a meta WhatsApp message and SMS for a twilio SMS, in English', () => {
    const whatsapp = messageOf(readMetaWebhook(fixture('whatsapp', 'cloud_message_text.json')));
    const sms = messageOf(
      readTwilioWebhook(fixture('twilio', 'sms_inbound_courier.form.txt'), '2026-11-23T10:00:00.000Z'),
    );

    expect(channelFact(messageEvent('meta', whatsapp), 'en')).toBe('WhatsApp');
    expect(channelFact(messageEvent('twilio', sms), 'en')).toBe('SMS');
  });

  it('writes the platform in Chinese where Chinese readers know it by another name', () => {
    const sms = messageOf(
      readTwilioWebhook(fixture('twilio', 'sms_inbound_courier.form.txt'), '2026-11-23T10:00:00.000Z'),
    );

    expect(channelFact(messageEvent('twilio', sms), 'zh')).toBe('短信');
    expect(channelFact(messageEvent('meta', { ...sms, platform: 'whatsapp' }), 'zh')).toBe('WhatsApp');
  });
});
