import { describe, expect, it } from 'vitest';
import { channelRegistry } from '../../../shared/channels/channel-registry';
import { shopifyChannel } from '../../../shared/channels/shopify/shopify-channel';
import { storefrontChannel } from '../../../shared/channels/storefront/storefront-channel';
import { receiveWebhook } from '../../../shared/ingest/receive-webhook';
import { fixture, webhookRequest } from '../../helpers/channel-fixtures';
import { platformRequests } from '../../helpers/channel-traffic';
import { inMemoryReceiverDeps } from '../../helpers/in-memory-receiver-deps';
import { testChannelSecrets } from '../../helpers/receiver-deps';

const leak = 'pii.leak@example.com';
const build = platformRequests(testChannelSecrets);
const asRaw = (request: ReturnType<typeof build.shopify>) =>
  webhookRequest(request.path.split('/').pop() ?? '', request.body ?? Buffer.alloc(0), request.headers);

describe('quarantine reasons', () => {
  it.each([
    ['a Shopify total', 'total_price'],
    ['a Shopify currency', 'currency'],
  ])('name the field and the rule of %s that does not validate, never its value', async (_label, field) => {
    // Prepare
    const order = JSON.parse(fixture('shopify', 'orders_create.json').toString('utf8'));
    order[field] = leak;
    if (field === 'total_price') order.total_price_set = undefined;
    const deps = inMemoryReceiverDeps();

    // Act
    const result = await receiveWebhook(
      deps,
      shopifyChannel,
      asRaw(build.shopify('leak', 'orders/create', Buffer.from(JSON.stringify(order)))),
    );

    // Assess
    expect(result.kind).toBe('quarantined');
    const [kept] = deps.records.quarantined();
    expect(kept?.reason.length).toBeGreaterThan(0);
    expect(kept?.reason).not.toContain(leak);
    expect(JSON.stringify((deps.log as unknown as { lines: unknown[] }).lines)).not.toContain(leak);
  });

  it('keep only the error name when a reader throws something of its own', async () => {
    const deps = inMemoryReceiverDeps();
    const event = { id: 'evt_1', type: 'order.upserted', occurredAt: new Date().toISOString(), order: leak };
    const result = await receiveWebhook(
      deps,
      storefrontChannel,
      asRaw(build.storefront('leak', event, new Date())),
    );
    expect(result.kind).toBe('quarantined');
    expect(deps.records.quarantined()[0]?.reason).not.toContain(leak);
  });
});

describe('deeply nested JSON', () => {
  it('is quarantined as nested too deep, not called "not JSON"', async () => {
    const deps = inMemoryReceiverDeps();
    const body = Buffer.from(`${'['.repeat(3000)}${']'.repeat(3000)}`);
    const result = await receiveWebhook(
      deps,
      shopifyChannel,
      asRaw(build.shopify('deep', 'orders/create', body)),
    );
    expect(result).toMatchObject({ kind: 'quarantined', reason: 'body is nested deeper than 256 levels' });
  });
});

describe('a fact whose event breaks its contract', () => {
  it('is quarantined with the body, naming the path and the rule, instead of answered 400 and lost', async () => {
    // Prepare: Telegram says the message was sent in the year 10000.
    const update = JSON.parse(fixture('telegram', 'update_message_text.json').toString('utf8'));
    update.message.date = 253_402_300_800;
    update.message.text = leak;
    const deps = inMemoryReceiverDeps();
    const request = build.telegram('far future', update);

    // Act
    const result = await receiveWebhook(
      deps,
      channelRegistry.telegram,
      webhookRequest('telegram', request.body ?? Buffer.alloc(0), request.headers),
    );

    // Assess
    expect(result).toMatchObject({
      kind: 'quarantined',
      reason: expect.stringContaining('breaks the event contract'),
    });
    expect(deps.records.quarantined()[0]?.reason).not.toContain(leak);
  });
});

describe('reasons from schemas', () => {
  it('name the rule in English, not just "Invalid input"', async () => {
    const deps = inMemoryReceiverDeps();
    const request = build.telegram('not an update', [1, 2, 3]);
    const result = await receiveWebhook(
      deps,
      channelRegistry.telegram,
      webhookRequest('telegram', request.body ?? Buffer.alloc(0), request.headers),
    );
    expect(result).toMatchObject({ kind: 'quarantined', reason: expect.stringContaining('expected object') });
  });
});
