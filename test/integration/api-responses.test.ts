import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { enrolCampaignAudiences } from '../../functions/enrol-campaign-audiences/enrol-campaign-audiences';
import { notifyMarketers } from '../../functions/notify-marketers/notify-marketers';
import { serveApi } from '../../functions/serve-api/serve-api';
import { AlertConfigCache } from '../../shared/alerts/alert-config-cache';
import { AlertConfigRepository } from '../../shared/alerts/alert-config-repository';
import { AlertRepository } from '../../shared/alerts/alert-repository';
import { createAlertTransports } from '../../shared/alerts/alert-transports';
import { CampaignRepository } from '../../shared/campaigns/campaign-repository';
import { channelRegistry } from '../../shared/channels/channel-registry';
import { shopifyChannel } from '../../shared/channels/shopify/shopify-channel';
import { CustomerGroupRepository } from '../../shared/customers/customer-group-repository';
import { CustomerRepository } from '../../shared/customers/customer-repository';
import type { CanonicalEvent } from '../../shared/events/contracts';
import { type ApiOperation, apiOperations } from '../../shared/http/api-operations';
import { httpAnswerForError } from '../../shared/http/http-error';
import { openApiDocument } from '../../shared/http/openapi';
import { receiveWebhook } from '../../shared/ingest/receive-webhook';
import { type AlertReceiver, startAlertReceiver } from '../helpers/alert-receiver';
import { identityWorld } from '../helpers/identity-world';
import { personTraffic } from '../helpers/person-traffic';
import { recordingLogger } from '../helpers/receiver-deps';
import { apiEvent, shopifyRequest } from '../helpers/shopify-requests';
import { createTestTable, type TestTable } from '../helpers/test-table';

/**
 * Every operation of the OpenAPI document called on real data (customers merged and proposed as
 * duplicates, scored, messages and orders on the timeline, rules, destinations, an alert sent, a
 * quarantined payload, audit records), and every JSON answer validated against the document's own
 * schema by an independent JSON Schema validator (Ajv, draft 2020-12, which OpenAPI 3.1 uses).
 */

let table: TestTable;
let world: ReturnType<typeof identityWorld>;
let receiver: AlertReceiver;
const ids: Record<string, string> = {};

type Document = {
  paths: Record<string, Record<string, { responses: Record<string, { content?: unknown }> }>>;
};
const document = openApiDocument() as Document;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(document, 'openapi');

async function call(method: string, path: string, options: Parameters<typeof apiEvent>[2] = {}) {
  const answer = await serveApi(world.api, apiEvent(method, path, options)).catch(httpAnswerForError);
  const json = String(answer.headers?.['content-type'] ?? '').startsWith('application/json');
  return {
    status: answer.statusCode,
    body: answer.body ? (json ? JSON.parse(answer.body) : answer.body) : undefined,
    type: String(answer.headers?.['content-type'] ?? ''),
  };
}

const json = (value: unknown) => ({ body: Buffer.from(JSON.stringify(value)) });

