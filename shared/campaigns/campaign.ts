import '../config/zod-messages';
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { conditionSchema } from '../alerts/alert-rule';
import { holds } from '../alerts/evaluate-rule';
import type { Customer } from '../domain/customer';
import { type CanonicalEvent, goalEventTypes } from '../events/contracts';
import { segmentNames } from '../scoring/rfm';

const dateTime = z.iso.datetime({ offset: true });

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
    destinations: z
      .array(z.string().check(z.regex(/^[0-9A-Za-z_-]{1,64}$/, 'not a destination id')))
      .check(z.minLength(1), z.maxLength(10)),
  })
  .check(
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
