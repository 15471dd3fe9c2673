import type * as z from 'zod/mini';
import type { CanonicalEvent } from '../../../shared/events/contracts';
import type {
  alertLogEntrySchema,
  alertTemplatesSchema,
  auditRecordSchema,
  callerSchema,
  campaignResultsSchema,
  campaignViewSchema,
  conversationMessageSchema,
  conversationSchema,
  conversationViewSchema,
  customerSchema,
  funnelSchema,
  messageTemplatesSchema,
  possibleDuplicateSchema,
  postedMessageSchema,
  quarantineSummarySchema,
  segmentCountsSchema,
  shownDestinationSchema,
  storedRuleSchema,
} from '../../../shared/http/api-responses';

/* The API's answers, typed from the same zod schemas the API documents them with (types only: no code). */
export type Customer = z.output<typeof customerSchema>;
export type TimelineEvent = CanonicalEvent;
export type PossibleDuplicate = z.output<typeof possibleDuplicateSchema>;
export type SegmentCounts = z.output<typeof segmentCountsSchema>;
export type Funnel = z.output<typeof funnelSchema>;
export type AlertRule = z.output<typeof storedRuleSchema>;
export type Destination = z.output<typeof shownDestinationSchema>;
export type AlertLogEntry = z.output<typeof alertLogEntrySchema>;
export type AlertTemplates = z.output<typeof alertTemplatesSchema>;
export type QuarantineSummary = z.output<typeof quarantineSummarySchema>;
export type AuditRecord = z.output<typeof auditRecordSchema>;
export type Caller = z.output<typeof callerSchema>;
export type Campaign = z.output<typeof campaignViewSchema>;
export type CampaignResults = z.output<typeof campaignResultsSchema>;
export type Page<T> = { items: T[]; cursor: string | null };
export type Money = { amount: number; currency: string };

export type ConversationView = z.output<typeof conversationViewSchema>;
export type ConversationStatus = ConversationView['status'];
export type Conversation = z.output<typeof conversationSchema>;
export type ConversationMessage = z.output<typeof conversationMessageSchema>;
export type MessageStatus = NonNullable<ConversationMessage['status']>;
export type PostedMessage = z.output<typeof postedMessageSchema>;
export type RegisteredTemplate = z.output<typeof messageTemplatesSchema>['items'][number];
