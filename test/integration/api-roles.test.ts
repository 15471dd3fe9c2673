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

async function call(role: 'admin' | 'viewer' | 'none', method: string, path: string, body?: unknown) {
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
