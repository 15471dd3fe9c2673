import * as z from 'zod/mini';
import type { HttpAnswer } from '../../delivery/http-answer';
import { retryAfterMs } from '../../delivery/http-answer';
import type { Transports } from '../../delivery/transports';
import type { PlatformSender, SendOutcome, SendRequest } from '../platform-sender';
import { answerStatusOutcome } from './answer-status-outcome';
import { notConfiguredOutcome } from './not-configured-outcome';
import { thrownSendOutcome } from './sent-request-outcome';

/**
 * The longest `Body` Twilio's Messages API takes, for SMS and WhatsApp alike (1600 characters;
 * longer is refused with 21617). Longer text is refused before sending, as Rapport's own fault.
 *
 * @example
 * twilioMaxTextLength; // 1600
 */
export const twilioMaxTextLength = 1600;

/** The settings of the Twilio sender, parsed once in `shared/config`. */
export interface TwilioSenderOptions {
  /** `TWILIO_API_URL`, e.g. `https://api.twilio.com`. */
  apiUrl: string;
  /** `TWILIO_ACCOUNT_SID` (`AC…`). */
  accountSid: string;
  /** `TWILIO_AUTH_TOKEN`. */
  authToken: string;
  /** `TWILIO_FROM`: a number `+1…`, a WhatsApp sender `whatsapp:+1…`, or a Messaging Service `MG…`. */
  from: string;
  /** `TWILIO_WHATSAPP_FROM`, when WhatsApp goes out from another sender than SMS (`whatsapp:+1…`). */
  whatsAppFrom?: string;
  /** `PUBLIC_BASE_URL`: status callbacks are asked for at `{publicBaseUrl}/webhooks/twilio`. */
  publicBaseUrl?: string;
  /** The clock `Retry-After` dates are read against. */
  now?: () => Date;
}

/** Twilio's answer to a created Message: `{"sid":"SM…","status":"queued",…}`. */
const createdSchema = z.looseObject({ sid: z.string() });

/** Twilio's REST error: `{"code","message","more_info","status"}`. */
const twilioErrorSchema = z.looseObject({
  code: z.number(),
  message: z._default(z.string(), ''),
  more_info: z.optional(z.string()),
  status: z.optional(z.number()),
});

type TwilioError = z.infer<typeof twilioErrorSchema>;

/** The sender's address for one channel, and the field it goes in. */
function sender(options: TwilioSenderOptions, whatsApp: boolean): ['From' | 'MessagingServiceSid', string] {
  if (options.from.startsWith('MG') && !(whatsApp && options.whatsAppFrom))
    return ['MessagingServiceSid', options.from];
  if (!whatsApp) return ['From', options.from.replace(/^whatsapp:/, '')];
  const from = options.whatsAppFrom || options.from;
  return ['From', from.startsWith('whatsapp:') ? from : `whatsapp:${from}`];
}

/**
 * The form fields of `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` for one request, as
 * Twilio documents them: `To` (`whatsapp:+…` for WhatsApp), `From` or, for a Messaging Service,
 * `MessagingServiceSid`; `Body` for free text, or `ContentSid` (`HX…`) with `ContentVariables`
 * (`{"1": "…", "2": "…"}`) for a template; `StatusCallback` when a public base URL is set.
 *
 * @example
 * twilioMessageForm({ apiUrl, accountSid, authToken, from: '+15005550006', publicBaseUrl: 'https://crm.example' }, { messageId, platform: 'sms', to: '+14155550123', content: { kind: 'text', text: 'Hi' } }).toString();
 * // 'To=%2B14155550123&From=%2B15005550006&Body=Hi&StatusCallback=https%3A%2F%2Fcrm.example%2Fwebhooks%2Ftwilio'
 */
export function twilioMessageForm(options: TwilioSenderOptions, request: SendRequest): URLSearchParams {
  const whatsApp = request.platform === 'whatsapp';
  const to = whatsApp && !request.to.startsWith('whatsapp:') ? `whatsapp:${request.to}` : request.to;
  const form = new URLSearchParams();
  form.set('To', to);
  const [field, value] = sender(options, whatsApp);
  form.set(field, value);
  if (request.content.kind === 'text') {
    form.set('Body', request.content.text);
  } else {
    form.set('ContentSid', request.content.name);
    if (request.content.parameters.length > 0) {
      form.set(
        'ContentVariables',
        JSON.stringify(
          Object.fromEntries(request.content.parameters.map((text, index) => [String(index + 1), text])),
        ),
      );
    }
  }
  if (options.publicBaseUrl)
    form.set('StatusCallback', `${options.publicBaseUrl.replace(/\/+$/, '')}/webhooks/twilio`);
  return form;
}

function failed(error: TwilioError, ours: boolean, sentence: string, optedOut?: true): SendOutcome {
  return {
    kind: 'failed',
    code: String(error.code),
    reason: `${sentence} (Twilio ${error.code}: ${error.message})`,
    ours,
    ...(optedOut ? { optedOut } : {}),
  };
}

/**
 * Reads one Twilio error by its `code`, as Twilio's error dictionary describes it; `undefined` for
 * a code this table does not know (then the HTTP status decides).
 */
