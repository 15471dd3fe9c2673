import { type HttpAnswer, retryAfterMs } from '../../delivery/http-answer';
import type { SendOutcome } from '../platform-sender';

/**
 * An answer whose body the sender could not read as the platform's own (no error envelope, or a
 * code it does not know), read by its HTTP status: 429 is `retry` after its `Retry-After`; 408 and
 * 5xx are `retry` (the platform answered, so it did not take the message); any other status is
 * `failed` and counted as Rapport's, because an unread refusal needs a person to look at it.
 *
 * @example
 * answerStatusOutcome('WhatsApp', { status: 503, headers: {}, body: '' }, new Date());
 * // { kind: 'retry', reason: 'WhatsApp answered HTTP 503' }
 */
export function answerStatusOutcome(platformLabel: string, answer: HttpAnswer, now: Date): SendOutcome {
  const words = answer.body.replace(/\s+/g, ' ').trim().slice(0, 200);
  const said = words ? `: ${words}` : '';
  if (answer.status === 429) {
    const wait = retryAfterMs(answer.headers['retry-after'], now);
    return {
      kind: 'retry',
      reason: `${platformLabel} asked Rapport to slow down (HTTP 429)${said}`,
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    };
  }
  if (answer.status === 408 || answer.status >= 500) {
    return { kind: 'retry', reason: `${platformLabel} answered HTTP ${answer.status}${said}` };
  }
  return {
    kind: 'failed',
    code: `http_${answer.status}`,
    reason: `${platformLabel} refused the message with HTTP ${answer.status}${said}`,
    ours: true,
  };
}
