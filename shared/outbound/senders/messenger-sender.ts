import * as z from 'zod/mini';
import type { HttpAnswer } from '../../delivery/http-answer';
import { retryAfterMs } from '../../delivery/http-answer';
import type { Transports } from '../../delivery/transports';
import type { PlatformSender, SendOutcome, SendRequest } from '../platform-sender';
import { answerStatusOutcome } from './answer-status-outcome';
import { type MetaGraphError, metaErrorWords, readMetaGraphError } from './meta-graph-errors';
import { notConfiguredOutcome } from './not-configured-outcome';
import { thrownSendOutcome } from './sent-request-outcome';

/**
 * The longest text each Send API platform takes in `message.text`: Messenger 2000 characters,
 * Instagram 1000. Longer text is refused before sending, as Rapport's own fault.
 *
 * @example
 * sendApiMaxTextLength.instagram; // 1000
 */
export const sendApiMaxTextLength = { messenger: 2000, instagram: 1000 } as const;

/** The platforms that answer through the Messenger Platform's Send API with a Page token. */
export type SendApiPlatform = keyof typeof sendApiMaxTextLength;

/** The settings of the Messenger and Instagram senders, parsed once in `shared/config`. */
export interface SendApiSenderOptions {
  /** `META_GRAPH_URL` with the API version, e.g. `https://graph.facebook.com/v23.0`. */
  graphUrl: string;
  /** `META_PAGE_ACCESS_TOKEN`: the Page's token (`pages_messaging`, and `instagram_manage_messages` for Instagram). */
  pageAccessToken: string;
  /** The clock `Retry-After` dates are read against. */
  now?: () => Date;
}

const labels: Record<SendApiPlatform, string> = { messenger: 'Messenger', instagram: 'Instagram' };

/** The Send API's answer to an accepted message: `{"recipient_id","message_id"}`. */
const acceptedSchema = z.looseObject({ message_id: z.string() });

/**
 * The JSON body of `POST /me/messages` for one request, as the Send API documents it. Messenger
 * always states `messaging_type` (`RESPONSE` inside the 24 h window); a human agent's reply after
 * the window is `MESSAGE_TAG` with `tag: HUMAN_AGENT`. Instagram needs no `messaging_type` for a
 * response, and takes the same `HUMAN_AGENT` tag.
 *
 * @example
 * sendApiMessageBody('messenger', { messageId: '01J…', platform: 'messenger', to: '2406', content: { kind: 'text', text: 'Hi' } }, 'Hi');
 * // { recipient: { id: '2406' }, messaging_type: 'RESPONSE', message: { text: 'Hi' } }
 */
