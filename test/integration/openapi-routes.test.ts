import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ApiDeps, serveApi } from '../../functions/serve-api/serve-api';
import { httpAnswerForError } from '../../shared/http/http-error';
import { openApiDocument } from '../../shared/http/openapi';
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

type Operation = { responses: Record<string, unknown>; requestBody?: unknown };
const document = openApiDocument() as { paths: Record<string, Record<string, Operation>> };

/** A value for each path parameter that passes the route's own id check (and names nothing). */
function concrete(path: string): string {
  return path
    .replace('/api/customers/{id}', '/api/customers/01J00000000000000000000000')
    .replace('/api/duplicates/{id}', `/api/duplicates/${'0'.repeat(32)}`)
    .replace('/api/quarantine/{id}', `/api/quarantine/${'0'.repeat(32)}`)
    .replace(
      '/api/conversations/{id}',
      `/api/conversations/01J00000000000000000000000.whatsapp.${'0'.repeat(16)}`,
    )
    .replace('{name}', 'vip_message')
    .replace('{id}', 'none-such');
}

const operations = Object.entries(document.paths)
  .filter(([path]) => path.startsWith('/api/'))
  .flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
  );

describe('the OpenAPI document (GET /api/openapi.json)', () => {
  it('is a valid OpenAPI 3.1 document, by an independent validator', async () => {
    const result = await new Validator().validate(document as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it.each(operations.map((entry) => [`${entry.method} ${entry.path}`, entry] as const))(
    '%s answers, with a status the document lists',
    async (_name, { path, method, operation }) => {
      const body =
        operation.requestBody || method === 'POST' || method === 'PUT' ? { body: Buffer.from('{}') } : {};
      const query = path === '/api/funnel' ? { query: { from: '2026-11-01', to: '2026-11-24' } } : {};
      const response = await serveApi(deps, apiEvent(method, concrete(path), { ...body, ...query })).catch(
        httpAnswerForError,
      );
      const answer = response.body ? JSON.parse(response.body) : {};
      // Not the router's own "no route" 404: the route exists.
      expect(String(answer.message ?? '')).not.toMatch(/^No route for/);
      expect(
        Object.keys(operation.responses),
        `${method} ${path} answered ${response.statusCode}: ${response.body}`,
      ).toContain(String(response.statusCode));
    },
  );
});
