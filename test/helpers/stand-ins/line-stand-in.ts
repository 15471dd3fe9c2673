import {
  type RecordedRequest,
  type ScriptedAnswer,
  type StandIn,
  type StandInVerdict,
  startScriptedStandIn,
} from './scripted-stand-in';

/**
 * A Messaging API error in LINE's shape (`{"message","details":[{"message","property"}]}`), with the
 * `x-line-request-id` header LINE puts on every answer.
 *
 * @example
 * lineError(429, 'You have reached your monthly limit.');
 */
export function lineError(
  status: number,
  message: string,
  details?: Array<{ message: string; property: string }>,
  headers: Record<string, string> = {},
): ScriptedAnswer {
  return {
    status,
    headers: { 'x-line-request-id': 'line-stand-in-error', ...headers },
    body: { message, ...(details && details.length > 0 ? { details } : {}) },
  };
}

/** LINE's answers a test scripts by name, in LINE's words. */
export const lineAnswers = {
  rateLimited: () => lineError(429, 'The API rate limit has been exceeded. Try again later.'),
  monthlyLimit: () => lineError(429, 'You have reached your monthly limit.'),
  forbidden: () => lineError(403, 'Access to this API is not available for your account'),
  serverError: () => lineError(500, 'An error occurred in the LINE Platform'),
};

/** A LINE stand-in: the shared controls, the reply tokens it issues and the retry keys it accepted. */
export interface LineStandIn extends StandIn {
  /** A fresh reply token, as a webhook event would carry it (single use). */
  issueReplyToken(): string;
  /** Retry keys of pushes LINE accepted (a repeat with one of them is answered 409). */
  acceptedRetryKeys: ReadonlyMap<string, { requestId: string; sentMessageIds: string[] }>;
}

/** What the LINE stand-in accepts. */
export interface LineStandInOptions {
  channelAccessToken: string;
}

const hexUuid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const userId = /^[UCR][0-9a-f]{32}$/;

const refuse = (answer: ScriptedAnswer): StandInVerdict => ({ kind: 'refused', answer });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The checks LINE documents for `messages` (1-5 message objects; a text message has 1-5000 characters). */
function messagesRefusal(messages: unknown): StandInVerdict | undefined {
  if (!Array.isArray(messages) || messages.length < 1 || messages.length > 5) {
    return refuse(
      lineError(400, 'The request body has 1 error(s)', [
        { message: 'Size must be between 1 and 5', property: 'messages' },
      ]),
    );
  }
  for (const [index, message] of messages.entries()) {
    if (!isRecord(message) || message.type !== 'text') {
      return refuse(
        lineError(400, 'The request body has 1 error(s)', [
          { message: 'Must be one of the following values: [text, …]', property: `messages[${index}].type` },
        ]),
      );
    }
    const text = message.text;
    if (typeof text !== 'string' || text.length === 0 || text.length > 5000) {
      return refuse(
        lineError(400, 'The request body has 1 error(s)', [
          { message: 'Length must be between 1 and 5000', property: `messages[${index}].text` },
        ]),
      );
    }
  }
  return undefined;
}

function readBody(request: RecordedRequest): { json: Record<string, unknown> } | { refusal: StandInVerdict } {
  if (!String(request.headers['content-type'] ?? '').startsWith('application/json'))
    return { refusal: refuse(lineError(415, 'Unsupported Media Type')) };
  try {
    const json: unknown = JSON.parse(request.body);
    if (isRecord(json)) return { json };
  } catch {
    // answered below
  }
  return { refusal: refuse(lineError(400, 'The request body could not be parsed as JSON')) };
}

/**
 * A stand-in for the LINE Messaging API on 127.0.0.1: `POST /v2/bot/message/reply` and
 * `POST /v2/bot/message/push` with `Authorization: Bearer {channel access token}` (401 otherwise).
 * Reply takes a reply token it issued, once (`Invalid reply token` otherwise), and answers 400 to an
 * `X-Line-Retry-Key`, which LINE supports only on push, multicast, narrowcast and broadcast. Push
 * takes a hex UUID retry key and answers 409 with the first `sentMessages` and the
 * `x-line-accepted-request-id` header to a key it already accepted. A push answered by a scripted
 * error is not accepted; one left hanging (`failNext('hang')`) was accepted and its answer lost.
 *
 * @example
 * const line = await startLineStandIn({ channelAccessToken: 'token' });
 * const replyToken = line.issueReplyToken();
 */
