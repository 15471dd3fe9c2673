import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiOperations } from '../../shared/http/api-operations';
import { openApiDocument, storefrontEventJsonSchema } from '../../shared/http/openapi';

describe('published schemas', () => {
  it('docs/storefront-event.schema.json is the one generated from the zod schema (npm run docs)', () => {
    const published = JSON.parse(readFileSync('docs/storefront-event.schema.json', 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(storefrontEventJsonSchema())));
  });

  it('the OpenAPI document is 3.1 and carries the storefront event and the customer routes', () => {
    const document = openApiDocument() as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/customers',
        '/api/customers/{id}',
        '/api/customers/{id}/timeline',
        '/api/customers/{id}/export',
        '/api/customers/merge',
        '/api/customers/{id}/unmerge',
        '/api/duplicates',
        '/api/duplicates/{id}/accept',
        '/api/duplicates/{id}/dismiss',
        '/api/alert-rules',
        '/api/alert-rules/{id}',
        '/api/destinations',
        '/api/destinations/{id}',
        '/api/destinations/{id}/test',
        '/api/alert-templates',
        '/api/alert-templates/{name}',
        '/api/alerts',
        '/api/campaigns',
        '/api/campaigns/{id}',
        '/api/campaigns/{id}/end',
        '/api/campaigns/{id}/members',
        '/api/campaigns/{id}/members.csv',
        '/api/campaigns/{id}/results',
        '/webhooks/storefront',
      ]),
    );
    expect(document.components.schemas.StorefrontEvent).toMatchObject({ oneOf: expect.any(Array) });
    // Rules and destinations are documented from the same zod schemas the API validates with.
    expect(document.components.schemas.AlertRule).toMatchObject({
      required: expect.arrayContaining(['name', 'on', 'destinations']),
    });
    expect(JSON.stringify(document.components.schemas.Destination)).toContain('dingtalk');
  });

  it('documents every operation the API routes, with its id, role, common answers and generated schemas', () => {
    const document = openApiDocument() as {
      paths: Record<string, Record<string, Record<string, unknown> & { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    for (const [operationId, operation] of Object.entries(apiOperations)) {
      const documented = document.paths[operation.path]?.[operation.method];
      expect(documented, operationId).toMatchObject({ operationId });
      expect(Object.keys(documented?.responses ?? {})).toEqual(expect.arrayContaining(['401', '403']));
      if ('body' in operation) expect(Object.keys(documented?.responses ?? {})).toContain('413');
      expect(String(documented?.description)).toBe(
        {
          admin: 'Admins only (a viewer or an agent gets 403).',
          agent: 'Agents and admins (a viewer gets 403).',
          viewer: 'Viewers, agents and admins.',
        }[operation.role],
      );
    }
    // Answers are generated from zod: the customer carries its scores and the merge reasons.
    expect(document.components.schemas.Customer).toMatchObject({
      required: expect.arrayContaining(['id', 'stats', 'scores', 'lifecycleStage', 'merges']),
    });
    expect(JSON.stringify(document.components.schemas.Customer)).toContain('duplicate_accepted');
    expect(document.paths['/api/customers']?.get?.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'limit',
          in: 'query',
          schema: expect.objectContaining({ maximum: 100 }),
        }),
        expect.objectContaining({ name: 'segment', in: 'query' }),
      ]),
    );
  });
});
