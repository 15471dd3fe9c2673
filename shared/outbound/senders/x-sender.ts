import * as z from 'zod/mini';
import type { HttpAnswer } from '../../delivery/http-answer';
import type { Transports } from '../../delivery/transports';
import type { PlatformSender, SendOutcome } from '../platform-sender';
import { answerStatusOutcome } from './answer-status-outcome';
import { notConfiguredOutcome } from './not-configured-outcome';
import { thrownSendOutcome } from './sent-request-outcome';

/** The settings the X sender needs, parsed once in `shared/config`. */
export interface XSenderOptions {
  /** `X_API_URL`, normally `https://api.x.com`. */
  apiUrl: string;
  /**
   * `X_USER_ACCESS_TOKEN`: an OAuth 2.0 user access token of the business's account with the
   * `dm.write dm.read tweet.read users.read` scopes (app-only tokens cannot send DMs).
   */
  userAccessToken: string;
  /** The clock `x-rate-limit-reset` is read against. */
  now?: () => Date;
}

const label = 'X';

/** `{"data":{"dm_conversation_id","dm_event_id"}}`, the 201 answer to a DM. */
const dmCreatedSchema = z.looseObject({
  data: z.looseObject({ dm_conversation_id: z.string(), dm_event_id: z.string() }),
});

/** X's error body: an RFC 7807 problem (`title`, `detail`, `type`, `status`), or `{"errors":[{"message"}]}`. */
const xProblemSchema = z.looseObject({
  title: z.optional(z.string()),
  detail: z.optional(z.string()),
  type: z.optional(z.string()),
  errors: z.optional(z.array(z.looseObject({ message: z.optional(z.string()) }))),
});

type XProblem = z.infer<typeof xProblemSchema>;

function readProblem(body: string): XProblem | undefined {
  try {
    const parsed = xProblemSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function problemWords(problem: XProblem | undefined, status: number): string {
  if (!problem) return `HTTP ${status}`;
  const parts = [
    problem.title,
    problem.detail,
    ...(problem.errors ?? []).map((error) => error.message),
  ].filter((part): part is string => Boolean(part));
  const unique = parts.filter((part, index) => parts.indexOf(part) === index);
  return unique.length > 0 ? unique.join(': ') : `HTTP ${status}`;
}

/** Seconds since the epoch in a header, as milliseconds from `now`. */
function epochHeaderWait(value: string | string[] | undefined, now: Date): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text || !/^\d+$/.test(text.trim())) return undefined;
  return Math.max(0, Number(text.trim()) * 1000 - now.getTime());
}

/**
 * The wait a 429 asks for: until `x-rate-limit-reset` (the 15-minute window), or until
 * `x-user-limit-24hour-reset` when the user's 24-hour allowance is the one spent, whichever is later.
 */
function rateLimitWait(answer: HttpAnswer, now: Date): number | undefined {
  const windowWait = epochHeaderWait(answer.headers['x-rate-limit-reset'], now);
  const dayRemaining = answer.headers['x-user-limit-24hour-remaining'];
  const dayWait =
    dayRemaining === '0' ? epochHeaderWait(answer.headers['x-user-limit-24hour-reset'], now) : undefined;
  const waits = [windowWait, dayWait].filter((wait): wait is number => wait !== undefined);
  return waits.length > 0 ? Math.max(...waits) : undefined;
}

/** 403 problems that are about Rapport's token or app rather than the customer. */
const ourForbiddenPattern =
  /authenticat|oauth|scope|token|client|enrol|access level|project|app\b|application|suspended/i;
