import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunCampaignsDeps, runCampaigns } from '../../functions/run-campaigns/run-campaigns';
import { type SendMessageDeps, sendMessage } from '../../functions/send-messages/send-message';
import { AlertConfigCache } from '../../shared/alerts/alert-config-cache';
import { AlertConfigRepository } from '../../shared/alerts/alert-config-repository';
import { AlertRepository } from '../../shared/alerts/alert-repository';
import { createAlertTransports } from '../../shared/alerts/alert-transports';
import { type Campaign, campaignSchema } from '../../shared/campaigns/campaign';
import { campaignEventDeps } from '../../shared/campaigns/campaign-event-deps';
import { CampaignRepository } from '../../shared/campaigns/campaign-repository';
import { campaignMessageId } from '../../shared/campaigns/message-member';
import { metaChannel } from '../../shared/channels/meta/meta-channel';
import { shopifyChannel } from '../../shared/channels/shopify/shopify-channel';
import { twilioChannel } from '../../shared/channels/twilio/twilio-channel';
import { CustomerGroupRepository } from '../../shared/customers/customer-group-repository';
import { CustomerRepository } from '../../shared/customers/customer-repository';
import type { CanonicalEvent, EventOf } from '../../shared/events/contracts';
import { targetsFor } from '../../shared/events/routing-table';
import { receiveWebhook } from '../../shared/ingest/receive-webhook';
import type { ConsentByPlatform } from '../../shared/outbound/consent';
import { ConversationRepository } from '../../shared/outbound/conversation-repository';
import type { PlatformSender, SendRequest } from '../../shared/outbound/platform-sender';
import { identityWorld } from '../helpers/identity-world';
import { recordingLogger } from '../helpers/receiver-deps';
import { shopifyOrderFor, shopifyRequest } from '../helpers/shopify-requests';
import { metaRequest, twilioRequest, whatsappText } from '../helpers/signed-requests';
import { createTestTable, type TestTable } from '../helpers/test-table';

let table: TestTable;
let world: ReturnType<typeof identityWorld>;
let run: RunCampaignsDeps;
let campaigns: CampaignRepository;
let conversations: ConversationRepository;
const sent: SendRequest[] = [];
const consumed = new Set<string>();

/** The platform: accepts every message, with its own id. */
const platform: PlatformSender = {
  platform: 'whatsapp',
  send: async (request) => {
    sent.push(request);
    return { kind: 'sent', platformMessageId: `pm.${request.messageId}` };
  },
};

function sendDeps(): SendMessageDeps {
  const customers = new CustomerRepository(table.documentClient, table.tableName, 'USD');
  return {
    conversations,
    consentOf: async (customerId) =>
      ((await customers.get(customerId)) as { consent?: ConsentByPlatform } | undefined)?.consent,
    recordConsent: async () => true,
    senderFor: async () => platform,
    humanAgentTag: false,
    campaignEnded: async () => false,
    reservePace: async (_platform, now) => now,
    now: () => new Date(),
    sleep: async () => {},
    onOurFailure: () => {},
  };
}

/** Relays the table and runs the campaign consumer and the sender on what the bus would route to them. */
async function settle(): Promise<CanonicalEvent[]> {
  const seen: CanonicalEvent[] = [];
  for (let round = 0; round < 10; round += 1) {
    await world.settle();
    const fresh = world.published.filter((event) => !consumed.has(event.id));
    if (fresh.length === 0) break;
    for (const event of fresh) {
      consumed.add(event.id);
      seen.push(event);
      const targets = targetsFor(event.type);
      if (targets.includes('campaigns')) await runCampaigns(run, event);
      if (targets.includes('send') && event.type === 'message.queued')
        await sendMessage(sendDeps(), {
          conversationId: event.message.conversationId,
          messageId: event.message.id,
        });
    }
  }
  return seen;
}

async function customerIdOf(kind: string, value: string): Promise<string> {
  const owner = await world.api.identities.findOwners([{ kind: kind as 'phone', value }]);
  const id = owner.get(`${kind}:${value}`);
  if (!id) throw new Error(`no customer holds ${kind}:${value}`);
  return id;
}

