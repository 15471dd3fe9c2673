import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import type { ChannelAdapter } from '../../shared/channels/channel-adapter';
import { channelRegistry } from '../../shared/channels/channel-registry';
import { factLimits } from '../../shared/domain/fact-limits';
import type { CanonicalEvent } from '../../shared/events/contracts';
import { receiveWebhook } from '../../shared/ingest/receive-webhook';
import { fixture, webhookRequest } from '../helpers/channel-fixtures';
import { type PlatformRequest, platformRequests } from '../helpers/channel-traffic';
import { receiverDepsFor, testChannelSecrets } from '../helpers/receiver-deps';
import { whatsappText } from '../helpers/signed-requests';
import { createTestTable, identityOwner, partitionItems } from '../helpers/test-table';

// 300 KB of text: alone it would push a timeline item over DynamoDB's 400 KB limit.
const huge = 'Ünïcödé text, very long. '.repeat(12_000);
const hugeBytes = Buffer.byteLength(huge, 'utf8');
const now = new Date('2026-11-23T10:00:00.000Z');
const seconds = Math.floor(now.getTime() / 1000);
const build = platformRequests(testChannelSecrets, 'https://crm.example.com');
const json = (platform: string, name: string) => JSON.parse(fixture(platform, name).toString('utf8'));

const telegramUpdate = json('telegram', 'update_message_text.json');
telegramUpdate.message.text = huge;
const xDm = json('x', 'direct_message_event_message_create_adapted.json');
xDm.message_create.message_data.text = huge;
xDm.created_timestamp = String(now.getTime());

const messages: Array<[string, PlatformRequest]> = [
  ['meta', build.meta('WhatsApp', whatsappText('14155550123', 'wamid.HUGE', huge, String(seconds)))],
  ['telegram', build.telegram('Telegram', telegramUpdate)],
  [
    'line',
    build.line('LINE', {
      destination: 'U1',
      events: [
        {
          type: 'message',
          mode: 'active',
          timestamp: now.getTime(),
          webhookEventId: '01HUGE',
          deliveryContext: { isRedelivery: false },
          source: { type: 'user', userId: 'U206d25c2ea6bd87c17655609a1c37cb8' },
          message: { id: '9001', type: 'text', text: huge },
        },
      ],
    }),
  ],
  [
    'wechat',
    build.wechat(
      'WeChat',
      `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName><CreateTime>${seconds}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${huge}]]></Content><MsgId>9002</MsgId></xml>`,
      now,
      false,
    ),
  ],
  [
    'twilio',
    build.twilio('SMS', { MessageSid: 'SMHUGE', From: '+14155550123', To: '+12028831111', Body: huge }),
  ],
  ['x', build.x('X DM', { for_user_id: '1234858592', direct_message_events: [xDm], users: {} })],
];

function toRaw(channel: string, request: PlatformRequest) {
  const [path = '', query = ''] = request.path.split('?');
  return {
    ...webhookRequest(
      channel,
      request.body ?? Buffer.alloc(0),
      request.headers,
      Object.fromEntries(new URLSearchParams(query)),
    ),
    path,
    rawQuery: query,
  };
}

