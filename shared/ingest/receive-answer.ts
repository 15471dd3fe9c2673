import type { ChannelAdapter } from '../channels/channel-adapter';
import { errorResponse, jsonResponse } from '../http/api-gateway';
import type { ReceiveResult } from '../receivers/replay-contract';

/**
 * The HTTP answer of each receive result (public contract, "Webhook routes").
 *
 * @example
 * return receiveAnswer({ kind: 'duplicate' }); // 200
 */
export function receiveAnswer(result: ReceiveResult, adapter?: Pick<ChannelAdapter, 'acknowledgement'>) {
  const acknowledgement = adapter?.acknowledgement;
  if (
    acknowledgement &&
    (result.kind === 'stored' || result.kind === 'duplicate' || result.kind === 'unhandled')
  ) {
    return {
      statusCode: 200,
      headers: { 'content-type': acknowledgement.contentType },
      body: acknowledgement.body,
    };
  }
  switch (result.kind) {
    case 'stored':
      return jsonResponse(200, { ok: true, status: 'stored' });
    case 'duplicate':
      return jsonResponse(200, { ok: true, status: 'duplicate' });
    case 'unhandled':
      return jsonResponse(200, { ok: true, status: 'ignored', topic: result.topic });
    case 'quarantined':
      return jsonResponse(202, { ok: true, status: 'quarantined', id: result.id, reason: result.reason });
    case 'unauthorized':
      return errorResponse(401, 'bad_signature', 'The signature is missing or does not match the body.');
    case 'not_configured':
      return errorResponse(404, 'channel_not_configured', 'This channel has no secret configured.');
    case 'too_large':
      return errorResponse(413, 'too_large', 'The body is larger than 1 MiB.');
  }
}
