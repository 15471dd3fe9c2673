import type { DeliveryOutcome } from './delivery-outcome';

/** The parts of an HTTP answer an outcome is read from. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

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

/**
 * Reads an HTTP answer by its status alone: 2xx delivered; 429 retried after its `Retry-After`;
 * 408 and 5xx retried; any other status a permanent failure. Platforms that answer 200 with an
 * error in the body read it on top of this.
 *
 * @example
 * httpOutcome({ status: 503, headers: {}, body: 'busy' }, new Date()); // { kind: 'retry-at', reason: '503 busy' }
 */
export function httpOutcome(answer: HttpAnswer, now: Date): DeliveryOutcome {
  const snippet = answer.body.slice(0, 200);
  if (answer.status === 429) {
    const wait = retryAfterMs(answer.headers['retry-after'], now);
    return {
      kind: 'retry-at',
      reason: `429 ${snippet}`.trim(),
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    };
  }
  if (answer.status === 408 || answer.status >= 500)
    return { kind: 'retry-at', reason: `${answer.status} ${snippet}`.trim() };
  if (answer.status < 200 || answer.status >= 300)
    return { kind: 'permanent-failure', reason: `${answer.status} ${snippet}`.trim() };
  return { kind: 'delivered' };
}
