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

async function call(
  role: 'admin' | 'agent' | 'viewer' | 'none',
  method: string,
  path: string,
  body?: unknown,
) {
  const response = await serveApi(
    deps,
    apiEvent(method, path, {
      role,
      ...(body === undefined ? {} : { body: Buffer.from(JSON.stringify(body)) }),
    }),
  ).catch(httpAnswerForError);
  return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
}

describe('roles on the marketer API (Cognito groups in the token’s claims)', () => {
  const destination = { type: 'webhook', name: 'CRM', url: 'http://127.0.0.1:9/hook' };

  it('lets an admin change things', async () => {
    expect((await call('admin', 'POST', '/api/destinations', destination)).status).toBe(201);
  });

  it('lets a viewer read everything but not change anything or export a person', async () => {
    const created = await call('admin', 'POST', '/api/destinations', destination);
    const reads = await Promise.all(
      [
        '/api/destinations',
        `/api/destinations/${created.body.id}`,
        '/api/alert-rules',
        '/api/alerts',
        '/api/audit',
        '/api/segments',
        '/api/duplicates',
        '/api/quarantine',
        '/api/openapi.json',
      ].map((path) => call('viewer', 'GET', path)),
    );
    expect(reads.map((read) => read.status)).toEqual(reads.map(() => 200));
    const changes = await Promise.all([
      call('viewer', 'POST', '/api/destinations', destination),
      call('viewer', 'PUT', `/api/destinations/${created.body.id}`, destination),
      call('viewer', 'DELETE', `/api/destinations/${created.body.id}`),
      call('viewer', 'POST', `/api/destinations/${created.body.id}/test`),
      call('viewer', 'POST', '/api/alert-templates/vip_message', { destinations: [created.body.id] }),
      call('viewer', 'PUT', '/api/settings/scoring', {}),
      call('viewer', 'POST', '/api/customers/merge', { survivorId: 'a', mergedId: 'b' }),
      call('viewer', 'DELETE', '/api/customers/01J00000000000000000000000'),
      call('viewer', 'GET', '/api/customers/01J00000000000000000000000/export'),
      call('viewer', 'POST', '/api/quarantine/0123456789abcdef0123456789abcdef/replay'),
    ]);
    expect(changes.map((change) => change.status)).toEqual(changes.map(() => 403));
    expect(changes[0]?.body).toMatchObject({ error: 'forbidden' });
    // Nothing changed.
    expect((await call('admin', 'GET', `/api/destinations/${created.body.id}`)).status).toBe(200);
  });

  it('lets a viewer read conversations and templates but not answer, change a conversation or register templates', async () => {
    const conversation = '/api/conversations/01J00000000000000000000000.whatsapp.0123456789abcdef';
    const reads = await Promise.all(
      ['/api/conversations', '/api/message-templates', conversation].map((path) =>
        call('viewer', 'GET', path),
      ),
    );
    expect(reads.map((read) => read.status)).toEqual([200, 200, 404]);
    const changes = await Promise.all([
      call('viewer', 'PUT', conversation, { status: 'resolved' }),
      call('viewer', 'POST', `${conversation}/messages`, { text: 'Hi' }),
      call('viewer', 'POST', `${conversation}/messages`, { note: 'Hi' }),
      call('viewer', 'PUT', '/api/message-templates', { items: [] }),
    ]);
    expect(changes.map((change) => change.status)).toEqual([403, 403, 403, 403]);
  });

  it('lets an agent read what a viewer reads and answer customers, but not change anything else', async () => {
    const created = await call('admin', 'POST', '/api/destinations', destination);
    const conversation = '/api/conversations/01J00000000000000000000000.whatsapp.0123456789abcdef';
    const reads = await Promise.all(
      [
        '/api/destinations',
        `/api/destinations/${created.body.id}`,
        '/api/alert-rules',
        '/api/alerts',
        '/api/audit',
        '/api/segments',
        '/api/duplicates',
        '/api/quarantine',
        '/api/openapi.json',
        '/api/conversations',
        '/api/message-templates',
      ].map((path) => call('agent', 'GET', path)),
    );
    expect(reads.map((read) => read.status)).toEqual(reads.map(() => 200));
    // Past the role check: an unknown conversation is a 404, not a 403.
    const answers = await Promise.all([
      call('agent', 'PUT', conversation, { status: 'resolved' }),
      call('agent', 'POST', `${conversation}/messages`, { note: 'Called back' }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([404, 404]);
    const changes = await Promise.all([
      call('agent', 'POST', '/api/destinations', destination),
      call('agent', 'PUT', `/api/destinations/${created.body.id}`, destination),
      call('agent', 'DELETE', `/api/destinations/${created.body.id}`),
      call('agent', 'POST', `/api/destinations/${created.body.id}/test`),
      call('agent', 'POST', '/api/alert-templates/vip_message', { destinations: [created.body.id] }),
      call('agent', 'PUT', '/api/settings/scoring', {}),
      call('agent', 'PUT', '/api/message-templates', { items: [] }),
      call('agent', 'POST', '/api/customers/merge', { survivorId: 'a', mergedId: 'b' }),
      call('agent', 'DELETE', '/api/customers/01J00000000000000000000000'),
      call('agent', 'GET', '/api/customers/01J00000000000000000000000/export'),
      call('agent', 'POST', '/api/quarantine/0123456789abcdef0123456789abcdef/replay'),
    ]);
    expect(changes.map((change) => change.status)).toEqual(changes.map(() => 403));
    expect(changes[0]?.body).toMatchObject({ error: 'forbidden' });
  });

  it('tells each caller their role and subject (GET /api/me)', async () => {
    const roles = await Promise.all(
      (['admin', 'agent', 'viewer'] as const).map((role) => call(role, 'GET', '/api/me')),
    );
    expect(roles.map((answer) => answer.body)).toEqual([
      { actor: 'test-admin', subject: 'test-admin', role: 'admin' },
      { actor: 'test-agent', subject: 'test-agent', role: 'agent' },
      { actor: 'test-viewer', subject: 'test-viewer', role: 'viewer' },
    ]);
  });

  it('refuses a body over 64 KB with 413', async () => {
    const answer = await call('admin', 'POST', '/api/destinations', {
      ...destination,
      name: 'x'.repeat(70_000),
    });
    expect(answer).toMatchObject({ status: 413, body: { error: 'body_too_large' } });
  });

  it('refuses a signed-in user in no group', async () => {
    const answer = await call('none', 'GET', '/api/destinations');
    expect(answer).toMatchObject({ status: 403, body: { error: 'forbidden' } });
  });
});
