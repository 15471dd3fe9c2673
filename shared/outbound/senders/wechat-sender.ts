import * as z from 'zod/mini';
import type { HttpAnswer } from '../../delivery/http-answer';
import type { Transports } from '../../delivery/transports';
import type { PlatformSender, SendContent, SendOutcome } from '../platform-sender';
import { answerStatusOutcome } from './answer-status-outcome';
import { notConfiguredOutcome } from './not-configured-outcome';
import { thrownSendOutcome } from './sent-request-outcome';
import {
  type AccessTokenAnswer,
  type AccessTokenStore,
  createWechatAccessTokenHolder,
  readWechatJson,
  type WechatAccessTokenHolder,
  type WechatError,
  wechatErrorSchema,
  wechatErrorWords,
} from './wechat-access-token';

/** The settings the WeChat Official Account sender needs, parsed once in `shared/config`. */
export interface WechatSenderOptions {
  /** `WECHAT_API_URL`, normally `https://api.weixin.qq.com`. */
  apiUrl: string;
  /** `WECHAT_APP_ID`: the Official Account's AppID. */
  appId: string;
  /** `WECHAT_APP_SECRET`: its AppSecret. */
  appSecret: string;
  now?: () => Date;
}

const label = 'WeChat';

/** WeChat's error codes that mean the access token sent is not (or no longer) valid. */
const rejectedTokenCodes: ReadonlySet<number> = new Set([40001, 40014, 42001]);

/** `{"errcode":0,"errmsg":"ok","msgid":200228332}`, the answer to a template message. */
const templateSentSchema = z.looseObject({
  errcode: z.literal(0),
  msgid: z.optional(z.union([z.number(), z.string()])),
});

/**
 * The JSON body for one message: a text through the customer-service API (`msgtype: text`), or a
 * template message whose `template_id` is the content's name and whose `data` holds the parameters
 * as `keyword1`, `keyword2`… (`{"keyword1":{"value":"…"}}`).
 *
 * @example
 * wechatMessageBody('oLVPpjqs9BhvzwPj5A-vTYAX3GLc', { kind: 'text', text: 'Hello' });
 * // { touser: 'oLVPpjqs9BhvzwPj5A-vTYAX3GLc', msgtype: 'text', text: { content: 'Hello' } }
 */
export function wechatMessageBody(openId: string, content: SendContent): Record<string, unknown> {
  if (content.kind === 'text') return { touser: openId, msgtype: 'text', text: { content: content.text } };
  return {
    touser: openId,
    template_id: content.name,
    data: Object.fromEntries(content.parameters.map((value, index) => [`keyword${index + 1}`, { value }])),
  };
}

function failed(error: WechatError, sentence: string, ours: boolean, optedOut?: true): SendOutcome {
  return {
    kind: 'failed',
    code: String(error.errcode),
    reason: `${sentence} (${wechatErrorWords(error)})`,
    ours,
    ...(optedOut ? { optedOut } : {}),
  };
}

/**
 * Reads one WeChat error code from a send. 45009 (the day's API quota) is `failed` and Rapport's
 * rather than `retry`: the quota only comes back the next day or when an administrator clears it,
 * and a reply to a customer that waits a day is better rewritten by a person.
 */
function wechatSendErrorOutcome(error: WechatError): SendOutcome {
  switch (error.errcode) {
    case 45015:
      return failed(
        error,
        'More than 48 hours since the customer last interacted with the Official Account, or they unfollowed it: send a template message instead',
        false,
      );
    case 45047:
      return failed(
        error,
        'Too many customer-service messages in a row without an answer from the customer: wait for them to write',
        false,
      );
    case 43004:
      return failed(error, 'The customer does not follow the Official Account', false, true);
    case 43101:
      return failed(error, 'The customer refused this notice', false);
    case 40003:
      return failed(error, 'This OpenID is not a follower of this Official Account', false);
    case -1:
      return { kind: 'retry', reason: `WeChat was busy (${wechatErrorWords(error)})` };
    case 45011:
      return {
        kind: 'retry',
        reason: `WeChat's per-minute API quota is spent (${wechatErrorWords(error)})`,
        retryAfterMs: 60_000,
      };
    case 45009:
      return failed(
        error,
        "WeChat's daily API quota for this Official Account is spent: it returns tomorrow, or an administrator clears it",
        true,
      );
    case 40013:
    case 40125:
      return failed(
        error,
        'WeChat refused the AppID or AppSecret: check WECHAT_APP_ID and WECHAT_APP_SECRET',
        true,
      );
    case 40164:
      return failed(error, "This server's IP address is not on the Official Account's IP whitelist", true);
    case 45002:
      return failed(
        error,
        'The text is longer than WeChat takes in one customer-service message (WeChat does not document the limit; about 2048 bytes is reported): shorten it',
        true,
      );
    case 40037:
      return failed(error, 'This template does not exist on the Official Account', true);
    case 47003:
      return failed(error, "The template's parameters do not match the template on WeChat", true);
    case 48001:
      return failed(
        error,
        'The Official Account is not allowed to use this API (it needs to be a verified service account)',
        true,
      );
    default:
      return failed(error, 'WeChat refused the message', true);
  }
}

