import { quietUntil } from '../alerts/quiet-hours';
import type { Customer } from '../domain/customer';
import { customerTimeZone, phoneCountry } from '../domain/customer-time-zone';
import { type ConsentByPlatform, consentRefusal } from '../outbound/consent';
import { addressIdentityKind } from '../outbound/conversation-thread';
import { messageWindow } from '../outbound/message-window';
import type { OutboundPlatform, SendContent } from '../outbound/platform-sender';
import { type CampaignDefinition, type CampaignMessage, chineseSmsRefusalHint } from './campaign';
import { renderPlaceholders } from './message-placeholders';

/** Why a member gets no message (public contract: `delivery.skipped` per reason). */
export type CampaignSkipReason = 'optedOut' | 'noChannel' | 'capped';

/** Why one platform of the campaign's list was passed over for this member. */
export type PassedOverReason =
  /** The customer has no address there. */
  | 'noAddress'
  /** The customer refused marketing there (SMS STOP, WhatsApp "stop promotions", email unsubscribe…). */
  | 'optedOut'
  /** Free text only inside the platform's window, it is closed, and the campaign has no template for it. */
  | 'windowClosed'
  /** A Chinese SMS must carry the refusal hint, which a Twilio template cannot take: it needs the text. */
  | 'needsText';

/** One platform passed over, and why. */
export interface PassedOver {
  platform: OutboundPlatform;
  reason: PassedOverReason;
}

/** The message chosen for a member: where it goes and what it says. */
interface ChosenMessage {
  platform: OutboundPlatform;
  /** The address on the platform (an E.164 phone, a PSID, a chat id, an OpenID, an email…). */
  address: string;
  content: SendContent;
  /** Email only: the subject, its placeholders filled. */
  subject?: string;
  /** The time zone the member's quiet hours and dates were read in. */
  timeZone: string;
  /** The platforms before this one in the campaign's order, and why each was passed over. */
  passedOver: PassedOver[];
}

/**
 * What to do for one campaign member: send now, hold until the member's quiet hours end (the
 * caller plans again then: consent may have changed), or skip with the reason that goes in the
 * delivery counts. The same decision is made for a control member, who is then not sent anything
 * but recorded with it ("would have been skipped: opted out"), so both groups are compared on the
 * same eligibility.
 */
export type CampaignMessagePlan =
  | ({ kind: 'send' } & ChosenMessage)
  | ({ kind: 'hold'; until: string } & ChosenMessage)
  | { kind: 'skip'; reason: CampaignSkipReason; passedOver: PassedOver[] };

/** What the decision for one member is made from. */
export interface CampaignMessageInput {
  campaign: Pick<CampaignDefinition, 'frequencyCapHours' | 'quietHours' | 'timeZone'> & {
    message: CampaignMessage;
  };
  customer: Pick<Customer, 'identities' | 'name' | 'scores' | 'stats'>;
  consent: ConsentByPlatform | undefined;
  /** When any campaign last messaged this customer (for the frequency cap). */
  lastCampaignMessageAt?: string;
  /** The customer's last message per platform: the platforms' windows are measured from it. */
  conversationsByPlatform: Partial<Record<OutboundPlatform, { lastInboundAt?: string }>>;
  now: Date;
}

const hour = 3600_000;

/**
 * The customer's address on a platform: the identity that holds it (SMS goes to the phone).
 *
 * @example
 * addressOnPlatform({ identities: [{ kind: 'phone', value: '+447700900123' }] }, 'sms'); // '+447700900123'
 */
export function addressOnPlatform(
  customer: Pick<Customer, 'identities'>,
  platform: OutboundPlatform,
): string | undefined {
  return customer.identities.find((identity) => identity.kind === addressIdentityKind[platform])?.value;
}

/**
 * Ends a Chinese commercial SMS with the refusal hint "回T退订" unless it already offers 退订
 * (MIIT Order 31: every commercial SMS carries a convenient way to refuse).
 *
 * @example
 * withChineseRefusalHint('双十二全场八折'); // '双十二全场八折 回T退订'
 */
export function withChineseRefusalHint(text: string): string {
  return text.includes('退订') ? text : `${text.trimEnd()} ${chineseSmsRefusalHint}`;
}

type ContentChoice = { content: SendContent } | { passedOver: 'windowClosed' | 'needsText' };

/**
 * The content for one platform, or why the platform cannot carry this campaign's message to this
 * member at `sendAt`:
 * - WhatsApp: the template whenever the campaign has one. A campaign message is business-initiated
 *   marketing: Meta wants an approved template for it outside the 24-hour window, and using it
 *   inside the window too keeps the treatment the same for every member (and under the marketing
 *   category the customer's "stop promotions" applies to). Without a template, free text only
 *   inside the window.
 * - WeChat: free text inside the 48-hour customer-service window, the template outside it.
 * - SMS: the text (with the refusal hint in Chinese); a template (Twilio Content SID) only when the
 *   campaign has no text, and never in Chinese (the hint cannot be added to it).
 * - Messenger, Instagram: free text inside the 24-hour window only (message tags may not carry
 *   promotions).
 * - Telegram, LINE, X, email: the text.
 */
