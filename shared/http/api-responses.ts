import * as z from 'zod/mini';
import type { AlertRecord } from '../alerts/alert-record';
import { alertRuleSchema } from '../alerts/alert-rule';
import type { AuditRecord } from '../audit/audit-repository';
import { campaignSchema } from '../campaigns/campaign';
import type { CustomerView } from '../customers/customer-item';
import { lifecycleStages } from '../domain/customer';
import { mergeReasons } from '../domain/customer-merges';
import { canonicalEventSchema, eventTypes } from '../events/contracts';
import { conversationStatuses } from '../outbound/conversation';
import { messageStatuses } from '../outbound/message-status';
import type { RegisteredTemplate } from '../outbound/message-template';
import { templatePlatforms } from '../outbound/message-template';
import { outboundPlatforms } from '../outbound/platform-sender';
import type { QuarantineSummary } from '../quarantine/quarantine-repository';

/**
 * The marketer API's answers as zod schemas: the OpenAPI document's response schemas are
 * generated from them, and the type checks at the bottom of this file fail the build when an
 * answer's TypeScript type drifts from its schema.
 */

const dateTime = z.iso.datetime({ offset: true });

/** An amount of money in integer minor units (cents, fen) and its ISO 4217 currency. */
export const moneySchema = z.object({ amount: z.int(), currency: z.string().check(z.length(3)) });

/** `{"error","message","issues"?}`: every error answer (some add details, such as a replay's `reason`). */
export const errorSchema = z.looseObject({
  error: z.string(),
  message: z.string(),
  issues: z.optional(z.array(z.unknown())),
});

/**
 * A page of a list: `items` and the opaque `cursor` of the next page (`null` on the last).
 *
 * @example
 * pageOf(customerSchema);
 */
export function pageOf<T extends z.ZodMiniType>(item: T) {
  return z.object({ items: z.array(item), cursor: z.nullable(z.string()) });
}

/** A customer as the API shows it (public contract, "Customer"), across every customer merged into it. */
export const customerSchema = z.object({
  id: z.string(),
  createdAt: dateTime,
  updatedAt: dateTime,
  name: z.optional(z.string()),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  identities: z.array(z.object({ kind: z.string(), value: z.string() })),
  stats: z.object({
    orders: z.int(),
    revenue: moneySchema,
    firstOrderAt: z.optional(dateTime),
    lastOrderAt: z.optional(dateTime),
    unconvertedOrders: z.optional(z.int()),
    repeatOrders: z.optional(z.int()),
    meanRepeatOrderValue: z.optional(moneySchema),
    messages: z.int(),
    lastMessageAt: z.optional(dateTime),
    comments: z.optional(z.int()),
    checkouts: z.optional(z.int()),
    lastInteractionAt: z.optional(dateTime),
  }),
  lifecycleStage: z.enum(lifecycleStages),
  scores: z.object({
    rfm: z.optional(z.object({ r: z.int(), f: z.int(), m: z.int() })),
    churnBand: z.optional(z.enum(['low', 'medium', 'high'])),
    segment: z.optional(z.string()),
    engagement: z.optional(z.number()),
    pAlive: z.optional(z.number()),
    expectedOrders90d: z.optional(z.number()),
    clv: z.optional(moneySchema),
    churnRisk: z.optional(z.number()),
    reasons: z.array(z.string()),
  }),
  merges: z.array(
    z.object({
      customerId: z.string(),
      mergedAt: dateTime,
      reason: z.enum(mergeReasons),
      linkedBy: z.optional(z.string()),
      by: z.optional(z.string()),
      mergedInto: z.string(),
    }),
  ),
  /** Per platform, the newest statement of the customer's consent (public contract, "Outbound"). */
  consent: z.optional(
    z.record(
      z.string(),
      z.object({
        status: z.enum(['granted', 'denied']),
        at: dateTime,
        source: z.string(),
        scope: z.optional(z.enum(['all', 'marketing'])),
      }),
    ),
  ),
});

/** `POST /api/customers/{id}/unmerge`: both customers as they are after the split. */
export const unmergeResultSchema = z.object({ customers: z.array(customerSchema) });

/** One entry of a customer's timeline: a canonical event (public contract, "Canonical events"). */
export const timelineEventSchema = canonicalEventSchema;

/** `GET /api/customers/{id}/export`: every item held on the person. */
export const personExportSchema = z.looseObject({ exportedAt: dateTime, customer: customerSchema });

