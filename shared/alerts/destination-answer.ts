import type { DeliveryOutcome } from '../delivery/delivery-outcome';
import { type HttpAnswer, httpOutcome } from '../delivery/http-answer';
import type { Destination } from './destination';

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
 * Reads a destination's answer: by its HTTP status (`httpOutcome`), except that the group robots
 * answer 200 with an error code in the body (DingTalk and WeCom `errcode`, Feishu `code`), which is
 * read as the failure it is: their rate-limit codes are retried after the wait they impose, any
 * other code is permanent.
 *
 * @example
 * destinationOutcome('dingtalk', { status: 200, headers: {}, body: '{"errcode":130101,"errmsg":"send too fast"}' }, now);
 * // { kind: 'retry-at', reason: 'dingtalk errcode 130101: send too fast', retryAfterMs: 600000 }
 */
export function destinationOutcome(
  type: Destination['type'],
  answer: HttpAnswer,
  now: Date,
): DeliveryOutcome {
  const byStatus = httpOutcome(answer, now);
  const throttleCodes = robotThrottleCodes[type];
  if (byStatus.kind !== 'delivered' || !throttleCodes) return byStatus;
  const answered = robotCode(answer.body);
  if (!answered)
    return {
      kind: 'permanent-failure',
      reason: `${type} answered without an error code: ${answer.body.slice(0, 200)}`,
    };
  if (answered.code === 0) return { kind: 'delivered' };
  const reason = `${type} ${type === 'feishu' ? 'code' : 'errcode'} ${answered.code}: ${answered.message}`;
  if (answered.code in throttleCodes) {
    const wait = throttleCodes[answered.code];
    return { kind: 'retry-at', reason, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
  }
  return { kind: 'permanent-failure', reason };
}
