import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { AlertContent } from '../../shared/alerts/alert-message';
import type { AlertRecord } from '../../shared/alerts/alert-record';
import { alertRuleSchema } from '../../shared/alerts/alert-rule';
import { alertTemplates, type TemplateRequest } from '../../shared/alerts/alert-templates';
import { sendBatch } from '../../shared/alerts/send-batch';
import { errorResponse, jsonResponse } from '../../shared/http/api-gateway';
import type { pageQuery } from '../../shared/http/api-requests';
import { RequestError } from '../../shared/http/request-error';
import type { ApiDeps } from './api-deps';
import { audit } from './customer-routes';
import { actorOf } from './request-context';

/** `GET /api/alerts`: the alert log, newest first (what each alert was about, where it went, how it ended). */
export async function listAlerts(deps: ApiDeps, page: z.output<typeof pageQuery>) {
  const result = await deps.alerts.list(page.limit, page.cursor);
  return jsonResponse(200, { items: result.items.map(logEntry), cursor: result.cursor });
}

function logEntry(record: AlertRecord) {
  const { content: _kept, ...entry } = record;
  return entry;
}

/** A test alert: an invented order by an invented customer, clearly marked as a test. */
function testContent(deliveryId: string, now: Date, baseCurrency: string): AlertContent {
  return {
    alertId: deliveryId,
    rule: { id: 'test', name: 'Rapport test alert' },
    event: {
      id: `test:${deliveryId}`,
      type: 'order.placed',
      version: 1,
      occurredAt: now.toISOString(),
      customerId: 'test-customer',
      channel: 'test',
      order: {
        id: 'TEST-1001',
        platform: 'test',
        status: 'placed',
        total: { amount: 12_900, currency: baseCurrency },
        name: '#TEST-1001',
      },
    },
    customer: {
      id: 'test-customer',
      name: 'Test Customer',
      emails: ['test.customer@example.com'],
      phones: [],
      lifecycleStage: 'buyer',
      segment: 'champions',
      orders: 3,
      revenue: { amount: 38_700, currency: baseCurrency },
    },
  };
}

/**
 * `POST /api/destinations/{id}/test`: sends a test alert now (no quiet hours, no digest) and
 * answers how it went: 200 when delivered, 502 with the destination's answer when not.
 */
export async function testDestination(deps: ApiDeps, id: string, event: APIGatewayProxyEventV2) {
  const destination = await deps.alertConfig.get('destination', id);
  if (!destination) return errorResponse(404, 'destination_not_found', `No destination ${id}`);
  const now = deps.now();
  const deliveryId = `test_${deps.newId()}`;
  const content = testContent(deliveryId, now, deps.baseCurrency);
  const { outcome, attempts } = await sendBatch(
    destination,
    { deliveryId, rule: content.rule, alerts: [content] },
    deps.alertTransports,
    { now: deps.now, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), random: Math.random },
    // Within the API's own time limit.
    { maxAttempts: 2, baseDelayMs: 250, maxDelayMs: 1000, budgetMs: 8000 },
  );
  await audit(deps, actorOf(event), 'destination.tested', undefined, {
    id,
    delivered: outcome.kind === 'delivered',
  });
  if (outcome.kind === 'delivered') return jsonResponse(200, { delivered: true, deliveryId, attempts });
  return errorResponse(
    502,
    'destination_failed',
    `The destination did not accept the test alert: ${outcome.reason}`,
    {
      deliveryId,
      attempts,
      retryable: outcome.kind === 'retry-at',
    },
  );
}

/** `GET /api/alert-templates`: the ready-made rules. */
export function listTemplates() {
  return jsonResponse(200, {
    items: Object.entries(alertTemplates).map(([name, template]) => ({
      name,
      description: template.description,
      parameters: template.parameters,
    })),
  });
}

/** `POST /api/alert-templates/{name}`: creates the template's rule for the given destinations, in one call. */
export async function createFromTemplate(
  deps: ApiDeps,
  name: string,
  event: APIGatewayProxyEventV2,
  request: TemplateRequest,
) {
  const template = alertTemplates[name];
  if (!template) return errorResponse(404, 'template_not_found', `No alert template ${name}`);
  for (const destinationId of request.destinations) {
    if (!(await deps.alertConfig.get('destination', destinationId))) {
      throw new RequestError(400, 'unknown_destination', `No destination ${destinationId}`);
    }
  }
  const rule = alertRuleSchema.parse({
    ...template.rule(request, deps.baseCurrency),
    ...(request.name ? { name: request.name } : {}),
    destinations: request.destinations,
    enabled: request.enabled ?? true,
  });
  const id = deps.newId();
  const now = deps.now().toISOString();
  await deps.alertConfig.put('rule', id, rule, now);
  await audit(deps, actorOf(event), 'alert_rule.created', undefined, { id, template: name });
  return jsonResponse(201, { ...rule, id, createdAt: now, updatedAt: now });
}
