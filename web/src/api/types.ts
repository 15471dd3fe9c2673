import type * as z from 'zod/mini';
import type { CanonicalEvent } from '../../../shared/events/contracts';
import type {
  alertLogEntrySchema,
  alertTemplatesSchema,
  auditRecordSchema,
  callerSchema,
  campaignResultsSchema,
  campaignViewSchema,
  customerSchema,
  funnelSchema,
  possibleDuplicateSchema,
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
type CallerShape = z.output<typeof callerSchema>;
/**
 * Who is signed in (`GET /api/me`). The `agent` role and the `subject` name are the outbound
 * contract's; they are typed here until the API's schema carries them.
 */
export type Caller = Omit<CallerShape, 'role'> & {
  role: CallerShape['role'] | 'agent';
  subject?: string;
};
export type Campaign = z.output<typeof campaignViewSchema>;
export type CampaignResults = z.output<typeof campaignResultsSchema>;
export type Page<T> = { items: T[]; cursor: string | null };
export type Money = { amount: number; currency: string };

/* The outbound contract ("Outbound: conversations, replies, consent"), typed by hand until the API's schemas carry it. */

/** A platform a conversation runs on. */
export type ConversationPlatform =
  | 'whatsapp'
  | 'messenger'
  | 'instagram'
  | 'telegram'
  | 'line'
  | 'wechat'
  | 'sms'
  | 'x'
  | 'email';
export type ConversationStatus = 'open' | 'pending' | 'resolved' | 'snoozed';
export type MessageStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

/** A conversation in the Inbox list: one per customer and platform thread. */
export interface ConversationView {
  id: string;
  customerId: string;
  customerName?: string;
  /** The customer's address on the platform, when the API says it (shown when there is no name). */
  address?: string;
  platform: ConversationPlatform;
  status: ConversationStatus;
  assignee?: string;
  snoozedUntil?: string;
  lastInboundAt?: string;
  lastMessageAt: string;
  preview?: string;
  unread?: boolean;
  /** Whether free text may be sent now (the platform's messaging window), and until when. */
  window: { open: boolean; closesAt?: string };
}

/** A template as a message carries it. */
export interface SentTemplate {
  name: string;
  language: string;
  parameters?: string[];
}

/** One message of a conversation: the customer's (`in`), ours (`out`) or a private note. */
export interface ConversationMessage {
  id: string;
  direction: 'in' | 'out' | 'note';
  text?: string;
  template?: SentTemplate;
  at: string;
  status?: MessageStatus;
  error?: string;
  by?: string;
}

/** An open conversation: the view and its messages, oldest first. */
export type Conversation = ConversationView & { messages: ConversationMessage[] };

/** A template the operator registered for a platform, with how many parameters it takes. */
export interface RegisteredTemplate {
  platform: ConversationPlatform | string;
  name: string;
  language: string;
  parameters: number;
  text?: string;
}

/** A customer's consent on one platform. */
export interface PlatformConsent {
  status: 'granted' | 'denied';
  at: string;
  source: string;
  scope?: 'all' | 'marketing';
}

/** A customer with the consent the outbound contract adds to the view. */
export type CustomerWithConsent = Customer & { consent?: Partial<Record<string, PlatformConsent>> };
