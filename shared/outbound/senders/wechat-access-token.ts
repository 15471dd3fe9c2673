import * as z from 'zod/mini';
import type { HttpAnswer } from '../../delivery/http-answer';
import { RefusedDestinationError } from '../../delivery/safe-post';
import type { Transports } from '../../delivery/transports';
import type { SendOutcome } from '../platform-sender';
import { answerStatusOutcome } from './answer-status-outcome';

/** One WeChat access token as stored for every sender to share. */
export interface StoredAccessToken {
  token: string;
  /** ISO 8601 instant at which WeChat stops accepting it. */
  expiresAt: string;
}

/**
 * Where the one WeChat access token of the Official Account is kept, shared by every Lambda
 * invocation: WeChat allows one live stable token per AppID, counts token calls per day, and a
 * forced refresh invalidates the token every other holder uses, so the token is never fetched per
 * invocation. Implemented on DynamoDB (`wechat-token-repository.ts`) and in memory for tests.
 *
 * @example
 * const store: AccessTokenStore = createInMemoryAccessTokenStore();
 * await store.write('TOKEN', '2026-12-04T12:00:00.000Z');
 */
export interface AccessTokenStore {
  /** The stored token, or `undefined` when none was ever stored. */
  read(): Promise<StoredAccessToken | undefined>;
  /**
   * Stores a token. With `replacing`, only while the stored token is still `replacing` (or none is
   * stored); without it, only when none is stored. A write that loses that race is dropped without
   * an error: read again to get the token another holder stored.
   */
  write(token: string, expiresAt: string, replacing?: string): Promise<void>;
}

/**
 * The WeChat error envelope, `{"errcode": 40001, "errmsg": "invalid credential…"}` (WeChat answers
 * HTTP 200 with it; `errcode: 0` is success).
 *
 * @example
 * wechatErrorSchema.safeParse({ errcode: 45015, errmsg: 'response out of time limit' }).success; // true
 */
export const wechatErrorSchema = z.looseObject({
  errcode: z.number(),
  errmsg: z._default(z.string(), ''),
});

/** One WeChat error, as read from its envelope. */
export type WechatError = z.infer<typeof wechatErrorSchema>;

/**
 * Reads a WeChat answer body as JSON; `undefined` when it is not JSON.
 *
 * @example
 * readWechatJson('{"errcode":0,"errmsg":"ok"}'); // { errcode: 0, errmsg: 'ok' }
 */
export function readWechatJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/**
 * WeChat's own words for an error, for the end of a `reason`.
 *
 * @example
 * wechatErrorWords({ errcode: 45015, errmsg: 'response out of time limit or subscription is canceled' });
 * // 'WeChat 45015: response out of time limit or subscription is canceled'
 */
export function wechatErrorWords(error: WechatError): string {
  return `WeChat ${error.errcode}${error.errmsg ? `: ${error.errmsg}` : ''}`;
}

const stableTokenSchema = z.looseObject({
  access_token: z.string().check(z.minLength(1)),
  expires_in: z.number(),
});

/** A token was found or fetched; or it could not be, and the send ends with `outcome`. */
export type AccessTokenAnswer =
  | { kind: 'token'; token: string }
  | { kind: 'unavailable'; outcome: SendOutcome };

/** Holds the Official Account's access token for a sender. */
export interface WechatAccessTokenHolder {
  /** The token to send with: the shared one until 5 minutes before it expires, else a fresh one. */
  current(): Promise<AccessTokenAnswer>;
  /**
   * A token to replace one WeChat just rejected (40001, 40014, 42001): another holder's newer token
   * when there is one, else a fresh one, forced (`force_refresh: true`) only when WeChat hands back
   * the rejected token itself.
   */
  replaceRejected(rejected: string): Promise<AccessTokenAnswer>;
}

/** What the holder needs: the API and the Official Account's credentials. */
export interface WechatAccessTokenOptions {
  /** `WECHAT_API_URL`, normally `https://api.weixin.qq.com`. */
  apiUrl: string;
  /** `WECHAT_APP_ID`. */
  appId: string;
  /** `WECHAT_APP_SECRET`. */
  appSecret: string;
  now?: () => Date;
}

/**
 * How long before its expiry a token stops being used. WeChat's stable token is renewed by the
 * platform 5 minutes before it expires (old and new both work during those 5 minutes), so a normal
 * `stable_token` call in that window returns the next token.
 */
const refreshMarginMs = 5 * 60 * 1000;

function tokenFetchErrorOutcome(error: WechatError): SendOutcome {
  const words = wechatErrorWords(error);
  switch (error.errcode) {
    case -1:
      return { kind: 'retry', reason: `WeChat was busy issuing an access token (${words})` };
    case 45011:
      return {
        kind: 'retry',
        reason: `WeChat's per-minute quota for access tokens is spent (${words})`,
        retryAfterMs: 60_000,
      };
    case 40164:
    case 89503:
      return {
        kind: 'failed',
        code: String(error.errcode),
        reason: `WeChat refused to issue an access token to this server's IP address: add it to the Official Account's IP whitelist (${words})`,
        ours: true,
      };
    case 45009:
      return {
        kind: 'failed',
        code: '45009',
        reason: `WeChat's daily quota for access tokens is spent: tokens are being fetched far too often (${words})`,
        ours: true,
      };
    default:
      return {
        kind: 'failed',
        code: String(error.errcode),
        reason: `WeChat refused to issue an access token: check WECHAT_APP_ID and WECHAT_APP_SECRET (${words})`,
        ours: true,
      };
  }
}

