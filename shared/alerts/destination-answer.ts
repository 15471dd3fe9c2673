import type { Destination } from './destination';

/** How one attempt to deliver ended. */
export type DeliveryOutcome =
  | { kind: 'delivered' }
  /** Worth trying again (network, timeout, 5xx, 429, a robot's rate limit), after `retryAfterMs` if the platform said. */
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  /** Trying again would fail the same way (a bad URL, signature, keyword or payload). */
  | { kind: 'failed'; reason: string };

/** The parts of an HTTP answer an outcome is read from. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Robot error codes that mean "too fast, later": DingTalk 130101 (over 20 a minute, then blocked
 * for 10 minutes), WeCom 45009 (over 20 a minute), Feishu 9499 and 11232 (over 100 a minute or
 * 5 a second). Any other non-zero code is a permanent failure (DingTalk 310000: sign, keyword
 * or IP; Feishu 19021: sign or timestamp; WeCom 93000: invalid webhook URL).
 */
const robotThrottleCodes: Record<string, Record<number, number | undefined>> = {
  dingtalk: { 130101: 10 * 60_000 },
  wecom: { 45009: 60_000 },
  feishu: { 9499: 1000, 11232: 60_000 },
};

/**
 * Milliseconds an HTTP `Retry-After` asks to wait: delay-seconds or an HTTP date.
 *
 * @example
 * retryAfterMs('2', new Date()); // 2000
 */
export function retryAfterMs(value: string | string[] | undefined, now: Date): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

function robotCode(body: string): { code: number; message: string } | undefined {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const code = parsed.errcode ?? parsed.code ?? parsed.StatusCode;
    if (typeof code !== 'number') return undefined;
    const message = parsed.errmsg ?? parsed.msg ?? parsed.StatusMessage;
    return { code, message: typeof message === 'string' ? message : '' };
  } catch {
    return undefined;
  }
}

/**
 * Reads a destination's answer: 2xx is delivered, except that the group robots answer 200 with an
 * error code in the body (DingTalk and WeCom `errcode`, Feishu `code`), which is read as the
 * failure it is; 429, 408 and 5xx are retried (429 after its `Retry-After`); other 4xx are not.
 *
 * @example
 * deliveryOutcome('dingtalk', { status: 200, headers: {}, body: '{"errcode":130101,"errmsg":"send too fast"}' }, now);
 * // { kind: 'retry', reason: 'dingtalk errcode 130101: send too fast', retryAfterMs: 600000 }
 */
export function deliveryOutcome(type: Destination['type'], answer: HttpAnswer, now: Date): DeliveryOutcome {
  const snippet = answer.body.slice(0, 200);
  if (answer.status === 429) {
    const wait = retryAfterMs(answer.headers['retry-after'], now);
    return {
      kind: 'retry',
      reason: `429 ${snippet}`.trim(),
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    };
  }
  if (answer.status === 408 || answer.status >= 500)
    return { kind: 'retry', reason: `${answer.status} ${snippet}`.trim() };
  if (answer.status < 200 || answer.status >= 300)
    return { kind: 'failed', reason: `${answer.status} ${snippet}`.trim() };
  const throttleCodes = robotThrottleCodes[type];
  if (!throttleCodes) return { kind: 'delivered' };
  const answered = robotCode(answer.body);
  if (!answered) return { kind: 'failed', reason: `${type} answered without an error code: ${snippet}` };
  if (answered.code === 0) return { kind: 'delivered' };
  const reason = `${type} ${type === 'feishu' ? 'code' : 'errcode'} ${answered.code}: ${answered.message}`;
  if (answered.code in throttleCodes) {
    const wait = throttleCodes[answered.code];
    return { kind: 'retry', reason, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
  }
  return { kind: 'failed', reason };
}