/** 403 problems that say the customer cannot be written to by DM. */
const recipientRefusedPattern =
  /(not (permitted|allowed)|cannot|can't|unable to) (to )?(send|create|message|dm)|direct message|message requests|does not (accept|allow)|blocked/i;

/**
 * Reads the X API's answer to a DM: 201 with `data.dm_event_id` is `sent`; 429 is `retry` at
 * `x-rate-limit-reset` (epoch seconds); 401 is `failed` and Rapport's (the user token is invalid or
 * expired); a 403 is read from its problem: about authentication, scopes or the app's access it is
 * Rapport's, about the recipient (they do not accept DMs from this account, or blocked it) it is
 * not, and otherwise Rapport's with X's words; 404 (no such user) is not Rapport's; other 4xx are
 * Rapport's; 5xx is `retry`.
 *
 * @example
 * xOutcome({ status: 201, headers: {}, body: '{"data":{"dm_conversation_id":"1-2","dm_event_id":"1582838"}}' }, new Date());
 * // { kind: 'sent', platformMessageId: '1582838' }
 */
export function xOutcome(answer: HttpAnswer, now: Date): SendOutcome {
  if (answer.status >= 200 && answer.status < 300) {
    try {
      const created = dmCreatedSchema.safeParse(JSON.parse(answer.body));
      if (created.success) return { kind: 'sent', platformMessageId: created.data.data.dm_event_id };
    } catch {
      // An accepted DM whose body is unreadable is still sent.
    }
    return { kind: 'sent' };
  }
  const problem = readProblem(answer.body);
  const words = problemWords(problem, answer.status);
  const code = String(answer.status);
  if (answer.status === 429) {
    const wait = rateLimitWait(answer, now);
    return {
      kind: 'retry',
      reason: `X's DM rate limit for this account is reached (X: ${words})`,
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    };
  }
  if (answer.status === 401) {
    return {
      kind: 'failed',
      code,
      reason: `X refused the user access token (invalid or expired): set a new X_USER_ACCESS_TOKEN (X: ${words})`,
      ours: true,
    };
  }
  if (answer.status === 403) {
    const said = `${problem?.type ?? ''} ${words}`;
    if (!ourForbiddenPattern.test(said) && recipientRefusedPattern.test(said)) {
      return {
        kind: 'failed',
        code,
        reason: `The customer does not accept direct messages from this X account (X: ${words})`,
        ours: false,
      };
    }
    return {
      kind: 'failed',
      code,
      reason: `X does not let this account or app send direct messages: check the token's scopes (dm.write) and the app's access (X: ${words})`,
      ours: true,
    };
  }
  if (answer.status === 404) {
    return { kind: 'failed', code, reason: `X does not know this user (X: ${words})`, ours: false };
  }
  if (!problem) return answerStatusOutcome(label, answer, now);
  if (answer.status === 408 || answer.status >= 500) {
    return { kind: 'retry', reason: `X had a temporary problem (X: ${words})` };
  }
  return { kind: 'failed', code, reason: `X refused the message (X: ${words})`, ours: true };
}

/**
 * The X (API v2) DM sender: `POST {apiUrl}/2/dm_conversations/with/{participant_id}/messages` with
 * `{"text": …}` and the business account's user access token as a Bearer token. X has no templates
 * (`template_unsupported`) and no idempotency key, so a timeout after the request was written is
 * `unknown`. Without a token it answers `not_configured` without sending.
 *
 * @example
 * const sender = createXSender({ apiUrl: 'https://api.x.com', userAccessToken }, transports);
 * await sender.send({ messageId, platform: 'x', to: '9876543210', content: { kind: 'text', text: 'We are on it' } });
 */
export function createXSender(options: XSenderOptions, transports: Transports): PlatformSender {
  const now = options.now ?? (() => new Date());
  const missing = [
    ...(options.userAccessToken ? [] : ['X_USER_ACCESS_TOKEN']),
    ...(options.apiUrl ? [] : ['X_API_URL']),
  ];
  return {
    platform: 'x',
    async send(request) {
      if (missing.length > 0) return notConfiguredOutcome(label, missing);
      const content = request.content;
      if (content.kind !== 'text') {
        return {
          kind: 'failed',
          code: 'template_unsupported',
          reason: 'X has no message templates: send the text itself',
          ours: true,
        };
      }
      if (content.text.trim().length === 0) {
        return { kind: 'failed', code: 'text_length', reason: 'The text is empty', ours: true };
      }
      if (!/^\d{1,19}$/.test(request.to)) {
        return {
          kind: 'failed',
          code: 'invalid_recipient',
          reason: `"${request.to}" is not an X user id (digits only)`,
          ours: true,
        };
      }
      try {
        const answer = await transports.post({
          url: `${options.apiUrl.replace(/\/+$/, '')}/2/dm_conversations/with/${request.to}/messages`,
          headers: {
            authorization: `Bearer ${options.userAccessToken}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ text: content.text }),
        });
        return xOutcome(answer, now());
      } catch (error) {
        return thrownSendOutcome(error);
      }
    },
  };
}
