import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ApiDeps, serveApi } from '../../functions/serve-api/serve-api';
import { httpAnswerForError } from '../../shared/http/http-error';
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

async function api(method: string, path: string, body?: unknown, overrides: Partial<ApiDeps> = {}) {
  const response = await serveApi(
    { ...deps, ...overrides },
    apiEvent(method, path, body === undefined ? {} : { body: Buffer.from(JSON.stringify(body)) }),
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