function contentFor(
  platform: OutboundPlatform,
  message: CampaignMessage,
  render: (text: string) => string,
  windowOpen: boolean,
  chinese: boolean,
): ContentChoice {
  const template: SendContent | undefined = message.template && {
    kind: 'template',
    name: message.template.name,
    language: message.template.language,
    parameters: (message.template.parameters ?? []).map(render),
  };
  const text: SendContent | undefined =
    message.text === undefined ? undefined : { kind: 'text', text: render(message.text) };
  switch (platform) {
    case 'whatsapp':
      if (template) return { content: template };
      return text && windowOpen ? { content: text } : { passedOver: 'windowClosed' };
    case 'wechat':
      if (text && windowOpen) return { content: text };
      return template ? { content: template } : { passedOver: 'windowClosed' };
    case 'sms':
      if (text?.kind === 'text')
        return { content: { kind: 'text', text: chinese ? withChineseRefusalHint(text.text) : text.text } };
      return template && !chinese ? { content: template } : { passedOver: 'needsText' };
    case 'messenger':
    case 'instagram':
      if (!text) return { passedOver: 'needsText' };
      return windowOpen ? { content: text } : { passedOver: 'windowClosed' };
    default:
      return text ? { content: text } : { passedOver: 'needsText' };
  }
}

/**
 * Decides the campaign message for one member, with no I/O:
 * 1. The member's time zone: from their phone's country, else the campaign's `timeZone`, else UTC.
 * 2. The moment it would go out: now, or the end of the campaign's quiet hours in that zone.
 * 3. The first platform, in the campaign's order, where the customer has an address, has not
 *    refused marketing, and the message can go at that moment (windows are judged then, so a text
 *    held overnight is not sent into a closed window).
 * 4. None: `optedOut` when a refusal of marketing stood in the way on some platform, else
 *    `noChannel`.
 * 5. Any campaign messaged the customer less than `frequencyCapHours` before that moment:
 *    `capped` (skipped, not rescheduled).
 * 6. `hold` until the quiet hours end, or `send` now.
 *
 * It does not take the member's group: the decision is the same for treatment and control.
 *
 * @example
 * planCampaignMessage({ campaign, customer, consent, conversationsByPlatform: {}, now: new Date() });
 * // { kind: 'send', platform: 'sms', address: '+447700900123', content: { kind: 'text', text: 'Hi Ada, …' }, timeZone: 'Europe/London', passedOver: [] }
 */
export function planCampaignMessage(input: CampaignMessageInput): CampaignMessagePlan {
  const { campaign, customer, consent, now } = input;
  const timeZone = customerTimeZone(customer) ?? campaign.timeZone ?? 'UTC';
  const quietEnd = campaign.quietHours ? quietUntil({ ...campaign.quietHours, timeZone }, now) : undefined;
  const sendAt = quietEnd ?? now;
  const render = (text: string) => renderPlaceholders(text, customer, timeZone);

  const passedOver: PassedOver[] = [];
  let chosen: ChosenMessage | undefined;
  for (const platform of campaign.message.platforms) {
    const address = addressOnPlatform(customer, platform);
    if (!address) {
      passedOver.push({ platform, reason: 'noAddress' });
      continue;
    }
    if (consentRefusal(consent, platform, 'marketing')) {
      passedOver.push({ platform, reason: 'optedOut' });
      continue;
    }
    const window = messageWindow(platform, input.conversationsByPlatform[platform]?.lastInboundAt, sendAt);
    const chinese =
      platform === 'sms' && (campaign.message.locale === 'zh' || phoneCountry(address) === 'CN');
    const choice = contentFor(platform, campaign.message, render, window.open, chinese);
    if ('passedOver' in choice) {
      passedOver.push({ platform, reason: choice.passedOver });
      continue;
    }
    chosen = {
      platform,
      address,
      content: choice.content,
      ...(platform === 'email' && campaign.message.subject
        ? { subject: render(campaign.message.subject) }
        : {}),
      timeZone,
      passedOver: [...passedOver],
    };
    break;
  }

  if (!chosen) {
    const reason = passedOver.some((passed) => passed.reason === 'optedOut') ? 'optedOut' : 'noChannel';
    return { kind: 'skip', reason, passedOver };
  }
  if (campaign.frequencyCapHours !== undefined && input.lastCampaignMessageAt) {
    const last = Date.parse(input.lastCampaignMessageAt);
    if (!Number.isNaN(last) && sendAt.getTime() - last < campaign.frequencyCapHours * hour)
      return { kind: 'skip', reason: 'capped', passedOver };
  }
  return quietEnd ? { kind: 'hold', until: quietEnd.toISOString(), ...chosen } : { kind: 'send', ...chosen };
}