/** A possible duplicate with both customers side by side and the evidence. */
export const possibleDuplicateSchema = z.object({
  id: z.string(),
  reason: z.enum(['shared_identity', 'conflicting_identities']),
  proposedAt: dateTime,
  evidence: z.object({
    linkedBy: z.optional(z.string()),
    conflicts: z.optional(
      z.array(z.object({ kind: z.string(), a: z.array(z.string()), b: z.array(z.string()) })),
    ),
  }),
  customers: z.array(customerSchema).check(z.length(2)),
});

/** `POST /api/duplicates/{id}/dismiss`. */
export const dismissResultSchema = z.object({
  dismissed: z.literal(true),
  customerIds: z.array(z.string()).check(z.length(2)),
});

/** `GET /api/segments`: customers per RFM segment. */
export const segmentCountsSchema = z.object({
  items: z.array(z.object({ segment: z.string(), customers: z.int().check(z.minimum(0)) })),
});

/** `GET /api/funnel`: customers who reached each stage in the period, and conversion between stages. */
export const funnelSchema = z.object({
  from: z.string(),
  to: z.string(),
  stages: z.array(
    z.object({
      stage: z.enum(lifecycleStages),
      customers: z.int(),
      conversionFromPrevious: z.nullable(z.number().check(z.minimum(0))),
    }),
  ),
});

/** One change made by a person. */
export const auditRecordSchema = z.object({
  id: z.string(),
  at: dateTime,
  actor: z.string(),
  action: z.string(),
  customerId: z.optional(z.string()),
  details: z.optional(z.record(z.string(), z.unknown())),
});

/** A quarantined payload as an operator sees it (the body stays stored, not listed). */
export const quarantineSummarySchema = z.object({
  id: z.string(),
  channel: z.string(),
  topic: z.optional(z.string()),
  reason: z.string(),
  receivedAt: dateTime,
  bodyBytes: z.int(),
  replayedAt: z.optional(dateTime),
  replayResult: z.optional(z.string()),
});

/** `POST /api/quarantine/{id}/replay`: stored now, or stored already. */
export const replayResultSchema = z.object({ ok: z.literal(true), status: z.string() });

const storedFields = { id: z.string(), createdAt: dateTime, updatedAt: dateTime };

/** An alert rule as stored: the rule and its id and times. */
export const storedRuleSchema = z.extend(alertRuleSchema, storedFields);

/** A destination as shown: its settings with secrets and URL credentials masked (`••••` and the last 4). */
export const shownDestinationSchema = z.object({
  ...storedFields,
  type: z.enum(['webhook', 'slack', 'email', 'sns', 'wecom', 'dingtalk', 'feishu']),
  name: z.string(),
  locale: z.enum(['en', 'zh']),
  quietHours: z.optional(z.object({ start: z.string(), end: z.string(), timeZone: z.string() })),
  url: z.optional(z.string()),
  webhookUrl: z.optional(z.string()),
  secret: z.optional(z.string()),
  to: z.optional(z.array(z.string())),
  topicArn: z.optional(z.string()),
});

/** `POST /api/destinations/{id}/test` when the destination accepted the test alert. */
export const destinationTestSchema = z.object({
  delivered: z.literal(true),
  deliveryId: z.string(),
  attempts: z.int(),
});

/** `GET /api/alert-templates`. */
export const alertTemplatesSchema = z.object({
  items: z.array(z.object({ name: z.string(), description: z.string(), parameters: z.array(z.string()) })),
});

/** One alert of the log: a rule's delivery of one event to one destination. */
export const alertLogEntrySchema = z.object({
  id: z.string(),
  customerId: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  eventId: z.string(),
  eventType: z.enum(eventTypes),
  customerName: z.optional(z.string()),
  destinationId: z.string(),
  destinationType: z.string(),
  status: z.enum(['pending', 'held', 'digested', 'sending', 'sent', 'failed']),
  attempts: z.int(),
  createdAt: dateTime,
  occurredAt: dateTime,
  sentAt: z.optional(dateTime),
  latencyMs: z.optional(z.int()),
  lastError: z.optional(z.string()),
  heldUntil: z.optional(dateTime),
  heldBecause: z.optional(z.string()),
  digestId: z.optional(z.string()),
});

type AlertLogEntry = z.output<typeof alertLogEntrySchema>;

/** `GET /api/me`: who the token belongs to and what they may do (the dashboard hides what they may not). */
export const callerSchema = z.object({
  actor: z.string(),
  /** The token's subject: what a conversation assigned to the caller holds, and `assignee=me` means. */
  subject: z.string(),
  role: z.enum(['admin', 'agent', 'viewer']),
});

