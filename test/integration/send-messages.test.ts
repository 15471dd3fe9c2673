import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resendWaitingMessages } from '../../functions/resend-waiting-messages/resend-waiting-messages';
import { type SendMessageDeps, sendLeaseMs, sendMessage } from '../../functions/send-messages/send-message';
import { CustomerRepository } from '../../shared/customers/customer-repository';
import type { ConsentByPlatform } from '../../shared/outbound/consent';
import { ConsentRepository } from '../../shared/outbound/consent-repository';
import type { StoredConversation, StoredMessage } from '../../shared/outbound/conversation';
import { ConversationRepository, messageTime } from '../../shared/outbound/conversation-repository';
import type {
  OutboundPlatform,
  PlatformSender,
  SendOutcome,
  SendRequest,
} from '../../shared/outbound/platform-sender';
import { customerProfileKey } from '../../shared/store/keys';
import { createTestTable, partitionItems, type TestTable } from '../helpers/test-table';

let table: TestTable;
let conversations: ConversationRepository;
let consents: ConsentRepository;
let customers: CustomerRepository;

/** A platform that answers what it is told to, and records every request it gets. */
class ScriptedSender implements PlatformSender {
  readonly requests: SendRequest[] = [];
  constructor(
    readonly platform: OutboundPlatform,
    private readonly answers: SendOutcome[],
  ) {}
  async send(request: SendRequest): Promise<SendOutcome> {
    this.requests.push(request);
    return this.answers.shift() ?? { kind: 'sent', platformMessageId: `pm-${this.requests.length}` };
  }
}

let clock = new Date('2026-12-04T10:00:00.000Z');

function depsWith(
  sender: PlatformSender,
  failures: string[] = [],
): SendMessageDeps & {
  conversations: ConversationRepository;
} {
  return {
    conversations,
    consentOf: async (customerId) =>
      ((await customers.get(customerId)) as { consent?: ConsentByPlatform } | undefined)?.consent,
    recordConsent: (change) => consents.record(change),
    senderFor: async () => sender,
    humanAgentTag: false,
    campaignEnded: async () => false,
    reservePace: async (_platform, now) => now,
    now: () => clock,
    sleep: async (ms) => {
      clock = new Date(clock.getTime() + ms);
    },
    onOurFailure: (_platform, code) => failures.push(code),
  };
}

async function customerWithConversation(platform: OutboundPlatform, address: string, channel = 'meta') {
  const ownerId = ulid();
  await table.documentClient.send(
    new PutCommand({
      TableName: table.tableName,
      Item: { ...customerProfileKey(ownerId), type: 'customer', id: ownerId, createdAt: clock.toISOString() },
    }),
  );
  const conversationId = await conversations.recordInbound({
    ownerId,
    platform,
    address,
    channel,
    id: `in-${ownerId}`,
    at: new Date(clock.getTime() - 60_000).toISOString(),
    text: 'Where is my order?',
    customerName: 'Ana',
  });
  return { ownerId, conversationId };
}

async function queue(conversationId: string, text = 'It shipped today'): Promise<StoredMessage> {
  const conversation = (await conversations.get(conversationId)) as StoredConversation;
  const id = ulid(clock.getTime());
  const message: StoredMessage = {
    id,
    conversationId,
    direction: 'out',
    at: messageTime(id),
    text,
    status: 'queued',
    by: 'agent-1',
  };
  await conversations.post(conversation, message);
  return message;
}

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  conversations = new ConversationRepository(table.documentClient, table.tableName);
  consents = new ConsentRepository(table.documentClient, table.tableName);
  customers = new CustomerRepository(table.documentClient, table.tableName, 'USD');
});

afterAll(() => table.client.destroy());

