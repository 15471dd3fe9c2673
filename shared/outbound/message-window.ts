import type { OutboundPlatform } from './platform-sender';

const hour = 3600_000;

/**
 * How long free text may follow the customer's last message, per platform: WhatsApp (Cloud API
 * and through Twilio), Messenger and Instagram 24 h; WeChat customer-service messages 48 h; the
 * others have no window (SMS, Telegram, LINE push, X, email).
 *
 * @example
 * freeTextWindowMs.wechat; // 172800000
 */
export const freeTextWindowMs: Partial<Record<OutboundPlatform, number>> = {
  whatsapp: 24 * hour,
  messenger: 24 * hour,
  instagram: 24 * hour,
  wechat: 48 * hour,
};

/** Messenger's and Instagram's `HUMAN_AGENT` tag: a person's reply up to 7 days after the customer's message. */
export const humanAgentWindowMs = 7 * 24 * hour;

/** Whether free text may be sent now, and until when. */
export interface MessageWindow {
  open: boolean;
  /** When free text stops being allowed; absent on platforms with no window. */
  closesAt?: string;
  /** Open only through Messenger's `HUMAN_AGENT` tag (after 24 h, within 7 days). */
  humanAgentTag?: true;
}

/**
 * The platform's window for free text at `now`, from the customer's last inbound message. The
 * business's own messages never extend it. With `humanAgentTag` (the operator says the Meta app
 * has the Human Agent permission) a Messenger or Instagram reply by a person stays allowed for 7
 * days, tagged.
 *
 * @example
 * messageWindow('whatsapp', '2026-12-01T10:00:00Z', new Date('2026-12-02T11:00:00Z')); // { open: false, closesAt: '2026-12-02T10:00:00.000Z' }
 */
export function messageWindow(
  platform: OutboundPlatform,
  lastInboundAt: string | undefined,
  now: Date,
  options: { humanAgentTag?: boolean } = {},
): MessageWindow {
  const length = freeTextWindowMs[platform];
  if (length === undefined) return { open: true };
  const from = lastInboundAt ? Date.parse(lastInboundAt) : Number.NaN;
  if (Number.isNaN(from)) return { open: false };
  const closes = from + length;
  if (now.getTime() < closes) return { open: true, closesAt: new Date(closes).toISOString() };
  if (options.humanAgentTag && (platform === 'messenger' || platform === 'instagram')) {
    const tagCloses = from + humanAgentWindowMs;
    if (now.getTime() < tagCloses)
      return { open: true, closesAt: new Date(tagCloses).toISOString(), humanAgentTag: true };
  }
  return { open: false, closesAt: new Date(closes).toISOString() };
}
