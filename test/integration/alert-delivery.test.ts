import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  AlertsNotDeliveredError,
  type NotifyDeps,
  notifyMarketers,
} from '../../functions/notify-marketers/notify-marketers';
import { type SweepDeps, sendHeldAlerts } from '../../functions/send-held-alerts/send-held-alerts';
import { serveApi } from '../../functions/serve-api/serve-api';
import { AlertConfigCache } from '../../shared/alerts/alert-config-cache';
import { AlertConfigRepository } from '../../shared/alerts/alert-config-repository';
import { AlertRepository } from '../../shared/alerts/alert-repository';
import type { AlertRule } from '../../shared/alerts/alert-rule';
import { createAlertTransports } from '../../shared/alerts/alert-transports';
import { type Destination, destinationSchema } from '../../shared/alerts/destination';
import { verifyTimestampedSignature } from '../../shared/channels/timestamped-signature';
import { CustomerGroupRepository } from '../../shared/customers/customer-group-repository';
import { CustomerRepository } from '../../shared/customers/customer-repository';
import type { EventOf } from '../../shared/events/contracts';
import { type AlertReceiver, startAlertReceiver } from '../helpers/alert-receiver';
import { apiDepsFor } from '../helpers/identity-deps';
import { recordingLogger } from '../helpers/receiver-deps';
import { apiEvent } from '../helpers/shopify-requests';
import { createTestTable, partitionItems, type TestTable } from '../helpers/test-table';

let table: TestTable;
let receiver: AlertReceiver;
let outbox: string;
let clockMs: number;

const config = () => new AlertConfigRepository(table.documentClient, table.tableName);
const alerts = () => new AlertRepository(table.documentClient, table.tableName);

/** notify and the sweep on the test table, with an injected clock (sleeps advance it too). */
function depsAt(): NotifyDeps & SweepDeps {
  return {
    config: new AlertConfigCache(config()),
    groups: new CustomerGroupRepository(table.documentClient, table.tableName),
    alerts: alerts(),
    transports: createAlertTransports(
      {
        ALLOW_LOOPBACK_DESTINATIONS: true,
        ALERT_EMAIL_FROM: 'alerts@shop.test',
        SES_CONFIGURATION_SET: '',
        EMAIL_OUTBOX_DIR: outbox,
      },
      300,
    ),
    clock: {
      now: () => new Date(clockMs),
      sleep: async (ms) => {
        clockMs += ms;
      },
      random: () => 0.5,
    },
    policy: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, budgetMs: 20_000 },
    baseCurrency: 'USD',
    log: recordingLogger(),
  };
}

async function customer(name: string): Promise<string> {
  const id = ulid();
  await new CustomerRepository(table.documentClient, table.tableName, 'USD').recordFacts(
    id,
    {
      identities: [{ kind: 'email', value: `${id.toLowerCase()}@example.com` }],
      name,
      emails: [],
      phones: [],
    },
    new Date(clockMs).toISOString(),
    'shopify',
  );
  return id;
}

function order(customerId: string, amount: number, id = ulid()): EventOf<'order.placed'> {
  return {
    id: `shopify:order:${id}:placed`,
    type: 'order.placed',
    version: 1,
    occurredAt: new Date(clockMs).toISOString(),
    customerId,
    channel: 'shopify',
    order: { id, platform: 'shopify', status: 'placed', total: { amount, currency: 'USD' } },
  };
}

async function destination(value: Record<string, unknown>): Promise<string> {
  const id = ulid();
  await config().put(
    'destination',
    id,
    destinationSchema.parse(value) as Destination,
    new Date(clockMs).toISOString(),
  );
  return id;
}

async function rule(value: Partial<AlertRule> & { destinations: string[] }): Promise<string> {
  const id = ulid();
  const full: AlertRule = {
    name: 'Big order',
    on: 'order.placed',
    if: [{ path: 'event.order.total.amount', op: 'gte', value: 50_000 }],
    enabled: true,
    ...value,
  };
  await config().put('rule', id, full, new Date(clockMs).toISOString());
  return id;
}

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  outbox = await mkdtemp(join(tmpdir(), 'rapport-outbox-'));
});
afterAll(() => table.client.destroy());
beforeEach(async () => {
  // Each test starts on a fresh table (rules of one test must not fire in another).
  table = await createTestTable(inject('dynamoEndpoint'));
  receiver = await startAlertReceiver();
  clockMs = Date.parse('2026-11-24T10:00:00.000Z');
});
afterEach(() => receiver.close());