const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  world = identityWorld(table);
  campaigns = new CampaignRepository(table.documentClient, table.tableName);
  conversations = new ConversationRepository(table.documentClient, table.tableName);
  const log = recordingLogger();
  run = {
    config: new AlertConfigCache(new AlertConfigRepository(table.documentClient, table.tableName)),
    groups: new CustomerGroupRepository(table.documentClient, table.tableName),
    alerts: new AlertRepository(table.documentClient, table.tableName),
    transports: createAlertTransports({
      ALLOW_LOOPBACK_DESTINATIONS: true,
      ALERT_EMAIL_FROM: '',
      SES_CONFIGURATION_SET: '',
      EMAIL_OUTBOX_DIR: '',
    }),
    allowance: { take: async () => true },
    clock: { now: () => new Date(), sleep: async () => {}, random: () => 0.5 },
    policy: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 10, budgetMs: 1000 },
    ...campaignEventDeps(
      table.documentClient,
      { TABLE_NAME: table.tableName, BASE_CURRENCY: 'USD', CURRENCY_RATES: '' },
      log,
    ),
    conversations,
  } as RunCampaignsDeps;
  // Ana and Ben wrote on WhatsApp; Cleo texted, then sent STOP; Dan only ordered (an email, no phone).
  for (const [waId, name] of [
    ['447700900101', 'Ana Lima'],
    ['447700900102', 'Ben'],
  ] as const) {
    await receiveWebhook(
      world.receiver,
      metaChannel,
      metaRequest(whatsappText(waId, `wamid.in.${waId}`, 'Hi', String(now()), name)),
    );
  }
  await receiveWebhook(
    world.receiver,
    twilioChannel,
    twilioRequest({ MessageSid: 'SMcleo1', From: '+447700900103', To: '+447700900999', Body: 'Hello' }),
  );
  await receiveWebhook(
    world.receiver,
    twilioChannel,
    twilioRequest({ MessageSid: 'SMcleo2', From: '+447700900103', To: '+447700900999', Body: 'STOP' }),
  );
  await receiveWebhook(
    world.receiver,
    shopifyChannel,
    shopifyRequest('orders/create', shopifyOrderFor(91_001, 91_001)),
  );
  await settle();
}, 120_000);

afterAll(() => table.client.destroy());

async function startCampaign(name: string): Promise<Campaign> {
  const definition = campaignSchema.parse({
    name,
    audience: { if: [{ path: 'customer.stats.messages', op: 'gte', value: 0 }] },
    holdoutPercent: 50,
    endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    goal: { on: 'order.placed', withinDays: 14 },
    message: {
      platforms: ['whatsapp', 'sms'],
      template: { name: 'winback', language: 'en_US', parameters: ['{{customer.firstName|there}}'] },
      text: 'Hi {{customer.firstName|there}}, 10% off this week: WELCOME10',
    },
  });
  const campaign: Campaign = {
    ...definition,
    id: `cmp_${name}`,
    createdAt: new Date().toISOString(),
    startsAt: new Date().toISOString(),
    status: 'running',
    enrolment: { done: true, scanned: 0 },
  };
  await campaigns.create(campaign);
  return campaign;
}

