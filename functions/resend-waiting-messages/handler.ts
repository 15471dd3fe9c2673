import middy from '@middy/core';
import { functionSettings } from '../../shared/config/settings';
import { sendMessageDeps } from '../send-messages/send-message-deps';
import { resendWaitingMessages } from './resend-waiting-messages';

const deps = sendMessageDeps(
  'resend-waiting-messages',
  functionSettings('resend-waiting-messages') as ReturnType<typeof functionSettings<'send-messages'>>,
);

/** Run by EventBridge Scheduler every minute (locally by the host's timer). */
export const handler = middy(async () => {
  const results = await resendWaitingMessages(deps);
  if (results.length > 0) deps.log.info('resent waiting messages', { results });
  return { resent: results.length };
});