export async function startLineStandIn(options: LineStandInOptions): Promise<LineStandIn> {
  const issuedReplyTokens = new Set<string>();
  const acceptedRetryKeys = new Map<string, { requestId: string; sentMessageIds: string[] }>();
  /** Mirrors the scripted answers, to know whether the next accepted push is really accepted. */
  const scripted: Array<ScriptedAnswer | 'hang'> = [];
  let counter = 0;
  const nextId = () => {
    counter += 1;
    return String(461_000_000_000_000 + counter);
  };

  const sentAnswer = (count: number, requestId: string, ids: string[]): ScriptedAnswer => ({
    status: 200,
    headers: { 'x-line-request-id': requestId },
    body: { sentMessages: ids.slice(0, count).map((id) => ({ id, quoteToken: `q-${id}` })) },
  });

  const standIn = await startScriptedStandIn('', (request) => {
    const path = request.path.split('?')[0];
    if (request.method !== 'POST' || (path !== '/v2/bot/message/reply' && path !== '/v2/bot/message/push'))
      return refuse(lineError(404, 'Not found'));
    if (request.headers.authorization !== `Bearer ${options.channelAccessToken}`)
      return refuse(
        lineError(
          401,
          'Authentication failed due to the following reason: invalid token. Confirm that the access token in the authorization header is valid.',
        ),
      );
    const retryKey = request.headers['x-line-retry-key'];
    const read = readBody(request);
    if ('refusal' in read) return read.refusal;
    const body = read.json;
    const refusal = messagesRefusal(body.messages);
    if (refusal) return refusal;
    const count = (body.messages as unknown[]).length;

    if (path === '/v2/bot/message/reply') {
      if (retryKey !== undefined)
        return refuse(lineError(400, 'The retry key header is not supported for this API'));
      const replyToken = body.replyToken;
      if (typeof replyToken !== 'string' || !issuedReplyTokens.has(replyToken))
        return refuse(lineError(400, 'Invalid reply token'));
      const next = scripted.shift();
      if (next === undefined || next === 'hang') issuedReplyTokens.delete(replyToken);
      const ids = Array.from({ length: count }, nextId);
      return { kind: 'accepted', answer: sentAnswer(count, `req-${ids[0]}`, ids) };
    }

    if (typeof body.to !== 'string' || !userId.test(body.to))
      return refuse(
        lineError(400, 'The request body has 1 error(s)', [{ message: 'Invalid value', property: 'to' }]),
      );
    if (retryKey !== undefined && (typeof retryKey !== 'string' || !hexUuid.test(retryKey)))
      return refuse(lineError(400, 'The value for the X-Line-Retry-Key header is invalid'));
    const earlier = typeof retryKey === 'string' ? acceptedRetryKeys.get(retryKey.toLowerCase()) : undefined;
    if (earlier) {
      return refuse({
        status: 409,
        headers: {
          'x-line-request-id': `req-conflict-${nextId()}`,
          'x-line-accepted-request-id': earlier.requestId,
        },
        body: {
          message: 'The retry key is already accepted',
          sentMessages: earlier.sentMessageIds.map((id) => ({ id, quoteToken: `q-${id}` })),
        },
      });
    }
    const next = scripted.shift();
    const ids = Array.from({ length: count }, nextId);
    const requestId = `req-${ids[0]}`;
    if ((next === undefined || next === 'hang') && typeof retryKey === 'string')
      acceptedRetryKeys.set(retryKey.toLowerCase(), { requestId, sentMessageIds: ids });
    return { kind: 'accepted', answer: sentAnswer(count, requestId, ids) };
  });

  return {
    ...standIn,
    acceptedRetryKeys,
    failNext(answer) {
      scripted.push(answer);
      standIn.failNext(answer);
    },
    issueReplyToken() {
      const token = `rt${nextId()}${'0'.repeat(16)}`;
      issuedReplyTokens.add(token);
      return token;
    },
  };
}
