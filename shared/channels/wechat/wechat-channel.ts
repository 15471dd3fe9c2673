import type { ChannelAdapter } from '../channel-adapter';
import { channelSecretSettings } from '../channel-names';
import { safeEqual } from '../verify-hmac';
import { readWechatMessage } from './read-wechat-message';
import { verifyWechatRequest } from './verify-wechat-request';
import { wechatSignature } from './wechat-crypto';

/**
 * The WeChat Official Account channel. `GET` answers the `echostr` check; `POST` accepts plaintext
 * and safe mode (recommended: plaintext mode does not sign the body) and replies `success`.
 *
 * @example
 * wechatChannel.handshake?.(request, { WECHAT_TOKEN: 'spamtest' });
 */
export const wechatChannel: ChannelAdapter = {
  channel: 'wechat',
  secretSettings: channelSecretSettings.wechat.required,
  optionalSecretSettings: channelSecretSettings.wechat.optional,
  verify: (request, secrets, context) => verifyWechatRequest(request, secrets, context.now),
  read: (request, secrets) => readWechatMessage(request, secrets),
  handshake: (request, secrets) => {
    const { signature, timestamp, nonce, echostr } = request.query;
    if (!signature || !timestamp || !nonce || !echostr || echostr.length > 512) {
      return {
        kind: 'refused',
        status: 400,
        error: 'bad_handshake',
        message: 'Expected signature, timestamp, nonce and echostr.',
      };
    }
    if (!safeEqual(wechatSignature([secrets.WECHAT_TOKEN ?? '', timestamp, nonce]), signature)) {
      return {
        kind: 'refused',
        status: 403,
        error: 'bad_signature',
        message: 'The signature does not match the token.',
      };
    }
    return { kind: 'answer', contentType: 'text/plain', body: echostr };
  },
  acknowledgement: { contentType: 'text/plain', body: 'success' },
  replayHeaders: ['content-type'],
};
