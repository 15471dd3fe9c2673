import '../config/zod-messages';
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { conditionSchema } from '../alerts/alert-rule';
import { holds } from '../alerts/evaluate-rule';
import type { Customer } from '../domain/customer';
import { type CanonicalEvent, goalEventTypes } from '../events/contracts';
import { maxTextLength } from '../outbound/plan-reply';
import { type OutboundPlatform, outboundPlatforms } from '../outbound/platform-sender';
import { segmentNames } from '../scoring/rfm';
import { maxRenderedLength, placeholderProblems } from './message-placeholders';

const dateTime = z.iso.datetime({ offset: true });
const time = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM'));

/**
 * An IANA time zone name the runtime knows (`Asia/Shanghai`, `Europe/London`, `UTC`).
 *
 * @example
 * timeZoneSchema.parse('Asia/Tokyo');
 */
export const timeZoneSchema = z.string().check(
  z.refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'an IANA time zone such as Asia/Shanghai' },
  ),
);

/**
 * Platforms with approved templates for messages outside their window: WhatsApp (the template's
 * name), WeChat (the `template_id`) and SMS through Twilio's Content API (a Content SID `HX…`).
 *
 * @example
 * templatePlatforms.includes('telegram'); // false
 */
export const templatePlatforms: ReadonlyArray<OutboundPlatform> = ['whatsapp', 'wechat', 'sms'];

/**
 * The refusal hint every commercial SMS to a Chinese reader ends with (MIIT Order 31: a commercial
 * SMS must carry a convenient way to refuse; "回T退订" is the form Aliyun appends, and `T` and
 * `退订` are keywords Rapport reads as an opt-out).
 *
 * @example
 * chineseSmsRefusalHint; // '回T退订'
 */
export const chineseSmsRefusalHint = '回T退订';

/** The characters the hint adds to an SMS: a space and the hint. */
const hintLength = chineseSmsRefusalHint.length + 1;

/** Twilio's Content SID: what an SMS template is named by. */
const contentSid = /^HX[0-9a-f]{32}$/;

function placeholders(where: 'text' | 'parameter') {
  return z.superRefine((text: string, context) => {
    for (const message of placeholderProblems(text, where))
      context.addIssue({ code: 'custom', message, input: text });
  });
}

/** The longest text each listed platform can carry (SMS keeps room for the Chinese refusal hint). */
function textRoom(platform: OutboundPlatform): number {
  return platform === 'sms' ? maxTextLength.sms - hintLength : maxTextLength[platform];
}

/**
 * The message a campaign sends its treatment members (public contract, "campaign `message`"):
 * the platforms in order of preference, a template for the platforms that have them, free text for
 * the others, an email subject. Placeholders (`{{customer.firstName|there}}`) are checked here, so
 * nothing unknown ever reaches a customer raw.
 *
 * @example
 * campaignMessageSchema.parse({ platforms: ['whatsapp', 'sms'], template: { name: 'winback', language: 'en_US', parameters: ['{{customer.firstName|there}}'] }, text: 'Hi {{customer.firstName|there}}, 10% off this week' });
 */
