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
 * The longest text body the WhatsApp Cloud API takes (`text.body`, 4096 characters). Longer text
 * is refused before sending, as Rapport's own fault: the API layer is expected to limit it first.
 *
 * @example
 * whatsAppMaxTextLength; // 4096
 */
export const whatsAppMaxTextLength = 4096;

/** The settings the WhatsApp Cloud API sender needs, parsed once in `shared/config`. */
export interface WhatsAppSenderOptions {
  /** `META_GRAPH_URL` with the API version, e.g. `https://graph.facebook.com/v23.0`. */
  graphUrl: string;
  /** `WHATSAPP_ACCESS_TOKEN`: a system user token with `whatsapp_business_messaging`. */
  accessToken: string;
  /** `WHATSAPP_PHONE_NUMBER_ID`: the business phone number's id (not the number itself). */
  phoneNumberId: string;
  /** The clock `Retry-After` dates are read against. */
  now?: () => Date;
}

const label = 'WhatsApp';

/** Meta's answer to an accepted message: `{"messaging_product","contacts","messages":[{"id":"wamid…"}]}`. */
const acceptedSchema = z.looseObject({
  messages: z.array(z.looseObject({ id: z.string() })).check(z.minLength(1)),
});

/**
 * The JSON body of `POST /{phone-number-id}/messages` for one request, as the Cloud API documents
 * it: free text with link previews off, or an approved template with its body parameters (no
 * `components` when there are none). `biz_opaque_callback_data` carries Rapport's message id, which
 * Meta echoes in the status webhooks. The recipient is the phone number's digits.
 *
 * @example
 * whatsAppMessageBody({ messageId: '01J…', platform: 'whatsapp', to: '+14155550123', content: { kind: 'text', text: 'Hi' } });
 * // { messaging_product: 'whatsapp', recipient_type: 'individual', to: '14155550123', type: 'text', text: { preview_url: false, body: 'Hi' }, biz_opaque_callback_data: '01J…' }
 */
export function whatsAppMessageBody(request: SendRequest): Record<string, unknown> {
  const envelope = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: request.to.replace(/\D/g, ''),
  };
  const content = request.content;
  const message =
    content.kind === 'text'
      ? { type: 'text', text: { preview_url: false, body: content.text } }
      : {
          type: 'template',
          template: {
            name: content.name,
            language: { policy: 'deterministic', code: content.language },
            ...(content.parameters.length > 0
              ? {
                  components: [
                    {
                      type: 'body',
                      parameters: content.parameters.map((text) => ({ type: 'text', text })),
                    },
                  ],
                }
              : {}),
          },
        };
  return { ...envelope, ...message, biz_opaque_callback_data: request.messageId };
}

const sixSecondsMs = 6_000;
const oneDayMs = 24 * 60 * 60 * 1000;

function failed(error: MetaGraphError, ours: boolean, sentence: string, optedOut?: true): SendOutcome {
  return {
    kind: 'failed',
    code: String(error.code),
    reason: `${sentence} (${metaErrorWords(error)})`,
    ours,
    ...(optedOut ? { optedOut } : {}),
  };
}

function retry(error: MetaGraphError, sentence: string, wait?: number): SendOutcome {
  return {
    kind: 'retry',
    reason: `${sentence} (${metaErrorWords(error)})`,
    ...(wait !== undefined ? { retryAfterMs: wait } : {}),
  };
}

/**
 * Reads one WhatsApp Cloud API error by its `code`, as Meta's error-code table describes it;
 * `undefined` for a code this table does not know (then the HTTP status decides).
 */
function whatsAppErrorOutcome(error: MetaGraphError, answer: HttpAnswer, now: Date): SendOutcome | undefined {
  const throttled = () => retryAfterMs(answer.headers['retry-after'], now);
  switch (error.code) {
    case 131047:
      return failed(
        error,
        false,
        'More than 24 hours have passed since the customer last wrote on WhatsApp: send an approved template instead',
      );
    case 131050:
      return failed(
        error,
        false,
        'The customer has stopped marketing messages from this business on WhatsApp',
        true,
      );
    case 130403:
      return failed(
        error,
        false,
        'This WhatsApp business has blocked the customer: unblock them to write to them',
      );
    case 131026:
      return failed(
        error,
        false,
        'WhatsApp could not deliver to this number (not on WhatsApp, terms not accepted, or an old app)',
      );
    case 131021:
      return failed(error, false, 'The customer number is the business number itself');
    case 130472:
      return failed(
        error,
        false,
        "WhatsApp held this message back: the customer's number is in a Meta marketing experiment",
      );
    case 131056:
      return retry(
        error,
        'Too many messages to this customer in a short time: WhatsApp asks to wait',
        sixSecondsMs,
      );
    case 130429:
    case 80007:
    case 4:
      return retry(error, 'WhatsApp throughput limit reached: sending again shortly', throttled());
    case 131049:
      return retry(
        error,
        'WhatsApp did not deliver this to keep engagement healthy: trying again in 24 hours',
        oneDayMs,
      );
    case 1:
    case 2:
    case 131000:
    case 131016:
    case 133004:
      return retry(error, 'WhatsApp had a temporary problem', throttled());
    case 0:
    case 190:
      return failed(
        error,
        true,
        'The WhatsApp access token is invalid or expired: set a new WHATSAPP_ACCESS_TOKEN',
      );
    case 3:
    case 10:
      return failed(error, true, 'The WhatsApp access token lacks the permission to send messages');
    case 132000:
      return failed(error, true, "The template's parameters do not match the template approved on WhatsApp");
    case 132001:
      return failed(error, true, 'This template does not exist on WhatsApp in this language');
    case 131051:
      return failed(error, true, 'WhatsApp does not support this message type');
    case 131052:
    case 131053:
      return failed(error, true, 'WhatsApp could not handle the media of this message');
    case 131030:
      return failed(
        error,
        true,
        "The customer number is not in this test WhatsApp number's allowed list: add it in the app dashboard",
      );
    case 131048:
      return failed(
        error,
        true,
        'WhatsApp limits this number because too many messages were blocked or reported: check its quality in WhatsApp Manager',
      );
    case 131031:
    case 368:
      return failed(
        error,
        true,
        'The WhatsApp business account is locked or restricted for a policy violation',
      );
    case 131042:
      return failed(
        error,
        true,
        'WhatsApp refused the message because of a payment problem on the business account',
      );
    case 131063:
    case 131064:
      return failed(
        error,
        true,
        'WhatsApp does not allow this marketing template to be sent from this account now',
      );
    case 100:
    case 131008:
    case 131009:
      return failed(error, true, 'WhatsApp refused a parameter of the request');
    default:
      if (error.code >= 200 && error.code <= 299) {
        return failed(error, true, 'The WhatsApp access token lacks the permission to send messages');
      }
      return undefined;
  }
}

