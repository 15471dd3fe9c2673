import { createHash } from 'node:crypto';
import { encodeTime } from 'ulid';
import type { CustomerGroup, CustomerItem } from '../customers/customer-item';
import { customerFromGroup, groupConsent, identitiesOf } from '../customers/customer-item';
import type { ConsentByPlatform } from '../outbound/consent';
import type { StoredConversation, StoredMessage } from '../outbound/conversation';
import type { ConversationRepository } from '../outbound/conversation-repository';
import { messageTime } from '../outbound/conversation-repository';
import { addressIdentityKind } from '../outbound/conversation-thread';
import type { OutboundPlatform } from '../outbound/platform-sender';
import type { Campaign, CampaignGroup } from './campaign';
import type { CampaignRepository } from './campaign-repository';
import type { MemberDelivery } from './member-delivery';
import { planCampaignMessage } from './plan-campaign-message';

/** What messaging a member needs: the member's record, its conversations and the profile's cap time. */
export interface MessageMemberDeps {
  campaigns: Pick<CampaignRepository, 'recordDeliveryPlan' | 'markMessaged'>;
  conversations: Pick<ConversationRepository, 'find' | 'open' | 'post'>;
  baseCurrency: string;
}

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The id of a campaign's message to one member: a ULID whose time is the enrolment and whose
 * other 80 bits come from the campaign and the customer, so every attempt to write it (a
 * redelivered event, a retried invocation) writes the same item, and the member is messaged once.
 *
 * @example
 * campaignMessageId('cmp_1', '01JCUST', new Date('2026-12-04T10:00:00Z')); // '01JEB…' (same every time)
 */
export function campaignMessageId(campaignId: string, customerId: string, enrolledAt: Date): string {
  const digest = createHash('sha256').update(`${campaignId}:${customerId}`).digest();
  let random = '';
  for (let index = 0; index < 16; index += 1) random += crockford[(digest[index] as number) % 32];
  return `${encodeTime(enrolledAt.getTime(), 10)}${random}`;
}

/**
 * The message step for one enrolled member, treatment or control alike: the same rules decide
 * (`planCampaignMessage`: platform, consent for marketing, window, cap, quiet hours), and the
 * decision is recorded on the member, so both groups are compared on the same eligibility. A
 * treatment member's message is then written into its conversation as a queued (or, through quiet
 * hours, waiting) out message with an id fixed by the campaign and the customer: the send path
 * (`send-messages`) sends it exactly once, paced, and reports its statuses back to the member. A
 * control member is never messaged.
 *
 * @example
 * await messageMember(deps, { campaign, group: 'treatment', customerId, customerGroup, enrolledAt, now });
 */