export const campaignMessageSchema = z
  .object({
    platforms: z.array(z.enum(outboundPlatforms)).check(
      z.minLength(1),
      z.maxLength(outboundPlatforms.length),
      z.refine((platforms) => new Set(platforms).size === platforms.length, {
        message: 'each platform once',
      }),
    ),
    template: z.optional(
      z.object({
        /** WhatsApp: the template's name; WeChat: the `template_id`; SMS: Twilio's Content SID. */
        name: z.string().check(z.minLength(1), z.maxLength(512)),
        /** The template's language (WhatsApp `en_US`, `zh_CN`). */
        language: z
          .string()
          .check(z.regex(/^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$/, 'a language code such as en_US')),
        parameters: z.optional(
          z
            .array(z.string().check(z.minLength(1), z.maxLength(1024), placeholders('parameter')))
            .check(z.maxLength(20)),
        ),
      }),
    ),
    text: z.optional(z.string().check(z.minLength(1), z.maxLength(10_000), placeholders('text'))),
    subject: z.optional(z.string().check(z.minLength(1), z.maxLength(200), placeholders('text'))),
    /** The language of the text: `zh` adds the Chinese refusal hint to every SMS, whatever the number's country. */
    locale: z.optional(z.enum(['en', 'zh'])),
  })
  .check(
    z.refine((message) => message.template !== undefined || message.text !== undefined, {
      message: 'give a template, a text, or both',
    }),
    z.refine(
      (message) =>
        message.text !== undefined ||
        message.platforms.every((platform) => templatePlatforms.includes(platform)),
      { message: 'give a text: some of these platforms have no templates', path: ['text'] },
    ),
    z.refine((message) => message.subject !== undefined || !message.platforms.includes('email'), {
      message: 'give a subject for email',
      path: ['subject'],
    }),
    z.refine(
      (message) =>
        message.text === undefined ||
        placeholderProblems(message.text, 'text').length > 0 ||
        message.platforms.every((platform) => maxRenderedLength(message.text ?? '') <= textRoom(platform)),
      {
        message:
          'the text could be longer than a platform takes once its placeholders are filled (Instagram 1000, WeChat 600, SMS 1600 with room for the Chinese refusal hint, …)',
        path: ['text'],
      },
    ),
    z.refine(
      (message) =>
        message.text !== undefined ||
        !message.platforms.includes('sms') ||
        message.template === undefined ||
        contentSid.test(message.template.name),
      {
        message: 'an SMS template is a Twilio Content SID (HX followed by 32 hex digits)',
        path: ['template', 'name'],
      },
    ),
  );

export type CampaignMessage = z.infer<typeof campaignMessageSchema>;

/**
 * A campaign (public contract, "Campaigns"): who it is for, how many are held out, when it runs, what it
 * hopes for, and where treatment members are sent.
 *
 * @example
 * campaignSchema.parse({ name: 'Win back', audience: { segment: 'at_risk' }, holdoutPercent: 20, endsAt, goal: { on: 'order.placed', withinDays: 14 }, destinations: ['d1'] });
 */
export const campaignSchema = z
  .object({
    name: z.string().check(z.minLength(1), z.maxLength(120)),
    audience: z
      .object({
        segment: z.optional(z.enum(segmentNames)),
        /** Conditions on the customer, in the alert rules' language (`customer.…` paths only). */
        if: z._default(z.array(conditionSchema).check(z.maxLength(20)), []),
      })
      .check(
        z.refine((audience) => Boolean(audience.segment) || audience.if.length > 0, {
          message: 'name a segment, conditions, or both',
        }),
        z.refine(
          (audience) =>
            audience.if.every(
              (condition) => condition.path.startsWith('customer.') && condition.op !== 'changed_to',
            ),
          {
            message: 'audience conditions read the customer (`customer.…`), without changed_to',
            path: ['if'],
          },
        ),
      ),
    /** The share of the audience held out as the control group, never acted on. */
    holdoutPercent: z.int().check(z.minimum(1), z.maximum(90)),
    startsAt: z.optional(dateTime),
    endsAt: dateTime,
    goal: z.object({ on: z.enum(goalEventTypes), withinDays: z.int().check(z.minimum(1), z.maximum(365)) }),
    /** Alert destinations told about each treatment member: at least one unless the campaign has a `message`. */
    destinations: z._default(
      z
        .array(z.string().check(z.regex(/^[0-9A-Za-z_-]{1,64}$/, 'not a destination id')))
        .check(z.maxLength(10)),
      [],
    ),
    /** What treatment members are sent on their own channel. */
    message: z.optional(campaignMessageSchema),
    /** A member messaged by any campaign within this many hours is skipped (not rescheduled). */
    frequencyCapHours: z.optional(z.int().check(z.minimum(1), z.maximum(720))),
    /** No message goes out between these wall-clock times in the member's time zone; it waits for the end. */
    quietHours: z.optional(
      z
        .object({ start: time, end: time })
        .check(
          z.refine((hours) => hours.start !== hours.end, { message: 'quiet hours start and end apart' }),
        ),
    ),
    /** The time zone of members whose own is not known (from their phone's country); UTC when absent. */
    timeZone: z.optional(timeZoneSchema),
  })
  .check(
    z.refine((campaign) => campaign.message !== undefined || campaign.destinations.length > 0, {
      message: 'name at least one destination, or give the campaign a message',
      path: ['destinations'],
    }),
    z.refine((campaign) => !campaign.startsAt || campaign.startsAt < campaign.endsAt, {
      message: 'the campaign must end after it starts',
      path: ['endsAt'],
    }),
  );

