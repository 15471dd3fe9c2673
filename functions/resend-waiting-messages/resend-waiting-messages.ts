import type { SendMessageDeps, SendMessageResult } from '../send-messages/send-message';
import { sendMessage } from '../send-messages/send-message';

/** What the sweep needs besides sending: the messages due on the due-date index. */
export interface ResendDeps extends SendMessageDeps {
  conversations: SendMessageDeps['conversations'] & {
    dueMessages(
      day: string,
      now: Date,
      limit?: number,
    ): Promise<Array<{ conversationId: string; id: string }>>;
  };
}

/** How many due messages one run sends, a few at a time. */
const perRun = 200;
const concurrency = 8;

/**
 * Sends again the messages whose wait ended: those a platform asked to retry later (its
 * `Retry-After`, a pace) and those whose sending invocation died holding them (the lease ran
 * out). Reads today's and yesterday's partitions of the due-date index; each message goes
 * through the same claim as a first send, so nothing is sent twice.
 *
 * @example
 * await resendWaitingMessages(deps); // [{ kind: 'sent', attempts: 2 }]
 */
export async function resendWaitingMessages(deps: ResendDeps): Promise<SendMessageResult[]> {
  const now = deps.now();
  const days = [new Date(now.getTime() - 86_400_000), now].map((day) => day.toISOString().slice(0, 10));
  const due = (await Promise.all(days.map((day) => deps.conversations.dueMessages(day, now, perRun)))).flat();
  const results: SendMessageResult[] = [];
  for (let index = 0; index < due.length; index += concurrency) {
    const batch = due.slice(index, index + concurrency);
    results.push(
      ...(await Promise.all(
        batch.map((message) =>
          sendMessage(deps, { conversationId: message.conversationId, messageId: message.id }),
        ),
      )),
    );
  }
  return results;
}
