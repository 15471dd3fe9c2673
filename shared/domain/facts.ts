import type { CustomerFacts } from './customer';
import type { Money } from './money';
import type { OrderSnapshot } from './order-state';

/** A refund as a platform reports it. */
export interface RefundFact {
  platform: string;
  platformOrderId: string;
  refundId: string;
  amount: Money;
  occurredAt: string;
}

/** One inbound message or comment from a customer. */
export interface MessageFact {
  eventType: 'message.received' | 'comment.received';
  /** The platform within the channel: whatsapp, messenger, instagram, sms, telegram, ... */
  platform: string;
  /** The platform's own message id (dedupe key). */
  id: string;
  conversationId?: string;
  /** When the platform says it happened; absent when it does not say (Twilio): the first receipt time is kept. */
  occurredAt?: string;
  /** Text, caption, button title or a short description of non-text content. */
  text: string;
  /** What it is: text, image, audio, video, document, sticker, location, contacts, reaction, postback, ... */
  kind: string;
  /** Media ids or URLs (never downloaded bytes). */
  media: string[];
  edited?: boolean;
  /** Set when the text was trimmed to Rapport's limit: the original text's size in UTF-8 bytes. */
  originalTextBytes?: number;
  /** LINE: the event's reply token (single use, about a minute), for a free reply while fresh. */
  replyToken?: string;
}

/** A delivery receipt for a message the business sent (sent, delivered, read, failed). */
export interface ReceiptFact {
  platform: string;
  /** The platform's id of the message (WhatsApp wamid, Twilio SM…, WeChat template MsgID). */
  messageId: string;
  /** The platform's status word as it sent it (`delivered`, `read`, `undelivered`, `success`…). */
  status: string;
  occurredAt: string;
  error?: string;
  /** The platform's error code when it gives one (WhatsApp `errors[0].code`, Twilio `ErrorCode`). */
  errorCode?: string;
  /** Rapport's own message id when the platform echoes it (WhatsApp `biz_opaque_callback_data`). */
  rapportMessageId?: string;
  /**
   * Messenger `message_deliveries` / `message_reads`: every message sent to this customer at or
   * before this time (ISO) has reached this status; `messageId` is then the watermark's own key.
   */
  watermark?: string;
}

/**
 * A customer's consent to messages on one platform changed, as the platform or the customer said
 * it: an SMS `STOP` or `START`, WhatsApp `user_preferences` (marketing), LINE `unfollow`/`follow`,
 * WeChat `unsubscribe`/`subscribe`.
 */
export interface ConsentFact {
  /** The outbound platform it applies to: `sms`, `whatsapp`, `line`, `wechat`, `telegram`, `email`. */
  platform: string;
  consent: 'granted' | 'denied';
  /** Only marketing messages (WhatsApp "stop promotions"); service replies still go. */
  scope: 'all' | 'marketing';
  /** What said so, for a person: `sms keyword STOP`, `whatsapp user_preferences stop`, `line unfollow`. */
  source: string;
  occurredAt: string;
  /** A dedupe key from the platform (the message id of the STOP, the webhook event id). */
  id: string;
}

/**
 * What one verified webhook tells Rapport, independent of the platform it came from.
 * Channels turn payloads into facts; the receiver stores facts.
 */
export type Fact =
  | { kind: 'order'; customer: CustomerFacts; order: OrderSnapshot; refunds: RefundFact[] }
  | { kind: 'refund'; refund: RefundFact }
  /** An order cancelled without its data (WooCommerce `order.deleted` carries only the id). */
  | { kind: 'cancellation'; platform: string; platformOrderId: string }
  | { kind: 'customer'; customer: CustomerFacts }
  | { kind: 'checkout'; customer: CustomerFacts; checkoutId: string; occurredAt: string; total?: Money }
  | { kind: 'message'; customer: CustomerFacts; message: MessageFact }
  | { kind: 'receipt'; customer: CustomerFacts; receipt: ReceiptFact }
  | { kind: 'consent'; customer: CustomerFacts; consent: ConsentFact };

/** The result of reading a verified request: facts, a topic Rapport does not handle, or a payload it cannot read. */
export type ReadResult =
  | { kind: 'facts'; facts: Fact[]; topic?: string; deliveryId?: string; problems?: string[] }
  | { kind: 'unhandled'; topic: string }
  | { kind: 'invalid'; topic?: string; reason: string };
