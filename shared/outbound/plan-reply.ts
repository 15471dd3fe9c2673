import { type ConsentByPlatform, consentRefusal } from './consent';
import type { MessageTemplate, StoredConversation } from './conversation';
import { messageWindow } from './message-window';
import { type OutboundPlatform, outboundPlatformNames } from './platform-sender';

/** What an agent asked to post in a conversation (the body of `POST …/messages`). */
export type ReplyRequest = { text: string } | { template: MessageTemplate } | { note: string };

/** Why a reply is refused with nothing sent (public contract: `409 {"error": …}`). */
export type ReplyRefusalCode = 'window_closed' | 'opted_out' | 'no_channel';

/**
 * What to do with a reply: queue it for sending (with the Messenger tag when only that keeps the
 * window open), keep a note, or refuse it with a sentence for the agent. A request the platform
 * cannot carry at all (a template on Telegram, text over the platform's length) is `invalid` (400).
 */
export type ReplyPlan =
  | { kind: 'send'; text?: string; template?: MessageTemplate; humanAgentTag?: true }
  | { kind: 'note'; text: string }
  | { kind: 'refused'; code: ReplyRefusalCode; message: string }
  | { kind: 'invalid'; code: 'template_unsupported' | 'text_too_long'; message: string };

/** Platforms with templates for messages outside the window (WhatsApp, WeChat, Twilio's Content API). */
const templatePlatforms: ReadonlyArray<OutboundPlatform> = ['whatsapp', 'wechat', 'sms'];

/**
 * Longest free text each platform takes, in characters (WhatsApp 4096, Messenger 2000, Instagram
 * 1000, Telegram 4096, LINE 5000, WeChat 2048 bytes read as characters, Twilio 1600, X 10000).
 *
 * @example
 * maxTextLength.instagram; // 1000
 */
export const maxTextLength: Record<OutboundPlatform, number> = {
  whatsapp: 4096,
  messenger: 2000,
  instagram: 1000,
  telegram: 4096,
  line: 5000,
  wechat: 600,
  sms: 1600,
  x: 10000,
  email: 100_000,
};

/**
 * Decides a reply against the platform's rules before anything is stored or sent: a note always
 * stays in Rapport; free text needs the platform's window open (WhatsApp, Messenger, Instagram
 * 24 h, WeChat 48 h after the customer's last message; Messenger and Instagram up to 7 days with
 * `HUMAN_AGENT` when the operator allows it — replies here are always a person's); a template goes
 * out whatever the window; nothing goes to a customer who opted out on that platform.
 *
 * @example
 * planReply(conversation, profile.consent, { text: 'Your order shipped' }, new Date(), { humanAgentTag: false });
 */
export function planReply(
  conversation: Pick<StoredConversation, 'platform' | 'lastInboundAt' | 'address'>,
  consent: ConsentByPlatform | undefined,
  request: ReplyRequest,
  now: Date,
  options: { humanAgentTag: boolean },
): ReplyPlan {
  const { platform } = conversation;
  const name = outboundPlatformNames[platform];
  if ('note' in request) return { kind: 'note', text: request.note };
  if (!conversation.address)
    return {
      kind: 'refused',
      code: 'no_channel',
      message: `Rapport has no ${name} address for this customer.`,
    };
  const refusal = consentRefusal(consent, platform, 'service');
  if (refusal)
    return {
      kind: 'refused',
      code: 'opted_out',
      message: `The customer opted out of ${name} messages on ${refusal.at} (${refusal.source}); nothing was sent.`,
    };
  if ('template' in request) {
    if (!templatePlatforms.includes(platform))
      return {
        kind: 'invalid',
        code: 'template_unsupported',
        message: `${name} has no message templates: send text.`,
      };
    return { kind: 'send', template: request.template };
  }
  if (request.text.length > maxTextLength[platform])
    return {
      kind: 'invalid',
      code: 'text_too_long',
      message: `${name} takes at most ${maxTextLength[platform]} characters; this text has ${request.text.length}.`,
    };
  const window = messageWindow(platform, conversation.lastInboundAt, now, options);
  if (!window.open) {
    const hours = platform === 'wechat' ? 48 : 24;
    return {
      kind: 'refused',
      code: 'window_closed',
      message: `${name} allows free text only within ${hours} hours of the customer's last message${
        window.closesAt ? ` (closed ${window.closesAt})` : ''
      }: send an approved template instead.`,
    };
  }
  return {
    kind: 'send',
    text: request.text,
    ...(window.humanAgentTag ? { humanAgentTag: true as const } : {}),
  };
}