/**
 * Reads WeChat's answer to a customer-service or template send (WeChat answers HTTP 200 with an
 * `errcode`): 0 is `sent` (with the template's `msgid`, which `TEMPLATESENDJOBFINISH` reports on;
 * customer-service messages have no id); the codes WeChat documents are read as above; no envelope
 * falls back to the HTTP status. Token errors (40001, 40014, 42001) are read here as Rapport's; the
 * sender replaces the token and tries once more before that.
 *
 * @example
 * wechatOutcome({ status: 200, headers: {}, body: '{"errcode":0,"errmsg":"ok","msgid":200228332}' }, new Date());
 * // { kind: 'sent', platformMessageId: '200228332' }
 */
export function wechatOutcome(answer: HttpAnswer, now: Date): SendOutcome {
  const json = readWechatJson(answer.body);
  const error = wechatErrorSchema.safeParse(json);
  if (!error.success) return answerStatusOutcome(label, answer, now);
  if (error.data.errcode === 0) {
    const sent = templateSentSchema.safeParse(json);
    const msgid = sent.success ? sent.data.msgid : undefined;
    return msgid !== undefined ? { kind: 'sent', platformMessageId: String(msgid) } : { kind: 'sent' };
  }
  if (rejectedTokenCodes.has(error.data.errcode)) {
    return failed(error.data, 'WeChat rejected the access token even after a fresh one was fetched', true);
  }
  return wechatSendErrorOutcome(error.data);
}

/**
 * The WeChat Official Account sender: a text goes through the customer-service API
 * (`POST {apiUrl}/cgi-bin/message/custom/send?access_token=…`, within 48 hours of the customer's
 * last interaction), a template through `POST {apiUrl}/cgi-bin/message/template/send?access_token=…`.
 * The access token comes from the shared {@link AccessTokenStore} through one holder; when WeChat
 * rejects it (40001, 40014, 42001) the sender gets a replacement once and sends once more. WeChat
 * has no idempotency key, so a timeout after the request was written is `unknown`. Without an AppID
 * or AppSecret it answers `not_configured` without sending.
 *
 * @example
 * const sender = createWechatSender({ apiUrl: 'https://api.weixin.qq.com', appId, appSecret }, transports, tokenStore);
 * await sender.send({ messageId, platform: 'wechat', to: 'oLVPpjqs9BhvzwPj5A-vTYAX3GLc', content: { kind: 'text', text: '您好' } });
 */
export function createWechatSender(
  options: WechatSenderOptions,
  transports: Transports,
  tokenStore: AccessTokenStore,
): PlatformSender {
  const now = options.now ?? (() => new Date());
  const missing = [
    ...(options.appId ? [] : ['WECHAT_APP_ID']),
    ...(options.appSecret ? [] : ['WECHAT_APP_SECRET']),
    ...(options.apiUrl ? [] : ['WECHAT_API_URL']),
  ];
  const holder: WechatAccessTokenHolder = createWechatAccessTokenHolder(options, transports, tokenStore);
  const base = options.apiUrl.replace(/\/+$/, '');

  async function post(path: string, token: string, body: string): Promise<HttpAnswer | SendOutcome> {
    try {
      return await transports.post({
        url: `${base}${path}?access_token=${encodeURIComponent(token)}`,
        headers: { 'content-type': 'application/json' },
        body,
      });
    } catch (error) {
      return thrownSendOutcome(error);
    }
  }

  /** The token store failing (DynamoDB throttled…) is `retry`: no message was sent meanwhile. */
  async function tokenOrRetry(get: () => Promise<AccessTokenAnswer>): Promise<AccessTokenAnswer> {
    try {
      return await get();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        kind: 'unavailable',
        outcome: {
          kind: 'retry',
          reason: `The shared WeChat access token could not be read or stored: ${message}`,
        },
      };
    }
  }

  return {
    platform: 'wechat',
    async send(request) {
      if (missing.length > 0) return notConfiguredOutcome(label, missing);
      const content = request.content;
      if (content.kind === 'text' && content.text.length === 0) {
        return { kind: 'failed', code: 'text_length', reason: 'The text is empty', ours: true };
      }
      if (request.to.trim() === '') {
        return {
          kind: 'failed',
          code: 'invalid_recipient',
          reason: 'No WeChat OpenID to write to',
          ours: true,
        };
      }
      const path =
        content.kind === 'text' ? '/cgi-bin/message/custom/send' : '/cgi-bin/message/template/send';
      const body = JSON.stringify(wechatMessageBody(request.to, content));
      const first = await tokenOrRetry(() => holder.current());
      if (first.kind !== 'token') return first.outcome;
      let answer = await post(path, first.token, body);
      if ('kind' in answer) return answer;
      const error = wechatErrorSchema.safeParse(readWechatJson(answer.body));
      if (error.success && rejectedTokenCodes.has(error.data.errcode)) {
        const replacement = await tokenOrRetry(() => holder.replaceRejected(first.token));
        if (replacement.kind !== 'token') return replacement.outcome;
        answer = await post(path, replacement.token, body);
        if ('kind' in answer) return answer;
      }
      return wechatOutcome(answer, now());
    },
  };
}