/** Validates an answer against the document's schema for the operation and status. */
function expectDocumented(operation: ApiOperation, status: number, body: unknown) {
  const pointer = `openapi#/paths/${operation.path.replaceAll('/', '~1')}/${operation.method}/responses/${status}/content/application~1json/schema`;
  const validate = ajv.getSchema(pointer);
  expect(validate, `${operation.method} ${operation.path} documents ${status}`).toBeDefined();
  const valid = validate?.(body);
  expect(validate?.errors ?? [], `${operation.method} ${operation.path} ${status}`).toEqual([]);
  expect(valid).toBe(true);
}

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  world = identityWorld(table);
  receiver = await startAlertReceiver();
  const receive = (channel: keyof typeof channelRegistry, request: Parameters<typeof receiveWebhook>[2]) =>
    receiveWebhook(world.receiver, channelRegistry[channel], request);
  const ana = personTraffic('+14155550171');
  // Ana: a Shopify order, then WhatsApp and SMS from the same phone (one person, merged).
  await receive('shopify', ana.shopifyOrder(9101, 9201, 'ana.responses@example.com'));
  await receive('meta', ana.whatsapp('wamid.responses.1', 'Hi, where is my order?'));
  await receive('twilio', ana.sms('SMresponses1', 'Also, can I change the address?'));
  // Two Shopify customers sharing an email: a possible duplicate.
  await receive(
    'shopify',
    personTraffic('+14155550172').shopifyOrder(9102, 9202, 'pat.responses@example.com'),
  );
  await receive(
    'shopify',
    personTraffic('+14155550173').shopifyOrder(9103, 9203, 'pat.responses@example.com'),
  );
  // A signed Shopify payload that is not an order: quarantined.
  await receiveWebhook(
    world.receiver,
    shopifyChannel,
    shopifyRequest('orders/create', Buffer.from('{"id":"x"}')),
  );
  await world.settle();

  const found = await call('GET', '/api/customers', {
    query: { identity: 'email:ana.responses@example.com' },
  });
  ids.customer = found.body.items[0].id;
  const destination = await call(
    'POST',
    '/api/destinations',
    json({ type: 'webhook', name: 'CRM', url: receiver.url(), secret: 'whsec_responses' }),
  );
  ids.destination = destination.body.id;
  const rule = await call(
    'POST',
    '/api/alert-rules',
    json({ name: 'Any message', on: 'message.received', destinations: [ids.destination] }),
  );
  ids.rule = rule.body.id;
  const message = world.published.find(
    (event): event is Extract<CanonicalEvent, { type: 'message.received' }> =>
      event.type === 'message.received',
  );
  if (!message) throw new Error('no message.received published');
  const config = new AlertConfigRepository(table.documentClient, table.tableName);
  await notifyMarketers(
    {
      config: new AlertConfigCache(config),
      groups: new CustomerGroupRepository(table.documentClient, table.tableName),
      alerts: new AlertRepository(table.documentClient, table.tableName),
      transports: createAlertTransports(
        {
          ALLOW_LOOPBACK_DESTINATIONS: true,
          ALERT_EMAIL_FROM: 'alerts@shop.test',
          SES_CONFIGURATION_SET: '',
          EMAIL_OUTBOX_DIR: join(tmpdir(), 'rapport-test-outbox'),
        },
        300,
      ),
      clock: { now: () => new Date(), sleep: async () => {}, random: () => 0.5 },
      policy: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10, budgetMs: 1000 },
      baseCurrency: 'USD',
      log: recordingLogger(),
    },
    message,
  );
  const campaign = await call(
    'POST',
    '/api/campaigns',
    json({
      name: 'Second order',
      audience: { if: [{ path: 'customer.stats.orders', op: 'gte', value: 1 }] },
      holdoutPercent: 1,
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      goal: { on: 'order.placed', withinDays: 14 },
      destinations: [ids.destination],
    }),
  );
  ids.campaign = campaign.body.id;
  await enrolCampaignAudiences({
    campaigns: new CampaignRepository(table.documentClient, table.tableName),
    customers: new CustomerRepository(table.documentClient, table.tableName, 'USD'),
    groups: new CustomerGroupRepository(table.documentClient, table.tableName),
    baseCurrency: 'USD',
    now: () => new Date(),
    log: recordingLogger(),
    budgetMs: 30_000,
  });
  // The approved templates the composer offers, and one of Ana's conversations (her WhatsApp).
  await call(
    'PUT',
    '/api/message-templates',
    json({
      items: [
        { platform: 'whatsapp', name: 'order_update', language: 'en_US', parameters: 1, text: 'Order {{1}}' },
      ],
    }),
  );
  const conversations = await call('GET', '/api/conversations', { query: { platform: 'whatsapp' } });
  ids.conversation = conversations.body.items[0].id;
  const quarantined = await call('GET', '/api/quarantine');
  ids.quarantine = quarantined.body.items[0].id;
  const duplicates = await call('GET', '/api/duplicates');
  ids.duplicate = duplicates.body.items[0].id;
}, 60_000);

afterAll(async () => {
  await receiver.close();
  world.stop();
  table.client.destroy();
});

const reads = (Object.entries(apiOperations) as [string, ApiOperation][]).filter(
  ([, operation]) => operation.method === 'get',
);

