import type { ChannelAdapter } from '../channel-adapter';
import { channelSecretSettings } from '../channel-names';
import { safeEqual } from '../verify-hmac';
import { readTelegramUpdate } from './read-telegram-update';

/**
 * The Telegram channel: `X-Telegram-Bot-Api-Secret-Token` must equal the `secret_token` given to
 * `setWebhook` (Telegram signs nothing else), compared in constant time.
 *
 * @example
 * telegramChannel.verify(request, { TELEGRAM_SECRET_TOKEN: 'abc' }, { now: new Date() });
 */
export const telegramChannel: ChannelAdapter = {
  channel: 'telegram',
  secretSettings: channelSecretSettings.telegram.required,
  verify: (request, secrets) => {
    const token = request.headers['x-telegram-bot-api-secret-token'];
    return Boolean(token) && safeEqual(secrets.TELEGRAM_SECRET_TOKEN ?? '', token ?? '');
  },
  read: (request) => readTelegramUpdate(request.rawBody),
  replayHeaders: ['x-telegram-bot-api-secret-token'],
};
