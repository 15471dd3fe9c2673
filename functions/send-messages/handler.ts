import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { functionSettings } from '../../shared/config/settings';
import { parseCanonicalEvent } from '../../shared/events/contracts';
import { sendMessage } from './send-message';
import { sendMessageDeps } from './send-message-deps';

const deps = sendMessageDeps('send-messages', functionSettings('send-messages'));

/**
 * EventBridge target of `message.queued`: sends the message once. An error (the table or a
 * secret unavailable) fails the invocation; Lambda retries the event, and the claim makes a
 * retry send nothing twice; then the event goes to the send DLQ (alarmed).
 */
export const handler = middy(async (event: EventBridgeEvent<string, unknown>) => {
  const queued = parseCanonicalEvent(event.detail);
  if (queued.type !== 'message.queued') return { kind: 'ignored', reason: queued.type };
  const result = await sendMessage(deps, {
    conversationId: queued.message.conversationId,
    messageId: queued.message.id,
  });
  deps.log.info('message send', { messageId: queued.message.id, result });
  return result;
});
