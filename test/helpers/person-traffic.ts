import type { RawWebhookRequest } from '../../shared/channels/channel-adapter';
import { webhookRequest } from './channel-fixtures';
import { testChannelSecrets } from './receiver-deps';
import { shopifyOrderFor, shopifyRequest } from './shopify-requests';
import { metaRequest, twilioRequest, whatsappText } from './signed-requests';

/**
 * Signed requests of one person writing and buying across channels, for identity tests. Phones
 * are E.164 (`+14155550123`); WhatsApp's `wa_id` is the same number without `+`.
 *
 * @example
 * const person = personTraffic('+14155550123');
 * await receiveWebhook(deps, channelRegistry.meta, person.whatsapp('wamid.1', 'Hi'));
 */
export function personTraffic(phone: string) {
  const waId = phone.replace('+', '');
  return {
    /** A WhatsApp text from the person (identities: whatsapp, phone). */
    whatsapp: (id: string, text: string, seconds = 1_763_892_000): RawWebhookRequest =>
      metaRequest(whatsappText(waId, id, text, String(seconds))),
    /** An SMS through Twilio from the person (identity: phone). */
    sms: (sid: string, text: string): RawWebhookRequest =>
      twilioRequest({ MessageSid: sid, From: phone, To: '+12028831111', Body: text }),
    /** A Shopify order by the person (identities: shopify customer id, email, phone). */
    shopifyOrder: (orderId: number, shopifyCustomerId: number, email?: string): RawWebhookRequest =>
      shopifyRequest(
        'orders/create',
        shopifyOrderFor(orderId, shopifyCustomerId, (order) => {
          order.phone = phone;
          const customer = order.customer as Record<string, unknown>;
          customer.phone = phone;
          if (email) {
            order.email = email;
            customer.email = email;
          }
        }),
      ),
  };
}

/**
 * A Telegram message from a user, optionally sharing their phone number (a contact share).
 *
 * @example
 * telegramMessage(777, 1, 'hello', '+14155550123');
 */
export function telegramMessage(userId: number, messageId: number, text: string, sharedPhone?: string) {
  const from = { id: userId, is_bot: false, first_name: 'Mei' };
  const body = {
    update_id: userId * 1000 + messageId,
    message: {
      message_id: messageId,
      from,
      chat: { id: userId, type: 'private', first_name: 'Mei' },
      date: 1_763_892_000 + messageId,
      ...(sharedPhone
        ? { contact: { phone_number: sharedPhone, user_id: userId, first_name: 'Mei' } }
        : { text }),
    },
  };
  return webhookRequest('telegram', Buffer.from(JSON.stringify(body)), {
    'content-type': 'application/json',
    'x-telegram-bot-api-secret-token': testChannelSecrets.TELEGRAM_SECRET_TOKEN,
  });
}
