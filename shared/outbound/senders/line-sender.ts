import * as z from 'zod/mini';
import { type HttpAnswer, retryAfterMs } from '../../delivery/http-answer';
import type { Transports } from '../../delivery/transports';
import type { PlatformSender, SendOutcome, SendRequest } from '../platform-sender';
import { answerStatusOutcome } from './answer-status-outcome';
import { lineRetryKey } from './line-retry-key';
import { notConfiguredOutcome } from './not-configured-outcome';
import { thrownSendOutcome } from './sent-request-outcome';

/**
 * The longest text of a LINE text message (5000 characters). Longer or empty text is refused
 * before sending, as Rapport's own fault.
 *
 * @example
 * lineMaxTextLength; // 5000
 */
export const lineMaxTextLength = 5000;

/** The settings the LINE sender needs, parsed once in `shared/config`. */
export interface LineSenderOptions {
  /** `LINE_API_URL`, normally `https://api.line.me`. */
  apiUrl: string;
  /** `LINE_CHANNEL_ACCESS_TOKEN`: a channel access token of the Messaging API channel. */
  channelAccessToken: string;
  /** The clock a `Retry-After` date is read against. */
  now?: () => Date;
}

const label = 'LINE';

/** `{"sentMessages":[{"id","quoteToken"}]}`, the answer to reply and push (and to a 409 on push). */
const sentMessagesSchema = z.looseObject({
  sentMessages: z.optional(z.array(z.looseObject({ id: z.string() }))),
});

/** LINE's error body: `{"message","details":[{"message","property"}],"sentMessages"}`. */
const lineErrorSchema = z.looseObject({
  message: z.string(),
  details: z.optional(
    z.array(z.looseObject({ message: z.optional(z.string()), property: z.optional(z.string()) })),
  ),
});

function readJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** The first sent message's id, when the body has `sentMessages`. */
function sentMessageId(body: string): string | undefined {
  const parsed = sentMessagesSchema.safeParse(readJson(body));
  return parsed.success ? parsed.data.sentMessages?.[0]?.id : undefined;
}

/** LINE's own words for an error: its `message`, the `details`, and the `x-line-request-id` LINE asks to log. */
function lineErrorWords(answer: HttpAnswer): string | undefined {
  const parsed = lineErrorSchema.safeParse(readJson(answer.body));
  if (!parsed.success) return undefined;
  const details = (parsed.data.details ?? [])
    .map((detail) => [detail.property, detail.message].filter(Boolean).join(': '))
    .filter(Boolean);
  const requestId = answer.headers['x-line-request-id'];
  const id = typeof requestId === 'string' ? ` [x-line-request-id ${requestId}]` : '';
  return `${parsed.data.message}${details.length > 0 ? ` (${details.join('; ')})` : ''}${id}`;
}

/**
 * The JSON body of one text, for reply (`replyToken`) or push (`to`): one text message object.
 *
 * @example
 * lineMessageBody({ to: 'U4af4980629…' }, 'Hello'); // { to: 'U4af4980629…', messages: [{ type: 'text', text: 'Hello' }] }
 */
export function lineMessageBody(
  target: { replyToken: string } | { to: string },
  text: string,
): Record<string, unknown> {
  return { ...target, messages: [{ type: 'text', text }] };
}

/**
 * True when a reply was refused because its reply token is used or expired (LINE answers 400
 * `Invalid reply token`): the message can still go out as a push.
 *
 * @example
 * isInvalidReplyToken({ status: 400, headers: {}, body: '{"message":"Invalid reply token"}' }); // true
 */
export function isInvalidReplyToken(answer: HttpAnswer): boolean {
  if (answer.status !== 400) return false;
  const parsed = lineErrorSchema.safeParse(readJson(answer.body));
  return parsed.success && /invalid reply token/i.test(parsed.data.message);
}

/**
 * Reads LINE's answer to reply or push: 200 is `sent` with the first `sentMessages` id; 409 to a
 * request sent with a retry key (a request with this key was already accepted) is `sent` too, with the id when LINE
 * gives it; 429 is read from its message, as LINE asks: "You have reached your monthly limit." and
 * the additional-message target limit are `failed` and Rapport's (waiting minutes does not help; a
 * person raises the plan or the limit), a rate or concurrency limit is `retry`; 400, 401 and 403
 * are `failed` and Rapport's (the payload, the token, the plan's permissions); 5xx is `retry`.
 *
 * @example
 * lineOutcome({ status: 409, headers: {}, body: '{"message":"The retry key is already accepted","sentMessages":[{"id":"4610"}]}' }, new Date());
 * // { kind: 'sent', platformMessageId: '4610' }
 */