describe('conversations', () => {
  it('opens one conversation per customer and address, keeps each inbound message once, and reopens a resolved one', async () => {
    // Prepare
    const { ownerId, conversationId } = await customerWithConversation('whatsapp', '14155550100');
    await conversations.change(conversationId, { status: 'resolved', assignee: 'agent-1' });
    const again = {
      ownerId,
      platform: 'whatsapp' as const,
      address: '14155550100',
      channel: 'meta',
      id: 'wamid.2',
      at: clock.toISOString(),
      text: 'Hello again',
    };

    // Act
    const first = await conversations.recordInbound(again);
    const redelivered = await conversations.recordInbound(again);

    // Assess
    expect(first).toBe(conversationId);
    expect(redelivered).toBe(conversationId);
    const conversation = await conversations.get(conversationId);
    expect(conversation).toMatchObject({
      status: 'open',
      assignee: 'agent-1',
      lastInboundAt: clock.toISOString(),
      preview: 'Hello again',
    });
    const messages = await conversations.messages(conversationId);
    expect(messages.map((message) => message.text)).toEqual(['Where is my order?', 'Hello again']);
  });

  it('does not move the window back for a late, older inbound message', async () => {
    // Prepare
    const { ownerId, conversationId } = await customerWithConversation('whatsapp', '14155550101');
    const before = await conversations.get(conversationId);

    // Act
    await conversations.recordInbound({
      ownerId,
      platform: 'whatsapp',
      address: '14155550101',
      channel: 'meta',
      id: 'wamid.old',
      at: '2026-11-01T00:00:00.000Z',
      text: 'old',
    });

    // Assess
    expect((await conversations.get(conversationId))?.lastInboundAt).toBe(before?.lastInboundAt);
    expect((await conversations.messages(conversationId)).map((message) => message.text)).toEqual([
      'old',
      'Where is my order?',
    ]);
  });
});

describe('ConversationRepository.open', () => {
  it('starts a conversation a person begins, once per address, with no window until the customer writes', async () => {
    // Prepare
    const ownerId = ulid();
    const start = {
      ownerId,
      platform: 'email' as const,
      address: 'ana@example.com',
      channel: 'rapport',
      at: clock.toISOString(),
    };

    // Act
    const first = await conversations.open(start);
    const again = await conversations.open({ ...start, at: new Date(clock.getTime() + 1000).toISOString() });

    // Assess
    expect(again).toEqual(first);
    expect(first).toMatchObject({ platform: 'email', address: 'ana@example.com', status: 'open' });
    expect(first.lastInboundAt).toBeUndefined();
    const listed = await conversations.list({ ownerIds: [ownerId] }, 10);
    expect(listed.items.map((item) => item.id)).toEqual([first.id]);
  });
});