describe('campaign messages', () => {
  it('messages treatment members once on the first platform they can be reached on, never the control, and records both groups’ eligibility', async () => {
    // Prepare
    const campaign = await startCampaign('winback');
    const ana = await customerIdOf('whatsapp', '447700900101');
    const ben = await customerIdOf('whatsapp', '447700900102');
    const cleo = await customerIdOf('phone', '+447700900103');
    const dan = await customerIdOf('email', 'c91001@example.com');
    const enrolledAt = new Date();

    // Act: Ana, Cleo, Dan in the treatment; Ben in the control. The enrolment events come twice.
    await campaigns.enrol(campaign, ana, 'treatment', enrolledAt);
    await campaigns.enrol(campaign, cleo, 'treatment', enrolledAt);
    await campaigns.enrol(campaign, dan, 'treatment', enrolledAt);
    await campaigns.enrol(campaign, ben, 'control', enrolledAt);
    const events = await settle();
    for (const event of events.filter((event) => event.type === 'campaign.enrolled'))
      await runCampaigns(run, event);
    await settle();

    // Assess: Ana got one WhatsApp template (a business-initiated marketing message) with her first name.
    const toAna = sent.filter((request) => request.to === '447700900101');
    expect(toAna).toHaveLength(1);
    expect(toAna[0]).toMatchObject({
      messageId: campaignMessageId(
        campaign.id,
        ana,
        new Date((await campaigns.getMember(ana, campaign.id))?.enrolledAt as string),
      ),
      platform: 'whatsapp',
      content: { kind: 'template', name: 'winback', parameters: ['Ana'] },
    });
    expect(sent.some((request) => request.to === '447700900102')).toBe(false);
    const member = async (id: string) =>
      (await campaigns.getMember(id, campaign.id)) as unknown as { delivery: Record<string, unknown> };
    expect((await member(ana)).delivery).toMatchObject({ status: 'sent', platform: 'whatsapp' });
    expect((await member(cleo)).delivery).toMatchObject({ status: 'skipped', reason: 'optedOut' });
    expect((await member(dan)).delivery).toMatchObject({ status: 'skipped', reason: 'noChannel' });
    expect((await member(ben)).delivery).toMatchObject({
      status: 'not_sent',
      wouldBe: 'sent',
      platform: 'whatsapp',
    });
    const counts = await campaigns.deliveryCounts(campaign.id);
    expect(counts.treatment).toEqual({
      sent: 1,
      delivered: 0,
      read: 0,
      failed: 0,
      skipped: { optedOut: 1, noChannel: 1, capped: 0 },
    });
    expect(counts.control.skipped).toEqual({ optedOut: 0, noChannel: 0, capped: 0 });
  });

  it('counts delivered and read once each, whatever order and how often the platform reports them', async () => {
    // Prepare
    const campaign = await startCampaign('restock');
    const ana = await customerIdOf('whatsapp', '447700900101');
    await campaigns.enrol(campaign, ana, 'treatment', new Date());
    await settle();
    const delivery = (
      (await campaigns.getMember(ana, campaign.id)) as unknown as {
        delivery: { messageId: string; conversationId: string; status: string };
      }
    ).delivery;

    // Act: read before delivered, each twice.
    for (const status of ['read', 'delivered', 'read', 'delivered'] as const)
      await conversations.applyStatus(
        delivery.conversationId,
        { messageId: delivery.messageId },
        status,
        new Date().toISOString(),
      );
    await settle();

    // Assess: the frequency cap does not apply (none set); the funnel counts Ana once at every step.
    expect(delivery.status).toBe('sent');
    expect((await campaigns.deliveryCounts(campaign.id)).treatment).toMatchObject({
      sent: 1,
      delivered: 1,
      read: 1,
      failed: 0,
    });
  });

  it('skips a member a campaign messaged within the frequency cap', async () => {
    // Prepare: Ana was messaged by the campaigns above moments ago.
    const definition = await startCampaign('capped');
    const campaign = { ...definition, id: 'cmp_capped2', frequencyCapHours: 24 };
    await campaigns.create(campaign);
    const ana = await customerIdOf('whatsapp', '447700900101');

    // Act
    await campaigns.enrol(campaign, ana, 'treatment', new Date());
    await settle();

    // Assess
    const member = (await campaigns.getMember(ana, campaign.id)) as unknown as {
      delivery: Record<string, unknown>;
    };
    expect(member.delivery).toMatchObject({ status: 'skipped', reason: 'capped' });
    expect((await campaigns.deliveryCounts(campaign.id)).treatment.skipped.capped).toBe(1);
  });
});

void ({} as EventOf<'campaign.enrolled'>);
