import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { enrolCampaignAudiences } from '../../functions/enrol-campaign-audiences/enrol-campaign-audiences';
import { type NotifyDeps, notifyMarketers } from '../../functions/notify-marketers/notify-marketers';
import {
  type RunCampaignsDeps,
  runCampaigns,
  TreatmentNotDeliveredError,
} from '../../functions/run-campaigns/run-campaigns';
import { serveApi } from '../../functions/serve-api/serve-api';
import { AlertConfigCache } from '../../shared/alerts/alert-config-cache';
import { AlertConfigRepository } from '../../shared/alerts/alert-config-repository';
import { AlertRepository } from '../../shared/alerts/alert-repository';
import { createAlertTransports } from '../../shared/alerts/alert-transports';
import { assignGroup } from '../../shared/campaigns/campaign';
import { campaignEventDeps } from '../../shared/campaigns/campaign-event-deps';
import { CampaignRepository } from '../../shared/campaigns/campaign-repository';
import { shopifyChannel } from '../../shared/channels/shopify/shopify-channel';
import { CustomerGroupRepository } from '../../shared/customers/customer-group-repository';
import { CustomerRepository } from '../../shared/customers/customer-repository';
import type { CanonicalEvent, EventOf } from '../../shared/events/contracts';
import { targetsFor } from '../../shared/events/routing-table';
import { httpAnswerForError } from '../../shared/http/http-error';
import { receiveWebhook } from '../../shared/ingest/receive-webhook';
import { ConversationRepository } from '../../shared/outbound/conversation-repository';
import { type AlertReceiver, startAlertReceiver } from '../helpers/alert-receiver';
import { identityWorld } from '../helpers/identity-world';
import { recordingLogger } from '../helpers/receiver-deps';
import { apiEvent, shopifyOrderFor, shopifyRequest } from '../helpers/shopify-requests';
import { createTestTable, type TestTable } from '../helpers/test-table';

let table: TestTable;
let world: ReturnType<typeof identityWorld>;
let receiver: AlertReceiver;
let notify: NotifyDeps;
let run: RunCampaignsDeps;
const buyers = 40;

async function call(method: string, path: string, body?: unknown, query?: Record<string, string>) {
  const answer = await serveApi(
    world.api,
    apiEvent(method, path, {
      ...(body === undefined ? {} : { body: Buffer.from(JSON.stringify(body)) }),
      ...(query ? { query } : {}),
    }),
  ).catch(httpAnswerForError);
  const type = String(answer.headers?.['content-type'] ?? '');
  return {
    status: answer.statusCode,
    body: type.startsWith('application/json') && answer.body ? JSON.parse(answer.body) : answer.body,
  };
}

const enrolDeps = () => ({
  campaigns: new CampaignRepository(table.documentClient, table.tableName),
  customers: new CustomerRepository(table.documentClient, table.tableName, 'USD'),
  groups: new CustomerGroupRepository(table.documentClient, table.tableName),
  baseCurrency: 'USD',
  now: () => new Date(),
  log: recordingLogger(),
  budgetMs: 60_000,
});

/** Delivers an event to notify and to the campaign consumer when the routing table routes it to them. */
async function consume(event: CanonicalEvent) {
  const targets = targetsFor(event.type);
  if (targets.includes('notify')) await notifyMarketers(notify, event);
  if (targets.includes('campaigns')) await runCampaigns(run, event);
}

/** Relays what the table published and runs notify and the campaign consumer on each new event, as the bus would. */
const consumed = new Set<string>();
async function settleAndConsume(): Promise<CanonicalEvent[]> {
  await world.settle();
  const fresh = world.published.filter((event) => !consumed.has(event.id));
  for (const event of fresh) consumed.add(event.id);
  for (const event of fresh) await consume(event);
  return fresh;
}