function twilioErrorOutcome(error: TwilioError, answer: HttpAnswer, now: Date): SendOutcome | undefined {
  switch (error.code) {
    case 21610:
      return failed(
        error,
        false,
        'The customer replied STOP to this number: they can write START to receive messages again',
        true,
      );
    case 21211:
      return failed(error, false, 'The customer number is not a valid phone number');
    case 21614:
      return failed(
        error,
        false,
        'The customer number is not a mobile number that can receive text messages',
      );
    case 21635:
      return failed(error, false, 'The customer number is a landline');
    case 21612:
      return failed(error, false, 'Twilio cannot route a message to the customer number');
    case 63016:
      return failed(
        error,
        false,
        'More than 24 hours have passed since the customer last wrote on WhatsApp: send an approved template instead',
      );
    case 20429:
    case 14107:
    case 21611:
    case 30022:
    case 63017:
    case 63018: {
      // 14107: more than 30 replies between two numbers in 30 seconds; Twilio fails the next ones for 30 s.
      const wait =
        retryAfterMs(answer.headers['retry-after'], now) ?? (error.code === 14107 ? 30_000 : undefined);
      return {
        kind: 'retry',
        reason: `Twilio rate limit reached: sending again shortly (Twilio ${error.code}: ${error.message})`,
        ...(wait !== undefined ? { retryAfterMs: wait } : {}),
      };
    }
    case 20003:
      return failed(
        error,
        true,
        'Twilio refused the credentials: check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN',
      );
    case 20404:
      return failed(error, true, 'Twilio does not know this account or resource: check TWILIO_ACCOUNT_SID');
    case 21606:
    case 21659:
    case 21703:
    case 63007:
      return failed(
        error,
        true,
        'The sending number or Messaging Service cannot send this message: check TWILIO_FROM',
      );
    case 21608:
      return failed(error, true, 'A Twilio trial account can only write to verified numbers');
    case 21408:
      return failed(error, true, "Sending to the customer's country is not enabled on the Twilio account");
    case 21617:
      return failed(error, true, 'The text is too long for Twilio');
    default:
      return undefined;
  }
}

/**
 * Reads Twilio's answer: 201 with a `sid` (`SM…`/`MM…`) is `sent`; an error body is read by its
 * `code` (21610 STOP, 21211/21614/21635 bad numbers, 63016 outside the WhatsApp window, 20429 and
 * 14107, 21611, 30022, 63017 and 63018 rate limits, 20003 credentials); anything else by its HTTP status.
 *
 * @example
 * twilioOutcome({ status: 201, headers: {}, body: '{"sid":"SM1","status":"queued"}' }, new Date());
 * // { kind: 'sent', platformMessageId: 'SM1' }
 */
export function twilioOutcome(answer: HttpAnswer, now: Date): SendOutcome {
  let json: unknown;
  try {
    json = JSON.parse(answer.body);
  } catch {
    json = undefined;
  }
  if (answer.status >= 200 && answer.status < 300) {
    const created = createdSchema.safeParse(json);
    return created.success ? { kind: 'sent', platformMessageId: created.data.sid } : { kind: 'sent' };
  }
  const parsed = twilioErrorSchema.safeParse(json);
  const known = parsed.success ? twilioErrorOutcome(parsed.data, answer, now) : undefined;
  if (known) return known;
  const fallback = answerStatusOutcome('Twilio', answer, now);
  return parsed.success && fallback.kind === 'failed'
    ? failed(parsed.data, true, 'Twilio refused the message')
    : fallback;
}

/**
 * The Twilio sender, for SMS and for WhatsApp through Twilio (a request for `whatsapp` that came in
 * through Twilio): `POST {apiUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json` with HTTP Basic
 * auth (`AccountSid:AuthToken`) and the form of {@link twilioMessageForm}. Without its settings it
 * answers `failed` / `not_configured`. Twilio has no idempotency key on this call: a timeout after
 * the request was written is `unknown`.
 *
 * @example
 * const sender = createTwilioSender({ apiUrl: 'https://api.twilio.com', accountSid, authToken, from: 'MG…', publicBaseUrl }, transports);
 * await sender.send({ messageId, platform: 'sms', to: '+14155550123', content: { kind: 'text', text: 'Your parcel left today' } });
 */
export function createTwilioSender(options: TwilioSenderOptions, transports: Transports): PlatformSender {
  const now = options.now ?? (() => new Date());
  const missing = [
    ...(options.accountSid ? [] : ['TWILIO_ACCOUNT_SID']),
    ...(options.authToken ? [] : ['TWILIO_AUTH_TOKEN']),
    ...(options.from ? [] : ['TWILIO_FROM']),
    ...(options.apiUrl ? [] : ['TWILIO_API_URL']),
  ];
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  return {
    platform: 'sms',
    async send(request) {
      const label = request.platform === 'whatsapp' ? 'WhatsApp through Twilio' : 'Twilio';
      if (missing.length > 0) return notConfiguredOutcome(label, missing);
      if (request.content.kind === 'text' && request.content.text.length > twilioMaxTextLength) {
        return {
          kind: 'failed',
          code: 'text_too_long',
          reason: `The text is longer than Twilio's ${twilioMaxTextLength} characters`,
          ours: true,
        };
      }
      const url = `${options.apiUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
      try {
        const answer = await transports.post({
          url,
          headers: {
            authorization,
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: twilioMessageForm(options, request).toString(),
        });
        return twilioOutcome(answer, now());
      } catch (error) {
        return thrownSendOutcome(error);
      }
    },
  };
}
