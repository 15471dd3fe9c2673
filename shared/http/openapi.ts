import * as z from 'zod/mini';
import { alertRuleSchema } from '../alerts/alert-rule';
import { templateRequestSchema } from '../alerts/alert-templates';
import { destinationSchema } from '../alerts/destination';
import { storefrontEventSchema } from '../channels/storefront/storefront-event';
import { scoringSettingsSchema } from '../scoring/scoring-settings';
import { mergeBody, unmergeBody } from './api-requests';

const page = (item: object) => ({
  type: 'object',
  required: ['items', 'cursor'],
  properties: { items: { type: 'array', items: item }, cursor: { type: ['string', 'null'] } },
});
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const error = { description: 'Error', ...json(ref('Error')) };
const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const paging = [
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 } },
  { name: 'cursor', in: 'query', schema: { type: 'string' } },
];

/**
 * The JSON Schema of Rapport's storefront event, generated from its zod schema.
 *
 * @example
 * writeFileSync('docs/storefront-event.schema.json', JSON.stringify(storefrontEventJsonSchema(), null, 2));
 */
export function storefrontEventJsonSchema(): object {
  return z.toJSONSchema(storefrontEventSchema);
}

/**
 * The OpenAPI 3.1 document of the marketer API and the storefront webhook, generated from the
 * zod schemas where they exist (served at `GET /api/openapi.json`).
 *
 * @example
 * const document = openApiDocument();
 */