const enrolments = (campaignId: string) =>
  world.published.filter(
    (event): event is EventOf<'campaign.enrolled'> =>
      event.type === 'campaign.enrolled' && event.campaign.id === campaignId,
  );

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  world = identityWorld(table);
  receiver = await startAlertReceiver();
  const log = recordingLogger();
  const delivery = {
    config: new AlertConfigCache(new AlertConfigRepository(table.documentClient, table.tableName)),
    groups: new CustomerGroupRepository(table.documentClient, table.tableName),
    alerts: new AlertRepository(table.documentClient, table.tableName),
    transports: createAlertTransports(
      {
        ALLOW_LOOPBACK_DESTINATIONS: true,
        ALERT_EMAIL_FROM: 'a@shop.test',
        SES_CONFIGURATION_SET: '',
        EMAIL_OUTBOX_DIR: '',
      },
      300,
    ),
    clock: { now: () => new Date(), sleep: async () => {}, random: () => 0.5 },
    policy: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10, budgetMs: 1000 },
    log,
  };
  notify = { ...delivery, baseCurrency: 'USD' };
  run = {
    ...delivery,
    ...campaignEventDeps(
      table.documentClient,
      { TABLE_NAME: table.tableName, BASE_CURRENCY: 'USD', CURRENCY_RATES: '' },
      log,
    ),
    conversations: new ConversationRepository(table.documentClient, table.tableName),
  };
  // 40 buyers (one order each) and 5 people who only wrote nothing and bought nothing are not in it.
  for (let index = 0; index < buyers; index += 1) {
    await receiveWebhook(
      world.receiver,
      shopifyChannel,
      shopifyRequest('orders/create', shopifyOrderFor(70_000 + index, 80_000 + index)),
    );
  }
  await settleAndConsume();
}, 120_000);

afterAll(async () => {
  await receiver.close();
  world.stop();
  table.client.destroy();
});

