import { describe, expect, it } from 'vitest';
import { type MessageKey, zh } from '../i18n/messages';
import { platformLabel } from './labels';

const english = (text: MessageKey) => text;
const chinese = (text: MessageKey) => zh[text];

describe('platformLabel', () => {
  it('shows WhatsApp for a WhatsApp message that came through Meta’s route', () => {
    expect(platformLabel(english, { channel: 'meta', message: { platform: 'whatsapp' } })).toBe('WhatsApp');
  });

  it('shows SMS for an SMS that came through Twilio’s route, 短信 in Chinese', () => {
    const sms = { channel: 'twilio', message: { platform: 'sms' } };
    expect(platformLabel(english, sms)).toBe('SMS');
    expect(platformLabel(chinese, sms)).toBe('短信');
  });

  it('shows an order’s platform, and the shop’s own storefront as your shop', () => {
    expect(platformLabel(english, { channel: 'woocommerce', order: { platform: 'woocommerce' } })).toBe(
      'WooCommerce',
    );
    expect(platformLabel(english, { channel: 'storefront', order: { platform: 'storefront' } })).toBe(
      'Your shop',
    );
    expect(platformLabel(chinese, { channel: 'wechat' })).toBe('微信');
  });

  it('shows a platform it has no name for as it is', () => {
    expect(platformLabel(chinese, { channel: 'kakao' })).toBe('kakao');
  });
});
