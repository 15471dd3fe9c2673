import type { SettingsOf } from '../config/settings';
import type { Transports } from '../delivery/transports';
import type { SecretSource } from '../secrets/secret-source';
import type { OutboundPlatform, PlatformSender } from './platform-sender';
import { createEmailSender } from './senders/email-sender';
import { createLineSender } from './senders/line-sender';
import { createInstagramSender, createMessengerSender } from './senders/messenger-sender';
import { createTelegramSender } from './senders/telegram-sender';
import { createTwilioSender } from './senders/twilio-sender';
import type { AccessTokenStore } from './senders/wechat-access-token';
import { createWechatSender } from './senders/wechat-sender';
import { createWhatsAppSender } from './senders/whatsapp-sender';
import { createXSender } from './senders/x-sender';

/** The settings the senders read (the `send-messages` binding). */
export type SenderSettings = SettingsOf<'send-messages'>;

/** Picks the sender of a platform; `viaTwilio` for WhatsApp conversations that came through Twilio. */
export type SenderFor = (platform: OutboundPlatform, viaTwilio: boolean) => Promise<PlatformSender>;

/**
 * Each platform's sender, built from the function's settings and its secrets (read through the
 * function's secret source, cached across invocations). A platform whose settings are missing
 * still gets its sender, which answers "<platform> is not configured: set …" to every send.
 *
 * @example
 * const senderFor = platformSenders(settings, secrets, transports, new WechatTokenRepository(client, table));
 * const sender = await senderFor('telegram', false);
 */
export function platformSenders(
  settings: SenderSettings,
  secrets: SecretSource,
  transports: Transports,
  wechatTokens: AccessTokenStore,
): SenderFor {
  const secret = async (name: string) => (await secrets.get(name)) ?? '';
  // Senders are kept as long as the secrets they were built from (a rotated secret is read again),
  // so WeChat's holder keeps its token in memory between sends instead of reading the table each time.
  const kept = new Map<string, { sender: Promise<PlatformSender>; until: number }>();
  return (platform, viaTwilio) => {
    const key = `${platform}:${viaTwilio}`;
    const now = Date.now();
    const cached = kept.get(key);
    if (cached && cached.until > now) return cached.sender;
    const sender = build(platform, viaTwilio);
    kept.set(key, { sender, until: now + keepSendersMs });
    // A build that failed (a secret unavailable) is not kept: the next send tries again.
    sender.catch(() => kept.delete(key));
    return sender;
  };

  async function build(platform: OutboundPlatform, viaTwilio: boolean): Promise<PlatformSender> {
    const twilio = async () =>
      createTwilioSender(
        {
          apiUrl: settings.TWILIO_API_URL,
          accountSid: settings.TWILIO_ACCOUNT_SID,
          authToken: await secret('TWILIO_AUTH_TOKEN'),
          from: settings.TWILIO_FROM,
          ...(settings.PUBLIC_BASE_URL ? { publicBaseUrl: settings.PUBLIC_BASE_URL } : {}),
        },
        transports,
      );
    switch (platform) {
      case 'whatsapp':
        if (viaTwilio) return twilio();
        return createWhatsAppSender(
          {
            graphUrl: settings.META_GRAPH_URL,
            accessToken: await secret('WHATSAPP_ACCESS_TOKEN'),
            phoneNumberId: settings.WHATSAPP_PHONE_NUMBER_ID,
          },
          transports,
        );
      case 'sms':
        return twilio();
      case 'messenger':
        return createMessengerSender(
          { graphUrl: settings.META_GRAPH_URL, pageAccessToken: await secret('META_PAGE_ACCESS_TOKEN') },
          transports,
        );
      case 'instagram':
        return createInstagramSender(
          { graphUrl: settings.META_GRAPH_URL, pageAccessToken: await secret('META_PAGE_ACCESS_TOKEN') },
          transports,
        );
      case 'telegram':
        return createTelegramSender(
          { apiUrl: settings.TELEGRAM_API_URL, botToken: await secret('TELEGRAM_BOT_TOKEN') },
          transports,
        );
      case 'line':
        return createLineSender(
          { apiUrl: settings.LINE_API_URL, channelAccessToken: await secret('LINE_CHANNEL_ACCESS_TOKEN') },
          transports,
        );
      case 'wechat':
        return createWechatSender(
          {
            apiUrl: settings.WECHAT_API_URL,
            appId: await secret('WECHAT_APP_ID'),
            appSecret: await secret('WECHAT_APP_SECRET'),
          },
          transports,
          wechatTokens,
        );
      case 'x':
        return createXSender(
          { apiUrl: settings.X_API_URL, userAccessToken: await secret('X_USER_ACCESS_TOKEN') },
          transports,
        );
      case 'email':
        return createEmailSender({ from: settings.MESSAGE_EMAIL_FROM }, transports);
    }
  }
}

/** How long a built sender is reused: the secret source's own cache time. */
const keepSendersMs = 5 * 60_000;
