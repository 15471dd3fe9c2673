import * as z from 'zod/mini';
import { alertRuleSchema } from '../alerts/alert-rule';
import { templateRequestSchema } from '../alerts/alert-templates';
import { destinationSchema } from '../alerts/destination';
import { campaignSchema } from '../campaigns/campaign';
import { scoringSettingsSchema } from '../scoring/scoring-settings';
import {
  campaignMembersQuery,
  changeConversationBody,
  configIdParam,
  conversationIdParam,
  customerIdParam,
  duplicateIdParam,
  funnelQuery,
  listConversationsQuery,
  listCustomersQuery,
  mergeBody,
  messageTemplatesBody,
  pageQuery,
  postMessageBody,
  quarantineIdParam,
  scoringSettingsChange,
  templateNameParam,
  unmergeBody,
} from './api-requests';
import {
  alertLogEntrySchema,
  alertTemplatesSchema,
  auditRecordSchema,
  callerSchema,
  campaignMemberSchema,
  campaignResultsSchema,
  campaignViewSchema,
  conversationSchema,
  conversationViewSchema,
  customerSchema,
  destinationTestSchema,
  dismissResultSchema,
  errorSchema,
  funnelSchema,
  messageTemplatesSchema,
  pageOf,
  personExportSchema,
  possibleDuplicateSchema,
  postedMessageSchema,
  quarantineSummarySchema,
  replayResultSchema,
  segmentCountsSchema,
  shownDestinationSchema,
  storedRuleSchema,
  timelineEventSchema,
  unmergeResultSchema,
} from './api-responses';

/**
 * What a caller may do: `admin` changes things, `agent` reads what a viewer reads and answers
 * customers (replies, notes, assignment, conversation status), `viewer` only reads.
 */
export type Role = 'admin' | 'agent' | 'viewer';

/** Roles from the least to the most allowed: each may call what the ones before it may. */
const roleOrder: ReadonlyArray<Role> = ['viewer', 'agent', 'admin'];

/**
 * Whether a caller with `role` may call an operation whose least role allowed is `least`
 * (viewer < agent < admin: an agent never gets an admin operation).
 *
 * @example
 * roleAllows('agent', 'admin'); // false
 */
export function roleAllows(role: Role, least: Role): boolean {
  return roleOrder.indexOf(role) >= roleOrder.indexOf(least);
}

/** One answer of an operation: its description and, when it has a JSON body, its schema. */
export interface ApiAnswer {
  description: string;
  schema?: z.ZodMiniType;
  /** The answer is CSV text, not JSON. */
  csv?: true;
}

/**
 * One operation of the marketer API: the router dispatches by it, checks the role and validates
 * the path, query and body with its schemas; the OpenAPI document is generated from it.
 */
export interface ApiOperation {
  method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI path template, `{name}` for a path parameter. */
  path: string;
  summary: string;
  /** The least role allowed to call it. */
  role: Role;
  params?: Record<string, z.ZodMiniType<string>>;
  query?: z.ZodMiniType;
  body?: z.ZodMiniType;
  /** Answers other than the common ones (401, 403, and 400/413 for input). */
  responses: Record<number, ApiAnswer>;
}

const customerId = { id: customerIdParam };
const conversationId = { id: conversationIdParam };
const configId = { id: configIdParam };
const notFound: ApiAnswer = { description: 'Not found' };
const conflict: ApiAnswer = { description: 'Conflicts with the current state' };
const deleted: ApiAnswer = { description: 'Deleted' };
const ok = (description: string, schema?: z.ZodMiniType): ApiAnswer => ({
  description,
  ...(schema ? { schema } : {}),
});

/** The alert rules' and destinations' five routes. */
function configOperations<Name extends string>(
  name: Name,
  path: string,
  plural: string,
  request: z.ZodMiniType,
  answer: z.ZodMiniType,
  notes: { create: string; replace: string; remove: string; read: string },
) {
  return {
    [`list${name}s`]: {
      method: 'get',
      path,
      summary: `${plural}, newest first`,
      role: 'viewer',
      query: pageQuery,
      responses: { 200: ok(`A page of ${plural.toLowerCase()}`, pageOf(answer)) },
    },
    [`create${name}`]: {
      method: 'post',
      path,
      summary: notes.create,
      role: 'admin',
      body: request,
      responses: { 201: ok('Created, with its id', answer) },
    },
    [`get${name}`]: {
      method: 'get',
      path: `${path}/{id}`,
      summary: notes.read,
      role: 'viewer',
      params: configId,
      responses: { 200: ok('Found', answer), 404: notFound },
    },
    [`replace${name}`]: {
      method: 'put',
      path: `${path}/{id}`,
      summary: notes.replace,
      role: 'admin',
      params: configId,
      body: request,
      responses: { 200: ok('Replaced', answer), 404: notFound },
    },
    [`delete${name}`]: {
      method: 'delete',
      path: `${path}/{id}`,
      summary: notes.remove,
      role: 'admin',
      params: configId,
      responses: { 204: deleted, 404: notFound, ...(name === 'Destination' ? { 409: conflict } : {}) },
    },
  } as unknown as Record<`list${Name}s`, ApiOperation & { query: typeof pageQuery }> &
    Record<`${'create' | 'get' | 'replace' | 'delete'}${Name}`, ApiOperation>;
}

