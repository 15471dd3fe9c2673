import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ApiDeps, serveApi } from '../../functions/serve-api/serve-api';
import { httpAnswerForError } from '../../shared/http/http-error';
import { startAlertReceiver } from '../helpers/alert-receiver';
import { apiDepsFor } from '../helpers/identity-deps';
import { apiEvent } from '../helpers/shopify-requests';
import { createTestTable, type TestTable } from '../helpers/test-table';

let table: TestTable;
let deps: ApiDeps;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  deps = apiDepsFor(table);
});

afterAll(() => table.client.destroy());

async function api(method: string, target: string, body?: unknown, overrides: Partial<ApiDeps> = {}) {
  const [path = target, search] = target.split('?');
  const query = search ? Object.fromEntries(new URLSearchParams(search)) : undefined;
  const response = await serveApi(
    { ...deps, ...overrides },
    apiEvent(method, path, {
      ...(body === undefined ? {} : { body: Buffer.from(JSON.stringify(body)) }),
      ...(query ? { query } : {}),
    }),
  ).catch(httpAnswerForError);
  return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
}

describe('alert rules and destinations through the API', () => {
  it('creates, reads, replaces and deletes a destination and a rule, with secrets masked and every change audited', async () => {
    // Act: a signed webhook destination on a local receiver, and a big-order rule sending to it.
    const destination = await api('POST', '/api/destinations', {
      type: 'webhook',
      name: 'Local CRM',
      url: 'http://127.0.0.1:9000/alerts',
      secret: 'whsec_local_1234',
    });
    const unknown = await api('POST', '/api/alert-rules', {
      name: 'x',
      on: 'order.placed',
      destinations: ['nope'],
    });
    const rule = await api('POST', '/api/alert-rules', {
      name: 'Big order',
      on: 'order.placed',
      if: [{ path: 'event.order.total.amount', op: 'gte', value: 50_000 }],
      destinations: [destination.body.id],
      throttle: { perCustomer: 'PT1H' },
    });
    const renamed = await api('PUT', `/api/destinations/${destination.body.id}`, {
      type: 'webhook',
      name: 'Local CRM (renamed)',
      url: 'http://127.0.0.1:9000/alerts',
    });
    const inUse = await api('DELETE', `/api/destinations/${destination.body.id}`);

    // Assess
    expect(destination.status).toBe(201);
    expect(destination.body).toMatchObject({
      type: 'webhook',
      secret: '••••1234',
      url: 'http://127.0.0.1:9000/••••erts',
    });
    expect(JSON.stringify(destination.body)).not.toContain('whsec_local');
    expect(unknown).toMatchObject({ status: 400, body: { error: 'unknown_destination' } });
    expect(rule.status).toBe(201);
    expect((await api('GET', `/api/alert-rules/${rule.body.id}`)).body).toMatchObject({
      name: 'Big order',
      enabled: true,
    });
    expect((await api('GET', '/api/alert-rules')).body.items).toHaveLength(1);
    expect(renamed.body).toMatchObject({ name: 'Local CRM (renamed)', secret: '••••1234' });
    expect(await deps.alertConfig.get('destination', destination.body.id)).toMatchObject({
      secret: 'whsec_local_1234',
    });
    expect(inUse).toMatchObject({ status: 409, body: { error: 'destination_in_use' } });
    expect((await api('DELETE', `/api/alert-rules/${rule.body.id}`)).status).toBe(204);
    expect((await api('DELETE', `/api/destinations/${destination.body.id}`)).status).toBe(204);
    expect((await api('GET', `/api/destinations/${destination.body.id}`)).status).toBe(404);
    const actions = (await api('GET', '/api/audit')).body.items.map(
      (item: { action: string }) => item.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'destination.created',
        'alert_rule.created',
        'destination.changed',
        'alert_rule.deleted',
        'destination.deleted',
      ]),
    );
  });

  it('refuses a bad rule with 400 saying what is wrong', async () => {
    const answer = await api('POST', '/api/alert-rules', {
      name: 'x',
      on: 'order.placed',
      if: [{ path: 'customer.scores.segment', op: 'changed_to', value: 'at_risk' }],
      destinations: ['d1'],
    });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body.issues)).toContain('changed_to');
  });

  it('refuses, as deployed, plain http and addresses inside the network', async () => {
    const deployed = { allowLoopbackDestinations: false };
    const http = await api(
      'POST',
      '/api/destinations',
      { type: 'slack', name: 's', webhookUrl: 'http://127.0.0.1:9000/x' },
      deployed,
    );
    const metadata = await api(
      'POST',
      '/api/destinations',
      { type: 'webhook', name: 'w', url: 'https://169.254.169.254/latest' },
      deployed,
    );
    expect(http).toMatchObject({ status: 400, body: { error: 'unsafe_destination' } });
    expect(metadata).toMatchObject({ status: 400, body: { error: 'unsafe_destination' } });
  });
});