describe('sendMessage', () => {
  it('sends a queued reply once, marks it sent with the platform id and puts message.sent on the timeline', async () => {
    // Prepare
    const { ownerId, conversationId } = await customerWithConversation('telegram', '4242', 'telegram');
    const message = await queue(conversationId);
    const sender = new ScriptedSender('telegram', [{ kind: 'sent', platformMessageId: '77' }]);
    const deps = depsWith(sender);

    // Act: the event arrives twice (EventBridge delivers at least once).
    const [first, second] = await Promise.all([
      sendMessage(deps, { conversationId, messageId: message.id }),
      sendMessage(deps, { conversationId, messageId: message.id }),
    ]);

    // Assess
    expect(sender.requests).toHaveLength(1);
    expect(sender.requests[0]).toMatchObject({
      messageId: message.id,
      to: '4242',
      content: { kind: 'text', text: 'It shipped today' },
    });
    expect([first.kind, second.kind].sort()).toEqual(['ignored', 'sent']);
    expect(await conversations.getMessage(conversationId, message.id)).toMatchObject({
      status: 'sent',
      platformMessageId: '77',
    });
    const timeline = (await partitionItems(table, `CUSTOMER#${ownerId}`)).filter(
      (item) => item.type === 'timeline',
    );
    expect(timeline.map((item) => item.event)).toEqual([
      expect.objectContaining({
        type: 'message.sent',
        id: `message.sent:${message.id}`,
        message: expect.objectContaining({
          id: message.id,
          platform: 'telegram',
          text: 'It shipped today',
          by: 'agent-1',
        }),
      }),
    ]);
  });

  it('applies status reports only forward: a late delivered after read changes nothing', async () => {
    // Prepare
    const { conversationId } = await customerWithConversation('whatsapp', '14155550102');
    const message = await queue(conversationId);
    await sendMessage(
      depsWith(new ScriptedSender('whatsapp', [{ kind: 'sent', platformMessageId: 'wamid.X' }])),
      {
        conversationId,
        messageId: message.id,
      },
    );

    // Act
    const read = await conversations.applyStatus(
      conversationId,
      { platformMessageId: 'wamid.X' },
      'read',
      clock.toISOString(),
    );
    const lateDelivered = await conversations.applyStatus(
      conversationId,
      { platformMessageId: 'wamid.X' },
      'delivered',
      clock.toISOString(),
    );
    const lateFailed = await conversations.applyStatus(
      conversationId,
      { messageId: message.id },
      'failed',
      clock.toISOString(),
      {
        reason: 'late',
      },
    );

    // Assess
    expect([read, lateDelivered, lateFailed]).toEqual([true, false, false]);
    expect((await conversations.getMessage(conversationId, message.id))?.status).toBe('read');
  });

  it('keeps a status a callback reported before the platform answered, and still records the send', async () => {
    // Prepare: WhatsApp's delivered callback (carrying Rapport's id) wins the race against markSent.
    const { ownerId, conversationId } = await customerWithConversation('whatsapp', '14155550103');
    const message = await queue(conversationId);
    const racing: PlatformSender = {
      platform: 'whatsapp',
      send: async () => {
        await conversations.applyStatus(
          conversationId,
          { messageId: message.id },
          'delivered',
          clock.toISOString(),
        );
        return { kind: 'sent', platformMessageId: 'wamid.R' };
      },
    };

    // Act
    const result = await sendMessage(depsWith(racing), { conversationId, messageId: message.id });

    // Assess
    expect(result.kind).toBe('sent');
    expect(await conversations.getMessage(conversationId, message.id)).toMatchObject({
      status: 'delivered',
      platformMessageId: 'wamid.R',
    });
    const timeline = (await partitionItems(table, `CUSTOMER#${ownerId}`)).filter(
      (item) => item.type === 'timeline',
    );
    expect(timeline.map((item) => item.event.type)).toEqual(['message.sent']);
  });

  it('fails for good with the platform code and records the opt-out the platform reported', async () => {
    // Prepare
    const { ownerId, conversationId } = await customerWithConversation('sms', '+14155550104', 'twilio');
    const message = await queue(conversationId);
    const sender = new ScriptedSender('sms', [
      { kind: 'failed', code: '21610', reason: 'The customer replied STOP', ours: false, optedOut: true },
    ]);

    // Act
    const result = await sendMessage(depsWith(sender), { conversationId, messageId: message.id });
    const next = await queue(conversationId, 'Are you there?');
    const refused = await sendMessage(depsWith(sender), { conversationId, messageId: next.id });

    // Assess
    expect(result).toEqual({ kind: 'failed', code: '21610', reason: 'The customer replied STOP' });
    expect(await conversations.getMessage(conversationId, message.id)).toMatchObject({
      status: 'failed',
      errorCode: '21610',
      error: 'The customer replied STOP',
    });
    const profile = await customers.get(ownerId);
    expect((profile as { consent?: ConsentByPlatform }).consent?.sms).toMatchObject({
      status: 'denied',
      source: 'sms error 21610',
    });
    expect(refused).toMatchObject({ kind: 'failed', code: 'opted_out' });
    expect(sender.requests).toHaveLength(1);
  });

  it('alarms a failure of ours, such as a platform that is not configured', async () => {
    // Prepare
    const { conversationId } = await customerWithConversation('line', 'U123', 'line');
    const message = await queue(conversationId);
    const failures: string[] = [];
    const sender = new ScriptedSender('line', [
      {
        kind: 'failed',
        code: 'not_configured',
        reason: 'LINE is not configured: set LINE_CHANNEL_ACCESS_TOKEN',
        ours: true,
      },
    ]);

    // Act
    await sendMessage(depsWith(sender, failures), { conversationId, messageId: message.id });

    // Assess
    expect(failures).toEqual(['not_configured']);
    expect((await conversations.getMessage(conversationId, message.id))?.error).toBe(
      'LINE is not configured: set LINE_CHANNEL_ACCESS_TOKEN',
    );
  });

  it('waits out a long Retry-After on the due-date index and sends when the sweep finds it due', async () => {
    // Prepare
    const { conversationId } = await customerWithConversation('telegram', '4343', 'telegram');
    const message = await queue(conversationId);
    const sender = new ScriptedSender('telegram', [
      { kind: 'retry', reason: '429 Too Many Requests: retry after 120', retryAfterMs: 120_000 },
      { kind: 'sent', platformMessageId: '99' },
    ]);
    const deps = depsWith(sender);

    // Act
    const first = await sendMessage(deps, { conversationId, messageId: message.id });
    const tooEarly = await resendWaitingMessages(deps);
    clock = new Date(clock.getTime() + 121_000);
    const due = await resendWaitingMessages(deps);

    // Assess
    expect(first).toMatchObject({ kind: 'waiting' });
    expect(tooEarly.filter((result) => result.kind === 'sent')).toEqual([]);
    expect(due).toContainEqual({ kind: 'sent', attempts: 2, platformMessageId: '99' });
    expect(sender.requests).toHaveLength(2);
    expect(await conversations.getMessage(conversationId, message.id)).toMatchObject({
      status: 'sent',
      platformMessageId: '99',
    });
  });

  it('fails a message whose sending invocation died, rather than risk a second copy on a platform without an idempotency key', async () => {
    // Prepare: an invocation claimed the message and never came back.
    const { conversationId } = await customerWithConversation('whatsapp', '14155550105');
    const message = await queue(conversationId);
    await conversations.claim(message, clock, sendLeaseMs);
    const sender = new ScriptedSender('whatsapp', []);
    const deps = depsWith(sender);

    // Act
    const whileHeld = await resendWaitingMessages(deps);
    clock = new Date(clock.getTime() + sendLeaseMs + 1000);
    const afterLease = await resendWaitingMessages(deps);

    // Assess
    expect(whileHeld.filter((result) => result.kind !== 'ignored')).toEqual([]);
    expect(afterLease).toContainEqual(expect.objectContaining({ kind: 'failed', code: 'answer_lost' }));
    expect(sender.requests).toEqual([]);
  });

  it('sends again a message whose invocation died on LINE, whose retry key makes a repeat safe', async () => {
    // Prepare
    const { conversationId } = await customerWithConversation('line', 'U999', 'line');
    const message = await queue(conversationId);
    await conversations.claim(message, clock, sendLeaseMs);
    const sender = new ScriptedSender('line', [{ kind: 'sent', platformMessageId: 'L1' }]);
    clock = new Date(clock.getTime() + sendLeaseMs + 1000);

    // Act
    const results = await resendWaitingMessages(depsWith(sender));

    // Assess
    expect(results).toContainEqual({ kind: 'sent', attempts: 2, platformMessageId: 'L1' });
    expect(sender.requests).toHaveLength(1);
  });

  it('refuses at send time free text whose window closed while it waited', async () => {
    // Prepare
    const { conversationId } = await customerWithConversation('whatsapp', '14155550106');
    const message = await queue(conversationId);
    const sender = new ScriptedSender('whatsapp', []);
    clock = new Date(clock.getTime() + 25 * 3600_000);

    // Act
    const result = await sendMessage(depsWith(sender), { conversationId, messageId: message.id });

    // Assess
    expect(result).toMatchObject({ kind: 'failed', code: 'window_closed' });
    expect(sender.requests).toEqual([]);
  });
});