describe('campaigns with a holdout on DynamoDB Local', () => {
  let campaignId: string;

  it('enrols everyone in a condition audience once, splits them by the hash, and delivers the treatment only', async () => {
    const destination = await call('POST', '/api/destinations', {
      type: 'webhook',
      name: 'Email tool',
      url: receiver.url(),
      secret: 'whsec_campaign',
    });
    const campaigns = new CampaignRepository(table.documentClient, table.tableName);
    const alertConfig = new AlertConfigRepository(table.documentClient, table.tableName);
    const revisionsBefore = { campaigns: await campaigns.revision(), alerts: await alertConfig.revision() };
    const created = await call('POST', '/api/campaigns', {
      name: 'Second order',
      audience: { if: [{ path: 'customer.stats.orders', op: 'gte', value: 1 }] },
      holdoutPercent: 50,
      endsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      goal: { on: 'order.placed', withinDays: 14 },
      destinations: [destination.body.id],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    campaignId = created.body.id;
    // A campaign moves its own revision (the campaign consumer reloads), not the alert rules'.
    expect(await campaigns.revision()).toBe(revisionsBefore.campaigns + 1);
    expect(await alertConfig.revision()).toBe(revisionsBefore.alerts);

    const first = await enrolCampaignAudiences(enrolDeps());
    const again = await enrolCampaignAudiences(enrolDeps());
    await settleAndConsume();

    expect(first.enrolled).toBe(buyers);
    expect(again.enrolled).toBe(0);
    const treatment = await call('GET', `/api/campaigns/${campaignId}/members`, undefined, {
      group: 'treatment',
      limit: '100',
    });
    const control = await call('GET', `/api/campaigns/${campaignId}/members`, undefined, {
      group: 'control',
      limit: '100',
    });
    expect(treatment.body.items.length + control.body.items.length).toBe(buyers);
    for (const member of treatment.body.items)
      expect(assignGroup(campaignId, member.customerId, 50)).toBe('treatment');
    for (const member of control.body.items)
      expect(assignGroup(campaignId, member.customerId, 50)).toBe('control');
    // The treatment, and only it, reached the destination: one signed request per member.
    await receiver.waitFor(treatment.body.items.length);
    const delivered = new Set(
      receiver.received.map((alert) => (JSON.parse(alert.body) as { customer: { id: string } }).customer.id),
    );
    expect(delivered).toEqual(
      new Set(treatment.body.items.map((member: { customerId: string }) => member.customerId)),
    );
    expect(receiver.received).toHaveLength(treatment.body.items.length);
    // The alert log shows each delivery as before, under the campaign's name.
    const log = (await call('GET', '/api/alerts', undefined, { limit: '100' })).body.items as Array<{
      ruleId: string;
      ruleName: string;
      status: string;
      eventType: string;
    }>;
    const logged = log.filter((entry) => entry.ruleId === `campaign-${campaignId}`);
    expect(logged).toHaveLength(treatment.body.items.length);
    expect(
      logged.every(
        (entry) =>
          entry.status === 'sent' &&
          entry.ruleName === 'Second order' &&
          entry.eventType === 'campaign.enrolled',
      ),
    ).toBe(true);
    const campaign = await call('GET', `/api/campaigns/${campaignId}`);
    expect(campaign.body).toMatchObject({
      status: 'running',
      enrolment: { done: true, scanned: expect.any(Number) },
    });
  });

  it('counts each member’s goal once, with its revenue, whatever the redeliveries, and the results match exactly', async () => {
    const treatment = (
      await call('GET', `/api/campaigns/${campaignId}/members`, undefined, {
        group: 'treatment',
        limit: '100',
      })
    ).body.items as Array<{ customerId: string }>;
    const control = (
      await call('GET', `/api/campaigns/${campaignId}/members`, undefined, { group: 'control', limit: '100' })
    ).body.items as Array<{ customerId: string }>;
    // Second orders: 6 treatment members (one of them twice) and 2 control members, by their Shopify ids.
    const shopifyIdOf = async (customerId: string) => {
      const customer = (await call('GET', `/api/customers/${customerId}`)).body as {
        identities: Array<{ kind: string; value: string }>;
      };
      return Number(customer.identities.find((identity) => identity.kind === 'shopify')?.value);
    };
    const orderFrom = async (customerId: string, orderId: number) =>
      receiveWebhook(
        world.receiver,
        shopifyChannel,
        shopifyRequest(
          'orders/create',
          shopifyOrderFor(orderId, await shopifyIdOf(customerId), (order) => {
            order.created_at = new Date().toISOString();
            order.updated_at = new Date().toISOString();
            order.total_price = '100.00';
          }),
        ),
      );
    let orderId = 90_000;
    for (const member of treatment.slice(0, 6)) await orderFrom(member.customerId, orderId++);
    await orderFrom(treatment[0]?.customerId as string, orderId++);
    for (const member of control.slice(0, 2)) await orderFrom(member.customerId, orderId++);
    const events = await settleAndConsume();
    // EventBridge delivers some events twice: nothing is counted twice.
    for (const event of events.filter((event) => event.type === 'order.placed')) await consume(event);

    const results = await call('GET', `/api/campaigns/${campaignId}/results`);

    expect(results.status).toBe(200);
    expect(results.body.treatment).toMatchObject({
      customers: treatment.length,
      converted: 6,
      revenue: { amount: 70_000, currency: 'USD' },
    });
    expect(results.body.control).toMatchObject({
      customers: control.length,
      converted: 2,
      revenue: { amount: 20_000, currency: 'USD' },
    });
    expect(results.body.lift.conversion.absolute).toBeCloseTo(6 / treatment.length - 2 / control.length, 6);
    expect(results.body.lift.conversion.ci95[0]).toBeLessThan(results.body.lift.conversion.absolute);
    expect(results.body.verdict.en).toMatch(/^(Not enough evidence yet|It worked|It backfired)/);
    expect(results.body.verdict.zh.length).toBeGreaterThan(10);
    const [member] = (
      await call('GET', `/api/campaigns/${campaignId}/members`, undefined, {
        group: 'treatment',
        limit: '100',
      })
    ).body.items.filter((item: { customerId: string }) => item.customerId === treatment[0]?.customerId);
    expect(member).toMatchObject({ converted: true, revenue: 20_000 });
  });

  it('exports a group’s members as CSV and ends the campaign (no one more is enrolled)', async () => {
    const csv = await call('GET', `/api/campaigns/${campaignId}/members.csv`, undefined, {
      group: 'control',
    });
    const lines = String(csv.body).trim().split('\n');
    expect(csv.status).toBe(200);
    expect(lines[0]).toBe('customerId,group,enrolledAt,converted,revenue,currency');
    expect(lines.slice(1).every((line) => line.split(',')[1] === 'control')).toBe(true);

    const ended = await call('POST', `/api/campaigns/${campaignId}/end`);
    await receiveWebhook(
      world.receiver,
      shopifyChannel,
      shopifyRequest('orders/create', shopifyOrderFor(99_001, 99_002)),
    );
    await settleAndConsume();
    const counts = await new CampaignRepository(table.documentClient, table.tableName).counts(campaignId);

    expect(ended.body.status).toBe('ended');
    expect(counts.treatment.customers + counts.control.customers).toBe(buyers);
  });

  it('records on each treatment member the destinations it was delivered to, and sends nothing again when EventBridge redelivers', async () => {
    // Prepare
    const events = enrolments(campaignId);
    const before = receiver.received.length;

    // Act
    const results = [];
    for (const event of events) results.push(await runCampaigns(run, event));

    // Assess
    expect(receiver.received.length).toBe(before);
    const treated = results.filter((result) => result.kind === 'treated');
    expect(treated.length).toBe(events.filter((event) => event.group === 'treatment').length);
    expect(
      treated.every((result) =>
        Object.values(result.deliveries).every((status) => status === 'delivered_before'),
      ),
    ).toBe(true);
    expect(results.filter((result) => result.kind === 'ignored')).toHaveLength(
      events.filter((event) => event.group === 'control').length,
    );
    const [first] = events.filter((event) => event.group === 'treatment');
    const member = await run.campaigns.getMember(first?.customerId as string, campaignId);
    const destinationId = (await call('GET', `/api/campaigns/${campaignId}`)).body.destinations[0];
    expect(member?.deliveredTo).toEqual([destinationId]);
  });

  it('fails the event when a destination cannot be reached, and a retry sends only to that destination', async () => {
    // Prepare: a campaign sent to the receiver and to a port nobody listens on; one treatment member.
    const reachable = await call('POST', '/api/destinations', {
      type: 'webhook',
      name: 'Reachable',
      url: receiver.url('/reachable'),
    });
    const unreachable = await call('POST', '/api/destinations', {
      type: 'webhook',
      name: 'Down for now',
      url: 'http://127.0.0.1:9/down',
    });
    const created = await call('POST', '/api/campaigns', {
      name: 'Two tools',
      audience: { if: [{ path: 'customer.stats.orders', op: 'gte', value: 1 }] },
      holdoutPercent: 10,
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      goal: { on: 'order.placed', withinDays: 7 },
      destinations: [reachable.body.id, unreachable.body.id],
    });
    const campaigns = new CampaignRepository(table.documentClient, table.tableName);
    const campaign = await campaigns.get(created.body.id);
    const customerId = enrolments(campaignId)[0]?.customerId as string;
    await campaigns.enrol(campaign as NonNullable<typeof campaign>, customerId, 'treatment', new Date());
    await world.settle();
    const [event] = enrolments(created.body.id);
    if (!event) throw new Error('campaign.enrolled was not published');
    const reachableRequests = () => receiver.received.filter((request) => request.path === '/reachable');

    // Act: the first delivery, then the retry after the tool is back.
    const failed = await runCampaigns(run, event).catch((error: unknown) => error);
    await call('PUT', `/api/destinations/${unreachable.body.id}`, {
      type: 'webhook',
      name: 'Down for now',
      url: receiver.url('/back'),
    });
    const retried = await runCampaigns(run, event);

    // Assess
    expect(failed).toBeInstanceOf(TreatmentNotDeliveredError);
    expect(retried).toMatchObject({
      kind: 'treated',
      deliveries: { [reachable.body.id]: 'delivered_before', [unreachable.body.id]: 'sent' },
    });
    expect(reachableRequests()).toHaveLength(1);
    expect(receiver.received.filter((request) => request.path === '/back')).toHaveLength(1);
    expect((await campaigns.getMember(customerId, created.body.id))?.deliveredTo.sort()).toEqual(
      [reachable.body.id, unreachable.body.id].sort(),
    );
  });
});
