import * as z from 'zod/mini';
import type { HttpAnswer } from '../../delivery/http-answer';
import type { Transports } from '../../delivery/transports';
import type { PlatformSender, SendOutcome, SendRequest } from '../platform-sender';
import { answerStatusOutcome } from './answer-status-outcome';
import { notConfiguredOutcome } from './not-configured-outcome';
import { thrownSendOutcome } from './sent-request-outcome';

/**
 * The longest text `sendMessage` takes (1-4096 characters). Longer or empty text is refused before
 * sending, as Rapport's own fault.
 *
 * @example
 * telegramMaxTextLength; // 4096
 */
export const telegramMaxTextLength = 4096;

/** The settings the Telegram sender needs, parsed once in `shared/config`. */
export interface TelegramSenderOptions {
  /** `TELEGRAM_API_URL`, normally `https://api.telegram.org`. */
  apiUrl: string;
  /** `TELEGRAM_BOT_TOKEN`, the token BotFather gave (`123456:ABC-DEF…`). */
  botToken: string;
  /** The clock a `Retry-After` date is read against. */
  now?: () => Date;
}

const label = 'Telegram';

/** The Bot API's envelope: `{"ok":true,"result":…}` or `{"ok":false,"error_code","description","parameters"}`. */
const telegramAnswerSchema = z.union([
  z.looseObject({
    ok: z.literal(true),
    result: z.looseObject({ message_id: z.number() }),
  }),
  z.looseObject({
    ok: z.literal(false),
    error_code: z.number(),
    description: z._default(z.string(), ''),
    parameters: z.optional(
      z.looseObject({
        retry_after: z.optional(z.number()),
        migrate_to_chat_id: z.optional(z.number()),
      }),
    ),
  }),
]);

/**
 * The JSON body of `sendMessage` for one text: `chat_id` (a number when the address is a numeric
 * chat id, as Telegram sends it in updates; a `@channelusername` stays a string) and the text,
 * with no `parse_mode`, so the customer sees exactly the characters the agent typed.
 *
 * @example
 * telegramMessageBody('123456789', 'Hello'); // { chat_id: 123456789, text: 'Hello' }
 */
export function telegramMessageBody(to: string, text: string): { chat_id: number | string; text: string } {
  const numeric = /^-?\d+$/.test(to) && Number.isSafeInteger(Number(to));
  return { chat_id: numeric ? Number(to) : to, text };
}

function failed(
  errorCode: number,
  description: string,
  sentence: string,
  ours: boolean,
  optedOut?: true,
): SendOutcome {
  return {
    kind: 'failed',
    code: String(errorCode),
    reason: `${sentence} (Telegram: ${description || `error ${errorCode}`})`,
    ours,
    ...(optedOut ? { optedOut } : {}),
  };
}

/**
 * Reads the Bot API's answer to `sendMessage`: `ok: true` is `sent` with the `message_id`; an error
 * is read from `description`, since Telegram says `error_code` "is subject to change": a
 * `retry_after` (flood control, 429) is `retry` after that many seconds; "bot was blocked by the
 * user" is `failed` and an opt-out; a deactivated user, a user who never started the bot, a chat
 * not found or a 403 from a chat that removed the bot are `failed`, not Rapport's; 401/404 (the
 * token) and other 400s are Rapport's; 5xx is `retry`.
 *
 * @example
 * telegramOutcome({ status: 403, headers: {}, body: '{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}' }, new Date());
 * // { kind: 'failed', code: '403', reason: 'The customer blocked the Telegram bot (Telegram: Forbidden: bot was blocked by the user)', ours: false, optedOut: true }
 */
