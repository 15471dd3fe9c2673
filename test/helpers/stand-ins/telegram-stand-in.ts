import {
  type RecordedRequest,
  type ScriptedAnswer,
  type StandIn,
  type StandInVerdict,
  startScriptedStandIn,
} from './scripted-stand-in';

/**
 * A Bot API error in Telegram's envelope (`{"ok":false,"error_code","description","parameters"}`),
 * for scripted answers and refusals. Telegram answers errors with the same HTTP status as `error_code`.
 *
 * @example
 * telegramError(403, 'Forbidden: bot was blocked by the user');
 * telegramError(429, 'Too Many Requests: retry after 7', { retry_after: 7 });
 */
export function telegramError(
  code: number,
  description: string,
  parameters?: { retry_after?: number; migrate_to_chat_id?: number },
): ScriptedAnswer {
  return {
    status: code,
    body: { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) },
  };
}

/** Telegram's answers a test scripts by name: what the Bot API says in each case. */
export const telegramAnswers = {
  floodControl: (seconds: number) =>
    telegramError(429, `Too Many Requests: retry after ${seconds}`, { retry_after: seconds }),
  blocked: () => telegramError(403, 'Forbidden: bot was blocked by the user'),
  deactivated: () => telegramError(403, 'Forbidden: user is deactivated'),
  neverStarted: () => telegramError(403, "Forbidden: bot can't initiate conversation with a user"),
  chatNotFound: () => telegramError(400, 'Bad Request: chat not found'),
  serverError: () => telegramError(500, 'Internal Server Error'),
};

/** What the Telegram stand-in accepts. */
export interface TelegramStandInOptions {
  /** The bot token expected in `/bot<token>/…`. */
  botToken: string;
}

const refuse = (answer: ScriptedAnswer): StandInVerdict => ({ kind: 'refused', answer });

/** `sendMessage` parameters the Bot API documents (anything else is ignored by Telegram, refused here). */
const sendMessageKeys = new Set([
  'business_connection_id',
  'chat_id',
  'message_thread_id',
  'text',
  'parse_mode',
  'entities',
  'link_preview_options',
  'disable_notification',
  'protect_content',
  'allow_paid_broadcast',
  'message_effect_id',
  'reply_parameters',
  'reply_markup',
]);

function checkSendMessage(request: RecordedRequest, messageIds: () => number): StandInVerdict {
  if (!String(request.headers['content-type'] ?? '').startsWith('application/json'))
    return refuse(telegramError(400, 'Bad Request: message text is empty'));
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    return refuse(telegramError(400, "Bad Request: can't parse JSON object"));
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return refuse(telegramError(400, "Bad Request: can't parse JSON object"));
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !sendMessageKeys.has(key));
  if (unknown) return refuse(telegramError(400, `Bad Request: unexpected parameter ${unknown}`));
  const chatId = fields.chat_id;
  if (chatId === undefined || chatId === '')
    return refuse(telegramError(400, 'Bad Request: chat_id is empty'));
  if (
    !(typeof chatId === 'number' && Number.isSafeInteger(chatId)) &&
    !(typeof chatId === 'string' && /^(-?\d+|@\w{5,})$/.test(chatId))
  )
    return refuse(telegramError(400, 'Bad Request: chat not found'));
  const text = fields.text;
  if (typeof text !== 'string' || text.trim().length === 0)
    return refuse(telegramError(400, 'Bad Request: message text is empty'));
  if (text.length > 4096) return refuse(telegramError(400, 'Bad Request: message is too long'));
  const id = messageIds();
  return {
    kind: 'accepted',
    answer: {
      status: 200,
      body: {
        ok: true,
        result: {
          message_id: id,
          from: { id: 7000000001, is_bot: true, first_name: 'Rapport', username: 'rapport_stand_in_bot' },
          chat: { id: typeof chatId === 'number' ? chatId : Number(chatId) || 0, type: 'private' },
          date: Math.floor(Date.now() / 1000),
          text,
        },
      },
    },
  };
}

/**
 * A stand-in for the Telegram Bot API on 127.0.0.1: `POST /bot<token>/<method>` with the method
 * name case-insensitive, as Telegram takes it. A wrong token is answered 401 `Unauthorized`, an
 * unknown method 404 `Not Found`, and `sendMessage` is checked as the Bot API documents it (a
 * JSON body, `chat_id`, `text` of 1-4096 characters, only documented parameters); an accepted
 * message is answered with a `Message` carrying a new `message_id`.
 *
 * @example
 * const telegram = await startTelegramStandIn({ botToken: '123456:ABC' });
 * telegram.failNext(telegramAnswers.blocked());
 */
export async function startTelegramStandIn(options: TelegramStandInOptions): Promise<StandIn> {
  let lastMessageId = 100;
  return startScriptedStandIn('', (request) => {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(request.path.split('?')[0] ?? '');
    if (!match || request.method !== 'POST') return refuse(telegramError(404, 'Not Found'));
    if (match[1] !== options.botToken) return refuse(telegramError(401, 'Unauthorized'));
    if (match[2]?.toLowerCase() !== 'sendmessage')
      return refuse(telegramError(404, 'Not Found: method not found'));
    return checkSendMessage(request, () => {
      lastMessageId += 1;
      return lastMessageId;
    });
  });
}
