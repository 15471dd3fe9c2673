import type { Identity } from './identity';
import type { Money } from './money';

/**
 * Lifecycle stages, earliest first; a later stage wins.
 *
 * @example
 * lifecycleStages.indexOf('repeat') > lifecycleStages.indexOf('buyer'); // true
 */
export const lifecycleStages = ['visitor', 'engaged', 'shopper', 'buyer', 'repeat'] as const;
export type LifecycleStage = (typeof lifecycleStages)[number];

/** Order and message statistics kept by the score function. */
export interface CustomerStats {
  orders: number;
  revenue: Money;
  firstOrderAt?: string;
  lastOrderAt?: string;
  /** Orders in another currency than the base one, not counted in revenue (no rate configured). */
  unconvertedOrders?: number;
  messages: number;
  lastMessageAt?: string;
}

/** The scores block of DESIGN.md; RFM, engagement and CLV arrive with the scoring issue. */
export interface CustomerScores {
  rfm?: { r: number; f: number; m: number };
  segment?: string;
  engagement?: number;
  pAlive?: number;
  expectedOrders90d?: number;
  clv?: Money;
  churnRisk?: number;
  reasons: string[];
}

/** A customer as the marketer API returns it (DESIGN.md "Customer"). */
export interface Customer {
  id: string;
  createdAt: string;
  updatedAt: string;
  name?: string;
  emails: string[];
  phones: string[];
  identities: Identity[];
  stats: CustomerStats;
  lifecycleStage: LifecycleStage;
  scores: CustomerScores;
}

/** What a webhook tells us about the person behind it. */
export interface CustomerFacts {
  identities: Identity[];
  name?: string;
  emails: string[];
  phones: string[];
}

/**
 * Statistics of a customer with no orders and no messages yet.
 *
 * @example
 * emptyStats('USD').orders; // 0
 */
export function emptyStats(baseCurrency: string): CustomerStats {
  return { orders: 0, revenue: { amount: 0, currency: baseCurrency }, messages: 0 };
}