describe('every answer of the API matches the OpenAPI document (Ajv, on real data)', () => {
  it.each(reads.map(([id, operation]) => [id, operation] as const))('%s', async (_id, operation) => {
    const path = operation.path
      .replace('/api/customers/{id}', `/api/customers/${ids.customer}`)
      .replace('/api/alert-rules/{id}', `/api/alert-rules/${ids.rule}`)
      .replace('/api/destinations/{id}', `/api/destinations/${ids.destination}`)
      .replace('/api/campaigns/{id}', `/api/campaigns/${ids.campaign}`)
      .replace('/api/conversations/{id}', `/api/conversations/${ids.conversation}`);
    const query: Record<string, string> | undefined =
      operation.path === '/api/funnel'
        ? {
            from: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
            to: new Date().toISOString().slice(0, 10),
          }
        : operation.path === '/api/customers'
          ? { identity: 'email:ana.responses@example.com' }
          : operation.path.startsWith('/api/campaigns/{id}/members')
            ? { group: 'treatment' }
            : undefined;

    const answer = await call('GET', path, query ? { query } : {});

    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    if (operation.responses[200]?.csv) {
      // CSV, as documented: a header row and one row per member.
      expect(answer.type).toMatch(/^text\/csv/);
      expect(String(answer.body).trim().split('\n').length).toBeGreaterThan(1);
      return;
    }
    expectDocumented(operation, 200, answer.body);
    // A list is checked on real items, not on an empty page.
    if (Array.isArray(answer.body.items)) expect(answer.body.items.length).toBeGreaterThan(0);
  });

  it('changes answer as documented: merge, unmerge, decisions, rules, destinations, templates, settings, replay, campaign end, conversations, erase', async () => {
    const check = async (operation: ApiOperation, path: string, status: number, body?: unknown) => {
      const answer = await call(operation.method.toUpperCase(), path, body === undefined ? {} : json(body));
      expect(answer.status, `${operation.method} ${path}: ${JSON.stringify(answer.body)}`).toBe(status);
      if (answer.body !== undefined) expectDocumented(operation, status, answer.body);
      return answer.body;
    };
    const o = apiOperations;
    await check(o.replaceAlertRule, `/api/alert-rules/${ids.rule}`, 200, {
      name: 'Any message, renamed',
      on: 'message.received',
      destinations: [ids.destination],
    });
    await check(o.replaceDestination, `/api/destinations/${ids.destination}`, 200, {
      type: 'webhook',
      name: 'CRM 2',
      url: receiver.url(),
    });
    await check(o.testDestination, `/api/destinations/${ids.destination}/test`, 200);
    const fromTemplate = await check(o.createFromTemplate, '/api/alert-templates/big_order', 201, {
      destinations: [ids.destination],
      amount: 300,
      currency: 'USD',
    });
    await check(o.deleteAlertRule, `/api/alert-rules/${fromTemplate.id}`, 204);
    await check(o.changeScoringSettings, '/api/settings/scoring', 200, { weights: { message: 2 } });
    await check(o.replayQuarantine, `/api/quarantine/${ids.quarantine}/replay`, 422);
    const merged = await check(o.acceptDuplicate, `/api/duplicates/${ids.duplicate}/accept`, 200);
    const [separated] = merged.merges.map((merge: { customerId: string }) => merge.customerId);
    await check(o.unmergeCustomer, `/api/customers/${merged.id}/unmerge`, 200, { mergedId: separated });
    await check(o.mergeCustomers, '/api/customers/merge', 200, {
      survivorId: merged.id,
      mergedId: separated,
    });
    const other = await check(o.createDestination, '/api/destinations', 201, {
      type: 'slack',
      name: 'Team',
      webhookUrl: 'https://hooks.slack.com/services/T000/B000/XXXXXXXX',
    });
    await check(o.deleteDestination, `/api/destinations/${other.id}`, 204);
    await check(o.endCampaign, `/api/campaigns/${ids.campaign}/end`, 200);
    const conversation = `/api/conversations/${ids.conversation}`;
    await check(o.changeConversation, conversation, 200, { assignee: 'me', status: 'pending' });
    await check(o.postConversationMessage, `${conversation}/messages`, 202, { note: 'Called her back' });
    // Her WhatsApp message is days old: free text is refused, a template goes.
    await check(o.postConversationMessage, `${conversation}/messages`, 409, { text: 'Hello again' });
    await check(o.postConversationMessage, `${conversation}/messages`, 202, {
      template: { name: 'order_update', language: 'en_US', parameters: ['9101'] },
    });
    await check(o.replaceMessageTemplates, '/api/message-templates', 200, { items: [] });
    await check(o.eraseCustomer, `/api/customers/${merged.id}`, 204);
  });
});