export function openApiDocument(): object {
  const { $schema: _ignored, ...storefrontEvent } = storefrontEventJsonSchema() as Record<string, unknown>;
  return withCommonAnswers({
    openapi: '3.1.0',
    info: {
      title: 'Rapport',
      version: '1',
      description:
        'Serverless social CRM: marketer API and webhooks. Every /api route needs a bearer token: an admin (Cognito group `admin`, locally RAPPORT_API_TOKEN) may change things; a viewer (group `viewer`, locally RAPPORT_VIEWER_TOKEN) may only read, and any change answers 403. Errors are {"error","message","issues"?}.',
    },
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        AlertRule: z.toJSONSchema(alertRuleSchema, { io: 'input' }),
        ScoringSettings: z.toJSONSchema(scoringSettingsSchema, { io: 'output' }),
        Destination: z.toJSONSchema(destinationSchema, { io: 'input' }),
        AlertTemplateRequest: z.toJSONSchema(templateRequestSchema, { io: 'input' }),
        AlertLogEntry: {
          type: 'object',
          properties: {
            id: { type: 'string', description: 'Stable across retries; the delivery id receivers see' },
            ruleId: { type: 'string' },
            ruleName: { type: 'string' },
            eventId: { type: 'string' },
            eventType: { type: 'string' },
            customerId: { type: 'string' },
            customerName: { type: 'string' },
            destinationId: { type: 'string' },
            destinationType: { type: 'string' },
            status: { enum: ['pending', 'held', 'digested', 'sending', 'sent', 'failed'] },
            attempts: { type: 'integer' },
            createdAt: { type: 'string', format: 'date-time' },
            sentAt: { type: 'string', format: 'date-time' },
            latencyMs: { type: 'integer', description: 'From the event to its delivery' },
            lastError: { type: 'string' },
            heldUntil: { type: 'string', format: 'date-time' },
            heldBecause: { type: 'string' },
            digestId: { type: 'string' },
          },
        },
        Error: {
          type: 'object',
          required: ['error', 'message'],
          properties: { error: { type: 'string' }, message: { type: 'string' }, issues: { type: 'array' } },
        },
        Money: {
          type: 'object',
          required: ['amount', 'currency'],
          properties: {
            amount: { type: 'integer', description: 'Minor units' },
            currency: { type: 'string' },
          },
        },
        Customer: {
          type: 'object',
          required: [
            'id',
            'createdAt',
            'updatedAt',
            'emails',
            'phones',
            'identities',
            'stats',
            'lifecycleStage',
            'scores',
          ],
          properties: {
            id: { type: 'string' },
            createdAt: { type: 'string', format: 'date-time' },
            updatedAt: { type: 'string', format: 'date-time' },
            name: { type: 'string' },
            emails: { type: 'array', items: { type: 'string' } },
            phones: { type: 'array', items: { type: 'string' } },
            identities: {
              type: 'array',
              items: { type: 'object', properties: { kind: { type: 'string' }, value: { type: 'string' } } },
            },
            stats: { type: 'object' },
            lifecycleStage: { enum: ['visitor', 'engaged', 'shopper', 'buyer', 'repeat'] },
            scores: { type: 'object' },
            merges: {
              type: 'array',
              description: 'Customers merged into this one, with the evidence',
              items: {
                type: 'object',
                required: ['customerId', 'mergedAt', 'reason', 'mergedInto'],
                properties: {
                  customerId: { type: 'string' },
                  mergedAt: { type: 'string', format: 'date-time' },
                  reason: { enum: ['same_identity', 'manual', 'duplicate_accepted'] },
                  linkedBy: { type: 'string', description: 'The identity both held, kind:value' },
                  by: { type: 'string', description: 'Who decided, for a merge a person made' },
                  mergedInto: { type: 'string' },
                },
              },
            },
          },
        },
        PossibleDuplicate: {
          type: 'object',
          required: ['id', 'reason', 'proposedAt', 'evidence', 'customers'],
          properties: {
            id: { type: 'string' },
            reason: { enum: ['shared_identity', 'conflicting_identities'] },
            proposedAt: { type: 'string', format: 'date-time' },
            evidence: {
              type: 'object',
              properties: {
                linkedBy: { type: 'string' },
                conflicts: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      kind: { type: 'string' },
                      a: { type: 'array', items: { type: 'string' } },
                      b: { type: 'array', items: { type: 'string' } },
                    },
                  },
                },
              },
            },
            customers: { type: 'array', items: ref('Customer'), minItems: 2, maxItems: 2 },
          },
        },
        StorefrontEvent: storefrontEvent,
      },
    },
    paths: {
      '/api/customers': {
        get: {
          summary: 'Customers holding an identity, or in an RFM segment',
          parameters: [
            { name: 'identity', in: 'query', schema: { type: 'string', example: 'email:ana@example.com' } },
            { name: 'segment', in: 'query', schema: { type: 'string' } },
            ...paging,
          ],
          responses: {
            200: { description: 'A page of customers', ...json(page(ref('Customer'))) },
            400: error,
            401: error,
          },
        },
      },
      '/api/customers/{id}': {
        get: {
          summary: 'One customer (a merged-away id answers with its survivor)',
          parameters: [idParameter],
          responses: { 200: { description: 'The customer', ...json(ref('Customer')) }, 404: error },
        },
        delete: {
          summary:
            'Erase the person everywhere: every customer of the group, identity claims, order pointers (audited)',
          parameters: [idParameter],
          responses: { 204: { description: 'Erased' }, 404: error },
        },
      },
      '/api/customers/{id}/export': {
        get: {
          summary: 'Every item held on the person, as one JSON document (audited)',
          parameters: [idParameter],
          responses: { 200: { description: 'The export document', ...json({ type: 'object' }) }, 404: error },
        },
      },
      '/api/customers/merge': {
        post: {
          summary: 'Merge two customers by hand; the survivor keeps its id',
          requestBody: {
            required: true,
            ...json(z.toJSONSchema(mergeBody, { io: 'input' })),
          },
          responses: {
            200: { description: 'The merged customer', ...json(ref('Customer')) },
            400: error,
            404: error,
            409: error,
          },
        },
      },
      '/api/customers/{id}/unmerge': {
        post: {
          summary: 'Split a merge back into the original customers',
          parameters: [idParameter],
          requestBody: {
            required: true,
            ...json(z.toJSONSchema(unmergeBody, { io: 'input' })),
          },
          responses: {
            200: {
              description: 'Both customers as they are after the split',
              ...json({
                type: 'object',
                properties: { customers: { type: 'array', items: ref('Customer') } },
              }),
            },
            404: error,
            409: error,
          },
        },
      },
      '/api/duplicates': {
        get: {
          summary: 'Possible duplicates awaiting a decision, with evidence',
          parameters: paging,
          responses: { 200: { description: 'A page of proposals', ...json(page(ref('PossibleDuplicate'))) } },
        },
      },
      '/api/duplicates/{id}/accept': {
        post: {
          summary: 'Merge the two customers of a proposal',
          parameters: [idParameter],
          responses: { 200: { description: 'The merged customer', ...json(ref('Customer')) }, 404: error },
        },
      },
      '/api/duplicates/{id}/dismiss': {
        post: {
          summary: 'Keep the two apart; they are not proposed again',
          parameters: [idParameter],
          responses: { 200: { description: 'Dismissed' }, 404: error },
        },
      },
      '/api/segments': {
        get: {
          summary: 'Customers per RFM segment',
          responses: {
            200: {
              description: 'Counts',
              ...json({
                type: 'object',
                properties: {
                  items: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: { segment: { type: 'string' }, customers: { type: 'integer' } },
                    },
                  },
                },
              }),
            },
          },
        },
      },
      '/api/funnel': {
        get: {
          summary: 'Customers who reached each lifecycle stage in a period, and conversion between stages',
          parameters: [
            { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
            { name: 'to', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
          ],
          responses: { 200: { description: 'The funnel', ...json({ type: 'object' }) }, 400: error },
        },
      },
      '/api/settings/scoring': {
        get: {
          summary: 'Scoring settings in use',
          responses: { 200: { description: 'Settings', ...json(ref('ScoringSettings')) } },
        },
        put: {
          summary: 'Change scoring settings (any subset; validated whole; audited)',
          // Any subset of the settings; the result is validated whole.
          requestBody: {
            required: true,
            ...json(z.toJSONSchema(z.partial(scoringSettingsSchema), { io: 'input' })),
          },
          responses: { 200: { description: 'Settings', ...json(ref('ScoringSettings')) }, 400: error },
        },
      },
      '/api/audit': {
        get: {
          summary: 'Changes made by people (merges, unmerges, decisions, exports, erasures), newest first',
          parameters: paging,
          responses: { 200: { description: 'A page of audit records', ...json(page({ type: 'object' })) } },
        },
      },
      '/api/customers/{id}/timeline': {
        get: {
          summary: 'Interactions and orders, newest first',
          parameters: [idParameter, ...paging],
          responses: {
            200: { description: 'A page of canonical events', ...json(page({ type: 'object' })) },
            404: error,
          },
        },
      },
      '/api/alert-rules': {
        get: {
          summary: 'Alert rules, newest first',
          parameters: paging,
          responses: { 200: { description: 'A page of rules', ...json(page(ref('AlertRule'))) } },
        },
        post: {
          summary: 'Create a rule (its destinations must exist; audited)',
          requestBody: { required: true, ...json(ref('AlertRule')) },
          responses: { 201: { description: 'The rule with its id', ...json(ref('AlertRule')) }, 400: error },
        },
      },
      '/api/alert-rules/{id}': {
        get: {
          summary: 'One rule',
          parameters: [idParameter],
          responses: { 200: { description: 'The rule', ...json(ref('AlertRule')) }, 404: error },
        },
        put: {
          summary: 'Replace a rule (audited)',
          parameters: [idParameter],
          requestBody: { required: true, ...json(ref('AlertRule')) },
          responses: { 200: { description: 'The rule', ...json(ref('AlertRule')) }, 400: error, 404: error },
        },
        delete: {
          summary: 'Delete a rule (audited)',
          parameters: [idParameter],
          responses: { 204: { description: 'Deleted' }, 404: error },
        },
      },
      '/api/destinations': {
        get: {
          summary: 'Alert destinations, newest first; secrets and URL credentials masked',
          parameters: paging,
          responses: { 200: { description: 'A page of destinations', ...json(page(ref('Destination'))) } },
        },
        post: {
          summary: 'Create a destination (https to a public address in AWS; audited)',
          requestBody: { required: true, ...json(ref('Destination')) },
          responses: {
            201: { description: 'The destination, masked', ...json(ref('Destination')) },
            400: error,
          },
        },
      },
      '/api/destinations/{id}': {
        get: {
          summary: 'One destination, masked',
          parameters: [idParameter],
          responses: { 200: { description: 'The destination', ...json(ref('Destination')) }, 404: error },
        },
        put: {
          summary: 'Replace a destination (a left-out secret is kept; audited)',
          parameters: [idParameter],
          requestBody: { required: true, ...json(ref('Destination')) },
          responses: {
            200: { description: 'The destination, masked', ...json(ref('Destination')) },
            400: error,
            404: error,
          },
        },
        delete: {
          summary: 'Delete a destination no rule uses (audited)',
          parameters: [idParameter],
          responses: { 204: { description: 'Deleted' }, 404: error, 409: error },
        },
      },
      '/api/destinations/{id}/test': {
        post: {
          summary: 'Send a test alert now and say whether the destination accepted it (audited)',
          parameters: [idParameter],
          responses: {
            200: {
              description: 'Delivered',
              ...json({
                type: 'object',
                properties: {
                  delivered: { const: true },
                  deliveryId: { type: 'string' },
                  attempts: { type: 'integer' },
                },
              }),
            },
            404: error,
            502: error,
          },
        },
      },
      '/api/alert-templates': {
        get: {
          summary: 'Ready-made rules',
          responses: { 200: { description: 'The templates', ...json({ type: 'object' }) } },
        },
      },
      '/api/alert-templates/{name}': {
        post: {
          summary: 'Create a template’s rule in one call (audited)',
          parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, ...json(ref('AlertTemplateRequest')) },
          responses: { 201: { description: 'The rule', ...json(ref('AlertRule')) }, 400: error, 404: error },
        },
      },
      '/api/alerts': {
        get: {
          summary: 'The alert log, newest first: rule, customer, destination, status, attempts, latency',
          parameters: paging,
          responses: { 200: { description: 'A page of alerts', ...json(page(ref('AlertLogEntry'))) } },
        },
      },
      '/api/quarantine': {
        get: {
          summary: 'Signed payloads Rapport could not read (channel, topic, reason, size), newest first',
          parameters: paging,
          responses: {
            200: { description: 'A page of quarantined payloads', ...json(page({ type: 'object' })) },
          },
        },
      },
      '/api/quarantine/{id}/replay': {
        post: {
          summary: 'Run a quarantined payload through its channel’s current reader again (admin; audited)',
          parameters: [idParameter],
          responses: {
            200: { description: 'Stored, or already stored', ...json({ type: 'object' }) },
            400: error,
            404: error,
            409: error,
            422: error,
            502: error,
          },
        },
      },
      '/api/openapi.json': {
        get: {
          summary: 'This document',
          responses: { 200: { description: 'OpenAPI 3.1', ...json({ type: 'object' }) } },
        },
      },
      '/webhooks/storefront': {
        post: {
          summary: 'Rapport’s own signed storefront event (see docs/storefront-webhook.md)',
          security: [],
          parameters: [
            {
              name: 'X-Rapport-Signature',
              in: 'header',
              required: true,
              schema: {
                type: 'string',
                example: 't=1795400000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd',
              },
            },
          ],
          requestBody: { required: true, ...json(ref('StorefrontEvent')) },
          responses: {
            200: { description: 'Stored (or already stored)' },
            202: { description: 'Signed but not understood: kept in quarantine' },
            401: error,
          },
        },
      },
    },
  });
}

type Operation = { responses: Record<string, unknown>; requestBody?: unknown };

/**
 * Adds the answers every marketer route can give: 401 (no or a wrong token), 403 (a viewer
 * changing something, or a user in no group), and for routes taking a body 400 (invalid) and 413
 * (over 64 KB).
 */
function withCommonAnswers<T extends { paths: Record<string, Record<string, Operation>> }>(document: T): T {
  const error = { description: 'Error', content: { 'application/json': { schema: ref('Error') } } };
  for (const [path, methods] of Object.entries(document.paths)) {
    if (!path.startsWith('/api/')) continue;
    for (const operation of Object.values(methods)) {
      operation.responses = { ...operation.responses, 401: error, 403: error };
      if (operation.requestBody) operation.responses = { ...operation.responses, 400: error, 413: error };
    }
  }
  return document;
}
