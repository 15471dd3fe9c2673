import type { OutboundPlatform } from '../outbound/platform-sender';

/** One documented limit: at most `count` sends in any `perMs` milliseconds. */
export interface PaceLimit {
  count: number;
  perMs: number;
}

/** How fast campaign sends may go on one platform, and what the limit counts. */
export interface PlatformPace {
  /** Every limit the platform documents for these sends; the strictest one sets the pace. */
  limits: ReadonlyArray<PaceLimit>;
  /** What one pace is kept for: one sending number, Page, bot, channel, account or user token. */
  per: string;
}

const second = 1000;
const day = 24 * 3600 * second;

/**
 * Each platform's documented send rate for campaign sends, per sender (the operator may lower it,
 * or raise it where the platform granted more):
 *
 * - WhatsApp Cloud API: 80 messages/s per business phone number by default (up to 1,000 when Meta
 *   raises it; 20 for numbers also on the WhatsApp Business app). developers.facebook.com
 *   …/whatsapp/throughput; error 130429 when exceeded.
 * - Messenger: 300 Send API calls/s per Page for text (10/s with audio or video), inside 200 × the
 *   people the Page can message per rolling 24 h. developers.facebook.com
 *   …/messenger-platform/overview/rate-limiting (updated 2026-03-23).
 * - Instagram: 300 Send API calls/s per Instagram professional account for text (same page).
 * - Telegram: about 30 messages/s per bot for bulk notifications, no more than one per second to a
 *   chat (the Bot FAQ, "My bot is hitting limits"); a 429 stops the whole bot for `retry_after`.
 * - LINE: 2,000 requests/s per channel for push ("Other API endpoints", Messaging API reference).
 * - WeChat Official Account: 500,000 customer-service messages a day per account
 *   (developers.weixin.qq.com …/Message_Management/API_Call_Limits.html, 发送客服消息); template
 *   messages 100,000 a day by default (a WeChat community answer, not the reference). No per-second
 *   rate is documented; the daily quota is spread evenly (about 5.8/s).
 * - SMS (Twilio): a US long code sends one message segment per second (twilio.com/docs/api/errors/
 *   30001, 21611; a short code 100+); Twilio queues faster sends for up to 10 hours, then fails them.
 *   A Messaging Service with several numbers sends that much per number. Twilio counts segments:
 *   reserve one slot per segment of a long or Chinese SMS.
 * - X: 200 DMs per 15 minutes and 1,000 per 24 hours per user token (X API v2 DM reference).
 * - Email (SES): 1 per second in the sandbox (docs.aws.amazon.com/ses/latest/dg/quotas.html);
 *   outside it AWS no longer publishes a default ("varies based on your specific use case"): the
 *   account's own `MaxSendRate` (GetAccount / GetSendQuota) should replace this floor.
 *
 * @example
 * platformPace.whatsapp.limits[0]; // { count: 80, perMs: 1000 }
 */
export const platformPace: Record<OutboundPlatform, PlatformPace> = {
  whatsapp: { limits: [{ count: 80, perMs: second }], per: 'business phone number' },
  messenger: { limits: [{ count: 300, perMs: second }], per: 'Facebook Page' },
  instagram: { limits: [{ count: 300, perMs: second }], per: 'Instagram professional account' },
  telegram: { limits: [{ count: 30, perMs: second }], per: 'bot' },
  line: { limits: [{ count: 2000, perMs: second }], per: 'channel' },
  wechat: { limits: [{ count: 500_000, perMs: day }], per: 'Official Account' },
  sms: { limits: [{ count: 1, perMs: second }], per: 'sending number (US long code)' },
  x: {
    limits: [
      { count: 200, perMs: 15 * 60 * second },
      { count: 1000, perMs: day },
    ],
    per: 'user token',
  },
  email: { limits: [{ count: 1, perMs: second }], per: 'SES account and region (sandbox floor)' },
};

/**
 * Where a pace stands: the earliest moment the next send may go, in whole microseconds since the
 * epoch (80/s is one every 12,500 µs; integers stay exact where milliseconds with fractions would
 * drift). One number, so many senders can share it through one conditional write.
 */
export interface PaceState {
  nextAtMicros: number;
}

/**
 * The spacing, in whole microseconds rounded up, that keeps every limit of a pace: sends at least
 * this far apart never put more than `count` in any `perMs` (the strictest limit decides).
 *
 * @example
 * sendIntervalMicros(platformPace.whatsapp); // 12500
 * sendIntervalMicros(platformPace.telegram); // 33334
 */
export function sendIntervalMicros(pace: PlatformPace): number {
  return Math.max(...pace.limits.map((limit) => Math.ceil((limit.perMs * 1000) / limit.count)));
}

/**
 * The moments at which the next `count` sends may go, and the pace's state after them. Sends are
 * spaced evenly (a generic cell-rate algorithm with no burst): the first at `now` or when the pace
 * next allows, each next one interval later. Even spacing, rather than a count per calendar
 * second, never lets two windows' allowances meet at a boundary (80 at 0.99 s and 80 at 1.00 s
 * would be 160 in 10 ms). Slots are rounded up to the millisecond, which keeps at most `count` of
 * them in any `perMs`.
 *
 * A sender reserves a batch (one conditional write of the new state), waits for each slot and
 * sends; a slot it does not use is lost, never given twice.
 *
 * @example
 * const { slots, state } = nextSendSlot(platformPace.whatsapp, undefined, new Date(), 3);
 * // slots: now, now + 13 ms, now + 25 ms (12.5 ms apart, rounded up); state: now + 37.5 ms
 */
export function nextSendSlot(
  pace: PlatformPace,
  state: PaceState | undefined,
  now: Date,
  count = 1,
): { slots: Date[]; state: PaceState } {
  const interval = sendIntervalMicros(pace);
  const first = Math.max(now.getTime() * 1000, state?.nextAtMicros ?? 0);
  const slots = Array.from(
    { length: count },
    (_, index) => new Date(Math.ceil((first + index * interval) / 1000)),
  );
  return { slots, state: { nextAtMicros: first + count * interval } };
}
