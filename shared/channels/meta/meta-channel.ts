import type { ChannelAdapter } from '../channel-adapter';
import { channelSecretSettings } from '../channel-names';
import { safeEqual } from '../verify-hmac';
import { readMetaWebhook } from './read-meta-webhook';
import { verifyMetaSignature } from './verify-meta-signature';

/**
 * The Meta channel: WhatsApp Cloud API, Messenger and Instagram on one route. `GET` answers the
 * `hub.mode=subscribe` handshake with the configured verify token; `POST` checks
 * `X-Hub-Signature-256` with the app secret.
 *
 * @example
 * metaChannel.handshake?.(request, { META_APP_SECRET: 's', META_VERIFY_TOKEN: 't' });
 */
export const metaChannel: ChannelAdapter = {
  channel: 'meta',
  secretSettings: channelSecretSettings.meta.required,
  verify: (request, secrets) =>
    verifyMetaSignature(
      request.rawBody,
      request.headers['x-hub-signature-256'],
      secrets.META_APP_SECRET ?? '',
    ),
  read: (request) => readMetaWebhook(request.rawBody),
  handshake: (request, secrets) => {
    const mode = request.query['hub.mode'];
    const token = request.query['hub.verify_token'] ?? '';
    const challenge = request.query['hub.challenge'];
    if (mode !== 'subscribe' || !challenge || challenge.length > 512) {
      return {
        kind: 'refused',
        status: 400,
        error: 'bad_handshake',
        message: 'Expected hub.mode=subscribe with a hub.challenge.',
      };
    }
    if (!safeEqual(secrets.META_VERIFY_TOKEN ?? '', token)) {
      return {
        kind: 'refused',
        status: 403,
        error: 'bad_verify_token',
        message: 'hub.verify_token does not match.',
      };
    }
    return { kind: 'answer', contentType: 'text/plain', body: challenge };
  },
  replayHeaders: ['x-hub-signature-256'],
};