export function sendApiMessageBody(
  platform: SendApiPlatform,
  request: SendRequest,
  text: string,
): Record<string, unknown> {
  const tag = request.humanAgentTag
    ? { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' }
    : platform === 'messenger'
      ? { messaging_type: 'RESPONSE' }
      : {};
  return { recipient: { id: request.to }, ...tag, message: { text } };
}

function failed(error: MetaGraphError, ours: boolean, sentence: string): SendOutcome {
  const code = error.subcode !== undefined ? `${error.code}/${error.subcode}` : String(error.code);
  return { kind: 'failed', code, reason: `${sentence} (${metaErrorWords(error)})`, ours };
}

/** Subcodes of code 10 that mean the message falls outside the window it may be sent in. */
const outsideWindowSubcodes = new Set([2018278, 2534022]);

/**
 * Reads one Send API error by its `code` (and the subcode where the code alone is ambiguous), as
 * Meta's Messenger Platform error-code table describes it; `undefined` for a code this table does
 * not know (then the HTTP status decides).
 *
 * Code 2 ("An unexpected error has occurred. Please retry your request later") is retried, as Meta
 * says, although Meta notes it can also mean the customer blocked the business: the send function
 * caps its retries, so a blocked customer ends as failed after a few attempts.
 */
function sendApiErrorOutcome(
  platform: SendApiPlatform,
  error: MetaGraphError,
  answer: HttpAnswer,
  now: Date,
): SendOutcome | undefined {
  const name = labels[platform];
  const retry = (sentence: string): SendOutcome => {
    const wait = retryAfterMs(answer.headers['retry-after'], now);
    return {
      kind: 'retry',
      reason: `${sentence} (${metaErrorWords(error)})`,
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    };
  };
  switch (error.code) {
    case 10:
      if (error.subcode !== undefined && outsideWindowSubcodes.has(error.subcode)) {
        return failed(
          error,
          false,
          `More than 24 hours have passed since the customer last wrote on ${name} (a human agent may answer within 7 days)`,
        );
      }
      if (error.subcode === 2018108) {
        return failed(error, false, `The customer is not receiving messages from this Page on ${name}`);
      }
      return failed(error, true, `The Page token lacks the permission to send on ${name}`);
    case 551:
      return failed(
        error,
        false,
        `The customer is not available on ${name} right now (they may have turned off messages from this Page)`,
      );
    case 2:
    case 1200:
      return retry(`${name} had a temporary problem`);
    case 4:
    case 17:
    case 32:
    case 613:
      return retry(`${name} rate limit reached: sending again shortly`);
    case 190:
      return failed(
        error,
        true,
        'The Page access token is invalid or expired: set a new META_PAGE_ACCESS_TOKEN',
      );
    case 100:
      if (error.subcode === 2018001) {
        return failed(error, false, `${name} finds no customer with this id for this Page`);
      }
      return failed(error, true, `${name} refused a parameter of the request`);
    default:
      if (error.code >= 200 && error.code <= 299) {
        return failed(error, true, `The Page token lacks the permission to send on ${name}`);
      }
      return undefined;
  }
}

/**
 * Reads the Send API's answer: 200 with `message_id` is `sent`; Meta's error envelope is read by
 * code (10/2018278 and 10/2534022 outside the window, 551 customer unavailable, 4/613 rate limits,
 * 190 token, 200-299 permissions); anything else by its HTTP status.
 *
 * @example
 * sendApiOutcome('messenger', { status: 200, headers: {}, body: '{"recipient_id":"2406","message_id":"m_A"}' }, new Date());
 * // { kind: 'sent', platformMessageId: 'm_A' }
 */
export function sendApiOutcome(platform: SendApiPlatform, answer: HttpAnswer, now: Date): SendOutcome {
  if (answer.status >= 200 && answer.status < 300) {
    let json: unknown;
    try {
      json = JSON.parse(answer.body);
    } catch {
      json = undefined;
    }
    const accepted = acceptedSchema.safeParse(json);
    return accepted.success
      ? { kind: 'sent', platformMessageId: accepted.data.message_id }
      : { kind: 'sent' };
  }
  const error = readMetaGraphError(answer.body);
  const known = error ? sendApiErrorOutcome(platform, error, answer, now) : undefined;
  if (known) return known;
  const fallback = answerStatusOutcome(labels[platform], answer, now);
  return error && fallback.kind === 'failed'
    ? failed(error, true, `${labels[platform]} refused the message`)
    : fallback;
}

function createSendApiSender(
  platform: SendApiPlatform,
  options: SendApiSenderOptions,
  transports: Transports,
): PlatformSender {
  const now = options.now ?? (() => new Date());
  const label = labels[platform];
  const missing = [
    ...(options.pageAccessToken ? [] : ['META_PAGE_ACCESS_TOKEN']),
    ...(options.graphUrl ? [] : ['META_GRAPH_URL']),
  ];
  const maxText = sendApiMaxTextLength[platform];
  return {
    platform,
    async send(request) {
      if (missing.length > 0) return notConfiguredOutcome(label, missing);
      if (request.content.kind !== 'text') {
        return {
          kind: 'failed',
          code: 'template_unsupported',
          reason: `${label} has no message templates: send free text`,
          ours: true,
        };
      }
      if (request.content.text.length > maxText) {
        return {
          kind: 'failed',
          code: 'text_too_long',
          reason: `The text is longer than ${label}'s ${maxText} characters`,
          ours: true,
        };
      }
      // Meta's Send API reference passes the Page token as the `access_token` parameter.
      const url = `${options.graphUrl.replace(/\/+$/, '')}/me/messages?access_token=${encodeURIComponent(options.pageAccessToken)}`;
      try {
        const answer = await transports.post({
          url,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(sendApiMessageBody(platform, request, request.content.text)),
        });
        return sendApiOutcome(platform, answer, now());
      } catch (error) {
        return thrownSendOutcome(error);
      }
    },
  };
}

/**
 * The Messenger sender: `POST {graphUrl}/me/messages?access_token={Page token}` with the JSON of
 * {@link sendApiMessageBody}. Without a Page token it answers `failed` / `not_configured`. Meta has
 * no idempotency key: a timeout after the request was written is `unknown`.
 *
 * @example
 * const sender = createMessengerSender({ graphUrl: 'https://graph.facebook.com/v23.0', pageAccessToken }, transports);
 * await sender.send({ messageId, platform: 'messenger', to: psid, content: { kind: 'text', text: 'Hello' } });
 */
export function createMessengerSender(options: SendApiSenderOptions, transports: Transports): PlatformSender {
  return createSendApiSender('messenger', options, transports);
}

/**
 * The Instagram sender, through the Messenger Platform with the linked Page's token (the same
 * `me/messages` call as Messenger, no `messaging_type` for a response, 1000 characters at most).
 *
 * @example
 * const sender = createInstagramSender({ graphUrl: 'https://graph.facebook.com/v23.0', pageAccessToken }, transports);
 * await sender.send({ messageId, platform: 'instagram', to: igsid, content: { kind: 'text', text: 'Hello' } });
 */
export function createInstagramSender(options: SendApiSenderOptions, transports: Transports): PlatformSender {
  return createSendApiSender('instagram', options, transports);
}