describe('signed, well-formed deliveries with oversized content', () => {
  it.each(messages)(
    '%s: a 300 KB message text is stored, trimmed with a marker and its full size',
    async (channel, request) => {
      // Prepare
      const table = await createTestTable(inject('dynamoEndpoint'));
      const deps = receiverDepsFor(table, { now: () => now });

      // Act
      const result = await receiveWebhook(
        deps,
        channelRegistry[channel as keyof typeof channelRegistry] as ChannelAdapter,
        toRaw(channel, request),
      );

      // Assess
      expect(result.kind).toBe('stored');
      const stored = (
        await table.documentClient.send(
          new ScanCommand({
            TableName: table.tableName,
            FilterExpression: '#type = :timeline',
            ExpressionAttributeNames: { '#type': 'type' },
            ExpressionAttributeValues: { ':timeline': 'timeline' },
          }),
        )
      ).Items?.[0]?.event as CanonicalEvent & { message: { text: string; originalTextBytes?: number } };
      expect(Buffer.byteLength(stored.message.text, 'utf8')).toBeLessThanOrEqual(factLimits.messageTextBytes);
      expect(stored.message.text.startsWith(huge.slice(0, 1000))).toBe(true);
      expect(stored.message.text).toContain(`[trimmed by Rapport: ${hugeBytes} bytes in all]`);
      expect(stored.message.originalTextBytes).toBe(hugeBytes);
    },
  );

  it('a customer with a 300 KB name is stored with the name trimmed, and every identity claim has its profile', async () => {
    // Prepare
    const table = await createTestTable(inject('dynamoEndpoint'));
    const deps = receiverDepsFor(table, { now: () => now });
    const customer = { ...json('shopify', 'customers_create.json'), first_name: huge };

    // Act
    const result = await receiveWebhook(
      deps,
      channelRegistry.shopify,
      toRaw('shopify', build.shopify('customer', 'customers/create', Buffer.from(JSON.stringify(customer)))),
    );

    // Assess
    expect(result.kind).toBe('stored');
    const owner = await identityOwner(table, 'shopify', String(customer.id));
    expect(owner).toBeDefined();
    const [profile] = (await partitionItems(table, `CUSTOMER#${owner}`)).filter(
      (item) => item.sk === 'PROFILE',
    );
    expect(profile).toBeDefined();
    expect([...String(profile?.name ?? '')].length).toBeLessThanOrEqual(factLimits.nameCharacters);
  });

  it('a message whose id could not be a key is quarantined, naming the field and the rule', async () => {
    const table = await createTestTable(inject('dynamoEndpoint'));
    const deps = receiverDepsFor(table, { now: () => now });
    const request = build.meta(
      'WhatsApp',
      whatsappText('14155550123', `wamid.${'x'.repeat(5000)}`, 'hi', String(seconds)),
    );
    const result = await receiveWebhook(deps, channelRegistry.meta, toRaw('meta', request));
    expect(result).toMatchObject({
      kind: 'quarantined',
      reason: expect.stringContaining('longer than 256 characters'),
    });
  });
});

describe('a profile that cannot be written after its identities were claimed', () => {
  it('is written by the retry, under the customer the claims point at', async () => {
    // Prepare: the profile write fails once (as an oversized item did before limits existed).
    const table = await createTestTable(inject('dynamoEndpoint'));
    const healthy = receiverDepsFor(table, { now: () => now });
    let failures = 1;
    const customers = Object.create(healthy.customers) as typeof healthy.customers;
    const failOnce = () => {
      if (failures-- > 0)
        throw new Error('ValidationException: Item size has exceeded the maximum allowed size');
    };
    customers.recordFacts = async (...args) => {
      failOnce();
      return healthy.customers.recordFacts(...args);
    };
    customers.recordMessage = async (...args) => {
      failOnce();
      return healthy.customers.recordMessage(...args);
    };
    const deps = { ...healthy, customers };
    const request = toRaw(
      'meta',
      build.meta('WhatsApp', whatsappText('14155550177', 'wamid.REPAIR', 'hello', String(seconds))),
    );

    // Act
    await expect(receiveWebhook(deps, channelRegistry.meta, request)).rejects.toThrow('Item size');
    const owner = await identityOwner(table, 'whatsapp', '14155550177');
    const profileBefore = (await partitionItems(table, `CUSTOMER#${owner}`)).filter(
      (item) => item.sk === 'PROFILE',
    );
    const retried = await receiveWebhook(deps, channelRegistry.meta, request);

    // Assess
    expect(owner).toBeDefined();
    expect(profileBefore).toEqual([]);
    expect(retried.kind).toBe('stored');
    expect(await identityOwner(table, 'whatsapp', '14155550177')).toBe(owner);
    expect(await identityOwner(table, 'phone', '+14155550177')).toBe(owner);
    const [profile] = (await partitionItems(table, `CUSTOMER#${owner}`)).filter(
      (item) => item.sk === 'PROFILE',
    );
    expect(profile?.identityTexts).toBeDefined();
    expect(profile?.messageCount).toBe(1);
  });
});