describe('alert delivery (notify and the sweep, on DynamoDB Local, to a local receiver)', () => {
  it('delivers a signed webhook alert once, logs it with attempts and latency, and puts alert.sent on the timeline', async () => {
    // Arrange
    const deps = depsAt();
    const hook = await destination({
      type: 'webhook',
      name: 'CRM',
      url: receiver.url(),
      secret: 'whsec_test',
    });
    const ruleId = await rule({ destinations: [hook] });
    const ada = await customer('Ada');
    const big = order(ada, 75_000);
    // Act: the event, then EventBridge delivering it again.
    const first = await notifyMarketers(deps, big);
    const again = await notifyMarketers(deps, big);
    // Assert: one signed delivery with the public contract's body.
    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    expect(
      verifyTimestampedSignature(
        Buffer.from(String(delivery?.body)),
        delivery?.headers['x-rapport-signature'] as string,
        'whsec_test',
        new Date(clockMs),
      ),
    ).toBe(true);
    const body = JSON.parse(String(delivery?.body));
    expect(body.rule).toEqual({ id: ruleId, name: 'Big order' });
    expect(body.event.id).toBe(big.id);
    expect(body.customer).toMatchObject({ id: ada, name: 'Ada' });
    expect(body.alertId).toBe(delivery?.headers['x-rapport-delivery']);
    expect(first).toMatchObject({
      kind: 'evaluated',
      rules: [{ ruleId, outcome: 'alerted', alerts: { [body.alertId]: 'sent' } }],
    });
    expect(again).toMatchObject({ kind: 'evaluated', rules: [{ ruleId, outcome: 'resumed', alerts: {} }] });
    const log = await alerts().list(10);
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({
      status: 'sent',
      attempts: 1,
      ruleId,
      customerId: ada,
      destinationId: hook,
    });
    expect(log.items[0]?.latencyMs).toBeGreaterThanOrEqual(0);
    const timeline = await partitionItems(table, `CUSTOMER#${ada}`);
    expect(timeline.filter((item) => item.event?.type === 'alert.sent').map((item) => item.event)).toEqual([
      expect.objectContaining({ alertId: body.alertId, ruleId, destinationId: hook, aboutEventId: big.id }),
    ]);
  });

  it('alerts about a customer at most once per rule within its throttle window, and again after it', async () => {
    const deps = depsAt();
    const hook = await destination({ type: 'webhook', name: 'CRM', url: receiver.url() });
    await rule({ destinations: [hook], throttle: { perCustomer: 'PT1H' } });
    const ada = await customer('Ada');
    const bob = await customer('Bob');
    await notifyMarketers(deps, order(ada, 60_000));
    const throttled = await notifyMarketers(deps, order(ada, 90_000));
    await notifyMarketers(deps, order(bob, 60_000));
    expect(throttled).toMatchObject({ rules: [{ outcome: 'throttled' }] });
    expect(receiver.received).toHaveLength(2);
    clockMs += 61 * 60_000;
    await notifyMarketers(deps, order(ada, 70_000));
    expect(receiver.received).toHaveLength(3);
  });

  it('evaluates conditions: a small order alerts no one', async () => {
    const deps = depsAt();
    const hook = await destination({ type: 'webhook', name: 'CRM', url: receiver.url() });
    await rule({ destinations: [hook] });
    const result = await notifyMarketers(deps, order(await customer('Ada'), 1_000));
    expect(result).toMatchObject({ kind: 'evaluated', rules: [] });
    expect(receiver.received).toHaveLength(0);
  });

  it('applies a changed rule to the next event (the cache reloads on a new revision)', async () => {
    const deps = depsAt();
    const hook = await destination({ type: 'webhook', name: 'CRM', url: receiver.url() });
    const ada = await customer('Ada');
    await notifyMarketers(deps, order(ada, 75_000));
    expect(receiver.received).toHaveLength(0);
    await rule({ destinations: [hook] });
    await notifyMarketers(deps, order(ada, 75_000));
    expect(receiver.received).toHaveLength(1);
  });

  it('gathers a rule’s alerts into one digest per destination, sent when the window ends', async () => {
    const deps = depsAt();
    const hook = await destination({ type: 'webhook', name: 'CRM', url: receiver.url() });
    await rule({ destinations: [hook], digest: { every: 'PT1H' } });
    const customers = [await customer('A'), await customer('B'), await customer('C')];
    for (const id of customers) await notifyMarketers(deps, order(id, 80_000));
    const early = await sendHeldAlerts(deps);
    expect(early.digests.sent).toBe(0);
    expect(receiver.received).toHaveLength(0);
    clockMs = Date.parse('2026-11-24T11:00:30.000Z');
    const due = await sendHeldAlerts(deps);
    expect(due.digests.sent).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const body = JSON.parse(String(receiver.received[0]?.body));
    expect(body.alerts.map((alert: { customer: { id: string } }) => alert.customer.id).sort()).toEqual(
      [...customers].sort(),
    );
    expect(body.window).toEqual({ from: '2026-11-24T10:00:00.000Z', to: '2026-11-24T11:00:00.000Z' });
    const log = await alerts().list(10);
    expect(log.items.map((item) => item.status)).toEqual(['sent', 'sent', 'sent']);
    // A second sweep sends nothing again.
    await sendHeldAlerts(deps);
    expect(receiver.received).toHaveLength(1);
  });

  it('holds alerts through a destination’s quiet hours and sends them when they end, never dropping them', async () => {
    const deps = depsAt();
    // 10:00 UTC is 18:00 in Shanghai: quiet from 17:00 to 19:00 there.
    const hook = await destination({
      type: 'webhook',
      name: 'CRM',
      url: receiver.url(),
      quietHours: { start: '17:00', end: '19:00', timeZone: 'Asia/Shanghai' },
    });
    await rule({ destinations: [hook] });
    await notifyMarketers(deps, order(await customer('Ada'), 80_000));
    expect((await alerts().list(10)).items[0]).toMatchObject({
      status: 'held',
      heldUntil: '2026-11-24T11:00:00.000Z',
      heldBecause: 'quiet hours',
    });
    clockMs = Date.parse('2026-11-24T10:59:00.000Z');
    await sendHeldAlerts(deps);
    expect(receiver.received).toHaveLength(0);
    clockMs = Date.parse('2026-11-24T11:00:10.000Z');
    const swept = await sendHeldAlerts(deps);
    expect(swept.alerts.sent).toBe(1);
    expect(receiver.received).toHaveLength(1);
    expect((await alerts().list(10)).items[0]?.status).toBe('sent');
  });

  it('keeps a person’s alerts with them: in their export, and gone from the log when they are erased', async () => {
    const deps = depsAt();
    const hook = await destination({ type: 'webhook', name: 'CRM', url: receiver.url() });
    await rule({ destinations: [hook] });
    const ada = await customer('Ada');
    await notifyMarketers(deps, order(ada, 80_000));
    const [alert] = (await alerts().list(10)).items;
    const api = apiDepsFor(table);
    const exported = await serveApi(api, apiEvent('GET', `/api/customers/${ada}/export`));
    const erased = await serveApi(api, apiEvent('DELETE', `/api/customers/${ada}`));
    expect(JSON.parse(String(exported.body)).alerts).toEqual([
      expect.objectContaining({ id: alert?.id, status: 'sent', destinationId: hook }),
    ]);
    expect(erased.statusCode).toBe(204);
    expect((await alerts().list(10)).items).toEqual([]);
  });

  it('writes an email alert as an .eml file under npm start, named by its delivery id', async () => {
    const deps = depsAt();
    const mail = await destination({ type: 'email', name: 'Team', to: ['team@shop.test'], locale: 'zh' });
    await rule({ destinations: [mail] });
    await notifyMarketers(deps, order(await customer('Ada'), 80_000));
    const [log] = (await alerts().list(10)).items;
    const files = await readdir(outbox);
    expect(files).toContain(`${log?.id}.eml`);
    const raw = await readFile(join(outbox, `${log?.id}.eml`), 'utf8');
    expect(raw).toMatch(/^From: alerts@shop\.test/m);
    expect(raw).toMatch(/^To: team@shop\.test/m);
    expect(raw).toMatch(new RegExp(`^X-Rapport-Delivery: ${log?.id}`, 'm'));
    expect(raw).toContain('Content-Type: text/html');
  });
});

