import type { ChannelAdapter, RawWebhookRequest } from '../channels/channel-adapter';
import { errorResponse } from '../http/api-gateway';
import { channelSecrets } from './receive-webhook';
import type { ReceiverDeps } from './receiver-deps';

/**
 * Answers a platform's `GET` verification handshake (Meta `hub.challenge`, WeChat `echostr`,
 * X `crc_token`). The body is exactly what the platform expects, never JSON-wrapped.
 *
 * @example
 * return answerHandshake(deps, metaChannel, request);
 */
export async function answerHandshake(
  deps: ReceiverDeps,
  adapter: ChannelAdapter,
  request: RawWebhookRequest,
) {
  if (!adapter.handshake)
    return errorResponse(405, 'method_not_allowed', `The ${adapter.channel} webhook accepts POST only.`);
  const secrets = await channelSecrets(deps, adapter);
  if (!secrets) return errorResponse(404, 'channel_not_configured', 'This channel has no secret configured.');
  const answer = adapter.handshake(request, secrets);
  if (answer.kind === 'refused') return errorResponse(answer.status, answer.error, answer.message);
  return { statusCode: 200, headers: { 'content-type': answer.contentType }, body: answer.body };
}