export type CampaignDefinition = z.infer<typeof campaignSchema>;

/** Where a campaign is: not started, enrolling and acting, or over. */
export type CampaignStatus = 'scheduled' | 'running' | 'ended';

/** A campaign as stored: its definition, id, times, status and how far the first enrolment got. */
export interface Campaign extends CampaignDefinition {
  id: string;
  createdAt: string;
  startsAt: string;
  status: CampaignStatus;
  endedAt?: string;
  /** The first enrolment of everyone then in the audience: done, or where the batch job is. */
  enrolment: { done: boolean; cursor?: string; scanned: number };
}

/** The two groups of a campaign. */
export type CampaignGroup = 'treatment' | 'control';

/** A customer's membership of a campaign, kept in the customer's partition (erased with them). */
export interface CampaignMember {
  campaignId: string;
  customerId: string;
  group: CampaignGroup;
  /** The campaign's goal event type (kept here so counting needs no read of the campaign). */
  goalOn: string;
  enrolledAt: string;
  /** The end of the goal window: goal events after it do not count. */
  windowEndsAt: string;
  converted: boolean;
  convertedAt?: string;
  /** Revenue of goal orders in the window, base-currency minor units. */
  revenue: number;
}

/**
 * The group of a customer in a campaign: a deterministic hash of campaign and customer, so the
 * assignment is stable (a customer enrolled twice lands in the same group), reproducible and
 * independent of anything about the customer.
 *
 * @example
 * assignGroup('01JCAMPAIGN', '01JCUSTOMER', 20); // 'treatment' (80% of customers) or 'control'
 */
export function assignGroup(campaignId: string, customerId: string, holdoutPercent: number): CampaignGroup {
  const digest = createHash('sha256').update(`${campaignId}\u0000${customerId}`).digest();
  // 48 bits are uniform enough: the bias of taking them modulo 10,000 is below 1e-10.
  const bucket = digest.readUIntBE(0, 6) % 10_000;
  return bucket < holdoutPercent * 100 ? 'control' : 'treatment';
}

/**
 * True when the customer is in the campaign's audience: in its segment (if it names one) and
 * meeting every condition.
 *
 * @example
 * inAudience(campaign, customer); // true
 */
export function inAudience(campaign: Pick<CampaignDefinition, 'audience'>, customer: Customer): boolean {
  if (campaign.audience.segment && customer.scores.segment !== campaign.audience.segment) return false;
  const input = { event: {} as CanonicalEvent, customer: customer as unknown as Record<string, unknown> };
  return campaign.audience.if.every((condition) => holds(condition, input));
}

/**
 * The status a campaign has at a moment, from its times (an ended campaign stays ended).
 *
 * @example
 * statusAt(campaign, new Date()); // 'running'
 */
export function statusAt(
  campaign: Pick<Campaign, 'startsAt' | 'endsAt' | 'status'>,
  now: Date,
): CampaignStatus {
  if (campaign.status === 'ended') return 'ended';
  const at = now.toISOString();
  if (at >= campaign.endsAt) return 'ended';
  return at >= campaign.startsAt ? 'running' : 'scheduled';
}