/**
 * A conversation as the API shows it (public contract, "Outbound"): `customerId` is the survivor
 * of the merge group of the customer holding the address; `window` is the platform's free-text
 * window at the time of the request.
 */
export const conversationViewSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  customerName: z.optional(z.string()),
  /** The customer's address on the platform (phone, PSID, chat id, OpenID, email). */
  address: z.optional(z.string()),
  platform: z.enum(outboundPlatforms),
  status: z.enum(conversationStatuses),
  assignee: z.optional(z.string()),
  snoozedUntil: z.optional(dateTime),
  lastInboundAt: z.optional(dateTime),
  lastMessageAt: dateTime,
  preview: z.optional(z.string()),
  unread: z.boolean(),
  window: z.object({ open: z.boolean(), closesAt: z.optional(dateTime) }),
});

/** One message of a conversation: the customer's (`in`), ours (`out`) or a private note. */
export const conversationMessageSchema = z.object({
  id: z.string(),
  direction: z.enum(['in', 'out', 'note']),
  text: z.optional(z.string()),
  template: z.optional(
    z.object({ name: z.string(), language: z.string(), parameters: z.optional(z.array(z.string())) }),
  ),
  at: dateTime,
  status: z.optional(z.enum(messageStatuses)),
  error: z.optional(z.string()),
  by: z.optional(z.string()),
});

/** `GET /api/conversations/{id}`: the view and its messages, oldest first. */
export const conversationSchema = z.extend(conversationViewSchema, {
  messages: z.array(conversationMessageSchema),
});

/** `POST /api/conversations/{id}/messages`: the message's id, `queued` for sending or `noted`. */
export const postedMessageSchema = z.object({ id: z.string(), status: z.enum(['queued', 'noted']) });

/** `GET`/`PUT /api/message-templates`: the approved templates the operator registered. */
export const messageTemplatesSchema = z.object({
  items: z.array(
    z.object({
      platform: z.enum(templatePlatforms),
      name: z.string(),
      language: z.string(),
      parameters: z.int(),
      text: z.optional(z.string()),
    }),
  ),
});

/** A campaign as the API shows it: its definition, id, times, status and first enrolment's progress. */
export const campaignViewSchema = z.safeExtend(campaignSchema, {
  id: z.string(),
  createdAt: dateTime,
  startsAt: dateTime,
  status: z.enum(['scheduled', 'running', 'ended']),
  endedAt: z.optional(dateTime),
  enrolment: z.object({ done: z.boolean(), cursor: z.optional(z.string()), scanned: z.int() }),
});

/** A campaign member (public contract): revenue is the goal window's, in base-currency minor units. */
export const campaignMemberSchema = z.object({
  customerId: z.string(),
  group: z.enum(['treatment', 'control']),
  enrolledAt: dateTime,
  converted: z.boolean(),
  revenue: z.int(),
});

const groupResultSchema = z.object({
  customers: z.int(),
  converted: z.int(),
  conversionRate: z.nullable(z.number()),
  revenue: moneySchema,
  revenuePerCustomer: z.nullable(moneySchema),
});
const liftSchema = z.object({
  absolute: z.nullable(z.number()),
  relative: z.nullable(z.number()),
  ci95: z.nullable(z.tuple([z.number(), z.number()])),
  relativeCi95: z.nullable(z.tuple([z.number(), z.number()])),
  pValue: z.nullable(z.number()),
  method: z.string(),
});

/** `GET /api/campaigns/{id}/results` (public contract, "Campaigns"). */
export const campaignResultsSchema = z.object({
  campaignId: z.string(),
  treatment: groupResultSchema,
  control: groupResultSchema,
  lift: z.object({ conversion: liftSchema, revenuePerCustomer: liftSchema }),
  minimumDetectableLift: z.nullable(z.number()),
  verdict: z.object({ en: z.string(), zh: z.string() }),
});

// What the handlers answer must fit the schemas (checked by the compiler).
type Fits<Actual, Schema extends z.ZodMiniType> = Actual extends z.output<Schema> ? true : never;
const fits: [
  Fits<CustomerView, typeof customerSchema>,
  Fits<AuditRecord, typeof auditRecordSchema>,
  Fits<QuarantineSummary, typeof quarantineSummarySchema>,
  Fits<Omit<AlertRecord, 'content' | 'eventType'>, z.ZodMiniType<Omit<AlertLogEntry, 'eventType'>>>,
  Fits<{ items: RegisteredTemplate[] }, typeof messageTemplatesSchema>,
] = [true, true, true, true, true];
void fits;