/**
 * Reads the Cloud API's answer: 200 with `messages[0].id` is `sent` with the wamid; Meta's error
 * envelope is read by its `code` (131047 outside the 24 h window, 131050 marketing opt-out, 131056
 * per-recipient pace, 130429/80007/4 throughput, 131049 wait a day, 190 token…); a code it does not
 * know, or no envelope, is read by the HTTP status (5xx and 429 retried).
 *
 * @example
 * whatsAppOutcome({ status: 200, headers: {}, body: '{"messages":[{"id":"wamid.A"}]}' }, new Date());
 * // { kind: 'sent', platformMessageId: 'wamid.A' }
 */
export function whatsAppOutcome(answer: HttpAnswer, now: Date): SendOutcome {
  if (answer.status >= 200 && answer.status < 300) {
    let json: unknown;
    try {
      json = JSON.parse(answer.body);
    } catch {
      json = undefined;
    }
    const id = acceptedSchema.safeParse(json).data?.messages[0]?.id;
    return id ? { kind: 'sent', platformMessageId: id } : { kind: 'sent' };
  }
  const error = readMetaGraphError(answer.body);
  const known = error ? whatsAppErrorOutcome(error, answer, now) : undefined;
  if (known) return known;
  const fallback = answerStatusOutcome(label, answer, now);
  return error && fallback.kind === 'failed' ? failed(error, true, 'WhatsApp refused the message') : fallback;
}

/**
 * The WhatsApp Cloud API sender: `POST {graphUrl}/{phoneNumberId}/messages` with the access token
 * as a Bearer token and the JSON of {@link whatsAppMessageBody}. Without a token or phone number
 * id it answers `failed` / `not_configured` without sending. Meta has no idempotency key, so a
 * timeout after the request was written is `unknown` (see {@link thrownSendOutcome}).
 *
 * @example
 * const sender = createWhatsAppSender({ graphUrl: 'https://graph.facebook.com/v23.0', accessToken, phoneNumberId }, transports);
 * await sender.send({ messageId, platform: 'whatsapp', to: '+14155550123', content: { kind: 'text', text: 'Your parcel left today' } });
 */
export function createWhatsAppSender(options: WhatsAppSenderOptions, transports: Transports): PlatformSender {
  const now = options.now ?? (() => new Date());
  const missing = [
    ...(options.accessToken ? [] : ['WHATSAPP_ACCESS_TOKEN']),
    ...(options.phoneNumberId ? [] : ['WHATSAPP_PHONE_NUMBER_ID']),
    ...(options.graphUrl ? [] : ['META_GRAPH_URL']),
  ];
  return {
    platform: 'whatsapp',
    async send(request) {
      if (missing.length > 0) return notConfiguredOutcome(label, missing);
      if (request.content.kind === 'text' && request.content.text.length > whatsAppMaxTextLength) {
        return {
          kind: 'failed',
          code: 'text_too_long',
          reason: `The text is longer than WhatsApp's ${whatsAppMaxTextLength} characters`,
          ours: true,
        };
      }
      if (request.to.replace(/\D/g, '').length === 0) {
        return {
          kind: 'failed',
          code: 'invalid_recipient',
          reason: `"${request.to}" is not a phone number WhatsApp can write to`,
          ours: false,
        };
      }
      const url = `${options.graphUrl.replace(/\/+$/, '')}/${encodeURIComponent(options.phoneNumberId)}/messages`;
      try {
        const answer = await transports.post({
          url,
          headers: {
            authorization: `Bearer ${options.accessToken}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(whatsAppMessageBody(request)),
        });
        return whatsAppOutcome(answer, now());
      } catch (error) {
        return thrownSendOutcome(error);
      }
    },
  };
}
