import type { MessageStatus } from './message-status';
import type { OutboundPlatform, SendContent } from './platform-sender';

/** A conversation's status (public contract). */
export const conversationStatuses = ['open', 'pending', 'resolved', 'snoozed'] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];

/** A conversation as stored: one per customer and platform thread. */
export interface StoredConversation {
  id: string;
  /** The customer holding the address (the partition); the API answers with its survivor. */
  ownerId: string;
  platform: OutboundPlatform;
  /** The customer's address on the platform (phone, PSID, chat id, OpenID, email…). */
  address: string;
  /** The webhook channel of the last inbound message (`meta`, `twilio`, …): how to answer. */
  channel: string;
  status: ConversationStatus;
  assignee?: string;
  snoozedUntil?: string;
  lastInboundAt?: string;
  lastOutboundAt?: string;
  lastMessageAt: string;
  preview?: string;
  customerName?: string;
  /** LINE: the reply token of the last inbound message, and when it came. */
  replyToken?: string;
  replyTokenAt?: string;
  createdAt: string;
}

/** A template as a message carries it. */
export interface MessageTemplate {
  name: string;
  language: string;
  parameters?: string[];
}

/** One message of a conversation as stored. */
export interface StoredMessage {
  id: string;
  conversationId: string;
  direction: 'in' | 'out' | 'note';
  at: string;
  text?: string;
  template?: MessageTemplate;
  /** Outbound only. */
  status?: MessageStatus;
  /** Outbound `failed`: the platform's code and a sentence for a person. */
  error?: string;
  errorCode?: string;
  /** Who wrote it (an agent or admin), for out messages and notes. */
  by?: string;
  /** The platform's id of a sent message. */
  platformMessageId?: string;
  /** Messenger/Instagram `HUMAN_AGENT` tag decided when it was queued. */
  humanAgentTag?: boolean;
  /** A campaign's message to a treatment member (marketing: consent for marketing applies, and it is paced). */
  campaignId?: string;
  /** The campaign member it goes to (the enrolled customer, whose delivery it reports to). */
  campaignMemberId?: string;
  /** Email: the subject. */
  subject?: string;
  /** When the platform's pace let it go (a campaign message reserves its slot once). */
  pacedFor?: string;
  /** Attempts made to send it. */
  attempts?: number;
  /** `sending` while an invocation holds it; `waiting` until `nextAttemptAt`. */
  sendState?: 'sending' | 'waiting';
  nextAttemptAt?: string;
}

/**
 * The content a stored out message sends.
 *
 * @example
 * contentOf({ text: 'Hi' } as StoredMessage); // { kind: 'text', text: 'Hi' }
 */
export function contentOf(message: Pick<StoredMessage, 'text' | 'template'>): SendContent {
  if (message.template)
    return {
      kind: 'template',
      name: message.template.name,
      language: message.template.language,
      parameters: message.template.parameters ?? [],
    };
  return { kind: 'text', text: message.text ?? '' };
}
