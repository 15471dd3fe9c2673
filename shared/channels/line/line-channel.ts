import type { ChannelAdapter } from '../channel-adapter';
import { channelSecretSettings } from '../channel-names';
import { readLineWebhook } from './read-line-webhook';
import { verifyLineSignature } from './verify-line-signature';

/**
 * The LINE channel.
 *
 * @example
 * lineChannel.verify(request, { LINE_CHANNEL_SECRET: 'secret' }, { now: new Date() });
 */
export const lineChannel: ChannelAdapter = {
  channel: 'line',
  secretSettings: channelSecretSettings.line.required,
  verify: (request, secrets) =>
    verifyLineSignature(
      request.rawBody,
      request.headers['x-line-signature'],
      secrets.LINE_CHANNEL_SECRET ?? '',
    ),
  read: (request) => readLineWebhook(request.rawBody),
  replayHeaders: ['x-line-signature'],
};