describe('alert templates, destination tests and the alert log through the API', () => {
  it('enables a template in one call, as a valid rule on the named destinations, and refuses an unknown one', async () => {
    const destination = await api('POST', '/api/destinations', {
      type: 'webhook',
      name: 'CRM',
      url: 'http://127.0.0.1:9/alerts',
    });
    const templates = await api('GET', '/api/alert-templates');
    const created = await api('POST', '/api/alert-templates/big_order', {
      destinations: [destination.body.id],
      amount: 250,
    });
    const missing = await api('POST', '/api/alert-templates/nope', { destinations: [destination.body.id] });
    const noDestination = await api('POST', '/api/alert-templates/vip_message', { destinations: ['nope'] });
    expect(templates.body.items.map((item: { name: string }) => item.name)).toEqual([
      'vip_message',
      'big_order',
      'churn_risk_rising',
      'complaint_message',
      'abandoned_checkout',
      'first_order',
    ]);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      on: 'order.placed',
      destinations: [destination.body.id],
      enabled: true,
      if: [
        { path: 'event.order.total.currency', op: 'eq', value: 'USD' },
        { path: 'event.order.total.amount', op: 'gte', value: 25_000 },
      ],
    });
    expect((await api('GET', `/api/alert-rules/${created.body.id}`)).body.name).toBe(created.body.name);
    expect(missing.status).toBe(404);
    expect(noDestination).toMatchObject({ status: 400, body: { error: 'unknown_destination' } });
  });

  it('sends a test alert to a destination and says whether it was delivered', async () => {
    const receiver = await startAlertReceiver();
    try {
      const working = await api('POST', '/api/destinations', {
        type: 'webhook',
        name: 'CRM',
        url: receiver.url(),
        secret: 'whsec_test_1',
      });
      receiver.script({ status: 404, body: 'no such hook' });
      const failing = await api('POST', '/api/destinations', {
        type: 'slack',
        name: 'Slack',
        webhookUrl: receiver.url('/services/T/B/x'),
      });
      const failed = await api('POST', `/api/destinations/${failing.body.id}/test`);
      const delivered = await api('POST', `/api/destinations/${working.body.id}/test`);
      const unknown = await api('POST', '/api/destinations/nope/test');
      expect(failed).toMatchObject({
        status: 502,
        body: { error: 'destination_failed', attempts: 1, retryable: false },
      });
      expect(failed.body.message).toContain('404 no such hook');
      expect(delivered).toMatchObject({ status: 200, body: { delivered: true, attempts: 1 } });
      const testAlert = receiver.received.at(-1);
      expect(testAlert?.headers['x-rapport-delivery']).toBe(delivered.body.deliveryId);
      expect(testAlert?.headers['x-rapport-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(JSON.parse(String(testAlert?.body)).rule.name).toBe('Rapport test alert');
      expect(unknown.status).toBe(404);
      const audit = await api('GET', '/api/audit');
      expect(audit.body.items.map((item: { action: string }) => item.action)).toContain('destination.tested');
    } finally {
      await receiver.close();
    }
  });

  it('lists the alert log newest first, paged, without the stored alert content', async () => {
    const { ulid } = await import('ulid');
    const { AlertRepository } = await import('../../shared/alerts/alert-repository');
    const alerts = new AlertRepository(table.documentClient, table.tableName);
    const base = Date.parse('2026-11-24T10:00:00.000Z');
    for (let index = 0; index < 3; index += 1) {
      const createdAt = new Date(base + index * 1000).toISOString();
      await alerts.create(
        {
          id: ulid(),
          customerId: `c${index}`,
          customerName: `Customer ${index}`,
          ruleId: 'rule-1',
          ruleName: 'Big order',
          eventId: `e${index}`,
          eventType: 'order.placed',
          destinationId: 'd1',
          destinationType: 'webhook',
          status: 'pending',
          attempts: 0,
          createdAt,
          occurredAt: createdAt,
        },
        new Date(createdAt),
      );
    }
    const first = await api('GET', '/api/alerts?limit=2');
    const second = await api('GET', `/api/alerts?limit=2&cursor=${first.body.cursor}`);
    expect(first.body.items.map((item: { eventId: string }) => item.eventId)).toEqual(['e2', 'e1']);
    expect(second.body.items.map((item: { eventId: string }) => item.eventId)).toEqual(['e0']);
    expect(first.body.items[0]).toMatchObject({ customerName: 'Customer 2', status: 'pending', attempts: 0 });
    expect(first.body.items[0].content).toBeUndefined();
  });
});
