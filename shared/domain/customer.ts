import type { MergeReason } from './customer-merges';
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

/** Order statistics, kept by the score function from every order of the customer. */
export interface OrderStats {
  orders: number;
  revenue: Money;
  firstOrderAt?: string;
  lastOrderAt?: string;
  /** Orders in another currency than the base one, not counted in revenue (no rate configured). */
  unconvertedOrders?: number;
  /** Orders after the first. */
  repeatOrders?: number;
  /** Mean net value of the repeat orders in the base currency. */
  meanRepeatOrderValue?: Money;
}

/** Order and message statistics: orders from the score function, messages counted by the receivers. */
export interface CustomerStats extends OrderStats {
  messages: number;
  lastMessageAt?: string;
  comments?: number;
  checkouts?: number;
  /** The latest message, comment, checkout or order. */
  lastInteractionAt?: string;
}

/** The scores block of the public contract (docs/scoring.md says how each is computed). */
export interface CustomerScores {
  rfm?: { r: number; f: number; m: number };
  churnBand?: 'low' | 'medium' | 'high';
  segment?: string;
  engagement?: number;
  pAlive?: number;
  expectedOrders90d?: number;
  clv?: Money;
  churnRisk?: number;
  reasons: string[];
}

/** One customer merged into another, as the survivor shows it (with the evidence). */
export interface CustomerMerge {
  customerId: string;
  mergedAt: string;
  reason: MergeReason;
  /** The identity both held (`kind:value`), when the merge came from one. */
  linkedBy?: string;
  /** Who decided, for a merge a person made. */
  by?: string;
  /** The customer it was merged into (the survivor, or a customer merged into it earlier). */
  mergedInto: string;
}

/** A customer as the marketer API returns it (public contract, "Customer"). */
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
  /** The customers merged into this one, oldest merge first. */
  merges: CustomerMerge[];
}

/** What a webhook tells us about the person behind it. */
export interface CustomerFacts {
  identities: Identity[];
  name?: string;
  emails: string[];
  phones: string[];
}

/**
 * Order statistics of a customer with no orders yet.
 *
 * @example
 * emptyOrderStats('USD').revenue; // { amount: 0, currency: 'USD' }
 */
export function emptyOrderStats(baseCurrency: string): OrderStats {
  return { orders: 0, revenue: { amount: 0, currency: baseCurrency } };
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