export async function messageMember(
  deps: MessageMemberDeps,
  input: {
    campaign: Campaign & { message: NonNullable<Campaign['message']> };
    group: CampaignGroup;
    customerId: string;
    customerGroup: CustomerGroup;
    enrolledAt: Date;
    now: Date;
  },
): Promise<MemberDelivery> {
  const { campaign, customerGroup, now } = input;
  const profiles = [customerGroup.survivor, ...customerGroup.members];
  const customer = customerFromGroup(customerGroup, deps.baseCurrency);
  const conversations = await conversationsOf(deps, profiles, campaign.message.platforms);
  const lastCampaignMessageAt = profiles
    .map((profile) => (profile as { lastCampaignMessageAt?: string }).lastCampaignMessageAt)
    .filter((at): at is string => Boolean(at))
    .sort()
    .at(-1);
  const plan = planCampaignMessage({
    campaign,
    customer,
    consent: groupConsent(profiles) as ConsentByPlatform | undefined,
    ...(lastCampaignMessageAt ? { lastCampaignMessageAt } : {}),
    conversationsByPlatform: Object.fromEntries(
      [...conversations].map(([platform, conversation]) => [
        platform,
        conversation.lastInboundAt ? { lastInboundAt: conversation.lastInboundAt } : {},
      ]),
    ),
    now,
  });

  if (input.group === 'control') {
    const delivery: MemberDelivery =
      plan.kind === 'skip'
        ? { status: 'not_sent', wouldBe: 'skipped', reason: plan.reason }
        : { status: 'not_sent', wouldBe: 'sent', platform: plan.platform };
    await deps.campaigns.recordDeliveryPlan(input.customerId, campaign.id, 'control', delivery);
    return delivery;
  }
  if (plan.kind === 'skip') {
    const delivery: MemberDelivery = { status: 'skipped', reason: plan.reason };
    await deps.campaigns.recordDeliveryPlan(input.customerId, campaign.id, 'treatment', delivery);
    return delivery;
  }

  const owner = ownerOf(profiles, plan.platform, plan.address) ?? customerGroup.survivor;
  const conversation =
    conversations.get(plan.platform) ??
    (await deps.conversations.open({
      ownerId: owner.id,
      platform: plan.platform,
      address: plan.address,
      channel: 'rapport',
      at: now.toISOString(),
      ...(customer.name ? { customerName: customer.name } : {}),
    }));
  const id = campaignMessageId(campaign.id, input.customerId, input.enrolledAt);
  const delivery: MemberDelivery = {
    status: plan.kind === 'hold' ? 'held' : 'queued',
    platform: plan.platform,
    messageId: id,
    conversationId: conversation.id,
  };
  // Decided first, then written: both are idempotent, so a retry after a crash between them completes it.
  await deps.campaigns.recordDeliveryPlan(input.customerId, campaign.id, 'treatment', delivery);
  const message: StoredMessage = {
    id,
    conversationId: conversation.id,
    direction: 'out',
    at: messageTime(id),
    status: 'queued',
    by: `campaign:${campaign.name}`,
    campaignId: campaign.id,
    campaignMemberId: input.customerId,
    ...(plan.content.kind === 'text'
      ? { text: plan.content.text }
      : {
          template: {
            name: plan.content.name,
            language: plan.content.language,
            parameters: [...plan.content.parameters],
          },
        }),
    ...(plan.subject ? { subject: plan.subject } : {}),
    ...(plan.kind === 'hold' ? { sendState: 'waiting' as const, nextAttemptAt: plan.until } : {}),
  };
  await postOnce(deps, conversation, message);
  await deps.campaigns.markMessaged(owner.id, now.toISOString());
  return delivery;
}

/** Writes the message unless it is there already (a redelivered enrolment). */
async function postOnce(deps: MessageMemberDeps, conversation: StoredConversation, message: StoredMessage) {
  try {
    await deps.conversations.post(conversation, message);
  } catch (error) {
    const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
    if (reasons?.[0]?.Code !== 'ConditionalCheckFailed') throw error;
  }
}

/** The conversation each platform of the campaign already has with this person, if any. */
async function conversationsOf(
  deps: MessageMemberDeps,
  profiles: ReadonlyArray<CustomerItem>,
  platforms: ReadonlyArray<OutboundPlatform>,
): Promise<Map<OutboundPlatform, StoredConversation>> {
  const found = new Map<OutboundPlatform, StoredConversation>();
  await Promise.all(
    platforms.map(async (platform) => {
      for (const profile of profiles) {
        for (const identity of identitiesOf(profile)) {
          if (identity.kind !== addressIdentityKind[platform]) continue;
          const conversation = await deps.conversations.find(profile.id, platform, identity.value);
          if (conversation && !found.has(platform)) found.set(platform, conversation);
        }
      }
    }),
  );
  return found;
}

function ownerOf(profiles: ReadonlyArray<CustomerItem>, platform: OutboundPlatform, address: string) {
  return profiles.find((profile) =>
    identitiesOf(profile).some(
      (identity) => identity.kind === addressIdentityKind[platform] && identity.value === address,
    ),
  );
}
