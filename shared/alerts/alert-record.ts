import type { AlertContent } from './alert-message';

/** Where an alert is: waiting, held (quiet hours, a robot's rate limit), in a digest, being sent, sent, failed. */
export type AlertStatus = 'pending' | 'held' | 'digested' | 'sending' | 'sent' | 'failed';

/** How an alert is found: its customer's partition and its id. */
export interface AlertRef {
  customerId: string;
  id: string;
}

/** One alert of the log: a rule's delivery of one event to one destination. */
export interface AlertRecord extends AlertRef {
  ruleId: string;
  ruleName: string;
  eventId: string;
  eventType: string;
  customerName?: string;
  destinationId: string;
  destinationType: string;
  status: AlertStatus;
  attempts: number;
  createdAt: string;
  occurredAt: string;
  /**
   * What the alert says, kept only while it waits (held, in a digest): an alert sent at once is
   * written from the event in hand, and its log item stays small (one write unit).
   */
  content?: AlertContent;
  sentAt?: string;
  /** From the event's time to the alert's delivery. */
  latencyMs?: number;
  /** Why the last attempt failed, for people (`permanent: …` or `retryable: …`). */
  lastError?: string;
  /** Whether the last failure may be retried (a redelivered event tries it again); absent before it was recorded. */
  retryable?: boolean;
  heldUntil?: string;
  heldBecause?: string;
  digestId?: string;
}

/** A digest: a rule's alerts to one destination over a window. */
export interface DigestRecord {
  id: string;
  ruleId: string;
  destinationId: string;
  windowStart: string;
  dueAt: string;
  alerts: AlertRef[];
  status: 'open' | 'sending' | 'sent' | 'failed';
  attempts: number;
}
