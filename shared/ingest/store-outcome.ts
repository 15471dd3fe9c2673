/** How storing one fact went: something new was written, or it was all there already. */
export type StoreOutcome = 'stored' | 'duplicate' | 'stale';

/** Where a fact came from: its channel, the platform's delivery id when it sends one, and when Rapport received it. */
export interface StoreContext {
  channel: string;
  deliveryId?: string;
  receivedAt: string;
}