export function lineOutcome(answer: HttpAnswer, now: Date, sentWithRetryKey = true): SendOutcome {
  if ((answer.status >= 200 && answer.status < 300) || (answer.status === 409 && sentWithRetryKey)) {
    const id = sentMessageId(answer.body);
    return id !== undefined ? { kind: 'sent', platformMessageId: id } : { kind: 'sent' };
  }
  const words = lineErrorWords(answer);
  if (words === undefined) return answerStatusOutcome(label, answer, now);
  const code = String(answer.status);
  if (answer.status === 429) {
    if (/monthly limit|additional messages/i.test(words)) {
      return {
        kind: 'failed',
        code,
        reason: `The LINE account has no messages left this month, or reached its limit for additional messages: raise the plan or the limit in LINE Official Account Manager (LINE: ${words})`,
        ours: true,
      };
    }
    const wait = retryAfterMs(answer.headers['retry-after'], now);
    return {
      kind: 'retry',
      reason: `LINE asked Rapport to slow down (LINE: ${words})`,
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    };
  }
  if (answer.status === 408 || answer.status >= 500) {
    return { kind: 'retry', reason: `LINE had a temporary problem (LINE: ${words})` };
  }
  const sentence =
    answer.status === 401
      ? 'LINE refused the channel access token: set a valid LINE_CHANNEL_ACCESS_TOKEN'
      : answer.status === 403
        ? "The LINE channel's plan does not allow this API"
        : 'LINE refused the message';
  return { kind: 'failed', code, reason: `${sentence} (LINE: ${words})`, ours: true };
}

/**
 * The LINE Messaging API sender. With a fresh `replyToken` it replies (`POST /v2/bot/message/reply`,
 * free, no retry key: LINE answers 400 to one); a reply refused for its token (used or expired)
 * goes out as a push in the same send. Otherwise it pushes (`POST /v2/bot/message/push`) with an
 * `X-Line-Retry-Key` derived from Rapport's message id ({@link lineRetryKey}), so a push whose
 * answer was lost is `retry`, not `unknown`: the next attempt carries the same key and LINE answers
 * 409 if it had accepted the first. A lost answer to a reply is `unknown` (no key). Templates do
 * not exist on LINE's API for this (`template_unsupported`); without a token it answers
 * `not_configured` without sending.
 *
 * @example
 * const sender = createLineSender({ apiUrl: 'https://api.line.me', channelAccessToken }, transports);
 * await sender.send({ messageId, platform: 'line', to: 'U4af4980629…', content: { kind: 'text', text: 'Thanks!' }, replyToken });
 */
export function createLineSender(options: LineSenderOptions, transports: Transports): PlatformSender {
  const now = options.now ?? (() => new Date());
  const missing = [
    ...(options.channelAccessToken ? [] : ['LINE_CHANNEL_ACCESS_TOKEN']),
    ...(options.apiUrl ? [] : ['LINE_API_URL']),
  ];
  const base = options.apiUrl.replace(/\/+$/, '');
  const headers = {
    authorization: `Bearer ${options.channelAccessToken}`,
    'content-type': 'application/json',
  };

  async function reply(replyToken: string, text: string): Promise<HttpAnswer | SendOutcome> {
    try {
      return await transports.post({
        url: `${base}/v2/bot/message/reply`,
        headers,
        body: JSON.stringify(lineMessageBody({ replyToken }, text)),
      });
    } catch (error) {
      return thrownSendOutcome(error);
    }
  }

  async function push(request: SendRequest, text: string): Promise<SendOutcome> {
    try {
      const answer = await transports.post({
        url: `${base}/v2/bot/message/push`,
        headers: { ...headers, 'x-line-retry-key': lineRetryKey(request.messageId) },
        body: JSON.stringify(lineMessageBody({ to: request.to }, text)),
      });
      return lineOutcome(answer, now());
    } catch (error) {
      const outcome = thrownSendOutcome(error);
      if (outcome.kind !== 'unknown') return outcome;
      return {
        kind: 'retry',
        reason: `LINE's answer to the push was lost; the retry key makes sending again safe (${outcome.reason})`,
      };
    }
  }

  return {
    platform: 'line',
    async send(request) {
      if (missing.length > 0) return notConfiguredOutcome(label, missing);
      const content = request.content;
      if (content.kind !== 'text') {
        return {
          kind: 'failed',
          code: 'template_unsupported',
          reason: 'LINE has no message templates to send: send the text itself',
          ours: true,
        };
      }
      if (content.text.length === 0 || content.text.length > lineMaxTextLength) {
        return {
          kind: 'failed',
          code: 'text_length',
          reason: `LINE takes 1 to ${lineMaxTextLength} characters; this text has ${content.text.length}`,
          ours: true,
        };
      }
      if (request.replyToken) {
        const answer = await reply(request.replyToken, content.text);
        if ('kind' in answer) return answer;
        if (!isInvalidReplyToken(answer)) return lineOutcome(answer, now(), false);
      }
      if (request.to.trim() === '') {
        return {
          kind: 'failed',
          code: 'invalid_recipient',
          reason: 'No LINE user id to push to',
          ours: true,
        };
      }
      return push(request, content.text);
    },
  };
}