describe('alert delivery under faults (a local receiver that fails, hangs and throttles)', () => {
  it('retries 5xx and a hung request with backoff, then delivers', async () => {
    const deps = depsAt();
    receiver.script({ status: 503 }, 'hang', { status: 200 });
    const hook = await destination({ type: 'webhook', name: 'CRM', url: receiver.url() });
    await rule({ destinations: [hook] });
    await notifyMarketers(deps, order(await customer('Ada'), 80_000));
    expect(receiver.received).toHaveLength(3);
    // The same delivery id on every attempt.
    expect(new Set(receiver.received.map((request) => request.headers['x-rapport-delivery'])).size).toBe(1);
    expect((await alerts().list(10)).items[0]).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('waits what a 429’s Retry-After asks before trying again', async () => {
    const deps = depsAt();
    receiver.script({ status: 429, headers: { 'retry-after': '3' } });
    const hook = await destination({
      type: 'slack',
      name: 'Team',
      webhookUrl: receiver.url('/services/T/B/x'),
    });
    await rule({ destinations: [hook] });
    const before = clockMs;
    await notifyMarketers(deps, order(await customer('Ada'), 80_000));
    expect(receiver.received).toHaveLength(2);
    expect(clockMs - before).toBeGreaterThanOrEqual(3000);
    expect(JSON.parse(String(receiver.received[1]?.body)).blocks[0].type).toBe('header');
  });

  it('does not retry a 4xx or a robot’s error code; records why, fails the invocation, and a redelivery does not resend it', async () => {
    const deps = depsAt();
    receiver.script({ status: 200, body: '{"errcode":310000,"errmsg":"keywords not in content"}' });
    const robot = await destination({
      type: 'dingtalk',
      name: 'Ops',
      webhookUrl: receiver.url('/robot/send?access_token=t'),
    });
    const good = await startAlertReceiver();
    try {
      const hook = await destination({ type: 'webhook', name: 'CRM', url: good.url() });
      await rule({ destinations: [robot, hook] });
      const big = order(await customer('Ada'), 80_000);
      await expect(notifyMarketers(deps, big)).rejects.toBeInstanceOf(AlertsNotDeliveredError);
      // The other destination was served all the same.
      expect(good.received).toHaveLength(1);
      expect(receiver.received).toHaveLength(1);
      const log = (await alerts().list(10)).items;
      expect(log.find((item) => item.destinationId === robot)).toMatchObject({
        status: 'failed',
        attempts: 1,
        lastError: 'permanent: dingtalk errcode 310000: keywords not in content',
      });
      expect(log.find((item) => item.destinationId === hook)?.status).toBe('sent');
      // Lambda retries the event: nothing is sent again, and it still fails (so it ends in the DLQ).
      await expect(notifyMarketers(deps, big)).rejects.toBeInstanceOf(AlertsNotDeliveredError);
      expect(receiver.received).toHaveLength(1);
      expect(good.received).toHaveLength(1);
    } finally {
      await good.close();
    }
  });

  it('records a destination that keeps failing as failed, and a retry of the event delivers it when it recovers', async () => {
    const deps = depsAt();
    receiver.script({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    const hook = await destination({ type: 'webhook', name: 'CRM', url: receiver.url() });
    await rule({ destinations: [hook] });
    const big = order(await customer('Ada'), 80_000);
    await expect(notifyMarketers(deps, big)).rejects.toBeInstanceOf(AlertsNotDeliveredError);
    expect((await alerts().list(10)).items[0]).toMatchObject({ status: 'failed', attempts: 4 });
    await notifyMarketers(deps, big);
    expect(receiver.received).toHaveLength(5);
    expect((await alerts().list(10)).items[0]).toMatchObject({ status: 'sent', attempts: 5 });
  });

  it('holds a robot’s alert for ten minutes when it says “send too fast” (DingTalk 130101), then sends it', async () => {
    const deps = depsAt();
    receiver.script({ status: 200, body: '{"errcode":130101,"errmsg":"send too fast"}' });
    const robot = await destination({
      type: 'dingtalk',
      name: 'Ops',
      webhookUrl: receiver.url('/robot/send?access_token=t'),
    });
    await rule({ destinations: [robot] });
    await notifyMarketers(deps, order(await customer('Ada'), 80_000));
    expect((await alerts().list(10)).items[0]).toMatchObject({
      status: 'held',
      heldBecause: 'dingtalk errcode 130101: send too fast',
    });
    clockMs += 10 * 60_000 + 1000;
    await sendHeldAlerts(deps);
    expect(receiver.received).toHaveLength(2);
    expect((await alerts().list(10)).items[0]?.status).toBe('sent');
  });

  it('keeps a robot within 20 messages a minute: the 21st waits for the next minute', async () => {
    const repository = alerts();
    const at = new Date('2026-11-24T10:00:10Z');
    const slots = [];
    for (let index = 0; index < 21; index += 1) slots.push(await repository.takeRateSlot('dest-1', 20, at));
    expect(slots.filter(Boolean)).toHaveLength(20);
    expect(slots[20]).toBe(false);
    expect(await repository.takeRateSlot('dest-1', 20, new Date('2026-11-24T10:01:00Z'))).toBe(true);
  });

  it('refuses at send time a destination whose name resolves to a loopback address when loopback is not allowed', async () => {
    const deps = depsAt();
    deps.transports = createAlertTransports(
      {
        ALLOW_LOOPBACK_DESTINATIONS: false,
        ALERT_EMAIL_FROM: '',
        SES_CONFIGURATION_SET: '',
        EMAIL_OUTBOX_DIR: '',
      },
      300,
    );
    // An https URL whose name resolves to 127.0.0.1 when the alert is sent (as a name re-pointed
    // after it was saved would: DNS rebinding); the check is in the connection's own lookup.
    const hook = await destination({ type: 'webhook', name: 'CRM', url: 'https://localhost:9/hook' });
    await rule({ destinations: [hook] });
    await expect(notifyMarketers(deps, order(await customer('Ada'), 80_000))).rejects.toBeInstanceOf(
      AlertsNotDeliveredError,
    );
    expect((await alerts().list(10)).items[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError:
        'permanent: RefusedDestinationError: localhost resolves to a private, loopback or link-local address',
    });
  });
});
