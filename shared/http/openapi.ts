import * as z from 'zod/mini';
import { alertRuleSchema } from '../alerts/alert-rule';
import { templateRequestSchema } from '../alerts/alert-templates';
import { destinationSchema } from '../alerts/destination';
import { storefrontEventSchema } from '../channels/storefront/storefront-event';
import { scoringSettingsSchema } from '../scoring/scoring-settings';
import { type ApiOperation, apiOperations } from './api-operations';
import {
  customerSchema,
  errorSchema,
  moneySchema,
  shownDestinationSchema,
  storedRuleSchema,
  timelineEventSchema,
} from './api-responses';

/**
 * The JSON Schema of Rapport's storefront event, generated from its zod schema.
 *
 * @example
 * writeFileSync('docs/storefront-event.schema.json', JSON.stringify(storefrontEventJsonSchema(), null, 2));
 */
export function storefrontEventJsonSchema(): object {
  return z.toJSONSchema(storefrontEventSchema);
}

type JsonSchema = Record<string, unknown>;

/** Names of the schemas shared by several operations; the rest are named after their operation. */
const responseNames = new Map<z.ZodMiniType, string>([
  [customerSchema, 'Customer'],
  [moneySchema, 'Money'],
  [errorSchema, 'Error'],
  [storedRuleSchema, 'StoredAlertRule'],
  [shownDestinationSchema, 'ShownDestination'],
  [scoringSettingsSchema, 'ScoringSettings'],
  [timelineEventSchema, 'CanonicalEvent'],
]);
const requestNames = new Map<z.ZodMiniType, string>([
  [alertRuleSchema, 'AlertRule'],
  [destinationSchema, 'Destination'],
  [templateRequestSchema, 'AlertTemplateRequest'],
]);

const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/**
 * The OpenAPI 3.1 document of the marketer API and the storefront webhook (served at
 * `GET /api/openapi.json`): every operation, its parameters, request body and answers generated
 * from the zod schemas of `apiOperations`, which the API routes and validates with.
 *
 * @example
 * const document = openApiDocument();
 */
export function openApiDocument(): object {
  const responses = z.registry<{ id: string }>();
  const requests = z.registry<{ id: string }>();
  const nameIn = (
    registry: z.core.$ZodRegistry<{ id: string }>,
    names: Map<z.ZodMiniType, string>,
    schema: z.ZodMiniType,
    fallback: string,
  ) => {
    const existing = registry.get(schema)?.id;
    if (existing) return existing;
    const id = names.get(schema) ?? fallback;
    registry.add(schema, { id });
    return id;
  };
  for (const [schema, id] of responseNames) responses.add(schema, { id });

  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, operation] of Object.entries(apiOperations) as [string, ApiOperation][]) {
    const parameters = [
      ...Object.entries(operation.params ?? {}).map(([name, schema]) => ({
        name,
        in: 'path',
        required: true,
        schema: inline(schema),
      })),
      ...queryParameters(operation.query),
    ];
    const answers: Record<string, unknown> = {};
    for (const [status, answer] of Object.entries(operation.responses)) {
      answers[status] = answer.csv
        ? { description: answer.description, content: { 'text/csv': { schema: { type: 'string' } } } }
        : answer.schema
          ? {
              description: answer.description,
              content: {
                'application/json': {
                  schema: ref(
                    nameIn(responses, responseNames, answer.schema, `${upperFirst(operationId)}Response`),
                  ),
                },
              },
            }
          : { description: answer.description, ...(Number(status) >= 400 ? errorContent : {}) };
    }
    const input = operation.params || operation.query || operation.body;
    Object.assign(
      answers,
      commonAnswers,
      input ? { 400: invalid } : {},
      operation.body ? { 413: tooLarge } : {},
    );
    paths[operation.path] = {
      ...paths[operation.path],
      [operation.method]: {
        operationId,
        summary: operation.summary,
        description: roleDescriptions[operation.role],
        ...(parameters.length ? { parameters } : {}),
        ...(operation.body
          ? {
              requestBody: {
                required: true,
                content: {
                  'application/json': {
                    schema: ref(
                      nameIn(requests, requestNames, operation.body, `${upperFirst(operationId)}Request`),
                    ),
                  },
                },
              },
            }
          : {}),
        responses: answers,
      },
    };
  }
  const { $schema: _ignored, ...storefrontEvent } = storefrontEventJsonSchema() as JsonSchema;
  return {
    openapi: '3.1.0',
    info: {
      title: 'Rapport',
      version: '1',
      description:
        'Serverless social CRM: marketer API and webhooks. Every /api route needs a bearer token: an admin (Cognito group `admin`, locally RAPPORT_API_TOKEN) may change things; an agent (group `agent`, locally RAPPORT_AGENT_TOKEN) reads what a viewer reads and answers customers: replies, notes, assignment and conversation status, nothing else; a viewer (group `viewer`, locally RAPPORT_VIEWER_TOKEN) may only read, and any change answers 403. A reply is accepted with 202 {"id","status":"queued"} once it is durably queued (sent after), a note with 202 {"id","status":"noted"}; a refusal is 409 {"error":"window_closed"|"opted_out"|"no_channel","message"} with nothing stored. Errors are {"error","message","issues"?}. Lists are {"items","cursor"}: pass `cursor` back for the next page; `limit` is 1 to 100 (25 by default). Request bodies are limited to 64 KB.',
    },
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        ...componentsOf(responses, 'output'),
        ...componentsOf(requests, 'input'),
        StorefrontEvent: storefrontEvent,
      },
    },
    paths: {
      ...paths,
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
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('StorefrontEvent') } },
          },
          responses: {
            200: { description: 'Stored (or already stored)' },
            202: { description: 'Signed but not understood: kept in quarantine' },
            401: {
              description: 'Bad or missing signature, or a timestamp outside 5 minutes',
              ...errorContent,
            },
            404: { description: 'The storefront channel has no secret configured', ...errorContent },
            413: { description: 'The body is over 1 MiB', ...errorContent },
          },
        },
      },
    },
  };
}

/** Who may call an operation, by its least role allowed (viewer < agent < admin). */
const roleDescriptions: Record<ApiOperation['role'], string> = {
  admin: 'Admins only (a viewer or an agent gets 403).',
  agent: 'Agents and admins (a viewer gets 403).',
  viewer: 'Viewers, agents and admins.',
};

const errorContent = { content: { 'application/json': { schema: ref('Error') } } };
const invalid = {
  description: 'The path, query or body is not valid (with the zod issues)',
  ...errorContent,
};
const tooLarge = { description: 'The body is over 64 KB', ...errorContent };
const commonAnswers = {
  401: { description: 'No token, or a token that is not valid', ...errorContent },
  403: { description: 'The caller’s role may not do this', ...errorContent },
};

/** A registry's schemas as OpenAPI components, referring to each other by `$ref`. */
function componentsOf(registry: z.core.$ZodRegistry<{ id: string }>, io: 'input' | 'output') {
  const { schemas } = z.toJSONSchema(registry, {
    io,
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, JsonSchema> };
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _schema, $id: _id, ...schema }]) => [id, schema]),
  );
}

function inline(schema: z.ZodMiniType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as JsonSchema;
  return rest;
}

/** A query object's fields as OpenAPI query parameters. */
function queryParameters(query: z.ZodMiniType | undefined) {
  if (!query) return [];
  const schema = inline(query) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    ...(schema.required?.includes(name) ? { required: true } : {}),
    schema: property,
  }));
}