/**
 * Every operation of the marketer API, by operation id (public contract, "Marketer API").
 *
 * @example
 * apiOperations.getCustomer.path; // '/api/customers/{id}'
 */
export const apiOperations = {
  listCustomers: {
    method: 'get',
    path: '/api/customers',
    summary: 'Customers holding an identity (kind:value), or in an RFM segment, best first',
    role: 'viewer',
    query: listCustomersQuery,
    responses: { 200: ok('A page of customers', pageOf(customerSchema)) },
  },
  mergeCustomers: {
    method: 'post',
    path: '/api/customers/merge',
    summary: 'Merge two customers by hand; the survivor keeps its id (audited)',
    role: 'admin',
    body: mergeBody,
    responses: { 200: ok('The merged customer', customerSchema), 404: notFound, 409: conflict },
  },
  getCustomer: {
    method: 'get',
    path: '/api/customers/{id}',
    summary: 'One customer (a merged-away id answers with its survivor)',
    role: 'viewer',
    params: customerId,
    responses: { 200: ok('The customer', customerSchema), 404: notFound },
  },
  eraseCustomer: {
    method: 'delete',
    path: '/api/customers/{id}',
    summary:
      'Erase the person everywhere: every customer of the group, identity claims, order pointers (audited)',
    role: 'admin',
    params: customerId,
    responses: { 204: ok('Erased'), 404: notFound },
  },
  getTimeline: {
    method: 'get',
    path: '/api/customers/{id}/timeline',
    summary: 'Interactions and orders of the whole person, newest first',
    role: 'viewer',
    params: customerId,
    query: pageQuery,
    responses: { 200: ok('A page of canonical events', pageOf(timelineEventSchema)), 404: notFound },
  },
  exportCustomer: {
    method: 'get',
    path: '/api/customers/{id}/export',
    summary: 'Every item held on the person, as one JSON document (admin; audited)',
    role: 'admin',
    params: customerId,
    responses: { 200: ok('The export document', personExportSchema), 404: notFound },
  },
  unmergeCustomer: {
    method: 'post',
    path: '/api/customers/{id}/unmerge',
    summary: 'Split a merge back into the original customers (audited)',
    role: 'admin',
    params: customerId,
    body: unmergeBody,
    responses: {
      200: ok('Both customers after the split', unmergeResultSchema),
      404: notFound,
      409: conflict,
    },
  },
  listDuplicates: {
    method: 'get',
    path: '/api/duplicates',
    summary: 'Possible duplicates awaiting a decision, both customers side by side with the evidence',
    role: 'viewer',
    query: pageQuery,
    responses: { 200: ok('A page of possible duplicates', pageOf(possibleDuplicateSchema)) },
  },
  acceptDuplicate: {
    method: 'post',
    path: '/api/duplicates/{id}/accept',
    summary: 'Merge the two customers of a possible duplicate (audited)',
    role: 'admin',
    params: { id: duplicateIdParam },
    responses: { 200: ok('The merged customer', customerSchema), 404: notFound },
  },
  dismissDuplicate: {
    method: 'post',
    path: '/api/duplicates/{id}/dismiss',
    summary: 'Keep the two apart; they are not proposed again (audited)',
    role: 'admin',
    params: { id: duplicateIdParam },
    responses: { 200: ok('Dismissed', dismissResultSchema), 404: notFound },
  },
  getSegments: {
    method: 'get',
    path: '/api/segments',
    summary: 'Customers per RFM segment',
    role: 'viewer',
    responses: { 200: ok('Counts per segment', segmentCountsSchema) },
  },
  getFunnel: {
    method: 'get',
    path: '/api/funnel',
    summary: 'Customers who reached each lifecycle stage in a period (at most 366 days), and conversion',
    role: 'viewer',
    query: funnelQuery,
    responses: { 200: ok('The funnel', funnelSchema) },
  },
  getScoringSettings: {
    method: 'get',
    path: '/api/settings/scoring',
    summary: 'Scoring settings in use',
    role: 'viewer',
    responses: { 200: ok('Settings', scoringSettingsSchema) },
  },
  changeScoringSettings: {
    method: 'put',
    path: '/api/settings/scoring',
    summary: 'Change any subset of the scoring settings (the result validated whole; audited)',
    role: 'admin',
    body: scoringSettingsChange,
    responses: { 200: ok('Settings', scoringSettingsSchema) },
  },
  listAudit: {
    method: 'get',
    path: '/api/audit',
    summary:
      'Changes made by people (rules, destinations, settings, merges, decisions, exports, erasures, replays), newest first',
    role: 'viewer',
    query: pageQuery,
    responses: { 200: ok('A page of audit records', pageOf(auditRecordSchema)) },
  },
  ...configOperations('AlertRule', '/api/alert-rules', 'Alert rules', alertRuleSchema, storedRuleSchema, {
    create: 'Create a rule (its destinations must exist; audited)',
    read: 'One rule',
    replace: 'Replace a rule (audited)',
    remove: 'Delete a rule (audited)',
  }),
  ...configOperations(
    'Destination',
    '/api/destinations',
    'Alert destinations',
    destinationSchema,
    shownDestinationSchema,
    {
      create: 'Create a destination (https to a public address in AWS; audited); secrets come back masked',
      read: 'One destination, secrets and URL credentials masked',
      replace: 'Replace a destination (a left-out secret is kept; audited)',
      remove: 'Delete a destination no rule uses (audited)',
    },
  ),
  testDestination: {
    method: 'post',
    path: '/api/destinations/{id}/test',
    summary: 'Send a test alert now and say whether the destination accepted it (audited)',
    role: 'admin',
    params: configId,
    responses: {
      200: ok('Delivered', destinationTestSchema),
      404: notFound,
      502: ok('The destination refused or did not answer; its answer is in the message'),
    },
  },
  listAlertTemplates: {
    method: 'get',
    path: '/api/alert-templates',
    summary: 'Ready-made rules',
    role: 'viewer',
    responses: { 200: ok('The templates', alertTemplatesSchema) },
  },
  createFromTemplate: {
    method: 'post',
    path: '/api/alert-templates/{name}',
    summary: 'Create a template’s rule in one call (audited)',
    role: 'admin',
    params: { name: templateNameParam },
    body: templateRequestSchema,
    responses: { 201: ok('The rule', storedRuleSchema), 404: notFound },
  },
  listAlerts: {
    method: 'get',
    path: '/api/alerts',
    summary: 'The alert log, newest first: rule, customer, destination, status, attempts, latency',
    role: 'viewer',
    query: pageQuery,
    responses: { 200: ok('A page of alerts', pageOf(alertLogEntrySchema)) },
  },
  listQuarantine: {
    method: 'get',
    path: '/api/quarantine',
    summary: 'Signed payloads Rapport could not read (channel, topic, reason, size), newest first',
    role: 'viewer',
    query: pageQuery,
    responses: { 200: ok('A page of quarantined payloads', pageOf(quarantineSummarySchema)) },
  },
  replayQuarantine: {
    method: 'post',
    path: '/api/quarantine/{id}/replay',
    summary: 'Run a quarantined payload through its channel’s current reader again (audited)',
    role: 'admin',
    params: { id: quarantineIdParam },
    responses: {
      200: ok('Stored, or stored already', replayResultSchema),
      404: notFound,
      409: ok('The channel has no secret configured'),
      422: ok('The payload still cannot be read'),
      502: ok(
        'The replay itself failed (replay_failed, with the receiver’s errorType); it stays quarantined',
      ),
    },
  },
  listCampaigns: {
    method: 'get',
    path: '/api/campaigns',
    summary: 'Campaigns with holdout groups, newest first',
    role: 'viewer',
    query: pageQuery,
    responses: { 200: ok('A page of campaigns', pageOf(campaignViewSchema)) },
  },
  createCampaign: {
    method: 'post',
    path: '/api/campaigns',
    summary: 'Create a campaign: audience, holdout, window, goal, destinations (audited)',
    role: 'admin',
    body: campaignSchema,
    responses: { 201: ok('The campaign', campaignViewSchema) },
  },
  getCampaign: {
    method: 'get',
    path: '/api/campaigns/{id}',
    summary: 'One campaign, with its status and enrolment progress',
    role: 'viewer',
    params: configId,
    responses: { 200: ok('The campaign', campaignViewSchema), 404: notFound },
  },
  endCampaign: {
    method: 'post',
    path: '/api/campaigns/{id}/end',
    summary: 'End a campaign now: nobody more is enrolled; members’ goal windows still count (audited)',
    role: 'admin',
    params: configId,
    responses: { 200: ok('The campaign, ended', campaignViewSchema), 404: notFound },
  },
  listCampaignMembers: {
    method: 'get',
    path: '/api/campaigns/{id}/members',
    summary: 'A group’s members, latest enrolled first',
    role: 'viewer',
    params: configId,
    query: campaignMembersQuery,
    responses: { 200: ok('A page of members', pageOf(campaignMemberSchema)), 404: notFound },
  },
  exportCampaignMembers: {
    method: 'get',
    path: '/api/campaigns/{id}/members.csv',
    summary: 'A group’s members as CSV, 5,000 rows an answer; `x-next-cursor` continues (audited)',
    role: 'admin',
    params: configId,
    query: campaignMembersQuery,
    responses: {
      200: { description: 'CSV: customerId,group,enrolledAt,converted,revenue,currency', csv: true },
      404: notFound,
    },
  },
  getCampaignResults: {
    method: 'get',
    path: '/api/campaigns/{id}/results',
    summary:
      'Per group: size, conversions, revenue; the lift with 95% intervals and p-values; the minimum detectable lift; a verdict',
    role: 'viewer',
    params: configId,
    responses: { 200: ok('The results', campaignResultsSchema), 404: notFound },
  },
  listConversations: {
    method: 'get',
    path: '/api/conversations',
    summary:
      'Conversations, most recent activity first; filtered by status, assignee (`me`: the caller; `none`: unassigned), platform and customer (the whole merged person)',
    role: 'viewer',
    query: listConversationsQuery,
    responses: { 200: ok('A page of conversations', pageOf(conversationViewSchema)) },
  },
  getConversation: {
    method: 'get',
    path: '/api/conversations/{id}',
    summary: 'One conversation with its messages, oldest first (an unknown or malformed id is 404)',
    role: 'viewer',
    params: conversationId,
    responses: { 200: ok('The conversation', conversationSchema), 404: notFound },
  },
  changeConversation: {
    method: 'put',
    path: '/api/conversations/{id}',
    summary:
      'Assign (`me`: the caller; `null` unassigns) and set the status; `snoozed` needs a future `snoozedUntil` (agents and admins; audited)',
    role: 'agent',
    params: conversationId,
    body: changeConversationBody,
    responses: { 200: ok('The conversation', conversationViewSchema), 404: notFound },
  },
  postConversationMessage: {
    method: 'post',
    path: '/api/conversations/{id}/messages',
    summary:
      'Reply with `{text}` or `{template}` (queued for sending: status `queued`) or write a private `{note}` (kept in the conversation only: status `noted`); agents and admins',
    role: 'agent',
    params: conversationId,
    body: postMessageBody,
    responses: {
      202: ok('Accepted: `queued` for sending, or `noted`', postedMessageSchema),
      404: notFound,
      409: ok(
        'Refused with nothing stored or sent: `window_closed` (free text outside the platform’s window: send a template), `opted_out`, `no_channel`',
        errorSchema,
      ),
    },
  },
  listMessageTemplates: {
    method: 'get',
    path: '/api/message-templates',
    summary: 'The approved message templates registered for WhatsApp, WeChat and SMS',
    role: 'viewer',
    responses: { 200: ok('The templates', messageTemplatesSchema) },
  },
  replaceMessageTemplates: {
    method: 'put',
    path: '/api/message-templates',
    summary: 'Replace the registered message templates (audited)',
    role: 'admin',
    body: messageTemplatesBody,
    responses: { 200: ok('The templates', messageTemplatesSchema) },
  },
  getCaller: {
    method: 'get',
    path: '/api/me',
    summary: 'Who the token belongs to, and their role',
    role: 'viewer',
    responses: { 200: ok('The caller', callerSchema) },
  },
  getOpenApi: {
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document',
    role: 'viewer',
    responses: { 200: ok('OpenAPI 3.1', z.looseObject({ openapi: z.literal('3.1.0') })) },
  },
} satisfies Record<string, ApiOperation>;

export type OperationId = keyof typeof apiOperations;