/**
 * Reads WeChat's answer to `POST /cgi-bin/stable_token`.
 *
 * @example
 * readStableTokenAnswer({ status: 200, headers: {}, body: '{"access_token":"T","expires_in":7200}' }, new Date());
 * // { kind: 'token', token: 'T', expiresInMs: 7200000 }
 */
export function readStableTokenAnswer(
  answer: HttpAnswer,
  now: Date,
): { kind: 'token'; token: string; expiresInMs: number } | { kind: 'unavailable'; outcome: SendOutcome } {
  const json = readWechatJson(answer.body);
  const token = stableTokenSchema.safeParse(json);
  if (answer.status >= 200 && answer.status < 300 && token.success) {
    return { kind: 'token', token: token.data.access_token, expiresInMs: token.data.expires_in * 1000 };
  }
  const error = wechatErrorSchema.safeParse(json);
  if (error.success && error.data.errcode !== 0)
    return { kind: 'unavailable', outcome: tokenFetchErrorOutcome(error.data) };
  const byStatus = answerStatusOutcome('WeChat (access token)', answer, now);
  return {
    kind: 'unavailable',
    outcome:
      byStatus.kind === 'failed' && answer.status >= 200 && answer.status < 300
        ? {
            kind: 'retry',
            reason: 'WeChat answered the access token request with something that is not a token',
          }
        : byStatus,
  };
}

/**
 * The holder of the Official Account's access token, over a shared {@link AccessTokenStore}: it
 * uses the stored token (kept in memory too) until 5 minutes before it expires, then fetches one
 * with `POST {apiUrl}/cgi-bin/stable_token` (`force_refresh: false`, which hands every caller the
 * same token) and stores it in place of the one it replaces. After a send was refused for its
 * token it first looks for a newer token another holder stored, and forces a refresh only when
 * WeChat hands back the very token it rejected (a forced refresh invalidates the token every other
 * holder is using, and WeChat allows 20 a day). Fetching a token sends no message, so a lost answer
 * is simply `retry`.
 *
 * @example
 * const holder = createWechatAccessTokenHolder({ apiUrl: 'https://api.weixin.qq.com', appId, appSecret }, transports, store);
 * const answer = await holder.current(); // { kind: 'token', token: '…' }
 */
export function createWechatAccessTokenHolder(
  options: WechatAccessTokenOptions,
  transports: Transports,
  store: AccessTokenStore,
): WechatAccessTokenHolder {
  const now = options.now ?? (() => new Date());
  let cached: StoredAccessToken | undefined;
  let pending: Promise<AccessTokenAnswer> | undefined;
  let pendingReplace: { rejected: string; answer: Promise<AccessTokenAnswer> } | undefined;

  const usable = (stored: StoredAccessToken | undefined): boolean =>
    stored !== undefined && Date.parse(stored.expiresAt) - now().getTime() > refreshMarginMs;

  async function fetchToken(forceRefresh: boolean) {
    try {
      const answer = await transports.post({
        url: `${options.apiUrl.replace(/\/+$/, '')}/cgi-bin/stable_token`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credential',
          appid: options.appId,
          secret: options.appSecret,
          force_refresh: forceRefresh,
        }),
      });
      return readStableTokenAnswer(answer, now());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const outcome: SendOutcome =
        error instanceof RefusedDestinationError
          ? {
              kind: 'failed',
              code: 'refused_destination',
              reason: `Rapport refused to connect to WeChat: ${message}`,
              ours: true,
            }
          : { kind: 'retry', reason: `WeChat could not be reached for an access token: ${message}` };
      return { kind: 'unavailable' as const, outcome };
    }
  }

  /** Stores a fetched token in place of `replacing`, then uses whichever token won the store. */
  async function keep(
    token: string,
    expiresInMs: number,
    replacing: string | undefined,
  ): Promise<AccessTokenAnswer> {
    const expiresAt = new Date(now().getTime() + expiresInMs).toISOString();
    await store.write(token, expiresAt, replacing);
    const stored = await store.read();
    cached =
      stored && stored.token !== replacing && Date.parse(stored.expiresAt) > now().getTime()
        ? stored
        : { token, expiresAt };
    return { kind: 'token', token: cached.token };
  }

  async function renew(): Promise<AccessTokenAnswer> {
    const stored = await store.read();
    if (stored && usable(stored)) {
      cached = stored;
      return { kind: 'token', token: stored.token };
    }
    const fetched = await fetchToken(false);
    if (fetched.kind !== 'token') return fetched;
    return keep(fetched.token, fetched.expiresInMs, stored?.token);
  }

  async function replace(rejected: string): Promise<AccessTokenAnswer> {
    if (cached?.token === rejected) cached = undefined;
    const stored = await store.read();
    if (stored && stored.token !== rejected && Date.parse(stored.expiresAt) > now().getTime()) {
      cached = stored;
      return { kind: 'token', token: stored.token };
    }
    let fetched = await fetchToken(false);
    if (fetched.kind === 'token' && fetched.token === rejected) fetched = await fetchToken(true);
    if (fetched.kind !== 'token') return fetched;
    return keep(fetched.token, fetched.expiresInMs, rejected);
  }

  return {
    async current() {
      if (cached && usable(cached)) return { kind: 'token', token: cached.token };
      // One renewal at a time per holder: concurrent sends wait for the same answer.
      pending ??= renew().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    replaceRejected(rejected) {
      // Sends rejected with the same token share one replacement, so they never force two refreshes.
      if (pendingReplace?.rejected !== rejected) {
        const answer = replace(rejected).finally(() => {
          if (pendingReplace?.answer === answer) pendingReplace = undefined;
        });
        pendingReplace = { rejected, answer };
      }
      return pendingReplace.answer;
    },
  };
}