describe('ConsentRepository', () => {
  it('keeps the newest statement per platform and writes consent.changed once per source event', async () => {
    // Prepare
    const { ownerId } = await customerWithConversation('sms', '+14155550107', 'twilio');
    const stop = { status: 'denied' as const, at: '2026-12-04T09:00:00.000Z', source: 'sms keyword STOP' };
    const start = { status: 'granted' as const, at: '2026-12-04T09:05:00.000Z', source: 'sms keyword START' };

    // Act
    const results = [
      await consents.record({
        customerId: ownerId,
        platform: 'sms',
        consent: start,
        channel: 'twilio',
        sourceId: 'SM2',
      }),
      await consents.record({
        customerId: ownerId,
        platform: 'sms',
        consent: stop,
        channel: 'twilio',
        sourceId: 'SM1',
      }),
      await consents.record({
        customerId: ownerId,
        platform: 'sms',
        consent: start,
        channel: 'twilio',
        sourceId: 'SM2',
      }),
    ];

    // Assess: the STOP arrived late and is older than the START already recorded.
    expect(results).toEqual([true, false, false]);
    const profile = (await customers.get(ownerId)) as { consent?: ConsentByPlatform };
    expect(profile.consent?.sms).toMatchObject({ status: 'granted', source: 'sms keyword START' });
    const events = (await partitionItems(table, `CUSTOMER#${ownerId}`))
      .filter((item) => item.type === 'timeline')
      .map((item) => item.event);
    expect(events).toEqual([
      expect.objectContaining({ type: 'consent.changed', consent: 'granted', platform: 'sms' }),
    ]);
  });
});