export function telegramOutcome(answer: HttpAnswer, now: Date): SendOutcome {
  let json: unknown;
  try {
    json = JSON.parse(answer.body);
  } catch {
    json = undefined;
  }
  const parsed = telegramAnswerSchema.safeParse(json);
  if (!parsed.success) {
    return answer.status >= 200 && answer.status < 300
      ? { kind: 'sent' }
      : answerStatusOutcome(label, answer, now);
  }
  const envelope = parsed.data;
  if (envelope.ok) return { kind: 'sent', platformMessageId: String(envelope.result.message_id) };
  const { error_code: code, description } = envelope;
  const retryAfter = envelope.parameters?.retry_after;
  if (code === 429 || retryAfter !== undefined) {
    return {
      kind: 'retry',
      reason: `Telegram asked the bot to slow down (Telegram: ${description || 'Too Many Requests'})`,
      ...(retryAfter !== undefined ? { retryAfterMs: retryAfter * 1000 } : {}),
    };
  }
  const words = description.toLowerCase();
  if (words.includes('bot was blocked by the user')) {
    return failed(code, description, 'The customer blocked the Telegram bot', false, true);
  }
  if (words.includes('user is deactivated')) {
    return failed(code, description, "The customer's Telegram account is deleted or deactivated", false);
  }
  if (words.includes("bot can't initiate conversation")) {
    return failed(
      code,
      description,
      'The customer has not started a conversation with the Telegram bot',
      false,
    );
  }
  if (words.includes('chat not found')) {
    return failed(code, description, 'Telegram does not know this chat, or the bot is not in it', false);
  }
  if (envelope.parameters?.migrate_to_chat_id !== undefined) {
    return failed(
      code,
      description,
      `This Telegram group became the supergroup ${envelope.parameters.migrate_to_chat_id}: write to that chat id`,
      false,
    );
  }
  if (code === 401 || code === 404) {
    return failed(code, description, 'Telegram refused the bot token: set a valid TELEGRAM_BOT_TOKEN', true);
  }
  if (code === 403) {
    return failed(code, description, 'The Telegram chat does not let the bot write to it', false);
  }
  if (code >= 500 || answer.status >= 500) {
    return { kind: 'retry', reason: `Telegram had a temporary problem (Telegram: ${description || code})` };
  }
  return failed(code, description, 'Telegram refused the message', true);
}

/**
 * The Telegram Bot API sender: `POST {apiUrl}/bot{token}/sendMessage` with the JSON of
 * {@link telegramMessageBody}. Telegram has no templates, so a template is `failed`
 * (`template_unsupported`, Rapport's); without a token it answers `not_configured` without
 * sending. Telegram has no idempotency key, so a timeout after the request was written is
 * `unknown` (see {@link thrownSendOutcome}). The token is part of the URL, so no reason repeats
 * the URL.
 *
 * @example
 * const sender = createTelegramSender({ apiUrl: 'https://api.telegram.org', botToken }, transports);
 * await sender.send({ messageId, platform: 'telegram', to: '123456789', content: { kind: 'text', text: 'Your parcel left today' } });
 */
export function createTelegramSender(options: TelegramSenderOptions, transports: Transports): PlatformSender {
  const now = options.now ?? (() => new Date());
  const missing = [
    ...(options.botToken ? [] : ['TELEGRAM_BOT_TOKEN']),
    ...(options.apiUrl ? [] : ['TELEGRAM_API_URL']),
  ];
  return {
    platform: 'telegram',
    async send(request: SendRequest): Promise<SendOutcome> {
      if (missing.length > 0) return notConfiguredOutcome(label, missing);
      const content = request.content;
      if (content.kind !== 'text') {
        return {
          kind: 'failed',
          code: 'template_unsupported',
          reason: 'Telegram has no message templates: send the text itself',
          ours: true,
        };
      }
      if (content.text.length === 0 || content.text.length > telegramMaxTextLength) {
        return {
          kind: 'failed',
          code: 'text_length',
          reason: `Telegram takes 1 to ${telegramMaxTextLength} characters; this text has ${content.text.length}`,
          ours: true,
        };
      }
      if (request.to.trim() === '') {
        return {
          kind: 'failed',
          code: 'invalid_recipient',
          reason: 'No Telegram chat id to write to',
          ours: true,
        };
      }
      try {
        const answer = await transports.post({
          url: `${options.apiUrl.replace(/\/+$/, '')}/bot${options.botToken}/sendMessage`,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(telegramMessageBody(request.to, content.text)),
        });
        return telegramOutcome(answer, now());
      } catch (error) {
        return thrownSendOutcome(error);
      }
    },
  };
}
