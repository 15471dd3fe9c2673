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

/**
 * What one verified webhook tells Rapport, independent of the platform it came from.
 * Channels turn payloads into facts; the receiver stores facts.
 */
export type Fact =
  | { kind: 'order'; customer: CustomerFacts; order: OrderSnapshot; refunds: RefundFact[] }
  | { kind: 'refund'; refund: RefundFact }
  | { kind: 'customer'; customer: CustomerFacts }
  | { kind: 'checkout'; customer: CustomerFacts; checkoutId: string; occurredAt: string; total?: Money };

/** The result of reading a verified request: facts, a topic Rapport does not handle, or a payload it cannot read. */
export type ReadResult =
  | { kind: 'facts'; facts: Fact[]; topic?: string; deliveryId?: string }
  | { kind: 'unhandled'; topic: string }
  | { kind: 'invalid'; topic?: string; reason: string };
